"""Hostile and malformed input at the four entry points: the Python API (Bot.ask), the CLI
(`python -m bot ask`), the app's /ask endpoint (gradio_client against `python app.py`) and the chat
(app.respond, as the page calls it).

Each case is either refused with a message saying what is wrong, the same message at every entry
point (InvalidQuestion; exit 2; a gr.Error; a reply bubble), or taken like any question and answered
or kindly declined. After each case a normal question is still answered, and the app's log holds
no traceback. Cases that a channel cannot carry (a number as a chat message, a non-list history on a
command line) are left out of that channel only.
"""
from __future__ import annotations

import json
import random
import string
from dataclasses import dataclass

import pytest

from bot import Answer, InvalidQuestion, validate
from helpers import CORPUS, REPO, cli_env, run_cli
from test_app import start_app, stop, wait_ready
from ui import render

NORMAL = "How does IVIG work in ITP?"
REPLY_SECONDS = 120        # a guard against hangs, not a performance check


def _random_words(count: int, seed: int) -> str:
    rng = random.Random(seed)
    return " ".join("".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9))) for _ in range(count))


@dataclass(frozen=True)
class Case:
    id: str
    question: object
    history: object = None
    refused: str = ""            # a piece of the message that refuses it; "" when it must be taken
    same_as_normal: bool = False  # cleaned, it is NORMAL: the same answer must come back

    @property
    def as_text(self) -> bool:
        """Can a chat box or a command line carry it? (a string question, a list of strings or no history)"""
        return isinstance(self.question, str) and (self.history is None or (
            isinstance(self.history, list) and all(isinstance(h, str) for h in self.history)))


