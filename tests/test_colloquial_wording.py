"""Issue 9, round 15: patients' colloquial wording (holdout8 and tests/data/decline_probe3.jsonl, tune sets). A
quantity said with a noun ("loads of", "a bunch of"), an everyday modifier ("big proper trials"), a verb leading
another ("try and get"), a chat spelling ("wat", "ppl"), a lay name the model misses ("sticky blood", "kick in")
are how a question is told, not what it is about; a subject the documents lack is still declined. Wordings here are
this file's own, not the sets' questions."""
from __future__ import annotations

import pytest

from helpers import assert_answered_from, assert_declined


@pytest.fixture(scope="module")
def knows(bot):
    return bot.vocabulary.knows


# ----------------------------------------------------------------- what a preposition governs

@pytest.mark.parametrize("question, governed", [
    ("Is IVIG given to dogs?", {"dogs"}),
    ("How much does IVIG cost in euros?", {"euros"}),
    ("Should my son stay off school after his IVIG?", {"school"}),
    # "of" hands the object on past a noun of quantity or one the documents lack: what follows it is governed
    ("Is IVIG safe for loads of dogs?", {"dogs"}),
    ("Is it safe on top of my tablets?", {"tablets"}),
    # ...not past one they write: "in terms of the numbers" asks in their terms
    ("Does it lower them, in terms of the numbers?", {"terms"}),
])
def test_the_object_of_a_preposition(knows, question, governed):
    from bot.preposition_objects import governed as objects

    found = objects(question, knows)
    assert governed <= found and not found & {"loads", "top", "of"}, found


@pytest.mark.parametrize("question, word", [
    ("Has it been tried in big proper trials?", "big"),          # an everyday modifier of a noun the corpus writes
    ("Would it be better to try and get on a study?", "try"),    # a verb leading another
    ("Is it smart to try to get a trial place?", "try"),
])
def test_what_is_no_object(knows, question, word):
    from bot.preposition_objects import governed as objects

    assert word not in objects(question, knows)


@pytest.mark.parametrize("question, word", [
    ("Is IVIG used for sickle cell disease?", "sickle"),       # rare: names a kind
    ("Does IVIG help with chest pain?", "chest"),              # a noun ("chests"): names what hurts
    ("Does IVIG help with eye pain?", "eye"),
])
def test_a_rare_or_noun_modifier_stays_the_object(knows, question, word):
    from bot.preposition_objects import governed as objects

    assert word in objects(question, knows)


def test_a_noun_of_quantity_is_no_subject():
    """English's nouns of quantity are a closed class, like "lots": not every noun before "of" ("the ethics of")."""
    from bot.terms import content_words

    assert content_words("my friend had a bunch of infusions") == ["friend", "infusions"]
    assert "ethics" in content_words("What are the ethics of IVIG?")


# ----------------------------------------------------------------- answered, not declined

ANSWERED = [
    ("Do they give the antibody drip for loads of different immune illnesses?", "autoimmune"),
    ("Has IVIG for APS been looked at in big proper trials?", "randomized"),
    ("Is it smarter to try and get onto a study than to pay a private clinic for IVIG for long covid?", "trial"),
    ("Does the antibody drip help people with sticky blood who keep clotting?", "thrombo"),
    ("When does IVIG kick in for myasthenia gravis?", "weeks"),
    ("wat does ivig do in itp", "Fc receptor"),
    ("do ppl with ITP get a platelet rise fast after ivig", "platelet"),
    ("which conditions is IVIG given for? my aunt had a bunch of infusions for her nerves", "Guillain"),
    ("what's a ballpark dose of ivig for low platelet disease?", "g/kg"),
]


@pytest.mark.parametrize("question, quoted", ANSWERED)
def test_colloquial_wording_is_answered(bot, question, quoted):
    assert_answered_from(bot.ask(question), quoted)


@pytest.mark.parametrize("question, named", [
    ("Is IVIG safe for loads of dogs?", "dogs"),
    ("Can I have a cup of coffee after IVIG?", "coffee"),
    ("What are the ethics of IVIG?", "ethics"),            # a noun before "of" is no amount (review of round 15)
    ("Can you show me a photo of IVIG?", "photo"),
    ("What are the ingredients of IVIG?", "ingredients"),
    ("Is there a recall of IVIG?", "recall"),
    ("Does IVIG help with chest pain?", "chest pain"),      # a noun modifier names the subject
    ("Can IVIG help after a kick in the head?", ""),        # a kick, not "kick in"
    ("Is IVIG good for sticky eyes?", "sticky eyes"),
    ("Is IVIG used for bad acne?", "acne"),
])
def test_an_absent_subject_is_still_declined(bot, question, named):
    assert_declined(bot.ask(question), named)


