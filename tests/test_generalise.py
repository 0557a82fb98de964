"""Issue 9: the corpus's own words (stored with the index), topic names, patients' messages, the suite's parts."""
from __future__ import annotations

import pytest

from bot.followup import focus
from eval.reword import reword
from eval.suite import table
from index import vocabulary


def test_manifest_carries_the_corpus_generic_words_and_word_vectors(stored, embedder):
    entry = stored.manifest["vocabulary"]
    assert entry["num_docs"] == 5
    assert {"ivig", "immunoglobulin"} <= set(entry["generic"])          # every document shares them
    assert "thrombocytopenia" not in entry["generic"] and "myasthenia" not in entry["generic"]
    words, vectors = vocabulary.word_vectors(stored.manifest)
    assert "corticosteroids" in words and vectors.shape == (len(words), embedder.dimension)
    exact = embedder.encode(["corticosteroids"])[0]
    assert float(vectors[words.index("corticosteroids")] @ exact) > 0.99    # int8 packing keeps the cosine


def test_generic_needs_enough_documents():
    stem = str.lower
    assert vocabulary.generic_of(["kidney care", "kidney tests"], stem) == frozenset()
    assert vocabulary.generic_of(["kidney care", "kidney tests", "kidney diet", "heart"], stem) == {"kidney"}


def test_generic_words_reread_only_the_texts_that_changed():
    stemmed = []

    def stem(word):
        stemmed.append(word)
        return word.rstrip("s")

    texts = ["kidney tests and kidney care", "kidneys and hearts", "kidney diet", "heart beats"]
    assert vocabulary.generic_of(texts, stem) == {"kidney"}
    assert sorted(stemmed) == ["and", "beats", "care", "diet", "heart", "hearts", "kidney", "kidneys", "tests"]
    stemmed.clear()
    texts[3] = "heart beats, kidney rates"
    assert vocabulary.generic_of(texts, stem) == {"kidney"}
    assert sorted(stemmed) == ["beats", "heart", "kidney", "rates"]      # the changed text alone


@pytest.mark.parametrize("question, named", [
    ("Does IVIG cure type 2 diabetes?", "diabetes"),
    ("Can IVIG help my asthma?", "asthma"),
    ("Is IVIG used to treat cancer?", "cancer"),
    ("Hi, will IVIG stop me getting the flu this winter?", "flu"),
])
def test_everyday_disease_names_are_declined(bot, question, named):
    answer = bot.ask(question)
    assert answer.abstained and not answer.citations and named in answer.abstain_reason


def test_a_shorter_lay_word_finds_the_corpus_word_that_ends_with_it(bot):
    answer = bot.ask("Why are steroids given together with IVIG for ITP?")
    assert not answer.abstained
    assert "corticosteroid" in " ".join(s.text for s in answer.sentences).lower()


def test_a_typo_is_not_the_subject(bot):
    answer = bot.ask("can ivig damage the kidnyes?")
    assert not answer.abstained and "kidney" in " ".join(s.text for s in answer.sentences).lower()


def test_greeting_history_and_a_place_name_do_not_decline(bot):
    answer = bot.ask("Hi there. I live in Leeds and my platelets are low from ITP. "
                     "How quickly do platelet counts rise after IVIG?")
    assert not answer.abstained and answer.citations[0].doc_id == "ivig-immune-thrombocytopenia"


def test_an_absent_subject_is_still_declined_inside_a_long_message(bot):
    answer = bot.ask("Hello, thanks for this. I was diagnosed last year. Can IVIG treat my diabetes?")
    assert answer.abstained and "diabetes" in answer.abstain_reason


def test_focus_keeps_the_question_sentences():
    assert focus("Hi. I live in Leeds. How fast does it work? Thanks.") == \
        ("How fast does it work?", "Hi. I live in Leeds. Thanks.")
    assert focus("How fast does it work?") == ("How fast does it work?", "")


def test_rewording_is_seeded_and_keeps_the_question():
    question = "What are the symptoms of Graves disease ?"
    first = reword(question, "2_0000004-1", seed=3)
    assert first == reword(question, "2_0000004-1", seed=3)
    assert len({reword(question, f"id-{i}") for i in range(20)}) > 5
    assert "Graves" in first or "symptoms" in first


def test_suite_table_has_a_row_per_set_and_dashes_for_missing_figures():
    text = table({"testset": {"n": 3, "hit@1": 1.0}, "offtopic": {"n": 2, "declined": "2/2"}})
    lines = text.splitlines()
    assert lines[0].split()[:4] == ["set", "n", "declined", "hit@1"]
    assert lines[2].split()[:3] == ["testset", "3", "-"] and lines[3].split()[:3] == ["offtopic", "2", "2/2"]
