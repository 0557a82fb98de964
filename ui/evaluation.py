"""The staff's Evaluation page: the latest `python -m eval` run, read from its folder and shown in the page.

The report is eval's own: the run's self-contained report.html (figures, figures by category and by
document, plots, one row per question), shown in an iframe through `srcdoc`. A run folder without
report.html but with metrics.json and results.jsonl is rendered on the fly with eval's renderer
(imported here, lazily: the chat itself never imports eval). Above the report, one line names the run
and its headline figures.

No server path leaves the server: what is shown and offered for download names folders relative to
the current folder, or by their last part when they lie outside it, and the report is scrubbed of the
run, index, test set, corpus and project folders that older runs of eval wrote into it (scrub()).

Nothing here raises: a missing folder says how to make a run, an unreadable one says what is wrong,
so the page can never break. No gradio import: plain functions of a folder, easy to test.
"""
from __future__ import annotations

import json
import os
import re
import traceback
from dataclasses import dataclass
from datetime import datetime, timezone
from html import escape
from pathlib import Path

import settings

RUN_ENV = settings.EVAL_RUN_ENV
TESTSET = "eval/testset.jsonl"
HEADLINE = ("pass_rate",)            # the report itself has every figure, a few lines further down
INTRO = "For clinical staff: how the chat did on the test questions in the latest evaluation run."
LOADING = f'<div class="ivig-eval-summary"><p>{INTRO}</p><p class="ivig-meta">Loading the run…</p></div>'

# Added to the report inside the frame. <base>: its "#overall"-style links would otherwise resolve
# against the app's own address and load the whole app inside the frame. The styles: on a phone, one
# card per question instead of a six-column table, and the list of failed questions in one column.
FRAME_HEAD = """<base href="about:srcdoc"><style>
@media (max-width: 700px) {
  body { padding: 0 10px 32px; }
  h1 { font-size: 1.5em; margin-top: 12px; }
  nav a { display: inline-block; margin: 0 14px 6px 0; }
  .card { flex: 1 1 100%; min-width: 0; }
  ul.failed { columns: 1; padding-left: 18px; }
  table.grid:has(tr.pass, tr.fail), table.grid:has(tr.pass, tr.fail) tbody { display: block; border: none; }
  table.grid:has(tr.pass, tr.fail) tr:not(.pass):not(.fail) { display: none; }
  table.grid tr.pass, table.grid tr.fail { display: flex; flex-direction: column; border: 1px solid #ccc;
    border-radius: 6px; margin: 0 0 12px; overflow: hidden; }
  table.grid tr.pass > td, table.grid tr.fail > td { display: block; border: none; border-top: 1px solid #eee;
    max-width: none; order: 2; }
  table.grid tr.pass > td:first-child, table.grid tr.fail > td:first-child { border-top: none; order: 0;
    font-weight: 600; }
  table.grid tr > td.res { order: 1; }
  table.grid tr > td.q { font-weight: 600; }
  table.grid tr > td:nth-child(5)::before { content: "missed facts: "; color: #555; }
  .answer { min-width: 0; max-width: none; }
}
</style>"""


@dataclass
class View:
    """What the page shows for a run folder: a line on the run at the top, the report (or a notice of why
    there is none) under it, and the page to offer as report.html (None: nothing to offer)."""
    summary: str
    report: str
    download: str | None = None


def run_folder(value: str | os.PathLike | None = None) -> Path:
    """The run folder to show: `value` (--runs), else env IVIG_EVAL_RUN, else runs/latest in the repo."""
    return settings.eval_run(value)


def shown(folder: str | os.PathLike) -> str:
    """A folder as the page may name it: relative to the current folder when it is inside it, else its
    last part only (the server's layout is nobody's business)."""
    path = Path(folder)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return path.name or str(path)


