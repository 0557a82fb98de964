"""Issue 9: a name typed with or without its accents (or with a curly apostrophe, an en dash, full-width letters)
reaches the same terms, and a dose asked for one name is not answered with the dose of another that shares
its head word ("antiphospholipid syndrome" is not "Guillain-Barre syndrome")."""
from __future__ import annotations

import json

import pytest

from bot.extractive.subjects import subject_names
from bot.vocabulary import Vocabulary
from bot.terms import content_words, words
from helpers import assert_declined
from index.accents import fold
from index.lexical import LexicalIndex, _stemmer, analyze, text_terms
from index.vocabulary import _words_in


@pytest.mark.parametrize("typed, plain", [
    ("Guillain-Barré", "Guillain-Barre"),
    ("GUILLAIN-BARRÉ", "GUILLAIN-BARRE"),
    ("Guillain-Barre\u0301", "Guillain-Barre"),           # the accent as a combining mark (NFD)
    ("Guillain\u2013Barré", "Guillain-Barre"),            # en dash, as typeset
    ("Sjögren", "Sjogren"),
    ("Behçet", "Behcet"),
    ("naïve", "naive"),
    ("café-au-lait", "cafe-au-lait"),
    ("IVIG\u2019s", "IVIG's"),                            # a phone's apostrophe
    ("\uff29\uff36\uff29\uff27 \uff11 g/kg", "IVIG 1 g/kg"),  # full-width
    ("ﬁbrosis", "fibrosis"),                              # a ligature
])
def test_fold_reaches_the_plain_spelling(typed, plain):
    assert fold(typed) == plain


def test_fold_leaves_letters_without_an_accent_alone():
    assert fold("TNF-α, Sjøgren, Straße, 한국어") == "TNF-α, Sjøgren, Straße, 한국어"
    text = "plain ASCII stays the very same object"
    assert fold(text) is text


@pytest.mark.parametrize("typed, plain", [
    ("Is IVIG used for Guillain-Barré syndrome?", "Is IVIG used for Guillain-Barre syndrome?"),
    ("Is IVIG used for Guillain\u2013Barré syndrome?", "Is IVIG used for Guillain-Barre syndrome?"),
    ("What is the IVIG dose for Sjögren syndrome?", "What is the IVIG dose for Sjogren syndrome?"),
    ("Does IVIG help Behçet disease?", "Does IVIG help Behcet disease?"),
    ("Is IVIG naïve to café-au-lait spots?", "Is IVIG naive to cafe-au-lait spots?"),
    ("What is IVIG\u2019s role?", "What is IVIG's role?"),
])
def test_the_question_and_the_corpus_read_both_spellings_as_the_same_words(typed, plain):
    stemmer = _stemmer()
    assert words(typed) == words(plain)
    assert content_words(typed) == content_words(plain)
    assert text_terms(typed, stemmer) == text_terms(plain, stemmer) == analyze([typed])[0] == analyze([plain])[0]
    assert _words_in(typed) == _words_in(plain)


def test_the_lexical_index_finds_an_accented_document_by_its_plain_spelling():
    index = LexicalIndex.build(["Guillain-Barré syndrome and Sjögren syndrome", "kidney strain after infusions"])
    assert {"guillain", "barr", "sjogren"} <= index.vocabulary
    assert index.stem("Barré") == index.stem("Barre") == "barr"
    assert index.scores("Guillain Barre")[0] > 0 and index.scores("Sjögren")[0] > 0


def test_the_built_corpus_knows_guillain_barre_however_it_is_typed(bot):
    vocabulary: Vocabulary = bot.vocabulary
    for word in ("Guillain-Barré", "Guillain-Barre", "guillain", "Barre", "barré"):
        assert vocabulary.knows(word), word
    assert "guillain-barre" in bot.vocabulary.neighbours.words          # the manifest's surface words, folded


