"""python -m eval beyond the plain run: the report, --compare, the quality gates, --calibrate, feedback.

One tiny index (tests/data/eval/corpus, three short documents) is built per module with the shared
embedding model; the bot is handed to eval's main() through `make_bot`, so the model loads once.
Assertions check the report against the run's own metrics.json rather than against how well the bot
happens to answer, so they hold while the bot changes.
"""
from __future__ import annotations

import json

import pytest

from helpers import DATA, run_cli

EVAL = DATA / "eval"
TESTSET = EVAL / "testset.jsonl"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def eval_index(tmp_path_factory, embedder):
    from index.build import build_index

    root = tmp_path_factory.mktemp("eval-index")
    build_index(EVAL / "corpus", root / "idx", embedder=embedder, progress=False)
    return root / "idx"


@pytest.fixture(scope="module")
def make_bot(embedder):
    from bot import Bot

    def make(index, model, threshold):
        return Bot(index, embedder=embedder, **({} if threshold is None else {"threshold": threshold}))
    return make


def run_main(args, make_bot=None):
    from eval.__main__ import main

    return main([str(a) for a in args], make_bot=make_bot)


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory, eval_index, make_bot):
    """One real run with gates that it meets: (folder, exit code)."""
    out = tmp_path_factory.mktemp("eval-run") / "run"
    code = run_main(["--testset", TESTSET, "--index", eval_index, "--out", out, "--quiet",
                     "--fail-under", "hit@1=0", "emergency_recall=0", "--fail-over", "latency_p95_ms=1e9"], make_bot)
    return out, code


# ---------------------------------------------------------------- the report

def test_run_writes_report_with_figures_and_plots(run_dir):
    out, code = run_dir
    assert code == 0                                            # the gates above are met
    summary = json.loads((out / "metrics.json").read_text())
    rows = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    assert summary["questions"] == 5 and len(rows) == 5
    assert summary["emergency_recall"] is not None and summary["abstention_recall"] is not None
    page = (out / "report.html").read_text(encoding="utf-8")
    for label in ("hit@1", "hit@5", "MRR", "nDCG@10", "fact recall", "citation validity", "abstention precision",
                  "abstention recall", "emergency recall", "emergency false alarms", "latency p50", "latency p95"):
        assert label in page
    from eval.figures import show
    assert f">{show(summary['hit@1'])}<" in page and f">{show(summary['latency_p95_ms'])}<" in page
    assert page.count('<img src="data:image/png;base64,') == 4
    for name in ("metrics_by_category.png", "latency.png", "abstention_scores.png", "reading_grades.png"):
        assert (out / name).read_bytes().startswith(PNG)
    # reading grades: per answer in results.jsonl and the page, their distribution in metrics.json
    from bot.readability import grade
    answered = [r for r in rows if r["sentences"]]
    assert answered and all(r["reading_grade"] == grade(s["text"] for s in r["sentences"]) for r in answered)
    assert all(r["reading_grade"] is None for r in rows if not r["sentences"])
    grades = sorted(r["reading_grade"] for r in answered)
    assert grades[0] <= summary["reading_grade_median"] <= summary["reading_grade_p90"] <= grades[-1]
    assert "reading grade (Flesch-Kincaid, median)" in page and f"reading grade {answered[0]['reading_grade']:.1f}" in page
    assert "reading grade" in (out / "report.md").read_text(encoding="utf-8")
    # self-contained: nothing fetched from elsewhere
    assert "<script" not in page.replace("&lt;script", "") and "<link" not in page and 'src="http' not in page


def test_report_tables_by_category_document_and_question(run_dir):
    out, _ = run_dir
    rows = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    page = (out / "report.html").read_text(encoding="utf-8")
    breakdown = json.loads((out / "breakdown.json").read_text())
    assert set(breakdown["category"]) == {"side-effects", "follow-up", "unanswerable", "emergency"}
    assert breakdown["category"]["side-effects"]["questions"] == 2
    assert breakdown["document"]["headaches"]["questions"] == 2          # first expected source
    assert breakdown["document"]["(none)"]["questions"] == 2              # the unanswerable and the emergency
    assert breakdown["category"]["emergency"]["hit@1"] is None            # nothing to measure, not a vacuous 1.0
    for row in rows:
        assert f'id="q-{row["id"]}"' in page
        assert ("PASS" if row["pass"] else "FAIL") in page
    assert "earlier: Do people get headaches after IVIG?" in page        # the history is shown
    # questions, answers and passages are escaped
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert "## By category" in markdown and "## By document" in markdown and "![" in markdown
    assert "<script>" not in markdown


def test_abstention_plot_uses_the_bot_threshold(run_dir):
    out, _ = run_dir
    from settings import DEFAULT_THRESHOLD
    assert json.loads((out / "run.json").read_text())["threshold"] == DEFAULT_THRESHOLD


