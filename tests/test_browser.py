"""The chat page in a real browser: Debian's headless Chromium driven by Playwright.

Install the browser with `sh scripts/install_chromium.sh` (never `playwright install`). The app is
started once for the module on an empty index folder, so it also shows that a missing index is built
before the page comes up; its staff page at /staff (IVIG_STAFF_PASSWORD) shows a real `python -m eval`
run of the tiny fixture corpus (IVIG_EVAL_RUN), and the patients' page has no trace of it. Screenshots (desktop 1280x900, phone 390x844, keyboard-only) go to tmp_path, and to docs/ with
IVIG_UPDATE_SCREENSHOTS=1. The accessibility tests at the end share the same app start.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from test_app import STAFF_PASSWORD, make_eval_run, start_app, stop, wait_ready

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
ANSWER_MS = 60_000
DOCS = ROOT / "docs"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason=f"no Chromium at {CHROMIUM}: run sh scripts/install_chromium.sh")


@pytest.fixture(scope="module")
def app(tmp_path_factory, embedder):
    tmp = tmp_path_factory.mktemp("browser")
    log, feedback = tmp / "app.log", tmp / "feedback.jsonl"
    run = make_eval_run(tmp / "eval-run", embedder)
    process, url = start_app(["--index", str(tmp / "index")], log,
                             env={"IVIG_FEEDBACK": str(feedback), "IVIG_EVAL_RUN": str(run),
                                  "IVIG_STAFF_PASSWORD": STAFF_PASSWORD,
                                  # a year, so the myasthenia article (February 2025) is marked out of date
                                  "IVIG_STALE_YEARS": "1"})
    try:
        wait_ready(process, url, log)
        yield {"url": url, "log": log, "feedback": feedback, "eval_run": run}
    finally:
        stop(process)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(app, browser):
    pages = []

    def opener(viewport):
        page = browser.new_page(viewport=viewport)
        page.dialogs = []
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(app["url"])
        page.wait_for_selector("#ivig-question textarea", timeout=ANSWER_MS)
        pages.append(page)
        return page

    yield opener
    for page in pages:
        page.close()


def wait_for_answers(page, count: int) -> None:
    page.wait_for_function(
        """n => document.querySelectorAll('#ivig-chat .bot').length >= n &&
                !document.querySelector('#ivig-chat').innerText.includes('Looking in the documents')""",
        arg=count, timeout=ANSWER_MS)
    page.wait_for_timeout(1200)       # the page scrolls the new question into view


def ask(page, question: str, count: int) -> None:
    box = page.locator("#ivig-question textarea")
    box.fill(question)
    box.press("Enter")
    wait_for_answers(page, count)


def last_answer(page):
    return page.locator("#ivig-chat .bot").last


def save(page, name: str, tmp_path: Path) -> None:
    DOCS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")      # typing scrolled the page to the text box
    page.screenshot(path=str(tmp_path / name))
    if os.environ.get("IVIG_UPDATE_SCREENSHOTS"):      # refresh the README's pictures on request only
        shutil.copyfile(tmp_path / name, DOCS / name)


def test_page_built_the_missing_index_first(app):
    log = app["log"].read_text()
    assert "Building the index" in log and "Index built:" in log


def test_desktop_question_answer_and_sources(open_page, tmp_path):
    page = open_page(DESKTOP)
    assert "not medical advice" in page.inner_text("body")
    ask(page, "How does IVIG work in ITP?", 1)
    answer = last_answer(page)
    assert "Fc receptor" in answer.inner_text()
    assert answer.locator(".ivig-cite").count() >= 1
    assert answer.locator(".ivig-srclist li").count() >= 1
    panel = page.locator("#ivig-sources-panel")
    assert panel.locator(".ivig-card").count() >= 1
    assert "immune thrombocytopenia" in panel.locator(".ivig-card-title").first.inner_text()
    assert panel.locator(".ivig-passage mark").count() >= 1
    ask(page, "how fast does it work?", 2)
    assert "24 hours" in last_answer(page).inner_text()
    save(page, "screenshot-desktop.png", tmp_path)
    page.locator("#ivig-chat .bot").first.click()            # an earlier answer brings back its sources
    page.wait_for_function("() => document.querySelector('#ivig-sources-panel').innerText"
                           ".includes('How does IVIG work in ITP?')", timeout=10_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]


def test_phone_layout_fits(open_page, tmp_path):
    page = open_page(PHONE)
    ask(page, "How does IVIG work in ITP?", 1)
    assert last_answer(page).locator(".ivig-cite").count() >= 1
    assert page.locator("#ivig-sources-panel .ivig-card").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]   # no sideways scrolling
    chat = page.locator("#ivig-chat").bounding_box()
    panel = page.locator("#ivig-sources-panel").bounding_box()
    assert panel["y"] >= chat["y"] + chat["height"] - 1        # sources stack under the chat
    save(page, "screenshot-phone.png", tmp_path)
    page.screenshot(path=str(tmp_path / "screenshot-phone-full.png"), full_page=True)
    if os.environ.get("IVIG_UPDATE_SCREENSHOTS"):
        shutil.copyfile(tmp_path / "screenshot-phone-full.png", DOCS / "screenshot-phone-full.png")


def test_emergency_alert_comes_first_and_stands_out(open_page, tmp_path):
    page = open_page(PHONE)
    ask(page, "My throat is swelling and I can't breathe during my infusion", 1)
    content = last_answer(page).locator(".message-content")
    first = content.locator(":scope > span > *").first
    assert "ivig-alert" in first.get_attribute("class")
    assert "emergency" in first.inner_text()
    background = first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(185, 28, 28)"
    save(page, "screenshot-emergency-phone.png", tmp_path)


def test_html_in_a_question_is_shown_as_text(open_page):
    page = open_page(DESKTOP)
    question = '<img src=x onerror=alert(1)><script>alert(2)</script> What is IVIG?'
    ask(page, question, 1)
    user = page.locator("#ivig-chat .user").last
    assert "<script>alert(2)</script>" in user.inner_text()
    assert user.locator("img, script").count() == 0
    assert page.dialogs == []


def test_latex_and_bracketed_numbers_show_as_text(open_page):
    """"$$x$$" is not typeset and "[12]" is no source badge: badges come only from the answer's citations."""
    page = open_page(DESKTOP)
    ask(page, "$$x^2$$ and [12]: how does IVIG work in ITP?", 1)
    user = page.locator("#ivig-chat .user").last
    assert "$$x^2$$ and [12]: how does IVIG work in ITP?" in user.inner_text()
    assert page.locator("#ivig-chat .katex, #ivig-chat math").count() == 0
    assert user.locator(".ivig-cite").count() == 0
    badges = last_answer(page).locator(".ivig-cite").all_inner_texts()
    assert badges and "[12]" not in badges and "Fc receptor" in last_answer(page).inner_text()


