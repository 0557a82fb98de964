"""The build lock and durability: one build at a time, a dead build never blocks the next, every file is
on disk before CURRENT names it, CURRENT cannot point outside builds/, and a damaged live build falls
back to the previous one with a warning."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading

import pytest

from helpers import REPO, cli_env, run_cli
from index import BuildLockedError, IndexCorruptError, build_index, load_index
from index.lock import BuildLock
from index.store import live_build, live_version

QUIET = {"progress": False}


def current(root, pointer="CURRENT"):
    return (root / pointer).read_text().strip()


class BlockingEmbedder:
    """The real model, but encode() waits until released: a build that is still running, for certain."""

    def __init__(self, inner):
        self.inner, self.name, self.dimension, self.max_tokens = inner, inner.name, inner.dimension, inner.max_tokens
        self.entered, self.release = threading.Event(), threading.Event()

    def count_tokens(self, texts):
        return self.inner.count_tokens(texts)

    def encode(self, texts, *, progress=False):
        self.entered.set()
        assert self.release.wait(120), "the test never released the build"
        return self.inner.encode(texts)

    def encode_query(self, text):
        return self.inner.encode_query(text)


def test_two_concurrent_builds_one_builds_the_other_exits_1_at_once(tiny, embedder):
    corpus, root = tiny
    before = current(root)
    (corpus / "delta.txt").write_text("Fever during IVIG\n\nA mild fever can follow an infusion.\n")
    blocking = BlockingEmbedder(embedder)
    result = {}
    first = threading.Thread(target=lambda: result.update(report=build_index(corpus, root, embedder=blocking, **QUIET)))
    first.start()
    try:
        assert blocking.entered.wait(120), "the first build never reached embedding"
        # A second build, in another process, while the first is half-way: refused, not queued.
        second = run_cli("index", "build", "--corpus", corpus, "--index", root, "--quiet")
        assert second.returncode == 1, second.stderr
        assert "another build is running" in second.stderr and f"pid {os.getpid()}" in second.stderr
        assert "Traceback" not in second.stderr
        assert current(root) == before
    finally:
        blocking.release.set()
        first.join(120)
    assert result["report"].documents == 4 and current(root) == result["report"].build != before
    assert set(load_index(root).documents) == {"alpha", "beta", "gamma", "delta"}
    with pytest.raises(BuildLockedError):        # and in-process: the lock is exclusive, not re-entrant
        with BuildLock(root), BuildLock(root):
            pass


def test_a_killed_lock_holder_never_blocks_the_next_build(tiny, wrap):
    corpus, root = tiny
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from pathlib import Path; "
                               "from index.lock import BuildLock\n"
                               "with BuildLock(Path(sys.argv[1])):\n print('held', flush=True); time.sleep(300)",
                               str(root)], cwd=REPO, env=cli_env(), stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(BuildLockedError, match=f"pid {holder.pid}"):
            build_index(corpus, root, embedder=wrap(), full=True, **QUIET)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(30)
    # The kernel dropped the dead process's lock; its files are still there, and nothing waits on them.
    assert (root / "build.lock").exists() and (root / "build.owner").exists()
    report = build_index(corpus, root, embedder=wrap(), full=True, **QUIET)
    assert report.full and current(root) == report.build
    assert not (root / "build.owner").exists()


def test_a_reused_pid_or_another_host_in_an_old_lock_file_does_not_block(tiny, wrap):
    corpus, root = tiny
    (root / "build.lock").write_text('{"pid": 1, "host": "a-container-long-gone"}')
    (root / "build.owner").write_text(f'{{"pid": {os.getpid()}, "host": "elsewhere", "started": "2026-01-01"}}')
    report = build_index(corpus, root, embedder=wrap(), full=True, **QUIET)
    assert current(root) == report.build


def test_every_file_and_folder_is_on_disk_before_current_moves(tiny, wrap, monkeypatch):
    corpus, root = tiny
    (corpus / "delta.txt").write_text("Fever during IVIG\n\nA mild fever can follow an infusion.\n")
    synced, replaced = [], []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        return real_fsync(fd)

    def replace(src, dst):
        replaced.append((str(dst), len(synced)))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    name = build_index(corpus, root, embedder=wrap(), **QUIET).build
    build = root / "builds" / name
    moved = next(count for dst, count in replaced if dst == str(root / "CURRENT"))
    before = set(synced[:moved])
    files = {str(p) for p in build.rglob("*")}
    assert any(p.endswith(".json") and "/bm25/" in p for p in files)
    partial = str(root / "builds" / f".{name}.partial")
    written = {p.replace(str(build), partial) for p in files} | {partial}
    assert written <= before, f"not synced before CURRENT moved: {sorted(written - before)}"
    assert str(root / "builds") in before                     # the rename of the build into builds/
    assert str(root) in synced[moved:]                        # and the new CURRENT entry, after the move


@pytest.mark.parametrize("pointer", ["../../etc", "/tmp", "a/b", "..", ".hidden.partial", ""])
def test_current_must_name_a_folder_inside_builds(tiny, pointer):
    _, root = tiny
    (root / "builds" / "a").mkdir(exist_ok=True)
    (root / "builds" / "a" / "b").mkdir(exist_ok=True)
    (root / "CURRENT").write_text(pointer + "\n")
    with pytest.raises(IndexCorruptError, match="not the name of a build"):
        live_build(root)


def test_a_damaged_live_build_falls_back_to_the_previous_one(tiny, wrap):
    corpus, root = tiny
    previous = current(root)
    (corpus / "delta.txt").write_text("Fever during IVIG\n\nA mild fever can follow an infusion.\n")
    live = build_index(corpus, root, embedder=wrap(), **QUIET).build
    assert live_version(root) == live
    ok = run_cli("index", "verify", "--index", root)
    assert ok.returncode == 0, ok.stdout + ok.stderr

    (root / "builds" / live / "vectors.faiss").write_bytes(b"not a faiss index")
    stored = load_index(root)
    assert stored.folder.name == previous and "delta" not in stored.documents
    assert live in stored.warning and previous in stored.warning and "failed to load" in stored.warning

    checked = run_cli("index", "verify", "--index", root)
    assert checked.returncode == 1
    assert "FAILED" in checked.stdout and "serving the previous build" in checked.stdout

    shutil.rmtree(root / "builds" / previous)                   # nothing left to fall back to: the error
    with pytest.raises(IndexCorruptError, match=live):
        load_index(root)
