"""eval.metrics against values worked out by hand."""
from __future__ import annotations

import math

import pytest

from eval.metrics import (citation_problems, fact_found, fact_recall, hit_at, ndcg_at, percentile,
                          precision_recall, reciprocal_rank)

L2, L3, L4 = math.log2(2), math.log2(3), math.log2(4)     # discounts of ranks 1, 2, 3


def test_hit_at_k():
    retrieved = ["a", "b", "c", "d"]
    assert hit_at(retrieved, ["c"], 1) == 0.0
    assert hit_at(retrieved, ["c"], 2) == 0.0
    assert hit_at(retrieved, ["c"], 3) == 1.0
    assert hit_at(retrieved, ["a", "z"], 1) == 1.0
    assert hit_at([], ["a"], 5) == 0.0


def test_reciprocal_rank():
    assert reciprocal_rank(["a", "b", "c"], ["a"]) == 1.0
    assert reciprocal_rank(["a", "b", "c"], ["c"]) == pytest.approx(1 / 3)
    assert reciprocal_rank(["a", "b", "c"], ["b", "c"]) == 0.5        # the first relevant one counts
    assert reciprocal_rank(["a", "b", "c"], ["z"]) == 0.0


def test_ndcg_at_10():
    # one relevant document at rank 1: perfect
    assert ndcg_at(["a", "b"], ["a"]) == 1.0
    # one relevant document at rank 3: (1/log2 4) / (1/log2 2) = 0.5
    assert ndcg_at(["x", "y", "a"], ["a"]) == pytest.approx(0.5)
    # two relevant at ranks 2 and 3: (1/log2 3 + 1/log2 4) / (1/log2 2 + 1/log2 3)
    expected = (1 / L3 + 1 / L4) / (1 / L2 + 1 / L3)
    assert ndcg_at(["x", "a", "b"], ["a", "b"]) == pytest.approx(expected)
    assert expected == pytest.approx(0.6934, abs=1e-4)
    # two expected, only one retrieved at rank 1: 1 / (1 + 1/log2 3)
    assert ndcg_at(["a", "x"], ["a", "b"]) == pytest.approx(1 / (1 + 1 / L3))
    # nothing relevant, or nothing expected
    assert ndcg_at(["x", "y"], ["a"]) == 0.0
    assert ndcg_at(["a"], []) == 0.0


def test_ndcg_cuts_at_k():
    retrieved = [f"d{i}" for i in range(1, 12)]                      # d11 is at rank 11
    assert ndcg_at(retrieved, ["d11"], 10) == 0.0
    assert ndcg_at(retrieved, ["d10"], 10) == pytest.approx(1 / math.log2(11))
    assert ndcg_at(retrieved, ["d2"], 1) == 0.0
    # the ideal ranking is cut at k too: ten relevant documents in the top ten is perfect
    assert ndcg_at(retrieved, retrieved, 10) == pytest.approx(1.0)
    assert ndcg_at(retrieved[:3], retrieved, 3) == pytest.approx(1.0)


def test_ndcg_counts_each_document_once():
    assert ndcg_at(["a", "a", "b"], ["a"]) == 1.0


def test_fact_matching():
    answer = "IVIG blocks Fc  receptors\non macrophages within 24 HOURS."
    assert fact_found("fc receptors", answer)                          # case and spacing ignored
    assert fact_found("Fc receptors on macrophages", answer)          # across a line break
    assert fact_found("six weeks|24 hours", answer)                    # any alternative
    assert fact_found("splenic|MACROPHAGES", answer)
    assert not fact_found("six weeks|6 weeks", answer)
    assert not fact_found("|", answer)                                 # empty alternatives never match
    recall, missed = fact_recall(["Fc receptor", "six weeks|6 weeks", "24 hours"], answer)
    assert recall == pytest.approx(2 / 3) and missed == ["six weeks|6 weeks"]
    assert fact_recall([], answer) == (1.0, [])


def test_precision_recall():
    predicted = [True, True, False, False, True]
    actual = [True, False, True, False, True]
    # tp = 2 (0, 4), fp = 1 (1), fn = 1 (2)
    assert precision_recall(predicted, actual) == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    assert precision_recall([True, False], [True, True]) == (1.0, 0.5)
    assert precision_recall([False, False], [False, False]) == (1.0, 1.0)      # nothing to measure
    assert precision_recall([True], [False]) == (0.0, 1.0)


