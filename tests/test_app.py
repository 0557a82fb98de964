"""End to end: `python app.py` on loopback, driven through gradio_client's /ask endpoint.

One tmp index of the repo's corpus is built per module; two apps start side by side: one on that
index (whose corpus copy lost a document since the build, so the app must update the index first),
one (--no-build) on a copy whose manifest claims another format version: it must still serve a page,
which says so.
The first app has no staff password: no /staff at all. The second has one, inherits
GRADIO_ANALYTICS_ENABLED=True, and serves the staff's page at /staff for a real `python -m eval` run of
the tiny fixture corpus in tests/data/eval (make_eval_run, also used by test_browser.py).
The render helpers are tested directly: they must escape whatever a person or a document contains.
So is the staff's page content (ui/evaluation.py and ui/staff.show), on that run and on missing and
malformed run folders; nothing it serves may name a server folder.
"""
from __future__ import annotations

import base64
import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.types import Answer, Citation, Sentence  # noqa: E402
from ui import evaluation, render, staff  # noqa: E402

STARTUP_SECONDS = 240
REMOVED_DOC = "ivig-long-covid"
STAFF_PASSWORD = "correct horse battery staple"
EVAL_DATA = ROOT / "tests" / "data" / "eval"
PNG_IN_PAGE = '<img src="data:image/png;base64,'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(args: list[str], log: Path, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    inherited = {k: v for k, v in os.environ.items() if k != "IVIG_STAFF_PASSWORD"}     # a staff page only on request
    with open(log, "w") as handle:
        process = subprocess.Popen([sys.executable, "app.py", "--port", str(port), *args], cwd=ROOT,
                                   stdout=handle, stderr=subprocess.STDOUT,
                                   env={**inherited, "GRADIO_ANALYTICS_ENABLED": "False", **(env or {})})
    return process, f"http://127.0.0.1:{port}"


def wait_ready(process: subprocess.Popen, url: str, log: Path) -> None:
    """Wait until the page is served and start-up (model, index build, bot) is over, ready or failed."""
    from gradio_client import Client

    deadline = time.time() + STARTUP_SECONDS
    while time.time() < deadline:
        if process.poll() is not None:
            pytest.fail(f"app exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "/config", timeout=5) as response:
                if response.status == 200 and not Client(url, verbose=False).predict(api_name="/status")["loading"]:
                    return
        except OSError:
            pass
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
def apps(tmp_path_factory, eval_run):
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
    good, good_url = start_app(["--index", str(index), "--corpus", str(corpus), "--runs", str(tmp / "no-run")],
                               logs[0], {"IVIG_FEEDBACK": str(feedback)})
    bad, bad_url = start_app(["--index", str(broken), "--no-build", "--runs", str(eval_run)], logs[1],
                             {"IVIG_STAFF_PASSWORD": STAFF_PASSWORD, "GRADIO_ANALYTICS_ENABLED": "True"})
    try:
        wait_ready(good, good_url, logs[0])
        wait_ready(bad, bad_url, logs[1])
        yield {"url": good_url, "log": logs[0], "broken_url": bad_url, "broken_log": logs[1], "eval_run": eval_run}
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
    cited = {n for sentence in result["sentences"] for n in sentence["citations"]}
    numbers = {c["n"] for c in result["citations"]}
    assert cited and cited == numbers
    passages = {c["n"]: " ".join(c["passage"].split()) for c in result["citations"]}
    for sentence in result["sentences"]:
        assert sentence["text"] in result["answer"]
        assert all(sentence["text"] in passages[n] for n in sentence["citations"])
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
    assert result["abstained"] and not result["citations"] and not result["sentences"]
    assert "don't cover" in result["answer"] and "They cover:" in result["answer"]
    assert result["covers"] and result["abstain_reason"]


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


# The staff's page at /staff, and what the patients' page does not have.

def fetch(url: str, opener=None, data: dict | None = None) -> tuple[int, str]:
    """(HTTP status, body) of a GET, or of a form POST when `data` is given."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with (opener or urllib.request.build_opener()).open(url, data=body, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def staff_opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def test_patients_page_has_no_staff_page_and_no_run_files(apps):
    for url in (apps["url"], apps["broken_url"]):
        status, config = fetch(url + "/config")
        assert status == 200 and '"ivig-chat"' in config
        assert "ivig-eval" not in config and "Evaluation" not in config      # no tab, no component, no event
        report = apps["eval_run"] / "report.html"
        assert fetch(f"{url}/gradio_api/file={report}")[0] == 403             # the run folder is not served
    for path in ("/staff", "/staff/", "/staff/config"):                        # no password set: no page at all
        assert fetch(apps["url"] + path)[0] == 404
    assert "No staff page: IVIG_STAFF_PASSWORD is not set" in apps["log"].read_text()


def test_staff_page_needs_the_password(apps):
    url = apps["broken_url"] + "/staff"
    status, config = fetch(url + "/config")
    assert status == 401 and "ivig-eval" not in config
    report = apps["eval_run"] / "report.html"
    for path in ("/gradio_api/info", f"/gradio_api/file={report}"):     # nothing of it without a login
        status, body = fetch(url + path)
        assert status == 401 and "ivig-eval" not in body and "Evaluation report" not in body
    status, body = fetch(url + "/")                                      # the login form, and only that
    assert status == 200 and "ivig-eval" not in body and "Evaluation report" not in body
    opener = staff_opener()
    for user, password in (("staff", "wrong"), ("admin", STAFF_PASSWORD), ("staff", STAFF_PASSWORD[:-1])):
        status, body = fetch(url + "/login", opener, {"username": user, "password": password})
        assert status == 400 and "Incorrect credentials" in body
    assert fetch(url + "/login", opener, {"username": "staff", "password": ""})[0] == 422      # no password: a bad form
    assert fetch(url + "/config", opener)[0] == 401                          # refused logins left no access
    status, body = fetch(url + "/login", opener, {"username": "staff", "password": STAFF_PASSWORD})
    assert status == 200 and json.loads(body) == {"success": True}
    status, config = fetch(url + "/config", opener)
    assert status == 200 and '"ivig-eval-report"' in config and '"ivig-chat"' not in config
    status, page = fetch(url + "/", opener)
    assert status == 200 and staff.TITLE in page


def test_analytics_stay_off_whatever_the_environment_says(apps):
    """The second app inherited GRADIO_ANALYTICS_ENABLED=True; both its pages must still have them off."""
    opener = staff_opener()
    fetch(apps["broken_url"] + "/staff/login", opener, {"username": "staff", "password": STAFF_PASSWORD})
    for config in (fetch(apps["broken_url"] + "/config")[1], fetch(apps["broken_url"] + "/staff/config", opener)[1]):
        assert json.loads(config)["analytics_enabled"] is False


# The render helpers, without a server.

SCRIPT = '<script>alert("x")</script>'


def make_answer(emergency=False, abstained=False, note=""):
    sentence = f"IVIG is given {SCRIPT} slowly."
    doc_text = f"Intro. {sentence} More <b>text</b>."
    start = 7
    passage = doc_text[start:]
    citation = Citation(n=1, doc_id="doc", title=f"Title {SCRIPT}", passage=passage, start=start,
                        end=len(doc_text), highlights=((start, start + len(sentence)),), heading="<i>Head</i>",
                        meta={"publisher": "<b>Pub</b>", "date": "2025"})
    return Answer(question=f"Q {SCRIPT}", sentences=() if abstained else (Sentence(sentence, (1,)),),
                  citations=() if abstained else (citation,), abstained=abstained, emergency=emergency,
                  urgent_advice="Call <now>" if emergency else "", note=note,
                  abstain_reason="they don't mention <b>x</b>" if abstained else "",
                  covers=("Doc <i>one</i>",) if abstained else ())


def test_render_helpers_escape_script():
    answer = make_answer()
    for html in (render.user_message(SCRIPT), render.answer_message(answer), render.sources_panel(answer),
                 render.highlighted_passage(answer.citations[0]), render.banner(SCRIPT, "error")):
        assert "<script" not in html and "&lt;script&gt;" in html
        assert "<b>" not in html and "<i>" not in html
    assert render.answer_message(answer).count('class="ivig-cite"') == 1


def test_highlight_marks_the_cited_sentence_inside_the_passage():
    citation = make_answer().citations[0]
    html = render.highlighted_passage(citation)
    marked = re.findall(r"<mark>(.*?)</mark>", html)
    assert marked == ["IVIG is given &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; slowly."]
    assert html.startswith("<mark>")


def test_emergency_alert_comes_first_and_decline_is_styled():
    html = render.answer_message(make_answer(emergency=True))
    assert html.startswith('<div class="ivig-alert" role="alert">') and "Call &lt;now&gt;" in html
    assert html.count("Call &lt;now&gt;") == 1
    assert "What the documents say that may be relevant: IVIG is given" in html
    declined = render.answer_message(make_answer(abstained=True))
    assert 'class="ivig-decline"' in declined and "Sources" not in declined
    assert "they don&#x27;t mention &lt;b&gt;x&lt;/b&gt;" in declined and "Doc &lt;i&gt;one&lt;/i&gt;" in declined
    noted = render.answer_message(make_answer(note="Ask <your> clinician."))
    assert '<div class="ivig-note">Ask &lt;your&gt; clinician.</div>' in noted


def test_badges_come_from_the_structure_not_the_text():
    """A "[12]" or "$$x$$" inside a quoted sentence stays text; only the sentence's own citations get badges."""
    answer = make_answer()
    odd = Sentence("Doses were [12] g/kg in trial [3], see $$x^2$$.", (1,))
    html = render.answer_message(Answer(question="q", sentences=(odd,), citations=answer.citations))
    assert html.count('class="ivig-cite"') == 1 and ">1<" in html
    assert "Doses were [12] g/kg in trial [3], see $$x^2$$." in html
    assert render.user_message("What is [12] $$x$$?") == "What is [12] $$x$$?"


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


# The staff's page content, without a server: what ui/staff.show returns for a run folder.

def make_eval_run(out: Path, embedder) -> Path:
    """A real `python -m eval` run of the tiny fixture corpus (three documents, five questions) into `out`."""
    from bot import Bot
    from eval.__main__ import main
    from index.build import build_index

    index = out.parent / f"{out.name}-index"
    build_index(EVAL_DATA / "corpus", index, embedder=embedder, progress=False)
    code = main(["--testset", str(EVAL_DATA / "testset.jsonl"), "--index", str(index), "--out", str(out), "--quiet"],
                make_bot=lambda index, model, threshold: Bot(index, embedder=embedder))
    assert code == 0 and (out / "report.html").is_file()
    return out


@pytest.fixture(scope="module")
def eval_run(tmp_path_factory, embedder):
    return make_eval_run(tmp_path_factory.mktemp("eval") / "run", embedder)


def framed(report: str) -> str:
    """The page inside the report's iframe (its srcdoc attribute, as the browser reads it)."""
    from html.parser import HTMLParser

    found = []

    class Frames(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "iframe":
                found.append(dict(attrs))

    Frames().feed(report)
    assert len(found) == 1 and "allow-scripts" not in found[0]["sandbox"]
    return found[0]["srcdoc"]


def downloaded(link: str) -> str:
    """The page the download link saves (its data: address decoded); "" when there is no link."""
    if not link:
        return ""
    match = re.fullmatch(r'<a class="ivig-eval-download" download="report.html" '
                         r'href="data:text/html;charset=utf-8;base64,([A-Za-z0-9+/=]+)">Download report.html</a>', link)
    assert match, link
    return base64.b64decode(match.group(1)).decode("utf-8")


def server_folders(*extra: Path) -> list[str]:
    return [str(p) for p in (ROOT, *extra)]


def test_staff_page_shows_figures_plots_and_questions(eval_run):
    from eval.figures import show as figure

    summary, report, link = staff.show(eval_run)
    metrics = json.loads((eval_run / "metrics.json").read_text())
    rows = [json.loads(line) for line in (eval_run / "results.jsonl").read_text().splitlines()]
    passed = sum(r["pass"] for r in rows)
    assert f"<b>{len(rows)}</b> questions: <b>{passed}</b> passed, <b>{len(rows) - passed}</b> failed" in summary
    assert "finished" in summary and f"<b>Run</b> {eval_run.name}," in summary
    page = framed(report)
    written = (eval_run / "report.html").read_text()
    assert page == written.replace("</head>", evaluation.FRAME_HEAD + "</head>", 1)   # eval wrote no server path
    for label, key in (("hit@1", "hit@1"), ("fact recall", "fact_recall"), ("emergency recall", "emergency_recall"),
                       ("latency p95 (ms)", "latency_p95_ms")):
        assert f"<td>{label}</td><td class=\"v\">{figure(metrics[key])}</td>" in page
    assert page.count(PNG_IN_PAGE) == len(list(eval_run.glob("*.png"))) == 4   # every plot, reading grades too
    assert "By category" in page and "By document" in page
    for row in rows:
        assert f'id="q-{row["id"]}"' in page
    assert '<base href="about:srcdoc">' in page                # the report's #links stay inside the frame
    assert "<script" not in report and "<script" not in page.replace("&lt;script", "")
    assert downloaded(link) == written


def test_nothing_served_names_a_server_folder(eval_run, tmp_path, monkeypatch):
    """Neither the page nor the download may hold the run, index, test set or project folders; not even
    for a run written before eval stopped putting them in (an absolute index path in its heading).
    Folders inside the current folder are named relative to it, others by their last part."""
    monkeypatch.chdir(ROOT)
    run_json = json.loads((eval_run / "run.json").read_text())
    assert Path(run_json["index"]).is_absolute()              # the server keeps them, in run.json
    for name in ("report.html", "report.md"):
        text = (eval_run / name).read_text()
        assert all(folder not in text for folder in server_folders(eval_run.parent)), name
    old = tmp_path / "old-run"
    shutil.copytree(eval_run, old)
    page = (old / "report.html").read_text()
    heading = re.search(r'<p class="sub">(.*?)</p>', page).group(1)
    old_heading = f"index {run_json['index']}; test set {run_json['testset']}; run {old}/results.jsonl"
    (old / "report.html").write_text(page.replace(heading, old_heading))
    for folder in (eval_run, old):
        served = " ".join(staff.show(folder))
        served += downloaded(staff.show(folder)[2])
        for path in server_folders(eval_run.parent, tmp_path, Path(run_json["index"]), Path(run_json["testset"])):
            assert path not in served, (folder, path)
    assert (f"index {Path(run_json['index']).name}; test set tests/data/eval/testset.jsonl; run results.jsonl"
            in downloaded(staff.show(old)[2]))


def test_staff_page_renders_a_run_without_report_html(eval_run, tmp_path):
    """An older run folder with the data files only: eval's own renderer draws the report, nothing is written."""
    folder = tmp_path / "run"
    shutil.copytree(eval_run, folder)
    (folder / "report.html").unlink()
    (folder / "breakdown.json").unlink()
    summary, report, link = staff.show(folder)
    page = framed(report)
    assert "<td>hit@1</td>" in page and page.count(PNG_IN_PAGE) == len(list(folder.glob("*.png"))) == 4 and "By category" in page
    assert "<td>hit@1</td>" in downloaded(link) and not (folder / "report.html").exists()


def test_staff_page_says_how_to_make_a_run(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    summary, report, link = staff.show(tmp_path / "runs" / "latest")
    assert "There is no evaluation run yet" in report and "does not exist" in report
    assert "python -m eval --testset eval/testset.jsonl --out latest" in report and str(tmp_path) not in report
    assert "<iframe" not in report and link == "" and "For clinical staff" in summary
    summary, report, link = staff.show(tmp_path)                  # a folder with no results in it
    assert "holds no evaluation results" in report
    monkeypatch.delenv(evaluation.RUN_ENV, raising=False)                  # default: where python -m eval writes
    assert evaluation.run_folder() == ROOT / "runs" / "latest"
    assert evaluation.make_run_command(evaluation.run_folder()) == \
        "python -m eval --testset eval/testset.jsonl --out runs/latest"
    monkeypatch.setenv(evaluation.RUN_ENV, str(tmp_path))
    assert evaluation.run_folder() == tmp_path and evaluation.run_folder("elsewhere") == Path("elsewhere")


def test_staff_page_survives_a_malformed_run(eval_run, tmp_path, capsys):
    folder = tmp_path / "run"
    shutil.copytree(eval_run, folder)
    (folder / "metrics.json").write_text("{not json")
    summary, report, _ = staff.show(folder)             # the report is still there: shown, with a warning
    assert "metrics.json could not be read" in summary and "<iframe" in report
    (folder / "report.html").unlink()                          # now the report must come from the broken files
    summary, report, link = staff.show(folder)
    assert "could not be shown: metrics.json could not be read" in report and "<iframe" not in report
    assert link == ""
    (folder / "metrics.json").write_text("{}")
    (folder / "results.jsonl").write_text("not json\n")
    summary, report, _ = staff.show(folder)
    assert "could not be shown: results.jsonl is not one JSON object per line" in report
    (folder / "results.jsonl").write_text('{"id": "x"}\n')
    summary, report, _ = staff.show(folder)
    assert "could not be shown: the field" in report and "Traceback" not in report
    assert "Traceback" in capsys.readouterr().err              # the details go to the console, not the page


def test_login_check_refuses_wrong_passwords():
    import asyncio
    import inspect

    check = staff.gate("s3cret", delay=0)
    assert inspect.iscoroutinefunction(check)          # else gradio would take the coroutine itself for "yes"
    results = [asyncio.run(check(user, password)) for user, password in
               (("staff", "s3cret"), (" Staff ", "s3cret"), ("staff", "s3cre"), ("staff", "S3CRET"), ("", "s3cret"))]
    assert results == [True, True, False, False, False]
    assert staff.mount(None, Path("runs/latest")) == {} and staff.mount("", Path("runs/latest")) == {}
