"""Thumbs up / down and comments on answers, appended to a JSONL file for the staff.

One line per vote, and only what staff need to find what was answered and judge it:
feedback_id (random, per vote), date (the day, UTC; no time of day), query (the question as it was
searched, identifiers redacted by ui/redact.py), citations (n, doc_id, title, start, end, highlights:
the passage and the quoted sentences, found by their offsets in the document), abstained, emergency,
vote ("up", "down", "withdrawn") and comment (redacted). Not kept: the question as typed, the earlier
questions of the conversation, the answer's text, IP address, user agent, session or account.
A comment added afterwards is written as a new line with the same feedback_id, which supersedes the
earlier one. `python -m eval --from-feedback` reads these lines (eval/feedback.py).
"""
from __future__ import annotations

import json
import threading
import uuid
from datetime import datetime, timezone
from pathlib import Path

import settings
from ui.redact import redact

MAX_COMMENT_CHARS = 2000
CITATION_FIELDS = ("n", "doc_id", "title", "start", "end", "highlights")
# Shown with the comment box, right after a vote: what the line written for it holds.
NOTICE = ("Your vote is kept with the question as it was searched, the sources the answer cited, your comment "
          "and today's date. Names, email addresses, phone numbers, dates and long numbers are removed "
          "first; nothing else about you or this conversation is kept.")
_lock = threading.Lock()


def feedback_path() -> Path:
    return settings.feedback_path()


def today() -> str:
    return datetime.now(timezone.utc).date().isoformat()


def record(turn: dict, vote: str) -> dict:
    """A vote on one chat turn ({question, answer: the /ask dict or None when it failed})."""
    answer = turn.get("answer") or {}
    query = answer.get("query") or turn.get("question") or ""
    citations = [{k: c[k] for k in CITATION_FIELDS if k in c}
                 for c in answer.get("citations") or [] if isinstance(c, dict)]
    return {"feedback_id": uuid.uuid4().hex, "date": today(), "query": redact(str(query)),
            "citations": citations, "abstained": answer.get("abstained"), "emergency": answer.get("emergency"),
            "vote": vote, "comment": ""}


def with_comment(vote: dict, comment: str) -> dict:
    # A browser's string may hold half a character (a lone surrogate), which no UTF-8 file can.
    comment = str(comment).encode("utf-8", "replace").decode("utf-8")
    return vote | {"comment": redact(comment.strip()[:MAX_COMMENT_CHARS]), "date": today()}


def save(line: dict, path: Path | None = None) -> None:
    path = path or feedback_path()
    with _lock:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
