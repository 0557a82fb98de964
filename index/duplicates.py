"""Repeated passages: exact repeats are indexed once, near-repeats are reported.

Exact: two chunks whose passage text is the same once case and spacing are ignored (the same article
saved twice, a boilerplate paragraph in many documents); the first in document order is kept.
Near: a document most of whose chunks have an almost identical chunk (cosine >= 0.95 of their
normalised vectors) in one other document is reported as a near-duplicate of it.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Callable

import numpy as np

from .chunking import Chunk

NEAR = 0.95          # cosine similarity of two chunk vectors that say the same thing
SHARE = 0.8          # share of a document's chunks that must repeat another document's


def drop_repeated_chunks(chunks: list[Chunk]) -> tuple[list[Chunk], list[tuple[str, str]]]:
    """Chunks without exact repeats, and (dropped id, kept id) pairs."""
    first: dict[str, str] = {}
    kept, dropped = [], []
    for chunk in chunks:
        key = " ".join(chunk.text.lower().split())
        if key in first:
            dropped.append((chunk.id, first[key]))
        else:
            first[key] = chunk.id
            kept.append(chunk)
    return kept, dropped


def near_duplicate_documents(chunks: list[Chunk], vectors: np.ndarray, search: Callable[[np.ndarray, int], list],
                             check: set[str] | None = None, batch: int = 2048) -> list[dict]:
    """Documents (all, or those in `check`) that mostly repeat one other document.

    `search(vectors, k)`: the store's dense search over these chunks ((chunk id, cosine) lists, best first)."""
    if len(chunks) < 2:
        return []
    doc_of = {c.id: c.doc_id for c in chunks}
    rows = [i for i, c in enumerate(chunks) if check is None or c.doc_id in check]
    totals = Counter(chunks[i].doc_id for i in rows)
    matches: dict[str, Counter] = defaultdict(Counter)
    for begin in range(0, len(rows), batch):
        part = rows[begin:begin + batch]
        for row, found in zip(part, search(np.ascontiguousarray(vectors[part]), min(6, len(chunks)))):
            doc = chunks[row].doc_id
            others = {doc_of[j] for j, s in found if s >= NEAR and doc_of.get(j, doc) != doc}
            for other in others:
                matches[doc][other] += 1
    report = []
    for doc, counter in matches.items():
        other, count = counter.most_common(1)[0]
        if count / totals[doc] >= SHARE:
            report.append({"document": doc, "repeats": other, "share": round(count / totals[doc], 2)})
    return sorted(report, key=lambda r: r["document"])


def exact_duplicate_documents(kept: list[Chunk], repeated: list[tuple[str, str]]) -> list[dict]:
    """Documents none of whose chunks were kept: every passage repeats another document's."""
    with_chunks = {c.doc_id for c in kept}
    doc_of = lambda chunk_id: chunk_id.rsplit("#", 1)[0]  # noqa: E731  (ids are "<doc_id>#<hash>")
    sources: dict[str, Counter] = defaultdict(Counter)
    for dropped, original in repeated:
        if doc_of(dropped) not in with_chunks:
            sources[doc_of(dropped)][doc_of(original)] += 1
    return [{"document": doc, "repeats": counter.most_common(1)[0][0], "share": 1.0}
            for doc, counter in sources.items()]
