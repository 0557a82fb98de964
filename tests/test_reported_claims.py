"""A long message that reports what someone said ("his haematologist told him that was longer than usual") asks about
that claim: its words count as the question's own in sentence choice, not as the story's (message_questions.reported,
read by the extractive composer)."""
from __future__ import annotations

import pytest

from bot.message_questions import reported


@pytest.mark.parametrize("message, claims", [
    ("My GP in Bath says the drip only helps for a while. How long will it help?", ["the drip only helps for a while"]),
    ("The nurse told me that the first infusion is the slowest. Why is that?", ["the first infusion is the slowest"]),
    ("My brother has MG. His neurologist told him it calms the immune system down, is that right?",
     ["it calms the immune system down"]),
    # a verb that also takes a thing reports a claim only with "that"
    ("I read that it is made from donated plasma. Is it safe?", ["it is made from donated plasma"]),
])
def test_the_claim_a_message_reports_is_found(message, claims):
    assert reported(message) == claims


@pytest.mark.parametrize("message", [
    "My neurologist suggested IVIG for my CIDP. What should I ask?",       # a thing suggested is no claim
    "I read about IVIG online last week. How is it given?",
    "Did my doctor say it works fast?",                                     # a question's own words are no story
    "How fast does IVIG work in ITP?",
])
def test_a_message_without_a_reported_claim_has_none(message):
    assert reported(message) == []


def test_the_reported_claim_chooses_the_sentence_the_question_asks_for(bot):
    # "longer than usual" is what "How is that possible if it is supposed to fade?" weighs; read as the story's words
    # (a quarter of their weight) the answer opened with the Fc blockade and never said effects can outlast the product
    answer = bot.ask("My dad had IVIG for ITP in the spring and his platelets are still normal after three months, and "
                     "his haematologist told him that was longer than usual. How is that possible if it is supposed to "
                     "fade?")
    assert "outlast several half-lives" in answer.sentences[0].text
