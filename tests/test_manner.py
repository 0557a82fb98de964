"""Issue 9: a phrase saying how to answer ("in plain words", "in a nutshell", "like I'm five") is no subject
(bot/manner.py). Such questions about what the documents discuss are answered; the same phrases around an absent
subject leave it declined; a phrase of the same shape that names content ("in pregnancy", "for a 10 year old"
without a verb of saying) is kept.

The answered ones were declined on main 74f8cd2 ("they don't discuss simple words", "nutshell", "layman's terms")."""
from __future__ import annotations

import pytest

from bot.manner import request_as_question, manner_spans, without_manner
from helpers import assert_answered_from, assert_declined


@pytest.mark.parametrize("question, kept", [
    ("Could you tell me what IVIG is, in simple words?", "Could you tell me what IVIG is?"),
    ("In a nutshell, how does IVIG help people with APS?", "How does IVIG help people with APS?"),
    ("How does IVIG help MG, in layman's terms?", "How does IVIG help MG?"),
    ("Tell me in other words what APS is", "Tell me what APS is"),
    ("Explain in one sentence how IVIG works", "Explain how IVIG works"),
    ("Explain how IVIG works in ITP like I'm 12.", "Explain how IVIG works in ITP."),
    ("Describe APS as if I were a child.", "Describe APS."),
    ("Explain IVIG to a 7-year-old", "Explain IVIG"),
    ("Explain like I'm five whether IVIG treats eczema", "Explain whether IVIG treats eczema"),
])
def test_a_phrase_of_manner_is_taken_out(question, kept):
    assert without_manner(question) == kept


@pytest.mark.parametrize("question", [
    "Is IVIG safe in pregnancy?",                      # a head that names no wording is content
    "Is IVIG given in short bursts?",                  # "short" is no head here: "bursts" is
    "How does IVIG compare in terms of side effects?",  # what leads "of" is asked about
    "Is IVIG safe for a 10 year old?",                 # no verb of saying: who it is for is asked about
    "Does it work like a vaccine?",
    "Explain IVIG for a year",                         # no reader: an age needs "old"
])
def test_a_phrase_of_the_same_shape_naming_content_is_kept(question):
    assert manner_spans(question) == []
    assert without_manner(question) == question


@pytest.mark.parametrize("question, plain", [
    ("Could you tell me what IVIG is, in simple words?", "What is IVIG?"),
    ("In a nutshell, how does IVIG help people with APS?", "How does IVIG help people with APS?"),
    ("How does IVIG help MG, in layman's terms?", "How does IVIG help MG?"),
    ("Explain how IVIG works in ITP like I'm 12.", "How does IVIG work in ITP?"),
])
def test_a_question_asked_in_plain_words_gets_the_plain_question_s_answer(bot, question, plain):
    asked, expected = bot.ask(question), bot.ask(plain)
    assert not asked.abstained and not expected.abstained
    assert asked.sentences[0].text == expected.sentences[0].text


@pytest.mark.parametrize("question", [
    "Is IVIG safe in the long term?",                          # "term" names wording only after "plain", "other"…
    "How common are side effects in the short term?",
    "Is IVIG for APS in line with the guidelines?",
    "Can you explain how IVIG works for children?",            # said inside the clause "how…": who it is about
    "Can you tell me if IVIG will make me feel like I have the flu?",   # a likeness, but of no lay reader
])
def test_content_in_the_shape_of_a_manner_phrase_is_kept(question):
    assert without_manner(question) == question


@pytest.mark.parametrize("question, reason", [
    ("In plain words, can IVIG cure asthma?", "asthma"),
    ("Explain like I'm five whether IVIG treats eczema", "eczema"),
    ("Can IVIG help with psoriasis, in short?", "psoriasis"),
])
def test_an_absent_subject_asked_in_plain_words_stays_declined(bot, question, reason):
    assert_declined(bot.ask(question), reason)


@pytest.mark.parametrize("request_, question", [
    ("Explain IVIG", "What is IVIG?"),
    ("Can you please explain how IVIG works in ITP?", "How IVIG works in ITP?"),
    ("Describe to me the usual dose for ITP.", "What is the usual dose for ITP?"),
    ("Tell me about IVIG", "Tell me about IVIG"),                          # request_frame's
    ("Put simply, what is IVIG?", "Put simply, what is IVIG?"),            # "put" opens no request
    ("Explain IVIG. Is it safe in pregnancy?", "Explain IVIG. Is it safe in pregnancy?"),   # split before
    ("Tell me more", "Tell me more"),                                      # an object naming nothing
    ("Explain it again please", "Explain it again please"),
    ("Tell my doctor what to do?", "Tell my doctor what to do?"),          # "tell" without its listener
    ("Tell me if IVIG is safe in pregnancy", "Tell me if IVIG is safe in pregnancy"),   # a yes/no question already
    ("Explain APS to me.", "What is APS?"),
])
def test_a_request_by_a_verb_of_saying_is_read_as_its_question(request_, question):
    assert request_as_question(request_) == question


def test_a_long_term_question_is_answered_about_the_long_term(bot):
    """"in the long term" was read as a phrase of manner ("in plain terms") and dropped: the answer lost "long-term"."""
    answer = bot.ask("Is IVIG safe in the long term?")
    assert answer.query == "Is IVIG safe in the long term?"
    assert not answer.abstained and any("long-term" in s.text for s in answer.sentences)


def test_explain_like_i_m_five_answers_what_ivig_is_not_a_sentence_with_five(bot):
    """Coverage read "Explain IVIG like I'm five" without its manner, but the search and the composer did not: "five"
    and "explain" found "There are five types of immunoglobulins" / "The mechanism explains…"."""
    answer = bot.ask("Explain IVIG like I'm five")
    assert not answer.abstained
    opening = answer.sentences[0].text
    assert "five" not in opening.lower() and "explains" not in opening
    assert "immunoglobulin" in opening.lower()
