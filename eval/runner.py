"""Running a test set through the bot and summarising the results.

Test set (JSONL, one object per line): id, question, history (optional list of earlier user messages),
expected_sources (document ids), expected_facts ("a|b" = either), answerable (default true),
emergency (default false), category (optional).
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot import readability
from bot.inputs import validate
from index.errors import InvalidQuestion, IvigError

from . import metrics, partial


class TestsetError(IvigError):
    """The test set file is missing or malformed."""


@dataclass(frozen=True)
class Case:
    id: str
    question: str
    history: tuple[str, ...] = ()
    expected_sources: tuple[str, ...] = ()
    expected_facts: tuple[str, ...] = ()
    answerable: bool = True
    emergency: bool = False
    category: str = ""
    extra: dict = field(default_factory=dict, compare=False)


def load_testset(path: str | Path) -> list[Case]:
    path = Path(path)
    if path.is_dir():
        raise TestsetError(f"test set {path} is a folder, not a file")
    if path.exists() and not path.is_file():      # /dev/zero, a pipe: it exists, "does not exist" misled
        raise TestsetError(f"test set {path} is not a regular file (a device, pipe or socket)")
    if not path.is_file():
        raise TestsetError(f"test set {path} does not exist")
    cases, ids = [], set()
    for number, raw in enumerate(path.read_bytes().splitlines(), 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise TestsetError(f"{path}:{number}: not UTF-8 text (bad byte at position {exc.start}); "
                               "re-save the file as UTF-8") from None
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TestsetError(f"{path}:{number}: not valid JSON ({exc})") from exc
        if not isinstance(row, dict) or not isinstance(row.get("question"), str) or row.get("id") in (None, ""):
            raise TestsetError(f"{path}:{number}: each line needs an 'id' and a 'question'")
        _check_types(row, f"{path}:{number}")
        try:
            json.dumps(row, ensure_ascii=False).encode("utf-8")      # results.jsonl is written from it
        except UnicodeEncodeError as exc:
            raise TestsetError(f"{path}:{number}: holds half a character (a lone surrogate escape, "
                               f"{exc.object[exc.start]!r}); fix the line") from None
        if str(row["id"]) in ids:          # the run's files key rows by the id as text: 5 and "5" are one
            raise TestsetError(f"{path}:{number}: duplicate id {str(row['id'])!r}")
        ids.add(str(row["id"]))
        try:
            validate(row["question"], row.get("history"))     # what the bot would refuse, found before the run
        except InvalidQuestion as exc:
            raise TestsetError(f"{path}:{number}: {exc}") from None
        known = {"id", "question", "history", "expected_sources", "expected_facts", "answerable", "emergency", "category"}
        cases.append(Case(str(row["id"]), row["question"], tuple(row.get("history", [])),
                          tuple(row.get("expected_sources", [])), tuple(row.get("expected_facts", [])),
                          bool(row.get("answerable", True)), bool(row.get("emergency", False)),
                          str(row.get("category", "")), {k: v for k, v in row.items() if k not in known}))
    if not cases:
        raise TestsetError(f"test set {path} has no questions")
    return cases


def _check_types(row: dict, where: str) -> None:
    """Refuse a field of the wrong type before the run: scoring would crash on it after every answer was
    computed, or read it wrongly ("answerable": "false" is true to Python)."""
    if isinstance(row["id"], bool) or not isinstance(row["id"], (str, int)):
        raise TestsetError(f"{where}: 'id' must be text or a whole number")
    if not isinstance(row.get("history", []), list):
        raise TestsetError(f"{where}: 'history' must be a list")
    for key in ("expected_sources", "expected_facts"):
        value = row.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise TestsetError(f"{where}: '{key}' must be a list of text")
    for key in ("answerable", "emergency"):
        if not isinstance(row.get(key, False), bool):
            raise TestsetError(f"{where}: '{key}' must be true or false, not {json.dumps(row[key])}")
    if not isinstance(row.get("category", ""), str):
        raise TestsetError(f"{where}: 'category' must be text")


def select(cases: list[Case], where: str | None) -> list[Case]:
    """The cases whose field KEY has VALUE (`where` is "KEY=VALUE", e.g. "split=measure"); all when None."""
    if not where:
        return cases
    key, sep, value = where.partition("=")
    if not sep or not key.strip():
        raise TestsetError(f"--where {where!r}: write KEY=VALUE, e.g. split=measure")
    key, value = key.strip(), value.strip()
    chosen = [c for c in cases if str(getattr(c, key, c.extra.get(key, ""))) == value]
    if not chosen:
        raise TestsetError(f"no question in the test set has {key}={value}")
    return chosen


def run_case(bot, case: Case) -> dict:
    started = time.perf_counter()
    answer = bot.ask(case.question, list(case.history))
    latency = (time.perf_counter() - started) * 1000
    grade = readability.grade(s.text for s in answer.sentences)        # None when nothing was quoted
    return {"id": case.id, **answer.to_record(latency), "history": list(case.history), "category": case.category,
            "reading_grade": grade}


def score_case(case: Case, result: dict, documents: dict[str, str] | None) -> dict:
    """Per-question figures and pass/fail."""
    retrieved = result["retrieved"]
    scored = {"hit@1": None, "hit@5": None, "mrr": None, "ndcg@10": None, "fact_recall": None, "opening_hit": None,
              "missed_facts": []}
    problems = metrics.citation_problems(result["sentences"], result["citations"], documents)
    measured = case.answerable and not case.emergency
    if measured and case.expected_sources:
        scored.update({"hit@1": metrics.hit_at(retrieved, case.expected_sources, 1),
                       "hit@5": metrics.hit_at(retrieved, case.expected_sources, 5),
                       "mrr": metrics.reciprocal_rank(retrieved, case.expected_sources),
                       "ndcg@10": metrics.ndcg_at(retrieved, case.expected_sources, 10)})
    if measured and case.expected_facts:
        quoted = " ".join(sentence["text"] for sentence in result["sentences"])    # what the documents say
        recall, missed = metrics.fact_recall(case.expected_facts, quoted)
        opening = metrics.opens_with_fact(case.expected_facts, [s["text"] for s in result["sentences"]])
        scored.update({"fact_recall": recall, "opening_hit": float(opening), "missed_facts": missed})
    right_abstention = case.emergency or result["abstained"] == (not case.answerable)
    right_triage = result["emergency"] == case.emergency
    passed = right_abstention and right_triage and not problems and not scored["missed_facts"]
    return {**scored, "citation_problems": problems, "right_abstention": right_abstention,
            "right_triage": right_triage, "pass": passed}


def why_failed(row: dict) -> list[str]:
    """Why a results row did not pass, in words (empty when it passed)."""
    why = []
    if not row["right_abstention"]:
        why.append("abstained" if row["abstained"] else "answered an unanswerable question")
    if not row["right_triage"]:
        why.append("missed emergency" if row["expected_emergency"] else "false emergency alarm")
    if row["missed_facts"]:
        why.append(f"missed facts {row['missed_facts']}")
    if row["citation_problems"]:
        why.append("invalid citations")
    return why


def summarise(cases: list[Case], results: list[dict], scores: list[dict]) -> dict:
    def mean(key, rows=scores):
        values = [row[key] for row in rows if row[key] is not None]
        return round(sum(values) / len(values), 4) if values else None

    plain = [(c, r) for c, r in zip(cases, results) if not c.emergency]
    answerable_abstained = sum(r["abstained"] for c, r in plain if c.answerable)
    unanswerable = [r for c, r in plain if not c.answerable]
    precision, recall = metrics.precision_recall([r["abstained"] for _, r in plain], [not c.answerable for c, _ in plain])
    emergencies = [r for c, r in zip(cases, results) if c.emergency]
    with_citations = [s for s, r in zip(scores, results) if r["citations"]]
    latencies = [r["latency_ms"] for r in results]
    grades = [r["reading_grade"] for r in results if r.get("reading_grade") is not None]
    return {
        "questions": len(cases),
        "hit@1": mean("hit@1"), "hit@5": mean("hit@5"), "mrr": mean("mrr"), "ndcg@10": mean("ndcg@10"),
        "fact_recall": mean("fact_recall"), "opening_hit": mean("opening_hit"),
        "abstention_accuracy": round(sum(r["abstained"] == (not c.answerable) for c, r in plain) / len(plain), 4)
        if plain else None,
        "abstention_precision": round(precision, 4), "abstention_recall": round(recall, 4),
        "unanswerable_abstained": f"{sum(r['abstained'] for r in unanswerable)}/{len(unanswerable)}",
        "answerable_abstained": answerable_abstained,
        "emergency_recall": round(sum(r["emergency"] for r in emergencies) / len(emergencies), 4) if emergencies else None,
        "emergency_false_alarms": sum(r["emergency"] for c, r in zip(cases, results) if not c.emergency),
        "citation_validity": round(sum(not s["citation_problems"] for s in with_citations) / len(with_citations), 4)
        if with_citations else None,
        "invalid_citations": sum(bool(s["citation_problems"]) for s in scores),
        "answer_chars_mean": round(sum(len(r["answer"]) for r in results) / len(results), 1),
        "reading_grade_median": round(metrics.percentile(grades, 50), 2) if grades else None,
        "reading_grade_p90": round(metrics.percentile(grades, 90), 2) if grades else None,
        "latency_p50_ms": round(metrics.percentile(latencies, 50), 2),
        "latency_p95_ms": round(metrics.percentile(latencies, 95), 2),
        "pass_rate": round(sum(s["pass"] for s in scores) / len(scores), 4),
    }


def evaluate(bot, cases: list[Case], out: Path | None = None, *, progress: bool = True,
             resume: bool = False) -> tuple[dict, list[dict]]:
    """Run every case; write results.jsonl and metrics.json into `out` if given.

    With `out`, each answer is also kept in OUT/results.partial.jsonl as it is made (eval/partial.py), until
    results.jsonl is written; `resume` reuses the answers a stopped run kept there instead of asking again."""
    documents = {doc_id: doc.text for doc_id, doc in bot.stored.documents.items()}
    kept = partial.load(out, bot, cases) if out is not None and resume else {}
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    writer = partial.Writer(out, bot, cases, kept) if out is not None else None
    iterator = [c for c in cases if c.id not in kept]
    if progress:
        from tqdm import tqdm
        iterator = tqdm(iterator, desc="Evaluating", unit="question", initial=len(kept), total=len(cases))
    done = dict(kept)
    try:
        for case in iterator:
            done[case.id] = run_case(bot, case)
            if writer is not None:
                writer.add(case, done[case.id])
    except BaseException:              # Ctrl-C or a crash: the answers so far stay in the partial file
        if writer is not None:
            writer.close(finished=False)
        raise
    results = [done[c.id] for c in cases]
    scores = [score_case(c, r, documents) for c, r in zip(cases, results)]
    summary = summarise(cases, results, scores)
    rows = [{**r, "expected_sources": list(c.expected_sources), "expected_facts": list(c.expected_facts),
             "answerable": c.answerable, "expected_emergency": c.emergency, **s}
            for c, r, s in zip(cases, results, scores)]
    if out is not None:
        # each file whole or not at all: a stop while writing leaves the last run's file, and the partial one
        _replace(out / "results.jsonl", "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))
        _replace(out / "metrics.json", json.dumps(summary, indent=2))
        writer.close(finished=True)
    return summary, rows


def _replace(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