def test_example_vote_comment_and_clear(open_page, app):
    page = open_page(DESKTOP)
    page.get_by_text("Can IVIG help myasthenia gravis?").click()
    wait_for_answers(page, 1)
    assert "myasthenia" in last_answer(page).inner_text().lower()
    stale = last_answer(page).locator(".ivig-stale")             # older than IVIG_STALE_YEARS: marked
    assert stale.first.is_visible() and "may be out of date (more than 1 year old)" in stale.first.inner_text()
    page.locator("#ivig-chat button[aria-label='Like']").last.click()
    comment = page.get_by_label("Thanks! What was helpful?", exact=False)
    notice = page.locator("#ivig-feedback-notice")                 # what is kept, said at the vote
    notice.wait_for(state="visible", timeout=10_000)
    assert "Names, email addresses, phone numbers" in notice.inner_text()
    comment.fill("Clear and short. I'm Jane Doe, 07911 123456.")
    page.get_by_role("button", name="Send comment").click()
    page.wait_for_function("() => !document.body.innerText.includes('Send comment')", timeout=10_000)
    records = [json.loads(line) for line in app["feedback"].read_text().splitlines()]
    assert [r["vote"] for r in records[-2:]] == ["up", "up"]
    assert records[-1]["comment"] == "Clear and short. I'm [name], [phone]."
    assert records[-1]["feedback_id"] == records[-2]["feedback_id"]
    assert records[-1]["query"] == "Can IVIG help myasthenia gravis?" and records[-1]["citations"]
    assert set(records[-1]) == {"feedback_id", "date", "query", "citations", "abstained", "emergency", "vote",
                                "comment"}
    assert all("passage" not in c for c in records[-1]["citations"])
    page.get_by_role("button", name="Clear chat").click()
    page.wait_for_function("() => document.querySelectorAll('#ivig-chat .bot').length === 0", timeout=10_000)
    assert page.locator("#ivig-sources-panel .ivig-card").count() == 0