CASES = [
    # refused: the wrong types
    Case("question-none", None, refused="the question is empty"),
    Case("question-number", 5, refused="the question must be text, not a number"),
    Case("question-bool", True, refused="the question must be text, not true or false"),
    Case("question-object", {"question": NORMAL}, refused="the question must be text, not an object"),
    Case("question-list", [NORMAL], refused="the question must be text, not a list"),
    Case("history-number", NORMAL, 5, refused="the history must be a list of earlier messages, not a number"),
    Case("history-string", NORMAL, NORMAL, refused="the history must be a list of earlier messages, not text"),
    Case("history-object", NORMAL, {"0": NORMAL}, refused="the history must be a list of earlier messages, not an object"),
    Case("history-bool", NORMAL, True, refused="not true or false"),
    Case("history-numbers", NORMAL, [1, 2], refused="earlier message 1 must be text, not a number"),
    Case("history-nested-list", NORMAL, [NORMAL, ["nested"]], refused="earlier message 2 must be text, not a list"),
    Case("history-chat-dicts", NORMAL, [{"role": "user", "content": NORMAL}],
         refused="earlier message 1 must be text, not an object"),
    # refused: empty or too long
    Case("empty", "", refused="the question is empty"),
    Case("blank", "   \n\t  ", refused="the question is empty"),
    Case("zero-width-only", "\u200b\u200c\u200d\ufeff" * 10, refused="the question is empty"),
    Case("nul-only", "\x00" * 20, refused="the question is empty"),
    Case("rtl-marks-only", "\u202e\u200f\u2066" * 5, refused="the question is empty"),
    Case("over-long", "x" * 2001, refused="the question is 2,001 characters long; please keep it under 2,000"),
    Case("over-long-words", "word " * 500, refused="2,499 characters long"),
    Case("emoji-10000", "\U0001F600" * 10_000, refused="10,000 characters long"),
    Case("history-item-over-long", NORMAL, ["y" * 2001], refused="earlier message 1 is 2,001 characters long"),
    Case("history-6x60000-words", NORMAL, [_random_words(60_000, seed) for seed in range(6)],
         refused="earlier message 1 is"),
    Case("history-too-many", NORMAL, [NORMAL] * 21, refused="the history has 21 messages; please send at most 20"),
    # taken: odd text, cleaned and answered (or declined)
    Case("nul-inside", "How does IVIG\x00 work in ITP?", same_as_normal=True),
    Case("control-characters", "How\x07 does IVIG\x1b work\x7f in ITP?", same_as_normal=True),
    Case("lone-surrogates", "How does IVIG work in ITP?\udfff\ud800", same_as_normal=True),     # never a pair
    Case("zero-width-inside", "How does I\u200bV\u200cI\u200dG work in ITP?", same_as_normal=True),
    Case("rtl-marks", "\u202eHow does IVIG work in ITP?\u202c\u200f", same_as_normal=True),
    Case("byte-order-mark", "\ufeffHow does IVIG work in ITP?", same_as_normal=True),
    Case("full-width", "How does \uff29\uff36\uff29\uff27 work in \uff29\uff34\uff30?", same_as_normal=True),
    Case("newline-flood", "How does IVIG work in ITP?" + "\n" * 5000, same_as_normal=True),
    Case("emoji-1000", "\U0001F600" * 1000),
    Case("emoji-sequences", "How does IVIG work in ITP? \U0001F64F\U0001F3FD\U0001F468\u200d\U0001F469\u200d\U0001F467"),
    Case("zalgo", "How does IVIG work in ITP?" + "\u0301" * 300),
    Case("html-script", "<script>alert('x')</script> How does IVIG work in ITP?"),
    Case("html-img", '<img src=x onerror="alert(1)"> What are the side effects of IVIG?'),
    Case("latex", "$$\\int_0^1 x\\,dx$$ How does IVIG work in ITP?"),
    Case("latex-only", "$$x$$"),
    Case("bracket-numbers", "What does [12] mean for IVIG in ITP? [1]"),
    Case("markdown", "**bold** _it_ [link](javascript:alert(1)) `code` # heading"),
    Case("format-strings", "%s %d {0} {question} %(x)s ${HOME}"),
    Case("sql", "'; DROP TABLE users; --"),
    Case("at-the-limit", "x" * 2000),
    Case("random-words-at-the-limit", _random_words(400, 7)[:2000]),
    Case("history-none", NORMAL, None, same_as_normal=True),
    Case("history-blank-entries", NORMAL, ["", None, "   "], same_as_normal=True),
    Case("history-odd-text", "how fast does it work?", ["How does IVIG\x00 work in\u200b ITP?\ud800"]),
    Case("history-at-the-limits", NORMAL, [_random_words(400, seed)[:2000] for seed in range(20)]),
]
TEXT_CASES = [case for case in CASES if case.as_text]
ids = [case.id for case in CASES]
text_ids = [case.id for case in TEXT_CASES]


def clean(value: str) -> bool:
    """No control, invisible-format or surrogate characters, and valid UTF-8 (what JSON servers need)."""
    value.encode("utf-8")
    return not any(ch in value for ch in "\x00\x07\x1b\x7f\u200b\u200c\u202e\u200f\ufeff")


def expected_question(case: Case) -> str:
    return NORMAL if case.same_as_normal else validate(case.question, case.history)[0]


def check_taken(case: Case, answer: Answer, normal: Answer) -> None:
    """Taken like any question: cleaned, answered or declined (or flagged), rendered safely."""
    assert clean(answer.question) and answer.question == expected_question(case)
    assert answer.sentences or answer.abstained or answer.emergency
    assert not answer.sentences or answer.citations
    cited = {n for sentence in answer.sentences for n in sentence.citations}
    assert cited == {c.n for c in answer.citations}          # no citation came from the text of the question
    if case.same_as_normal:
        assert answer.sentences == normal.sentences and answer.citations == normal.citations
    html = render.answer_message(answer) + render.sources_panel(answer) + render.user_message(case.question)
    assert "<script" not in html and "<img" not in html and clean(html)


@pytest.fixture(scope="module")
def normal(bot) -> Answer:
    answer = bot.ask(NORMAL)
    assert answer.sentences and not answer.abstained
    return answer


