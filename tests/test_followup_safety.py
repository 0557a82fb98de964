"""Unit tests of follow-up resolution (bot.followup) and emergency triage (bot.safety)."""
from __future__ import annotations

import pytest

from bot.followup import resolve
from bot.message_subject import subject_words
from bot.safety import PERSONAL_DOSE_NOTE, asks_personal_dose, triage

# What a corpus about ITP, myasthenia gravis, APS and long COVID knows (a stand-in for Vocabulary.knows).
KNOWN = {"itp", "myasthenia", "gravis", "aps", "mg", "covid", "pregnancy", "vaccines", "vaccine", "rituximab",
         "dosed", "kidney"}


def knows(word: str) -> bool:
    return word.lower() in KNOWN


# ---------------------------------------------------------------- follow-ups

def test_no_history_leaves_the_question_alone():
    assert resolve("how fast does it work?", [], knows) == "how fast does it work?"


def test_pronoun_follow_up_gets_the_earlier_subject():
    assert resolve("how fast does it work?", ["How does IVIG work in ITP?"], knows) == \
        "how fast does it work? (about ITP)"


def test_the_most_recent_message_with_a_subject_wins():
    history = ["How does IVIG work in ITP?", "What about side effects in myasthenia gravis?", "thanks"]
    assert resolve("how long does it last?", history, knows) == "how long does it last? (about myasthenia gravis)"


def test_history_without_a_subject_changes_nothing():
    assert resolve("how long does it last?", ["hello", "thanks"], knows) == "how long does it last?"
    assert resolve("how long does it last?", ["", "   "], knows) == "how long does it last?"


def test_a_self_contained_question_is_left_alone():
    question = "What are the side effects of IVIG in myasthenia gravis?"
    assert resolve(question, ["How does IVIG work in ITP?"], knows) == question


def test_ellipsis_takes_the_earlier_frame_with_the_new_subject():
    assert resolve("what about in myasthenia gravis?", ["How does IVIG work in ITP?"], knows) == \
        "How does IVIG work in myasthenia gravis?"
    assert resolve("and for APS?", ["What are the side effects of IVIG in myasthenia gravis?"], knows) == \
        "What are the side effects of IVIG in APS?"


def test_own_subject_plus_pointer_adds_the_earlier_subject():
    assert resolve("Is it safe in pregnancy?", ["How does IVIG work in APS?"], knows) == \
        "Is it safe in pregnancy? (about APS)"


def test_repeating_the_same_subject_adds_nothing():
    assert resolve("Is it safe in ITP?", ["How does IVIG work in ITP?"], knows) == "Is it safe in ITP?"


def test_subject_words_leave_out_question_type_and_unknown_words():
    assert subject_words("What is the dose for ITP?", knows) == ["ITP"]
    assert subject_words("how fast does it work?", knows) == []
    assert subject_words("Does IVIG help with zebras?", knows) == []


def test_ellipsis_keeps_the_words_between_old_subject_words():
    resolved = resolve("what about for MG?", ["How is IVIG dosed in ITP patients?"], knows)
    assert resolved == "How is IVIG dosed in MG patients?"


# ---------------------------------------------------------------- triage

@pytest.mark.parametrize("message,kind", [
    ("My throat is closing up after the infusion", "anaphylaxis"),
    ("My lips are swelling and I feel dizzy", "anaphylaxis"),
    ("I think I am having anaphylaxis", "anaphylaxis"),
    ("I can't breathe properly", "breathing"),
    ("My son is having trouble breathing during his infusion", "breathing"),
    ("He is not breathing", "breathing"),
    ("I have crushing chest pain", "chest-pain"),
    ("My chest feels tight and heavy right now", "chest-pain"),
    ("My husband's face is drooping and his speech is slurred", "stroke"),
    ("My mum suddenly can't move her arm", "stroke"),
    ("My calf is swollen and painful since my infusion", "blood-clot"),
    ("I think I have a blood clot in my leg", "blood-clot"),
    ("I'm coughing up blood", "blood-clot"),
    ("I have the worst headache of my life and my neck is stiff", "meningitis"),
    ("I have a severe headache and a stiff neck after IVIG", "meningitis"),
    ("My dad collapsed after his infusion", "collapse"),
    ("I want to kill myself", "self-harm"),
    ("I don't want to live anymore", "self-harm"),
    ("I have been thinking about suicide", "self-harm"),
    ("I'm thinking of ending my life because long covid is unbearable. Would IVIG help?", "self-harm"),
    ("some days I want to take my own life", "self-harm"),
    ("I can't go on like this anymore, the fatigue is too much", "self-harm"),
    ("I wish I was dead", "self-harm"),
    ("I've been thinking about ending it all", "self-harm"),
    ("my son says he wants to end his life", "self-harm"),
    ("life is not worth living with this pain", "self-harm"),
    ("My husband had IVIG 2 days ago and hasn't peed since, is that normal?", "kidney"),
    ("I haven't passed urine since my infusion yesterday", "kidney"),
    ("my daughter is barely peeing after her IVIG", "kidney"),
    ("I've had no urine output for a day after IVIG", "kidney"),
    ("my son with ITP has a nosebleed that won't stop and blood in his urine", "bleeding"),
    ("my daughter has ITP and her nose won't stop bleeding", "bleeding"),
    ("I have ITP and I'm vomiting blood", "bleeding"),
    ("there is blood in my stool and my platelets are low", "bleeding"),
    ("I have ITP and I hit my head hard and now have a bad headache", "bleeding"),
    # a sign told as history does not hide one happening now
    ("She had a stroke 2 years ago and now her face is drooping again", "stroke"),
    ("I had a DVT in March and now my other calf is swollen and red", "blood-clot"),
    ("My husband had a stroke in May and another one this morning, his speech is off", "stroke"),
    ("My mother had a seizure last May and she is seizing right now after her IVIG", "collapse"),
    ("She is having seizures after her infusion", "collapse"),
    ("my dad just had a seizure after his infusion", "collapse"),
])
def test_emergencies_are_flagged(message, kind):
    found = triage(message)
    assert found is not None and found.kind == kind
    assert "911" in found.advice and "112" in found.advice


