"""A drug's brand read as what it is (bot/brands.py, scripts/brand_names.py): mined from consumer-health answers by
pattern, and read as its generic name and class wherever the bot maps a patient's word to the documents' words. A
brand of nothing the documents mention stays declined."""
from __future__ import annotations

import json
import re

import pytest

from bot import brands
from bot.synonyms import clinical_words, expansions
from helpers import assert_answered_from, assert_declined
from scripts import brand_names

ANSWERS = [
    "Pain is often treated with pain relievers, such as acetaminophen (Tylenol, others) or ibuprofen (Advil, Motrin).",
    "A few antihistamines (Benadryl, Atarax) have been found to help. Imaging (MRI) and the fluid (CSF) are checked.",
    "Help may come from medical assistance (Medicaid). Zolvex and Quorin are examples of fantazumab. "
    "Fantazumab and other immunomodulators may help.",
    "Blood tests (CBC) are done. Ask about oxybutynin chloride (Ditropan) and famotidine and other acid blockers.",
    "Her heritage (Cambodian) matters. Cephalexin (Keflex) and cephalexin are written lower case here too.",
]


@pytest.fixture(scope="module")
def mined():
    return brand_names.mine(ANSWERS + ["Basal cell carcinoma (Gorlin) is checked for."], ["Gorlin syndrome"])


def test_a_brand_in_brackets_reads_as_the_word_before(mined):
    assert mined["brands"]["tylenol"] == {"acetaminophen": 1}
    assert mined["brands"]["motrin"] == {"ibuprofen": 1}
    assert mined["brands"]["benadryl"] == {"antihistamines": 1}


def test_brands_said_to_be_examples_of_a_generic(mined):
    assert mined["brands"]["zolvex"] == {"fantazumab": 1}
    assert mined["brands"]["quorin"] == {"fantazumab": 1}


def test_a_salt_keeps_its_drug(mined):
    assert mined["brands"]["ditropan"] == {"oxybutynin chloride": 1}


def test_acronyms_common_words_and_generics_are_no_brands(mined):
    found = set(mined["brands"])
    assert not found & {"mri", "csf", "cbc", "medicaid", "cambodian"}
    assert "gorlin" not in found        # a word of a topic's name names a condition
    # "Cephalexin" is written lower case elsewhere: a generic at a sentence's start, not a brand
    assert "cephalexin" not in found


def test_a_class_comes_from_such_as_and_and_other(mined):
    assert mined["classes"]["acetaminophen"] == {"relievers": 1}
    assert mined["classes"]["ibuprofen"] == {"relievers": 1}      # past the brackets of the generic before it
    assert mined["classes"]["fantazumab"] == {"immunomodulators": 1}
    assert "famotidine" not in mined["classes"]     # no brand of it was mined: its class is not kept


def test_the_shipped_file_names_its_source_and_licence():
    data = json.loads(brands.DATA.read_text(encoding="utf-8"))
    assert "MedQuAD" in data["source"] and data["licence"] == "CC BY 4.0"
    assert "scripts/brand_names.py" in data["made_by"]


def test_brands_read_as_generic_and_class():
    assert {"acetaminophen", "relievers"} <= set(brands.readings("Tylenol"))
    assert {"diphenhydramine", "antihistamines"} <= set(brands.readings("benadryl"))
    assert brands.readings("Xanax") == () and brands.readings("Lipitor") == ()
    assert clinical_words("Tylenol") == []      # stands in only where the corpus lacks it: Vocabulary.related
    assert expansions("Can I take Benadryl?") == []     # the search is widened by Vocabulary.related instead


def test_a_brand_is_known_by_a_whole_reading_only():
    # "sevelamer hydrochloride": a corpus with the salt's anion alone does not know the brand
    assert brands.known_brand("Renagel", lambda w: w == "hydrochloride") is False
    assert brands.known_brand("Renagel", lambda w: w in {"sevelamer", "hydrochloride"}) is True