def assert_normal(answer: Answer, normal: Answer) -> None:
    assert answer.sentences == normal.sentences and answer.citations == normal.citations


# ---------------------------------------------------------------- the Python API

@pytest.mark.parametrize("case", CASES, ids=ids)
def test_python_api(bot, normal, case):
    if case.refused:
        with pytest.raises(InvalidQuestion) as refused:
            bot.ask(case.question, case.history)
        assert case.refused in str(refused.value)
        assert str(refused.value) == _message(case)          # the one check every entry point uses
    else:
        check_taken(case, bot.ask(case.question, case.history), normal)
    assert_normal(bot.ask(NORMAL), normal)


def test_follow_up_still_works_after_odd_history(bot):
    answer = bot.ask("how fast does it work?", ["How does IVIG\x00 work in\u200b ITP?\ud800"])
    assert "ITP" in answer.query and clean(answer.query) and not answer.abstained


def test_caches_are_bounded(bot):
    """No input grows the bot's memory without limit: every cache in bot/ has a maximum size."""
    from bot import specificity

    caches = [bot.vocabulary._knows, bot.composer._units, bot.composer.subjects._terms, bot.composer.model._vectors, specificity.zipf]
    for cache in caches:
        assert cache.cache_info().maxsize is not None
    for seed in range(3):
        bot.ask(_random_words(300, 100 + seed)[:2000])
    for cache in caches:
        info = cache.cache_info()
        assert info.currsize <= info.maxsize
    # the questions' model runs (vectors and token vectors) the retriever and the composer share
    for seed in range(bot.embedder.size + 3):
        bot.embedder.encode_query(f"question number {seed}")
    assert len(bot.embedder._recent) == bot.embedder.size


# ---------------------------------------------------------------- the CLI

@pytest.fixture(scope="module")
def cli(bot):
    from bot.__main__ import main

    def run(argv, capsys):
        code = main(argv, make_bot=lambda index, model=None, store=None: bot)
        out = capsys.readouterr()
        return code, out.out, out.err
    return run


def cli_args(question, history=None, *extra) -> list[str]:
    return ["ask", question, *extra, *(["--history", *history] if history else [])]


@pytest.mark.parametrize("case", TEXT_CASES, ids=text_ids)
def test_cli(cli, capsys, normal, case):
    code, out, err = cli(cli_args(case.question, [h for h in case.history or [] if h is not None], "--json"), capsys)
    assert "Traceback" not in out + err
    if case.refused:
        assert code == 2 and out == "" and err.startswith("error: ") and case.refused in err
    else:
        assert code == 0 and err == ""
        record = json.loads(out)
        assert record["question"] == expected_question(case) and clean(out)
        assert {n for s in record["sentences"] for n in s["citations"]} == {c["n"] for c in record["citations"]}
    code, out, _ = cli(cli_args(NORMAL), capsys)
    assert code == 0 and normal.sentences[0].text[:60] in " ".join(out.split())


def test_cli_subprocess_refuses_before_loading_and_takes_undecodable_bytes(corpus_index):
    """As people run it: bad input exits 2 at once; bytes that are not UTF-8 are dropped, not a crash."""
    too_many = run_cli("bot", "ask", NORMAL, "--history", *["earlier"] * 21, env=cli_env(IVIG_INDEX="/nonexistent"))
    assert too_many.returncode == 2 and "at most 20" in too_many.stderr and "Traceback" not in too_many.stderr
    import os
    import subprocess
    import sys

    env = cli_env(IVIG_INDEX=corpus_index)
    raw = subprocess.run([sys.executable, "-m", "bot", "ask", os.fsencode(NORMAL) + b" \xff\xfe\x80", "--json"],
                         cwd=REPO, env=env, capture_output=True, timeout=300)
    assert raw.returncode == 0, raw.stderr.decode("utf-8", "replace")
    record = json.loads(raw.stdout.decode("utf-8"))
    assert record["question"] == NORMAL and record["sentences"]


# ---------------------------------------------------------------- the /ask endpoint of a running app

