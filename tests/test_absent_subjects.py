"""Issue 9, round 12: three classes of wrong declines and unrelated citations, in the team's own wordings (not the
held-out set's), each beside near misses that must keep their verdict.

1. An everyday verb phrase for a procedure the documents name in other words ("check my blood": "Testing your blood")
   is answered, by a passage run shaped like the phrase (paraphrase.mirrors); a phrase the documents do not say
   ("filter my blood") and a disease's name are still declined.
2. A question whose subject the documents never use ("Does insurance pay ...?") is declined naming it, whatever sense
   its verb shares with them ("a heavy price to pay"); subjects they discuss are still answered.
3. A follow-up part inherits the whole of an earlier question's absent subject ("whooping cough", not "cough").
"""
from __future__ import annotations

import pytest

from helpers import assert_answered_from, assert_declined


# ------------------------------------------------------------------ 1. everyday verb phrases

@pytest.mark.parametrize("question", [
    "Why do they need to check my blood for IVIG?",     # was declined; the testing sentence is not in the best passages
    "Why does the infusion team check my blood before IVIG?",                             # was declined
    "What is the reason they check my blood after an IVIG infusion?",
])
def test_checking_the_blood_is_answered_from_the_testing_sentence(bot, question):
    assert_answered_from(bot.ask(question), "Testing your blood")


@pytest.mark.parametrize("question, named", [
    ("Why do they filter my blood before IVIG?", "filtering your blood"),   # 0.70 to the testing run: gains too little
    ("Why do they scan my brain before IVIG?", "scanning your brain"),
    ("Is IVIG used for rosacea?", "rosacea"),        # a disease is never a mirror's slot ("used in treatment")
])
def test_a_phrase_the_documents_do_not_say_is_still_declined(bot, question, named):
    assert_declined(bot.ask(question), named)


def test_a_mirror_holds_the_known_words_in_place_and_a_word_for_the_lacking_one():
    from bot.paraphrase import mirrors

    passages = ["Steps include: Testing your blood before and after your infusion.", "Blood your testing is fine."]
    assert mirrors(passages, ["check", "my", "blood"], ["check"]) == ["Testing your blood"]
    # no known subject word to place: a word of asking places nothing
    assert mirrors(["It is used in treatment."], ["used", "for", "psoriasis"], ["psoriasis"]) == []
    # a health topic's name in the lacking place names what it names
    assert mirrors(passages, ["asthma", "my", "blood"], ["asthma"]) == []


# ------------------------------------------------------------------ 2. absent subjects

@pytest.mark.parametrize("question, named", [
    ("Would my insurance plan pay for IVIG treatments?", "insurance"),      # was answered with "a heavy price to pay"
    ("How much does IVIG cost without insurance?", "insurance"),   # the object of "without"; was "a costly trial"
    ("Does alcohol interact with IVIG?", "alcohol"),
])
def test_a_question_about_an_absent_subject_is_declined_naming_it(bot, question, named):
    assert_declined(bot.ask(question), named)


@pytest.mark.parametrize("question, quoted", [
    ("Do headaches go away after IVIG?", "headaches"),
    ("Does the rash go away after IVIG?", "rash"),
    ("Do steroids work better than IVIG in ITP?", "corticosteroids"),
])
def test_a_subject_the_documents_discuss_is_still_answered(bot, question, quoted):
    assert_answered_from(bot.ask(question), quoted)


@pytest.mark.parametrize("question, subject", [
    ("Does insurance usually pay for IVIG?", ["insurance"]),      # an adverb ends it
    ("Will health insurance cover IVIG?", ["health", "insurance"]),   # before the treatment: the verb
    ("Does insurance pay for the infusions?", ["insurance"]),     # a stop word: the word before it is the verb
    ("Do side effects go away?", ["side", "effects"]),            # a common verb among the stop words ends it whole
    ("Why do they check my blood?", []),                          # a pronoun is the subject
    ("Does IVIG help fatigue?", []),                              # the treatment is
    ("Is insurance needed?", []),                                 # opened by "be": its complement follows
    ("How long does a course of IVIG last?", []),                 # what follows "of" is the subject
])
def test_the_subject_of_a_question_opened_by_do_or_a_modal(question, subject):
    from bot.opening_subject import opening_subject

    assert opening_subject(question, lambda w: w.lower() == "ivig") == subject


# ------------------------------------------------------------------ 3. follow-ups of an absent subject

@pytest.mark.parametrize("message, named", [
    ("What is whooping cough? Is there a vaccine for it?", "whooping cough"),   # was answered about vaccines
    ("Hi, what is a frozen shoulder? Would IVIG help with it?", "frozen"),     # the part names "frozen" alone
    ("What is restless legs syndrome? Can IVIG help it?", "restless legs syndrome"),       # both were answered
])
def test_a_follow_up_part_of_an_absent_subject_is_declined(bot, message, named):
    answer = bot.ask(message)
    assert_declined(answer)
    assert all(part.abstained for part in answer.parts)
    assert named in answer.parts[-1].abstain_reason


def test_a_follow_up_inherits_the_modifiers_the_corpus_lacks():
    from bot.followup import resolve

    known = {"cough", "vaccine", "ivig", "platelets", "itp", "proven"}.__contains__
    lower = lambda w: known(w.lower())            # noqa: E731
    assert resolve("should she get the vaccine?", ["What is whooping cough?"], lower).endswith("(about whooping cough)")
    # the earlier question's verb is no modifier: "raise" in "raise platelets"
    assert resolve("how long does that last?", ["Why does IVIG raise platelets in ITP?"], lower,
                   lambda w: w.lower() == "ivig").endswith("(about platelets ITP)")
    # nor a contraction of how it is asked
    assert "isn't" not in resolve("is anyone testing it?", ["Why isn't it proven?"], lower)
