"""One owner of the index lifecycle: build when missing or stale, else leave alone; notice new builds.

`ensure_current` is what the app, the benchmarks and the CLIs call before they load an index: it
builds (with `build_index`, so incrementally, under the build lock, swapped in atomically) only when
there is no usable index, the corpus changed, or the index was built with another model, and reports
what it did. A build that fails leaves the previous build live, so it returns the failure instead of
raising: the caller decides whether the old index is good enough (the app serves it).

`LiveIndex` keeps an object loaded from the live build (the app's Bot) and replaces it when another
process makes a new build live, without a restart. Left out: watching the corpus itself (a maintainer
runs `python -m index build`), and unloading anything but by dropping the last reference.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Generic, TypeVar

from .build import BuildReport, build_index
from .embedding import Embedder
from .errors import IvigError
from .freshness import stale_reason
from .store import FORMAT_VERSION, index_root
from .vectorstore import VectorStore, open_store

T = TypeVar("T")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Ensured:
    """What ensure_current did: "current" (left alone), "built", "skipped" (stale, but building was
    off) or "failed" (`error` says why; the previous build, if any, is still live)."""

    root: Path
    action: str
    reason: str = ""                     # why a build was needed; "" when the index was current
    error: str = ""
    report: BuildReport | None = None

    @property
    def failed(self) -> bool:
        return self.action == "failed"


def live_version(root: Path | None = None, store: VectorStore | None = None) -> str | None:
    """A cheap token that changes whenever another build goes live (None: no live build): the store's
    own (the CURRENT file of a FAISS folder, the alias target in Milvus)."""
    store = store if store is not None else open_store(None, root)
    try:
        return store.live_version() or None
    except IvigError:
        return None


def needs_build(corpus: Path, root: Path, model: str | None = None, store: VectorStore | None = None) -> str:
    """Why the index at `root` must be built before use, or "" if it can be used as it is."""
    store = store if store is not None else open_store(None, root)
    reason = stale_reason(corpus, store=store)
    if reason:
        return reason
    try:
        manifest = store.manifest()
    except IvigError as exc:
        return f"no usable index ({exc})"
    # an older build reads words otherwise (format 2 folds accents), and the store refuses to load it
    if manifest.get("format_version") != FORMAT_VERSION:
        return f"it was built in index format {manifest.get('format_version')}, and this code reads format {FORMAT_VERSION}"
    built_with = manifest.get("model", {}).get("name")
    return f"it was built with the model '{built_with}', not '{model}'" if model is not None and built_with != model else ""


def ensure_current(corpus: str | Path, index: str | Path | None = None, embedder: Embedder | None = None, *,
                   build: bool = True, progress: bool = False, model: str | None = None,
                   before_build: Callable[[str], None] | None = None) -> Ensured:
    """Build the index at `index` from `corpus` if it is missing or stale, else leave it alone.

    `embedder` (already loaded) is used for the build, so a caller that also answers questions loads
    the model once; without it, build_index loads the model only if there is something to embed.
    `before_build(reason)` is called just before a build starts (to say why, above a progress bar)."""
    root = index_root(index)
    store = open_store(None, root)
    corpus = Path(corpus)
    model = embedder.name if embedder is not None else model
    try:
        reason = needs_build(corpus, root, model, store)
    except IvigError as exc:             # the corpus cannot even be read: keep whatever is live
        return Ensured(root, "failed", "the corpus could not be checked", error=str(exc))
    if not reason:
        return Ensured(root, "current")
    if not build:
        return Ensured(root, "skipped", reason)
    if before_build is not None:
        before_build(reason)
    try:
        report = build_index(corpus, root, embedder=embedder, model=model, progress=progress, store=store)
    except IvigError as exc:
        return Ensured(root, "failed", reason, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - a crashed build published nothing; the live build is intact
        return Ensured(root, "failed", reason, error=f"the build crashed ({type(exc).__name__}: {exc})")
    return Ensured(root, "current" if report.up_to_date else "built", reason, report=report)


class LiveIndex(Generic[T]):
    """The object `load(root)` made from the live build, replaced when another build goes live.

    `refresh()` compares `live_version(root)` with the version it loaded (one small file read); on a
    change it loads the new build while the old object goes on serving, then swaps one reference, so a
    caller that took `current` finishes with it and its next call gets the new one. `start()` runs
    refresh() every `interval` seconds in a daemon thread. A build that fails to load is reported
    through `on_error` once and not retried until the live version changes again."""

    def __init__(self, root: Path, load: Callable[[Path], T], *, interval: float = 5.0,
                 on_load: Callable[[T, str], None] | None = None,
                 on_error: Callable[[str, Exception], None] | None = None):
        self.root = Path(root)
        self.load = load
        self.interval = interval
        self.on_load = on_load or (lambda obj, version: None)
        self.on_error = on_error or (lambda version, exc: None)
        self.store = open_store(None, self.root)        # asked for its live version at each refresh
        self.current: T | None = None
        self.version: str | None = None        # the version `current` was loaded from
        self._tried: str | None = None         # the last version loaded or failed, not retried
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def refresh(self) -> bool:
        """Load the live build if it is not the one loaded (nor one that already failed); True if swapped."""
        version = live_version(store=self.store)
        if version is None or version == self._tried:
            return False
        try:
            loaded = self.load(self.root)
        except Exception as exc:  # noqa: BLE001 - whatever broke, the object already loaded keeps serving
            # Retry later if another build went live while this one was loading (it may have been pruned).
            self._tried = version if live_version(store=self.store) == version else None
            self.on_error(version, exc)
            return False
        self._tried = version
        self.current, self.version = loaded, version     # one assignment each: readers see old or new
        self.on_load(loaded, version)
        return True

    def start(self) -> None:
        if self.interval > 0 and self._thread is None:
            self._thread = threading.Thread(target=self._watch, name="live-index", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _watch(self) -> None:
        """refresh() every `interval` until stopped. An unexpected error (a store client's, a bug in a callback)
        is logged once, until a refresh gets through again: the loaded object keeps serving, and the thread
        keeps watching; a dead thread would have stopped every later reload without a word."""
        failing = ""
        while not self._stop.wait(self.interval):
            try:
                self.refresh()
            except Exception as exc:  # noqa: BLE001 - whatever it was, the next look may get through
                if not failing:
                    serving = f"still serving build {self.version}" if self.version else "nothing loaded yet"
                    log.error("looking for a new index build failed (%s: %s); %s, looking again every %g s",
                              type(exc).__name__, exc, serving, self.interval)
                failing = f"{type(exc).__name__}: {exc}"
                continue
            if failing:
                log.warning("looking for a new index build works again (it failed with %s)", failing)
                failing = ""
