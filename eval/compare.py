"""Comparing two runs: how each figure moved (metrics.json), which questions changed pass/fail and which
answers open with another sentence (results.jsonl). Reads the two run folders only; the bot is not needed.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from index.errors import IvigError

from . import figures, partial
from .runner import why_failed


class RunFolderError(IvigError):
    """A run folder lacks metrics.json or results.jsonl."""


@dataclass(frozen=True)
class Delta:
    name: str
    old: object
    new: object

    @property
    def change(self) -> float | None:
        numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (self.old, self.new))
        return round(self.new - self.old, 4) if numbers else None

    @property
    def verdict(self) -> str:
        way, change = figures.better(self.name), self.change
        if self.old == self.new:
            return ""
        if change is None or way in (None, figures.EITHER):
            return "changed"
        return "better" if (change > 0) == (way == figures.HIGHER) else "worse"


@dataclass(frozen=True)
class Comparison:
    deltas: list[Delta]
    changed: list[dict]          # {id, old_pass, new_pass, why}: questions whose pass/fail flipped
    only_old: list[str]
    only_new: list[str]
    reopened: list[dict] = ()    # {id, old, new}: answers whose first quoted sentence changed ("" = none)
    requoted: int = 0            # answers quoting other sentences at all (the reopened among them)
    common: int = 0              # questions in both runs

    @property
    def warning(self) -> str:
        """Said first when most questions of a run are not in the other (runs of different test sets): their
        figures are then not better or worse. A few added or dropped questions are only listed."""
        larger = self.common + max(len(self.only_old), len(self.only_new))
        if 2 * self.common >= larger:
            return ""
        return (f"the two runs answered different questions ({self.common} in both, {len(self.only_old)} only in "
                f"old, {len(self.only_new)} only in new): their figures are not comparable, so none is called "
                f"better or worse; compare runs of the same test set")

    def verdict(self, delta: Delta) -> str:
        return "" if self.warning else delta.verdict


def read_run(folder: str | Path) -> tuple[dict, dict[str, dict]]:
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise RunFolderError(f"{folder} is not a run folder: it is a file (python -m eval --out FOLDER writes one)")
    summary, rows = _run_file(folder, "metrics.json"), _run_file(folder, "results.jsonl")
    if not isinstance(summary, dict):
        raise RunFolderError(f"{folder}: cannot read the run: metrics.json is not a JSON object")
    for number, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not isinstance(row.get("id"), str) or "pass" not in row:
            raise RunFolderError(f"{folder}: cannot read the run: results.jsonl:{number} is not a result "
                                 "(each line has an 'id' and 'pass')")
    return summary, {row["id"]: row for row in rows}


def _run_file(folder: Path, name: str):
    """One file of a run, parsed (.jsonl: a list of its lines); RunFolderError says what is wrong with it."""
    try:
        text = (folder / name).read_text(encoding="utf-8")
        if name.endswith(".json"):
            return json.loads(text)
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    except FileNotFoundError:
        if (folder / partial.NAME).is_file():
            raise RunFolderError(f"{folder} holds a run that did not finish ({partial.NAME}, no {name}): finish "
                                 f"it with the same python -m eval command and --resume") from None
        raise RunFolderError(f"{folder} is not a run folder: {name} is missing "
                             f"(python -m eval --out {folder} writes one)") from None
    except json.JSONDecodeError as exc:
        raise RunFolderError(f"{folder}: cannot read the run ({name}: {exc})") from None
    except UnicodeDecodeError:
        raise RunFolderError(f"{folder}: cannot read the run: {name} is not UTF-8 text") from None
    except OSError as exc:
        raise RunFolderError(f"{folder}: cannot read the run ({name}: {exc.strerror or exc})") from None


def compare(old_folder: str | Path, new_folder: str | Path) -> Comparison:
    old, old_rows = read_run(old_folder)
    new, new_rows = read_run(new_folder)
    names = list(new) + [k for k in old if k not in new]
    deltas = [Delta(name, old.get(name), new.get(name)) for name in names]
    changed = [{"id": i, "old_pass": old_rows[i]["pass"], "new_pass": new_rows[i]["pass"],
                "why": "; ".join(why_failed(new_rows[i] if not new_rows[i]["pass"] else old_rows[i]))}
               for i in new_rows if i in old_rows and old_rows[i]["pass"] != new_rows[i]["pass"]]
    both = [i for i in new_rows if i in old_rows]
    reopened = [{"id": i, "old": _opening(old_rows[i]), "new": _opening(new_rows[i])} for i in both
                if _opening(old_rows[i]) != _opening(new_rows[i])]
    requoted = sum(_quoted(old_rows[i]) != _quoted(new_rows[i]) for i in both)
    return Comparison(deltas, changed, [i for i in old_rows if i not in new_rows],
                      [i for i in new_rows if i not in old_rows], reopened, requoted, len(both))


def _quoted(row: dict) -> list[str]:
    return [sentence["text"] for sentence in row.get("sentences", [])]


def _opening(row: dict) -> str:
    return next(iter(_quoted(row)), "")


def _short(sentence: str, width: int = 110) -> str:
    return "(none)" if not sentence else sentence if len(sentence) <= width else sentence[:width - 1] + "…"


def _verdict(p: bool) -> str:
    return "pass" if p else "FAIL"


def _signed(change: float | None) -> str:
    return "" if change is None else f"{change:+.4f}".rstrip("0").rstrip(".") if change else "0"


def text(cmp: Comparison, old_name: str, new_name: str) -> str:
    width = max(len(d.name) for d in cmp.deltas)
    lines = [f"warning: {cmp.warning}", ""] if cmp.warning else []
    lines += [f"{'figure':<{width}}  {'old':>10}  {'new':>10}  {'change':>9}",
              f"{'':-<{width}}  {'':->10}  {'':->10}  {'':->9}"]
    for d in cmp.deltas:
        lines.append(f"{d.name:<{width}}  {figures.show(d.old):>10}  {figures.show(d.new):>10}  "
                     f"{_signed(d.change):>9}  {cmp.verdict(d)}".rstrip())
    lines += ["", f"old: {old_name}", f"new: {new_name}", ""]
    if cmp.changed:
        lines.append(f"{len(cmp.changed)} questions changed pass/fail:")
        lines += [f"  {c['id']}: {_verdict(c['old_pass'])} -> {_verdict(c['new_pass'])}"
                  + (f" ({'now: ' if not c['new_pass'] else 'was: '}{c['why']})" if c["why"] else "")
                  for c in cmp.changed]
    else:
        lines.append("No question changed pass/fail.")
    for label, ids in (("only in old", cmp.only_old), ("only in new", cmp.only_new)):
        if ids:
            lines.append(f"{label}: {', '.join(ids)}")
    if cmp.requoted:
        lines += ["", f"{cmp.requoted} answers quote other sentences; {len(cmp.reopened)} open with another one:"]
        for r in cmp.reopened:
            lines += [f"  {r['id']}:", f"    was: {_short(r['old'])}", f"    now: {_short(r['new'])}"]
    return "\n".join(lines)


def markdown(cmp: Comparison, old_name: str, new_name: str) -> str:
    lines = ["# Comparison of two runs", "", f"- old: `{old_name}`", f"- new: `{new_name}`", ""]
    lines += [f"**Warning:** {cmp.warning}", ""] if cmp.warning else []
    lines += ["| figure | old | new | change | |", "|---|---|---|---|---|"]
    lines += [f"| {figures.label(d.name)} | {figures.show(d.old)} | {figures.show(d.new)} | {_signed(d.change)} | "
              f"{cmp.verdict(d)} |" for d in cmp.deltas]
    lines += ["", f"## Questions that changed pass/fail ({len(cmp.changed)})", ""]
    lines += [f"- `{c['id']}`: {_verdict(c['old_pass'])} -> {_verdict(c['new_pass'])}"
              + (f" ({c['why']})" if c["why"] else "") for c in cmp.changed] or ["None."]
    for label, ids in (("Only in old", cmp.only_old), ("Only in new", cmp.only_new)):
        if ids:
            lines += ["", f"{label}: " + ", ".join(f"`{i}`" for i in ids)]
    lines += ["", f"## Answers that open with another sentence ({len(cmp.reopened)} of {cmp.requoted} that quote "
                  "other sentences)", ""]
    lines += [f"- `{r['id']}`: {_short(r['old'])} → **{_short(r['new'])}**" for r in cmp.reopened] or ["None."]
    return "\n".join(lines) + "\n"
