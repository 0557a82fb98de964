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


# ----------------------------------------------------------------- questions announced before a colon

@pytest.mark.parametrize("message, parts, told", [
    ("My son starts IVIG on Monday. A couple of things we want to know: how long does each drip take, and what "
     "should we watch for afterwards?",
     ["how long does each drip take?", "what should we watch for afterwards?"], "A couple of things we want to know."),
    ("Three questions for the pharmacist: what is in it, how is it stored, and why does it need a cold chain?",
     ["what is in it?", "how is it stored?", "why does it need a cold chain?"], "Three questions for the pharmacist."),
    ("Quick ones from me: is it made from donated blood, and how often would the infusions be?",
     ["is it made from donated blood?", "how often would the infusions be?"], "Quick ones from me."),
])
def test_questions_announced_before_a_colon_are_split_and_the_announcement_is_told(message, parts, told):
    from bot.message_questions import announcements, focus, questions

    asked = focus(message)[0]
    assert questions(asked) == parts
    assert announcements(asked) == told


@pytest.mark.parametrize("message", [
    # one question after the colon: as before
    "Kawasaki disease with coronary changes: is a second dose of IVIG given?",
    # a colon inside what asks
    "What does this mean: the nurse said my IgG trough was low?",
])
def test_one_question_after_a_colon_stays_whole(message):
    from bot.message_questions import announcements, focus, questions

    asked = focus(message)[0]
    assert questions(asked) == [asked] and announcements(asked) == ""


@pytest.mark.parametrize("message, parts", [
    # "why" with no verb of its own asks the reason for the clause before it: one question
    ("Do they give it in hospital, and why not in my own home?", ["Do they give it in hospital, and why not in my own home?"]),
    ("How long before it starts working, and why so long?", ["How long before it starts working, and why so long?"]),
    ("Where is it made, and why from plasma?", ["Where is it made, and why from plasma?"]),
    # ...one with a verb of its own is a second question
    ("Where is it made, and why does it cost so much?", ["Where is it made?", "why does it cost so much?"]),
    ("Can it be given at home, and why it's slower than a drip?", ["Can it be given at home?", "why it's slower than a drip?"]),
])
def test_a_why_without_a_verb_joins_the_question_before(message, parts):
    from bot.message_questions import focus, questions

    assert questions(focus(message)[0]) == parts


def test_announced_questions_are_each_answered(bot):
    answer = bot.ask("Morning! My daughter has ITP. A couple of things I'd like to know: where does IVIG come from, "
                     "and how quickly does it raise platelets?")
    assert len(answer.parts) == 2 and not any(part.abstained for part in answer.parts)
    assert "plasma" in " ".join(s.text for s in answer.parts[0].sentences).lower()
    assert "24 hours" in " ".join(s.text for s in answer.parts[1].sentences)


def test_announced_questions_are_answered_whole_when_one_alone_is_declined(bot):
    # "does it work by wiping out her immune system?" alone is declined ("wiping"); the whole message is answered
    answer = bot.ask("My wife had her first IVIG for ITP last week. She keeps asking me two things: is it made from "
                     "donated blood, and does it work by wiping out her immune system?")
    assert not answer.abstained and not any(part.abstained for part in answer.parts)
    assert "plasma" in " ".join(s.text for s in answer.sentences).lower()


def test_announced_questions_keep_their_parts_when_the_whole_is_declined_too(bot):
    # the whole message names a disease the documents never discuss: the answered part stays, the other is declined
    answer = bot.ask("Two questions for you: is IVIG used for ITP, and does it cure diabetes?")
    assert len(answer.parts) == 2
    assert not answer.parts[0].abstained and answer.parts[1].abstained
