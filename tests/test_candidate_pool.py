"""Issue 9, the answering sentence reaches the candidates: besides the best MAX_PASSAGES passages, the composer reads
the passages (among the first NEAR_PASSAGES, of documents already read) holding one of the NEAR_SENTENCES sentences
nearest the question by the model (`SentenceModel.nearest`). The question is a rewording of holdout2's h2-ai-clear.
"""
from __future__ import annotations

import pytest

from bot.extractive import composer

LAY = "What happens to bad antibodies once IVIG is in the blood?"


@pytest.fixture(scope="module")
def hits(bot):
    return bot.retriever.search(bot.widen(LAY), k=50, subject=LAY)


def test_the_passages_holding_the_nearest_sentences_are_read(bot, hits):
    model = bot.composer.model
    first = hits[:composer.NEAR_PASSAGES]
    read = hits[:composer.MAX_PASSAGES]
    added = model.nearest(LAY, first, read, composer.NEAR_SENTENCES)
    assert added and not {hit.chunk for hit in added} & {hit.chunk for hit in read}
    assert all(hit.rank > composer.MAX_PASSAGES for hit in added)
    # the sentence nearest the question among those passages' is in a passage read, or in one added
    question = bot.embedder.encode_query(LAY)
    sentences = [(float(vector @ question), hit) for hit in first
                 for vector in model._vectors(hit.chunk)]
    nearest = max(sentences, key=lambda item: item[0])[1]
    assert nearest.chunk in {hit.chunk for hit in [*read, *added]}


def test_a_nearest_sentence_in_a_document_not_read_adds_nothing(bot, hits):
    # read only one document's passages: a passage of another document is about another subject
    model = bot.composer.model
    document = hits[0].chunk.doc_id
    read = [hit for hit in hits[:composer.MAX_PASSAGES] if hit.chunk.doc_id == document]
    added = model.nearest(LAY, hits[:composer.NEAR_PASSAGES], read, 50)
    assert added and {hit.chunk.doc_id for hit in added} == {document}


def test_a_lay_question_is_answered_from_a_passage_below_the_best(bot, hits, monkeypatch):
    # the autoimmune page: "IVIG contains antibodies that can bind to these autoantibodies, forming immune complexes
    # ..."; its passages rank below the sixth
    assert min(hit.rank for hit in hits if "immune complexes" in hit.chunk.text) > composer.MAX_PASSAGES
    assert "immune complexes" in " ".join(s.text for s in bot.ask(LAY).sentences)
    monkeypatch.setattr(composer, "NEAR_SENTENCES", 0)
    assert "immune complexes" not in " ".join(s.text for s in bot.ask(LAY).sentences)


def test_no_sentence_asked_for_adds_nothing(bot, hits):
    assert bot.composer.model.nearest(LAY, hits, hits[:1], 0) == []


def test_a_sentence_closing_with_a_quotation_mark_is_a_candidate_not_a_heading(bot):
    # the MG page: "“Immunoglobulin” is another term for “antibody.”" under the heading "Types of Immunoglobulin";
    # read as a heading (its last character is not a full stop), it answered nothing
    units = [unit for chunk in bot.stored.chunks if chunk.doc_id == "ivig-myasthenia-gravis"
             for unit in bot.composer._units(chunk)]
    texts = {unit.text for unit in units}
    assert "“Immunoglobulin” is another term for “antibody.”" in texts
    assert "Types of Immunoglobulin" not in texts
    assert any(unit.heading == "Types of Immunoglobulin" for unit in units)
    answer = bot.ask("Is immunoglobulin another name for antibodies?")
    assert "another term for" in answer.sentences[0].text
