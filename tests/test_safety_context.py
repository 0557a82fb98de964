"""Triage (bot.safety) of messages about a sign that is not happening to the writer or their own now: a clinician's
patient already in care, a sign dated as history, a stranger's sign witnessed in the past; and the emergencies beside
each that must still be flagged. Unit tests of the time and person readers (bot.when_told, bot.told_of)."""
import pytest

from bot.safety import triage
from bot.told_of import told_of
from bot.when_told import times


def kinds(text):
    return [kind for _, _, kind in times(text)]


# ---------------------------------------------------------------- a clinician writing about a patient in their care

@pytest.mark.parametrize("message", [
    "I'm a staff nurse on a haematology ward and my patient with ITP has blood in her urine. Is IVIG usually started "
    "before or after platelets?",
    "Pharmacist here, on a neurology unit: the consultant wants IVIG for one of our patients with Guillain-Barre who is "
    "short of breath. Which brands do we stock?",
    "As the registrar on call I have a patient in resus who is vomiting blood with platelets of 5. Does IVIG work faster "
    "than steroids?",
    # a place of care is named: a clinician elsewhere, or asking what to do, is flagged (the reviewer's cases below)
    "Junior doctor on a neurology ward here. One of my patients has a face drooping on one side after IVIG, is stroke "
    "a recognised risk?",
    "I'm an ICU nurse and we've got an elderly lady whose nose won't stop bleeding; I think she's having a bleed from "
    "ITP. Will IVIG help?",
    "Registrar at St Mary's hospital here: we have a lady with ITP and blood in her urine, should IVIG wait for the "
    "platelet count?",
])
def test_a_clinicians_patient_is_no_alarm(message):
    # the writer is the care team: "call your emergency number" is no advice (each was flagged)
    assert triage(message) is None


@pytest.mark.parametrize("message,kind", [
    ("I'm a nurse on a busy ward and I have crushing chest pain right now", "chest-pain"),          # the writer
    ("I'm a nurse on my ward and I can't breathe", "breathing"),
    ("I'm a nurse looking after my patient, and my lips are swelling", "anaphylaxis"),
    ("I'm a doctor but my son is having trouble breathing after his infusion at home", "breathing"),  # family
    ("As a nurse I know the signs: my husband's face is drooping and his speech is slurred", "stroke"),
    ("I'm a pharmacist and a customer in my shop has collapsed", "collapse"),                        # no patient
    ("I'm a carer and my patient collapsed", "collapse"),                                           # no clinical role
    ("I'm a GP and my patient was discharged yesterday, now she has crushing chest pain", "chest-pain"),  # left care
    ("I'm a nurse and my patient is halfway through her infusion and her throat is closing up", "anaphylaxis"),
    ("I'm a nurse and my mum is a patient on my ward, her nose won't stop bleeding", "bleeding"),   # family
    ("My GP sent me here. We have a baby with ITP and her nose won't stop bleeding", "bleeding"),  # a parent
])
def test_a_clinicians_own_emergency_or_familys_is_still_flagged(message, kind):
    found = triage(message)
    assert found is not None and found.kind == kind


# ---------------------------------------------------------------- a sign dated as history

@pytest.mark.parametrize("message", [
    "Last winter my father had a mini stroke; would IVIG interact with his blood thinner?",
    "My wife had a seizure in the summer and has been fine since. Can IVIG trigger another?",
    "At 30 I had a DVT after a long flight, so is IVIG risky for me?",
    "Years ago, when I was pregnant, I had a pulmonary embolism. Does that rule out IVIG?",
    "My son had a seizure at 14 and another one at 16, is IVIG safe for him?",
    "As a teenager I had anaphylaxis to peanuts. Can I still have IVIG?",
    "My husband had a heart attack this year; could IVIG thicken his blood?",
])
def test_a_sign_dated_as_history_is_no_alarm(message):
    # a season, a past year, an age or "years ago" dates it (each was flagged)
    assert triage(message) is None


@pytest.mark.parametrize("message,kind", [
    ("I had a stroke years ago and this morning my face started drooping again", "stroke"),
    ("My mum had a seizure last winter and she's seizing now", "collapse"),
    ("She had a blood clot a few months ago, and right now her calf is swollen and hot", "blood-clot"),
    ("He had a seizure 20 minutes ago and won't wake up", "collapse"),          # minutes and hours ago are now
    ("My dad had a stroke an hour ago, what do we do?", "stroke"),
    ("I had a stroke years ago and an hour ago my face went numb on one side", "stroke"),
    ("My mum had a stroke last year and today her face is drooping", "stroke"),
    ("my dad had a seizure two days ago", "collapse"),                          # days ago is recent, not history
    ("My calf swelled up last week and it's red and hot", "blood-clot"),       # a week ago too: it may still be so
    ("My son had a seizure at 10, what should I do?", "collapse"),             # a clock time, maybe
    ("My husband had a stroke in 2019 and another one today", "stroke"),
    ("My calf has been swollen for a few weeks and it hurts", "blood-clot"),   # a duration, not a date
    ("I've been short of breath since last winter and tonight I can't breathe", "breathing"),
    ("Since my infusion in March I have had no urine", "kidney"),              # the time dates the infusion
    ("She hit her head in the fall and she has ITP", "bleeding"),              # "the fall" is no season here
    ("She collapsed an hour ago and won't wake up", "collapse"),
])
def test_a_sign_happening_now_beside_a_history_is_still_flagged(message, kind):
    found = triage(message)
    assert found is not None and found.kind == kind


