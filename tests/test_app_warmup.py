"""The app's start-up (app.start_bot, run here in the test's thread): the first build goes live once the real
engine has answered the first example, which loads the lazy parts a first question would otherwise pay for;
the other examples are asked right after, while questions are already served; a later build is loaded with
every example asked before it goes live. The examples warmed after start-up wait for a lull in people's
questions (they would compete with their answers)."""
from __future__ import annotations

import threading
import time

from helpers import CORPUS


def test_the_bot_goes_live_warm_and_warms_the_other_examples_after(monkeypatch, corpus_index, embedder):
    import app
    from bot import Bot

    asked: list[tuple[str, bool, bool]] = []       # (question, asked after the chat went live, answered with citations)
    started: list[float] = []

    class Recording(Bot):
        def ask(self, question, *args, **kwargs):
            started.append(time.monotonic())
            answer = super().ask(question, *args, **kwargs)
            asked.append((question, app.LOADED.is_set(), bool(answer.citations)))
            return answer

    monkeypatch.setattr(app, "Bot", Recording)
    graded: list[bool] = []          # the reading-grade dictionary warmed after the chat went live
    monkeypatch.setattr(app, "difficulty", lambda text: graded.append(app.LOADED.is_set()))
    monkeypatch.setattr(app, "load_embedder", lambda: embedder)
    monkeypatch.setattr(app, "LOADED", threading.Event())
    monkeypatch.setattr(app, "LIVE", None)
    monkeypatch.setattr(app, "STARTUP_ERROR", "")
    monkeypatch.setenv("IVIG_RELOAD_SECONDS", "0")            # no watcher thread left behind
    monkeypatch.setattr(app, "WARM_LULL_SECONDS", 0.5)
    asked_at = time.monotonic()
    monkeypatch.setattr(app, "LAST_ASKED", asked_at)          # someone asked just now

    app.start_bot(str(corpus_index), CORPUS, build=False)

    assert app.LOADED.is_set() and app.STARTUP_ERROR == ""
    assert isinstance(app.LIVE.current, Recording) and app.ready_bot() is app.LIVE.current
    first, *rest = app.EXAMPLES
    assert asked == [(first, False, True)] + [(q, True, True) for q in rest]
    assert all(at - asked_at >= 0.5 for at in started[1:])        # after the lull, not at once
    assert graded == [True]
    assert app.status()["ready"] and app.status()["documents"] == 5

    asked.clear()
    reloaded = app.LIVE.load(corpus_index)          # what the watcher runs for a newer build
    assert isinstance(reloaded, Recording) and reloaded is not app.LIVE.current
    assert asked == [(q, True, True) for q in app.EXAMPLES]

