"""Hybrid retrieval: the store's dense (cosine) and BM25 candidates, fused by a weighted sum of normalised scores.

The store (any VectorStore) returns the union of both top lists with both scores; each score list is
min-max normalised over that union, then
`fused = alpha * dense + (1 - alpha) * bm25 + COVERAGE_WEIGHT * coverage + FIRST_CHUNK_BOOST * first`,
divided by the sum of the weights so that it stays in 0-1. `coverage` is the IDF-weighted share of the
query's terms that occur anywhere in the chunk's document (title included): chunk BM25 sees one passage,
and a claim's terms are often spread over an abstract. `first` is 1 for a document's first chunk (its
opening states what the document is about). The weights were chosen on the SciFact train split
(benchmarks/scifact_routes.py); the test split is only reported.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Protocol

import numpy as np

from index.pooling import mean_of_tokens, mean_without
from index.vectorstore import IndexView

from .types import Hit

DEFAULT_ALPHA = 0.7
COVERAGE_WEIGHT = 0.5
FIRST_CHUNK_BOOST = 0.05
CANDIDATES = 100


class Retriever(Protocol):
    def search(self, query: str, k: int = 10) -> list[Hit]: ...


class HybridRetriever:
    def __init__(self, stored: IndexView, embedder, *, alpha: float = DEFAULT_ALPHA, candidates: int = CANDIDATES,
                 coverage_weight: float = COVERAGE_WEIGHT, first_boost: float = FIRST_CHUNK_BOOST):
        if not 0.0 <= alpha <= 1.0:
            raise ValueError("alpha must be between 0 (BM25 only) and 1 (dense only)")
        self.stored = stored
        self.embedder = embedder
        self.alpha = alpha
        self.candidates = candidates
        self.coverage_weight = coverage_weight
        self.first_boost = first_boost
        self._idf: dict[str, float] | None = None
        self._terms: dict[str, frozenset] = {}           # document id -> its terms, analysed on first use
        first: dict[str, int] = {}                        # document id -> row of its first chunk
        for row, chunk in enumerate(stored.chunks):
            if chunk.doc_id not in first or chunk.start < stored.chunks[first[chunk.doc_id]].start:
                first[chunk.doc_id] = row
        self._first = np.zeros(len(stored.chunks), dtype=np.float32)
        self._first[list(first.values())] = 1.0

    def search(self, query: str, k: int = 10, *, query_vector: np.ndarray | None = None) -> list[Hit]:
        n = len(self.stored.chunks)
        if n == 0 or not query.strip():
            return []
        vector = self.embedder.encode_query(query) if query_vector is None else query_vector
        found = self.stored.candidates(query, vector, min(n, max(self.candidates, k)))
        dense, bm25 = found.dense, found.lexical
        fused = self.alpha * minmax(dense) + (1 - self.alpha) * minmax(bm25)
        if self.coverage_weight:
            fused += self.coverage_weight * self.coverage(query, found.rows)
        if self.first_boost:
            fused += self.first_boost * self._first[found.rows]
        fused /= 1 + self.coverage_weight + self.first_boost
        order = np.argsort(-fused, kind="stable")[:k]
        best_bm25 = float(bm25.max()) if len(bm25) and bm25.max() > 0 else 1.0
        return [Hit(self.stored.chunks[int(found.rows[i])], float(fused[i]), rank, float(dense[i]),
                    float(bm25[i] / best_bm25)) for rank, i in enumerate(order, 1)]

    def coverage(self, query: str, rows: np.ndarray) -> np.ndarray:
        """For each chunk row: the IDF-weighted share of the query's distinct known terms found in its document."""
        lexical = self.stored.lexical
        if self._idf is None:
            self._idf = lexical.idf_table()
        weights = {t: self._idf[t] for t in dict.fromkeys(lexical.terms(query)) if t in self._idf}
        total = sum(weights.values())
        if not total:
            return np.zeros(len(rows), dtype=np.float32)
        share: dict[str, float] = {}
        for doc_id in {self.stored.chunks[int(r)].doc_id for r in rows}:
            terms = self._terms.get(doc_id)
            if terms is None:
                doc = self.stored.documents[doc_id]
                terms = self._terms[doc_id] = frozenset(lexical.terms(f"{doc.title}\n{doc.text}"))
            share[doc_id] = sum(w for t, w in weights.items() if t in terms) / total
        return np.array([share[self.stored.chunks[int(r)].doc_id] for r in rows], dtype=np.float32)


def minmax(values: np.ndarray) -> np.ndarray:
    if len(values) == 0:
        return values
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-9:
        return np.ones_like(values) if high > 0 else np.zeros_like(values)
    return (values - low) / (high - low)


def ranked_documents(hits: list[Hit]) -> list[str]:
    """Document ids in order of their best chunk, each once."""
    seen: dict[str, None] = {}
    for hit in hits:
        seen.setdefault(hit.chunk.doc_id, None)
    return list(seen)


class RecentQueries:
    """An embedder whose `encode_query` remembers its last few texts. Within one answer the retriever and
    the composer embed the same searched question, and the model is most of an answer's time; a handful is
    enough for that, so a repeated question later still pays for its embedding like a new one. It keeps
    each text's token vectors too: `encode_query_without` pools them without some words, at no model cost."""

    def __init__(self, embedder, size: int = 8):
        self.embedder = embedder
        self.size = size
        self._recent: OrderedDict[str, tuple] = OrderedDict()
        self._lock = threading.Lock()         # the app answers on several threads

    def encode_query(self, text: str) -> np.ndarray:
        return self._run(text)[0]

    def encode_query_without(self, text: str, spans) -> np.ndarray | None:
        """`text`'s vector with the words at the character `spans` left out of the mean over its tokens;
        None for an encoder that cannot give its token vectors."""
        _, tokens, offsets = self._run(text)
        return None if tokens is None else mean_without(tokens, offsets, spans)

    def _run(self, text: str) -> tuple:
        with self._lock:
            if text in self._recent:
                self._recent.move_to_end(text)
                return self._recent[text]
        if hasattr(self.embedder, "query_tokens"):
            tokens, offsets = self.embedder.query_tokens(text)
            run = (mean_of_tokens(tokens), tokens, offsets)
        else:
            run = (self.embedder.encode_query(text), None, None)
        with self._lock:
            self._recent[text] = run
            while len(self._recent) > self.size:
                self._recent.popitem(last=False)
        return run

    def __getattr__(self, name):
        return getattr(self.embedder, name)
