"""The distributed store: Milvus (a server or cluster at milvus://host:19530, or Milvus Lite in a file).

One build = two collections, `<prefix>_b<name>` (the chunks) and `<prefix>_b<name>_meta` (the manifest,
the documents and the term statistics, as JSON split into parts: a replica behind a load balancer has
no index folder). A build writes both, verifies them, then moves the alias `<prefix>` to the chunks
collection; `<prefix>_previous` names the build before it, and rollback swaps the two. Readers resolve
the alias once per load and then search that collection by name, so an alias move never mixes two
builds inside one loaded view; `live_version()` (one describe_alias call) tells a server to reload.
An incremental build re-embeds only changed chunks; the others' vectors are copied from the live
collection into the new one (copy-on-write, so rollback stays a pointer move).

Lexical search is Milvus's own BM25 (a sparse field filled by a BM25 function, scored by the engine).
Its input is the chunk's terms as index/lexical.py analyses them (Snowball stems, no stop words),
joined by spaces: Milvus Lite's analyser has no stemmer, and the same terms on both stores keep their
BM25 scores alike. The raw text is stored beside them.

The build lock is a local file lock: run builds for one Milvus from one machine (a CI job, a cron host).
"""
from __future__ import annotations

import functools
import json
import logging
from pathlib import Path
from typing import Iterable, Sequence
from urllib.parse import parse_qs, urlsplit

import numpy as np

from settings import MILVUS_PREFIX, index_path, milvus_token

from .chunking import Chunk
from .documents import Document
from .errors import IndexCorruptError, IndexMissingError, IvigError, StoreUnavailableError, StoreUriError
from .lexical import TermStats, analyze
from .lock import BuildLock
from .store import check_compatible, check_manifest
from .milvus_schema import (B, BATCH, K1, WINDOW, chunk_schema, count_rows, dense_hits, id_filter, meta_rows,
                            meta_schema, milvus)
from .vectorstore import Candidates

log = logging.getLogger(__name__)



