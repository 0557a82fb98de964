"""Issue 9, openings on a third set of fresh questions (eval/ivig_holdout3.jsonl's misses, read as a tune set).
The questions here are written for these tests, not the held-out ones; the facts are copied from the documents.

- A yes/no question about a subject the bot read in lay words ("tummy ache": abdominal pain) opens with the sentence
  that names the subject, not with one sharing only a word of it ("pain relievers").
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("question", ["Could IVIG give you a tummy ache?", "Can IVIG give you tummy pain?"])
def test_a_yes_no_question_opens_with_the_sentence_naming_its_subject(bot, question):
    # the myasthenia page's side-effects list names "Abdominal pain"; the list of steps staff take ("pain relievers
    # or antihistamines") opened
    answer = bot.ask(question)
    assert "Abdominal pain" in answer.sentences[0].text
