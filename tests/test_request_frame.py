"""Issue 9: a request for information ("Do you have information about X", "Tell me about X") is answered about
X. Its frame's words chose the answer before: "information" ~ "inform" opened four off-topic MedQuAD answers
with "They can discuss how IVIG may help manage your symptoms and inform you about new treatment options..."."""
from __future__ import annotations

import pytest

from bot.request_frame import defined_topic, request_topic

_GENERIC_LINE = "inform you about new treatment options"


@pytest.mark.parametrize("question, topic", [
    ("Do you have information about Immunization", "Immunization"),
    ("Tell me about how IVIG is made", "how IVIG is made"),
    ("What do you know about IVIG in long COVID?", "IVIG in long COVID?"),
    ("Hi, could you tell me about myasthenic crisis and IVIG?", "myasthenic crisis and IVIG?"),
    ("I'd like information about the cost of IVIG", "the cost of IVIG"),
    ("Any info on the IVIG dose for APS?", "the IVIG dose for APS?"),
    ("I am looking for information regarding blood clots", "blood clots"),
    ("Is there anything I should know about IVIG and vaccines?", "IVIG and vaccines?"),
    # not requests: other words before the preposition, or none of telling, knowing or information
    ("How worried should I be about side effects?", ""),
    ("Is it available on the NHS?", ""),
    ("Can you get it on the NHS?", ""),
    ("What about the dose?", ""),
    ("Does IVIG work on the immune system?", ""),
    ("Tell me about", ""),
])
def test_request_topic_is_what_follows_the_frame(question, topic):
    assert request_topic(question) == topic


def _quoted(answer) -> str:
    return " ".join(s.text for s in answer.sentences)


@pytest.mark.parametrize("question, wanted", [
    ("Do you have information about IVIG side effects?", "side effects"),
    ("I'd like information about the cost of IVIG", "cost"),
])
def test_a_request_is_answered_about_its_topic_not_by_its_frame(bot, question, wanted):
    answer = bot.ask(question)
    assert not answer.abstained
    assert _GENERIC_LINE not in _quoted(answer)
    assert wanted in answer.sentences[0].text.lower()


def test_a_topic_word_sharing_only_a_stem_with_the_corpus_is_matched_by_meaning(bot):
    # "Immunization" stems like "immune" (in every passage); the documents call it vaccines
    answer = bot.ask("Do you have information about Immunization")
    assert not answer.abstained
    assert _GENERIC_LINE not in _quoted(answer)
    assert all("vaccin" in s.text.lower() for s in answer.sentences), _quoted(answer)


@pytest.mark.parametrize("question", [
    "Do you have information about Clinical Trials",
    "Do you have information about Talking With Your Doctor",
    "Do you have information about Blood Thinners",
])
def test_medquad_requests_no_longer_open_with_the_generic_line(bot, question):
    answer = bot.ask(question)
    assert _GENERIC_LINE not in _quoted(answer)


@pytest.mark.parametrize("question, topic", [
    ("Tell me about IVIG", "IVIG"),
    ("IVIG?", "IVIG"),
    ("info on IVIG please", "IVIG"),
    ("Do you have information about Kawasaki disease", "Kawasaki disease"),
    ("long covid?", "long covid"),
    # an aspect of the topic, a narrowed topic, a sentence, politeness alone: asked as written
    ("Do you have information about IVIG side effects?", ""),
    ("Tell me about how IVIG is made", ""),
    ("Tell me about IVIG in pregnancy", ""),
    ("side effects?", ""),
    ("Is IVIG safe?", ""),
    ("What is IVIG?", ""),
    ("thanks", ""),
])
def test_defined_topic_is_a_bare_or_requested_topic(question, topic):
    assert defined_topic(question) == topic


@pytest.mark.parametrize("question", ["Tell me about IVIG", "IVIG?", "info on IVIG please"])
def test_a_bare_topic_opens_like_what_is_it(bot, question):
    # they opened with "Some long COVID looks like ..." (or declined "info"); "What is IVIG?" opens with the definition
    answer, defined = bot.ask(question), bot.ask("What is IVIG?")
    assert not answer.abstained
    assert answer.sentences[0].text == defined.sentences[0].text
    assert " is " in defined.sentences[0].text


def test_a_requested_topic_the_documents_never_write_is_asked_as_written(bot):
    # "What is Immunization?" would open with what antibodies are; the request keeps the documents' vaccines
    assert "vaccin" in bot.ask("Do you have information about Immunization").sentences[0].text.lower()


@pytest.mark.parametrize("question", ["Do you have information about Patient Safety", "Patient safety?",
                                      "Do you have information about Drug Safety"])
def test_a_bare_topic_is_judged_as_the_plain_request(bot, question):
    # as "What is Patient Safety?" it came close enough to the MG page's "effectiveness or safety, talk to your doctor"
    assert bot.ask(question).abstained