def open_staff_page(browser, app, viewport, password=STAFF_PASSWORD):
    """A new page logged in at /staff (or refused: then the login form is still there)."""
    page = browser.new_page(viewport=viewport)
    page.goto(app["url"] + "/staff/")
    page.get_by_label("username", exact=False).fill("staff")
    page.get_by_label("password", exact=False).fill(password)
    page.get_by_role("button", name="Login").click()
    return page


def wait_for_report(page):
    """The report's frame once its figures are in."""
    page.wait_for_selector("#ivig-eval-summary li", timeout=20_000)
    report = page.frame_locator("#ivig-eval-report iframe")
    report.locator(".card").first.wait_for(timeout=20_000)
    return report


def test_patients_page_has_no_evaluation(open_page):
    page = open_page(DESKTOP)
    page.wait_for_timeout(1000)
    assert page.get_by_role("tab").count() == 0
    assert "Evaluation" not in page.inner_text("body") and page.locator("[id^=ivig-eval]").count() == 0


def test_wrong_staff_password_gets_nothing(browser, app):
    page = open_staff_page(browser, app, DESKTOP, password="not the password")
    page.get_by_text("Incorrect", exact=False).wait_for(timeout=20_000)
    assert page.locator("#ivig-eval-report").count() == 0 and page.frames == [page.main_frame]
    page.close()


def test_staff_page_shows_the_latest_run(browser, app, tmp_path):
    page = open_staff_page(browser, app, DESKTOP)
    report = wait_for_report(page)
    metrics = json.loads((app["eval_run"] / "metrics.json").read_text())
    rows = [json.loads(line) for line in (app["eval_run"] / "results.jsonl").read_text().splitlines()]
    passed = sum(r["pass"] for r in rows)
    summary = page.locator("#ivig-eval-summary").inner_text()
    assert f"{len(rows)} questions: {passed} passed, {len(rows) - passed} failed" in summary
    from eval.figures import show
    cards = report.locator(".cards").inner_text()
    for label, key in (("hit@1", "hit@1"), ("fact recall", "fact_recall"), ("emergency recall", "emergency_recall")):
        assert f"{label}\t{show(metrics[key])}" in cards
    images = report.locator("figure img")
    assert images.count() == len(list(app["eval_run"].glob("*.png"))) == 4      # every plot the run made
    assert images.evaluate_all("imgs => imgs.every(i => i.complete && i.naturalWidth > 300)")
    assert report.locator("tr.pass, tr.fail").count() == len(rows)
    assert "By category" in report.locator("body").inner_text()
    report.get_by_role("link", name="Questions", exact=True).click()       # the report's own links stay in it
    page.wait_for_timeout(500)
    assert [f.url for f in page.frames][1:] == ["about:srcdoc#questions"]
    with page.expect_download(timeout=10_000) as download:
        page.get_by_role("link", name="Download report.html").click()
    assert download.value.suggested_filename == "report.html"
    saved = Path(download.value.path()).read_bytes()
    assert saved == (app["eval_run"] / "report.html").read_bytes()
    assert str(app["eval_run"].parent).encode() not in saved and str(ROOT).encode() not in saved
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    report.locator("h1").scroll_into_view_if_needed()
    save(page, "screenshot-evaluation.png", tmp_path)
    page.get_by_role("button", name="Refresh").click()
    page.wait_for_timeout(1000)
    assert page.frame_locator("#ivig-eval-report iframe").locator(".card").count() >= 4
    page.get_by_role("link", name="Log out").click()
    page.get_by_role("button", name="Login").wait_for(timeout=20_000)         # back to the login form
    assert page.locator("#ivig-eval-report").count() == 0
    page.close()


