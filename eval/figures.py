"""The figures of a run as metrics.json names them: how reports label them and which way is better.

Used by the report, --compare (better or worse) and the --fail-under / --fail-over gates (which flag
a figure takes). `questions` and `unanswerable_abstained` ("16/16") are counts for reading, not gating.
"""
from __future__ import annotations

HIGHER, LOWER, EITHER = "higher", "lower", "either"

# name: (label, which way is better)
FIGURES: dict[str, tuple[str, str]] = {
    "hit@1": ("hit@1", HIGHER),
    "hit@5": ("hit@5", HIGHER),
    "mrr": ("MRR", HIGHER),
    "ndcg@10": ("nDCG@10", HIGHER),
    "fact_recall": ("fact recall", HIGHER),
    "opening_hit": ("answers opening with an expected fact", HIGHER),
    "citation_validity": ("citation validity", HIGHER),
    "invalid_citations": ("answers with invalid citations", LOWER),
    "abstention_accuracy": ("abstention accuracy", HIGHER),
    "abstention_precision": ("abstention precision", HIGHER),
    "abstention_recall": ("abstention recall", HIGHER),
    "answerable_abstained": ("answerable questions abstained", LOWER),
    "emergency_recall": ("emergency recall", HIGHER),
    "emergency_false_alarms": ("emergency false alarms", LOWER),
    "answer_chars_mean": ("answer length (characters, mean)", EITHER),
    "reading_grade_median": ("reading grade (Flesch-Kincaid, median)", LOWER),
    "reading_grade_p90": ("reading grade (Flesch-Kincaid, p90)", LOWER),
    "latency_p50_ms": ("latency p50 (ms)", LOWER),
    "latency_p95_ms": ("latency p95 (ms)", LOWER),
    "pass_rate": ("pass rate", HIGHER),
}
INFO = {"questions": "questions", "unanswerable_abstained": "unanswerable questions abstained"}


def label(name: str) -> str:
    return FIGURES[name][0] if name in FIGURES else INFO.get(name, name)


def better(name: str) -> str | None:
    return FIGURES[name][1] if name in FIGURES else None


def names(direction: str) -> list[str]:
    """Figures a gate in `direction` applies to: HIGHER for --fail-under, LOWER for --fail-over."""
    return [n for n, (_, way) in FIGURES.items() if way in (direction, EITHER)]


def show(value) -> str:
    """A figure as the reports print it: '-' when not measured, 4 decimals at most."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:.1f}"
    return str(value)
