"""A question asking what a word means keeps that word as its subject, a word most documents write included
(bot.meaning, bot.followup.resolve); a later question inherits it."""
from __future__ import annotations

import pytest

from bot.followup import resolve
from bot.meaning import asked_term, names_term

# a stand-in corpus: "immune" and "ivig" are in every document (generic), "platelets" names one page's subject
KNOWN = {"ivig", "immune", "platelets", "spleen", "lupus", "kidneys", "mean", "dose", "normal", "count"}


def knows(word: str) -> bool:
    return word.lower() in KNOWN


def generic(word: str) -> bool:
    return word.lower() in {"ivig", "immune"}


@pytest.mark.parametrize("question, term", [
    ("What does immune really mean?", "immune"),
    ("what’s lupus exactly?", "lupus"),
    ("what exactly is a spleen?", "spleen"),
    ('What does the term "Fc receptor" stand for?', "Fc receptor"),
    ("what is meant by remission?", "remission"),
    ("Define natural killer cells", "natural killer cells"),
])
def test_the_term_of_a_meaning_question(question, term):
    assert names_term(question) == term


@pytest.mark.parametrize("question", [
    "What does that mean?", "what is it for?", "what's the usual dose?", "what are its risks?",
    "what's normal?", "What is a normal count for someone like me?", "how does IVIG work?",
])
def test_no_term_of_its_own(question):
    assert names_term(question) == ""


def test_the_article_of_a_definite_term_is_kept():
    assert asked_term("What is the spleen?") == "the spleen"
    assert names_term("What is the spleen?") == ""          # "the" may point back: followup's own rules decide


def test_a_generic_word_asked_about_is_not_replaced_by_the_story():
    story = "My haematologist says my low platelets are an immune problem."
    question = "What does immune actually mean?"
    assert resolve(question, [story], knows, generic) == question
    # without the meaning frame the same generic word still takes the story's subject
    assert resolve("is it immune?", [story], knows, generic).endswith("(about platelets)")


def test_a_later_question_inherits_the_term_asked_about():
    story = "My haematologist says my low platelets are an immune problem."
    earlier = "what's immune exactly?"
    resolved = resolve("so will IVIG fix that?", [story, earlier], knows, generic)
    assert resolved.endswith("(about immune)")


def test_a_part_asking_a_generic_words_meaning_is_answered_with_its_meaning(bot):
    message = ("Hi, my rheumatologist in Leeds says my kidney trouble is 'autoimmune' and IVIG could come up. What "
               "does autoimmune really mean, and is IVIG safe?")
    first = bot.ask(message).parts[0]
    assert "(about" not in first.query and not first.abstained
    assert any("mistakenly" in s.text for s in first.sentences)