# ----------------------------------------------------------------- which sentences answer

@pytest.mark.parametrize("story, question, named", [
    ("My daughter has had a bunch of migraines.", "Could IVIG help her?", "migraines"),
    ("My son has a history of eczema.", "Could IVIG help him?", "eczema"),
    ("My husband has tons of acne.", "Would IVIG help him?", "acne"),
])
def test_a_condition_told_as_an_amount_or_a_kind_is_declined(bot, story, question, named):
    """What someone has, said as an amount or a kind of it, is that condition (story_condition._AMOUNT_OF)."""
    assert_declined(bot.ask(question, [story]), named)


def test_a_kind_named_by_a_letter_is_quoted(bot):
    """"B cells": the lexical terms drop the letter, and "cells" alone is every cell's."""
    answer = bot.ask("What does IVIG do to the B cells in autoimmune disease?")
    assert any("B cells" in s.text or "B-cell" in s.text for s in answer.sentences), [s.text for s in answer.sentences]


def test_lettered_names_are_read_from_the_question():
    from bot.extractive.lettered import lettered_names

    found = [p.pattern for p in lettered_names("Does it act on T-cells, vitamin D or type 2 receptors?")]
    assert len(found) == 3
    assert lettered_names("Is 1 g/kg for 5 days usual?") == []
    texts = lettered_names("what happens to B cells?")
    assert texts[0].search("autoreactive B cells") and texts[0].search("B-cell function")
    assert not texts[0].search("T cells")


def test_who_decides_how_much_is_what_it_depends_on(bot):
    from bot.asking_words import deciding_verbs

    assert deciding_verbs("how do they work out how much of it I get?") == {"work", "out"}
    assert deciding_verbs("how does my doctor decide how often I need it?") == {"decide"}
    assert deciding_verbs("How do I know if it is working?") == set()
    answer = bot.ask("how do they work out how much IVIG I get for my myasthenia?")
    assert any("depends on your weight" in s.text for s in answer.sentences), [s.text for s in answer.sentences]
    # ...and opens with it (composer.DEPENDS_FIRST), not with a page's open question on the right dose
    for question in ("How do doctors work out how much IVIG to give?", "What determines how much IVIG a patient gets?"):
        opening = bot.ask(question).sentences[0].text
        assert "depend" in opening, opening


# ----------------------------------------------------------------- a drug against one of its own kind

def test_a_drug_weighed_against_one_of_its_class_is_declined(bot):
    assert_declined(bot.ask("Is rivaroxaban as good as warfarin for antiphospholipid syndrome?"), "rivaroxaban")


def test_a_drug_weighed_against_another_kind_is_answered(bot):
    """The documents speak of corticosteroids beside IVIG, not of IVIG as one."""
    assert_answered_from(bot.ask("Is prednisolone better than IVIG for ITP?"), "corticosteroids")


def test_a_drug_alone_still_stands_for_its_class(bot):
    assert_answered_from(bot.ask("Can I keep taking rivaroxaban while I have IVIG for APS?"), "anticoagula")


# ----------------------------------------------------------------- two questions in one sentence

@pytest.mark.parametrize("message, parts", [
    ("Roughly what dose is given each month, and has this been tested in big trials?",
     ["Roughly what dose is given each month?", "has this been tested in big trials?"]),
    ("How long does it last, and were there side effects in the trial?",
     ["How long does it last?", "were there side effects in the trial?"]),
    # no subject after the auxiliary: the sentence goes on
    ("Why do I feel sick after IVIG, and have done since Tuesday?",
     ["Why do I feel sick after IVIG, and have done since Tuesday?"]),
    ("Is it normal that he was tired after IVIG, and was sleeping all day?",
     ["Is it normal that he was tired after IVIG, and was sleeping all day?"]),
    # a name ending in "-ly" is no lead-in adverb
    ("Emily was given IVIG, and has a rash now?", ["Emily was given IVIG, and has a rash now?"]),
])
def test_two_questions_joined_by_a_perfect_or_past_auxiliary(message, parts):
    from bot.message_questions import focus, questions

    assert questions(focus(message)[0]) == parts


def test_what_shows_it_works_is_not_who_decides():
    from bot.asking_words import deciding_verbs

    assert deciding_verbs("How do they figure out if IVIG is working?") == set()
