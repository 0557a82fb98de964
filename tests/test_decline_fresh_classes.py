"""Answerable questions that were declined on a word saying how they ask, not what about, or on a specific word the
documents name by its class (issue 9, round 23): the unit a quantity is asked in (units.asked_units), the verb of "what
decides how much" with no other subject (asked_topic's `framing`), a drug named by its international name's ending
(drug_stems.py, read by brands.readings), and a prefix of time or repetition on a corpus word (derivation.unprefixed).
Each uncovered subject beside such a word is still declined. Wordings here are this file's own."""
from __future__ import annotations

import pytest

from bot.asked_topic import asked_topic
from bot.brands import readings
from bot.derivation import unprefixed
from bot.drug_stems import stem_readings
from bot.specificity import zipf
from bot.units import asked_units
from helpers import assert_answered_from, assert_declined


def test_the_units_a_quantity_is_asked_in():
    assert asked_units("how many grams per kilo?") == {"grams", "per", "kilo"}
    assert asked_units("about 2 hrs or so?") == {"hrs"}
    assert asked_units("how much mL a day") == {"ml", "day"}
    assert asked_units("grams a kilo") == {"grams", "kilo"}
    # a unit's word with no quantity, or an acronym, is no unit of one
    assert not asked_units("Is a pound of cheese ok?")
    assert not asked_units("How many MG patients respond?")
    assert not asked_units("What is an hour of care worth?")


def test_a_framing_verb_is_no_topic():
    generic = lambda w: w.lower() == "ivig"      # noqa: E731
    assert asked_topic("what decides how much they give me?", generic) == ["decides"]
    assert asked_topic("what decides how much they give me?", generic, {"decides"}) == []


def test_a_drug_read_by_its_international_names_ending():
    assert stem_readings("betamethasone")[0] == "corticosteroids"
    assert stem_readings("tinzaparin")[0] == "heparin"
    assert stem_readings("neostigmine")[0] == "acetylcholinesterase inhibitors"
    assert stem_readings("loratadine") == ("antihistamines",)
    # an English word ending so is none; nor an ending alone
    for word in ("person", "reason", "season", "comparison", "sone", "mab"):
        assert stem_readings(word) == (), word
    # a short ending another class or no drug shares is no corticosteroid: a cheese, antibiotics, an anabolic steroid
    for word in ("provolone", "dapsone", "nandrolone", "glucuronide"):
        assert "corticosteroids" not in stem_readings(word), word
    assert stem_readings("fluoroquinolone") == ("antibiotics",)        # the longer ending wins
    assert stem_readings("vinblastine") == ("antineoplastics",)
    # another international name reads as the name the table knows
    assert "acetaminophen" in readings("paracetamol")


def test_a_prefix_of_time_or_repetition_on_a_corpus_word():
    known = {"medication", "infusion", "search", "sent", "action"}.__contains__
    assert unprefixed("premedication", known, zipf) == "medication"
    assert unprefixed("pretreatment", {"treatment"}.__contains__, zipf) == "treatment"
    # "post-" and "re-" name another thing as often as not: "reinfection", "postsurgical" are not read as their base
    assert unprefixed("reinfusion", known, zipf) == ""
    assert unprefixed("postinfusion", known, zipf) == ""
    # English words of their own, and bases too short to read
    assert unprefixed("research", known, zipf) == ""
    assert unprefixed("present", known, zipf) == ""
    assert unprefixed("reaction", known, zipf) == ""


ANSWERED = [
    # were "they don't discuss grams or kilo", "... hrs", "... ITP in grams per kilogram"
    ("My girl has ITP. How many grams a kilo is the dose?", "g/kg"),
    ("how many hrs before ivig starts to work in itp?", "24 hours"),
    ("what's the ITP dose in grams per kilogram?", "g/kg"),
    # were "they don't mention prednisolone", "... dalteparin", "... neostigmine"
    ("My mum takes prednisolone for her ITP; why pair it with IVIG?", "corticosteroids"),
    ("Could IVIG take the place of dalteparin for APS in pregnancy?", "heparin"),
    ("Does neostigmine get used alongside IVIG for MG?", "acetylcholinesterase inhibitors"),
    # was "they don't mention premedication": the documents give corticosteroids and supportive medications to
    # reduce reactions
    ("Do people get premedication to avoid IVIG reactions?", "reactions"),
]


@pytest.mark.parametrize("question,quoted", ANSWERED)
def test_answered(bot, question, quoted):
    assert_answered_from(bot.ask(question), quoted)


DECLINED = [
    ("How many milligrams of iron per kilo should an anaemic toddler take?", "toddler"),
    ("Is betamethasone cream good for psoriasis?", "psoriasis"),
    ("Do I need premedication before an MRI scan?", "MRI"),
    ("What dose of sitagliptin per kilo is used?", "sitagliptin"),
    ("How many hours of sleep does a toddler need?", "toddler"),
    ("What decides how much insulin my dad needs?", "insulin"),
    # a short drug ending or a prefix read them as the documents' corticosteroids, surgery and infection (review)
    ("Can I eat provolone before my IVIG infusion?", "provolone"),
    ("Can dapsone be used instead of IVIG for ITP?", "dapsone"),
    ("Is it fine to take a fluoroquinolone with IVIG?", "fluoroquinolone"),
    ("Does IVIG help postsurgical pain?", "postsurgical"),
    ("Can IVIG prevent reinfection with COVID?", "reinfection"),
    ("Is there a recombinant alternative to IVIG?", "recombinant"),
]


@pytest.mark.parametrize("question,reason", DECLINED)
def test_still_declined(bot, question, reason):
    assert_declined(bot.ask(question), reason)


def test_a_judged_choice_after_a_long_story_does_not_turn_the_story_into_the_topic(bot):
    """Only the units and the verb of "what decides how" are taken out of a topic phrase: taking "the most sensible
    way" out too left the story's words ("covid clinic offered IVIG infusions") as the phrase asked about, and declined
    the message (a held-out set's; this wording is the file's own)."""
    message = ("Hi, I'm 61 and live in Swansea. I've had long covid since 2021 and a private clinic in Leeds has offered "
               "me Gamunex infusions. I could pay for it but I'm unsure. If I decide to try IVIG, what's the most "
               "sensible way to go about it?")
    answer = bot.ask(message)
    assert not answer.abstained and answer.sentences
    assert {c.doc_id for c in answer.citations} == {"ivig-long-covid"}
