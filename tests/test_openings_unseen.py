"""Issue 9, openings on questions nobody tuned for (eval/ivig_holdout.jsonl's misses, read as a tune set). Each
test asks patient-style questions written here, not the held-out ones, about facts copied from the documents.

- What a yes/no question asks of a condition the documents only list ("cure" of CIDP) is said by the sentence
  beside the list, in the same paragraph: that sentence opens, not the list.
- A sentence that asks the reader's question back ("You might wonder whether ...") asks; it does not answer.
- A summary's opening words ("In summary", "Short version") mark a restatement: a sentence saying the asked
  part in full opens a narrow question; the summary still opens a broad one.
- "What/which N" asks for one particular N: a sentence naming one ("the RECOVER-AUTONOMIC trial") opens.
"""
from __future__ import annotations

import pytest

from bot.extractive.framing import asked_kind, names_one
from bot.extractive.units import SUMMARY, asks


@pytest.mark.parametrize("question", [
    "Could IVIG cure Kawasaki disease for good?",
    "Does IVIG cure CIDP permanently?",
])
def test_what_is_asked_of_a_listed_condition_is_answered_from_its_paragraph(bot, question):
    # the autoimmune page lists "Kawasaki disease" and "CIDP", then: "While it is not a cure, IVIG can
    # significantly reduce symptoms ..."; the list sentence alone opened
    answer = bot.ask(question)
    assert answer.sentences[0].text.startswith("While it is not a cure")


def test_a_paragraph_lends_its_subject_only_to_a_sentence_saying_what_is_asked(bot):
    # "Does IVIG prevent strokes?": no sentence near a mention of stroke says "prevent" of it, so still declined
    assert bot.ask("Does IVIG prevent strokes?").abstained


@pytest.mark.parametrize("text, asking", [
    ("You might wonder whether IVIG could carry a risk of infection from donors.", True),
    ("Many patients ask if the infusion hurts.", True),
    ("Is IVIG safe?", True),
    # advice to ask is no question asked back
    ("If you can, the strongest move is to ask whether a trial is enrolling.", False),
    ("However, all donated blood goes through thorough screening for bacteria and viruses.", False),
])
def test_a_question_asked_back_to_the_reader_asks(text, asking):
    assert asks(text) is asking


@pytest.mark.parametrize("text, summary", [
    ("In summary, IVIG works for autoimmune diseases by neutralizing autoantibodies.", True),
    ("Short version, if reading is hard right now: no treatment is approved for long COVID.", True),
    ("In short, it is experimental.", True),
    ("In short supply, IVIG is rationed.", False),
    ("Overall survival was longer.", False),
])
def test_summary_markers(text, summary):
    assert bool(SUMMARY.match(text)) is summary


def test_a_question_asked_back_does_not_open_the_answer(bot):
    first = bot.ask("Can IVIG give me an infection from someone else's blood?").sentences[0].text
    assert not first.startswith("You might wonder")
    assert "screening" in first


def test_a_narrow_question_opens_with_the_sentence_not_the_summary(bot):
    first = bot.ask("How does IVIG reduce swelling and inflammation?").sentences[0].text
    assert first.startswith("By binding to cytokines")


def test_a_broad_question_still_opens_with_the_summary(bot):
    first = bot.ask("How does IVIG work for autoimmune disease?").sentences[0].text
    assert first.startswith("In summary")


@pytest.mark.parametrize("question, kind", [
    ("Which clinical trial is looking at IVIG in long COVID patients?", "trial"),   # a compound's head
    ("Which antibody types does IVIG contain?", "type"),
    ("Which receptors do the autoantibodies target?", "receptor"),
    ("What kind of doctor gives IVIG?", "doctor"),
    ("What is IVIG?", None),
    ("What does IVIG do to B cells?", None),
])
def test_the_kind_a_which_question_asks_for(bot, question, kind):
    composer = bot.composer
    found = asked_kind(question, composer.lexical.stem, composer.function_terms)
    assert found == (composer.lexical.stem(kind) if kind else None)


@pytest.mark.parametrize("text, named", [
    ("The formal audit is pending the IVIG arm of the RECOVER-AUTONOMIC trial.", True),
    ("If you can, ask whether a trial is enrolling.", False),
    ("Trials are few.", False),                                  # a capital that only starts the sentence
    ("The key trial arm is still pending.", False),
])
def test_a_sentence_names_one_particular_trial(bot, text, named):
    assert names_one(text, bot.composer.lexical.stem("trial"), bot.composer.lexical.stem) is named


def test_a_which_question_opens_with_the_one_named(bot):
    first = bot.ask("Which clinical trial is looking at IVIG in long COVID patients?").sentences[0].text
    assert "RECOVER-AUTONOMIC" in first
