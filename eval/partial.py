"""The answers of a run that has not finished: OUT/results.partial.jsonl, one line per question as it is
answered, so a Ctrl-C or a crash an hour into a long run keeps what was done, and `--resume` goes on from it.

The first line says what the answers were made with (the index build, the model, the threshold); a resumed
run refuses answers made with anything else, or to other questions, rather than mix them into its figures.
The file is removed once the run's results.jsonl is written; the last finished run's files are never touched.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from index.errors import IvigError

NAME = "results.partial.jsonl"


class PartialRunError(IvigError):
    """A partial run that cannot be resumed by this run (another index, model, threshold or test set)."""


def made_with(bot) -> dict:
    """What an answer depends on besides its question: compared before answers are reused."""
    return {"build": getattr(bot.stored, "version", None), "model": bot.embedder.name, "threshold": bot.threshold}


def load(out: Path, bot, cases) -> dict[str, dict]:
    """The answers kept in OUT's partial file for `cases`, by id ({} when there is none). A torn last line
    (the process was killed while writing it) is dropped; that question is asked again."""
    path = out / NAME
    if not path.is_file():
        return {}
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    try:
        header = json.loads(lines[0])["partial_run"] if lines else None
    except (json.JSONDecodeError, KeyError, TypeError):
        header = None
    if header != made_with(bot):
        raise PartialRunError(f"{path} was not made with this index, model and threshold ({header} against "
                              f"{made_with(bot)}); delete it to start again")
    by_id = {c.id: c for c in cases}
    kept = {}
    for number, line in enumerate(lines[1:], 2):
        try:
            row = json.loads(line)
            asked, result = row["case"], row["result"]
            case = by_id.get(asked["id"])
        except (json.JSONDecodeError, KeyError, TypeError):
            if number == len(lines):
                break
            raise PartialRunError(f"{path}:{number} is damaged; delete it to start again") from None
        if case is None or asked != _asked(case):
            raise PartialRunError(f"{path}:{number} answers a question that is not in this test set "
                                  f"(id {asked.get('id')!r}); delete it to start again")
        kept[case.id] = result
    return kept


def refuse_unclaimed(out: Path) -> None:
    """A run without --resume would start the partial file again: refused while it holds a stopped run's answers,
    so forgetting the flag never throws an hour of answers away."""
    path = out / NAME
    try:
        answers = sum(1 for _ in path.open(encoding="utf-8", errors="replace")) - 1 if path.is_file() else 0
    except OSError:
        return
    if answers > 0:
        raise PartialRunError(f"{path} holds {answers} answers of a stopped run: add --resume to go on from them, "
                              f"or delete the file to start again")


def _asked(case) -> dict:
    return {"id": case.id, "question": case.question, "history": list(case.history)}


class Writer:
    """Appends each answer to OUT's partial file as it is made (flushed, so a crash keeps it)."""

    def __init__(self, out: Path, bot, cases, kept: dict[str, dict]):
        self.path = out / NAME
        # The kept answers are written aside and renamed over: a stop while they are copied loses none.
        fresh = self.path.with_name(f".{NAME}.tmp")
        self.handle = open(fresh, "w", encoding="utf-8")
        self._write({"partial_run": made_with(bot)})
        for case in cases:
            if case.id in kept:
                self.add(case, kept[case.id])
        self.handle.close()
        os.replace(fresh, self.path)
        self.handle = open(self.path, "a", encoding="utf-8")

    def add(self, case, result: dict) -> None:
        self._write({"case": _asked(case), "result": result})

    def _write(self, row: dict) -> None:
        self.handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.handle.flush()

    def close(self, finished: bool) -> None:
        self.handle.close()
        if finished:
            self.path.unlink(missing_ok=True)
