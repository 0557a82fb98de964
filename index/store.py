"""The index as a folder of plain files, and the root folder that holds the live build.

One build (a folder):
    manifest.json      format version, model, dimension, chunking, per-document hashes, file sizes
    documents.jsonl    the cleaned documents (citations are spans of their text)
    chunks.jsonl       chunk id, document id, offsets, heading, page; row i is vector i
    vectors.faiss      normalised chunk vectors (inner product = cosine)
    bm25/              the bm25s index over the same chunks

The root (`--index`, IVIG_INDEX, default `.index` beside the code):
    builds/<name>/     complete builds
    CURRENT, PREVIOUS  one line each: the name of the live build and the one before it
A new build is written under builds/ and made live by atomically replacing CURRENT, so a build that
fails or is killed never touches what readers load.
"""
from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from settings import index_path

from .chunking import Chunk
from .documents import Document
from .errors import IndexCorruptError, IndexMismatchError, IndexMissingError, IvigError
from .lexical import LexicalIndex
from .vectorstore import Candidates

FORMAT_VERSION = 2           # 2: text folded (index/accents.py) in BM25 terms and the vocabulary
log = logging.getLogger(__name__)
FILES = ("manifest.json", "documents.jsonl", "chunks.jsonl", "vectors.faiss", "bm25")


def index_root(path: str | Path | None = None) -> Path:
    return index_path(path)


_BUILD_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def live_build(root: Path, pointer: str = "CURRENT") -> Path:
    """The folder of the live build under `root` (or `root` itself if it is a bare build folder)."""
    if pointer == "CURRENT" and (root / "manifest.json").is_file():
        return root
    marker = root / pointer
    if not marker.is_file():
        if pointer == "CURRENT":
            raise IndexMissingError(f"no index at {root}. Build one with: python -m index build --index {root}")
        raise IndexMissingError(f"no previous build recorded at {root}")
    name = marker.read_text(errors="replace").strip()
    # rollback repairs a damaged CURRENT (index/faiss_store.py), in a second rather than a full build's time
    fix = (f"Make the previous build live with: python -m index rollback --index {root}, or rebuild with: "
           f"python -m index build --full --index {root}" if pointer == "CURRENT" else
           f"Rebuild with: python -m index build --full --index {root}")
    # A pointer may only name a folder directly inside builds/: no "..", no absolute path, no separator.
    if not _BUILD_NAME.fullmatch(name) or name.startswith(".") or ".." in name:
        raise IndexCorruptError(f"{marker} holds {name[:80]!r}, which is not the name of a build in "
                                f"{root / 'builds'}. {fix}")
    build = root / "builds" / name
    if not build.is_dir():
        raise IndexCorruptError(f"{marker} names {build.name}, which is missing. {fix}")
    return build


def live_version(root: str | Path | None = None) -> str:
    """The live build's name: one small file read, so a server can poll it between questions."""
    root = index_root(root)
    try:
        return (root / "CURRENT").read_text(errors="replace").strip()
    except OSError:           # no build yet, or the path is no folder (a file in its place)
        return root.name if (root / "manifest.json").is_file() else ""


