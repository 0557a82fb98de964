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
