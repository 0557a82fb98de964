"""BM25 over chunks with bm25s (English stop words, Snowball stemming)."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Sequence

import numpy as np

from .errors import CorpusError

STOPWORDS = "en"
_WORD = re.compile(r"(?u)\b\w\w+\b")


def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


class LexicalIndex:
    """A bm25s retriever plus the stemmer that must be used for its queries."""

    def __init__(self, retriever):
        self.retriever = retriever
        self.stemmer = _stemmer()
        self.vocabulary = frozenset(retriever.vocab_dict)   # stemmed terms present in the corpus

    @classmethod
    def build(cls, texts: Sequence[str], *, k1: float = 1.2, b: float = 0.75) -> "LexicalIndex":
        import bm25s

        tokens = bm25s.tokenize(list(texts), stopwords=STOPWORDS, stemmer=_stemmer(), show_progress=False)
        if not tokens.vocab:     # bm25s fails inside max() on a corpus without a single term
            raise CorpusError("no word that search can index in any document (only stop words, single letters)")
        retriever = bm25s.BM25(k1=k1, b=b)
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
        import bm25s

        return bm25s.tokenize([text], stopwords=STOPWORDS, stemmer=self.stemmer, return_ids=False,
                              show_progress=False)[0]

    def stem(self, word: str) -> str:
        return self.stemmer.stemWord(word.lower())

    def scores(self, text: str) -> np.ndarray:
        """BM25 score of every chunk for `text` (zeros when no query term is in the corpus)."""
        known = [t for t in self.terms(text) if t in self.vocabulary]
        if not known:
            return np.zeros(self.retriever.scores["num_docs"], dtype=np.float32)
        return np.asarray(self.retriever.get_scores(known), dtype=np.float32)
