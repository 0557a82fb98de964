"""Issue 9: fresh patient wording the coverage check used to decline (bot/asking_words.py). What was "missing" was
an everyday word, not the subject: a verb ("tend to continue", "handle IVIG"), an adverb of time or place
("anywhere yet"), a Greek letter spelt out ("beta-2") or the story a question points back at. Each class has new
wordings that are answered and near misses, the subject itself absent, that stay declined.

The answered ones marked "was declined" were declined on main de05fe5."""
from __future__ import annotations

import pytest

from bot.asking_words import doers, how_well, led_verbs, lettered
from helpers import assert_answered_from, assert_declined


def _ivig(word: str) -> bool:
    return word.lower() == "ivig"


@pytest.mark.parametrize("word, spellings", [
    ("beta-2", ("β-2", "β2")),
    ("beta2", ("β2",)),
    ("TGF-beta", ("TGF-β",)),
    ("IL-1beta", ("IL-1β",)),
    ("alpha", ("α",)),
    ("lambda", ("λ",)),              # Unicode names it "LAMDA"
    ("betamethasone", ()),           # a word that starts with a letter's name is no letter
    ("glycoprotein", ()),
])
def test_a_greek_letter_spelt_out_is_written_as_the_letter(word, spellings):
    assert lettered(word) == spellings


@pytest.mark.parametrize("question, frame", [
    ("Do most people handle IVIG well?", {"handle", "well"}),
    ("Will my body handle it alright?", {"handle", "alright"}),
    # without a judging adverb the verb is the action asked about
    ("What happens if I skip my infusion?", set()),
    ("Do most people handle IVIG?", set()),
    # a preposition or a modifier before the treatment's name is no verb: their -ing forms are no English words
    ("Is monthly IVIG okay?", set()),
    # a name before its object is what the question is about
    ("Do most people tolerate Gammagard well?", set()),
])
def test_the_frame_of_a_how_well_question_is_found(question, frame):
    assert how_well(question, _ivig) == frame


@pytest.mark.parametrize("question, led", [
    ("How many months do these courses tend to run?", {"run"}),
    ("Do the infusions need to continue for years?", {"continue"}),
    ("Is it ok to fly after an infusion?", set()),          # after an adjective, the action asked about
    ("I want to fly next week, is that safe?", set()),      # after a verb of wanting, too
])
def test_a_verb_led_by_a_semi_auxiliary_is_found(question, led):
    assert led_verbs(question) == led


@pytest.mark.parametrize("question, found", [
    ("Can my dog take IVIG every month?", {"dog"}),
    ("Do most dogs handle IVIG well?", {"dogs"}),
    ("Can my son take IVIG?", set()),                # a person asked on behalf of
    ("Why do they check my blood?", set()),          # a pronoun
])
def test_who_does_what_the_verb_says_is_found(question, found):
    assert doers(question, _ivig) == found


ANSWERED = [
    # the story names a condition the documents discuss; the question only points back at it (was declined:
    # "they don't discuss resets sistem myasthenia gravis")
    ("the neurologist told us ivig resets my husbands immune sistem in myasthenia gravis and thats why his eyelids "
     "lifted so fast. is that why it works so quickly?", "myasthenia gravis"),
    # a verb after "to" is no object (was declined: "they don't discuss continuing")
    ("My husband has myasthenia gravis and starts IVIG next week. How many days do the infusions tend to continue?",
     "two to five days"),
    # a Greek letter spelt out (was declined: "they don't mention anti-beta2 glycoprotein")
    ("Does IVIG lower anti-beta2 glycoprotein I levels?", "β2-glycoprotein"),
    ("Can IVIG reduce beta-2-glycoprotein I antibodies in APS?", "β2-glycoprotein"),     # was declined
    # adverbs of time and place end no phrase (was declined: "they don't discuss covid anywhere yet")
    ("Is IVIG offered for long covid anywhere yet?", "approved"),
    ("Is IVIG for myasthenia gravis available everywhere nowadays?", "myasthenia gravis"),
]


@pytest.mark.parametrize("question, quoted", ANSWERED)
def test_fresh_wording_of_what_the_documents_discuss_is_answered(bot, question, quoted):
    assert_answered_from(bot.ask(question), quoted)


@pytest.mark.parametrize("question", [
    "Do most people handle the infusions okay?",        # was declined: "they don't discuss handle"
    "Will my body handle IVIG alright?",                # was declined: "they don't discuss alright"
])
def test_the_verb_of_a_how_well_question_is_no_subject(bot, question):
    # which sentence opens the answer is the composer's; here only that it is not declined
    answer = bot.ask(question)
    assert not answer.abstained, answer.abstain_reason


DECLINED = [
    # the story's condition is absent
    ("someone in my support group said ivig soaks up the bad antibodys in sarcoidosis and thats why her cough "
     "stopped. is that really how it works?", "sarcoidosis"),
    # the object of a preposition, after a verb after "to"
    ("Can IVIG be given to horses?", "horses"),
    ("How many months do these courses tend to run in dogs?", ""),
    # who does what the verb says is absent (the second was answered with the dosing list)
    ("Do most dogs handle IVIG well?", "dogs"),
    ("Can my dog take IVIG every month?", "dog"),
    # the verb is no subject, but the drug is; without a judging adverb the action is the subject
    ("Do most people handle chemotherapy well?", "chemotherapy"),
    ("What happens if I skip my infusion for two months?", "skipping"),
    # a Greek letter the documents never print with that name
    ("Does IVIG lower alpha-1 antitrypsin levels?", "antitrypsin"),
    ("Does IVIG bring down beta-amyloid?", "beta-amyloid"),
    # adverbs of time and place do not hide an absent disease (the first was answered with a list of conditions)
    ("Has IVIG been approved for chronic fatigue syndrome anywhere yet?", "chronic fatigue syndrome"),
    ("Is IVIG approved for fibromyalgia anywhere yet?", "fibromyalgia"),
]


@pytest.mark.parametrize("question, reason", DECLINED)
def test_the_same_wording_about_an_absent_subject_is_declined(bot, question, reason):
    assert_declined(bot.ask(question), reason)


def test_a_disease_named_only_inside_a_compound_stays_declined_when_its_page_ranks_below_the_best(bot):
    """"lupus" is written only in "lupus anticoagulant" (the APS page). Adverbs of time push that page out of the
    best three passages; the answer still quotes it, so the name is read in every document the answer may quote."""
    for question in ("Has IVIG been approved for lupus anywhere yet?", "Is IVIG used for lupus?"):
        answer = bot.ask(question)
        assert answer.abstained and "lupus anticoagulant" in answer.abstain_reason, question
    assert not bot.ask("Does IVIG lower lupus anticoagulant?").abstained
