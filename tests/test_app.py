"""End to end: `python app.py` on loopback, driven through gradio_client's /ask endpoint.

One tmp index of the repo's corpus is built per module; two apps start side by side: one on that
index (whose corpus copy lost a document since the build, so the app must update the index first),
one (--no-build) on a copy whose manifest claims another format version: it must still serve a page,
which says so.
The render helpers are tested directly: they must escape whatever a person or a document contains.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.types import Answer, Citation  # noqa: E402
from ui import render  # noqa: E402

STARTUP_SECONDS = 240
REMOVED_DOC = "ivig-long-covid"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(args: list[str], log: Path, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    with open(log, "w") as handle:
        process = subprocess.Popen([sys.executable, "app.py", "--port", str(port), *args], cwd=ROOT,
                                   stdout=handle, stderr=subprocess.STDOUT,
                                   env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", **(env or {})})
    return process, f"http://127.0.0.1:{port}"


def wait_ready(process: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.time() + STARTUP_SECONDS
    while time.time() < deadline:
        if process.poll() is not None:
            pytest.fail(f"app exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "/config", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"app did not start within {STARTUP_SECONDS} s:\n{log.read_text()}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def apps(tmp_path_factory):
    from index.build import build_index

    tmp = tmp_path_factory.mktemp("app")
    corpus = tmp / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    index = tmp / "index"
    build_index(corpus, index, progress=False)
    # A copy of the index claiming another format version: loading it must fail with a readable message.
    broken = tmp / "broken"
    shutil.copytree(index, broken)
    manifest = next(broken.glob("builds/*/manifest.json"))
    manifest.write_text(json.dumps(json.loads(manifest.read_text()) | {"format_version": 999}))
    # The corpus changes after the build: the app must bring the index up to date before serving.
    (corpus / f"{REMOVED_DOC}.txt").unlink()

    logs = tmp / "app.log", tmp / "broken.log"
    feedback = tmp / "feedback.jsonl"
    good, good_url = start_app(["--index", str(index), "--corpus", str(corpus)], logs[0],
                               {"IVIG_FEEDBACK": str(feedback)})
    bad, bad_url = start_app(["--index", str(broken), "--no-build"], logs[1])
    try:
        wait_ready(good, good_url, logs[0])
        wait_ready(bad, bad_url, logs[1])
        yield {"url": good_url, "log": logs[0], "broken_url": bad_url, "broken_log": logs[1]}
    finally:
        stop(good)
        stop(bad)


@pytest.fixture(scope="module")
def client(apps):
    from gradio_client import Client

    return Client(apps["url"], verbose=False)


def ask(client, question, history=None):
    return client.predict(question, history or [], api_name="/ask")


def check_citations(result):
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", result["answer"])}
    numbers = {c["n"] for c in result["citations"]}
    assert markers and markers <= numbers
    for c in result["citations"]:
        assert {"n", "doc_id", "title", "passage", "start", "end", "highlights"} <= set(c)
        assert len(c["passage"]) == c["end"] - c["start"]


def test_first_question_gets_a_cited_answer(client):
    result = ask(client, "How does IVIG work in ITP?")
    assert {"answer", "abstained", "emergency", "citations", "retrieved", "latency_ms", "query"} <= set(result)
    assert not result["abstained"] and not result["emergency"]
    assert result["retrieved"][0] == "ivig-immune-thrombocytopenia"
    assert "Fc receptor" in result["answer"]
    check_citations(result)
    assert result["latency_ms"] > 0


def test_follow_up_uses_the_history(client):
    result = ask(client, "how fast does it work?", ["How does IVIG work in ITP?"])
    assert result["history"] == ["How does IVIG work in ITP?"]
    assert "ITP" in result["query"]
    assert not result["abstained"]
    assert result["citations"][0]["doc_id"] == "ivig-immune-thrombocytopenia"
    check_citations(result)


def test_uncovered_question_is_declined_kindly(client):
    result = ask(client, "What is the dose of rituximab?")
    assert result["abstained"] and not result["citations"]
    assert "don't cover" in result["answer"] and "They cover:" in result["answer"]


def test_emergency_is_flagged_first(client):
    result = ask(client, "My throat is swelling and I can't breathe during my infusion")
    assert result["emergency"] and not result["abstained"]
    assert result["urgent_advice"] and result["answer"].startswith(result["urgent_advice"])


def test_over_long_and_empty_questions_get_a_message(client):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="2,000"):
        ask(client, "Does IVIG help? " * 200)
    with pytest.raises(AppError, match="empty"):
        ask(client, "   ")


def test_app_updated_the_stale_index_before_serving(apps, client):
    log = apps["log"].read_text()
    assert "Building the index" in log and "changed since the index was built" in log
    assert "Traceback" not in log          # refused questions are answered with a message, not logged as crashes
    assert REMOVED_DOC not in ask(client, "Is IVIG used for long COVID?")["retrieved"]


def test_mismatched_index_shows_a_readable_message(apps):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    broken = Client(apps["broken_url"], verbose=False)
    with pytest.raises(AppError, match="not available.*format version 999"):
        broken.predict("How does IVIG work in ITP?", [], api_name="/ask")    # waits for the load to end
    state = broken.predict(api_name="/status")
    assert not state["ready"] and not state["loading"] and "Rebuild it with" in state["error"]
    log = apps["broken_log"].read_text()
    assert "format version 999" in log and "Traceback" not in log, log
    assert "Running on local URL" in log          # the page is served all the same


def test_status_reports_ready(client):
    ask(client, "What is IVIG?")            # waits for the bot if it is still loading
    state = client.predict(api_name="/status")
    assert state["ready"] and state["documents"] > 0 and not state["loading"] and not state["error"]


# The render helpers, without a server.

SCRIPT = '<script>alert("x")</script>'


def make_answer(text=f"IVIG is given {SCRIPT} slowly. [1]", emergency=False, abstained=False):
    sentence = f"IVIG is given {SCRIPT} slowly."
    doc_text = f"Intro. {sentence} More <b>text</b>."
    start = 7
    passage = doc_text[start:]
    citation = Citation(n=1, doc_id="doc", title=f"Title {SCRIPT}", passage=passage, start=start,
                        end=len(doc_text), highlights=((start, start + len(sentence)),), heading="<i>Head</i>",
                        meta={"publisher": "<b>Pub</b>", "date": "2025"})
    return Answer(question=f"Q {SCRIPT}", text=text, citations=() if abstained else (citation,),
                  abstained=abstained, emergency=emergency,
                  urgent_advice="Call <now>" if emergency else "")


def test_render_helpers_escape_script():
    answer = make_answer()
    for html in (render.user_message(SCRIPT), render.answer_message(answer), render.sources_panel(answer),
                 render.highlighted_passage(answer.citations[0]), render.banner(SCRIPT, "error")):
        assert "<script" not in html and "&lt;script&gt;" in html
        assert "<b>" not in html and "<i>" not in html
    assert '<sup class="ivig-cite" title="Source 1">[1]</sup>' in render.answer_message(answer)


def test_highlight_marks_the_cited_sentence_inside_the_passage():
    citation = make_answer().citations[0]
    html = render.highlighted_passage(citation)
    marked = re.findall(r"<mark>(.*?)</mark>", html)
    assert marked == ["IVIG is given &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; slowly."]
    assert html.startswith("<mark>")


def test_emergency_alert_comes_first_and_decline_is_styled():
    html = render.answer_message(make_answer(text="Call <now>\n\nWhat the documents say: x [1]", emergency=True))
    assert html.startswith('<div class="ivig-alert" role="alert">') and "Call &lt;now&gt;" in html
    assert html.count("Call &lt;now&gt;") == 1
    declined = render.answer_message(make_answer(text="Sorry, the documents don't cover that.", abstained=True))
    assert 'class="ivig-decline"' in declined and "Sources" not in declined


def test_long_passage_shows_an_excerpt_and_the_whole_on_request():
    body = "Filler sentence here. " * 60
    doc_text = body + "The cited sentence. " + body
    start = 0
    h0 = doc_text.index("The cited")
    citation = Citation(n=1, doc_id="d", title="T", passage=doc_text, start=start, end=len(doc_text),
                        highlights=((h0, h0 + len("The cited sentence.")),))
    html = render.highlighted_passage(citation)
    assert html.startswith("… ") and "Show the whole passage" in html
    assert html.count("<mark>The cited sentence.</mark>") == 2     # excerpt and whole passage


def test_user_message_is_shortened_and_escaped():
    html = render.user_message("<b>" + "a" * 1000)
    assert html.startswith("&lt;b&gt;") and html.endswith(" …") and len(html) < 500
