"""The embedded default store: the index folder of store.py (FAISS vectors + bm25s), behind VectorStore.

A staged build lives in memory until commit writes it as builds/.<name>.partial, loads it back to verify
it, and renames it into builds/; publish moves CURRENT (and PREVIOUS) and prunes older builds.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from .chunking import Chunk
from .documents import Document
from .errors import IndexMissingError
from .lexical import LexicalIndex
from .lock import BuildLock
from .store import (StoredIndex, fsync_path, index_root, live_build, live_version, load_build, load_index,
                    read_manifest, set_pointer, write_build)



class FaissStore:
    uri = "faiss:"

    def __init__(self, root: str | Path | None = None):
        self.root = index_root(root)
        self.location = self.root

    def live_version(self) -> str:
        return live_version(self.root)

    def lock(self) -> BuildLock:
        return BuildLock(self.root)

    def load(self, model: str | None = None, *, pointer: str = "CURRENT", fallback: bool = True) -> StoredIndex:
        if pointer == "CURRENT" and fallback:
            return load_index(self.root, model)
        return load_build(live_build(self.root, pointer), model)

    def manifest(self, pointer: str = "CURRENT") -> dict:
        return read_manifest(live_build(self.root, pointer))

    def verify(self, stored: StoredIndex) -> list[str]:
        """Problems a load does not catch: files whose size differs from the manifest's record."""
        problems = []
        for name, size in stored.manifest.get("files", {}).items():
            actual = (stored.folder / name).stat().st_size if (stored.folder / name).exists() else None
            if actual != size:
                problems.append(f"{name}: {actual} bytes, manifest says {size}")
        return problems

    def stage(self, name: str, dimension: int) -> "FaissStaged":
        return FaissStaged(self.root, name, dimension)

    def publish(self, name: str) -> None:
        marker = self.root / "CURRENT"
        current = marker.read_text().strip() if marker.is_file() else None
        # CURRENT first: a kill between the two leaves PREVIOUS at an older, still complete build.
        set_pointer(self.root, "CURRENT", name)
        if current and current != name:
            set_pointer(self.root, "PREVIOUS", current)
        for folder in (self.root / "builds").iterdir():
            if folder.name not in {name, current}:
                shutil.rmtree(folder, ignore_errors=True)

    def rollback(self) -> tuple[str, str]:
        """Make the previous build live again (and the live one previous, so a second rollback undoes it)."""
        current = live_build(self.root)
        try:
            previous = live_build(self.root, "PREVIOUS")
        except IndexMissingError as exc:
            raise IndexMissingError(f"nothing to roll back to at {self.root}: there is no previous build") from exc
        load_build(previous)                  # refuse to go back to a build that does not load
        set_pointer(self.root, "CURRENT", previous.name)
        set_pointer(self.root, "PREVIOUS", current.name)
        return current.name, previous.name


class FaissStaged:
    """Rows kept in memory by chunk id; written out, in document order, by commit."""

    def __init__(self, root: Path, name: str, dimension: int):
        self.root, self.name, self.dimension = root, name, dimension
        self.rows: dict[str, tuple[Chunk, np.ndarray, str]] = {}
        self._flat = None
        self.partial = root / "builds" / f".{name}.partial"

    def upsert(self, chunks: Sequence[Chunk], vectors: np.ndarray, texts: Sequence[str]) -> None:
        for chunk, vector, text in zip(chunks, vectors, texts, strict=True):
            self.rows[chunk.id] = (chunk, np.asarray(vector, dtype=np.float32), text)
        self._flat = None

    def delete(self, chunk_ids: Iterable[str]) -> None:
        for chunk_id in chunk_ids:
            self.rows.pop(chunk_id, None)
        self._flat = None

    def count(self) -> int:
        return len(self.rows)

    def _ordered(self) -> list[tuple[Chunk, np.ndarray, str]]:
        return sorted(self.rows.values(), key=lambda row: (row[0].doc_id, row[0].start))

    def dense_search(self, vectors: np.ndarray, k: int) -> list[list[tuple[str, float]]]:
        import faiss

        ordered = self._ordered()
        if not ordered:
            return [[] for _ in range(len(vectors))]
        if self._flat is None:
            self._flat = faiss.IndexFlatIP(self.dimension)
            self._flat.add(np.ascontiguousarray(np.stack([row[1] for row in ordered])))
        scores, ids = self._flat.search(np.ascontiguousarray(vectors, dtype=np.float32), min(k, len(ordered)))
        return [[(ordered[j][0].id, float(s)) for j, s in zip(row, sims) if j >= 0] for row, sims in zip(ids, scores)]

    def commit(self, manifest: dict, documents: Sequence[Document]) -> None:
        ordered = self._ordered()
        vectors = np.stack([row[1] for row in ordered]) if ordered else np.zeros((0, self.dimension), np.float32)
        lexical = LexicalIndex.build([row[2] for row in ordered])
        builds = self.root / "builds"
        try:
            write_build(self.partial, manifest, list(documents), [row[0] for row in ordered], vectors, lexical)
            load_build(self.partial, manifest["model"]["name"])        # verify before anyone can see it
            os.replace(self.partial, builds / self.name)
            fsync_path(builds)                                         # the rename, before CURRENT names it
        finally:
            self.discard()

    def discard(self) -> None:
        if self.partial.exists():
            shutil.rmtree(self.partial, ignore_errors=True)
