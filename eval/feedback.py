"""Turning the chat's thumbs-down feedback into candidate test cases for staff to review.

The chat appends one JSON line per vote (feedback_id, date, query: the question as searched and
redacted, citations, abstained, emergency, vote, comment; see ui/feedback.py). Lines written before
that shape (question, history, answer, time) are read too. A later line with the same feedback_id (a
comment added) supersedes the earlier one, and a later vote on the same answer ("up", "withdrawn")
replaces an earlier one. Votes may be "down"/"up" or false/true. Each question (with its history) voted down becomes one candidate with empty
expected_sources and expected_facts and needs_review: true; staff fill those in, set `answerable`,
drop `needs_review` and move the line into the test set.

Left out: deciding what the right answer is; questions already in the test set are skipped.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from index.errors import IvigError

DOWN = {"down", "false", "0", "no", "thumbs-down"}
UP = {"up", "true", "1", "yes", "thumbs-up"}


class FeedbackError(IvigError):
    """The feedback file is missing."""


def vote_of(record: dict) -> str | None:
    """'down', 'up' or None (withdrawn or unknown) for a record's vote, written either way."""
    vote = record.get("vote", record.get("liked"))
    if isinstance(vote, bool):
        return "up" if vote else "down"
    text = str(vote).strip().lower()
    return "down" if text in DOWN else "up" if text in UP else None


def _norm(text: str) -> str:
    return " ".join(str(text).split()).lower()


def _question(record: dict) -> str:
    """The question a line is about: its query (the question as searched), or an older line's question."""
    return str(record.get("query") or record.get("question") or "")


def _turn(record: dict) -> tuple:
    history = tuple(_norm(h) for h in record.get("history") or [] if isinstance(h, str))
    return _norm(_question(record)), history


def _answered(record: dict) -> str:
    """What identifies the answer voted on: its text in older lines, else the spans it cited."""
    if "answer" in record:
        return _norm(record.get("answer") or "")
    spans = [(c.get("doc_id"), c.get("start"), c.get("end")) for c in record.get("citations") or []
             if isinstance(c, dict)]
    return json.dumps([record.get("abstained"), record.get("emergency"), spans])


def read_votes(path: str | Path) -> tuple[list[dict], list[str]]:
    """The final state of every vote in the file, oldest first, and warnings about unreadable lines."""
    path = Path(path)
    if not path.is_file():
        raise FeedbackError(f"feedback file {path} does not exist (the chat writes it: IVIG_FEEDBACK, "
                            f"default feedback/feedback.jsonl)")
    by_id: dict[str, dict] = {}
    latest: dict[tuple, str] = {}        # (turn, answer) -> key in by_id of the latest vote on it
    superseded: set[str] = set()
    warnings = []
    for number, raw in enumerate(path.read_bytes().splitlines(), 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            warnings.append(f"{path}:{number}: not UTF-8 text, skipped")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            warnings.append(f"{path}:{number}: not JSON, skipped")
            continue
        if not isinstance(record, dict) or not _question(record).strip():
            warnings.append(f"{path}:{number}: no question, skipped")
            continue
        answer_key = (_turn(record), _answered(record))
        key = str(record.get("feedback_id") or f"line-{number}")
        if key in superseded:
            continue
        if key not in by_id and answer_key in latest:
            superseded.add(latest[answer_key])   # a new vote on the same answer replaces the old one
            by_id.pop(latest[answer_key], None)
        by_id[key] = {**by_id.get(key, {}), **record}
        latest[answer_key] = key
    return list(by_id.values()), warnings


def candidates(records: list[dict], known_questions: set[tuple] = frozenset()) -> tuple[list[dict], int]:
    """One candidate per question (and history) voted down; and how many were skipped as known."""
    found: dict[tuple, dict] = {}
    skipped = set()
    for record in records:
        if vote_of(record) != "down":
            continue
        turn = _turn(record)
        if turn in known_questions:
            skipped.add(turn)
            continue
        comment = str(record.get("comment") or "").strip()
        if turn in found:
            entry = found[turn]
            entry["votes_down"] += 1
            entry.update(cited_sources=_cited(record), date=_date(record))
            if "answer" in record:
                entry["answer"] = record["answer"]
            if comment and comment not in entry["comment"]:
                entry["comment"] = f"{entry['comment']} | {comment}" if entry["comment"] else comment
            continue
        digest = hashlib.sha1(json.dumps(turn).encode("utf-8")).hexdigest()[:10]
        found[turn] = {"id": f"feedback-{digest}", "question": " ".join(_question(record).split()),
                       "history": [h for h in record.get("history") or [] if isinstance(h, str)],
                       **({"answer": record["answer"]} if "answer" in record else {}),
                       "cited_sources": _cited(record),
                       "abstained": record.get("abstained"), "emergency": record.get("emergency"),
                       "comment": comment, "votes_down": 1, "date": _date(record),
                       "category": "from-feedback", "expected_sources": [], "expected_facts": [],
                       "needs_review": True}
    return list(found.values()), len(skipped)


def _date(record: dict) -> str:
    """The day of the vote (older lines kept the time to the second: only its day is passed on)."""
    return str(record.get("date") or record.get("time") or "")[:10]


def _cited(record: dict) -> list[str]:
    return list(dict.fromkeys(c.get("doc_id", "") for c in record.get("citations") or [] if isinstance(c, dict)))


def convert(feedback: str | Path, out: str | Path, testset_cases=()) -> dict:
    """Write the candidates to `out` (JSONL, replaced) and say what was done."""
    records, warnings = read_votes(feedback)
    known = {(_norm(c.question), tuple(_norm(h) for h in c.history)) for c in testset_cases}
    found, skipped = candidates(records, known)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as handle:
        for entry in found:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
    down = sum(vote_of(r) == "down" for r in records)
    return {"votes": len(records), "down": down, "candidates": len(found), "already_in_testset": skipped,
            "warnings": warnings, "out": str(out)}
