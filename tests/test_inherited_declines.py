"""Issue 9, round 21: a follow-up, or a story's question, asks about the subject the conversation or the story gave it.

1. A follow-up naming no subject of its own ("what about the dose?", "and how frequently?") after a question about a
   disease the documents never mention is declined for that disease; it was answered with the treatment's doses for
   other conditions. One naming its own covered subject is answered, and a bare follow-up after a covered question
   still inherits that subject.
2. A quantity asked of a condition a story names and the documents only list ("... for my CIDP. What dose per
   week?") is not answered with another condition's doses: the unit the quantity is counted in ("week") names no
   subject. A condition the documents give doses for is still answered.
"""
from __future__ import annotations

import re

import pytest

from bot.followup import resolve
from bot.units import is_unit
from helpers import assert_answered_from, assert_declined

# ------------------------------------------------------------------ 1. follow-ups after an uncovered subject

KNOWN = {"ivig", "itp", "platelets", "type", "cure"}


def knows(word: str) -> bool:
    return word.lower() in KNOWN


def generic(word: str) -> bool:
    return word.lower() == "ivig"


def names(text: str) -> dict[str, float]:
    return {"itp-page": 1.0} if re.search(r"\b(itp|platelets)\b", text, re.I) else {}


@pytest.mark.parametrize("question", ["what about the dose?", "and how often?", "how much?"])
def test_a_bare_follow_up_inherits_the_absent_subject(question):
    assert resolve(question, ["Does IVIG cure gout?"], knows, generic, names) == f"{question} (about gout)"
    # a disease the corpus lacks is the subject, not the everyday word beside it ("type")
    assert resolve(question, ["Can IVIG cure type 1 diabetes?"], knows, generic, names) == \
        f"{question} (about diabetes)"


def test_a_follow_up_naming_its_own_subject_keeps_it():
    question = "what about ITP?"
    assert resolve(question, ["Can IVIG cure type 1 diabetes?"], knows, generic, names) == question
    assert resolve("what about the dose?", ["Does IVIG help ITP?"], knows, generic, names).endswith("(about ITP)")


@pytest.mark.parametrize("conversation, named", [
    (["Will IVIG get rid of my gout?", "and the dose?"], "gout"),
    (["Can IVIG cure my type 1 diabetes?", "how much would be needed?"], "diabetes"),     # was "(about IVIG type)"
    (["Can IVIG cure my type 1 diabetes?", "and how frequently?"], "diabetes"),           # was answered
    (["Is IVIG a cure for diabetes?", "what about the dose?"], "diabetes"),               # was answered with doses
])
def test_a_bare_follow_up_of_an_absent_subject_is_declined_for_it(bot, conversation, named):
    *history, question = conversation
    assert_declined(bot.ask(question, history), named)
    assert not bot.answers(question, history)


@pytest.mark.parametrize("conversation, quoted", [
    (["Can IVIG cure my type 1 diabetes?", "what about myasthenia gravis?"], "myasthenia gravis"),   # was declined
    (["Is IVIG a cure for diabetes?", "what about ITP?"], "platelet"),
    (["Is IVIG used for myasthenia gravis?", "what about the dose?"], "myasthenia gravis"),
    (["Does IVIG work for ITP?", "and how often?"], "platelet"),
])
def test_a_follow_up_of_a_covered_subject_is_answered(bot, conversation, quoted):
    *history, question = conversation
    assert_answered_from(bot.ask(question, history), quoted)


# ------------------------------------------------------------------ 2. a quantity of a condition only listed

@pytest.mark.parametrize("message", [
    "My rheumatologist wants to put me on IVIG for my CIDP. How many infusions a week will I need?",  # was answered
    "My doctor wants to start me on IVIG for my CIDP. What dose per month will I get?",               # was answered
    "My wife has CIDP and starts IVIG next month. What dose per week is normal?",                     # was answered
])
def test_a_quantity_of_a_listed_condition_is_not_another_conditions(bot, message):
    assert_declined(bot.ask(message))


def test_a_quantity_of_a_condition_the_documents_dose_is_answered(bot):
    assert_answered_from(bot.ask("My son has ITP. How many grams per week?"), "g/kg")


def test_what_the_documents_say_of_a_listed_condition_is_still_answered(bot):
    assert_answered_from(bot.ask("My neurologist says I have CIDP. Is IVIG a treatment for it?"), "CIDP")


def test_units_of_a_quantity():
    assert all(map(is_unit, ["week", "Weeks", "day", "month", "grams", "kg", "hours", "infusions"]))
    assert not any(map(is_unit, ["CIDP", "weekly", "platelets", "dayside", "MG"]))     # "MG": myasthenia gravis


@pytest.mark.parametrize("question, quoted", [
    ("How is IVIG given?", "intravenous"),
    ("what are the side effects of IVIG?", "headache"),
])
def test_a_follow_up_naming_the_treatment_asks_anew(bot, question, quoted):
    # review: after an uncovered question, a fresh question about the treatment itself was declined for the
    # earlier subject ("they don't mention gout")
    assert_answered_from(bot.ask(question, ["Will IVIG get rid of my gout?"]), quoted)


@pytest.mark.parametrize("question, quoted", [("How quickly does it act in ITP?", "24 hours"),
                                              ("Is it given for CIDP?", "CIDP")])
def test_a_follow_up_naming_a_covered_subject_through_it_asks_about_that(bot, question, quoted):
    # review: "it" pointed back and the follow-up took the earlier, uncovered subject ("they don't mention gout")
    assert_answered_from(bot.ask(question, ["Will IVIG get rid of my gout?"]), quoted)