@pytest.mark.parametrize("question, subject, names", [
    ("How many grams per kilogram of IVIG are given for Guillain-Barre syndrome?", ["Guillain-Barre", "syndrome"],
     [("Guillain-Barre", "syndrome"), ("Guillain-Barre",)]),               # "syndrome" alone names no syndrome
    ("How long does it take for IVIG to relieve myasthenia gravis symptoms?", ["relieve", "myasthenia", "gravis"],
     [("relieve", "myasthenia", "gravis"), ("relieve",), ("myasthenia",)]),
    ("How much IVIG is given in pregnancy for APS?", ["pregnancy", "APS"], [("pregnancy",), ("APS",)]),
    ("What dose for antiphospholipd syndrome? (antiphospholipid)", ["antiphospholipd", "syndrome", "antiphospholipid"],
     [("antiphospholipd", "syndrome"), ("antiphospholipd",), ("antiphospholipid",)]),
    ("and how long does that last? (about platelets ITP)", ["platelets", "ITP"], [("platelets",), ("ITP",)]),  # a list
])
def test_subject_names_are_the_runs_of_subject_words_and_all_but_their_heads(question, subject, names):
    assert subject_names(question, subject) == names


def test_a_passage_names_a_phrase_by_its_words_together(bot):
    composer = bot.composer.subjects
    hits = bot.retriever.search("IVIG dosing protocols antiphospholipid syndrome", k=8)
    dosing = next(h for h in hits if h.chunk.heading == "Dosing Protocols")
    # the title says "antiphospholipid antibody syndrome": one term between them
    assert composer.names_subject(dosing, [("antiphospholipid", "syndrome")])
    assert composer.names_subject(dosing, [("APS",)])
    assert not composer.names_subject(dosing, [("Guillain-Barre", "syndrome"), ("Guillain-Barre",)])
    assert not composer.names_subject(dosing, [("Kawasaki", "disease"), ("Kawasaki",)])


# Written before the change, with the dose questions: GBS is named by corpus/ivig-autoimmune-disease.txt and
# ivig-myasthenia-gravis.txt (a list of conditions IVIG treats); no document gives a dose for it.
@pytest.mark.parametrize("question", [
    "Is IVIG used for Guillain-Barré syndrome?",
    "Is IVIG used for Guillain-Barre syndrome?",                  # as patients type it
    "is ivig used for guillain barre syndrome",
    "Is IVIG used for Guillain\u2013Barré syndrome?",
    "Can IVIG treat Guillain-Barré syndrome?",
    "Can IVIG treat GUILLAIN-BARRÉ SYNDROME?",                     # shouted: the capitals make no acronym
])
def test_a_name_the_documents_print_with_an_accent_is_answered_however_it_is_typed(bot, question):
    answer = bot.ask(question)
    assert not answer.abstained and "Guillain-Barré syndrome" in answer.text


@pytest.mark.parametrize("question, fact", [
    ("What is the standard IVIG dose in ITP?", "1 g/kg"),
    ("What dose of IVIG is used for antiphospholipid syndrome?", "g/kg"),        # "antiphospholipid antibody syndrome"
    ("How much IVIG is given in pregnancy for APS?", "g/kg"),
    ("What IVIG dose is used for antiphospholipid syndrome in pregnancy?", "g/kg"),
    ("How long does an IVIG course last for a myasthenia gravis flare?", "two to five days"),
    ("How long does it take for IVIG to relieve myasthenia gravis symptoms?", "weeks"),
])
def test_a_dose_the_documents_give_is_answered(bot, question, fact):
    answer = bot.ask(question)
    assert not answer.abstained and fact in answer.text, answer.text


@pytest.mark.parametrize("question", [
    "How many grams per kilogram of IVIG are given for Guillain-Barre syndrome?",     # eval/testset.jsonl un-gbs-dose
    "How many grams per kilogram of IVIG are given for Guillain-Barré syndrome?",
    "What is the IVIG dose for Guillain-Barré syndrome?",
    "What dose of IVIG is given for Kawasaki disease?",
    "How much IVIG is given for CIDP?",
    "What is the IVIG dose for autoimmune hemolytic anemia?",
])
def test_a_dose_for_a_condition_the_documents_give_no_dose_for_is_declined(bot, question):
    assert_declined(bot.ask(question))


