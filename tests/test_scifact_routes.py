"""benchmarks/scifact_routes.py replays the product's retrieval: its product row must be the product's ranking."""
from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import scifact_routes as routes  # noqa: E402
from bot.retrieval import DEFAULT_ALPHA, HybridRetriever  # noqa: E402

QUESTIONS = ["How fast does IVIG raise platelet counts in ITP?", "Is IVIG used for myasthenia gravis crises?",
             "What are the side effects of immunoglobulin infusions?", "antiphospholipid syndrome pregnancy"]


@pytest.mark.parametrize("depth", [5, 20])
def test_replay_orders_chunks_like_the_retriever(stored, embedder, depth):
    assert depth < len(stored.chunks)         # the union of two top lists is exercised, not every chunk
    retriever = HybridRetriever(stored, embedder, candidates=depth)
    matrix = stored.matrix()
    widths = []
    for question in QUESTIONS:
        vector = embedder.encode_query(question)
        dense, lexical = matrix @ vector, stored.lexical.scores(question)
        rows = routes.candidates(dense, lexical, depth)
        fused = routes.weighted(SimpleNamespace(D=dense[None], L=lexical[None]), DEFAULT_ALPHA)(0, rows)
        replayed = [stored.chunks[int(r)].id for r in rows[np.argsort(-fused, kind="stable")]]
        product = [hit.chunk.id for hit in retriever.search(question, depth, query_vector=vector)]
        assert replayed[:depth] == product
        widths.append(len(rows))
    assert max(widths) > depth            # some question's two top lists differ: their union is replayed


def test_first_chunks_flags_each_documents_opening(stored):
    flags = routes.first_chunks(stored)
    assert flags.sum() == len({c.doc_id for c in stored.chunks})
    for row in np.flatnonzero(flags):
        chunk = stored.chunks[row]
        assert chunk.start == min(c.start for c in stored.chunks if c.doc_id == chunk.doc_id)


def test_coverage_is_the_idf_weighted_share_of_claim_terms_in_the_document(stored):
    doc_of = np.array([c.doc_id for c in stored.chunks])
    in_doc = routes.document_terms(stored)
    claim = "IVIG thrombocytopenia zzyzxqw"         # the made-up word is in no document: it weighs nothing
    split = SimpleNamespace(texts=[claim])
    extra = routes.coverage(split, stored, doc_of, in_doc)
    rows = np.arange(len(stored.chunks))
    share = extra(0, rows)
    idf = stored.lexical.idf_table()
    terms = stored.lexical.terms(claim)
    for row in (0, len(rows) - 1):
        present = [t for t in terms if t in in_doc[doc_of[row]]]
        assert share[row] == pytest.approx(sum(idf[t] for t in present) / sum(idf.get(t, 0) for t in terms))
    itp = next(i for i, d in enumerate(doc_of) if "thrombocytopenia" in d)
    assert share[itp] == pytest.approx(1.0)


def _texts(stored):
    return [c.embedding_text(stored.documents[c.doc_id].title) for c in stored.chunks]


def test_bm25_matrix_scores_a_weighted_query_like_bm25s(stored):
    bm25 = routes.BM25Matrix(stored.lexical)
    for question in QUESTIONS:
        terms = [t for t in stored.lexical.terms(question) if t in bm25.column]
        counts = {t: float(terms.count(t)) for t in terms}
        assert np.allclose(bm25.scores(counts), stored.lexical.scores(question), atol=1e-5)
    term = stored.lexical.terms("thrombocytopenia")[0]
    one, three = bm25.scores({term: 1.0}), bm25.scores({term: 3.0})
    assert one.max() > 0 and np.allclose(three, 3 * one)
    assert not bm25.scores({"zzyzxqw": 1.0}).any()


def test_rm3_keeping_only_the_claim_is_plain_bm25_and_feedback_adds_terms(stored, embedder):
    doc_of = np.array([c.doc_id for c in stored.chunks])
    texts = _texts(stored)
    terms = routes.Terms(stored, texts, routes.document_terms(stored))
    bm25 = routes.BM25Matrix(stored.lexical)
    matrix = stored.matrix()
    claims = ["IVIG raises platelet counts in immune thrombocytopenia"]
    D = np.stack([matrix @ embedder.encode_query(c) for c in claims])
    L = np.stack([stored.lexical.scores(c) for c in claims])
    split = SimpleNamespace(texts=claims, D=D, L=L, rows=[routes.candidates(D[0], L[0], 10)])
    plain = routes.rm3_scores(split, stored, terms, bm25, doc_of, 3, 10, 1.0, "fused")
    asked = stored.lexical.terms(claims[0])
    assert np.allclose(plain[0] * len(asked), L[0], atol=1e-4)      # query weights are its term shares
    fed = routes.rm3_scores(split, stored, terms, bm25, doc_of, 3, 10, 0.5, "fused")
    feedback = fed[0] - 0.5 * plain[0]               # the other half: the feedback chunks' term model
    assert feedback.min() >= -1e-5 and feedback.max() > 0
    assert not np.allclose(feedback / feedback.max(), L[0] / L[0].max(), atol=0.05)   # other terms, other order


def test_length_fair_terms_first_share_and_window(stored):
    texts = _texts(stored)
    terms = routes.Terms(stored, texts, routes.document_terms(stored))
    first = routes.first_chunks(stored)
    for row, chunk in enumerate(stored.chunks):
        if first[row]:
            assert terms.first_share[row] == pytest.approx(len(chunk.text) / len(stored.documents[chunk.doc_id].text))
        else:
            assert terms.first_share[row] == 0
        assert terms.chunk[row] <= terms.window[row] <= terms.in_doc[chunk.doc_id]
    # a long page's opening is a small share of it: the scaled boost is far below the full one
    assert 0 < terms.first_share[first == 1].min() < 0.5
    # the window is local: some chunk's window lacks terms found elsewhere in its long document
    assert any(terms.window[r] < terms.in_doc[c.doc_id] for r, c in enumerate(stored.chunks))


def test_shares_weigh_claim_terms_by_idf_in_the_given_sets(stored):
    texts = _texts(stored)
    terms = routes.Terms(stored, texts, routes.document_terms(stored))
    claim = "IVIG thrombocytopenia zzyzxqw"
    extra = routes.shares(SimpleNamespace(texts=[claim]), stored, lambda r: terms.chunk[r])
    rows = np.arange(len(stored.chunks))
    share = extra(0, rows)
    idf = stored.lexical.idf_table()
    asked = stored.lexical.terms(claim)
    total = sum(idf.get(t, 0) for t in asked)
    for row in (0, len(rows) // 2, len(rows) - 1):
        assert share[row] == pytest.approx(sum(idf[t] for t in asked if t in terms.chunk[row]) / total)
    half = routes.scaled(extra, np.full(len(rows), 0.5))(0, rows)
    assert np.allclose(half, share * 0.5)


def test_term_pairs_keep_their_order():
    assert routes.bigrams(["immun", "thrombocytopenia", "ivig"]) == {("immun", "thrombocytopenia"),
                                                                     ("thrombocytopenia", "ivig")}
    assert ("thrombocytopenia", "immun") not in routes.bigrams(["immun", "thrombocytopenia"])
