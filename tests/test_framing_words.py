"""Everyday words that frame how a question asks and were read as its missing subject (asking_words.manner_adverbs,
.judged_choices, .deciding_verbs; the "what X do ... do" inversion in asking_words.doers; a verb after "to" that the
documents write as its -ing form: coverage._written_verb). Wordings here are this file's own."""
from __future__ import annotations

import pytest

from bot.asking_words import deciding_verbs, doers, judged_choices, manner_adverbs
from helpers import assert_answered_from, assert_declined


def test_an_ly_adverb_of_an_everyday_adjective_frames_the_question():
    assert manner_adverbs("Can we realistically expect it to help?") == {"realistically"}
    assert manner_adverbs("Will she cope badly with it?") == {"badly"}
    # beside a participle it classifies or names a means: the subject
    assert not manner_adverbs("Is it sexually transmitted?")
    assert not manner_adverbs("Can it be taken orally?")
    # nouns ending in -ly, and an adjective no one uses
    assert not manner_adverbs("Will my family cope?")
    assert not manner_adverbs("Is it given intravenously?")


def test_a_judging_adjective_before_a_noun_of_choice():
    assert judged_choices("What is the wisest way to start?") == {"wisest"}
    assert judged_choices("the most sensible thing to do") == {"sensible"}
    assert judged_choices("is that the safe option") == {"safe"}
    # a classifying adjective names a kind of option
    assert not judged_choices("is there a herbal option")
    assert not judged_choices("the oral way")
    assert not judged_choices("the sensible diet")


def test_the_verb_of_an_interrogative_subject_before_an_embedded_question():
    assert deciding_verbs("what determines how long it lasts") == {"determines"}
    assert deciding_verbs("who decides whether I get it") == {"decides"}
    assert not deciding_verbs("who pays for it")
    assert not deciding_verbs("what causes it")


def test_the_noun_after_what_before_an_inverted_do_is_no_doer():
    assert "task" not in doers("What task do the steroids do?", lambda w: False)
    assert "dog" in doers("Can my dog take IVIG?", lambda w: w == "IVIG")


ANSWERED = [
    # were "they don't discuss realistically expect", "... smartest", "they don't mention wisest"
    ("My son has Kawasaki disease. What can we realistically expect from IVIG?", "Kawasaki"),
    ("My wife has ITP and wants IVIG. What's the smartest way to prepare for it?", "ITP"),
    ("I have CIDP. What's the wisest way to start IVIG?", "CIDP"),
    # was "they don't discuss decides"
    ("My daughter has ITP. What decides how much IVIG she gets?", "g/kg"),
    # was "they don't discuss task"
    ("I have ITP and take prednisolone too. What task do the steroids do alongside IVIG?", "corticosteroids"),
    # was "they don't discuss reacting" (the documents write "reacting" and "reaction")
    ("Can a slow drip make me less likely to react to IVIG?", "infusion"),
    # was declined for "grams": the documents print the dose as "1 g/kg" (units.asked_units)
    ("My daughter has ITP. What decides how many grams she is given?", "g/kg"),
]


@pytest.mark.parametrize("question,quoted", ANSWERED)
def test_answered(bot, question, quoted):
    assert_answered_from(bot.ask(question), quoted)


DECLINED = [
    ("Will my horse react badly to IVIG?", "horse"),
    ("What determines how much my chiropractor charges?", "chiropractor"),
    ("What's the safest way to give IVIG to a ferret?", "ferret"),
    ("Can I realistically expect IVIG to cure my eczema?", "eczema"),
]


@pytest.mark.parametrize("question,reason", DECLINED)
def test_still_declined(bot, question, reason):
    assert_declined(bot.ask(question), reason)
