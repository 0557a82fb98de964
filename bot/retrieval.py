"""Hybrid retrieval: FAISS inner-product search and BM25, fused by a weighted sum of normalised scores.

Each list is min-max normalised over the union of both candidate sets, then
`fused = alpha * dense + (1 - alpha) * bm25`. alpha was tuned on the SciFact train split
(benchmarks/scifact.py); the test split is only reported.
"""
from __future__ import annotations

from typing import Protocol

import numpy as np

from index.store import StoredIndex

from .types import Hit

DEFAULT_ALPHA = 0.6
CANDIDATES = 100


class Retriever(Protocol):
    def search(self, query: str, k: int = 10) -> list[Hit]: ...


class HybridRetriever:
    def __init__(self, stored: StoredIndex, embedder, *, alpha: float = DEFAULT_ALPHA, candidates: int = CANDIDATES):
        if not 0.0 <= alpha <= 1.0:
            raise ValueError("alpha must be between 0 (BM25 only) and 1 (dense only)")
        self.stored = stored
        self.embedder = embedder
        self.alpha = alpha
        self.candidates = candidates
        self.matrix = stored.matrix()

    def search(self, query: str, k: int = 10, *, query_vector: np.ndarray | None = None) -> list[Hit]:
        n = len(self.stored.chunks)
        if n == 0 or not query.strip():
            return []
        vector = self.embedder.encode_query(query) if query_vector is None else query_vector
        depth = min(n, max(self.candidates, k))
        _, ids = self.stored.vectors.search(vector[None, :].astype(np.float32), depth)
        lexical = self.stored.lexical.scores(query)
        lexical_top = np.argpartition(-lexical, depth - 1)[:depth] if depth < n else np.arange(n)
        candidates = np.union1d(ids[0][ids[0] >= 0], lexical_top[lexical[lexical_top] > 0])
        dense = self.matrix[candidates] @ vector
        bm25 = lexical[candidates]
        fused = self.alpha * _minmax(dense) + (1 - self.alpha) * _minmax(bm25)
        order = np.argsort(-fused, kind="stable")[:k]
        best_bm25 = float(bm25.max()) if len(bm25) and bm25.max() > 0 else 1.0
        return [Hit(self.stored.chunks[int(candidates[i])], float(fused[i]), rank, float(dense[i]),
                    float(bm25[i] / best_bm25)) for rank, i in enumerate(order, 1)]


def _minmax(values: np.ndarray) -> np.ndarray:
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
