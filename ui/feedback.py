"""Thumbs up / down and comments on answers, appended to a JSONL file for the staff.

One line per vote: feedback_id (random, per vote), time, question, history, answer, citations,
abstained, emergency, vote ("up", "down", "withdrawn"), comment. A comment added afterwards is written
as a new line with the same feedback_id, which supersedes the earlier one. Nothing that identifies the
person is kept: no IP address, user agent, session or account.
"""
from __future__ import annotations

import json
import threading
import uuid
from datetime import datetime, timezone
from pathlib import Path

import settings

MAX_COMMENT_CHARS = 2000
_lock = threading.Lock()


def feedback_path() -> Path:
    return settings.feedback_path()


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def record(turn: dict, vote: str) -> dict:
    """A vote on one chat turn ({question, history, answer: the /ask dict or None})."""
    answer = turn.get("answer") or {}
    return {"feedback_id": uuid.uuid4().hex, "time": now(), "question": turn["question"],
            "history": list(turn.get("history", [])), "answer": answer.get("answer", turn.get("reply", "")),
            "citations": answer.get("citations", []), "abstained": answer.get("abstained"),
            "emergency": answer.get("emergency"), "vote": vote, "comment": ""}


def with_comment(vote: dict, comment: str) -> dict:
    return vote | {"comment": comment.strip()[:MAX_COMMENT_CHARS], "time": now()}


def save(line: dict, path: Path | None = None) -> None:
    path = path or feedback_path()
    with _lock:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
