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
    # "of" hands the object on: what follows it is governed, through a determiner
    ("Do they use it for heaps of other immune problems?", {"other"}),
    ("Is IVIG safe for loads of dogs?", {"dogs"}),
    ("Is it given on top of their usual tablets?", {"usual"}),
])
def test_the_object_of_a_preposition(knows, question, governed):
    from bot.preposition_objects import governed as objects

    assert objects(question, knows) == governed


@pytest.mark.parametrize("question, word", [
    ("Has it been tried in big proper trials?", "big"),          # an everyday modifier of a noun the corpus writes
    ("Would it be better to try and get on a study?", "try"),    # a verb leading another
    ("Is it smart to try to get a trial place?", "try"),
])
def test_what_is_no_object(knows, question, word):
    from bot.preposition_objects import governed as objects

    assert word not in objects(question, knows)


def test_a_rare_modifier_or_an_unknown_head_stays_the_object(knows):
    from bot.preposition_objects import governed as objects

    assert "sickle" in objects("Is IVIG used for sickle cell disease?", knows)      # rare: names a kind
    assert "dog" in objects("Is it safe with dog bites?", knows) or "bites" in objects(
        "Is it safe with dog bites?", knows) or not knows("bites")


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


# ----------------------------------------------------------------- a drug against one of its own kind

def test_a_drug_weighed_against_one_of_its_class_is_declined(bot):
    assert_declined(bot.ask("Is rivaroxaban as good as warfarin for antiphospholipid syndrome?"), "rivaroxaban")


def test_a_drug_weighed_against_another_kind_is_answered(bot):
    """The documents speak of corticosteroids beside IVIG, not of IVIG as one."""
    assert_answered_from(bot.ask("Is prednisolone better than IVIG for ITP?"), "corticosteroids")


def test_a_drug_alone_still_stands_for_its_class(bot):
    assert_answered_from(bot.ask("Can I keep taking rivaroxaban while I have IVIG for APS?"), "anticoagula")
