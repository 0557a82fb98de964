"""The run's figures again, for groups of questions: by category and by document.

A group gets the same figures as the whole run (runner.summarise over its rows), except that a figure
with nothing to measure in the group is None rather than a vacuous 1.0: abstention recall without an
unanswerable question, abstention precision without an abstention, abstention figures without a
non-emergency question.
"""
from __future__ import annotations

from typing import Callable

from .runner import Case, summarise

NONE = "(none)"


def case_of(row: dict) -> Case:
    """The test case a results row was scored against (results rows carry what was expected)."""
    return Case(row["id"], row["question"], tuple(row.get("history", [])), tuple(row.get("expected_sources", [])),
                tuple(row.get("expected_facts", [])), bool(row.get("answerable", True)),
                bool(row.get("expected_emergency", False)), row.get("category", ""))


def summarise_rows(rows: list[dict]) -> dict:
    summary = summarise([case_of(r) for r in rows], rows, rows)
    plain = [r for r in rows if not r.get("expected_emergency")]
    if not plain:
        for key in ("abstention_accuracy", "abstention_precision", "abstention_recall"):
            summary[key] = None
    if not any(not r.get("answerable", True) for r in plain):
        summary["abstention_recall"] = None
    if not any(r["abstained"] for r in plain):
        summary["abstention_precision"] = None
    return summary


def category(row: dict) -> str:
    return row.get("category") or NONE


def document(row: dict) -> str:
    """The first expected source: the document a question is mainly about."""
    sources = row.get("expected_sources") or []
    return sources[0] if sources else NONE


def by(rows: list[dict], key: Callable[[dict], str]) -> dict[str, dict]:
    """Figures per group, groups sorted by name with the ungrouped '(none)' last."""
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return {name: summarise_rows(groups[name]) for name in sorted(groups, key=lambda n: (n == NONE, n))}
