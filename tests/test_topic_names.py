"""Issue 9: a topic's name as the question writes it ("Patient Rights", "Skin Conditions"), its nouns of asking
included, is what the documents must discuss; questions about what they do discuss stay answered."""
from __future__ import annotations

import pytest

from bot.topics import undiscussed
from bot.asked_topic import asked_topic
from helpers import assert_declined

# Patient-style questions naming a topic the IVIG documents discuss, written before the name rule: none may
# be declined. ("What causes low platelet counts in ITP?" is declined already, by the word checks: the
# documents never say "low" near "platelet counts".)
ANSWERABLE = [
    "What is ITP?",
    "What is myasthenia gravis?",
    "what is antiphospholipid syndrome",
    "What is long COVID?",
    "Is long COVID common?",
    "What are the side effects of IVIG on the skin?",
    "Can IVIG cause kidney failure?",
    "skin reactions after IVIG",
    "Does IVIG make your skin itchy?",
    "Can IVIG be injected under the skin?",
    "What is subcutaneous immunoglobulin?",
    "What is a myasthenic crisis?",
    "What is thymectomy?",
    "What are autoantibodies?",
    "What is Fc receptor blockade?",
    "What is POTS?",
    "What is plasma exchange?",
    "Why do I get headaches after IVIG?",
    "What helps headaches?",
    "What is the RECOVER-AUTONOMIC trial?",
    "What is immune thrombocytopenia?",
    "What is catastrophic antiphospholipid syndrome?",
    "What is hydroxychloroquine used for in APS?",
    "What is anticoagulation?",
    "What is dysautonomia?",
    "Do you have information about infusion reactions",
    "What are the symptoms of myasthenia gravis?",
    "How is ITP treated?",
    "What is the outlook for ITP patients?",
    "What are the treatments for myasthenia gravis?",
    "What is (are) Blood Clots ?",
    "hi, what are corticosteroids?",
    "What are Fc receptors?",
    "What is an allergic reaction to IVIG?",
    "Is IVIG safe for patients with kidney problems?",
    "What are immune deficiency conditions?",
    "What is muscle weakness in myasthenia gravis?",
    "What is the right dose?",
    "Is bleeding common?",
    "What is pregnancy loss?",
    "What is fatigue?",
    "What are bad reactions?",
    "What are long term effects?",
]


@pytest.mark.parametrize("question", ANSWERABLE)
def test_a_topic_the_documents_discuss_stays_answered(bot, question):
    answer = bot.ask(question)
    assert not answer.abstained, answer.abstain_reason
    assert answer.citations or answer.glossary          # "What is ITP?" may be answered from the glossary


_GENERIC = {"ivig", "blood", "autoimmune", "immune", "system", "patient", "patients"}


@pytest.mark.parametrize("question, topic", [
    ("Do you have information about Patient Rights", ["Patient", "Rights"]),   # a noun of asking before it
    ("What is (are) Skin Conditions ?", ["Skin", "Conditions"]),                # and after it
    ("What are common skin conditions?", ["skin", "conditions"]),  # an adjective asks which ones are common
    ("Is bleeding common?", ["bleeding"]),
    ("What helps headaches?", ["headaches"]),               # a verb is not part of a name
    ("What is the outlook for ITP patients?", ["ITP"]),     # an acronym names its subject by itself
    ("What is long COVID?", ["COVID"]),
    ("What are the symptoms of Polycythemia Vera ?", ["Polycythemia", "Vera"]),   # not "of", left by "symptoms"
])
def test_the_topic_is_named_as_written_with_its_words_of_asking(question, topic):
    assert asked_topic(question, lambda w: w.lower() in _GENERIC) == topic


@pytest.mark.parametrize("question, name", [
    ("Do you have information about Patient Rights", "Patient Rights"),   # "the right dose" is another right
    ("What is (are) Skin Conditions ?", "Skin Conditions"),   # "(injected under the skin) ... conditions"
    ("what are common skin conditions", "skin conditions"),
    ("Tell me about patient rights", "patient rights"),
])
def test_a_name_with_words_of_asking_must_be_discussed_as_written(bot, question, name):
    answer = bot.ask(question)
    assert_declined(answer, f"they don't discuss {name}")


@pytest.mark.parametrize("topic, discussed", [
    (["Skin", "Conditions"], False),        # "(injected under the skin) ... immune deficiency conditions": far apart
    (["Patient", "Rights"], False),
    (["Spleen", "Diseases"], False),        # "splenic" stands in for spleen, never beside "diseases"
    (["immune", "deficiency", "conditions"], True),       # "autoimmune and immune deficiency conditions"
    (["Blood", "Clots"], True),
])
def test_the_words_of_asking_in_a_name_stand_beside_its_own_words(bot, topic, discussed):
    texts = [f"{d.title}\n{d.text}" for d in bot.stored.documents.values()]
    assert (undiscussed(topic, bot.vocabulary, texts) == "") == discussed
