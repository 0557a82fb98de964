"""The report of a run: report.md and a self-contained report.html, plus the plots as PNG files.

Everything is read back from the run's folder (results.jsonl, metrics.json and run.json, which records
the threshold and index), so a report can be rebuilt from any earlier run. report_html.py lays out the HTML.
"""
from __future__ import annotations

import html
import json
from pathlib import Path

from . import breakdown, figures, plots
from .runner import why_failed

PLOTS = {"metrics_by_category": "Figures by category", "latency": "Latency distribution",
         "abstention_scores": "Abstention score: answerable vs unanswerable",
         "reading_grades": "Reading grade of the answers (Flesch-Kincaid)"}
COLUMNS = ["questions", "hit@1", "hit@5", "mrr", "ndcg@10", "fact_recall", "opening_hit", "citation_validity",
           "abstention_precision", "abstention_recall", "emergency_recall", "emergency_false_alarms",
           "answer_chars_mean", "reading_grade_median", "latency_p50_ms", "latency_p95_ms", "pass_rate"]
SHORT = {"questions": "n", "citation_validity": "citations valid", "abstention_precision": "abst. precision",
         "abstention_recall": "abst. recall", "emergency_recall": "emerg. recall",
         "emergency_false_alarms": "false alarms", "answer_chars_mean": "chars", "reading_grade_median": "grade (median)", "latency_p50_ms": "p50 ms",
         "latency_p95_ms": "p95 ms"}


def column_label(name: str) -> str:
    return SHORT.get(name) or figures.label(name)


def load_run(out: Path) -> tuple[dict, list[dict], dict]:
    """(metrics.json, results.jsonl rows, run.json or {}) of a run folder."""
    summary = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    rows = [json.loads(line) for line in (out / "results.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    info_path = out / "run.json"
    info = json.loads(info_path.read_text(encoding="utf-8")) if info_path.is_file() else {}
    return summary, rows, info


def write_report(out: str | Path) -> dict[str, Path]:
    """Write the plots, breakdown.json, report.md and report.html into the run folder `out`."""
    from settings import DEFAULT_THRESHOLD
    from .report_html import render

    out = Path(out)
    summary, rows, info = load_run(out)
    threshold = info.get("threshold", DEFAULT_THRESHOLD)
    groups = {"category": breakdown.by(rows, breakdown.category), "document": breakdown.by(rows, breakdown.document)}
    written = {"metrics_by_category": plots.metrics_by_category(groups["category"], out / "metrics_by_category.png"),
               "latency": plots.latency(rows, out / "latency.png"),
               "abstention_scores": plots.abstention_scores(rows, threshold, out / "abstention_scores.png"),
               "reading_grades": plots.reading_grades(rows, out / "reading_grades.png")}
    (out / "breakdown.json").write_text(json.dumps(groups, indent=2), encoding="utf-8")
    context = {"summary": summary, "rows": rows, "info": {**info, "threshold": threshold}, "groups": groups,
               "plots": written}
    (out / "report.md").write_text(markdown(**context), encoding="utf-8")
    (out / "report.html").write_text(render(**context), encoding="utf-8")
    return {**written, "breakdown": out / "breakdown.json", "report.md": out / "report.md",
            "report.html": out / "report.html"}


def shown_path(value) -> str:
    """A path as a report names it: relative to the current folder when inside it, else its last part.
    Reports are downloaded and passed around; the server's folders stay out of them (run.json keeps them)."""
    path = Path(str(value))
    if not path.is_absolute():
        return str(value)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return path.name


def heading(info: dict, summary: dict) -> str:
    parts = [f"{summary.get('questions', '?')} questions"]
    for key, name in (("testset", "test set"), ("index", "index"), ("model", "model"), ("finished", "finished")):
        if info.get(key):
            value = info[key] if key == "finished" else shown_path(info[key])
            parts.append(f"{name} {value}")
    parts.append(f"abstention threshold {info['threshold']:.2f}")
    return "; ".join(parts)


# ---------------------------------------------------------------- markdown

def _cell(text) -> str:
    return html.escape(str(text), quote=False).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], body: list[list]) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(_cell(c) for c in row) + " |" for row in body]


def markdown(summary: dict, rows: list[dict], info: dict, groups: dict, plots: dict) -> str:
    lines = ["# Evaluation report", "", _cell(heading(info, summary)), "", "## Overall", ""]
    lines += _table(["figure", "value"], [[figures.label(k), figures.show(v)] for k, v in summary.items()])
    for name, grouped in groups.items():
        lines += ["", f"## By {name}", ""]
        lines += _table([name] + [column_label(c) for c in COLUMNS],
                        [[group] + [figures.show(fig[c]) for c in COLUMNS] for group, fig in grouped.items()])
    lines += ["", "## Plots", ""]
    lines += [f"![{PLOTS[key]}]({path.name})" for key, path in plots.items()]
    failed = [r for r in rows if not r["pass"]]
    lines += ["", f"## Questions ({len(rows) - len(failed)} passed, {len(failed)} failed)", ""]
    body = []
    for r in rows:
        asked = " / ".join([*(f"(earlier: {h})" for h in r.get("history", [])), r["question"]])
        answer = r["answer"] if len(r["answer"]) <= 300 else r["answer"][:300] + "..."
        cited = ", ".join(f"[{c['n']}] {c['doc_id']}" for c in r["citations"])
        body.append([r["id"], r.get("category", ""), asked, answer, cited, ", ".join(r.get("expected_sources", [])),
                     ", ".join(r["retrieved"][:5]), "; ".join(r["missed_facts"]), figures.show(r.get("reading_grade")),
                     "pass" if r["pass"] else "FAIL: " + "; ".join(why_failed(r))])
    lines += _table(["id", "category", "question", "answer", "citations", "expected", "retrieved (top 5)",
                     "missed facts", "reading grade", "result"], body)
    return "\n".join(lines) + "\n"
