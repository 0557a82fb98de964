"""Building an index from a corpus folder: read, clean, chunk, embed, store, swap in.

Incremental by default: documents whose content hash is unchanged keep their chunks, and any chunk
whose id (a hash of the text the model sees) is already in the live build keeps its vector. A change
of model, chunking or format version forces a full rebuild. The new build is verified by loading it
before it is made live; until then readers keep the previous one.
"""
from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from functools import lru_cache
import os
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from .chunking import Chunk, ChunkingParams, chunk_document, dedupe_chunks
from .documents import RAW_KEY, Skipped, load_corpus
from .duplicates import drop_repeated_chunks, exact_duplicate_documents, near_duplicate_documents
from .embedding import Embedder, configured_model, document_encoder, load_embedder
from .errors import BuildUsageError, CorpusError, IndexMissingError, IvigError
from .glossary import definitions
from .lexical import _stemmer
from .store import FORMAT_VERSION
from .vectorstore import VectorStore, open_store
from . import vocabulary

@dataclass
class BuildReport:
    index: Path | str          # the index folder, or the store's address
    build: str
    full: bool
    full_reason: str
    documents: int = 0
    chunks: int = 0
    encoded: int = 0
    reused: int = 0
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    repeated_chunks: int = 0                                  # exact repeats, indexed once
    near_duplicates: list[dict] = field(default_factory=list)  # documents that mostly repeat another
    seconds: float = 0.0
    encode_seconds: float = 0.0
    # process CPU time (every thread of the process): steadier than wall time on a shared machine
    cpu_seconds: float = 0.0
    encode_cpu_seconds: float = 0.0
    stages: dict = field(default_factory=dict)     # stage -> [wall s, CPU s]: where a build's time goes
    up_to_date: bool = False        # nothing changed: no new build was made
    aliases: dict = field(default_factory=dict)     # other names for the documents' terms (aliases.yaml), as stored
    aliases_changed: bool = False                   # ...different from the previous build's

    def timing(self, stage: str):
        return _timed(self.stages, stage)

    @property
    def partial(self) -> bool:
        return bool(self.skipped)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["index"] = str(self.index)
        return data


@contextmanager
def _timed(stages: dict, stage: str):
    """stages[stage] = [wall s, process CPU s] of the block (CPU counts every thread of the process)."""
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield
    finally:
        stages[stage] = [round(time.perf_counter() - wall, 3), round(time.process_time() - cpu, 3)]


