"""Issue 9: a patient's long message (a story, then the question) is answered by the sentences that answer its
question, not by those sharing an everyday word of the story ("My husband had a blood clot last year. Is IVIG
risky for him?" opened with a study's result on thromboses). tests/data/long_messages.jsonl holds 22 such
messages, written before the composer changed, with facts copied from the documents: the composer's tune set.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.extractive.framing import told_spans, without
from eval import metrics

MESSAGES = [json.loads(line) for line in
            (Path(__file__).parent / "data" / "long_messages.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


@pytest.mark.parametrize("message, story, asked", [
    ("Dear doctor, I am 72 with heart failure. Is IVIG safe for me?",
     ["Dear doctor, I am 72 with heart failure. "], "Is IVIG safe for me?"),
    ("im scared of needles, is IVIG a shot or a drip?", ["im scared of needles, "], "is IVIG a shot or a drip?"),
    # the bot's bracketed additions name the subject: no story
    ("I lost three pregnancies. Would IVIG help? (antiphospholipid)", ["I lost three pregnancies. "],
     "Would IVIG help? (antiphospholipid)"),
    ("Hi, my dose was 0.4 g/kg. Is that a lot?", ["Hi, my dose was 0.4 g/kg. "], "Is that a lot?"),
])
def test_the_story_of_a_message_is_found_around_its_question(message, story, asked):
    spans = told_spans(message)
    assert [message[a:b] for a, b in spans] == story
    assert without(message, spans) == asked


@pytest.mark.parametrize("message", ["How fast does IVIG work in ITP?", "how fast does it work? (about ITP)",
                                     "Is IVIG safe? What is the dose?"])
def test_a_message_that_only_asks_has_no_story(message):
    assert told_spans(message) == []


@pytest.mark.parametrize("story", [
    "I give blood myself every few months at the Red Cross.",
    "My cousin works nights at a factory and says his back hurts.",
])
def test_a_story_does_not_change_what_answers_the_question(bot, story):
    question = "Where does the IVIG they give me for my MG come from?"
    alone, told = bot.ask(question), bot.ask(f"{story} {question}")
    assert "thousands of healthy donors" in alone.sentences[0].text
    assert told.sentences[0].text == alone.sentences[0].text


def test_an_everyday_word_of_the_story_does_not_choose_the_opening(bot):
    # "clot" and "year" of the story matched a study's "no venous or arterial thromboses ... for 2 years"
    answer = bot.ask("My husband had a blood clot last year. Is IVIG risky for him?")
    assert "risks" in answer.sentences[0].text


def test_a_quantity_question_after_a_story_opens_with_the_quantity(bot):
    # the story's "10,000" and "dropped" had the 1 g/kg dosing sentence open
    answer = bot.ask("My daughter is 9 and has ITP, her platelets dropped to 10,000 after a cold at school. "
                     "How quickly will IVIG bring her platelets up?")
    assert "within 24 hours" in answer.sentences[0].text


def test_a_sentence_naming_the_subject_does_not_answer_every_question_about_it(bot):
    # the question's frame is also compared with each sentence's own frame (extractive.SENTENCE_FRAME): "When used
    # to manage a myasthenia gravis flare, IVIG is usually used as a short-term treatment, lasting two to five days"
    # opened, a sentence about how long a course lasts, not the effect
    answer = bot.ask("They gave me IVIG in the ER last night because my platelets were 5,000 and I had bruises all "
                     "over. How long will the effect last?")
    assert "transient, lasting days to weeks" in answer.sentences[0].text


def test_the_tune_messages_open_with_an_expected_fact(bot):
    # 13 of 22 opened with an expected fact before the story counted less (STORY_WEIGHT) and the frame
    # became the question's own; 15 after; 16 once the sentences' own frames counted (SENTENCE_FRAME). A floor,
    # not the figure: `python -m eval --testset tests/data/long_messages.jsonl` reports it.
    opened = [m["id"] for m in MESSAGES
              if metrics.opens_with_fact(m["expected_facts"], [s.text for s in bot.ask(m["question"]).sentences])]
    assert len(opened) >= 16, opened
