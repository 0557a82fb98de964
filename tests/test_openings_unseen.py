"""Issue 9, openings on questions nobody tuned for (eval/ivig_holdout.jsonl's misses, read as a tune set). Each
test asks patient-style questions written here, not the held-out ones, about facts copied from the documents.

- What a yes/no question asks of a condition the documents only list ("cure" of CIDP) is said by the sentence
  beside the list, in the same paragraph: that sentence opens, not the list.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("question", [
    "Could IVIG cure Kawasaki disease for good?",
    "Does IVIG cure CIDP permanently?",
])
def test_what_is_asked_of_a_listed_condition_is_answered_from_its_paragraph(bot, question):
    # the autoimmune page lists "Kawasaki disease" and "CIDP", then: "While it is not a cure, IVIG can
    # significantly reduce symptoms ..."; the list sentence alone opened
    answer = bot.ask(question)
    assert answer.sentences[0].text.startswith("While it is not a cure")


def test_a_paragraph_lends_its_subject_only_to_a_sentence_saying_what_is_asked(bot):
    # "Does IVIG prevent strokes?": no sentence near a mention of stroke says "prevent" of it, so still declined
    assert bot.ask("Does IVIG prevent strokes?").abstained
