"""The question's subject in the sentence choice: an abbreviation the documents spell out names what its words name
(bot/extractive/acronyms.py), and a quantity asked of one document's subject is never another document's
(composer._other_topic_after). The questions are written for these tests; the sentences are the corpus's own."""
from __future__ import annotations

import pytest

from bot.extractive.acronyms import Acronyms
from bot.extractive.units import Unit

MG = "ivig-myasthenia-gravis"
APS = "ivig-antiphospholipid-syndrome"


@pytest.fixture(scope="module")
def acronyms(bot):
    return bot.composer.acronyms


def _unit(lexical, text: str) -> Unit:
    return Unit(MG, 0, len(text), text, frozenset(lexical.terms(text)))


def test_the_spelt_out_abbreviations_are_read_from_the_documents(acronyms, stored):
    mg = stored.lexical.terms("MG")[0]
    assert acronyms.names[mg] == frozenset(stored.lexical.terms("myasthenia gravis"))
    # the corpus's own subject, in every document, is no name to read: every sentence writes it
    assert stored.lexical.terms("IVIG")[0] not in acronyms.names


def test_a_sentence_writing_either_form_holds_both(acronyms, stored):
    lexical = stored.lexical
    mg = lexical.terms("MG")[0]
    asked = acronyms.asked(lexical.terms("How long does a course last for MG?"))
    assert mg in asked
    spelt = acronyms.read(_unit(lexical, "When used to manage a myasthenia gravis flare, IVIG is given."), asked)
    assert mg in spelt.terms
    short = acronyms.read(_unit(lexical, "IVIG can be used to reduce MG symptoms."), asked)
    assert frozenset(lexical.terms("myasthenia gravis")) <= short.terms
    other = _unit(lexical, "It may take a few weeks before you notice symptom relief.")
    assert acronyms.read(other, asked) is other
    # a question asking by the long form reads the short one too
    assert mg in acronyms.asked(lexical.terms("Is IVIG used in myasthenia gravis?"))
    assert not acronyms.asked(lexical.terms("How fast does IVIG raise platelets?"))


def test_an_acronym_subjects_sentences_count_as_naming_it(bot):
    # the MG page's kidney monitoring answers it; before, "If IVIG is part of your MG treatment plan ... talk to your
    # doctor" opened, holding "MG" where the kidney sentence holds neither form but its title's "Myasthenia Gravis"
    answer = bot.ask("I only have one kidney and I have MG. Will IVIG be hard on my kidney?")
    assert answer.sentences
    assert "kidney" in answer.sentences[0].text.lower()


def test_a_dose_asked_for_one_condition_is_not_another_documents(bot):
    answer = bot.ask("How much IVIG per week would someone with MG get?")
    assert answer.sentences
    cited = {c.n: c.doc_id for c in answer.citations}
    assert all(cited[n] != APS for s in answer.sentences for n in s.citations)
    assert any("two to five days" in s.text for s in answer.sentences)


def test_a_unit_written_like_an_abbreviation_names_no_document(bot):
    """"mg" counting a dose is no MG: read as the MG page's subject it left every other page's dose out of a dose
    question, which the MG page cannot answer, and declined it (review of round 14)."""
    answer = bot.ask("Would 400 mg/kg a day be a normal IVIG dose?")
    assert answer.sentences and any("g/kg" in s.text for s in answer.sentences)
