"""ui/render.py on Answers built by hand: badges that name their source, glossary terms, where a source
stands (date, review status, out of date), the live region's words. No server, no model."""
from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest

from bot.types import Answer, Citation, Definition, Sentence
import settings
from ui import render

TODAY = date(2026, 6, 1)
SCRIPT = "<script>alert(1)</script>"


def citation(n=1, title="Platelets and you", **meta) -> Citation:
    text = "Intro. Thrombocytopenia means a low platelet count. More text."
    return Citation(n=n, doc_id=f"doc{n}", title=title, passage=text, start=0, end=len(text),
                    highlights=((7, 51),), meta=meta)


def answer(sentences, glossary=(), citations=None, **fields) -> Answer:
    return Answer(question="What is ITP?", sentences=tuple(sentences),
                  citations=citations or (citation(1), citation(2, "Second <b>doc</b>")), glossary=tuple(glossary),
                  **fields)


class Tags(HTMLParser):
    """The start tags of a fragment with their attributes, and whether every tag was closed."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.open = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in ("br",):
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open.pop() == tag, f"</{tag}> closes nothing"


# Badges

def test_badge_links_to_its_card_and_reads_as_source_n_title():
    ans = answer([Sentence("Platelets are low.", (1, 2))])
    html = render.answer_message(ans)
    links = [a for tag, a in Tags(html).tags if tag == "a" and a.get("class") == "ivig-cite"]
    key = render.answer_key(ans)
    assert [a["href"] for a in links] == [f"#ivig-src-{key}-1", f"#ivig-src-{key}-2"]
    # the words a screen reader reads: hidden text only; the brackets are drawn by CSS
    spoken = [re.sub(r"<[^>]+>", "", m) for m in re.findall(r'<a class="ivig-cite"[^>]*>(.*?)</a>', html)]
    assert spoken == ["source 1: Platelets and you", "source 2: Second &lt;b&gt;doc&lt;/b&gt;"]
    panel = render.sources_panel(ans)
    for n in (1, 2):       # each link has its card, which can take the focus
        assert f'id="ivig-src-{key}-{n}" tabindex="-1"' in panel
    assert '.ivig-cite::before { content: "[" / ""; }' in render.CSS


def test_answers_have_their_own_card_ids():
    one = answer([Sentence("Platelets are low.", (1,))])
    other = Answer(question="Another question", sentences=one.sentences, citations=one.citations)
    assert render.answer_key(one) != render.answer_key(other)
    assert render.answer_key(one) == render.answer_key(answer([Sentence("Platelets are low.", (1,))]))


# Glossary

GLOSSARY = (Definition("thrombocytopenia", "A low number of platelets in the blood.", "MedQuAD, NIH (CC BY 4.0)",
                       "https://www.nhlbi.nih.gov/x?a=1&b=<2>"),
            Definition("Fc receptor", "A protein on cells that <binds> antibodies.", "Doc \"one\""))


def test_glossary_terms_become_disclosures_with_definition_and_source():
    ans = answer([Sentence("Immune Thrombocytopenia is treated by blocking the Fc receptor. [3]", (1,))], GLOSSARY)
    html = render.answer_message(ans)
    assert html.count('<details class="ivig-term">') == 2
    assert '<summary title="A low number of platelets in the blood. (MedQuAD, NIH (CC BY 4.0))">' \
           'Thrombocytopenia</summary>' in html                     # the sentence's own spelling is kept
    assert "<strong>thrombocytopenia:</strong> A low number of platelets in the blood." in html
    assert 'href="https://www.nhlbi.nih.gov/x?a=1&amp;b=&lt;2&gt;"' in html
    assert "A protein on cells that &lt;binds&gt; antibodies." in html and "Source: Doc &quot;one&quot;" in html
    # the sentence's text is unchanged around the terms, and "[3]" in it stays text
    words = re.sub(r'<span class="ivig-def">.*?</span></span>|<[^>]+>', "", html.split("ivig-srclist")[0])
    assert "Immune Thrombocytopenia is treated by blocking the Fc receptor. [3]" in words
    Tags(html)                                                      # well nested
    assert '<div class="ivig-answer">' in html and "<p class=\"ivig-answer\"" not in html   # no <details> in <p>


def test_glossary_marks_whole_words_once_per_answer_and_escapes():
    defs = (Definition("ITP", "A bleeding disorder.", "S"), Definition("<b>", "x", "S"))
    ans = answer([Sentence("ITP and ITPs differ.", (1,)), Sentence("ITP again • <b> here", (2,))], defs)
    html = render.answer_message(ans)
    assert html.count("<summary") == 2 and "ITPs differ" in html
    assert html.index("<summary") < html.index("ITPs")                 # the first use, in the first sentence
    assert "<b>" not in html and "<summary title=\"x (S)\">&lt;b&gt;</summary>" in html
    assert "<br>• " in html                                        # bullets still on their own lines


def test_no_glossary_no_disclosures():
    assert "<details" not in render.answer_message(answer([Sentence("Thrombocytopenia.", (1,))]))


# Where a source stands

@pytest.mark.parametrize("value, expected", [
    ("2025-02-27", date(2025, 2, 27)), ("2026", date(2026, 1, 1)), ("2019-07", date(2019, 7, 1)),
    ("2024-02-30", None), ("last spring", None), (None, None), ("2020-01-02T10:00:00", date(2020, 1, 2))])
def test_source_date(value, expected):
    assert render.source_date(value) == expected


def test_source_line_shows_date_status_and_out_of_date():
    fresh = citation(publisher="Dr.Oracle", date="2026-02-13", review_status="pending <human> review")
    line = render.source_line(fresh, today=TODAY)
    assert "Dr.Oracle, " in line and '<span class="ivig-date">2026-02-13</span>' in line
    assert '<span class="ivig-status">pending &lt;human&gt; review</span>' in line and "out of date" not in line
    old = render.source_line(citation(date="2019-05-01"), today=TODAY)
    assert '<span class="ivig-stale">may be out of date (more than 5 years old)</span>' in old
    assert "ivig-status" not in old
    undated = render.source_line(citation(), today=TODAY)
    assert "date unknown" in undated and "out of date" not in undated


def test_out_of_date_age_is_a_setting(monkeypatch):
    meta = {"date": "2023-05-01"}
    assert not render.out_of_date(meta, TODAY)
    monkeypatch.setenv(settings.STALE_YEARS_ENV, "2")
    assert render.out_of_date(meta, TODAY)
    assert "more than 2 years old" in render.source_line(citation(date="2023-05-01"), today=TODAY)
    monkeypatch.setenv(settings.STALE_YEARS_ENV, "soon")
    with pytest.raises(ValueError, match="IVIG_STALE_YEARS"):
        settings.stale_years()


def test_every_citation_shows_its_standing_in_list_and_panel(corpus_docs):
    """The real corpus metadata: the ITP and APS documents are pending human review (corpus/sources.yaml)."""
    for doc_id in ("ivig-immune-thrombocytopenia", "ivig-antiphospholipid-syndrome"):
        assert corpus_docs[doc_id].meta["review_status"] == "pending human review"
    c = Citation(1, "ivig-immune-thrombocytopenia", "ITP", "Text.", 0, 5, meta=corpus_docs[
        "ivig-immune-thrombocytopenia"].meta)
    ans = answer([Sentence("Text.", (1,))], citations=(c,))
    for html in (render.answer_message(ans), render.sources_panel(ans)):
        assert "pending human review" in html and corpus_docs["ivig-immune-thrombocytopenia"].meta["date"] in html


# The live region

def test_announcement_puts_urgent_advice_first():
    ans = answer([Sentence("Stop the infusion.", (1,))], emergency=True, urgent_advice="Call 911 now.")
    said = render.announcement(ans)
    assert said.startswith("Get help now. Call 911 now.") and "Stop the infusion." in said
    assert "[1]" not in said and said.endswith("source(s) listed.")
    declined = Answer(question="q", abstained=True, covers=("A",))
    assert render.announcement(declined).startswith("I'm sorry, the documents I have don't cover that")
    assert render.live_region(SCRIPT) == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" and render.live_region() == ""


# The page's wiring of the new fields (app.after_answer): no server, no browser.

def test_after_answer_offers_the_suggestions_and_announces(monkeypatch):
    import app

    asked = answer([Sentence("Platelets are low.", (1,))], suggestions=("How fast does it work?", "Is it safe?"))
    turn = {"ok": True, "answer": render.api_result(asked, 0.0), "said": render.announcement(asked)}
    live, row, *buttons = app.after_answer([turn])
    assert live == render.live_region(render.announcement(asked)) and row["visible"] is True
    assert [(b.get("value"), b["visible"]) for b in buttons] == [
        ("How fast does it work?", True), ("Is it safe?", True), (None, False)]
    quiet = {"ok": False, "answer": None, "reply": "Sorry, I can't take that message: it is empty."}
    live, row, *buttons = app.after_answer([turn, quiet])
    assert "it is empty" in live and row["visible"] is False and not any(b["visible"] for b in buttons)