def test_self_harm_advice_points_to_crisis_lines():
    advice = triage("I want to end my life").advice
    assert "988" in advice and "116 123" in advice


@pytest.mark.parametrize("message", [
    "Can IVIG cause blood clots?",
    "What are the signs of an allergic reaction?",
    "What are the signs of a stroke?",
    "Can IVIG cause meningitis?",
    "How common is anaphylaxis with IVIG?",
    "Does IVIG cause chest pain in some patients?",
    "Can IVIG cause blood clots in my legs?",
    "What are the side effects of IVIG?",
    "How does IVIG work in ITP?",
    "Is a headache after IVIG normal?",
    # a person is named, but the message asks about risks in general
    "Can IVIG cause a blood clot in my leg?",
    "What are the signs of a stroke in my dad?",
    "Is throat swelling a common sign of an allergic reaction for my daughter?",
    "What are the symptoms of a blood clot that I should watch for?",
    "Can IVIG cause kidney failure?",
    "Is dark urine a side effect of IVIG?",
    "How much urine should I pass after IVIG?",
    "Should I drink more water to protect my kidneys during IVIG?",
    "Does ITP cause nosebleeds?",
    "Can IVIG stop bleeding in ITP?",
    "I had a nosebleed last year, can I get IVIG?",
    "Will IVIG end my symptoms?",
    "How do I end my IVIG treatment safely?",
    "What is the life expectancy with CIDP?",
    # history, not an emergency now
    "my mother is on Coumadin after her stroke. do you have information on blood thinners?",
    "My mother is 80 and had a stroke a few years ago. What serious side effects can it have?",
    "I have a history of blood clots, is IVIG safe for me?",
    "My husband had a blood clot last year. Is IVIG risky for him?",
    "i had my first DVT in march and the tests showed APS. can i ask for ivig instead of warfarin?",
    "My wife had a pulmonary embolism back in January; would IVIG raise her risk of another?",
    "My wife had a stroke in 2019 and again in 2021. Is IVIG safe for her?",
    "My son has a history of seizures, is IVIG safe for him?",
])
def test_general_questions_are_not_flagged(message):
    assert triage(message) is None


def test_personal_dose_questions():
    assert asks_personal_dose("How much IVIG should I get?")
    assert asks_personal_dose("What dose should my son get?")
    assert asks_personal_dose("What dose of IVIG should I take for my ITP?")
    assert not asks_personal_dose("What is the usual IVIG dose in ITP?")
    assert not asks_personal_dose("How does IVIG work in ITP?")
    assert "clinician" in PERSONAL_DOSE_NOTE


def test_a_described_allergic_reaction_is_an_emergency_but_a_question_about_one_is_not():
    from bot.safety import triage

    assert triage("I am having an allergic reaction to my infusion").kind == "anaphylaxis"
    assert triage("My daughter is having a severe allergic reaction right now").kind == "anaphylaxis"
    assert triage("Can IVIG cause an allergic reaction?") is None


# ---------------------------------------------------------------- someone already in hospital care

@pytest.mark.parametrize("message", [
    "My wife has ITP and was admitted to St. Luke's last night with bleeding gums that won't stop. Why IVIG?",
    "My son is in hospital with ITP and his nose won't stop bleeding, why do they give IVIG?",
    "I'm in hospital and my chest feels tight right now, can IVIG do that?",
    "My dad is on the ward after a stroke and now his face is drooping again",
    "They admitted him this morning with a bleed that won't stop. Will IVIG help?",
    "My wife has been admitted with a seizure, what does IVIG do?",
    "She is in intensive care with a blood clot in her leg, can IVIG cause that?",
])
def test_a_sign_told_of_someone_in_hospital_care_now_is_not_an_alarm(message):
    # staff are with them: "call your emergency number" is no advice (was flagged)
    assert triage(message) is None


@pytest.mark.parametrize("message,kind", [
    ("I was in hospital last month and now my nose won't stop bleeding", "bleeding"),        # care in the past
    ("She was admitted last year and now her nose won't stop bleeding", "bleeding"),
    ("She was admitted yesterday and discharged today, now her nose won't stop bleeding", "bleeding"),   # left care
    ("My husband is in the ICU and I can't breathe", "breathing"),                           # another person
    ("My husband is in hospital. I have crushing chest pain.", "chest-pain"),
    ("I'm at the hospital with my son and he can't breathe", "breathing"),                  # a visitor and him
    ("My mum is in hospital with pneumonia and I'm having trouble breathing", "breathing"),
    ("I work in the emergency room and my chest hurts", "chest-pain"),                      # not in care
    ("My daughter was admitted with ITP and her nose won't stop bleeding", "bleeding"),    # admitted when? not said
    ("I'm at the hospital for my IVIG and my throat is closing up", "anaphylaxis"),         # an outpatient visit
    ("I'm in hospital getting my IVIG and my lips are swelling", "anaphylaxis"),           # an infusion going on
    ("My son is on the ward and during his infusion he started wheezing", "breathing"),
])
def test_a_sign_of_someone_not_in_care_now_is_still_flagged(message, kind):
    found = triage(message)
    assert found is not None and found.kind == kind


def test_self_harm_is_flagged_in_hospital_too():
    assert triage("My son is in hospital and says he wants to end his life").kind == "self-harm"