def test_a_brand_the_corpus_lacks_widens_the_search_with_what_it_is(bot):
    assert {"acetaminophen", "relievers"} <= set(re.findall(r"\w+", bot.widen("Can I take Tylenol before my infusion?")))
    assert bot.vocabulary.knows("Tylenol") and not bot.vocabulary.by_spelling("Tylenol")
    assert not bot.vocabulary.knows("Xanax")


def test_brands_of_a_class_the_documents_discuss_are_answered(bot):
    answer = bot.ask("Halfway through my Gammagard infusion yesterday I got a pounding headache and the nurse asked "
                     "if I wanted anything. Next time can I take Tylenol or Benadryl for the side effects?")
    assert_answered_from(answer, "antihistamines")
    assert_answered_from(bot.ask("Can I take Tylenol before my IVIG infusion?"), "pain relievers")


@pytest.mark.parametrize("question, named", [
    ("Can I take Xanax before my IVIG infusion?", "Xanax"),         # a brand the answers never link
    ("Can I take Lipitor with IVIG?", "Lipitor"),
    ("Can I take Prilosec with IVIG?", "Prilosec"),                 # omeprazole: a generic the documents lack
])
def test_a_brand_of_nothing_the_documents_mention_is_declined(bot, question, named):
    assert_declined(bot.ask(question), named)


def test_a_brand_in_the_story_does_not_widen_the_search(bot):
    """MedQuAD reworded: "I take Tylenol for my back. do you have information about Exercise for Children" found a
    page on pain relievers first, widened with what Tylenol is. A brand in the question itself still widens it."""
    story = bot.widen("I take Tylenol for my back. Can IVIG cause headaches?")
    asked = bot.widen("My husband has MG. Can he take Tylenol before the infusion?")
    assert "acetaminophen" not in story
    assert "acetaminophen" in asked
    # "there" that says something exists points at nothing
    assert "acetaminophen" not in bot.widen("I take Tylenol for my back. Is there information about exercise for "
                                            "children?")


@pytest.mark.parametrize("question, named", [
    # the documents write "pain relievers" only of the steps around an infusion: an answer about IVIG's dosing
    # read as if it said the drug was safe with low platelets
    ("Is Advil safe for my son with ITP and low platelets?", "Advil"),
    ("Is ibuprofen ok for my daughter with ITP when her platelets are this low?", "ibuprofen"),
    ("Is ibuprofen ok for my daughter, her platelets are only 20?", "ibuprofen"),     # the platelets told apart
])
def test_a_drug_known_only_by_its_class_needs_an_answer_that_says_the_class(bot, question, named):
    assert_declined(bot.ask(question), named)


def test_unsaid_names_the_drugs_no_quoted_sentence_reads_as():
    from bot.brands import unsaid

    def stem(word):
        return word.lower().removesuffix("s")

    around = ("Doctors may give pain relievers before the infusion.", "Steps around an infusion: pain relievers.")
    assert unsaid(["Tylenol"], [around], lambda w: False, stem) == []
    assert unsaid(["Tylenol"], [("The 1 g/kg dose works fastest.", "ITP dosing")], lambda w: False, stem) == ["Tylenol"]
    # the class is said, but in a passage that never names the question's other subject
    assert unsaid(["Tylenol", "platelets"], [around], lambda w: w == "platelets", stem) == ["Tylenol"]
    steroids = ("Concomitant corticosteroids enhance IVIG's response.", "In ITP, concomitant corticosteroids ...")
    assert unsaid(["prednisone", "ITP"], [steroids], lambda w: w == "ITP", stem) == []
    # a word the corpus writes itself is its own
    assert unsaid(["aspirin"], [("IVIG is given monthly.", "")], lambda w: True, stem) == []


def test_a_decline_names_the_absent_subject_not_the_brand_beside_it(bot):
    assert_declined(bot.ask("Can Tylenol cure diabetes?"), "diabetes")