# ---------------------------------------------------------------- gates

def test_fail_under_exits_1_naming_the_shortfall(tmp_path, eval_index, make_bot, capsys):
    one = tmp_path / "one.jsonl"                      # one question is enough to fall short on latency
    one.write_text(TESTSET.read_text().splitlines()[0] + "\n")
    code = run_main(["--testset", one, "--index", eval_index, "--out", tmp_path / "run", "--quiet",
                     "--fail-over", "latency_p50_ms=0.001", "--fail-under", "hit@1=0"], make_bot)
    assert code == 1
    err = capsys.readouterr().err
    assert "latency_p50_ms is" in err and "over the allowed 0.001 by" in err
    assert "hit@1" not in err and "1 of 2 quality gates failed" in err


def test_gate_messages():
    from eval.gates import OVER, UNDER, check, parse

    summary = {"hit@1": 0.85, "fact_recall": 0.9, "emergency_recall": None, "invalid_citations": 2}
    gates = parse(UNDER, ["hit@1=0.9", "fact_recall=0.9", "emergency_recall=1"]) + parse(OVER, ["invalid_citations=0"])
    assert check(summary, gates) == [
        "hit@1 is 0.85, under the required 0.9 by 0.05",
        "emergency_recall was not measured (no question in the test set measures it); --fail-under needs it",
        "invalid_citations is 2, over the allowed 0 by 2"]


@pytest.mark.parametrize("args,message", [
    (["--fail-under", "hit@3=0.9"], "unknown metric 'hit@3'"),
    (["--fail-under", "latency_p95_ms=100"], "use --fail-over latency_p95_ms=VALUE"),
    (["--fail-over", "hit@1=0.9"], "use --fail-under hit@1=VALUE"),
    (["--fail-under", "hit@1"], "write METRIC=VALUE"),
])
def test_bad_gates_are_usage_errors(args, message, tmp_path):
    result = run_cli("eval", *args, "--index", tmp_path / "none", "--out", tmp_path / "run")
    assert result.returncode == 2 and message in result.stderr
    if "unknown" in message:
        assert "hit@1, hit@5, mrr, ndcg@10" in result.stderr and "latency_p95_ms" in result.stderr
    assert not (tmp_path / "run").exists()                                # refused before running anything


# ---------------------------------------------------------------- compare

def test_compare_reports_deltas_and_changed_questions(tmp_path):
    old, new = EVAL / "runs" / "old", EVAL / "runs" / "new"
    result = run_cli("eval", "--compare", old, new)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.split()[:4] == ["hit@1", "0.9", "0.8", "-0.1"] and line.endswith("worse") for line in lines)
    assert any(line.split()[0] == "latency_p95_ms" and line.endswith("better") for line in lines)
    assert "2 questions changed pass/fail:" in result.stdout
    assert "broke: pass -> FAIL (now: missed facts ['Fc receptor'])" in result.stdout
    assert "fixed: FAIL -> pass" in result.stdout and "steady:" not in result.stdout
    assert "only in old: dropped" in result.stdout and "only in new: added" in result.stdout
    assert sorted(p.name for p in old.iterdir()) == ["metrics.json", "results.jsonl"]     # nothing written

    result = run_cli("eval", "--compare", old, new, "--out", tmp_path / "cmp")
    assert result.returncode == 0
    written = (tmp_path / "cmp" / "compare.md").read_text()
    assert "`broke`: pass -> FAIL" in written and "| hit@1 | 0.9 | 0.8 | -0.1 | worse |" in written


