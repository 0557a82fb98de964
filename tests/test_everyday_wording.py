"""Issue 9, round 16: everyday wording from holdout9 (a tuning set from this round). A British spelling, an everyday
adjective before a noun ("a proper trial") and "long haulers" are how a question is told; what
the asker asks leave to do something to ("Can I drink coffee ...?") is what it is about. Wordings are this file's own."""
from __future__ import annotations

import pytest

from helpers import assert_answered_from, assert_declined


# ----------------------------------------------------------------- British and American spellings

def test_the_other_national_spelling():
    from bot.spelling_variants import other_spellings

    assert other_spellings("Recognised") == ("recognized",)
    assert other_spellings("anemia") == ("anaemia",)
    assert other_spellings("platelets") == ()


def test_a_british_spelling_is_as_common_as_the_american():
    from bot.specificity import zipf
    from wordfreq import zipf_frequency

    assert zipf_frequency("organised", "en") < 4.5 <= zipf("organised") == zipf("organized")


def test_a_corpus_word_is_known_by_its_other_spelling(bot):
    # the corpus writes "anemia" (autoimmune hemolytic anemia), never "anaemia"
    vocabulary = bot.vocabulary
    assert vocabulary.knows_literally("anemia") and not vocabulary.knows_literally("anaemia")
    assert vocabulary.knows("anaemia") and "anemia" in vocabulary.related("anaemia")


# ----------------------------------------------------------------- everyday adjectives

@pytest.mark.parametrize("word", ["proper", "whole", "usual", "entire"])
def test_everyday_adjectives(word):
    from bot.adjectives import everyday_adjective

    assert everyday_adjective(word)


@pytest.mark.parametrize("word", ["dogs", "chest", "eczema", "school", "sickle"])
def test_nouns_and_rare_words_are_no_everyday_adjectives(word):
    from bot.adjectives import everyday_adjective

    assert not everyday_adjective(word)


def test_an_adjective_qualifies_only_a_word_of_its_phrase():
    from bot.adjectives import qualifying

    assert qualifying("Would a proper study settle it?") == {"proper"}
    assert qualifying("Is the whole course needed?") == {"whole"}
    assert qualifying("Is it safe when you are pregnant?") == set()      # nothing after it
    assert qualifying("Is it proper, or is it hype?") == set()           # punctuation ends the phrase


# ----------------------------------------------------------------- what a question does to its object

@pytest.mark.parametrize("question, objects", [
    ("Can I drink beer the night before my infusion?", {"beer"}),
    ("Should she eat the cheese after IVIG?", {"cheese"}),
    ("Could we swim laps after the drip?", {"laps"}),
])
def test_the_object_of_what_the_asker_may_do(question, objects):
    from bot.asking_words import acted_on

    assert acted_on(question) == objects


@pytest.mark.parametrize("question", [
    "Will I feel rubbish after it?",              # a linking verb takes a complement
    "Can I take paracetamol with it?",            # "take" is a stop word: a drug is read by its reading
    "Does IVIG lower antibodies?",                # no subject pronoun asking leave
])
def test_no_object_of_leave(question):
    from bot.asking_words import acted_on

    assert acted_on(question) == set()


# ----------------------------------------------------------------- answered, not declined

@pytest.mark.parametrize("question, quoted", [
    ("Is IVIG a recognised option for Guillain-Barre syndrome?", "Guillain"),
    ("What would a proper randomised trial show about IVIG for long covid?", "trial"),
    ("For APS, how long does the whole monthly course carry on?", "months"),
    ("do long haulers get offered the antibody drip?", "long COVID"),
])
def test_everyday_wording_is_answered(bot, question, quoted):
    assert_answered_from(bot.ask(question), quoted)


@pytest.mark.parametrize("question, named", [
    ("Can I drink beer the night before my IVIG infusion?", "beer"),
    ("Should I eat grapefruit while I am having IVIG?", "grapefruit"),
    ("Is IVIG a recognised treatment for warts?", "warts"),
    ("What are the treatments for dry mouth?", "dry mouth"),       # the adjective stays in the name it is part of
    ("Can I take my birth control pills during IVIG?", "birth control"),
    # a bare lay name of a medicine is no reading of the documents' "medications" (review of round 16)
    ("Can I have IVIG while on the pill?", "pill"),
    ("Are there tablets instead of IVIG?", "tablets"),
    # a modifier the documents lack before a hand-list word names another kind (vocabulary.listed_only)
    ("Will the chemo drip interfere with my IVIG?", "chemo drip"),
])
def test_an_absent_subject_is_still_declined(bot, question, named):
    assert_declined(bot.ask(question), named)
