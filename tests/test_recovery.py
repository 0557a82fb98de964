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


# ---------------------------------------------------------------- an eval run stopped halfway keeps its answers

class StopsAt:
    """The session's bot, stopping (Ctrl-C, or a crash) when the `at`-th question is asked."""

    def __init__(self, bot, at=None, exc=KeyboardInterrupt):
        self.bot, self.at, self.exc, self.asked = bot, at, exc, []

    def __getattr__(self, name):
        return getattr(self.bot, name)

    def ask(self, question, history=None):
        self.asked.append(question)
        if len(self.asked) == self.at:
            raise self.exc("stopped")
        return self.bot.ask(question, history)


@pytest.fixture
def four(tmp_path):
    """Four questions of the team's test set, and a run folder holding an earlier, finished run."""
    from helpers import REPO

    lines = (REPO / "eval" / "testset.jsonl").read_text().splitlines()[:4]
    testset = tmp_path / "four.jsonl"
    testset.write_text("\n".join(lines) + "\n")
    out = tmp_path / "run"
    out.mkdir()
    (out / "results.jsonl").write_text('{"id": "earlier"}\n')
    return testset, out, [json.loads(line)["id"] for line in lines]


def test_a_stopped_run_keeps_its_answers_and_resume_finishes_it(bot, four, capsys):
    """A Ctrl-C an hour into a long run lost every answer ("interrupted: no run was written")."""
    from eval.__main__ import main
    from eval.runner import evaluate, load_testset

    testset, out, ids = four
    args = ["--testset", str(testset), "--out", str(out), "--quiet"]
    assert main(args, make_bot=lambda *_: StopsAt(bot, at=3)) == 130
    err = capsys.readouterr().err
    assert f"the answers so far are kept in {out}/results.partial.jsonl" in err and "--resume" in err
    kept = (out / "results.partial.jsonl").read_text().splitlines()
    assert [json.loads(line)["result"]["id"] for line in kept[1:]] == ids[:2]
    assert (out / "results.jsonl").read_text() == '{"id": "earlier"}\n'      # the last finished run is intact

    resumed = StopsAt(bot)
    assert main([*args, "--resume"], make_bot=lambda *_: resumed) == 0
    cases = load_testset(testset)
    assert resumed.asked == [c.question for c in cases[2:]]                 # only the questions not answered
    assert not (out / "results.partial.jsonl").exists()
    rows = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    _, whole = evaluate(bot, cases, progress=False)
    answers = lambda rows: {r["id"]: (r["answer"], r["citations"], r["pass"]) for r in rows}   # noqa: E731
    assert [r["id"] for r in rows] == ids and answers(rows) == answers(whole)
    assert json.loads((out / "metrics.json").read_text())["questions"] == 4


def test_a_crash_keeps_the_answers_made_before_it(bot, four):
    from eval.runner import evaluate, load_testset

    testset, out, ids = four
    with pytest.raises(RuntimeError):
        evaluate(StopsAt(bot, at=2, exc=RuntimeError), load_testset(testset), out, progress=False)
    kept = (out / "results.partial.jsonl").read_text().splitlines()
    assert [json.loads(line)["result"]["id"] for line in kept[1:]] == ids[:1]


def _other_threshold(lines):
    header = json.loads(lines[0])
    header["partial_run"]["threshold"] += 0.5
    return [json.dumps(header), *lines[1:]]


@pytest.mark.parametrize("change,message", [
    (_other_threshold, "not made with this index, model and threshold"),
    (lambda lines: [lines[0], lines[1].replace('"question": "', '"question": "Not this: ', 1)], "not in this test set"),
    (lambda lines: [lines[0], "{broken", lines[1]], "is damaged"),
])
def test_resume_refuses_answers_made_otherwise(bot, four, capsys, change, message):
    """Answers from another index, model, threshold or test set would be mixed into the figures."""
    from eval.__main__ import main

    testset, out, _ = four
    args = ["--testset", str(testset), "--out", str(out), "--quiet"]
    assert main(args, make_bot=lambda *_: StopsAt(bot, at=3)) == 130
    partial = out / "results.partial.jsonl"
    partial.write_text("\n".join(change(partial.read_text().splitlines())) + "\n")
    capsys.readouterr()
    assert main([*args, "--resume"], make_bot=lambda *_: StopsAt(bot)) == 1
    err = capsys.readouterr().err
    assert "delete it to start again" in err and message in err
    assert (out / "results.jsonl").read_text() == '{"id": "earlier"}\n'


