"""Issue 9: a word whose derivational family the corpus has is known through it (bot/derivation.py): "surgery" where
the documents write "surgical removal of the thymus gland". A root shared by chance is not ("severity", "several"),
a modifier the documents lack before such a word names another kind ("dental surgery"), and an absent subject stays
declined.

The answered ones were declined on main 74f8cd2 as "they don't mention surgery"."""
from __future__ import annotations

import pytest

from bot.derivation import Families, root
from helpers import assert_answered_from, assert_declined


@pytest.mark.parametrize("a, b", [
    ("surgery", "surgical"), ("allergy", "allergic"), ("pregnant", "pregnancy"), ("diabetes", "diabetic"),
    ("transplant", "transplantation"), ("therapist", "therapy"),
])
def test_a_family_shares_its_root(a, b):
    assert root(a) == root(b)
    assert len(root(a)) >= 4


def test_the_model_keeps_a_family_and_drops_a_root_shared_by_chance(bot):
    similarity = bot.vocabulary.neighbours.similarity
    families = Families(["surgical", "several", "activation", "form"])
    assert families.of("surgery", similarity) == ["surgical"]
    assert families.of("severity", similarity) == []       # "sever-": 0.15
    assert families.of("activity", similarity) == []       # "activ-": 0.33
    assert families.of("formal", similarity) == []         # "form": 0.34


def test_the_corpus_knows_a_word_by_its_family(bot):
    vocabulary = bot.vocabulary
    assert vocabulary.family("surgery") == ("surgical",)
    assert vocabulary.knows("surgery")
    assert vocabulary.family("thymus") == ()               # the corpus has the word itself


@pytest.mark.parametrize("question", [
    "My neurologist mentioned surgery to remove the thymus. Is IVIG given together with the surgery for MG?",
    "Can I have IVIG before surgery for myasthenia gravis?",
])
def test_a_question_in_another_word_of_the_family_is_answered(bot, question):
    assert_answered_from(bot.ask(question), "surgical removal of the thymus")


@pytest.mark.parametrize("question, reason", [
    ("Do I need IVIG before dental surgery?", "dental surgery"),   # another kind than the documents' surgery
    ("Is IVIG given before heart surgery?", "heart surgery"),
    ("Can I have IVIG before surgery?", "surgery"),     # the family's gloss beside no other word of the question
    ("Can IVIG treat epilepsy?", "epilepsy"),
    ("Does IVIG help diabetes?", "diabetes"),
])
def test_another_kind_or_an_absent_subject_stays_declined(bot, question, reason):
    assert_declined(bot.ask(question), reason)