class _LiteHasNoClock(logging.Filter):
    """Milvus Lite's in-process server lacks AllocTimestamp, which pymilvus calls after create_index (and
    copes without); the gRPC server logs a traceback for it each time. Only that record is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], NotImplementedError))


_LITE_FILTER = _LiteHasNoClock()


class MilvusStore:
    def __init__(self, uri: str, index: str | Path | None = None):
        self.uri = uri
        parts = urlsplit(uri)
        query = parse_qs(parts.query)
        self.prefix = query.get("prefix", [MILVUS_PREFIX])[0]
        if parts.scheme == "milvus-lite":
            path = (parts.netloc + parts.path) if parts.netloc else parts.path
            if not path:
                raise StoreUriError(f"{uri!r} names no file: use milvus-lite:///path/to/file.db")
            self.path = Path(path).resolve()
            self._connect = {"uri": str(self.path)}
            self._lock = BuildLock(self.path.parent, f"{self.path.name}.build")
            self.location = f"milvus-lite://{self.path}"
            logging.getLogger("grpc._server").addFilter(_LITE_FILTER)
        else:
            if not parts.hostname:
                raise StoreUriError(f"{uri!r} names no host: use milvus://host:19530")
            scheme = "https" if query.get("tls", ["0"])[0] in ("1", "true") else "http"
            address = f"{scheme}://{parts.hostname}:{parts.port or 19530}"
            self._connect = {"uri": address, "token": milvus_token(), "db_name": query.get("db", [""])[0]}
            self._lock = BuildLock(index_path(index), f"milvus-{parts.hostname}-{parts.port or 19530}-{self.prefix}")
            self.location = f"milvus://{parts.hostname}:{parts.port or 19530}"
        self._client = None

    # ------------------------------------------------------------------ plumbing

    @property
    def client(self):
        if self._client is None:
            try:
                self._client = milvus().MilvusClient(**self._connect)
            except Exception as exc:     # connection refused, bad token, a Lite file held by another process
                raise StoreUnavailableError(f"cannot open the Milvus store {self.location}: {exc}") from exc
        return self._client

    def close(self) -> None:
        """Disconnect; for Milvus Lite also stop its in-process server, so another process may open the file."""
        if self._client is not None:
            self._client.close()
            self._client = None
        if self.uri.startswith("milvus-lite:"):
            from milvus_lite.server_manager import server_manager_instance

            server_manager_instance.release_server(str(self.path))

    def _collection(self, name: str) -> str:
        return f"{self.prefix}_b{name}"

    def _alias(self, pointer: str) -> str:
        return self.prefix if pointer == "CURRENT" else f"{self.prefix}_previous"

    def _target(self, pointer: str) -> str | None:
        """The chunks collection an alias names, or None."""
        alias = self._alias(pointer)
        try:
            if alias not in self.client.list_aliases()["aliases"]:     # describe_alias would log an error
                return None
            return self.client.describe_alias(alias)["collection_name"]
        except milvus().MilvusException as exc:
            raise StoreUnavailableError(f"cannot read the alias {alias} in {self.location}: {exc}") from exc

    def _version(self, collection: str) -> str:
        return collection[len(self.prefix) + 2:]

    # ------------------------------------------------------------------ VectorStore

    def live_version(self) -> str:
        target = self._target("CURRENT")
        return self._version(target) if target else ""

    def lock(self) -> BuildLock:
        return self._lock

    def load(self, model: str | None = None, *, pointer: str = "CURRENT", fallback: bool = True) -> "MilvusView":
        try:
            return self._load(pointer, model)
        except IndexCorruptError as exc:
            if pointer != "CURRENT" or not fallback:
                raise
            damage = exc
            try:
                view = self._load("PREVIOUS", model)
            except IvigError:
                raise damage from None
        view.warning = (f"the live build in {self.location} failed to load ({damage}); serving the previous "
                        f"build {view.version} instead. Rebuild with: python -m index build --store {self.uri}")
        log.warning(view.warning)
        return view

    def _load(self, pointer: str, model: str | None) -> "MilvusView":
        collection = self._target(pointer)
        if collection is None:
            if pointer == "CURRENT":
                raise IndexMissingError(f"no index in {self.location}. Build one with: "
                                        f"python -m index build --store {self.uri}")
            raise IndexMissingError(f"nothing to roll back to in {self.location}: there is no previous build")
        return self._load_collection(collection, model)

    def _load_collection(self, collection: str, model: str | None) -> "MilvusView":
        meta = self._read_meta(collection)
        manifest = meta.get("manifest")
        if not isinstance(manifest, dict):
            raise IndexCorruptError(f"{collection} in {self.location} has no manifest. "
                                    f"Rebuild with: python -m index build --full --store {self.uri}")
        check_manifest(manifest, f"the manifest of {collection} in {self.location}",
                       f"python -m index build --full --store {self.uri}")
        check_compatible(manifest, model, self.location, f"python -m index build --full --store {self.uri}")
        try:
            documents = {doc_id: Document(**row) for doc_id, row in meta["documents"].items()}
            stats = TermStats(meta["terms"]["num_docs"], meta["terms"]["doc_freq"])
            chunks = []
            for row in self._rows(collection, ["id", "doc_id", "start", "end", "heading", "page"]):
                doc = documents[row["doc_id"]]
                chunks.append(Chunk(id=row["id"], doc_id=row["doc_id"], text=doc.text[row["start"]:row["end"]],
                                    start=row["start"], end=row["end"], heading=row["heading"],
                                    page=None if row["page"] < 0 else row["page"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise IndexCorruptError(f"{collection} in {self.location} could not be read "
                                    f"({exc.__class__.__name__}: {exc}). Rebuild with: "
                                    f"python -m index build --full --store {self.uri}") from exc
        if len(chunks) != manifest.get("chunk_count") or stats.num_docs != len(chunks):
            raise IndexCorruptError(f"{collection} in {self.location} is inconsistent: {len(chunks)} chunks, "
                                    f"manifest says {manifest.get('chunk_count')}, term statistics {stats.num_docs}")
        chunks.sort(key=lambda c: (c.doc_id, c.start))
        return MilvusView(self, collection, self._version(collection), manifest, documents, chunks, stats)

    def manifest(self, pointer: str = "CURRENT") -> dict:
        collection = self._target(pointer)
        if collection is None:
            raise IndexMissingError(f"no index in {self.location}")
        manifest = self._read_meta(collection, kinds=("manifest",)).get("manifest")
        if not isinstance(manifest, dict):
            raise IndexCorruptError(f"{collection} in {self.location} has no manifest")
        return manifest

    def verify(self, view: "MilvusView") -> list[str]:
        rows = view.count()
        expected = view.manifest.get("chunk_count")
        return [] if rows == expected else [f"{rows} rows in {view.collection}, manifest says {expected}"]

    def stage(self, name: str, dimension: int) -> "MilvusStaged":
        return MilvusStaged(self, name, dimension)

    def publish(self, name: str) -> None:
        new = self._collection(name)
        current = self._target("CURRENT")
        self._point("CURRENT", new, exists=current is not None)
        if current and current != new:
            self._point("PREVIOUS", current, exists=self._target("PREVIOUS") is not None)
        keep = {new, current, f"{new}_meta", f"{current}_meta"}
        for collection in self.client.list_collections():
            if collection.startswith(f"{self.prefix}_b") and collection not in keep:
                self.client.drop_collection(collection)

    def _point(self, pointer: str, collection: str, *, exists: bool) -> None:
        if exists:
            self.client.alter_alias(collection, self._alias(pointer))
        else:
            self.client.create_alias(collection, self._alias(pointer))

    def rollback(self) -> tuple[str, str]:
        current, previous = self._target("CURRENT"), self._target("PREVIOUS")
        if current is None:
            raise IndexMissingError(f"no index in {self.location}")
        if previous is None:
            raise IndexMissingError(f"nothing to roll back to in {self.location}: there is no previous build")
        self._load("PREVIOUS", None)               # refuse to go back to a build that does not load
        self._point("CURRENT", previous, exists=True)
        self._point("PREVIOUS", current, exists=True)
        return self._version(current), self._version(previous)

    # ------------------------------------------------------------------ reading

    def _rows(self, collection: str, fields: list[str], filter: str = ""):
        """Every row matching `filter`: a query iterator on a server; pages by offset on Milvus Lite, which
        implements no timestamp service for iterators (and no result-window limit)."""
        self.client.load_collection(collection)
        if self.uri.startswith("milvus-lite:"):
            offset = 0
            while rows := self.client.query(collection, filter=filter, output_fields=fields, offset=offset,
                                            limit=WINDOW):
                yield from rows
                offset += len(rows)
            return
        iterator = self.client.query_iterator(collection, batch_size=BATCH, filter=filter, output_fields=fields)
        try:
            while batch := iterator.next():
                yield from batch
        finally:
            iterator.close()

    def _read_meta(self, collection: str, kinds: Sequence[str] = ("manifest", "terms", "doc")) -> dict:
        """{"manifest": ..., "terms": ..., "documents": {id: row}} from the build's meta collection."""
        meta = f"{collection}_meta"
        if not self.client.has_collection(meta):
            raise IndexCorruptError(f"{collection} in {self.location} has no {meta} collection")
        where = " or ".join(f'kind == "{kind}"' for kind in kinds)
        parts: dict[tuple[str, str], list[tuple[int, str]]] = {}
        for row in self._rows(meta, ["kind", "name", "part", "value"], where):
            parts.setdefault((row["kind"], row["name"]), []).append((row["part"], row["value"]))
        out: dict = {"documents": {}}
        try:
            for (kind, name), pieces in parts.items():
                value = json.loads("".join(v for _, v in sorted(pieces)))
                if kind == "doc":
                    out["documents"][name] = value
                else:
                    out[kind] = value
        except json.JSONDecodeError as exc:
            raise IndexCorruptError(f"{meta} in {self.location} holds broken JSON ({exc})") from exc
        return out


