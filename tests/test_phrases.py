"""The noun phrase a question names, told from its verb by the question's frame (bot.verb_frame, bot.noun_phrases), and what
patients read because of it: declines that name a subject, follow-ups that replace the whole subject."""
from __future__ import annotations

import pytest

from bot.noun_phrases import noun_phrases, phrase_around
from bot.verb_frame import verb_words, without_verb


def ivig(word: str) -> bool:          # the corpus's name for its treatment (a generic, specific word)
    return word.lower() in {"ivig", "immunoglobulin"}


@pytest.mark.parametrize("question, verb", [
    ("can it fix asthma?", "fix"),
    ("Can it treat asthma?", "treat"),
    ("Will it stop hair loss?", "stop"),
    ("Does IVIG prevent strokes?", "prevent"),
    ("does it prevent migraines?", "prevent"),
    ("Does the treatment lower cholesterol?", "lower"),
    ("Could IVIG help with eczema?", "help"),
    ("How can I stop hair loss?", "stop"),                     # a question word before the auxiliary
    ("Is there anything that can fix back pain?", "fix"),      # a modal's verb
    ("My neurologist says IVIG can reduce fatigue", "reduce"),
    ("I heard it really helps with brain fog", "heard helps"),   # a subject pronoun's verb, past an adverb
    ("What does Guillain-Barre syndrome mean?", "mean"),      # do-support: the bare verb ends the question
    ("How long do side effects last?", "last"),
])
def test_the_verb_after_the_subject_is_found(question, verb):
    assert verb_words(question, ivig) == verb.split()


@pytest.mark.parametrize("question", [
    "Can asthma be cured?",                  # a subject the rule cannot recognise marks nothing
    "Can it be given to dogs?",              # "be" is no subject word; "dogs" follows a preposition
    "What are the side effects of IVIG in myasthenia gravis?",
    "Does high blood pressure drop with IVIG?",
    "What does antiphospholipid syndrome do to pregnancy?",   # a last word led in is an object
    "How often do myasthenia gravis patients need infusions?",   # and so is a rare one
    "What are the symptoms of I cell disease?",             # "I" before a word and a name's head is no speaker
])
def test_a_subject_is_never_taken_for_a_verb(question):
    assert not {"asthma", "dogs", "myasthenia", "gravis", "high", "blood", "pressure", "cell"} & \
        {w.lower() for w in verb_words(question, ivig)} and not {"pregnancy", "infusions"} & \
        {w.lower() for w in verb_words(question, ivig)}


@pytest.mark.parametrize("question, phrase, subject", [
    ("can it fix asthma?", ["fix", "asthma"], ["asthma"]),
    ("Does it cure hay fever?", ["cure", "hay", "fever"], ["hay", "fever"]),
    ("Does IVIG prevent strokes?", ["IVIG", "prevent", "strokes"], ["strokes"]),
    ("Will it reduce blood sugar?", ["reduce", "blood", "sugar"], ["blood", "sugar"]),
    ("Is IVIG used for long COVID?", ["long", "COVID"], ["long", "COVID"]),       # no verb: unchanged
    ("What does IVIG cure?", ["cure"], ["cure"]),                                   # nothing would be left
])
def test_a_phrase_loses_its_leading_verb(question, phrase, subject):
    assert without_verb(question, phrase, ivig) == subject


@pytest.mark.parametrize("text, named, phrase", [
    ("Is IVIG used for long COVID?", ["COVID"], "long COVID"),        # a word of asking after a preposition
    ("How fast does IVIG work in immune thrombocytopenia?", ["thrombocytopenia"], "immune thrombocytopenia"),
    ("What are the side effects of IVIG in antiphospholipid syndrome?", ["antiphospholipid"], "antiphospholipid syndrome"),
    ("Is IVIG used to treat cancer?", ["cancer"], "cancer"),          # not "treat cancer": "to" leads a verb
    ("What is the rituximab dose for ITP?", ["rituximab"], "rituximab"),    # a word of the question's type
])
def test_the_phrase_around_a_subject_word(text, named, phrase):
    start, end = phrase_around(text, named, ivig)
    assert text[start:end] == phrase


def test_noun_phrases_name_each_missing_subject_once_without_the_verb():
    assert noun_phrases("Can IVIG reverse multiple sclerosis?", ["sclerosis"], ivig) == ["multiple sclerosis"]
    assert noun_phrases("can it fix asthma?", ["fix", "asthma"], ivig) == ["asthma"]
    assert noun_phrases("Is mucolipidosis III inherited?", ["mucolipidosis", "III", "inherited"], ivig) == \
        ["mucolipidosis III"]
    assert noun_phrases("Does IVIG cure diabetes?", ["zebra"], ivig) == ["zebra"]      # not found: itself


