"""Issue 9, long messages: what a story lends a question. A contraction, a number word or a place never names the
subject; a question weighing two things ("Why the difference?", "Is one faster?") weighs what the story set against
each other; quantities written out are read as documents print them. The wordings are this file's own."""
from __future__ import annotations

import pytest

from bot.followup import resolve
from bot.message_subject import names_nothing, story_subject, subject_words
from bot.story_condition import contrast_pointed_at, contrast_told, pair_pointed_at, pair_told
from bot.units import as_printed

KNOWN = {"itp", "ill", "five", "two", "general", "doses", "kg", "infusions", "platelets", "hospital"}


def knows(word: str) -> bool:
    return word.lower() in KNOWN


@pytest.mark.parametrize("word", ["I'll", "she'd", "won't", "they're", "we've", "I'm", "five", "Twelve", "twice"])
def test_contractions_and_number_words_name_nothing(word):
    assert names_nothing(word)


@pytest.mark.parametrize("word", ["Hashimoto's", "ITP", "doses", "first-line"])
def test_other_words_may_name_something(word):
    assert not names_nothing(word)


def test_a_storys_contraction_number_word_and_place_are_not_its_subject():
    # "I'll" was read as the corpus's "ill", "five" as its "five types", "General" as a word it writes
    story = "My doctor at Leeds General said I'll get platelets checked after five infusions."
    assert subject_words(story, knows) == ["General", "platelets", "infusions"]
    assert story_subject(story, knows) == ["platelets", "infusions"]


@pytest.mark.parametrize("said, printed", [
    ("1 g per kilo", "1 g/kg"),
    ("two grams per kilogram of body weight", "2 g/kg"),
    ("400 mg per kg a day for five days", "400 mg/kg a day for 5 days"),
    ("0.4 g/kg/day", "0.4 g/kg/day"),
    ("one of them in one go", "one of them in one go"),          # a number word counting nothing stays
])
def test_quantities_are_read_as_documents_print_them(said, printed):
    assert as_printed(said) == printed


_STORY = ("My neurologist in Leeds said she'll give me 2 grams per kilo in one go, but my sister in Texas got smaller "
          "doses over five days.")


def test_the_sides_a_story_sets_against_each_other():
    assert contrast_told(_STORY, knows) == ["2 g/kg", "5 days doses"]
    assert contrast_told("My son has ITP. He starts IVIG next week.", knows) == []


@pytest.mark.parametrize("question", ["Why the difference?", "What's the difference?", "Which one is better?",
                                      "How do they compare?", "Is one faster?"])
def test_a_weighing_question_points_at_the_contrast(question):
    assert contrast_pointed_at(question, _STORY, knows) == "2 g/kg versus 5 days doses"


@pytest.mark.parametrize("question", ["Why?", "Is it safe?", "How fast does it work?"])
def test_a_question_weighing_nothing_points_at_no_contrast(question):
    assert contrast_pointed_at(question, _STORY, knows) == ""


def test_both_weighing_questions_of_a_message_read_the_contrast():
    first = resolve("Why the difference?", [_STORY], knows)
    assert first == "Why the difference? (about 2 g/kg versus 5 days doses)"
    # as the bot reads a message's parts: the story, what the first part pointed at, the first part
    second = resolve("Is one faster?", [_STORY, "2 g/kg versus 5 days doses", "Why the difference?"], knows)
    assert second == "Is one faster? (about 2 g/kg versus 5 days doses)"


def test_a_dose_comparison_message_opens_with_the_regimens_compared(bot):
    answer = bot.ask("My haematologist at St. Thomas' said I'd get 1 gram per kilogram in one day, whereas my aunt in "
                     "Cork got smaller doses over five days. Why the difference? Is one faster?")
    assert len(answer.parts) == 2
    for part in answer.parts:
        assert not part.abstained, part.abstain_reason
        assert "1 g/kg" in part.sentences[0].text, part.sentences[0].text


def test_an_absent_subject_is_still_declined_beside_a_contrast(bot):
    answer = bot.ask("My doctor in Leeds gives 1 g per kilo, but my friend got five smaller doses. Does IVIG cure "
                     "diabetes?")
    assert answer.abstained and "diabetes" in answer.abstain_reason


# ------------------------------------------------------------------ two things given together

def test_the_two_things_a_story_joins():
    known = KNOWN | {"prednisone", "steroids"}
    story = "My wife is on the ward with ITP. The team put her on Gamunex and oral prednisone at the same time."
    assert pair_told(story, known.__contains__) == ["prednisone"]          # the brand the corpus lacks is incidental
    assert pair_told("She got Xolumab and Brenzavir at once.", known.__contains__) == ["Xolumab", "Brenzavir"]
    assert pair_pointed_at("Why are they giving both?", story, lambda w: w.lower() in known) == "prednisone"
    assert pair_pointed_at("Is the combination safe?", story, lambda w: w.lower() in known) == "prednisone"
    # a question naming its own pair asks about that one
    assert pair_pointed_at("Can steroids be given together with it?", story, lambda w: w.lower() in known) == ""


def test_the_corpus_treatment_is_one_of_the_two_and_the_other_is_what_is_told():
    # "IVIG" is the corpus's generic treatment word: its side was left empty, no pair was found, and "both" was read
    # as the story's other words (a maintainer's alias made "Privigen and steroids" read so too)
    known = KNOWN | {"prednisone", "ivig"}
    story = "Her platelets were 5 on Monday. The ward started IVIG and oral prednisone together that night."
    assert pair_told(story, known.__contains__, lambda w: w.lower() == "ivig") == ["prednisone"]
    assert pair_told("They gave IVIG and IVIG again.", known.__contains__, lambda w: w.lower() == "ivig") == []


def test_a_question_about_both_opens_with_the_reason_they_are_combined(bot):
    # "both" was read as the story's ITP and platelet count: the answer opened with how IVIG blocks Fc receptors
    answer = bot.ask("My dad has ITP and his platelets dropped to 6 last week. His doctor gave him Panzyga and "
                     "prednisone on the same day. Why give both together, and how quickly should it work?")
    first = answer.parts[0]
    assert not first.abstained, first.abstain_reason
    assert "corticosteroids" in first.sentences[0].text.lower(), first.sentences[0].text


def test_weighing_words_are_how_a_question_asks_but_an_adjective_of_kind_is_not():
    from bot.asking_words import weighing
    assert weighing("Why the difference?") == {"difference"}
    assert weighing("How do the two regimens compare?") == {"compare"}
    # "different ones" names what is asked (was declined: "they don't discuss different ones")
    assert weighing("Is IVIG made of one kind of antibody or lots of different ones?") == set()