# ---------------------------------------------------------------- a now-time that dates asking for treatment

@pytest.mark.parametrize("message", [
    # the now-time dates having the treatment, in a clause holding no sign (each was flagged)
    "I had a stroke two years ago, so can I still have IVIG today?",
    "Back in 2015 my husband had a pulmonary embolism. Should he still have his IVIG this afternoon?",
    "My daughter had a seizure when she was little, is it fine for her to start IVIG today?",
    "Is it safe for me to get my infusion tonight? I had a DVT a few years ago.",
    # a sign inside its own time ("a stroke years ago" reads as "a ... years ago"): was flagged with or without today
    "I had a stroke years ago, can I have IVIG today?",
    "My dad had a seizure years ago. Is IVIG safe for him?",
    "My wife had a stroke months ago, will IVIG set off another?",
])
def test_a_now_time_asking_for_treatment_dates_no_sign(message):
    assert triage(message) is None


@pytest.mark.parametrize("message,kind", [
    ("I had a stroke years ago and today my face is drooping", "stroke"),
    ("years ago I had a clot, today my leg is swollen and hot, can I still have IVIG today?", "blood-clot"),
    ("my mum had a stroke last year; she's slurring today", "stroke"),
    ("I had a stroke years ago, can I have IVIG today even though my face is drooping?", "stroke"),   # same clause
    ("I had a stroke years ago, can I have IVIG today, my face is numb", "stroke"),           # the clause goes on
    ("I had a stroke years ago. Can I have my infusion today even though my arm is weak on one side?", "stroke"),
    ("I had a clot years ago, can I have IVIG today? my calf is red and hot", "blood-clot"),   # a sign undated
    ("I had a stroke years ago, can I have IVIG today? I am slurring my words", "stroke"),
    ("I had a stroke years ago. Is it ok to keep my appointment today or should I call 911?", "stroke"),
    ("My son had a seizure a year ago. Can he get his infusion today? He is seizing now", "collapse"),
    ("My daughter had a seizure when she was little and she had another one today, can she start IVIG today?",
     "collapse"),
    ("I had a heart attack in 2020 and now I have chest pain, can I have my infusion today?", "chest-pain"),
    ("I had a seizure last year, can I have a seizure today from IVIG?", "collapse"),         # the clause names one
    # review: the present told outside the asking clause, emergency care asked for, no treatment named, run-on
    ("Had a stroke years back, can I still get IVIG today? I think it is happening right now", "stroke"),
    ("I had a stroke years ago. Can I start IVIG today? I'm having another one I think", "stroke"),
    ("My husband had a stroke years ago, should I take him to A&E today?", "stroke"),
    ("My dad had a stroke in 2015. Should I get him to the hospital tonight?", "stroke"),
    ("I had a stroke years ago, should I see the doctor today or go to the GP today?", "stroke"),
    ("My daughter had a seizure years ago, will she have one today", "collapse"),
    ("a stroke years ago and my mouth is drooping on one side", "stroke"),
    ("a clot years ago my calf is hot and swollen", "blood-clot"),
])
def test_a_sign_told_now_beside_a_treatment_question_is_still_flagged(message, kind):
    found = triage(message)
    assert found is not None and found.kind == kind


def test_an_admission_long_ago_hides_no_sign_told_today():
    # "admitted ... and today" no longer reads as an admission today (was not flagged)
    assert triage("My dad was admitted last year and today he is slurring his words").kind == "stroke"


# ---------------------------------------------------------------- a stranger's sign witnessed in the past

@pytest.mark.parametrize("message", [
    "At the clinic last month a man two chairs down from me collapsed halfway through his drip. Is that a common "
    "reaction to IVIG?",
    "Yesterday in the waiting room an older gentleman next to me had a seizure. Is that something IVIG can cause?",
    "Last week I watched a woman at the infusion centre have a seizure, does that happen often with IVIG?",
    "A lady at my last infusion had trouble breathing and they stopped the drip. How do they decide to restart?",
])
def test_a_strangers_sign_seen_in_the_past_is_no_alarm(message):
    # no one the writer can help is in danger now (each was flagged)
    assert triage(message) is None