# ---------------------------------------------------------------- what a patient reads

def test_a_decline_names_what_is_missing_never_a_verb(bot):
    answer = bot.ask("Does IVIG cure diabetes? And is it safe for dogs? And can it fix asthma?")
    assert answer.abstained and [p.abstained for p in answer.parts] == [True, True, True]
    reasons = [p.abstain_reason for p in answer.parts]
    assert "diabetes" in reasons[0] and "dogs" in reasons[1] and "asthma" in reasons[2]
    assert not any(verb in reason.split() for reason in reasons for verb in ("cure", "fix", "IVIG"))
    for question, named, verb in [("Will it stop hair loss?", "hair loss", "stop"),
                                  ("Does IVIG prevent strokes?", None, "prevent"),
                                  ("Can IVIG reverse multiple sclerosis?", "multiple sclerosis", "reverse")]:
        answer = bot.ask(question)
        if answer.abstained:
            assert verb not in answer.abstain_reason.split() and (named is None or named in answer.abstain_reason)
    assert "multiple sclerosis" in bot.ask("Can IVIG reverse multiple sclerosis?").abstain_reason


def test_a_verb_and_its_object_are_no_compound(bot):
    """"cause headaches" was checked like "low blood pressure" (two words the passages never put together),
    and the side-effects list that names headaches was never quoted."""
    answer = bot.ask("Can IVIG cause headaches?")
    assert not answer.abstained and "headache" in answer.sentences[0].text.lower()
    assert bot.ask("Can IVIG cause low blood pressure?").abstained      # a real compound is still checked


def test_a_name_starts_after_the_verb(bot):
    """"fever" ends disease names ("Q fever"), and "IVIG cause fever" was read as one that the documents
    never write: a side effect they list was declined."""
    answer = bot.ask("Can IVIG cause fever?")
    assert not answer.abstained and "fever" in answer.sentences[0].text.lower()
    declined = bot.ask("Can IVIG cause Q fever?")               # a name after the verb is still checked
    assert declined.abstained and "Q fever" in declined.abstain_reason


def test_a_definition_question_is_about_the_name_not_its_verb(bot):
    """"What does Guillain-Barré syndrome mean?" was declined as "they don't discuss Guillain-Barre syndrome
    mean": the verb ending a do-question was read as part of the topic."""
    assert not bot.ask("What does Guillain-Barré syndrome mean?").abstained
    declined = bot.ask("What does cyclic vomiting syndrome mean?")
    assert declined.abstained and "mean" not in declined.abstain_reason


@pytest.mark.parametrize("earlier, follow_up, rewritten", [
    ("Is IVIG used for long COVID?", "what about brain fog?", "Is IVIG used for brain fog?"),
    ("Is IVIG used for long COVID?", "and for ITP?", "Is IVIG used for ITP?"),
    ("How fast does IVIG work in immune thrombocytopenia?", "and for myasthenia gravis?",
     "How fast does IVIG work in myasthenia gravis?"),
    ("What are the side effects of IVIG in antiphospholipid syndrome?", "and for ITP?",
     "What are the side effects of IVIG in ITP?"),
    ("How does IVIG work in ITP?", "how about in pregnancy?", "How does IVIG work in pregnancy?"),
])
def test_a_follow_up_replaces_the_whole_earlier_subject(bot, earlier, follow_up, rewritten):
    assert bot.ask(follow_up, [earlier]).query == rewritten


@pytest.mark.parametrize("history, follow_up, rewritten", [
    # an elliptical follow-up was asked in the frame before it: the next one takes that frame
    (["Is IVIG used for long COVID?", "what about brain fog?"], "and for ITP?", "Is IVIG used for ITP?"),
    (["How does IVIG work in ITP?", "what about in myasthenia gravis?"], "and for APS?", "How does IVIG work in APS?"),
    # the treatment's own name is never the subject replaced
    (["Is IVIG safe in pregnancy?"], "and for ITP?", "Is IVIG safe in ITP?"),
    (["Is IVIG safe in pregnancy?", "and for ITP?"], "how about long COVID?", "Is IVIG safe in long COVID?"),
])
def test_a_chain_of_follow_ups_keeps_the_first_frame(bot, history, follow_up, rewritten):
    assert bot.ask(follow_up, history).query == rewritten


def test_an_earlier_verb_is_no_subject_to_inherit(bot):
    """"Does IVIG cure diabetes?" names no subject the documents know: "cure" is its verb."""
    assert bot.ask("is it safe for dogs?", ["Does IVIG cure diabetes?"]).query == "is it safe for dogs?"
