"""What a vote writes to the feedback file (ui/feedback.py), and `python -m eval --from-feedback` reading it."""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone

from ui import feedback
from ui.redact import DATE, EMAIL, NAME, PHONE

QUESTION = "I'm Jane Doe, born 3/4/1950 (jane@example.com). How fast does it work?"
CITATION = {"n": 1, "doc_id": "ivig-immune-thrombocytopenia", "title": "IVIG in ITP",
            "passage": "Platelet counts usually rise within 24 hours to a few days.", "start": 120, "end": 181,
            "highlights": [[120, 181]], "heading": "How fast", "meta": {"publisher": "Clinic"}}


def turn(question=QUESTION, history=("My name is Jane Doe. How does IVIG work in ITP?",), answered=True):
    """A chat turn as app.py keeps it: the /ask dict of the answer (None when answering failed)."""
    answer = {"question": question, "answer": "Platelet counts usually rise within 24 hours. [1]",
              "abstained": False, "emergency": False, "citations": [CITATION],
              "retrieved": ["ivig-immune-thrombocytopenia"], "latency_ms": 3.0,
              "query": f"{question} (about ITP)", "history": list(history)}
    return {"question": question, "history": list(history), "ok": answered,
            "answer": answer if answered else None, "reply": "" if answered else "Sorry, something went wrong."}


def test_a_vote_keeps_only_what_staff_need():
    line = feedback.record(turn(), "down")
    assert set(line) == {"feedback_id", "date", "query", "citations", "abstained", "emergency", "vote", "comment"}
    assert line["query"] == f"I'm {NAME}, born {DATE} ({EMAIL}). How fast does it work? (about ITP)"
    assert line["citations"] == [{"n": 1, "doc_id": "ivig-immune-thrombocytopenia", "title": "IVIG in ITP",
                                  "start": 120, "end": 181, "highlights": [[120, 181]]}]
    assert line["vote"] == "down" and line["comment"] == "" and line["abstained"] is False
    text = json.dumps(line)
    for gone in ("Jane", "Doe", "1950", "jane@example.com", "How does IVIG work", "Platelet counts"):
        assert gone not in text                 # not the question as typed, the history, nor the answer


def test_the_date_is_the_day_only():
    line = feedback.record(turn(), "up")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", line["date"])
    assert line["date"] == datetime.now(timezone.utc).date().isoformat()
    assert "time" not in line


def test_a_comment_is_redacted_and_supersedes_the_vote(tmp_path):
    path = tmp_path / "feedback.jsonl"
    vote = feedback.record(turn(), "down")
    feedback.save(vote, path)
    commented = feedback.with_comment(vote, "  Wrong! Call me on 07911 123456, Dr Patel agrees. " + "x" * 3000)
    feedback.save(commented, path)
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [line["feedback_id"] for line in lines] == [vote["feedback_id"]] * 2
    assert lines[1]["comment"].startswith(f"Wrong! Call me on {PHONE}, Dr {NAME} agrees.")
    assert "07911" not in lines[1]["comment"] and "Patel" not in lines[1]["comment"]
    assert len(lines[1]["comment"]) <= feedback.MAX_COMMENT_CHARS


def test_a_failed_turn_keeps_the_redacted_question():
    line = feedback.record(turn(answered=False), "down")
    assert line["query"] == f"I'm {NAME}, born {DATE} ({EMAIL}). How fast does it work?"
    assert line["citations"] == [] and line["abstained"] is None


def test_from_feedback_reads_the_new_lines(tmp_path, capsys):
    from eval.__main__ import main

    path, out = tmp_path / "feedback.jsonl", tmp_path / "candidates.jsonl"
    down = feedback.record(turn(), "down")
    feedback.save(down, path)
    feedback.save(feedback.with_comment(down, "too vague, my email is jane@example.com"), path)
    other = feedback.record(turn("Is IVIG safe in pregnancy?", ()), "down")
    feedback.save(other, path)
    feedback.save(feedback.record(turn("Is IVIG safe in pregnancy?", ()), "withdrawn"), path)   # same answer
    feedback.save(feedback.record(turn("What is IVIG?", ()), "up"), path)
    assert main(["--from-feedback", str(path), "--testset", "", "--out", str(out)]) == 0
    assert "3 votes" in capsys.readouterr().out      # the withdrawn vote replaced the thumbs-down before it
    found = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(found) == 1
    entry = found[0]
    assert entry["question"] == down["query"] and entry["history"] == []
    assert entry["comment"] == f"too vague, my email is {EMAIL}"
    assert entry["cited_sources"] == ["ivig-immune-thrombocytopenia"] and entry["date"] == down["date"]
    assert entry["needs_review"] is True and "answer" not in entry and "time" not in entry