def _citation(n, doc_id, passage, start, end):
    return {"n": n, "doc_id": doc_id, "passage": passage, "start": start, "end": end}


DOCS = {"d": "Intro line. IVIG blocks Fc receptors. Platelets rise within 24 hours. Outro."}


def _said(*pairs):
    """Quoted sentences as a results line has them: (text, n, ...) -> {"text", "citations"}."""
    return [{"text": text, "citations": list(numbers)} for text, *numbers in pairs]


def test_valid_citations_have_no_problems():
    passage = DOCS["d"][12:69]
    assert passage == "IVIG blocks Fc receptors. Platelets rise within 24 hours."
    sentences = _said(("IVIG blocks Fc receptors.", 1), ("Platelets rise  within\n24 hours.", 1))
    assert citation_problems(sentences, [_citation(1, "d", passage, 12, 69)], DOCS) == []
    # a sentence may cite several passages that each hold it
    second = _citation(2, "d", DOCS["d"][12:37], 12, 37)
    assert citation_problems(_said(("IVIG blocks Fc receptors.", 1, 2)),
                             [_citation(1, "d", passage, 12, 69), second], DOCS) == []


def test_citation_problems_catch_a_fake_span():
    passage = "IVIG blocks Fc receptors. Platelets rise within 24 hours."
    fake = _citation(1, "d", passage, 0, 57)                      # right text, wrong offsets
    problems = citation_problems(_said(("IVIG blocks Fc receptors.", 1)), [fake], DOCS)
    assert problems == ["citation 1 passage is not d[0:57]"]
    # without the sources, the span cannot be checked
    assert citation_problems(_said(("IVIG blocks Fc receptors.", 1)), [fake]) == []


def test_citation_problems_catch_a_sentence_not_in_its_passage():
    passage = DOCS["d"][12:69]
    problems = citation_problems(_said(("IVIG cures ITP forever.", 1)), [_citation(1, "d", passage, 12, 69)], DOCS)
    assert len(problems) == 1 and problems[0].startswith("[1] sentence not in its passage")


def test_citation_problems_catch_dangling_and_unused_citations():
    passage = DOCS["d"][12:69]
    problems = citation_problems(_said(("IVIG blocks Fc receptors.", 2)), [_citation(1, "d", passage, 12, 69)], DOCS)
    assert "[2] points at no citation" in problems and "citation 1 is never referred to" in problems
    problems = citation_problems(_said(("IVIG blocks Fc receptors.", 1)), [_citation(1, "zz", passage, 12, 69)], DOCS)
    assert problems == ["citation 1 names unknown document zz"]
    problems = citation_problems(_said(("IVIG blocks Fc receptors.",)), [], DOCS)
    assert problems == ["sentence cites nothing: 'IVIG blocks Fc receptors.'"]


def test_a_bracketed_number_in_a_quotation_is_not_a_citation():
    """Citations come from the structure: "[12]" inside a quoted sentence is text, checked as text."""
    docs = {"d": "Doses of 2 g/kg [12] are usual."}
    sentences = _said(("Doses of 2 g/kg [12] are usual.", 1))
    assert citation_problems(sentences, [_citation(1, "d", docs["d"], 0, len(docs["d"]))], docs) == []


def test_citation_problems_on_a_real_answer(bot, stored):
    answer = bot.ask("How does IVIG work in ITP?")
    documents = {d: doc.text for d, doc in stored.documents.items()}
    data = answer.to_record(0.0)
    assert citation_problems(data["sentences"], data["citations"], documents) == []
    tampered = [dict(c) for c in data["citations"]]
    tampered[0]["start"] += 1
    assert citation_problems(data["sentences"], tampered, documents) == [
        f"citation 1 passage is not {tampered[0]['doc_id']}[{tampered[0]['start']}:{tampered[0]['end']}]"]


def test_percentile():
    values = [4.0, 1.0, 3.0, 2.0]                       # sorted: 1 2 3 4
    assert percentile(values, 0) == 1.0
    assert percentile(values, 100) == 4.0
    assert percentile(values, 50) == pytest.approx(2.5)
    assert percentile(values, 95) == pytest.approx(3.85)          # position 2.85: 3 + 0.85 * (4 - 3)
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 50) == 0.0
    assert percentile(list(range(101)), 90) == pytest.approx(90.0)