def _unavailable(method):
    """A Milvus error while serving (server gone, collection dropped under us) becomes an IvigError."""
    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except milvus().MilvusException as exc:
            raise StoreUnavailableError(f"the Milvus store {self.store.location} failed: {exc}") from exc
    return guarded


class MilvusView:
    """One published build: documents and chunks in memory; vectors and BM25 stay in Milvus."""

    def __init__(self, store: MilvusStore, collection: str, version: str, manifest: dict,
                 documents: dict[str, Document], chunks: list[Chunk], lexical: TermStats):
        self.store, self.collection, self.version = store, collection, version
        self.manifest, self.documents, self.chunks, self.lexical = manifest, documents, chunks, lexical
        self.warning = ""
        self.position = {c.id: i for i, c in enumerate(chunks)}

    @property
    def model(self) -> str:
        return self.manifest["model"]["name"]

    @_unavailable
    def count(self) -> int:
        return count_rows(self.store.client, self.collection)

    @_unavailable
    def dense_search(self, vectors: np.ndarray, k: int, ids: Sequence[str] | None = None) -> list[list[tuple[str, float]]]:
        return dense_hits(self.store.client, self.collection, vectors, k, ids)

    @_unavailable
    def lexical_search(self, query: str, k: int, ids: Sequence[str] | None = None) -> list[tuple[str, float]]:
        terms = [t for t in self.lexical.terms(query) if t in self.lexical.vocabulary]
        if not terms or k <= 0:
            return []
        found = self.store.client.search(
            self.collection, data=[" ".join(terms)], anns_field="sparse", limit=k, output_fields=["id"],
            filter=id_filter(ids), search_params={"metric_type": "BM25"})
        # BM25 scores are never negative; Milvus Lite 3.2 reports them negated (as distances), a server as is.
        return [(hit["id"], abs(float(hit["distance"]))) for hit in found[0]]

    @_unavailable
    def candidates(self, query: str, vector: np.ndarray, depth: int) -> Candidates:
        """Both top lists from Milvus, then each side's score for the other side's extra candidates."""
        dense = dict(self.dense_search(vector[None, :], depth)[0])
        lexical = dict(self.lexical_search(query, depth))
        if missing := [i for i in lexical if i not in dense]:
            dense.update(self.dense_search(vector[None, :], len(missing), missing)[0])
        if missing := [i for i in dense if i not in lexical]:
            lexical.update(self.lexical_search(query, len(missing), missing))
        ids = sorted(dense, key=self.position.__getitem__)
        return Candidates(np.array([self.position[i] for i in ids], dtype=np.int64),
                          np.array([dense[i] for i in ids], dtype=np.float32),
                          np.array([lexical.get(i, 0.0) for i in ids], dtype=np.float32))

    @_unavailable
    def vectors_of(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]:
        out = {}
        for begin in range(0, len(chunk_ids), BATCH):
            part = list(chunk_ids[begin:begin + BATCH])
            for row in self.store.client.query(self.collection, filter=id_filter(part),
                                               output_fields=["id", "vector"]):
                out[row["id"]] = np.asarray(row["vector"], dtype=np.float32)
        return out