def scrub(page: str, paths) -> str:
    """`page` with every absolute path under one of `paths` (and those paths) replaced by shown(path)."""
    roots = {str(p) for path in paths if path for p in (Path(path), Path(path).resolve())
             if Path(path).is_absolute() or p.is_absolute()}
    roots = sorted((r.rstrip("/") for r in roots if len(r.rstrip("/")) > 1), key=len, reverse=True)
    if not roots:
        return page
    pattern = re.compile("(?:" + "|".join(map(re.escape, roots)) + r")(?:/[^\s<>\"'`&;|,)]*)?")
    return pattern.sub(lambda m: shown(m.group(0)), page)


def server_paths(folder: Path, info: dict) -> list:
    """The folders a run's report may name: the run, its index and test set, the corpus, the project."""
    return [folder, info.get("index"), info.get("testset"), settings.index_path(), settings.corpus_path(),
            settings.PROJECT_ROOT, Path.cwd(), Path.home()]


def make_run_command(folder: Path) -> str:
    return f"python -m eval --testset {TESTSET} --out {shown(folder)}"


def view(folder: str | os.PathLike) -> View:
    """The page's content for a run folder; never raises."""
    folder = Path(folder)
    try:
        return _view(folder)
    except Exception as exc:          # a malformed run must not break the page; the console gets the details
        traceback.print_exc()
        return _notice(f"The evaluation run in {shown(folder)} could not be shown: {_reason(exc)}", "error", folder)


def _view(folder: Path) -> View:
    if not folder.is_dir():
        return _notice(f"There is no evaluation run yet: the folder {shown(folder)} does not exist.", "info", folder)
    report = folder / "report.html"
    data = (folder / "metrics.json").is_file() and (folder / "results.jsonl").is_file()
    if not report.is_file() and not data:
        return _notice(f"The folder {shown(folder)} holds no evaluation results "
                       "(no report.html, metrics.json or results.jsonl).", "info", folder)
    problems: list[str] = []
    summary = _read_json(folder / "metrics.json", problems)
    info = _read_json(folder / "run.json", problems)
    if report.is_file():
        page = report.read_text(encoding="utf-8", errors="replace")
    elif problems:
        return _notice(f"The evaluation run in {shown(folder)} could not be shown: {'; '.join(problems)}.",
                       "error", folder)
    else:
        page = render_report(folder)
    page = scrub(page, server_paths(folder, info))
    return View(summary_line(folder, summary, info, problems), frame(page), page)


def render_report(folder: Path) -> str:
    """report.html's page for a run folder that lacks the file, with eval's own renderer (nothing is written)."""
    from eval import breakdown
    from eval.report import PLOTS, load_run
    from eval.report_html import render

    try:
        summary, rows, info = load_run(folder)
    except ValueError as exc:            # metrics.json and run.json were read already: a line of results.jsonl
        raise ValueError(f"results.jsonl is not one JSON object per line ({exc})") from exc
    info = {**info, "threshold": info.get("threshold", settings.DEFAULT_THRESHOLD)}
    grouped = folder / "breakdown.json"
    groups = (json.loads(grouped.read_text(encoding="utf-8")) if grouped.is_file() else
              {"category": breakdown.by(rows, breakdown.category), "document": breakdown.by(rows, breakdown.document)})
    plots = {name: folder / f"{name}.png" for name in PLOTS if (folder / f"{name}.png").is_file()}
    return render(summary=summary, rows=rows, info=info, groups=groups, plots=plots)


def frame(page: str) -> str:
    """The report page in a sandboxed iframe (no scripts, no navigation of the app), as `srcdoc`."""
    match = re.search(r"</head\s*>", page, re.IGNORECASE)
    page = page[:match.start()] + FRAME_HEAD + page[match.start():] if match else FRAME_HEAD + page
    return (f'<iframe class="ivig-eval-frame" title="Evaluation report" sandbox="allow-same-origin" '
            f'srcdoc="{escape(page, quote=True)}"></iframe>')


