"""Issue 9, real patients' messages: words that say where the story happens, how someone's words are judged, what the
asked thing is compared with, what was expected of it, or a drug named where the documents name its class, are not
the subject. Such a message is answered; one whose subject the documents lack is still declined. The wordings are
this file's own, not the held-out sets'."""
from __future__ import annotations

import pytest

from bot import brands
from bot.asking_words import compared, judging, led_verbs
from bot.message_subject import places
from helpers import assert_answered_from, assert_declined
from scripts import brand_names


# ------------------------------------------------------------------ a story's place

@pytest.mark.parametrize("story, place", [
    ("I'm having IVIG for ITP at a clinic in Groningen next month.", {"groningen"}),
    ("My brother in San Diego has it.", {"san", "diego"}),
    ("We just moved to Denver.", {"denver"}),
    ("My neurologist is switching me to Hizentra for CIDP.", set()),        # a drug after "to"
    ("It is used in Kawasaki disease.", set()),                             # a disease's name, by its head noun
    ("In ITP, how fast does it work?", set()),                              # an acronym
])
def test_a_place_is_read_by_its_preposition(story, place):
    assert places(story) == place


def test_a_storys_place_is_not_lent_to_the_question(bot):
    # was read as "(about Groningen, IVIG Kawasaki)" and declined: "they don't mention Groningen" (a name lent beside a
    # condition the documents only list is taken as the subject)
    answer = bot.ask("Hi, I start IVIG for Kawasaki disease at a hospital in Groningen next week. Is it really made "
                     "from other people's blood?")
    assert not answer.abstained, answer.abstain_reason


def test_a_storys_place_does_not_make_an_absent_subject_covered(bot):
    assert_declined(bot.ask("Hello, I'm having IVIG for MG at a clinic in Groningen. Does IVIG help psoriasis?"),
                    "psoriasis")


# ------------------------------------------------------------------ judging what someone said

_SAID = "My rheumatologist told me IVIG 'resets the immune system'."


def test_a_word_judging_the_speaker_is_read_as_how_it_asks():
    assert judging("Was she oversimplifying?", _SAID) == {"oversimplifying"}
    assert judging("Is my rheumatologist exaggerating?", _SAID) == {"exaggerating"}
    assert judging("Is that true?", _SAID) == {"true"}
    assert judging("Was she oversimplifying?", "My daughter has ITP.") == set()      # nobody said anything
    assert judging("Is that dangerous?", _SAID) == set()                              # no word of truth


def test_a_question_judging_what_was_said_is_answered(bot):
    # was declined: "they don't mention oversimplifying"
    answer = bot.ask(f"{_SAID} Was she oversimplifying?")
    assert not answer.abstained, answer.abstain_reason


def test_a_judged_claim_about_an_absent_subject_is_declined(bot):
    # the question names nothing; what it judges is the claim, which is about diabetes
    assert_declined(bot.ask("My GP said IVIG can cure diabetes. Was she exaggerating?"), "diabetes")


# ------------------------------------------------------------------ a comparison's other side

@pytest.mark.parametrize("question, other", [
    ("Will she need IVIG every day like her pills, or only during flares?", {"pills"}),
    ("Is it given every day, as with her pills?", {"pills"}),
    ("Is IVIG like chemotherapy?", set()),                  # the comparison is what is asked
    ("Does it feel like the flu?", set()),
    ("Is it normal to feel like I have the flu?", set()),   # a clause, not a comparison's other side
    ("I would like to know the dose", set()),               # the verb
    ("Can IVIG cause problems like nosebleeds?", set()),    # "such as": examples of what is asked
    ("Does IVIG work for MG like for asthma?", set()),      # a health topic's name is read as named
    ("Does IVIG work like rituximab?", set()),               # named bare: the comparison asked about
    ("Does IVIG thin the blood like a blood thinner?", set()),
])
def test_a_comparisons_other_side_is_read_by_its_grammar(question, other):
    assert compared(question) == other


def test_a_comparisons_other_side_is_not_the_subject(bot):
    # were declined: "they don't discuss pills", "they don't mention pyridostigmine"
    answer = bot.ask("My mum has myasthenia gravis and takes pills for it. Will she be on IVIG forever like her pills, "
                     "or only for a while?")
    assert not answer.abstained, answer.abstain_reason
    assert_answered_from(bot.ask("My wife has MG. Does she stay on it for good, as with her pyridostigmine?"),
                         "myasthenia")
    assert_declined(bot.ask("Is IVIG like chemotherapy?"), "chemotherapy")
    assert_declined(bot.ask("Does IVIG work like rituximab?"), "rituximab")


# ------------------------------------------------------------------ what was expected of it

def test_a_verb_after_supposed_to_is_how_it_asks(bot):
    assert "wear" in led_verbs("How is that possible if it's supposed to wear off?")
    # was declined: "they don't discuss wearing off" (the documents: "effects can outlast several half-lives")
    answer = bot.ask("Our son had IVIG for ITP and his platelets are still normal after two months. How is that "
                     "possible if it's supposed to wear off?")
    assert_answered_from(answer, "outlast several half-lives")


# ------------------------------------------------------------------ a drug named by its class

def test_drugs_are_mined_with_their_class():
    answers = ["Doctors may use corticosteroids such as prednisone or budesonide.",
               "Prednisone and other corticosteroids may help. Hepatitis and other viral infections spread.",
               "Ataxia, such as clumsiness, and ataxia such as clumsiness.",
               "Growths such as polypx. Growths such as polypx."]
    found = brand_names.instances(answers, {"hepatitis"})
    # budesonide once; a topic; a singular "class"; a "class" of one member
    assert found == {("prednisone", "corticosteroids"): 2}


def test_a_drug_is_read_as_its_class(bot):
    assert "corticosteroids" in brands.readings("prednisone")
    # was declined: "they don't mention doctor add prednisone"
    answer = bot.ask("My haematologist wants to start me on prednisone alongside my IVIG for ITP. Why both?")
    assert_answered_from(answer, "corticosteroids")
    answer = bot.ask("Why give prednisone together with IVIG in ITP?")
    assert_answered_from(answer, "corticosteroids")


def test_a_drug_whose_class_the_documents_lack_is_still_declined(bot):
    assert_declined(bot.ask("Does IVIG interact with amitriptyline?"), "amitriptyline")


# ------------------------------------------------------------------ one list of verbs of saying

def test_every_reader_of_reported_speech_knows_the_same_verbs():
    from bot.message_questions import focus
    from bot.story_condition import claim_told
    # "described" was a sayer's verb but not a told clause's: the clause was read as part of the question
    assert focus("The nurse described it as mostly IgG, is there anything else in it?") == \
        ("is there anything else in it?", "The nurse described it as mostly IgG.")
    # "read" was a told clause's verb but not a claim's: "Is that true?" had no claim to weigh
    assert "diabetes" in claim_told("I read that IVIG can cure diabetes.", lambda w: w.lower() == "ivig")
    # "heard" made nobody a sayer
    assert judging("Was he exaggerating?", "My cousin heard IVIG cures everything.") == {"exaggerating"}


@pytest.mark.parametrize("message, absent", [
    # "he" is the son or the husband, not the one who spoke: what is asked of him stays the subject
    ("My neurologist told me my son needs IVIG for his CIDP. Is he contagious?", "contagious"),
    ("The doctor said my husband needs IVIG. Is he immunocompromised now?", "immunocompromised"),
])
def test_only_a_word_judging_what_was_said_is_no_subject(bot, message, absent):
    answer = bot.ask(message)
    assert answer.abstained and absent in answer.abstain_reason
