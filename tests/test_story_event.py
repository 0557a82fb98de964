"""Issue 9: a part of a long message that points back with a demonstrative ("Is that a known side effect?") asks about
what the story told happened (the fever and headache), not about the condition the story named (CIDP)."""
from __future__ import annotations

import pytest

from bot.message_subject import subject_words
from bot.story_condition import event_pointed_at, event_told

_STORY = ("Hi there, I'm 52 and have chronic inflammatory demyelinating polyneuropathy. After my first IVIG infusion "
          "at a clinic in Lyon I had a fever and a pounding headache that evening.")


def test_the_event_is_what_the_last_telling_sentence_says_happened(bot):
    knows, generic = bot.vocabulary.knows, bot.vocabulary.is_generic
    assert [w.lower() for w in event_told(_STORY, knows, generic)] == ["fever", "headache"]
    assert [w.lower() for w in event_told("My son has ITP. Yesterday he got a rash after the infusion.", knows,
                                          generic)] == ["rash"]
    assert event_told("I live in Leeds and love walking.", knows, generic) == []
    # "with" after any verb tells it too, and the last telling counts though an earlier one's words reach over it
    assert [w.lower() for w in event_told("She had her second infusion on Monday and woke up with a fever and a rash.",
                                          knows, generic)] == ["fever", "rash"]


@pytest.mark.parametrize("question, pointed", [
    ("Is that a known side effect?", True),
    ("is this normal?", True),
    ("Could that be from the infusion?", True),
    ("Does that drug cause it?", False),          # "that" leads a noun: no demonstrative pronoun
    ("How fast does IVIG work?", False),
])
def test_only_a_demonstrative_pronoun_points_at_the_event(bot, question, pointed):
    found = event_pointed_at(question, _STORY, bot.vocabulary.knows, bot.vocabulary.is_generic)
    assert bool(found) is pointed


def test_a_question_is_never_a_story(bot):
    assert event_pointed_at("Is that normal?", "Did you have a fever?", bot.vocabulary.knows) == ""


def test_judging_adjectives_name_no_subject(bot):
    found = {w.lower() for w in subject_words("Is that a known side effect?", bot.vocabulary.knows)}
    assert "known" not in found


def test_each_part_of_a_story_message_asks_about_what_happened(bot):
    answer = bot.ask(_STORY + " Is that a known side effect, and does it mean I'm alergic to it?")
    first, second = answer.parts
    assert not first.abstained            # was declined: "they mention it, but not what you asked about it"
    assert {"fever", "headache"} <= set(first.query.lower().replace(")", "").replace(",", "").split())
    assert "headache" in first.sentences[0].text.lower() and "fever" in first.sentences[0].text.lower()
    assert "known" not in second.query.split("(about")[-1]          # it followed the first part's "known"


def test_a_later_part_keeps_an_earlier_parts_absent_subject(bot):
    # read after "Does the dentist need to know? (about ITP)", the second part inherited ITP and was answered
    answer = bot.ask("I had my IVIG for ITP last Friday and have a tooth taken out next week. Does the dentist need "
                     "to know, and should I wait a certain time after the infusion?")
    assert all(part.abstained for part in answer.parts), [p.query for p in answer.parts]


def test_a_later_part_reaches_the_story_when_the_earlier_part_pointed_at_nothing(bot):
    # an earlier part's inherited subject put before it hid the story's brand from the next part
    # (the message this test first used now points at the story's two doses: tests/test_story_contrast.py)
    # (a brand nobody lists: corpus/aliases.yaml reads "Octagam", which this test first used, as IVIG)
    answer = bot.ask("My hematologist said I'll get Zorbagam in one go next week for my ITP. Why so fast? Is it safe?")
    assert "Zorbagam" in answer.parts[-1].query


def test_two_told_events_are_each_a_subject_not_one_phrase(bot):
    # no sentence writes "rash headache"; each is a side effect the documents list
    answer = bot.ask("My son had his IVIG for ITP and got a rash and a headache. Is that a side effect?")
    assert not answer.abstained
    assert "rash" in answer.sentences[0].text.lower() and "headache" in answer.sentences[0].text.lower()