def test_a_run_without_resume_keeps_a_stopped_run_s_answers(bot, four, capsys):
    """Forgetting --resume started the partial file again: an hour of answers gone. It is refused before the model
    loads, and a Ctrl-C before any answer says nothing was written (it said the answers so far were kept)."""
    from eval.__main__ import main

    testset, out, _ = four
    args = ["--testset", str(testset), "--out", str(out), "--quiet"]
    assert main(args, make_bot=lambda *_: StopsAt(bot, at=3)) == 130
    kept = (out / "results.partial.jsonl").read_text()
    capsys.readouterr()
    loaded = []
    assert main(args, make_bot=lambda *_: loaded.append(1) or StopsAt(bot)) == 1
    err = capsys.readouterr().err
    assert "holds 2 answers of a stopped run: add --resume" in err and not loaded
    assert (out / "results.partial.jsonl").read_text() == kept

    def stopped_loading(*_):
        raise KeyboardInterrupt
    (out / "results.partial.jsonl").unlink()
    assert main(args, make_bot=stopped_loading) == 130
    assert "no answer had been made yet" in capsys.readouterr().err


def test_a_torn_last_line_is_asked_again(bot, four):
    from eval.runner import evaluate, load_testset

    testset, out, ids = four
    cases = load_testset(testset)
    with pytest.raises(KeyboardInterrupt):
        evaluate(StopsAt(bot, at=3), cases, out, progress=False)
    partial = out / "results.partial.jsonl"
    partial.write_text(partial.read_text()[:-40])          # killed while writing the second answer
    again = StopsAt(bot)
    evaluate(again, cases, out, progress=False, resume=True)
    assert again.asked == [c.question for c in cases[1:]]


def test_a_stopped_suite_keeps_its_finished_sets(monkeypatch, tmp_path, embedder, corpus_index, capsys):
    import eval.suite as suite
    from eval.__main__ import main

    monkeypatch.setattr("index.embedding.load_embedder", lambda: embedder)
    monkeypatch.setattr(suite, "_index", lambda corpus, root, embedder: str(corpus_index))
    calls = []

    def run_testset(bot, path, out):
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return {"n": 1, "hit@1": 1.0}

    monkeypatch.setattr(suite, "run_testset", run_testset)
    out = tmp_path / "suite"
    out.mkdir()
    (out / "suite.json").write_text('{"earlier": {}}')
    assert main(["--suite", "--sets", "testset", "patients", "--out", str(out)]) == 130
    assert f"the sets finished so far are in {out}/suite.partial.json" in capsys.readouterr().err
    assert json.loads((out / "suite.partial.json").read_text()) == {"testset": {"n": 1, "hit@1": 1.0}}
    assert (out / "suite.json").read_text() == '{"earlier": {}}'


def test_after_a_repair_a_second_rollback_says_there_is_nothing_to_go_back_to(two_builds, capsys):
    """The repair made PREVIOUS live, so PREVIOUS and CURRENT name one build: a rollback 'from X to X'."""
    from index.__main__ import main

    root, previous, _ = two_builds
    (root / "CURRENT").write_text("garbage!\n")
    assert main(["rollback", "--index", str(root)]) == 0
    capsys.readouterr()
    assert main(["rollback", "--index", str(root)]) == 1
    assert f"nothing to roll back to at {root}: the previous build, {previous}, is the live one" in \
        capsys.readouterr().err


def test_a_damaged_current_points_to_rollback(two_builds):
    from index.errors import IndexCorruptError
    from index.store import live_build

    root, _, _ = two_builds
    (root / "CURRENT").write_text("garbage!\n")
    with pytest.raises(IndexCorruptError, match=f"Make the previous build live with: python -m index rollback "
                                                f"--index {root}, or rebuild"):
        live_build(root)


def test_a_stop_while_resuming_loses_no_kept_answer(bot, four, monkeypatch):
    """The resumed run rewrites the partial file with the answers it keeps: a stop right then emptied it."""
    from eval import partial
    from eval.runner import evaluate, load_testset

    testset, out, ids = four
    cases = load_testset(testset)
    with pytest.raises(KeyboardInterrupt):
        evaluate(StopsAt(bot, at=3), cases, out, progress=False)

    def stop(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(partial.Writer, "add", stop)
    with pytest.raises(KeyboardInterrupt):
        evaluate(StopsAt(bot), cases, out, progress=False, resume=True)
    assert list(partial.load(out, bot, cases)) == ids[:2]
