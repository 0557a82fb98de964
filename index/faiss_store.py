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
from .errors import IndexCorruptError, IndexFolderError, IndexMissingError, IvigError
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
        current, previous = self._pointed("CURRENT"), self._pointed("PREVIOUS")
        # CURRENT first: a kill between the two leaves PREVIOUS at an older, still complete build.
        set_pointer(self.root, "CURRENT", name)
        if current and current != name:
            set_pointer(self.root, "PREVIOUS", current)
        # A damaged CURRENT (garbage, binary) names no build: PREVIOUS stays, and so does its build.
        keep = {name, current} if current else {name, previous}
        for folder in (self.root / "builds").iterdir():
            if folder.name not in keep:
                shutil.rmtree(folder, ignore_errors=True)

    def _pointed(self, pointer: str) -> str | None:
        """The build a pointer names, or None when it is missing or damaged."""
        if not (self.root / pointer).is_file():
            return None
        try:
            return live_build(self.root, pointer).name
        except IvigError:
            return None

    def rollback(self) -> tuple[str, str]:
        """Make the previous build live again (and the live one previous, so a second rollback undoes it).

        A CURRENT that is missing, unreadable or names no build is repaired instead: the previous build,
        or else the newest build that loads, is made live; the result's `repaired` says so and why."""
        try:
            current = live_build(self.root)
        except IvigError as damage:          # IndexMissingError or IndexCorruptError: that is when it helps
            return self._repair(damage)
        try:
            previous = live_build(self.root, "PREVIOUS")
        except IndexMissingError as exc:
            raise IndexMissingError(f"nothing to roll back to at {self.root}: there is no previous build") from exc
        if previous == current:               # as after a repair that made the previous build live
            raise IndexMissingError(f"nothing to roll back to at {self.root}: the previous build, {current.name}, "
                                    f"is the live one")
        load_build(previous)                  # refuse to go back to a build that does not load
        set_pointer(self.root, "CURRENT", previous.name)
        set_pointer(self.root, "PREVIOUS", current.name)
        return Rollback(current.name, previous.name)

    def _repair(self, damage: IvigError) -> "Rollback":
        """Point a damaged CURRENT at the previous build if it loads, else at the newest build that loads."""
        builds = self.root / "builds"
        found = sorted((b for b in builds.iterdir() if b.is_dir() and not b.name.startswith(".")),
                       key=lambda b: b.name, reverse=True) if builds.is_dir() else []     # names are UTC times
        if not found:
            raise damage                      # no build at all: "no index ... build one with ..."
        try:
            previous = [live_build(self.root, "PREVIOUS")]
        except IvigError:
            previous = []
        for which, build in [*(("the previous build", b) for b in previous),
                             *(("the newest build that loads", b) for b in found if b not in previous)]:
            try:
                load_build(build)
            except IvigError:
                continue
            was = _pointer_text(self.root / "CURRENT")
            set_pointer(self.root, "CURRENT", build.name)
            return Rollback(was, build.name, f"CURRENT was damaged ({damage}); made {which}, {build.name}, live")
        raise IndexCorruptError(f"CURRENT at {self.root} is damaged ({damage}), and no build under {builds} loads. "
                                f"Rebuild with: python -m index build --full --index {self.root}")


class Rollback(tuple):
    """(was, now): the build live before and after; `repaired` says why CURRENT was repaired ("" for an
    ordinary rollback, which a second rollback undoes)."""

    def __new__(cls, was: str, now: str, repaired: str = ""):
        self = super().__new__(cls, (was, now))
        self.repaired = repaired
        return self


def _pointer_text(marker: Path) -> str:
    """What a damaged pointer file held, printable (it may be missing, a folder, or binary)."""
    try:
        return marker.read_bytes()[:80].decode("utf-8", "replace").strip()
    except OSError:
        return ""


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
        except OSError as exc:        # a full disk: a file's write() names no path, so say which folder
            raise IndexFolderError(f"cannot write the new build to {builds} ({exc.strerror or exc}); the live "
                                   f"build is unchanged") from exc
        finally:
            self.discard()

    def discard(self) -> None:
        if self.partial.exists():
            shutil.rmtree(self.partial, ignore_errors=True)
