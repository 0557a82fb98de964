"""Classes of wrongful declines found with tests/data/decline_probe.jsonl (a probe of 60 answerable and 10 uncovered
IVIG questions written before the bot ran on them): a hand-list lay word typed in its plural or with a slip, a
contraction typed without its apostrophe, a patient's lower-case acronym before a phrasal noun ("mg flare ups"), and
an everyday place after "off" that the documents never mention. Wordings here are this file's own."""
from __future__ import annotations

import pytest

from bot.phrase_check import _specific
from bot.synonyms import lay_key
from bot.terms import contraction
from helpers import assert_answered_from, assert_declined


def test_lay_key_reads_plurals_and_slips_of_the_hand_list():
    assert lay_key("drips") == "drip"                  # the list holds the singular
    assert lay_key("misscarriage") == "miscarriage"    # one slip of the keyboard
    assert lay_key("drip") == "drip"
    # a singular of a plural key is not widened ("nurse" would search "healthcare providers" in every nurse's story)
    assert lay_key("nurse") is None
    assert lay_key("kidney") is None
    assert lay_key("platelets") is None
    # an English word is no slip of a list word (review: "thinness" read as "thinners" answered an uncovered question)
    assert lay_key("thinness") is None and lay_key("testes") is None and lay_key("clogs") is None


def test_contractions_without_apostrophes_are_no_subject():
    for word in ("doesnt", "dont", "cant", "wont", "isnt", "shouldnt", "im", "ive", "youre", "thats", "doesn't"):
        assert contraction(word), word
    # words that only look like one
    for word in ("hint", "bent", "ant", "hives", "ill", "shed", "want", "parent"):
        assert not contraction(word), word


def test_a_lower_case_acronym_the_passages_capitalise_is_specific():
    passages = ["IVIG helps people with MG during a flare."]
    assert _specific("mg", passages)
    assert not _specific("mg", ["a dose of 400 mg"])
    assert not _specific("flare", passages)
    # an acronym's length at most: a trial's name printed in capitals makes no everyday verb specific
    assert not _specific("recover", ["the RECOVER trial is testing IVIG"])


ANSWERED = [
    # a hand-list word typed as its plural or with a slip (were "they don't mention drips" / "... misscarriage")
    ("for mg, how many days are the drips given over?", "two to five days"),
    ("i have aps, could ivig prevent another misscarriage?", "pregnancy"),
    # a contraction without its apostrophe (was "they don't discuss doesnt")
    ("what if ivig doesnt help my itp", "ITP"),
    # a lower-case acronym before a phrasal noun typed without its hyphen (was "they don't discuss mg flare ups")
    ("is ivig any good for mg flare ups?", "flares"),
]


@pytest.mark.parametrize("question,quoted", ANSWERED)
def test_answered(bot, question, quoted):
    assert_answered_from(bot.ask(question), quoted)


def test_an_everyday_place_after_off_is_the_subject(bot):
    # was answered with a long-COVID sentence ("Until the trial reports, ...")
    assert_declined(bot.ask("Should my daughter stay off school after her IVIG infusion?"), "school")


@pytest.mark.parametrize("question, named", [("Can IVIG make you lose your thinness?", "thinness"),
                                             ("Will IVIG help my heart rate recover faster?", "recover")])
def test_an_english_word_near_a_list_word_or_an_acronym_stays_unknown(bot, question, named):
    assert_declined(bot.ask(question), named)

