"""Scoring functions for the evaluation: retrieval ranks, facts, abstention, triage, citations, latency.

Each takes plain values (ids, strings, numbers) so it can be checked by hand on small examples.
"""
from __future__ import annotations

import math
from typing import Iterable, Sequence


def hit_at(retrieved: Sequence[str], expected: Iterable[str], k: int) -> float:
    expected = set(expected)
    return float(any(doc in expected for doc in retrieved[:k]))


def reciprocal_rank(retrieved: Sequence[str], expected: Iterable[str]) -> float:
    expected = set(expected)
    for rank, doc in enumerate(retrieved, 1):
        if doc in expected:
            return 1.0 / rank
    return 0.0


def ndcg_at(retrieved: Sequence[str], expected: Iterable[str], k: int = 10) -> float:
    """Binary-relevance nDCG@k (each expected document counts once)."""
    expected = set(expected)
    if not expected:
        return 0.0
    seen: set = set()
    dcg = 0.0
    for rank, doc in enumerate(retrieved[:k], 1):
        if doc in expected and doc not in seen:
            seen.add(doc)
            dcg += 1.0 / math.log2(rank + 1)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(expected), k) + 1))
    return dcg / ideal


def fact_found(fact: str, answer: str) -> bool:
    """A fact is 'a|b|c': found when any alternative appears in the answer, ignoring case and spacing."""
    text = " ".join(answer.lower().split())
    return any(" ".join(alt.lower().split()) in text for alt in fact.split("|") if alt.strip())


def fact_recall(facts: Sequence[str], answer: str) -> tuple[float, list[str]]:
    """Share of facts found, and the facts missed. No facts means nothing to miss (recall 1)."""
    missed = [f for f in facts if not fact_found(f, answer)]
    return (1.0 - len(missed) / len(facts) if facts else 1.0), missed


def opens_with_fact(facts: Sequence[str], sentences: Sequence[str]) -> bool:
    """Whether the first quoted sentence holds one of the expected facts: the answer opens with what answers."""
    return bool(sentences) and any(fact_found(fact, sentences[0]) for fact in facts)


def precision_recall(predicted: Sequence[bool], actual: Sequence[bool]) -> tuple[float, float]:
    """Precision and recall of `predicted` for the positive class `actual` (1.0 when nothing to measure)."""
    tp = sum(p and a for p, a in zip(predicted, actual))
    fp = sum(p and not a for p, a in zip(predicted, actual))
    fn = sum(a and not p for p, a in zip(predicted, actual))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def citation_problems(sentences: Sequence[dict], citations: Sequence[dict],
                       documents: dict[str, str] | None = None) -> list[str]:
    """Why the citations of an answer are not valid (empty list when they are).

    `sentences` are the answer's quoted sentences, `{"text", "citations": [n, ...]}` (a results line's
    "sentences"). Valid means: every sentence cites something and every number it cites points at a
    citation; the sentence stands in each passage it cites; the passage is exactly the source text at
    [start:end] (when the sources are given); every citation is used.
    """
    problems = []
    by_n = {c["n"]: c for c in citations}
    used = set()
    for sentence in sentences:
        text = sentence["text"]
        if not sentence["citations"]:
            problems.append(f"sentence cites nothing: {text[:80]!r}")
        for n in sentence["citations"]:
            citation = by_n.get(n)
            if citation is None:
                problems.append(f"[{n}] points at no citation")
                continue
            used.add(n)
            if _norm(text) not in _norm(citation["passage"]):
                problems.append(f"[{n}] sentence not in its passage: {text[:80]!r}")
    for n, citation in by_n.items():
        if n not in used:
            problems.append(f"citation {n} is never referred to")
        if documents is not None:
            source = documents.get(citation["doc_id"])
            if source is None:
                problems.append(f"citation {n} names unknown document {citation['doc_id']}")
            elif source[citation["start"]:citation["end"]] != citation["passage"]:
                problems.append(f"citation {n} passage is not {citation['doc_id']}[{citation['start']}:{citation['end']}]")
    return problems


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile, q in [0, 100]."""
    if not values:
        return 0.0
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
