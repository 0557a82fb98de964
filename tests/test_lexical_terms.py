"""The one-text analysis the bot uses per answer gives exactly bm25s.tokenize's terms (the index's analysis)."""
from __future__ import annotations

import numpy as np

from index.lexical import _stemmer, analyze, text_terms


def test_one_text_terms_match_bm25s_on_every_corpus_text(corpus_docs):
    stemmer = _stemmer()
    texts = [t for d in corpus_docs.values() for t in (d.title, *d.text.split("\n"))]
    texts += ["", "a an the", "IVIG's 2g/kg dose—über-fast, re-dosed?", "Co-morbidities & CIDP (IgG4)"]
    assert len(texts) > 100
    assert [text_terms(t, stemmer) for t in texts] == analyze(texts, stemmer)
    assert text_terms("How does IVIG work in ITP?", stemmer) == ["how", "doe", "ivig", "work", "itp"]   # "in" is a stop word, "how" is not


def test_bm25_variant_is_the_one_asked_for():
    """benchmarks/scifact_routes.py compares bm25s's variants through LexicalIndex.build(method=...)."""
    from index.lexical import LexicalIndex

    texts = ["IVIG raises platelet counts in immune thrombocytopenia within days",
             "immune thrombocytopenia " * 12 + "long passage about platelets",
             "myasthenia gravis crises are treated with IVIG or plasma exchange"]
    lucene, bm25l = LexicalIndex.build(texts), LexicalIndex.build(texts, method="bm25l")
    assert (lucene.retriever.method, bm25l.retriever.method) == ("lucene", "bm25l")
    a, b = lucene.scores("immune thrombocytopenia"), bm25l.scores("immune thrombocytopenia")
    assert a[0] > 0 and a[2] == 0
    assert not np.allclose(a, b, rtol=1e-3)             # bm25l shifts term frequencies by its delta

