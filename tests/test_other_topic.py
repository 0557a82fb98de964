"""A question naming one document's subject is not opened by a sentence about another document's subject
(bot/extractive/other_topic.py). The questions are written for these tests; the sentences are the corpus's own."""
from __future__ import annotations

import pytest

from bot.extractive.other_topic import OtherTopic
from bot.extractive.units import Unit

MG = "ivig-myasthenia-gravis"
ITP = "ivig-immune-thrombocytopenia"
GENERAL = "ivig-autoimmune-disease"


def _unit(doc_id: str, text: str) -> Unit:
    return Unit(doc_id, 0, len(text), text, frozenset())


@pytest.fixture(scope="module")
def other(stored):
    return OtherTopic(stored)


def test_a_sentence_naming_another_documents_subject_is_another_topic(other):
    test = other.test("How much IVIG does a child with ITP get?")
    assert test is not None
    assert test(_unit(MG, "When used to manage a myasthenia gravis flare, IVIG is usually used as a short-term "
                          "treatment, lasting two to five days or given as one large dose."))


def test_the_named_documents_own_sentences_and_general_ones_are_not(other):
    test = other.test("How much IVIG does a child with ITP get?")
    assert not test(_unit(ITP, "The 1 g/kg single dose produces faster platelet increases compared to the "
                               "traditional 0.4 g/kg/day for 5 days regimen."))
    # names no document's subject: about IVIG in general
    assert not test(_unit(GENERAL, "It is important to note that IVIG therapy is generally well-tolerated, but it "
                                   "can have side effects such as headaches, fever, or allergic reactions."))


def test_the_bots_added_words_name_nothing(other):
    # "thrombosis" (the APS page's word) is the bot's reading of "blood clots", not a subject the user named
    assert other.test("Can IVIG give you blood clots? (thrombosis blood clots)") is None
    # ...but a follow-up's inherited subject is the conversation's own
    assert other.test("and how big is the dose? (about ITP)") is not None


def test_an_itp_dosing_question_is_not_opened_by_the_myasthenia_page(bot):
    answer = bot.ask("My son had his ITP treated with IVIG as a single large dose. Why not a smaller dose spread "
                     "across several days?")
    assert answer.sentences
    first = answer.sentences[0].text
    assert "myasthenia" not in first.lower()
    assert "faster platelet increases" in first