class MilvusStaged:
    """A new build's two collections, written and verified before any alias names them."""

    def __init__(self, store: MilvusStore, name: str, dimension: int):
        self.store, self.name, self.dimension = store, name, dimension
        self.collection = store._collection(name)
        client = store.client
        for collection in (self.collection, f"{self.collection}_meta"):
            if client.has_collection(collection):
                client.drop_collection(collection)
        try:
            schema, index = chunk_schema(client, dimension)
            client.create_collection(self.collection, schema=schema, index_params=index)
            schema, index = meta_schema(client)
            client.create_collection(f"{self.collection}_meta", schema=schema, index_params=index)
        except milvus().MilvusException as exc:
            raise StoreUnavailableError(f"Milvus refused to create {self.collection}: {exc}") from exc

    def upsert(self, chunks: Sequence[Chunk], vectors: np.ndarray, texts: Sequence[str]) -> None:
        analyzed = analyze(texts)
        rows = [{"id": c.id, "doc_id": c.doc_id, "start": c.start, "end": c.end, "heading": c.heading,
                 "page": -1 if c.page is None else c.page, "text": text, "terms": " ".join(terms),
                 "vector": np.asarray(vector, dtype=np.float32).tolist()}
                for c, vector, text, terms in zip(chunks, vectors, texts, analyzed, strict=True)]
        for begin in range(0, len(rows), BATCH):
            self.store.client.upsert(self.collection, rows[begin:begin + BATCH])

    def delete(self, chunk_ids: Iterable[str]) -> None:
        ids = list(chunk_ids)
        for begin in range(0, len(ids), BATCH):
            self.store.client.delete(self.collection, ids=ids[begin:begin + BATCH])

    def count(self) -> int:
        return count_rows(self.store.client, self.collection)

    def dense_search(self, vectors: np.ndarray, k: int) -> list[list[tuple[str, float]]]:
        return dense_hits(self.store.client, self.collection, vectors, k)

    def commit(self, manifest: dict, documents: Sequence[Document]) -> None:
        client = self.store.client
        client.flush(self.collection)
        stats = TermStats.count([row["terms"].split() for row in self.store._rows(self.collection, ["terms"])])
        manifest = {**manifest, "bm25": {"engine": "milvus", "k1": K1, "b": B, "analysis": "index/lexical.py terms"}}
        rows = meta_rows("manifest", "", manifest) + meta_rows("terms", "", stats.to_dict())
        for doc in documents:
            rows += meta_rows("doc", doc.id, {"id": doc.id, "title": doc.title, "text": doc.text,
                                           "source": doc.source, "meta": doc.meta})
        for begin in range(0, len(rows), BATCH):
            client.insert(f"{self.collection}_meta", rows[begin:begin + BATCH])
        client.flush(f"{self.collection}_meta")
        view = self.store._load_collection(self.collection, manifest["model"]["name"])     # verify: it loads
        if view.count() != manifest["chunk_count"] or set(view.documents) != {d.id for d in documents}:
            raise IndexCorruptError(f"{self.collection} did not verify: {view.count()} rows, "
                                    f"manifest says {manifest['chunk_count']}")

    def discard(self) -> None:
        for collection in (self.collection, f"{self.collection}_meta"):
            try:
                if self.store.client.has_collection(collection):
                    self.store.client.drop_collection(collection)
            except Exception:   # noqa: BLE001  (best effort: the next build prunes what is left)
                log.warning("could not drop %s; the next build removes it", collection)
