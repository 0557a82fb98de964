"""The live build and the one before it: what changed between them, and going back."""
from __future__ import annotations

from pathlib import Path

from .vectorstore import VectorStore, open_store


def _store(where: str | Path | VectorStore | None) -> VectorStore:
    return open_store(None, where) if where is None or isinstance(where, (str, Path)) else where


def diff_builds(where: str | Path | VectorStore | None = None) -> dict:
    """Documents and chunks added, removed or changed from the previous build to the live one.

    `where`: a store, or the index folder of the default store."""
    store = _store(where)
    new, old = store.load(fallback=False), store.load(pointer="PREVIOUS")
    new_docs, old_docs = new.manifest["documents"], old.manifest["documents"]
    new_chunks, old_chunks = {c.id for c in new.chunks}, {c.id for c in old.chunks}
    return {
        "previous": old.version, "live": new.version,
        "documents_added": sorted(set(new_docs) - set(old_docs)),
        "documents_removed": sorted(set(old_docs) - set(new_docs)),
        "documents_changed": sorted(d for d in set(new_docs) & set(old_docs)
                                    if new_docs[d]["hash"] != old_docs[d]["hash"]),
        "chunks_added": sorted(new_chunks - old_chunks),
        "chunks_removed": sorted(old_chunks - new_chunks),
        "chunks_unchanged": len(new_chunks & old_chunks),
    }


def rollback(where: str | Path | VectorStore | None = None) -> tuple[str, str]:
    """Make the previous build live again (and the live one 'previous', so a second rollback undoes it).
    A FAISS folder whose CURRENT is damaged is repaired instead (the result's `repaired` says how)."""
    store = _store(where)
    with store.lock():
        return store.rollback()
