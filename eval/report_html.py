"""report.html: one self-contained page (inline CSS, plots as base64 data URIs, no script, no CDN).

Every piece of text from the test set, the bot or the documents goes through html.escape.
"""
from __future__ import annotations

import base64
import html
from pathlib import Path

from . import figures
from .report import COLUMNS, PLOTS, column_label, heading
from .runner import why_failed

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0 auto;max-width:1400px;padding:0 24px 48px}
h1{margin:24px 0 4px}h2{margin-top:36px;border-bottom:1px solid #ddd;padding-bottom:4px}
.sub{color:#555;margin:0 0 12px}nav a{margin-right:14px}
.cards{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:220px}
.card h3{margin:0 0 6px;font-size:14px;color:#444}.card td{padding:1px 8px 1px 0}.card td.v{font-weight:600;text-align:right}
.wide{overflow-x:auto}table.grid{border-collapse:collapse;font-size:13px}
table.grid th,table.grid td{border:1px solid #ddd;padding:4px 6px;vertical-align:top;text-align:left}
table.grid th{background:#f4f4f4;position:sticky;top:0}td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.fail td.res{background:#fde0dc}tr.pass td.res{background:#e2f4e1}.res b{display:block}
.answer{white-space:pre-wrap;min-width:380px;max-width:600px}td.q{max-width:260px}.hist{color:#666;font-size:12px}.small{font-size:12px;color:#555}
.hit{font-weight:700;color:#1a7f37}ol.cites{margin:6px 0 0;padding-left:20px;font-size:12px}
blockquote{margin:4px 0;padding:4px 8px;background:#f7f7f7;border-left:3px solid #ccc;white-space:pre-wrap}
figure{margin:12px 0 24px}figure img{max-width:100%;border:1px solid #eee}figcaption{color:#555}
ul.failed{columns:3;font-size:13px}
"""
CARDS = {"Retrieval": ["hit@1", "hit@5", "mrr", "ndcg@10"],
         "Answers": ["fact_recall", "opening_hit", "citation_validity", "invalid_citations", "answer_chars_mean"],
         "Reading": ["reading_grade_median", "reading_grade_p90"],
         "Abstention": ["abstention_accuracy", "abstention_precision", "abstention_recall",
                        "unanswerable_abstained", "answerable_abstained"],
         "Safety": ["emergency_recall", "emergency_false_alarms"],
         "Questions and speed": ["questions", "pass_rate", "latency_p50_ms", "latency_p95_ms"]}

e = html.escape


def data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(Path(path).read_bytes()).decode("ascii")


def render(summary: dict, rows: list[dict], info: dict, groups: dict, plots: dict) -> str:
    failed = [r for r in rows if not r["pass"]]
    parts = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>Evaluation report</title><style>{CSS}</style></head><body>",
             "<h1>Evaluation report</h1>", f'<p class="sub">{e(heading(info, summary))}</p>',
             '<nav><a href="#overall">Overall</a><a href="#category">By category</a><a href="#document">By document</a>'
             '<a href="#plots">Plots</a><a href="#questions">Questions</a></nav>',
             '<h2 id="overall">Overall</h2><div class="cards">']
    listed = {k for keys in CARDS.values() for k in keys}
    cards = {**CARDS, "Other": [k for k in summary if k not in listed]}
    for title, keys in cards.items():
        keys = [k for k in keys if k in summary]
        if keys:
            cells = "".join(f'<tr><td>{e(figures.label(k))}</td><td class="v">{e(figures.show(summary[k]))}</td></tr>'
                            for k in keys)
            parts.append(f'<div class="card"><h3>{e(title)}</h3><table>{cells}</table></div>')
    parts.append("</div>")
    for name, grouped in groups.items():
        head = "".join(f"<th>{e(column_label(c))}</th>" for c in COLUMNS)
        body = "".join(f"<tr><td>{e(group)}</td>" + "".join(f'<td class="num">{e(figures.show(fig[c]))}</td>'
                                                          for c in COLUMNS) + "</tr>"
                       for group, fig in grouped.items())
        parts.append(f'<h2 id="{e(name)}">By {e(name)}</h2><div class="wide"><table class="grid">'
                     f"<tr><th>{e(name)}</th>{head}</tr>{body}</table></div>")
    parts.append('<h2 id="plots">Plots</h2>')
    for key, path in plots.items():
        parts.append(f'<figure><img src="{data_uri(path)}" alt="{e(PLOTS[key])}">'
                     f"<figcaption>{e(PLOTS[key])} ({e(Path(path).name)})</figcaption></figure>")
    parts.append(f'<h2 id="questions">Questions: {len(rows) - len(failed)} passed, {len(failed)} failed</h2>')
    if failed:
        links = "".join(f'<li><a href="#q-{e(r["id"])}">{e(r["id"])}</a>: {e("; ".join(why_failed(r)))}</li>'
                        for r in failed)
        parts.append(f'<ul class="failed">{links}</ul>')
    parts.append('<div class="wide"><table class="grid"><tr><th>id</th><th>question</th><th>answer and citations</th>'
                 "<th>sources</th><th>missed facts</th><th>result</th></tr>")
    parts += [question_row(r) for r in rows]
    parts.append("</table></div></body></html>")
    return "\n".join(parts)


def question_row(r: dict) -> str:
    history = "".join(f'<div class="hist">earlier: {e(h)}</div>' for h in r.get("history", []))
    cites = "".join(f'<li value="{int(c["n"])}"><b>{e(c.get("title") or c["doc_id"])}</b> '
                    f'<span class="small">({e(c["doc_id"])}, characters {int(c["start"])}-{int(c["end"])})</span>'
                    f'<details><summary>passage</summary><blockquote>{e(c["passage"])}</blockquote></details></li>'
                    for c in r["citations"])
    problems = "".join(f'<div class="small">citation problem: {e(p)}</div>' for p in r["citation_problems"])
    expected = set(r.get("expected_sources", []))
    retrieved = ", ".join(f'<span class="hit">{e(d)}</span>' if d in expected else e(d) for d in r["retrieved"][:5])
    flags = [f"coverage {r['coverage']:.3f}" if isinstance(r.get("coverage"), (int, float)) else "",
             f"reading grade {r['reading_grade']:.1f}" if isinstance(r.get("reading_grade"), (int, float)) else "",
             "abstained" if r["abstained"] else "", "emergency" if r["emergency"] else "",
             f"reason: {r['abstain_reason']}" if r.get("abstain_reason") else ""]
    verdict = "PASS" if r["pass"] else "FAIL"
    reasons = "".join(f"<div>{e(w)}</div>" for w in why_failed(r))
    details = e(", ".join(f for f in flags if f))
    return (f'<tr id="q-{e(r["id"])}" class="{verdict.lower()}"><td>{e(r["id"])}<div class="small">'
            f'{e(r.get("category", ""))}</div></td><td class="q">{history}{e(r["question"])}</td>'
            f'<td><div class="answer">{e(r["answer"])}</div>{f"<ol class=cites>{cites}</ol>" if cites else ""}'
            f"{problems}</td><td><div>expected: {e(', '.join(r.get('expected_sources', [])) or '-')}</div>"
            f"<div>retrieved: {retrieved or '-'}</div></td>"
            f'<td>{e("; ".join(r["missed_facts"])) or "-"}</td>'
            f'<td class="res"><b>{verdict}</b>{reasons}<div class="small">{details}</div></td></tr>')
