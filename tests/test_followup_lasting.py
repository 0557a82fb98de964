"""Issue 9, holdout9's classes: a follow-up naming nothing of its own that points at what the story told happened
("is that usual?") carries the story's treatment beside the event; a question asking how long an effect lasts ("keep
working", "wear of") is searched as "wear off" is and opens with the duration, not the onset."""
from __future__ import annotations

import pytest

from bot.lasting import asks_lasting
from bot.story_condition import event_pointed_at

_STORY = "Three days ago my brother had his IVIG for CIDP and that night he got a splitting headache."


def test_an_everyday_pointing_question_carries_the_treatment_beside_the_event(bot):
    found = event_pointed_at("does that happen to lots of people?", _STORY, bot.vocabulary.knows,
                             bot.vocabulary.is_generic)
    assert [w.strip().lower() for w in found.split(",")] == ["headache", "ivig"]


def test_a_question_of_its_own_words_carries_only_the_event(bot):
    found = event_pointed_at("was that an allergic reaction?", _STORY, bot.vocabulary.knows, bot.vocabulary.is_generic)
    assert "ivig" not in found.lower()


def test_an_everyday_follow_up_about_the_event_is_answered(bot):
    # searched "(about headache)" alone it came nowhere near the side-effect passages and was declined
    answer = bot.ask("how often do people end up feeling like that?",
                     ["After my wife's IVIG for myasthenia last week she felt awful with a headache the next day."])
    assert not answer.abstained, answer.abstain_reason
    assert any("side effect" in s.text.lower() for s in answer.sentences[:2])


@pytest.mark.parametrize("question, lasting", [
    ("how long will the treatment for my low platelets keep working?", True),
    ("when does it wear of for ITP?", True),
    ("how many weeks until my count drops again after IVIG?", True),
    ("how long till the count goes back down?", True),
    ("how long does IVIG take to kick in?", False),          # onset
    ("How long does a course of IVIG last?", False),          # the treatment's length
    ("For how many months is IVIG kept up in APS?", False),   # a treatment continued
    ("how long should I wait before going back to work?", False),
])
def test_how_long_an_effect_lasts_is_told_from_onset(question, lasting):
    assert asks_lasting(question) is lasting


def test_a_lasting_question_opens_with_how_long_the_effect_lasts(bot):
    # opened with "platelet counts typically begin rising within 24 hours" (onset)
    answer = bot.ask("how long does IVIG keep working on my platelets in ITP before it wears of?")
    assert "transient" in answer.sentences[0].text.lower()
