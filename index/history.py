"""The live build and the one before it: what changed between them, and going back."""
from __future__ import annotations

import json
from pathlib import Path

from .lock import BuildLock
from .errors import IndexMissingError
from .store import live_build, load_build, read_manifest, set_pointer


def _chunk_ids(folder: Path) -> dict[str, str]:
    ids = {}
    with open(folder / "chunks.jsonl", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            ids[row["id"]] = row["doc_id"]
    return ids


def diff_builds(root: Path) -> dict:
    """Documents and chunks added, removed or changed from the previous build to the live one."""
    new, old = live_build(root), live_build(root, "PREVIOUS")
    new_docs = read_manifest(new)["documents"]
    old_docs = read_manifest(old)["documents"]
    new_chunks, old_chunks = _chunk_ids(new), _chunk_ids(old)
    return {
        "previous": old.name, "live": new.name,
        "documents_added": sorted(set(new_docs) - set(old_docs)),
        "documents_removed": sorted(set(old_docs) - set(new_docs)),
        "documents_changed": sorted(d for d in set(new_docs) & set(old_docs)
                                    if new_docs[d]["hash"] != old_docs[d]["hash"]),
        "chunks_added": sorted(set(new_chunks) - set(old_chunks)),
        "chunks_removed": sorted(set(old_chunks) - set(new_chunks)),
        "chunks_unchanged": len(set(new_chunks) & set(old_chunks)),
    }


def rollback(root: Path) -> tuple[str, str]:
    """Make the previous build live again (and the live one 'previous', so a second rollback undoes it)."""
    with BuildLock(root):
        current = live_build(root)
        try:
            previous = live_build(root, "PREVIOUS")
        except IndexMissingError as exc:
            raise IndexMissingError(f"nothing to roll back to at {root}: there is no previous build") from exc
        load_build(previous)                  # refuse to go back to a build that does not load
        set_pointer(root, "CURRENT", previous.name)
        set_pointer(root, "PREVIOUS", current.name)
        return current.name, previous.name
