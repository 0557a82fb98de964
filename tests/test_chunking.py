"""Chunking: exact offsets, the model's token limit, headings, overlap, stable content-hash ids."""
from __future__ import annotations

import dataclasses

import pytest

from index import Document
from index.chunking import ChunkingParams, chunk_document
from index.sentences import looks_like_heading, paragraph_spans, sentence_spans

LONG_SECTION = "\n\n".join([
    "Infusion day",
    " ".join(f"Sentence number {i} explains one more practical detail about getting an IVIG infusion safely."
             for i in range(1, 13)),
    "After the infusion",
    "Most people go home the same day. Drink water for the next two days. Report any severe headache.",
])


def long_doc(text=LONG_SECTION, title="A day of IVIG treatment") -> Document:
    return Document(id="guide/day", title=title, text=text, source="guide/day.txt")


def test_chunk_text_is_the_document_span(stored, corpus_docs, embedder):
    assert len(stored.chunks) > 5
    for chunk in stored.chunks:
        doc = stored.documents[chunk.doc_id]
        assert chunk.text == doc.text[chunk.start:chunk.end]
        assert chunk.text == chunk.text.strip() and chunk.text
        assert chunk.id.startswith(chunk.doc_id + "#")
    # the stored documents are the cleaned corpus, and every document is chunked
    assert {d: doc.text for d, doc in stored.documents.items()} == {d: doc.text for d, doc in corpus_docs.items()}
    assert {c.doc_id for c in stored.chunks} == set(corpus_docs)


def test_chunks_cover_every_sentence_but_headings(corpus_docs, embedder):
    for doc in corpus_docs.values():
        chunks = chunk_document(doc, embedder.count_tokens)
        for p_start, p_end in paragraph_spans(doc.text):
            if looks_like_heading(doc.text[p_start:p_end]):
                continue
            for start, end in sentence_spans(doc.text, p_start, p_end):
                assert any(c.start <= start and end <= c.end for c in chunks), \
                    f"{doc.id}: sentence in no chunk: {doc.text[start:end]!r}"


def test_every_chunk_fits_the_model(stored, embedder):
    assert embedder.max_tokens == stored.manifest["model"]["max_tokens"] == 256
    texts = [c.embedding_text(stored.documents[c.doc_id].title) for c in stored.chunks]
    for chunk, count in zip(stored.chunks, embedder.count_tokens(texts)):
        assert count + 2 <= embedder.max_tokens, f"{chunk.id}: {count} tokens + [CLS]/[SEP]"


def test_small_budget_splits_and_fits(embedder):
    doc = long_doc()
    params = ChunkingParams(max_tokens=64, overlap=1)
    chunks = chunk_document(doc, embedder.count_tokens, params)
    assert len(chunks) >= 4
    for chunk in chunks:
        assert chunk.text == doc.text[chunk.start:chunk.end]
        tokens = embedder.count_tokens([chunk.embedding_text(doc.title)])[0] + 2
        assert tokens <= 64 or len(sentence_spans(doc.text, chunk.start, chunk.end)) == 1


def test_headings_carried(stored):
    [duration] = [c for c in stored.chunks if c.doc_id == "ivig-immune-thrombocytopenia"
                  and c.text.startswith("The effects of IVIG are typically transient")]
    assert duration.heading == "Duration of Effect"
    title = stored.documents["ivig-immune-thrombocytopenia"].title
    assert duration.embedding_text(title).split("\n")[:2] == [title, "Duration of Effect"]
    vaccines = [c for c in stored.chunks if "wait at least six weeks" in c.text]
    assert [c.heading for c in vaccines] == ["Vaccines and IVIG"]


def test_embedding_text_skips_a_heading_that_repeats_the_title():
    from index import Chunk

    chunk = Chunk("d#1", "d", "Body text here.", 0, 15, heading="Same Title")
    assert chunk.embedding_text("Same title") == "Same title\nBody text here."
    assert Chunk("d#1", "d", "Body.", 0, 5, heading="Other").embedding_text("") == "Other\nBody."


def test_overlap_when_a_section_spans_several_chunks(embedder):
    doc = long_doc()
    chunks = [c for c in chunk_document(doc, embedder.count_tokens, ChunkingParams(max_tokens=64, overlap=1))
              if c.heading == "Infusion day"]
    assert len(chunks) >= 3
    for previous, following in zip(chunks, chunks[1:]):
        assert following.start < previous.end, "neighbouring chunks of one section share text"
        last_sentence = sentence_spans(doc.text, previous.start, previous.end)[-1]
        first_sentence = sentence_spans(doc.text, following.start, following.end)[0]
        assert last_sentence == first_sentence, "the shared text is exactly one whole sentence"
    no_overlap = [c for c in chunk_document(doc, embedder.count_tokens, ChunkingParams(max_tokens=64, overlap=0))
                  if c.heading == "Infusion day"]
    for previous, following in zip(no_overlap, no_overlap[1:]):
        assert following.start >= previous.end


def test_real_corpus_sections_overlap(stored):
    autoimmune = sorted((c for c in stored.chunks if c.doc_id == "ivig-autoimmune-disease"), key=lambda c: c.start)
    assert len(autoimmune) >= 2
    for previous, following in zip(autoimmune, autoimmune[1:]):
        assert previous.heading == following.heading
        assert previous.start < following.start < previous.end < following.end


def test_ids_are_stable_and_follow_the_text(embedder, corpus_docs):
    doc = long_doc()
    params = ChunkingParams(max_tokens=64)
    first = chunk_document(doc, embedder.count_tokens, params)
    again = chunk_document(dataclasses.replace(doc), embedder.count_tokens, params)
    assert [c.id for c in first] == [c.id for c in again]
    assert len({c.id for c in first}) == len(first)
    # change one sentence of the last section: its chunk gets a new id, the others keep theirs
    changed = long_doc(LONG_SECTION.replace("Drink water for the next two days.", "Drink water for three days."))
    after = chunk_document(changed, embedder.count_tokens, params)
    last_before, last_after = first[-1], after[-1]
    assert last_before.heading == last_after.heading == "After the infusion"
    assert last_before.id != last_after.id
    assert [c.id for c in first[:-1]] == [c.id for c in after[:-1]]
    # the title is part of what the model sees, so it is part of the id
    retitled = chunk_document(long_doc(title="Another title"), embedder.count_tokens, params)
    assert not {c.id for c in retitled} & {c.id for c in first}


def test_index_chunk_ids_match_a_fresh_chunking(stored, corpus_docs, embedder):
    fresh = {c.id for doc in corpus_docs.values() for c in chunk_document(doc, embedder.count_tokens)}
    assert fresh == {c.id for c in stored.chunks}


def test_params_are_checked():
    with pytest.raises(ValueError, match="max_tokens"):
        ChunkingParams(max_tokens=16)
    with pytest.raises(ValueError, match="overlap"):
        ChunkingParams(overlap=6)


def test_merged_small_sections_still_fit_the_budget(embedder):
    parts = []
    for i in range(8):
        parts += [f"Section number {i} about kidney safety during immunoglobulin infusions",
                  f"Drink water before infusion number {i}."]
    doc = Document(id="t", title="T", text="\n\n".join(parts), source="t.txt")
    chunks = chunk_document(doc, embedder.count_tokens, ChunkingParams(max_tokens=64))
    for chunk in chunks:
        tokens = embedder.count_tokens([chunk.embedding_text(doc.title)])[0] + 2
        assert tokens <= 64 or len(sentence_spans(doc.text, chunk.start, chunk.end)) == 1, (tokens, chunk.text)