def test_staff_page_fits_a_phone(browser, app, tmp_path):
    page = open_staff_page(browser, app, PHONE)
    report = wait_for_report(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    frame = page.frames[1]
    assert frame.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    card = report.locator("tr.pass, tr.fail").first                  # one card per question, not a wide table
    box = card.bounding_box()
    assert card.evaluate("tr => getComputedStyle(tr).display") == "flex" and box["width"] <= PHONE["width"]
    page.screenshot(path=str(tmp_path / "evaluation-phone.png"))
    page.close()


# Everyone can use it: an axe-core audit, the keyboard alone, screen readers, small screens and zoom.

ITP = "How does IVIG work in ITP?"
EMERGENCY = "My throat is swelling and I can't breathe during my infusion"
DECLINED = "What is the rituximab dose for ITP?"
SERIOUS = ("serious", "critical")
NARROW = {"width": 320, "height": 640}          # WCAG's reflow width
ZOOMED = {"width": 640, "height": 450}          # a 1280x900 window at 200% zoom lays the page out like this


def audit(page, name: str, tmp_path: Path) -> list[str]:
    """axe-core's serious and critical violations on the page as it stands (all of them saved as JSON)."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    (tmp_path / f"axe-{name}.json").write_text(json.dumps(violations, indent=1))
    print(f"axe {name}: {len(violations)} violations, "
          f"{sum(v['impact'] in SERIOUS for v in violations)} serious or critical")
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
            for v in violations if v["impact"] in SERIOUS]


def test_axe_finds_nothing_serious(open_page, tmp_path):
    page = open_page(DESKTOP)
    page.wait_for_timeout(1000)
    found = {"empty chat": audit(page, "empty", tmp_path)}
    ask(page, ITP, 1)
    card = page.locator("#ivig-sources-panel .ivig-card").first
    assert "pending human review" in card.locator(".ivig-status").inner_text()      # where the source stands
    assert card.locator(".ivig-date").inner_text() == "2026-02-13"
    live = page.locator("#ivig-live [aria-live=polite]")                           # the answer is announced
    assert "Fc receptor" in live.inner_text()
    page.locator(".ivig-suggestion").first.wait_for(state="visible", timeout=ANSWER_MS)   # filled in after
    found["cited answer"] = audit(page, "answer", tmp_path)
    ask(page, EMERGENCY, 2)
    assert live.inner_text().startswith("Get help now.")                           # urgent advice first
    assert last_answer(page).locator("[role=alert]").count() == 1
    found["emergency"] = audit(page, "emergency", tmp_path)
    ask(page, DECLINED, 3)
    assert last_answer(page).locator(".ivig-decline").count() == 1
    found["declined"] = audit(page, "declined", tmp_path)
    phone = open_page(PHONE)
    ask(phone, ITP, 1)
    found["phone"] = audit(phone, "phone", tmp_path)
    assert found == {state: [] for state in found}


def focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName, id: e.id, href: e.getAttribute('href') || '', label: e.getAttribute('aria-label') || '',
                text: (e.innerText || '').trim(), term: !!e.closest('.ivig-term'),
                suggestion: !!e.closest('.ivig-suggestion')}; }""")


def tab_until(page, wanted, backwards: bool = False, limit: int = 150) -> dict:
    """Press Tab (or Shift+Tab) until the focused element is the one wanted."""
    for _ in range(limit):
        now = focused(page)
        if wanted(now):
            return now
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"the keyboard never reached it; the focus ended on {focused(page)}")


