"""Issue 9, openings on a third set of fresh questions (eval/ivig_holdout3.jsonl's misses, read as a tune set).
The questions here are written for these tests, not the held-out ones; the facts are copied from the documents.

- A question about one aspect of a topic ("tested on animals" of IVIG for APS; "block ... immune cells" after a
  question about a condition) opens with the sentence that says that aspect, not with one that merely names the
  topic (`composer.aspect_first`).
- A yes/no question about a subject the bot read in lay words ("tummy ache": abdominal pain) opens with the sentence
  that names the subject, not with one sharing only a word of it ("pain relievers").
- A yes/no question opens with a statement, not a list sharing its words across items, unless an item says the asked
  fact (`composer._statement_over_list`).
"""
from __future__ import annotations

import pytest

from bot.extractive.framing import aspect_words, names_something, topic_words


@pytest.mark.parametrize("question, topic, asked, not_asked", [
    ("Has IVIG for antiphospholipid syndrome been tested on animals?", {"IVIG", "antiphospholipid", "syndrome"},
     {"tested", "animals"}, {"Has", "IVIG", "antiphospholipid"}),
    # a follow-up's topic is in the bot's brackets; what it asks is outside them
    ("does it also block something on his immune cells? (about Guillain-Barre)", {"Guillain-Barre"},
     {"block", "immune", "cells"}, {"does", "about", "Guillain-Barre"}),
    ("Why is IVIG hard to get?", {"IVIG"}, {"hard", "get"}, {"Why", "is", "IVIG"}),
])
def test_a_question_s_topic_and_the_words_asking_an_aspect_of_it(question, topic, asked, not_asked):
    assert set(topic_words(question)) == topic
    words = set(aspect_words(question))
    assert asked <= words and not not_asked & words


@pytest.mark.parametrize("text, names", [
    ("Additionally, IVIG has been shown to block Fc receptors on immune cells.", True),
    ("It is a coherent idea with a plausible target.", False),      # points back at the sentence before it
])
def test_a_sentence_that_only_points_back_names_nothing(text, names):
    assert names_something(text) is names


@pytest.mark.parametrize("question", [
    "Has IVIG for antiphospholipid syndrome been tested on animals?",
    "Has anyone tested IVIG for antiphospholipid syndrome in animals?",
])
def test_the_sentence_saying_the_asked_aspect_opens(bot, question):
    # the APS page: "• IVIG inhibits anticardiolipin antibodies ... in vitro and ameliorates experimental APS in animal
    # models"; the bullet on the evidence base ("small case series and observational studies") opened
    answer = bot.ask(question)
    assert "in animal models" in answer.sentences[0].text


@pytest.mark.parametrize("first", ["Is IVIG used in Kawasaki disease?", "Is IVIG used for CIDP?"])
def test_a_follow_up_about_an_aspect_opens_with_it_not_with_its_topic(bot, first):
    # the autoimmune page: "Additionally, IVIG has been shown to block Fc receptors on immune cells, ..."; the
    # sentence listing the conditions ("It is often used in conditions like Guillain-Barré syndrome, ...") opened
    answer = bot.ask("and does it block anything on the immune cells?", [first])
    assert "block Fc receptors on immune cells" in answer.sentences[0].text


@pytest.mark.parametrize("question", ["Could IVIG give you a tummy ache?", "Can IVIG give you tummy pain?"])
def test_a_yes_no_question_opens_with_the_sentence_naming_its_subject(bot, question):
    # the myasthenia page's side-effects list names "Abdominal pain"; the list of steps staff take ("pain relievers
    # or antihistamines") opened
    answer = bot.ask(question)
    assert "Abdominal pain" in answer.sentences[0].text


def test_a_yes_no_question_opens_with_a_statement_not_a_list(bot):
    # the ITP page: "... preventing them from binding and destroying antibody-coated platelets"; the autoimmune page's
    # list of conditions ("... platelets (...) are destroyed") opened
    answer = bot.ask("Does IVIG keep my platelets from being destroyed?")
    assert "destroying antibody-coated platelets" in answer.sentences[0].text


@pytest.mark.parametrize("question", ["Can IVIG cause a rash?", "Could IVIG make me vomit?"])
def test_a_list_holding_the_asked_fact_still_opens(bot, question):
    # the side-effects list names "Rash" and "Nausea and vomiting"; no sentence outside a list says them
    answer = bot.ask(question)
    assert answer.sentences[0].text.startswith("Some side effects that may occur")
