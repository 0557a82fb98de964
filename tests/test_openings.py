"""Issue 9: the answer opens with the sentence that answers. Classes of weak openings found on unseen
questions (eval/unseen.jsonl's tune half and the lead's probes), each checked here on the real corpus:

- a yes/no question about a named condition opened with a sentence from a page on something else that
  shares a common word ("an option for ITP" -> the long-COVID page's "options");
- with no sentence saying the asked word ("option", "safe"), a sentence that only stands under a heading
  naming the condition opened ("This combination is particularly important in emergency settings ...");
- a yes/no question after a clause of history ("My mom has ITP, is IVIG safe for her?") was not read as one;
- a suggestion without its article ("What is known about common pitfall in ITP?").
And the evaluator's figure for it (`opening_hit`) and its held-out set (eval/unseen.jsonl).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.extractive.yes_no import yes_no_question
from bot.suggest import as_question, countable_nouns
from eval import metrics
from eval.runner import TestsetError as SetError, load_testset, select

EVAL = Path(__file__).resolve().parents[1] / "eval"
ITP = "ivig-immune-thrombocytopenia"


@pytest.mark.parametrize("question", [
    "Is IVIG an option for ITP?",
    "My grandmother has ITP. Is IVIG an option for her?",
    "My mom has ITP, is IVIG safe for her?",
])
def test_a_yes_no_question_about_a_condition_opens_with_a_sentence_naming_it(bot, question):
    answer = bot.ask(question)
    assert not answer.abstained
    first = answer.sentences[0]
    cited = {c.n: c for c in answer.citations}[first.citations[0]]
    assert cited.doc_id == ITP                           # not the long-COVID page's "options"
    assert "ITP" in first.text and "IVIG" in first.text  # states how the two relate, in its own words


def test_a_history_clause_does_not_hide_a_yes_no_question(bot):
    plain = bot.ask("Is IVIG safe for someone with ITP?")
    told = bot.ask("My mom has ITP, is IVIG safe for her?")
    assert "emergency settings" not in told.sentences[0].text
    assert {c.doc_id for c in told.citations} >= {ITP} and {c.doc_id for c in plain.citations} >= {ITP}


@pytest.mark.parametrize("text, asks", [
    ("Is IVIG safe?", True),
    ("My mom has ITP, is IVIG safe for her?", True),
    ("I have APS, can IVIG help me?", True),
    ("How does IVIG work in ITP?", False),
    ("What is IVIG, and how is it made?", False),
    ("Tell me about IVIG", False),
])
def test_yes_no_questions_are_told_by_their_last_clause(text, asks):
    assert yes_no_question(text) is asks


def test_a_heading_that_asks_the_question_brings_its_section_forward(bot):
    # "Which receptors ...?" opened with "If those antibodies are genuinely driving the dysautonomia ..."
    # under "The autoantibody case, and its gap"; the section under "What it targets" names the receptors
    answer = bot.ask("Which receptors do the autoantibodies in long COVID target?")
    assert "adrenergic" in answer.sentences[0].text


@pytest.mark.parametrize("question", ["What are the downsides of trying IVIG for long COVID?",
                                      "What are the drawbacks of IVIG for long COVID?"])
def test_a_rare_word_of_asking_stays_in_the_questions_frame(bot, question):
    # "downsides" is rare in English, so it read as a name and was masked out of what the question asks:
    # "There is no approved treatment for long COVID." opened
    assert "risks" in bot.ask(question).sentences[0].text


def test_an_everyday_word_of_a_yes_no_question_does_not_choose_its_sentences(bot):
    # "peoples" was the subject: only sentences holding "people" could answer, and "A negative one would spare
    # many people a costly, scarce, and risky treatment" (a trial's outcome, long COVID) opened
    first = bot.ask("is ivig safe when it comes from other peoples blood?").sentences[0].text
    assert "risk of infection transmission" in first


def test_a_yes_no_question_still_quotes_only_sentences_naming_what_it_names(bot):
    # "vaccines" names what is asked (it is no everyday word): every quoted sentence says it
    answer = bot.ask("Does IVIG affect vaccines?")
    assert answer.sentences and all("vaccin" in s.text.lower() for s in answer.sentences)


def test_the_statement_first_keeps_a_best_one_that_states_the_question_more_closely():
    from bot.extractive.units import Unit
    from bot.extractive.yes_no import statement_first

    def unit(text, terms, start):
        return Unit("d", start, start + 1, text, frozenset(terms), frozenset())

    best = (1.0, unit("Since it is a blood product, there is a minimal risk of infection transmission.", {"blood"}, 0),
            None)
    holds = (0.8, unit("A negative one would spare many people a costly and risky treatment.", {"people"}, 1), None)
    ranked = [best, holds]
    assert statement_first(ranked, ["people"], frozenset(), {("d", 0, 1): 0.6, ("d", 1, 2): 0.2}) == ranked
    assert statement_first(ranked, ["people"], frozenset(), {("d", 0, 1): 0.2, ("d", 1, 2): 0.6})[0] is holds


def test_an_opening_that_points_back_comes_after_what_it_points_at(bot):
    # "This waiting period may change depending on what type of vaccine ..." opened alone; the sentence before it
    # says what the waiting period is
    sentences = [s.text for s in bot.ask("Will IVIG stop my vaccines from working?").sentences]
    assert "six weeks" in sentences[0]
    assert not sentences[0].startswith("This")


def test_a_sentence_points_back_when_it_opens_with_a_demonstrative():
    from bot.extractive.selection import _POINTS_BACK
    assert _POINTS_BACK.match("This waiting period may change.") and _POINTS_BACK.match("That is a heavy price.")
    assert not _POINTS_BACK.match("Thousands of donors.") and not _POINTS_BACK.match("IVIG is expensive.")


TUNE = [json.loads(line) for line in (Path(__file__).parent / "data" / "openings_tune.jsonl").read_text(
    encoding="utf-8").splitlines() if line.strip()]


def test_the_openings_tune_set_quotes_the_documents(stored):
    # tests/data/openings_tune.jsonl: 22 patient-style questions of the weak-opening kinds (safety yes/no, should I,
    # why / which / will it last, what happens if, who), written before the composer changed; every fact is copied
    # from the documents word for word
    text = " ".join(" ".join(doc.text.split()) for doc in stored.documents.values()).lower()
    for case in TUNE:
        assert case["split"] == "tune" and case["expected_facts"], case["id"]
        for fact in case["expected_facts"]:
            assert any(alt.lower() in text for alt in fact.split("|")), (case["id"], fact)


def test_the_openings_tune_set_finds_its_facts(bot):
    # 13 of 22 answers held every expected fact before the sentences' own frames counted (SENTENCE_FRAME), 14 after;
    # 9 opened with one, before and after. A floor, not the figure: `python -m eval --testset
    # tests/data/openings_tune.jsonl` reports it.
    found = [c["id"] for c in TUNE
             if metrics.fact_recall(c["expected_facts"], " ".join(s.text for s in bot.ask(c["question"]).sentences))[0]
             == 1.0]
    assert len(found) >= 14, found


# ---------------------------------------------------------------- suggestions' articles


def test_a_singular_count_noun_heading_takes_the(stored):
    countable = countable_nouns(doc.text for doc in stored.documents.values())
    assert "pitfall" in countable and "mechanism" in countable        # "A critical pitfall", "mechanisms"
    assert "duration" not in countable                                 # "dose and duration": mass
    title = "How does IVIG work in immune thrombocytopenia (ITP)?"
    assert as_question("Common Pitfall", title, countable.__contains__) == \
        "What is known about the common pitfall in immune thrombocytopenia (ITP)?"
    assert as_question("Primary Mechanism of Action", title, countable.__contains__) == \
        "What is known about the primary mechanism of action in immune thrombocytopenia (ITP)?"
    for heading, about in [("Duration of Effect", "duration of effect"),              # mass noun
                           ("Secondary Mechanisms", "secondary mechanisms"),          # plural
                           ("Refractory Obstetric APS", "refractory obstetric APS"),  # a name in capitals
                           ("The Process of Receiving IVIG", "the process of receiving IVIG")]:
        assert as_question(heading, title, countable.__contains__) == \
            f"What is known about {about} in immune thrombocytopenia (ITP)?"


def test_the_bot_offers_no_bare_singular_heading(bot):
    offered = bot.ask("How does IVIG work in ITP?", suggestions=True).suggestions
    assert not any("about common pitfall" in s for s in offered)


# ---------------------------------------------------------------- the evaluator


def test_opening_hit_reads_only_the_first_sentence():
    assert metrics.opens_with_fact(["24 hours|2-4 days"], ["Counts rise within 24 hours.", "Other."])
    assert not metrics.opens_with_fact(["24 hours"], ["Other.", "Counts rise within 24 hours."])
    assert not metrics.opens_with_fact(["24 hours"], [])


def test_unseen_questions_are_new_and_split_in_halves():
    cases = load_testset(EVAL / "unseen.jsonl")
    team = {json.loads(line)["question"].lower() for name in ("testset.jsonl", "patients.jsonl")
            for line in (EVAL / name).read_text(encoding="utf-8").splitlines() if line.strip()}
    assert not {c.question.lower() for c in cases} & team
    tune, measure = select(cases, "split=tune"), select(cases, "split=measure")
    assert len(tune) + len(measure) == len(cases) and abs(len(tune) - len(measure)) <= 1
    assert all(c.expected_facts and c.expected_sources for c in cases)
    with pytest.raises(SetError):
        select(cases, "split=nowhere")
    with pytest.raises(SetError):
        select(cases, "split")


def test_a_misspelt_name_restricts_no_document(bot):
    # MedQuAD's reworded "do you have information about Medcial Device Safety" was declined: the misspelt
    # name, which no document writes, left no document that names the subject. A name the corpus never
    # writes restricts nothing; the sentence on safety still answers.
    query = "do you have information about Medcial Device Safety"
    hits = bot.retriever.search(query, k=20)
    composed = bot.composer.compose(query, hits, ["Medcial", "Device", "Safety"])
    assert composed.sentences and "safety" in " ".join(s.text for s in composed.sentences).lower()


def test_a_sentence_that_only_points_back_is_quoted_only_after_what_it_points_at():
    """"That is a heavy price to pay ..." says nothing without the sentence before it: quoted after another sentence it
    read as a judgement of that one ("That is the backdrop for everything on this page" after a definition). It is left
    out unless the sentence it follows in its passage is quoted too; one naming its own noun ("This blockade ...")
    stays, and so does one that opens the answer (`antecedent_first` has placed what it points at, if it could)."""
    from bot.extractive.selection import choose
    from bot.extractive.units import Unit

    def unit(start: int, text: str) -> Unit:
        return Unit("doc", start, start + len(text), text, frozenset(text.lower().split()))

    costly = unit(0, "IVIG is expensive and often scarce.")
    judged = unit(40, "That is a heavy price to pay for an unproven benefit.")
    defined = unit(100, "IVIG is a pooled antibody product.")
    blockade = unit(140, "This blockade occurs within hours.")
    passage = [costly, judged, defined, blockade]
    hit = object()

    def quoted(*ranked):
        chosen = choose([(1.0 - i / 10, u, hit) for i, u in enumerate(ranked)], set(), {}, lambda _: passage)
        return [u.text for _, u, _ in chosen]

    assert quoted(defined, judged, blockade) == [defined.text, blockade.text]            # points at nothing quoted
    assert quoted(defined, judged, costly) == [defined.text, judged.text, costly.text]   # its sentence is quoted too
    assert quoted(judged, defined) == [judged.text, defined.text]                        # it opens: left to the opening


def test_a_sentence_that_only_points_back_does_not_open_when_another_is_quoted_anyway():
    """"That is the backdrop for everything on this page, ..." opened an answer on what it means that IVIG evens out
    the immune system: a bare demonstrative subject says nothing as a first sentence. The best other candidate within
    the cut opens; with none there, it stays."""
    from bot.extractive.selection import standalone_first
    from bot.extractive.units import Unit

    def unit(start: int, text: str) -> Unit:
        return Unit("doc", start, start + len(text), text, frozenset(text.lower().split()))

    hit = object()
    judged = unit(40, "That was the whole point of the second dose.")
    listed = unit(90, "These are the questions still open.")
    plain = unit(200, "Most children recover fully after one infusion.")
    assert [u for _, u, _ in standalone_first([(1.0, judged, hit), (0.9, plain, hit)])] == [plain, judged]
    assert [u for _, u, _ in standalone_first([(1.0, listed, hit), (0.9, judged, hit), (0.8, plain, hit)])] == \
        [plain, listed, judged]
    # none other within the cut: it stays
    assert [u for _, u, _ in standalone_first([(1.0, judged, hit), (0.3, plain, hit)])] == [judged, plain]
    # a demonstrative naming its own noun says what it points at
    named = unit(300, "This fever settles within a day.")
    assert standalone_first([(1.0, named, hit), (0.9, plain, hit)])[0][1] is named