def test_keyboard_alone_asks_opens_each_source_votes_and_clears(open_page, app, tmp_path):
    """No mouse: type and send, open each [n] badge's source, open a glossary term and ask a suggested
    question (when the bot gives them), vote, clear. Badges read as "source n: <title>"."""
    page = open_page(DESKTOP)
    assert focused(page)["tag"] == "TEXTAREA"                       # the question box has the focus at once
    page.keyboard.type(ITP)
    page.keyboard.press("Enter")
    wait_for_answers(page, 1)
    badges = last_answer(page).locator("a.ivig-cite")
    names = badges.evaluate_all("links => links.map(a => a.textContent)")
    titles = page.locator("#ivig-sources-panel .ivig-card-title").evaluate_all(
        "cards => cards.map(c => c.firstChild.nextSibling.textContent.trim())")
    numbers = [int(n) for n in badges.evaluate_all("links => links.map(a => a.href.split('-').pop())")]
    assert names and names == [f"source {n}: {titles[n - 1]}" for n in numbers]
    for href in dict.fromkeys(badges.evaluate_all("links => links.map(a => a.getAttribute('href'))")):
        tab_until(page, lambda f: f["href"] == href, backwards=True)
        page.keyboard.press("Enter")
        page.wait_for_function("id => document.activeElement.id === id", arg=href[1:], timeout=10_000)
        if href.endswith("-2"):
            save(page, "screenshot-keyboard.png", tmp_path)
    assert last_answer(page).locator(".ivig-term").count()           # the ITP answer's glossary terms
    tab_until(page, lambda f: f["term"], backwards=True)
    page.keyboard.press("Enter")
    assert last_answer(page).locator(".ivig-term[open] .ivig-def").first.is_visible()
    # The suggestions come in a step after the answer: wait for them, then ask one.
    page.locator(".ivig-suggestion").first.wait_for(state="visible", timeout=ANSWER_MS)
    tab_until(page, lambda f: f["suggestion"])
    asked = focused(page)["text"]
    page.keyboard.press("Enter")
    answers = 2
    wait_for_answers(page, answers)
    assert asked in page.locator("#ivig-chat .user").last.inner_text()
    tab_until(page, lambda f: f["label"] == "Like", backwards=True)
    page.keyboard.press("Enter")
    page.locator("#ivig-feedback-notice").wait_for(state="visible", timeout=10_000)
    record = json.loads(app["feedback"].read_text().splitlines()[-1])
    assert record["vote"] == "up" and record["citations"]
    tab_until(page, lambda f: f["text"] == "Clear chat")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('#ivig-chat .bot').length === 0", timeout=10_000)
    assert page.locator("#ivig-sources-panel .ivig-card").count() == 0


@pytest.mark.parametrize("viewport", [NARROW, ZOOMED], ids=["320px", "200%-zoom"])
def test_narrow_screen_and_zoom_lose_nothing(open_page, viewport):
    page = open_page(viewport)
    ask(page, ITP, 1)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]      # no sideways scrolling
    answer = last_answer(page)
    assert "Fc receptor" in answer.inner_text() and "pending human review" in answer.inner_text()
    parts = [answer, answer.locator("a.ivig-cite").first, page.locator("#ivig-question textarea"),
             page.get_by_role("button", name="Ask"), page.get_by_role("button", name="Clear chat"),
             page.locator("#ivig-sources-panel .ivig-card").first]
    for part in parts:
        part.scroll_into_view_if_needed()
        box = part.bounding_box()
        assert box and box["width"] > 0 and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 1


def test_reduced_motion_is_respected(open_page):
    page = open_page(DESKTOP)
    longest = """() => Math.max(...[...document.querySelectorAll('*')].flatMap(e =>
        getComputedStyle(e).transitionDuration.split(',').map(parseFloat)))"""
    assert page.evaluate(longest) > 0.05                  # Gradio's buttons and inputs do animate
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate(longest) <= 0.001