@pytest.mark.parametrize("message,kind", [
    ("The man in the next chair is having a seizure, what should I do?", "collapse"),          # now
    ("A lady at my infusion centre just collapsed and isn't responding", "collapse"),
    ("The lady next to me has hives and her lips are swelling up", "anaphylaxis"),
    ("Yesterday a man in the next chair had a seizure and he still won't wake up", "collapse"),  # still going on
    ("Last week a woman in the next chair had hives and now I'm wheezing", "breathing"),         # the writer
    ("Yesterday a man beside me had a seizure and I've had crushing chest pain since", "chest-pain"),
    ("Last week my son and a man in the next chair both had seizures", "collapse"),              # family
    ("my friend had a seizure at the infusion clinic yesterday, is that normal?", "collapse"),
])
def test_a_strangers_sign_now_or_the_writers_own_is_still_flagged(message, kind):
    found = triage(message)
    assert found is not None and found.kind == kind


# ---------------------------------------------------------------- the readers

def test_times_are_dated_by_how_long_ago():
    assert kinds("this spring") == kinds("last winter") == kinds("in the summer") == ["history"]
    assert kinds("a few months ago") == kinds("years ago") == kinds("at age 9") == kinds("as a child") == ["history"]
    assert kinds("yesterday") == kinds("two days ago") == ["recent"]
    assert kinds("this morning") == kinds("tonight") == kinds("just now") == kinds("an hour ago") == ["now"]
    assert kinds("since last winter") == kinds("for a few months") == kinds("in the fall") == []


def test_told_of_reads_back_to_the_nearest_person():
    def at(message, word):
        return told_of(message, message.index(word))
    assert at("my lips are swelling", "lips") == "writer"
    assert at("my son's lips are swelling", "lips") == "relative"
    assert at("one of my patients is vomiting blood", "vomiting") == "patient"
    assert at("the lady in the next chair came out in hives and her lips swelled", "lips") == "stranger"
    assert at("during my infusion a man collapsed", "collapsed") == "stranger"
    assert at("I think she's having a seizure", "seizure") == "other"
    assert at("there is blood in the stool", "blood") is None
    assert at("a friend had a seizure", "seizure") == at("the baby had a seizure", "seizure") == "other"   # close


# ---------------------------------------------------------------- a reviewer's emergencies that the rules above missed

@pytest.mark.parametrize("message", [
    # a clinician's patient away from a place of care, or a clinician asking what to do
    "I'm a home infusion nurse. My patient's lips are swelling and he can't breathe.",
    "I'm a GP. My patient phoned: she had IVIG yesterday and has crushing chest pain.",
    "I'm a nurse. My patient had IVIG at home yesterday and has crushing chest pain.",
    "I am a doctor. My patient collapsed after IVIG and isn't breathing",
    "I'm a nurse, my patient has crushing chest pain after IVIG, what should I do?",
    "I'm a nurse. My patient has crushing chest pain and can't breathe, should I call 911?",
    "Practice nurse here, my patient's face is drooping after his IVIG last week",
    # someone close (not a stranger), or a sign still going on
    "A friend had a seizure last night and hasn't woken up",
    "The baby had a seizure yesterday and hasn't woken up",
    "The child had a seizure last night and she is not waking up",
    "A man next to me had a seizure yesterday and hasn't woken up",
    "A friend had a stroke yesterday, her face drooped",
    # a dated sign that goes on now, or a measure read as an age
    "My calf swelled up in March and it's red and hot",
    "My calf swelled up in March, and it's red and hot",
    "My calf swelled up this spring and it's red and hot",
    "In March after IVIG my calf swelled up and it is red and hot",
    "My chest pain started this spring and it is crushing",
    "My pregnant wife had a seizure at 34 weeks",
    "My son had a seizure at 40 degrees fever and he is floppy",
    "He collapsed at 45 minutes into the infusion",
    # a repeat told now
    "I had a seizure at 16 and another an hour ago",
    "I had a seizure at 16 and one more an hour ago",
    "I had a seizure at 16 and another yesterday",
])
def test_a_reviewers_emergency_is_flagged(message):
    assert triage(message) is not None


@pytest.mark.parametrize("message", [
    "Charge nurse on a renal ward here. We have a woman with ITP whose nose won't stop bleeding; is IVIG or anti-D "
    "quicker to raise platelets?",
    "I'm 60. I had a small stroke at 55 and a second one this year although my INR is fine. Could IVIG help?",
    "Last week at my infusion a gentleman opposite had a seizure and it upset me. What do the staff do then?",
])
def test_the_intended_silences_hold(message):
    # a clinician on a ward, a history with no sign going on now, a stranger's sign asked about in general
    assert triage(message) is None