def test_compare_lists_answers_that_open_with_another_sentence(tmp_path):
    from eval.compare import compare, markdown, text

    def run(name, openings):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "metrics.json").write_text(json.dumps({"fact_recall": 1.0}))
        rows = [{"id": i, "pass": True, "sentences": [{"text": t} for t in texts]} for i, texts in openings.items()]
        (folder / "results.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
        return folder

    old = run("old", {"same": ["A.", "B."], "tail": ["A.", "B."], "moved": ["A.", "B."], "declined": ["A."]})
    new = run("new", {"same": ["A.", "B."], "tail": ["A.", "C."], "moved": ["B.", "A."], "declined": []})
    result = compare(old, new)
    assert result.requoted == 3
    assert result.reopened == [{"id": "moved", "old": "A.", "new": "B."}, {"id": "declined", "old": "A.", "new": ""}]
    shown = text(result, "old", "new")
    assert "3 answers quote other sentences; 2 open with another one:" in shown and "now: (none)" in shown
    assert "`moved`: A. → **B.**" in markdown(result, "old", "new")


def test_compare_missing_run_folder(tmp_path):
    result = run_cli("eval", "--compare", tmp_path, EVAL / "runs" / "new")
    assert result.returncode == 1 and "metrics.json is missing" in result.stderr


# ---------------------------------------------------------------- calibrate

def test_sweep_finds_the_threshold_between_the_classes():
    from eval.calibrate import Observation, report, sweep

    observed = [Observation("a1", True, 0.50, False), Observation("a2", True, 0.45, False),
                Observation("a3", True, 0.30, False), Observation("a4", True, 0.60, True),   # abstains anyway
                Observation("u1", False, 0.10, False), Observation("u2", False, 0.22, False),
                Observation("u3", False, 0.70, True), Observation("u4", False, 0.90, False, urgent=True)]
    cal = sweep(observed, current=0.20)
    # at 0.20: a4 abstained (1/4); u2 and u4 answered (2/4). From 0.23 to 0.30 only u4 (triaged) gets through.
    assert (cal.current.false_abstain, cal.current.false_answer) == (1, 2)
    assert [p.threshold for p in cal.best] == [0.23, 0.24, 0.25, 0.26, 0.27, 0.28, 0.29, 0.30]
    assert cal.recommended.threshold == 0.26 and (cal.recommended.false_abstain, cal.recommended.false_answer) == (1, 1)
    text = report(cal)
    assert "best threshold: 0.26" in text and "Bot(index, threshold=0.26)" in text
    assert sweep(observed, current=0.25).recommended.threshold == 0.25          # already optimal: keep it


def test_calibrate_end_to_end(tmp_path, eval_index, make_bot, run_dir, capsys):
    code = run_main(["--calibrate", "--testset", TESTSET, "--index", eval_index, "--quiet", "--out", tmp_path / "cal"],
                    make_bot)
    assert code == 0
    out = capsys.readouterr().out
    cal = json.loads((tmp_path / "cal" / "calibration.json").read_text())
    assert f"best threshold: {cal['recommended']['threshold']:.2f}" in out
    assert (tmp_path / "cal" / "calibration.png").read_bytes().startswith(PNG)
    # the threshold-off questions score as in the real run, and at the current threshold they predict
    # exactly what the bot did
    rows = {r["id"]: r for r in map(json.loads, (run_dir[0] / "results.jsonl").read_text().splitlines())}
    from eval.calibrate import Observation
    observed = [Observation(**o) for o in cal["observations"]]
    assert {o.id for o in observed} == {i for i, r in rows.items() if not r["expected_emergency"]}
    for o in observed:
        assert o.coverage == rows[o.id]["coverage"]
        assert o.abstains_at(cal["current"]["threshold"]) == rows[o.id]["abstained"]


# ---------------------------------------------------------------- feedback

def test_feedback_keeps_thumbs_down_only(tmp_path, capsys):
    from eval.runner import load_testset

    out = tmp_path / "candidates.jsonl"
    code = run_main(["--from-feedback", EVAL / "feedback.jsonl", "--testset", TESTSET, "--out", out])
    assert code == 0
    captured = capsys.readouterr()
    assert "feedback.jsonl:6: not JSON" in captured.err
    found = {c["question"]: c for c in map(json.loads, out.read_text().splitlines())}
    # down (with a comment added later, and voted down again), false (a bool); not: up, true, down then
    # withdrawn, nor the thumbs-down on a question the test set already has
    assert sorted(found) == ["Can IVIG hurt my kidneys?", "How can it be prevented?"]
    kidneys = found["Can IVIG hurt my kidneys?"]
    assert kidneys["comment"] == "It did not say how to protect them | still vague" and kidneys["votes_down"] == 2
    assert kidneys["cited_sources"] == ["kidneys"]
    rash = found["How can it be prevented?"]
    assert rash["history"] == ["Does IVIG cause a rash?"] and rash["abstained"] is True
    for entry in found.values():
        assert entry["category"] == "from-feedback" and entry["needs_review"] is True
        assert entry["expected_sources"] == [] and entry["expected_facts"] == [] and entry["id"].startswith("feedback-")
    assert len(load_testset(out)) == 2                                  # staff can merge the lines as they are


def test_feedback_missing_file(tmp_path, capsys):
    assert run_main(["--from-feedback", tmp_path / "none.jsonl", "--out", tmp_path / "c.jsonl"]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_plain_run_keeps_its_interface(tmp_path):
    """`--testset F --out D` still needs nothing else; conflicting modes are usage errors."""
    result = run_cli("eval", "--compare", EVAL / "runs" / "old", EVAL / "runs" / "new", "--fail-under", "hit@1=1")
    assert result.returncode == 2 and "do not go with --compare" in result.stderr
    result = run_cli("eval", "--calibrate", "--compare", "a", "b")
    assert result.returncode == 2 and "not allowed with argument" in result.stderr