def summary_line(folder: Path, summary: dict, info: dict, problems: list[str]) -> str:
    """The lines above the report: what the page is, which run, when, and how many questions passed."""
    from eval.figures import label, show

    finished, written = _finished(info), _modified(folder)
    when = f", finished {finished}" if finished else f", files written {written}" if written else ""
    parts = [f"<b>Run</b> {escape(shown(folder))}{escape(when)}"]
    questions, rate = summary.get("questions"), summary.get("pass_rate")
    if isinstance(questions, int) and isinstance(rate, (int, float)):
        passed = round(questions * rate)
        parts.append(f"<b>{questions}</b> questions: <b>{passed}</b> passed, <b>{questions - passed}</b> failed")
    for key in HEADLINE:
        if key in summary:
            parts.append(f"{escape(label(key))} <b>{escape(show(summary[key]))}</b>")
    items = "".join(f"<li>{p}</li>" for p in parts)
    warning = "".join(f'<div class="ivig-banner ivig-banner-error" role="status">{escape(p)}</div>' for p in problems)
    return f'<div class="ivig-eval-summary"><p>{escape(INTRO)}</p><ul>{items}</ul>{warning}</div>'


def _notice(message: str, kind: str, folder: Path) -> View:
    how = (f'<p>To make one, run this in a terminal, in the app\'s folder, then press <b>Refresh</b>:</p>'
           f"<pre><code>{escape(make_run_command(folder))}</code></pre>"
           "<p class=\"ivig-meta\">It asks the chat every question of the test set (a minute or two) and "
           "writes the figures, plots and the table of questions that this page shows. The app shows the "
           f"folder given by --runs or {RUN_ENV} (default runs/latest).</p>")
    return View(f'<div class="ivig-eval-summary"><p>{escape(INTRO)}</p></div>',
                f'<div class="ivig-eval-empty"><div class="ivig-banner ivig-banner-{kind}" role="status">'
                f"{escape(message)}</div>{how}</div>")


def _read_json(path: Path, problems: list[str]) -> dict:
    """A JSON object from the run folder, or {} (with a note in `problems` when it is there but unreadable)."""
    if not path.is_file():
        return {}
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        problems.append(f"{path.name} could not be read: {_reason(exc)}")
        return {}
    if not isinstance(value, dict):
        problems.append(f"{path.name} is not a JSON object")
        return {}
    return value


def _finished(info: dict) -> str:
    try:
        when = datetime.fromisoformat(str(info["finished"]))
    except (KeyError, ValueError):
        return ""
    if when.tzinfo is None:
        return when.strftime("%Y-%m-%d %H:%M")
    return when.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _modified(folder: Path) -> str:
    files = [p for p in (folder / "report.html", folder / "metrics.json") if p.is_file()]
    if not files:
        return ""
    stamp = max(p.stat().st_mtime for p in files)
    return datetime.fromtimestamp(stamp, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _reason(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"the field {exc} is missing (a run folder from another version of eval?)"
    return str(exc) or type(exc).__name__


CSS = """
#ivig-eval-bar { gap: 8px; flex-wrap: wrap; align-items: flex-start; }
#ivig-eval-bar > * { flex: 0 0 auto !important; width: auto !important; min-width: 0 !important; }
#ivig-eval-bar > #ivig-eval-summary { flex: 1 1 320px !important; }
.ivig-eval-summary p { margin: 0 0 4px; color: #333; }
.ivig-eval-summary ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap;
                        gap: 2px 18px; font-size: 0.95rem; }
.ivig-eval-summary .ivig-banner { margin-top: 6px; }
.ivig-eval-frame { display: block; width: 100%; height: 80vh; min-height: 480px; border: 1px solid #d9dee5;
                   border-radius: 8px; background: #fff; }
.ivig-eval-empty pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f4f4f5; padding: 8px 12px;
                       border-radius: 6px; }
@media (max-width: 700px) {
  .ivig-eval-summary ul { gap: 2px 12px; font-size: 0.9rem; }
  .ivig-eval-frame { height: 75vh; }
}
"""