@pytest.fixture(scope="module")
def server(corpus_index, tmp_path_factory):
    log = tmp_path_factory.mktemp("hostile") / "app.log"
    process, url = start_app(["--index", str(corpus_index), "--no-build", "--corpus", str(CORPUS)], log)
    try:
        wait_ready(process, url, log)
        yield {"url": url, "log": log}
    finally:
        stop(process)


@pytest.fixture(scope="module")
def client(server):
    from gradio_client import Client

    return Client(server["url"], verbose=False)


def call_ask(client, question, history):
    """/ask through gradio_client; text it cannot send (lone surrogates are not UTF-8) goes through
    gradio's plain HTTP API, JSON-escaped as a browser would send it."""
    try:
        json.dumps([question, history], ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return _call_ask_raw(client.src, question, history)
    return client.submit(question, history, api_name="/ask").result(timeout=REPLY_SECONDS)


def _call_ask_raw(url: str, question, history):
    import urllib.request

    from gradio_client.exceptions import AppError

    url = url.rstrip("/")
    body = json.dumps({"data": [question, history]}).encode("ascii")
    request = urllib.request.Request(f"{url}/gradio_api/call/ask", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=REPLY_SECONDS) as response:
        event = json.loads(response.read())["event_id"]
    with urllib.request.urlopen(f"{url}/gradio_api/call/ask/{event}", timeout=REPLY_SECONDS) as response:
        stream = response.read().decode("utf-8")
    kind, _, data = stream.partition("\ndata: ")
    if kind.strip() == "event: complete":
        return json.loads(data)[0]
    raise AppError(json.loads(data)["error"])


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_ask_endpoint(client, normal, case):
    from gradio_client.exceptions import AppError

    if case.refused:
        with pytest.raises(AppError) as refused:
            call_ask(client, case.question, case.history)
        message = str(refused.value)
        assert message.startswith("Sorry, I can't take that question: ") and case.refused in message
        assert message == f"Sorry, I can't take that question: {_message(case)}."
    else:
        record = call_ask(client, case.question, case.history)
        assert record["question"] == expected_question(case) and clean(json.dumps(record, ensure_ascii=False))
        assert record["sentences"] or record["abstained"] or record["emergency"]
        assert {n for s in record["sentences"] for n in s["citations"]} == {c["n"] for c in record["citations"]}
        assert record["history"] == list(validate(case.question, case.history)[1])
    again = call_ask(client, NORMAL, [])
    assert [s["text"] for s in again["sentences"]] == [s.text for s in normal.sentences]


def _post_ask(url: str, data: list):
    """A plain HTTP call of /ask with the `data` list as given (fewer values than it takes, say)."""
    import urllib.request

    request = urllib.request.Request(f"{url}/gradio_api/call/ask", data=json.dumps({"data": data}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=REPLY_SECONDS) as response:
        event = json.loads(response.read())["event_id"]
    with urllib.request.urlopen(f"{url}/gradio_api/call/ask/{event}", timeout=REPLY_SECONDS) as response:
        kind, _, data = response.read().decode("utf-8").partition("\ndata: ")
    return kind.strip(), json.loads(data)


def test_plain_http_calls_that_leave_out_values(server, normal):
    """/info says the history has a default, and gradio_client fills it in; a plain HTTP call sending the
    question alone got '"error": null' and a traceback in the log."""
    kind, data = _post_ask(server["url"], [NORMAL])
    assert kind == "event: complete" and [s["text"] for s in data[0]["sentences"]] == [s.text for s in normal.sentences]
    kind, data = _post_ask(server["url"], [])
    assert kind == "event: error" and data["error"] == (
        'This call sent 0 of the values the endpoint takes (question, history); send them as {"data": [...]}, '
        "in that order.")


def test_server_log_has_no_traceback(server, client):
    call_ask(client, NORMAL, [])
    log = server["log"].read_text()
    assert "Ready:" in log and "Traceback" not in log, log[-3000:]


def _message(case: Case) -> str:
    try:
        validate(case.question, case.history)
    except InvalidQuestion as exc:
        return str(exc)
    raise AssertionError(f"{case.id} was not refused")


# ---------------------------------------------------------------- the chat, through the app's own functions

@pytest.fixture(scope="module")
def chat_app(bot, corpus_index):
    import app
    from index.lifecycle import LiveIndex

    saved = app.LIVE
    app.LIVE = LiveIndex(corpus_index, lambda root: bot)      # the live build, served by the session's bot
    assert app.LIVE.refresh()
    app.LOADED.set()
    yield app
    app.LIVE = saved


def chat_turn(app, message, turns=()):
    """What the page shows after a message: (the reply bubble, the turns state), via app.respond."""
    updates = list(app.respond(message, [], list(turns)))
    assert len(updates) == 2
    _, chat, new_turns, panel, _ = updates[-1]
    json.dumps(updates[0][1], ensure_ascii=False).encode("utf-8")      # what gradio sends must be valid UTF-8
    assert chat[0]["role"] == "user" and chat[-1]["role"] == "assistant"
    for bubble in chat:
        assert clean(bubble["content"]) and "<script" not in bubble["content"]
    assert clean(panel)
    return chat[-1]["content"], new_turns


@pytest.mark.parametrize("case", [case for case in TEXT_CASES if not case.history], ids=lambda case: case.id)
def test_chat(chat_app, normal, case):
    if not case.question.strip():
        assert list(chat_app.respond(case.question, [], [])) == [(chat_app.gr.skip(),) * 5]    # nothing to send
        return
    reply, turns = chat_turn(chat_app, case.question)
    if case.refused:
        assert reply == render.text(f"Sorry, I can't take that message: {_message(case)}.")
        assert not turns[-1]["ok"]
    else:
        assert turns[-1]["ok"] and turns[-1]["question"] == expected_question(case)
        record = turns[-1]["answer"]
        assert record["sentences"] or record["abstained"] or record["emergency"]
        assert reply.count('class="ivig-cite"') == sum(len(s["citations"]) for s in record["sentences"])
    reply, after = chat_turn(chat_app, NORMAL, turns)
    # the same first sentence as the API's answer, shown with its badges (glossary marks may sit inside it)
    assert after[-1]["answer"]["sentences"][0]["text"] == normal.sentences[0].text
    assert 'class="ivig-cite"' in reply


def test_chat_history_stays_within_the_limit(chat_app, normal):
    """A long conversation sends only its latest earlier messages, so it never hits the history limit."""
    from settings import MAX_HISTORY_ITEMS

    turns = [{"question": f"Question number {i} about IVIG?", "ok": True} for i in range(MAX_HISTORY_ITEMS + 5)]
    reply, new_turns = chat_turn(chat_app, "how fast does it work in ITP?", turns)
    assert new_turns[-1]["ok"] and len(new_turns[-1]["history"]) == MAX_HISTORY_ITEMS
    assert new_turns[-1]["history"][-1] == f"Question number {MAX_HISTORY_ITEMS + 4} about IVIG?"


# ---------------------------------------------------------------- a test set is checked the same way

@pytest.mark.parametrize("line,message", [
    ({"id": "a", "question": "x" * 2001}, "the question is 2,001 characters long"),
    ({"id": "a", "question": "What is IVIG?", "history": [1]}, "earlier message 1 must be text, not a number"),
    ({"id": "a", "question": "What is IVIG?", "history": ["again?"] * 21}, "the history has 21 messages"),
])
def test_testset_lines_are_checked_like_questions(tmp_path, line, message):
    from eval.runner import TestsetError, load_testset

    path = tmp_path / "testset.jsonl"
    path.write_text(json.dumps({"id": "ok", "question": "What is IVIG?"}) + "\n" + json.dumps(line) + "\n")
    with pytest.raises(TestsetError, match=f"testset.jsonl:2: {message}"):
        load_testset(path)
