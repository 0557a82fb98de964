"""Is the live index up to date with the corpus? Used by `python -m index status` and the app."""
from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from .aliases import readings
from .documents import load_corpus
from .errors import IvigError
from .vectorstore import VectorStore, open_store


def corpus_changes(corpus: Path, manifest: dict) -> dict[str, list[str]]:
    """Documents added, removed or changed in the corpus since the build that `manifest` describes, and the names of
    aliases.yaml read otherwise now (index/aliases.py)."""
    loaded = load_corpus(corpus)
    now = {d.id: d.content_hash for d in loaded.documents}
    indexed = manifest.get("documents", {})
    read_now, read_then = readings({"aliases": loaded.aliases}), readings(manifest)
    return {
        "added": sorted(set(now) - set(indexed)),
        "removed": sorted(set(indexed) - set(now)),
        "changed": sorted(i for i in set(now) & set(indexed) if now[i] != indexed[i].get("hash")),
        "aliases": sorted(n for n in set(read_now) | set(read_then) if read_now.get(n) != read_then.get(n)),
    }


def stale_reason(corpus: Path, root: Path | None = None, store: VectorStore | None = None) -> str:
    """Why the index (`store`, else the one IVIG_STORE names for the folder `root`) must be (re)built
    first, or "" if it is up to date with the corpus.

    Cheap check first (is anything in the corpus newer than the build?), then the document hashes,
    so touching a file does not force a rebuild."""
    store = store if store is not None else open_store(None, root)
    try:
        manifest = store.manifest()
    except IvigError as exc:
        return f"no usable index ({exc})"
    corpus = Path(corpus)
    if not corpus.is_dir():
        return ""                 # an index shipped without its corpus: serve what is there
    built = _created(manifest)
    # Folders count too: deleting a document changes its folder's mtime, not any file's. A tie counts
    # as newer (timestamps are coarse); the hash comparison has the last word anyway.
    if _latest_change(corpus) < built:
        return ""
    changes = corpus_changes(corpus, manifest)
    return "the corpus changed since the index was built" if any(changes.values()) else ""


def _created(manifest: dict) -> float:
    """When the build began (0 when unknown, which sends the check on to the hashes)."""
    try:
        return datetime.fromisoformat(manifest["created"]).timestamp()
    except (KeyError, TypeError, ValueError):
        return 0.0


def _latest_change(corpus: Path) -> float:
    """The newest modification time of the corpus folder, its folders and files.

    Links are timed themselves (lstat): a broken link has no target to time, and a link's target
    inside the corpus is timed where it lies. os.walk does not follow linked folders, so loops end."""
    latest = 0.0
    for folder, dirs, names in os.walk(corpus):
        for path in (folder, *(os.path.join(folder, name) for name in dirs + names)):
            try:
                latest = max(latest, os.lstat(path).st_mtime)
            except OSError:          # removed while we looked: the hash comparison decides
                continue
    return latest
