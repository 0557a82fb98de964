"""Issue 9: the held-out sets (eval/ivig_messages.jsonl, eval/ivig_holdout.jsonl, the consumer messages' "holdout"
split) load, are scored where the suite says, and point at answers the suite's corpora hold. No test asks the bot a
held-out question: those are run once, for the figures, and never tuned on."""
from __future__ import annotations

from collections import Counter

import pytest

from eval import benchmark_data, suite
from eval.runner import Case, load_testset


def test_the_consumer_set_reports_the_holdout_split_beside_tune_and_measure():
    cases = load_testset(suite.CONSUMER)
    assert suite.consumer_splits(cases) == ["tune", "measure", "holdout"]
    holdout = [c for c in cases if c.extra["split"] == "holdout"]
    assert Counter(c.answerable for c in holdout) == {True: 40, False: 10}
    # answers from all five MedQuAD collections, not only those the earlier splits used
    assert {s.split("_")[0] for c in holdout for s in c.expected_sources} == {"1", "2", "3", "4", "5"}


def test_run_consumer_gives_each_split_in_the_file_its_own_row(bot):
    """The team's own questions, labelled with two splits, over the IVIG index: one row per split, counted apart."""
    itp = ("ivig-immune-thrombocytopenia",)
    cases = [Case("a", "How does IVIG work in immune thrombocytopenia?", expected_sources=itp, extra={"split": "tune"}),
             Case("b", "What is the standard IVIG dose in ITP?", expected_sources=itp, extra={"split": "holdout"}),
             Case("c", "What is the capital of Australia?", answerable=False, extra={"split": "holdout"})]
    rows = suite.run_consumer(bot, cases, [])
    assert list(rows) == ["tune", "holdout"]
    assert rows["tune"]["n"] == 1 and rows["holdout"]["n"] == 1
    assert rows["holdout"]["unanswerable_declined"] == "1/1" and rows["tune"]["unanswerable_declined"] == "0/0"
    assert rows["holdout"]["hit@1"] == 1.0


def test_the_consumer_corpus_holds_every_answer_a_message_is_about(tmp_path):
    if not benchmark_data.MEDQUAD.is_file():
        pytest.skip("MedQuAD is not next to this checkout")
    cases = load_testset(suite.CONSUMER)
    wanted = {s for c in cases for s in c.expected_sources}
    rows = benchmark_data.medquad_corpus(tmp_path, suite.SIZES["consumer_answers"], benchmark_data.SEED,
                                         include=wanted)
    assert wanted <= {r["id"] for r in rows}       # an id whose answer repeats an earlier one would be missing


def test_the_ivig_messages_load_and_their_facts_are_the_documents_words(corpus_docs):
    cases = load_testset(suite.MESSAGES)
    answerable = [c for c in cases if c.answerable]
    assert len(answerable) == 24 and len(cases) == 30
    assert all(not c.expected_sources and not c.expected_facts for c in cases if not c.answerable)
    for case in answerable:
        assert case.expected_sources and case.expected_facts, case.id
        texts = [" ".join(corpus_docs[s].text.lower().split()) for s in case.expected_sources]
        for fact in case.expected_facts:
            for alternative in fact.split("|"):
                words = " ".join(alternative.lower().split())
                assert any(words in text for text in texts), (case.id, alternative)


def test_the_ivig_holdout_loads_and_its_facts_are_the_documents_words(corpus_docs):
    """eval/ivig_holdout.jsonl: 30 answerable IVIG questions and messages and 7 the documents do not cover, written
    after round 9's tuning and run only for its figures."""
    cases = load_testset(suite.MESSAGES.parent / "ivig_holdout.jsonl")
    assert Counter(c.answerable for c in cases) == {True: 30, False: 7}
    assert {c.extra["split"] for c in cases} == {"holdout"}
    for case in cases:
        if not case.answerable:
            assert not case.expected_sources and not case.expected_facts, case.id
            continue
        texts = [" ".join(corpus_docs[s].text.lower().split()) for s in case.expected_sources]
        for fact in case.expected_facts:
            assert any(" ".join(alt.lower().split()) in text for alt in fact.split("|") for text in texts), (case.id, fact)


@pytest.mark.parametrize("name", ["holdout2", "holdout3"])
def test_the_later_ivig_holdouts_load_and_their_facts_are_the_documents_words(corpus_docs, name):
    """eval/ivig_holdout2.jsonl and ivig_holdout3.jsonl: each 40 answerable IVIG questions and messages (at least 6 on
    each document) and 10 on subjects the documents never mention, written from the documents alone. holdout2 was run
    for before/after figures and then tuned on; holdout3 was never run while the bot was tuned, kept for the final
    figures. Every alternative of every fact is the expected documents' words."""
    cases = load_testset(suite.HELD_OUT[name])
    assert Counter(c.answerable for c in cases) == {True: 40, False: 10}
    assert {c.extra["split"] for c in cases} == {name}
    assert len({c.id for c in cases}) == len(cases)
    per_document = Counter(s for c in cases for s in set(c.expected_sources))
    assert set(per_document) == set(corpus_docs) and min(per_document.values()) >= 6, per_document
    _assert_written_from_the_documents(cases, corpus_docs)


