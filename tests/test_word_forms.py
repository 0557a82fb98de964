"""Issue 9: a word the documents lack that is another form or a misspelling of one the bot reads.

- A verb's inflection ("reacted") whose stem the corpus lacks finds the derived noun it writes ("reaction",
  bot/derivation.py), where the root of the inflected form alone did not match.
- A brand or drug of the table misspelt ("ibuprofin") reads as the one it is a slip of (bot/brands.py slip_of), if
  English has no such word; a real drug of its own ("prednisolone") is not taken for its neighbour.
- A singular whose plural ends a corpus word ("steroid" -> "corticosteroids").
- A sentence under a heading naming a drug's class says the class (engine._unsaid_drugs).

The answered ones were declined on main 9e12f72 ("they don't discuss reacts", "they don't mention ...")."""
from __future__ import annotations

import pytest

from bot import brands
from bot.derivation import Families, roots, uninflected
from helpers import assert_answered_from, assert_declined


@pytest.mark.parametrize("word, base", [
    ("reacts", "react"), ("reacted", "react"), ("reacting", "react"), ("swelling", "swell"),
    ("illness", "illness"), ("virus", "virus"), ("dialysis", "dialysis"), ("bled", "bled"),
])
def test_a_verbs_inflection_comes_off_but_not_a_words_own_s(word, base):
    assert uninflected(word) == base


def test_an_inflected_verb_shares_the_root_of_its_noun():
    assert roots("reacted") & roots("reactions")
    assert roots("infuses") & roots("infusion")
    # filed both ways: the word's own root is kept, so a family only gains members
    assert roots("surgery") == {"surg"} and "diabet" in roots("diabetes")


def test_the_model_still_drops_an_inflected_root_shared_by_chance(bot):
    similarity = bot.vocabulary.neighbours.similarity
    families = Families(["reaction", "treatment"])
    assert families.of("reacted", similarity) == ["reaction"]
    assert families.of("treats", similarity) == []          # "treat-": 0.37


def test_the_corpus_knows_an_inflected_verb_by_its_noun(bot):
    vocabulary = bot.vocabulary
    assert "reaction" in vocabulary.family("reacting")
    assert vocabulary.knows("reacted") and vocabulary.knows("reacts")


@pytest.mark.parametrize("typed, meant", [
    ("ibuprofin", "ibuprofen"), ("benadril", "benadryl"), ("Tylenal", "tylenol"), ("prednisalone", "prednisone"),
])
def test_a_misspelt_drug_reads_as_the_one_it_slips_from(typed, meant):
    assert brands.slip_of(typed) == meant
    assert brands.readings(typed) == brands.readings(meant) != ()
    assert brands.readings(typed, slips=False) == ()


@pytest.mark.parametrize("word", ["prednisolone", "tylenol", "anvil", "avail", "ibup"])
def test_a_real_word_or_a_drug_of_its_own_is_no_slip(word):
    # "prednisolone" is a drug English writes (zipf 2.1), two edits from "prednisone"; "tylenol" is the table's own
    assert brands.slip_of(word) is None


def test_the_corpus_knows_a_misspelt_drug_by_its_class_and_a_singular_by_its_plural(bot):
    vocabulary = bot.vocabulary
    assert vocabulary.knows("prednisalone") and "corticosteroids" in vocabulary.related("prednisalone")
    assert "corticosteroids" in vocabulary.related("steroid") and vocabulary.by_spelling("steroid")


@pytest.mark.parametrize("question, fact", [
    # (beside another word of the question, as a family must be: bot/coverage.py _family_beside)
    ("My brother came up in hives halfway through his drip. What happens if somebody reacted like that to IVIG?",
     "allergic reaction"),
    ("Should a steroid like prednisone be given with IVIG for a bad bleed in ITP?", "Concomitant corticosteroids"),
    ("Why would my ITP doctor add prednisalone to the IVIG?", "corticosteroids"),
])
def test_another_form_of_a_known_word_is_answered(bot, question, fact):
    assert_answered_from(bot.ask(question), fact)


@pytest.mark.parametrize("question, reason", [
    # a real drug the table lacks, whose class (by its INN stem, bot/drug_stems.py) the documents never write; a
    # corticosteroid's is theirs ("Does IVIG interact with prednisolone?" is answered with "Concomitant
    # corticosteroids ...": tests/test_decline_fresh_classes.py)
    ("Does IVIG interact with amoxicillin?", "amoxicillin"),
    ("Can IVIG treat epilepsy?", "epilepsy"),
])
def test_an_absent_subject_stays_declined(bot, question, reason):
    assert_declined(bot.ask(question), reason)


@pytest.mark.parametrize("heading, unsaid", [("Adding corticosteroids", []), ("How fast it works", ["prednisone"])])
def test_a_sentence_says_the_class_its_heading_names(bot, heading, unsaid):
    from bot.compose import Composed
    from bot.types import Citation, Sentence
    passage = "In ITP the pair act together. This pairing matters most when the bleeding is severe."
    cited = Citation(1, "itp", "IVIG for ITP", passage, 0, len(passage), heading=heading)
    composed = Composed((Sentence("This pairing matters most when the bleeding is severe.", (1,)),), (cited,))
    asked = "Should prednisone go with IVIG in an ITP bleed?"
    assert bot._unsaid_drugs(asked, ["prednisone", "ITP"], set(), composed) == unsaid
