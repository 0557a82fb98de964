"""Recovering from faults instead of refusing or stopping: a rollback that repairs a damaged CURRENT, an
encoder cache path torch cannot write, a reload watcher that outlives an unexpected error, and an eval run
whose finished questions survive a Ctrl-C or a crash."""
from __future__ import annotations

import json
import logging
import threading

import pytest

from helpers import TINY


# ---------------------------------------------------------------- rollback repairs a damaged CURRENT

@pytest.fixture
def two_builds(tiny, embedder):
    """The tiny index with two builds: (root, previous, live)."""
    from index import build_index

    corpus, root = tiny
    previous = (root / "CURRENT").read_text().strip()
    live = build_index(corpus, root, embedder=embedder, progress=False, full=True).build
    assert (root / "PREVIOUS").read_text().strip() == previous != live
    return root, previous, live


@pytest.mark.parametrize("damage", [
    lambda marker: marker.write_text("not a build name!\n"),
    lambda marker: marker.write_bytes(b"\xff\xfe\x00garbage"),
    lambda marker: marker.write_text("20000101T000000000000Z\n"),       # names a build that is gone
    lambda marker: marker.unlink(),
    lambda marker: (marker.unlink(), marker.mkdir()),
])
def test_rollback_repairs_a_damaged_current_with_the_previous_build(two_builds, capsys, damage):
    """It refused ("holds ..., which is not the name of a build"), exactly when a rollback would help."""
    from index.__main__ import main
    from index.store import load_index

    root, previous, _ = two_builds
    damage(root / "CURRENT")
    assert main(["rollback", "--index", str(root)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("repaired: CURRENT was damaged") and f"made the previous build, {previous}, live" in out
    assert (root / "CURRENT").read_text().strip() == previous
    assert load_index(root).version == previous and not load_index(root).warning


def test_rollback_repairs_current_with_the_newest_build_that_loads(two_builds, capsys):
    from index.__main__ import main

    root, _, live = two_builds
    (root / "CURRENT").write_text("..\n")
    (root / "PREVIOUS").write_text("../../etc\n")
    assert main(["rollback", "--index", str(root)]) == 0
    assert f"made the newest build that loads, {live}, live" in capsys.readouterr().out
    assert (root / "CURRENT").read_text().strip() == live


def test_rollback_skips_builds_that_do_not_load(two_builds, capsys):
    from index.__main__ import main

    root, previous, live = two_builds
    (root / "CURRENT").write_text("garbage!\n")
    (root / "builds" / previous / "vectors.faiss").write_bytes(b"not faiss")     # the previous build is damaged
    assert main(["rollback", "--index", str(root)]) == 0
    assert (root / "CURRENT").read_text().strip() == live
    (root / "builds" / live / "chunks.jsonl").unlink()                          # now nothing loads
    (root / "CURRENT").write_text("garbage!\n")
    assert main(["rollback", "--index", str(root)]) == 1
    err = capsys.readouterr().err
    assert "no build under" in err and "python -m index build --full" in err and "Traceback" not in err


def test_an_ordinary_rollback_is_unchanged(two_builds, capsys):
    from index.__main__ import main

    root, previous, live = two_builds
    assert main(["rollback", "--index", str(root)]) == 0
    assert f"rolled back: {previous} is live again (was {live})" in capsys.readouterr().out
    assert (root / "PREVIOUS").read_text().strip() == live


# ---------------------------------------------------------------- an encoder cache torch cannot write to

def test_an_encoder_cache_path_that_is_not_utf8_is_refused_up_front(tmp_path):
    """It gave a traceback from inside torch's ONNX export (UnicodeEncodeError), after minutes of tracing."""
    import os

    from helpers import cli_env, run_cli

    cache = os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9")
    env = {**cli_env(), "IVIG_ENCODER_CACHE": cache}
    result = run_cli("index", "build", "--corpus", TINY, "--index", tmp_path / "index", "--quiet", env=env)
    assert result.returncode == 1, result.stderr
    assert "error: IVIG_ENCODER_CACHE=" in result.stderr and "is not UTF-8 text" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not os.path.exists(os.fsencode(cache))          # nothing was exported there


def test_the_export_command_refuses_such_an_out_folder(tmp_path, capsys):
    import os

    from index.export_encoder import main

    assert main(["--out", os.fsdecode(os.fsencode(tmp_path) + b"/\xff"), "--no-int8"]) == 2
    assert "error: --out=" in capsys.readouterr().err


# ---------------------------------------------------------------- the reload watcher outlives an unexpected error

def test_the_reload_watcher_logs_an_unexpected_error_once_and_keeps_watching(tiny, caplog):
    """A Milvus client error (not an IvigError) from the live-version check ended the watcher thread:
    every later build would have been ignored until a restart, and nothing said so."""
    from index.lifecycle import LiveIndex
    from index.store import load_index

    _, root = tiny
    live = LiveIndex(root, load_index, interval=0.01)
    real, calls, loaded = live.store, [], threading.Event()

    class Flaky:                           # fails five times, as a store client whose server restarts might
        def live_version(self):
            calls.append(1)
            if len(calls) <= 5:
                raise RuntimeError("MilvusException: <code=2, message=Fail connecting to server>")
            return real.live_version()

    live.store = Flaky()
    live.on_load = lambda obj, version: loaded.set()
    with caplog.at_level(logging.WARNING, logger="index.lifecycle"):
        live.start()
        try:
            assert loaded.wait(60), "the watcher stopped after the error"
        finally:
            live.stop()
            live._thread.join(10)
    assert live.current is not None and live.version == real.live_version()
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "MilvusException" in errors[0].getMessage()
    assert any("works again" in r.getMessage() for r in caplog.records)


def test_a_failing_error_callback_does_not_stop_the_watcher(two_builds):
    """The app's on_error prints; when that itself failed (a closed stderr), the thread died with it, and the
    next good build was never loaded."""
    from index.lifecycle import LiveIndex
    from index.store import load_index

    root, previous, live_name = two_builds
    (root / "CURRENT").write_text(previous + "\n")
    failed, loaded = threading.Event(), threading.Event()

    def load(folder):
        stored = load_index(folder)
        if stored.version == previous:
            raise RuntimeError("a damaged new build")
        return stored

    def on_error(version, exc):
        failed.set()
        raise OSError("stderr is closed")

    live = LiveIndex(root, load, interval=0.01, on_error=on_error, on_load=lambda obj, version: loaded.set())
    live.start()
    try:
        assert failed.wait(60)
        (root / "CURRENT").write_text(live_name + "\n")          # the next build goes live
        assert loaded.wait(60), "the watcher stopped after the error"
    finally:
        live.stop()
    assert live.version == live_name