def test_the_suite_runs_every_held_out_ivig_set_with_its_opening_figure(bot, tmp_path):
    """`--suite --sets heldout` gives one row per held-out IVIG file, and each row says how often the answer opened
    with an expected fact (the figure the held-out sets show furthest from the team's)."""
    assert list(suite.HELD_OUT) == ["unseen", "holdout", "holdout2", "holdout3", "holdout4", "holdout5", "holdout8",
                                     "holdout9"]
    assert list(suite.FINAL) == ["holdout6", "holdout7", "holdout10"] and "final" not in suite.SETS     # never run unless named
    assert all(load_testset(path) for path in suite.HELD_OUT.values())
    tiny = tmp_path / "tiny.jsonl"
    tiny.write_text('{"id": "a", "question": "What is the standard IVIG dose in ITP?", '
                    '"expected_sources": ["ivig-immune-thrombocytopenia"], "expected_facts": ["1 g/kg"]}\n'
                    '{"id": "b", "question": "What is the capital of Australia?", "answerable": false}\n')
    row = suite.run_testset(bot, tiny, None)
    assert row["n"] == 2 and row["unanswerable_declined"] == "1/1" and row["hit@1"] == 1.0 and row["opening_hit"] in (0.0, 1.0)
    assert "opening_hit" in suite.table({"tiny": row}).splitlines()[0]


def test_the_fourth_ivig_holdout_loads_and_its_facts_are_the_documents_words(corpus_docs):
    """eval/ivig_holdout4.jsonl: 40 answerable IVIG questions and messages (at least 6 on each document, some sent
    as follow-ups with their history) and 10 on subjects the documents never mention, written from the documents
    alone while the others tuned on holdout2 and holdout3; first kept for the final figures, tuned on since."""
    _assert_a_later_holdout(suite.HELD_OUT["holdout4"], "holdout4", corpus_docs)


def test_the_fifth_ivig_holdout_loads_and_its_facts_are_the_documents_words(corpus_docs):
    """eval/ivig_holdout5.jsonl: the same shape as holdout4, written from the documents alone while the others tuned
    on holdout4; first kept for round 11's final figures, tuned on since."""
    _assert_a_later_holdout(suite.HELD_OUT["holdout5"], "holdout5", corpus_docs)


def test_the_sixth_ivig_holdout_loads_and_its_facts_are_the_documents_words(corpus_docs):
    """eval/ivig_holdout6.jsonl: the same shape, written from the documents alone while the others tuned on holdout5,
    with short clean questions beside lay ones, long messages and follow-ups. Nobody runs the bot on it except for the
    final figures (`--sets final`)."""
    _assert_a_later_holdout(suite.FINAL["holdout6"], "holdout6", corpus_docs)


def test_the_seventh_ivig_holdout_loads_and_its_facts_are_the_documents_words(corpus_docs):
    """eval/ivig_holdout7.jsonl: the same shape, written from the documents alone (body text, never a reference list)
    while the others tuned on holdout2/4/5; kept beside holdout6 for the final figures only (`--sets final`)."""
    _assert_a_later_holdout(suite.FINAL["holdout7"], "holdout7", corpus_docs)


def test_the_eighth_ivig_holdout_loads_and_its_facts_are_the_documents_words(corpus_docs):
    """eval/ivig_holdout8.jsonl: the same shape, written from the documents alone (body text, never a reference list)
    at the start of round 14, before any of its changes; kept for round 14's final figures, tuned on since round 15."""
    _assert_a_later_holdout(suite.HELD_OUT["holdout8"], "holdout8", corpus_docs)


def test_the_ninth_ivig_holdout_loads_and_its_facts_are_the_documents_words(corpus_docs):
    """eval/ivig_holdout9.jsonl: the same shape, written from the documents alone at the start of round 15, before
    any of its changes; kept for round 15's final figures, tuned on since round 16."""
    _assert_a_later_holdout(suite.HELD_OUT["holdout9"], "holdout9", corpus_docs)


def test_the_tenth_ivig_holdout_loads_and_its_facts_are_the_documents_words(corpus_docs):
    """eval/ivig_holdout10.jsonl: the same shape, written from the documents alone at the start of round 16, before
    any of its changes; kept for the final figures only (`--sets final`)."""
    _assert_a_later_holdout(suite.FINAL["holdout10"], "holdout10", corpus_docs)


def _assert_a_later_holdout(path, split, corpus_docs) -> None:
    """40 answerable lines and 10 uncovered, one split, unique ids, at least 6 follow-ups sent with their history (none
    uncovered), every document expected at least 6 times, each fact the expected documents' words."""
    cases = load_testset(path)
    assert Counter(c.answerable for c in cases) == {True: 40, False: 10}
    assert {c.extra["split"] for c in cases} == {split}
    assert len({c.id for c in cases}) == len(cases)
    assert sum(bool(c.history) for c in cases) >= 6
    per_document = Counter(s for c in cases for s in set(c.expected_sources))
    assert set(per_document) == set(corpus_docs) and min(per_document.values()) >= 6, per_document
    assert not any(c.history for c in cases if not c.answerable)
    _assert_written_from_the_documents(cases, corpus_docs)


def _assert_written_from_the_documents(cases, corpus_docs) -> None:
    """Each uncovered line carries no sources or facts and says so in its category; each answerable one has both, and
    every alternative of every fact is its expected documents' words (spacing and case aside)."""
    for case in cases:
        if not case.answerable:
            assert not case.expected_sources and not case.expected_facts, case.id
            assert case.category.startswith("uncovered"), case.id
            continue
        assert case.expected_sources and case.expected_facts, case.id
        texts = [" ".join(corpus_docs[s].text.lower().split()) for s in case.expected_sources]
        for fact in case.expected_facts:
            for alt in fact.split("|"):
                assert any(" ".join(alt.lower().split()) in text for text in texts), (case.id, alt)