def fsync_path(path: Path) -> None:
    """Flush a file, or a folder's entries, to disk (a rename is durable only once its folder is)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_tree(folder: Path) -> None:
    """Every file and folder under `folder`, deepest first, then `folder` itself."""
    for path in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        fsync_path(path)
    fsync_path(folder)


def set_pointer(root: Path, pointer: str, build_name: str) -> None:
    """Atomically point CURRENT or PREVIOUS at a build (write a temp file, then rename over)."""
    marker = root / pointer
    if marker.is_dir() and not marker.is_symlink():     # os.replace cannot put a file in a folder's place
        try:
            marker.rmdir()
        except OSError:
            raise IndexCorruptError(f"{marker} is a folder with files in it, not the pointer file; move it "
                                    f"away and try again") from None
    tmp = root / f".{pointer}.tmp"
    tmp.write_text(build_name + "\n")
    fsync_path(tmp)
    os.replace(tmp, root / pointer)
    fsync_path(root)


@dataclass
class StoredIndex:
    """A loaded build: documents, chunks in vector order, FAISS vectors and BM25 (an IndexView)."""

    folder: Path
    manifest: dict
    documents: dict[str, Document]
    chunks: list[Chunk]
    vectors: object            # faiss.Index
    lexical: LexicalIndex
    warning: str = ""          # set when the live build failed to load and the previous one is served
    _matrix: np.ndarray | None = field(default=None, repr=False)
    _rows: dict[str, int] | None = field(default=None, repr=False)

    @property
    def model(self) -> str:
        return self.manifest["model"]["name"]

    @property
    def version(self) -> str:
        return self.folder.name

    def matrix(self) -> np.ndarray:
        """All chunk vectors as one array (row i = chunk i), reconstructed once."""
        if self._matrix is None:
            self._matrix = self.vectors.reconstruct_n(0, self.vectors.ntotal) if self.vectors.ntotal else \
                np.zeros((0, self.manifest["model"]["dimension"]), dtype=np.float32)
        return self._matrix

    def count(self) -> int:
        return int(self.vectors.ntotal)

    def dense_search(self, vectors: np.ndarray, k: int) -> list[list[tuple[str, float]]]:
        if not self.chunks:
            return [[] for _ in range(len(vectors))]
        scores, ids = self.vectors.search(np.ascontiguousarray(vectors, dtype=np.float32), min(k, len(self.chunks)))
        return [[(self.chunks[j].id, float(s)) for j, s in zip(row, sims) if j >= 0] for row, sims in zip(ids, scores)]

    def lexical_search(self, query: str, k: int) -> list[tuple[str, float]]:
        scores = self.lexical.scores(query)
        top = np.argsort(-scores, kind="stable")[:k]
        return [(self.chunks[i].id, float(scores[i])) for i in top if scores[i] > 0]

    def candidates(self, query: str, vector: np.ndarray, depth: int) -> Candidates:
        """Top `depth` by cosine and by BM25, with both exact scores for each (FAISS and bm25s score all rows)."""
        n = len(self.chunks)
        depth = min(n, depth)
        _, ids = self.vectors.search(vector[None, :].astype(np.float32), depth)
        lexical = self.lexical.scores(query)
        lexical_top = np.argpartition(-lexical, depth - 1)[:depth] if depth < n else np.arange(n)
        rows = np.union1d(ids[0][ids[0] >= 0], lexical_top[lexical[lexical_top] > 0])
        return Candidates(rows, self.matrix()[rows] @ vector, lexical[rows])

    def vectors_of(self, chunk_ids) -> dict[str, np.ndarray]:
        if self._rows is None:
            self._rows = {c.id: i for i, c in enumerate(self.chunks)}
        rows = [self._rows[i] for i in chunk_ids if i in self._rows]
        matrix = self.matrix()
        return {self.chunks[r].id: matrix[r] for r in rows}


def write_build(folder: Path, manifest: dict, documents: list[Document], chunks: list[Chunk],
                vectors: np.ndarray, lexical: LexicalIndex) -> None:
    import faiss

    folder.mkdir(parents=True)
    with open(folder / "documents.jsonl", "w", encoding="utf-8") as handle:
        for doc in documents:
            row = {"id": doc.id, "title": doc.title, "text": doc.text, "source": doc.source, "meta": doc.meta}
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    with open(folder / "chunks.jsonl", "w", encoding="utf-8") as handle:
        for chunk in chunks:      # no text: it is the document's span [start:end]
            row = {"id": chunk.id, "doc_id": chunk.doc_id, "start": chunk.start, "end": chunk.end,
                   "heading": chunk.heading, "page": chunk.page}
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    flat = faiss.IndexFlatIP(vectors.shape[1])
    if len(vectors):
        flat.add(np.ascontiguousarray(vectors, dtype=np.float32))
    faiss.write_index(flat, str(folder / "vectors.faiss"))
    lexical.save(folder / "bm25")
    manifest = {**manifest, "files": {name: (folder / name).stat().st_size
                                      for name in ("documents.jsonl", "chunks.jsonl", "vectors.faiss")}}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    fsync_tree(folder)        # bm25/ included: the build must be on disk before CURRENT can name it


def read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except FileNotFoundError as exc:
        raise IndexCorruptError(f"{folder} has no manifest.json") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise IndexCorruptError(f"{folder}/manifest.json is not valid JSON ({exc})") from exc
    if not isinstance(manifest, dict):
        raise IndexCorruptError(f"{folder}/manifest.json is not a JSON object")
    check_manifest(manifest, f"{folder}/manifest.json")
    return manifest


def check_compatible(manifest: dict, model: str | None, folder: Path | str, rebuild: str | None = None) -> None:
    """Refuse an index built by another format version or for another model than the one in use."""
    if rebuild is None:
        folder = Path(folder)
        rebuild = f"python -m index build --full --index {folder.parent.parent if folder.parent.name == 'builds' else folder}"
    fix = f"Rebuild it with: {rebuild}"
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise IndexMismatchError(f"the index at {folder} has format version {version}, but this version of the "
                                 f"code reads format {FORMAT_VERSION}. {fix}")
    built_with = (manifest.get("model") or {}).get("name") if isinstance(manifest.get("model"), dict) else None
    if model is not None and built_with != model:
        raise IndexMismatchError(f"the index at {folder} was built with the model '{built_with}', but the model in "
                                 f"use is '{model}'. Either set IVIG_MODEL={built_with} (or --model) to match it, "
                                 f"or {fix[0].lower() + fix[1:]} to re-embed with '{model}'.")


def check_manifest(manifest: dict, where: str, rebuild: str = "python -m index build --full") -> None:
    """Check the manifest's entries that are read after loading (the model's dimension, the coverage
    vocabulary, the glossary, the aliases), so that damage there fails the load, and the previous build is served,
    instead of failing the bot with a traceback on every start. Another format is left to check_compatible."""
    from .aliases import damage as alias_damage
    from .compounds import stored as stored_compounds
    from .vocabulary import generic, word_vectors

    if manifest.get("format_version") != FORMAT_VERSION:
        return

    def damaged(name: str, why: str) -> IndexCorruptError:
        return IndexCorruptError(f"{where}: its '{name}' entry is damaged ({why}). Rebuild with: {rebuild}")

    model = manifest.get("model")
    if not isinstance(model, dict) or not isinstance(model.get("name"), str) \
            or not isinstance(model.get("dimension"), int) or isinstance(model.get("dimension"), bool):
        raise damaged("model", "it needs a name and a whole-number dimension")
    if "vocabulary" in manifest:
        try:
            if not all(isinstance(w, str) for w in generic(manifest)):
                raise TypeError("generic words that are not text")
            words, vectors = word_vectors(manifest)
            if not all(isinstance(w, str) for w in words) or (words and vectors.shape[1] != model["dimension"]):
                raise ValueError(f"{len(words)} words, vectors of shape {vectors.shape}")
            if not all(isinstance(c, str) and len(c.split()) == 2 for c in stored_compounds(manifest) or ()):
                raise TypeError("compounds that are not two words of text")
        except (ValueError, TypeError, AttributeError) as exc:      # binascii.Error is a ValueError
            raise damaged("vocabulary", f"{type(exc).__name__}: {exc}") from None
    if "aliases" in manifest and (why := alias_damage(manifest["aliases"])):
        raise damaged("aliases", why)
    glossary = manifest.get("glossary", [])
    fields = ("term", "definition", "title", "doc_id")
    if not isinstance(glossary, list) or not all(
            isinstance(d, dict) and all(isinstance(d.get(k), str) for k in fields)
            and isinstance(d.get("aliases", []), list) for d in glossary):
        raise damaged("glossary", f"each definition needs {', '.join(fields)} as text")


def load_build(folder: Path, model: str | None = None) -> StoredIndex:
    import faiss

    manifest = read_manifest(folder)
    check_compatible(manifest, model, folder)
    missing = [name for name in FILES if not (folder / name).exists()]
    if missing:
        raise IndexCorruptError(f"{folder} is incomplete (missing {', '.join(missing)}). "
                                f"Rebuild with: python -m index build --full")
    try:
        documents = {}
        with open(folder / "documents.jsonl", encoding="utf-8") as handle:
            for line in handle:
                doc = Document(**json.loads(line))
                documents[doc.id] = doc
        chunks = []
        with open(folder / "chunks.jsonl", encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                doc = documents[row["doc_id"]]
                chunks.append(Chunk(text=doc.text[row["start"]:row["end"]], **row))
        vectors = faiss.read_index(str(folder / "vectors.faiss"))
        lexical = LexicalIndex.load(folder / "bm25")
    except (json.JSONDecodeError, KeyError, TypeError, ValueError, RuntimeError, OSError) as exc:
        raise IndexCorruptError(f"{folder} could not be read ({exc.__class__.__name__}: {exc}). "
                                f"Rebuild with: python -m index build --full") from exc
    dimension = manifest["model"]["dimension"]
    if vectors.ntotal != len(chunks) or vectors.d != dimension or \
            lexical.retriever.scores["num_docs"] != len(chunks):
        raise IndexCorruptError(f"{folder} is inconsistent: {len(chunks)} chunks, {vectors.ntotal} vectors of "
                                f"dimension {vectors.d} (manifest says {dimension}), "
                                f"{lexical.retriever.scores['num_docs']} BM25 rows. Rebuild with: python -m index build --full")
    return StoredIndex(folder, manifest, documents, chunks, vectors, lexical)


def load_index(root: str | Path | None = None, model: str | None = None) -> StoredIndex:
    """Load the live build under `root`; with `model`, refuse an index built for another model.

    If the live build is damaged (IndexCorruptError) and a previous build loads, that one is served,
    with a warning logged and kept on the result's `warning`; a model or format mismatch is raised.
    """
    root = index_root(root)
    try:
        return load_build(live_build(root), model)
    except IndexCorruptError as exc:
        damage = exc
        try:
            previous = load_build(live_build(root, "PREVIOUS"), model)
        except IvigError:
            raise damage from None
    previous.warning = (f"the live build at {root} failed to load ({damage}); serving the previous build "
                        f"{previous.folder.name} instead. Rebuild with: python -m index build --index {root}")
    log.warning(previous.warning)
    return previous