def build_index(corpus: str | Path, root: str | Path | None = None, *, model: str | None = None,
                params: ChunkingParams = ChunkingParams(), full: bool = False, progress: bool = True,
                embedder: Embedder | None = None, store: str | VectorStore | None = None) -> BuildReport:
    """Build (incrementally unless `full`) and make live. Raises IvigError subclasses on failure.

    `store`: a VectorStore or its URI (default IVIG_STORE, else the FAISS folder `root`)."""
    started, started_cpu = time.perf_counter(), time.process_time()
    store = store if store is not None and not isinstance(store, str) else open_store(store, root)
    folder = getattr(store, "root", None)          # FAISS: a folder of files the next walk would read
    if folder is not None and _read_as_corpus(Path(folder), Path(corpus)):
        raise BuildUsageError(f"the index folder {folder} is inside the corpus folder {corpus}: its files would be "
                              "read as documents. Choose an index folder outside the corpus")
    with store.lock():
        model_name = embedder.name if embedder is not None else configured_model(model)
        previous, full_reason = _previous_build(store, model_name, params, full)
        # word vectors depend on the model alone: a rebuild for new chunking still reuses them
        words_from = previous.manifest if previous is not None else _same_model_manifest(store, model_name, full)
        cache = {d.meta[RAW_KEY]: d for d in previous.documents.values() if RAW_KEY in d.meta} if previous else {}
        stages: dict = {}
        with _timed(stages, "read"):
            corpus_data = load_corpus(corpus, progress=progress, cache=cache)
        if not corpus_data.documents:
            reasons = "; ".join(f"{s.source}: {s.reason}" for s in corpus_data.skipped[:5])
            raise CorpusError(f"no usable documents in {corpus}" + (f" ({reasons})" if reasons else ""))
        name = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        report = BuildReport(store.location, name, previous is None, full_reason, skipped=list(corpus_data.skipped),
                             stages=stages, aliases=corpus_data.aliases)
        report.aliases_changed = previous is not None and corpus_data.aliases != previous.manifest.get("aliases", {})
        if previous is not None and _unchanged(previous, corpus_data):
            # Nothing to do: the live build stays live (and stays the rollback point's successor).
            report.build, report.up_to_date = previous.version, True
            report.documents = report.unchanged = len(previous.documents)
            report.chunks = report.reused = len(previous.chunks)
            report.seconds, report.cpu_seconds = time.perf_counter() - started, time.process_time() - started_cpu
            return report
        embedder = embedder or load_embedder(model_name)
        if params.max_tokens > embedder.max_tokens:        # the text past it would never be embedded
            raise BuildUsageError(f"--max-tokens {params.max_tokens} is more than the model reads "
                                f"({embedder.max_tokens} tokens): choose at most {embedder.max_tokens}")

        old_docs = previous.manifest["documents"] if previous else {}
        old_chunks_by_doc: dict[str, list[Chunk]] = {}
        if previous:
            for chunk in previous.chunks:
                old_chunks_by_doc.setdefault(chunk.doc_id, []).append(chunk)
        documents = sorted(corpus_data.documents, key=lambda d: d.id)
        chunks: list[Chunk] = []
        to_chunk = []
        for doc in documents:
            old = old_docs.get(doc.id)
            # A document some of whose passages were left out as repeats is chunked again: the passages it
            # repeated may have gone with their original. Its chunks' vectors are still reused by id.
            if old and old["hash"] == doc.content_hash:
                report.unchanged += 1
                if not old.get("repeats") and doc.id in old_chunks_by_doc:
                    chunks.extend(old_chunks_by_doc[doc.id])
                else:
                    to_chunk.append(doc)
            else:
                (report.changed if old else report.added).append(doc.id)
                to_chunk.append(doc)
        report.removed = sorted(set(old_docs) - {d.id for d in documents})
        with report.timing("chunk"):
            chunks.extend(_chunk_all(to_chunk, embedder, params, progress))
            chunks.sort(key=lambda c: (c.doc_id, c.start))
            chunks, repeated = drop_repeated_chunks(dedupe_chunks(chunks))
        report.repeated_chunks = len(repeated)
        by_doc = {d.id: d for d in documents}

        vectors, report.reused = _vectors_for(chunks, by_doc, previous, embedder, progress, report.stages)
        report.encode_seconds, report.encode_cpu_seconds = report.stages["encode"]
        report.encoded = len(chunks) - report.reused
        texts = [c.embedding_text(by_doc[c.doc_id].title) for c in chunks]
        staged = store.stage(name, embedder.dimension)
        try:
            with report.timing("store"):
                staged.upsert(chunks, vectors, texts)
            with report.timing("near duplicates"):
                fresh = None if previous is None else set(report.added) | set(report.changed)
                near = near_duplicate_documents(chunks, vectors, staged.dense_search, fresh) if fresh != set() else []
                report.near_duplicates = sorted(exact_duplicate_documents(chunks, repeated) + near,
                                                key=lambda r: r["document"])
            manifest = _manifest(corpus, embedder, params, documents, chunks, corpus_data, repeated,
                                 report.near_duplicates, words_from, report)
            with report.timing("commit"):
                staged.commit(manifest, documents)
        except BaseException:
            staged.discard()
            raise
        store.publish(name)
        report.documents, report.chunks = len(documents), len(chunks)
        report.seconds, report.cpu_seconds = time.perf_counter() - started, time.process_time() - started_cpu
        return report


def _manifest(corpus, embedder, params, documents, chunks, corpus_data, repeated, near_duplicates,
              words_from: dict | None, report: BuildReport) -> dict:
    with report.timing("glossary"):
        glossary = definitions(documents)
    with report.timing("vocabulary"):
        words = vocabulary.compute([f"{d.title}\n{d.text}" for d in documents], _stem_word(), embedder, words_from)
    per_doc = Counter(c.doc_id for c in chunks)
    repeats_per_doc = Counter(dropped.rsplit("#", 1)[0] for dropped, _ in repeated)
    return {
        "format_version": FORMAT_VERSION,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "corpus": os.fsencode(Path(corpus).resolve()).decode("utf-8", "backslashreplace"),   # JSON: UTF-8 text
        "model": {"name": embedder.name, "dimension": embedder.dimension, "max_tokens": embedder.max_tokens,
                  "runtime": getattr(embedder, "runtime", "torch")},       # information: fp32 loads on either
        "chunking": asdict(params),
        "bm25": {"library": "bm25s", "k1": 1.2, "b": 0.75, "stemmer": "english", "stopwords": "en"},
        "documents": {d.id: {"hash": d.content_hash, "title": d.title, "source": d.source,
                             "chunks": per_doc[d.id], "repeats": repeats_per_doc[d.id]} for d in documents},
        "chunk_count": len(chunks),
        "skipped": [asdict(s) for s in corpus_data.skipped],
        "repeated_chunks": [{"dropped": d, "kept": k} for d, k in repeated],
        "near_duplicates": near_duplicates,
        "glossary": glossary,      # terms the documents define (index/glossary.py)
        "aliases": corpus_data.aliases,      # a maintainer's other names for their terms (index/aliases.py)
        # the corpus's generic words and its words' vectors, for the bot's coverage check (index/vocabulary.py)
        "vocabulary": words,
    }


