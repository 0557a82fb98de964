"""BM25 over chunks with bm25s (English stop words, Snowball stemming), and the same analysis for other stores.
Text is folded first (index/accents.py): "Barré" and "Barre" are one term.

`LexicalIndex` is the FAISS store's BM25. `TermStats` is what the bot needs from any store's lexical side
(the terms of a text, the corpus vocabulary, IDF) without the index itself: the Milvus store keeps it
beside its collection, and Milvus scores BM25 over the terms `analyze` produced.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from .accents import fold
from .errors import CorpusError

STOPWORDS = "en"
_WORD = re.compile(r"(?u)\b\w\w+\b")


def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def analyze(texts: Sequence[str], stemmer=None) -> list[list[str]]:
    """Stemmed, stop-word-free terms of each text: the analysis both stores index and query with."""
    import bm25s

    return bm25s.tokenize([fold(t) for t in texts], stopwords=STOPWORDS, stemmer=stemmer or _stemmer(),
                          return_ids=False, show_progress=False)


@lru_cache(maxsize=1)
def _stopword_set() -> frozenset:
    from bm25s.stopwords import STOPWORDS_EN      # what bm25s takes STOPWORDS = "en" to mean

    return frozenset(STOPWORDS_EN)


def text_terms(text: str, stemmer) -> list[str]:
    """analyze() of one text, without bm25s.tokenize's per-call vocabulary and progress-bar set-up (most of
    its time on a short text, and the bot analyses a few texts per answer). Same words, same order."""
    stop = _stopword_set()
    return stemmer.stemWords([w for w in _WORD.findall(fold(text).lower()) if w not in stop])


def bm25_idf(num_docs: int, doc_freq: int) -> float:
    """Lucene's BM25 IDF, as bm25s and Milvus compute it."""
    return math.log(1 + (num_docs - doc_freq + 0.5) / (doc_freq + 0.5))


class TermStats:
    """Document frequency of every term of an indexed corpus: the vocabulary and IDF, with the analyser."""

    def __init__(self, num_docs: int, doc_freq: dict[str, int]):
        self.num_docs = num_docs
        self.doc_freq = doc_freq
        self.stemmer = _stemmer()
        self.vocabulary = frozenset(doc_freq)

    @classmethod
    def count(cls, analyzed: Sequence[Sequence[str]]) -> "TermStats":
        doc_freq: dict[str, int] = {}
        for terms in analyzed:
            for term in set(terms):
                doc_freq[term] = doc_freq.get(term, 0) + 1
        return cls(len(analyzed), doc_freq)

    def terms(self, text: str) -> list[str]:
        return text_terms(text, self.stemmer)

    def stem(self, word: str) -> str:
        return self.stemmer.stemWord(fold(word).lower())

    def idf_table(self) -> dict[str, float]:
        return {term: bm25_idf(self.num_docs, df) for term, df in self.doc_freq.items()}

    def to_dict(self) -> dict:
        return {"num_docs": self.num_docs, "doc_freq": self.doc_freq}


class LexicalIndex:
    """A bm25s retriever plus the stemmer that must be used for its queries."""

    def __init__(self, retriever):
        self.retriever = retriever
        self.stemmer = _stemmer()
        self.vocabulary = frozenset(retriever.vocab_dict)   # stemmed terms present in the corpus

    @classmethod
    def build(cls, texts: Sequence[str], *, k1: float = 1.2, b: float = 0.75, method: str = "lucene") -> "LexicalIndex":
        """`method`: bm25s's BM25 variant (lucene, robertson, atire, bm25l, bm25+); the index ships lucene,
        benchmarks/scifact_routes.py measures the others."""
        import bm25s

        tokens = bm25s.tokenize([fold(t) for t in texts], stopwords=STOPWORDS, stemmer=_stemmer(), show_progress=False)
        if not tokens.vocab:     # bm25s fails inside max() on a corpus without a single term
            raise CorpusError("no word that search can index in any document (only stop words, single letters)")
        retriever = bm25s.BM25(k1=k1, b=b, method=method)
        retriever.index(tokens, show_progress=False)
        return cls(retriever)

    def save(self, folder: Path) -> None:
        self.retriever.save(str(folder))

    @classmethod
    def load(cls, folder: Path) -> "LexicalIndex":
        import bm25s

        return cls(bm25s.BM25.load(str(folder)))

    def terms(self, text: str) -> list[str]:
        """Stemmed, stop-word-free terms of a query, as the index sees them."""
        return text_terms(text, self.stemmer)

    def stem(self, word: str) -> str:
        return self.stemmer.stemWord(fold(word).lower())

    def idf_table(self) -> dict[str, float]:
        """IDF of every term of the vocabulary (bm25s keeps document frequencies as CSC column lengths)."""
        indptr = self.retriever.scores["indptr"]
        n = self.retriever.scores["num_docs"]
        return {t: bm25_idf(n, int(indptr[i + 1] - indptr[i]))
                for t, i in self.retriever.vocab_dict.items() if i + 1 < len(indptr)}

    def scores(self, text: str) -> np.ndarray:
        """BM25 score of every chunk for `text` (zeros when no query term is in the corpus)."""
        known = [t for t in self.terms(text) if t in self.vocabulary]
        if not known:
            return np.zeros(self.retriever.scores["num_docs"], dtype=np.float32)
        return np.asarray(self.retriever.get_scores(known), dtype=np.float32)
