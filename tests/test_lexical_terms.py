"""The one-text analysis the bot uses per answer gives exactly bm25s.tokenize's terms (the index's analysis)."""
from __future__ import annotations

from index.lexical import _stemmer, analyze, text_terms


def test_one_text_terms_match_bm25s_on_every_corpus_text(corpus_docs):
    stemmer = _stemmer()
    texts = [t for d in corpus_docs.values() for t in (d.title, *d.text.split("\n"))]
    texts += ["", "a an the", "IVIG's 2g/kg dose—über-fast, re-dosed?", "Co-morbidities & CIDP (IgG4)"]
    assert len(texts) > 100
    assert [text_terms(t, stemmer) for t in texts] == analyze(texts, stemmer)
    assert text_terms("How does IVIG work in ITP?", stemmer) == ["how", "doe", "ivig", "work", "itp"]   # "in" is a stop word, "how" is not