@lru_cache(maxsize=1)
def _stem_word():
    """One stemmer for every build of the process: the vocabulary remembers each text's stems by it."""
    return _stemmer().stemWord


def _read_as_corpus(folder: Path, corpus: Path) -> bool:
    """Whether the corpus walk would read `folder` (inside the corpus, and not under a hidden folder)."""
    folder, corpus = folder.resolve(), corpus.resolve()
    return folder.is_relative_to(corpus) and not any(p.startswith(".") for p in folder.relative_to(corpus).parts)


def _unchanged(previous, corpus_data) -> bool:
    indexed = previous.manifest.get("documents", {})
    now = {d.id: d.content_hash for d in corpus_data.documents}
    return now == {doc_id: info.get("hash") for doc_id, info in indexed.items()} and \
        [asdict(s) for s in corpus_data.skipped] == previous.manifest.get("skipped", []) and \
        corpus_data.aliases == previous.manifest.get("aliases", {})


def _previous_build(store: VectorStore, model_name: str, params: ChunkingParams, full: bool):
    """The live build to reuse vectors from, or None with the reason for a full rebuild."""
    try:
        manifest = store.manifest()
    except IndexMissingError:
        return None, "no previous index"
    except IvigError as exc:
        return None, f"previous index unreadable ({exc})"
    if full:
        return None, "--full requested"
    if manifest.get("format_version") != FORMAT_VERSION:
        return None, f"index format changed ({manifest.get('format_version')} -> {FORMAT_VERSION})"
    old_model = manifest.get("model", {}).get("name")
    if old_model != model_name:
        return None, f"embedding model changed ({old_model} -> {model_name}): every chunk is re-embedded"
    if manifest.get("chunking") != asdict(params):
        return None, f"chunking parameters changed ({manifest.get('chunking')} -> {asdict(params)})"
    try:
        return store.load(fallback=False), ""
    except IvigError as exc:
        return None, f"previous index unreadable ({exc})"


def _same_model_manifest(store: VectorStore, model_name: str, full: bool) -> dict | None:
    """The live build's manifest when only its chunking differs (same model and format), else None:
    --full, like a model change, encodes every word again."""
    if full:
        return None
    try:
        manifest = store.manifest()
    except IvigError:
        return None
    same = (manifest.get("format_version") == FORMAT_VERSION
            and manifest.get("model", {}).get("name") == model_name)
    return manifest if same else None


def _chunk_all(documents, embedder, params, progress) -> list[Chunk]:
    iterator = documents
    if progress and len(documents) > 20:
        from tqdm import tqdm
        iterator = tqdm(documents, desc="Chunking", unit="doc", leave=False)
    return [chunk for doc in iterator for chunk in chunk_document(doc, embedder.count_tokens, params)]


def _vectors_for(chunks, by_doc, previous, embedder, progress, stages: dict) -> tuple[np.ndarray, int]:
    """Vectors in chunk order: reused from the previous build by chunk id, the rest embedded now (the
    encoder's wall and process CPU seconds go to stages["encode"])."""
    known = previous.vectors_of([c.id for c in chunks]) if previous is not None else {}
    missing = [i for i, c in enumerate(chunks) if c.id not in known]
    with _timed(stages, "encode"):
        fresh = document_encoder(embedder)([chunks[i].embedding_text(by_doc[chunks[i].doc_id].title)
                                            for i in missing], progress=progress)
    vectors = np.zeros((len(chunks), embedder.dimension), dtype=np.float32)
    for row, i in enumerate(missing):
        vectors[i] = fresh[row]
    for i, chunk in enumerate(chunks):
        if chunk.id in known:
            vectors[i] = known[chunk.id]
    return vectors, len(chunks) - len(missing)