@pytest.mark.parametrize("typed, plain, name", [
    ("What is the IVIG dose for Sjögren syndrome?", "What is the IVIG dose for Sjogren syndrome?", "Sjogren"),
    ("Does IVIG help Behçet disease?", "Does IVIG help Behcet disease?", "Behcet"),
    ("Can IVIG remove café-au-lait spots?", "Can IVIG remove cafe-au-lait spots?", "cafe-au-lait"),
])
def test_a_name_the_documents_lack_is_declined_whole_with_or_without_accents(bot, typed, plain, name):
    for question in (typed, plain):
        assert_declined(bot.ask(question), name)      # "Sjogren", not the "Sj gren" the ASCII pattern made


def test_a_curly_apostrophe_asks_the_same_question(bot):
    curly, straight = bot.ask("What is IVIG\u2019s role in myasthenia gravis?"), bot.ask("What is IVIG's role in myasthenia gravis?")
    assert not curly.abstained and curly.text == straight.text


def test_an_index_of_the_format_before_folding_is_rebuilt_by_the_app_s_lifecycle(tiny, embedder):
    from index.lifecycle import ensure_current, live_version
    from index.store import FORMAT_VERSION, live_build

    corpus, root = tiny
    manifest_path = live_build(root) / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["format_version"] = FORMAT_VERSION - 1          # an index built before accents were folded
    manifest_path.write_text(json.dumps(manifest))
    before = live_version(root)
    ensured = ensure_current(corpus, root, embedder)
    assert ensured.action == "built" and f"format {FORMAT_VERSION - 1}" in ensured.reason
    assert ensured.report.reused == 0                                 # every chunk analysed again
    assert live_version(root) != before
    assert json.loads((live_build(root) / "manifest.json").read_text())["format_version"] == FORMAT_VERSION


def test_the_answer_s_subject_words_are_the_same_for_both_spellings():
    from bot.extractive.framing import leave_out, named_terms

    stem = LexicalIndex.build(["one text"]).stem
    typed, plain = "Does IVIG help in Sjögren syndrome?", "Does IVIG help in Sjogren syndrome?"
    assert named_terms(typed, stem) == named_terms(plain, stem) >= {"sjogren", "ivig"}
    named = named_terms(typed, stem)
    assert leave_out(typed, stem, named) == leave_out(plain, stem, named)       # the same character spans


def test_a_follow_up_puts_its_subject_where_an_accented_one_stood(bot):
    answer = bot.ask("what about myasthenia gravis?", ["Is IVIG used for Guillain-Barré syndrome?"])
    assert answer.query == "Is IVIG used for myasthenia gravis?" and not answer.abstained


def test_the_off_topic_set_counts_a_disease_the_corpus_prints_with_an_accent_as_mentioned(monkeypatch):
    import eval.benchmark_data as data

    rows = [{"id": "1", "focus": "Guillain-Barre syndrome", "question": "What is (are) Guillain-Barre syndrome ?"},
            {"id": "2", "focus": "Behçet disease", "question": "What is (are) Behçet disease ?"},
            {"id": "3", "focus": "Heart Failure", "question": "What is (are) Heart Failure ?"}]
    monkeypatch.setattr(data, "_medquad", lambda: rows)
    corpus_text = "It is often used in conditions like Guillain-Barré syndrome and Behcet disease."
    assert [r["id"] for r in data.offtopic_cases(corpus_text, None)] == ["3"]


@pytest.mark.parametrize("question, reason", [("Can IVIG treat SHORT syndrome?", "SHORT"),     # an acronym's name
                                              ("Can IVIG treat SHORT SYNDROME?", "short syndrome")])
def test_a_name_in_capitals_the_documents_lack_is_still_declined(bot, question, reason):
    assert_declined(bot.ask(question), reason)
