"""python -m eval: run a test set through the bot and report how good the answers are.

Examples:
  python -m eval --testset eval/testset.jsonl --out runs/latest
  python -m eval --testset eval/testset.jsonl --index /tmp/idx --out /tmp/run
  python -m eval --testset eval/testset.jsonl --index /tmp/idx --out /tmp/run --resume   # after a Ctrl-C
  python -m eval --testset eval/unseen.jsonl --where split=measure --out runs/unseen   # the held-out half
  python -m eval --fail-under hit@1=0.95 fact_recall=0.85 --fail-over latency_p95_ms=2000 invalid_citations=0
  python -m eval --compare runs/before runs/after             # figures, pass/fail flips, changed openings
  python -m eval --calibrate --index /tmp/idx                 # sweep the abstention threshold
  python -m eval --threshold 0.25 --out runs/t025             # a run at another abstention threshold
  python -m eval --from-feedback feedback/feedback.jsonl --out eval/candidates.jsonl
  python -m eval --suite --out runs/suite                   # every yardstick, one summary table
  python -m eval --suite --sets offtopic medquad --full     # chosen sets at full size (slow)
  python -m eval --suite --sets scifact --full --split train   # tune on SciFact's train claims

A run writes into OUT: results.jsonl (one line per question), metrics.json (the figures), run.json
(threshold, index, model), breakdown.json (figures by category and by document), report.md, a
self-contained report.html, and the plots as PNG files; then it prints the summary.

Quality gates (for CI), checked after a run: --fail-under METRIC=VALUE for figures where higher is
better, --fail-over METRIC=VALUE for figures where lower is better (counts of failures, latency); each
takes one or more METRIC=VALUE and may be repeated. The run exits 1 naming every figure that fell short.

--compare OLD NEW, --calibrate, --from-feedback and --suite are the other modes (one at a time); --suite
runs eval/suite.py's sets (the test set, patient-style variants, the held-out IVIG sets, off-topic MedQuAD
questions, SciFact, a MedQuAD-answers corpus) and prints one table. --compare and
--calibrate only print, unless --out is given (then OUT/compare.md, or OUT/calibration.{md,json,png}).
--from-feedback turns thumbs-down votes into candidate test cases (default out: eval/candidates.jsonl).

Exit codes: 0 done; 1 no usable index, model, test set or run folder, or a quality gate failed;
2 bad usage (unknown metric names are listed with the valid ones); 130 interrupted (a run keeps the answers
so far in OUT/results.partial.jsonl, and --resume goes on from them; a suite keeps its finished sets in
OUT/suite.partial.json; the last finished run's files are unchanged); 141 the reader of the output went away (| head).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

import settings
from index.errors import IvigError
from index.exits import run_command
from settings import FEEDBACK_ENV, INDEX_ENV, MODEL_ENV

from . import gates, partial
from .runner import why_failed

DEFAULT_TESTSET = Path(__file__).resolve().parent / "testset.jsonl"
DEFAULT_CANDIDATES = Path(__file__).resolve().parent / "candidates.jsonl"
DEFAULT_OUT = "runs/latest"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m eval", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog=f"--fail-under figures: {', '.join(gates.valid_names(gates.UNDER))}\n"
                                       f"--fail-over figures:  {', '.join(gates.valid_names(gates.OVER))}")
    p.add_argument("--testset", default=str(DEFAULT_TESTSET), help="test set JSONL (default eval/testset.jsonl)")
    p.add_argument("--index", default=None, help=f"index folder (env {INDEX_ENV}; default .index)")
    p.add_argument("--model", default=None, help=f"embedding model (env {MODEL_ENV})")
    p.add_argument("--store", default=None, help=f"faiss: (default), milvus-lite:///path/file.db or "
                                                 f"milvus://host:19530 (env {settings.STORE_ENV})")
    p.add_argument("--out", default=None, help=f"folder for the run's files (default {DEFAULT_OUT}); "
                                               "with --from-feedback, the candidates file")
    p.add_argument("--where", default=None, metavar="KEY=VALUE",
                   help="only the test set's questions with this field value, e.g. split=measure (eval/unseen.jsonl)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--resume", action="store_true",
                   help="go on with a run that was stopped (Ctrl-C, a crash): reuse the answers it kept in "
                        "OUT/results.partial.jsonl, if made with the same index, model and threshold")
    p.add_argument("--threshold", type=float, default=None,
                   help="abstention threshold for the bot (default: the bot's own, settings.DEFAULT_THRESHOLD)")
    p.add_argument(gates.UNDER, dest="fail_under", nargs="+", action="extend", default=[], metavar="METRIC=VALUE",
                   help="exit 1 after the run when a higher-is-better figure is under VALUE, e.g. hit@1=0.95")
    p.add_argument(gates.OVER, dest="fail_over", nargs="+", action="extend", default=[], metavar="METRIC=VALUE",
                   help="exit 1 after the run when a lower-is-better figure is over VALUE, e.g. latency_p95_ms=2000")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--compare", nargs=2, metavar=("OLD_OUT", "NEW_OUT"),
                      help="compare two run folders: figure deltas and questions whose pass/fail changed")
    mode.add_argument("--calibrate", action="store_true",
                      help="sweep the abstention threshold: false-abstain and false-answer rates, best point")
    mode.add_argument("--from-feedback", nargs="?", const="", default=None, metavar="FILE",
                      help=f"turn the chat's thumbs-down votes into candidate test cases "
                           f"(FILE default: env {FEEDBACK_ENV} or feedback/feedback.jsonl)")
    mode.add_argument("--suite", action="store_true",
                      help="run the generalisation sets together (see eval/suite.py) and print one summary table")
    p.add_argument("--sets", nargs="+", default=None, metavar="SET",
                   help="with --suite: which sets (testset patients messages heldout offtopic scifact medquad consumer; "
                        "default all of those; 'final', the set kept for a round's final figures, runs only when named)")
    p.add_argument("--full", action="store_true", help="with --suite: full-size sets instead of seeded samples")
    p.add_argument("--split", choices=("train", "test"), default="test",
                   help="with --suite: which SciFact claims (tune on train, report test; default test)")
    p.add_argument("--work", default=None, help="with --suite: folder for its corpora and indexes "
                                                "(default .index-suite)")
    return p


def _make_bot(index, model, threshold):
    from bot import Bot

    return Bot(index, model=model) if threshold is None else Bot(index, model=model, threshold=threshold)


def main(argv=None, *, make_bot=None) -> int:
    """The command line. `make_bot(index, model, threshold)` builds the bot (tests pass one sharing a model)."""
    p = parser()
    args = p.parse_args(argv)
    if args.store:
        os.environ[settings.STORE_ENV] = args.store      # Bot() and build_index() read the store from it
    other_mode = args.compare or args.calibrate or args.from_feedback is not None
    if (args.fail_under or args.fail_over) and other_mode:
        p.error("--fail-under and --fail-over check a run; they do not go with --compare, --calibrate or --from-feedback")
    if args.resume and (other_mode or args.suite):
        p.error("--resume goes on with a run of a test set; it does not go with --compare, --calibrate, "
                "--from-feedback or --suite")
    if args.threshold is not None and (args.compare or args.from_feedback is not None):
        p.error("--threshold goes with a run or --calibrate")
    try:
        checks = gates.parse(gates.UNDER, args.fail_under) + gates.parse(gates.OVER, args.fail_over)
    except gates.GateUsageError as exc:
        p.error(str(exc))
    make_bot = make_bot or _make_bot
    def run_mode() -> int:
        if args.compare:
            return compare_runs(args)
        if args.from_feedback is not None:
            return from_feedback(args)
        if args.calibrate:
            return calibrate(args, make_bot)
        if args.suite:
            return suite(args, p)
        return run(args, checks, make_bot)

    return run_command(run_mode, lambda: interrupted(args))


def interrupted(args) -> str:
    """What a Ctrl-C keeps, by mode: a run's answers so far, a suite's finished sets, or nothing."""
    if args.suite:
        return (f"interrupted: the sets finished so far are in {args.out}/suite.partial.json" if args.out
                else "interrupted: no results were written (give --out to keep finished sets)")
    if args.compare or args.calibrate or args.from_feedback is not None:
        return "interrupted: nothing was written"
    out = args.out or DEFAULT_OUT
    if not (Path(out) / partial.NAME).is_file():
        return "interrupted: no answer had been made yet; nothing was written"
    return (f"interrupted: the answers so far are kept in {out}/results.partial.jsonl; run the same command "
            f"with --resume to go on from them (the last finished run in {out} is unchanged)")


def run(args, checks: list, make_bot) -> int:
    from .report import write_report
    from .runner import evaluate, load_testset, select

    cases = select(load_testset(args.testset), args.where)
    out = writable_folder(Path(args.out or DEFAULT_OUT), "the run")
    if not args.resume:
        partial.refuse_unclaimed(out)         # before the model loads: the answers of a stopped run are kept
    bot = make_bot(args.index, args.model, args.threshold)
    summary, rows = evaluate(bot, cases, out, progress=not args.quiet, resume=args.resume)
    info = {"testset": str(args.testset), "index": str(bot.root), "model": bot.embedder.name,
            "threshold": bot.threshold, "finished": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    (out / "run.json").write_text(json.dumps(info, indent=2), encoding="utf-8")
    write_report(out)
    print_summary(summary, rows, str(out))
    print(f"report: {out}/report.html (and report.md)")
    failures = gates.check(summary, checks)
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    if failures:
        print(f"{len(failures)} of {len(checks)} quality gates failed", file=sys.stderr)
    return 1 if failures else 0


def writable_folder(out: Path, what: str) -> Path:
    """`out`, created now: a folder that cannot be written is refused before the questions are run,
    not after, when the answers would be lost."""
    if out.exists() and not out.is_dir():
        raise IvigError(f"cannot write {what} to {out}: it is a file, not a folder; give --out a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".write-check-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise IvigError(f"cannot write {what} to {out} ({exc.strerror or exc})") from None
    return out


def suite(args, p) -> int:
    from .suite import ALL_SETS, DEFAULT_WORK, SETS, run_suite, table

    sets = args.sets or list(SETS)
    unknown = [s for s in sets if s not in ALL_SETS]
    if unknown:
        p.error(f"unknown set(s) {', '.join(unknown)}; choose from {', '.join(ALL_SETS)}")
    out = writable_folder(Path(args.out), "the suite's results") if args.out else None
    results = run_suite(sets, work=Path(args.work) if args.work else DEFAULT_WORK, out=out, full=args.full,
                        split=args.split)
    print(table(results))
    if out:
        print(f"\nwritten: {out}/suite.json, suite.md, examples.jsonl (declines and off-topic answers)")
    return 0


def compare_runs(args) -> int:
    from .compare import compare, markdown, text

    old, new = args.compare
    out = writable_folder(Path(args.out), "the comparison") if args.out else None
    result = compare(old, new)
    print(text(result, old, new))
    if out:
        (out / "compare.md").write_text(markdown(result, old, new), encoding="utf-8")
        print(f"\nwritten: {out}/compare.md")
    return 0


def calibrate(args, make_bot) -> int:
    from . import plots
    from .calibrate import observe, report, sweep
    from .runner import load_testset, select

    cases = select(load_testset(args.testset), args.where)
    out = writable_folder(Path(args.out), "the calibration") if args.out else None
    bot = make_bot(args.index, args.model, args.threshold)
    result = sweep(observe(bot, cases, progress=not args.quiet), bot.threshold)
    text = report(result)
    print(text)
    if out:
        (out / "calibration.json").write_text(json.dumps(result.to_dict(), indent=2), encoding="utf-8")
        (out / "calibration.md").write_text(f"# Abstention threshold calibration\n\n```\n{text}\n```\n\n"
                                            "![threshold sweep](calibration.png)\n", encoding="utf-8")
        plots.calibration([p.to_dict() for p in result.points], result.current.threshold,
                          result.recommended.threshold, out / "calibration.png")
        print(f"\nwritten: {out}/calibration.md, calibration.json, calibration.png")
    return 0


def from_feedback(args) -> int:
    from .feedback import convert
    from .runner import load_testset

    source = args.from_feedback or settings.feedback_path()
    out = Path(args.out or DEFAULT_CANDIDATES)
    for name, path in (("the test set", args.testset), ("the feedback file", source)):
        if path and out.resolve() == Path(path).resolve():      # the candidates file is replaced on each run
            raise IvigError(f"--out {out} is {name}; write the candidates to a file of their own "
                            f"(default {DEFAULT_CANDIDATES.name}) and copy the reviewed lines across")
    known = load_testset(args.testset) if args.testset else []
    done = convert(source, out, known)
    for warning in done["warnings"]:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"{done['votes']} votes in {source}, {done['down']} thumbs-down: {done['candidates']} candidate test case(s) "
          f"written to {done['out']}; skipped as already in the test set: {done['already_in_testset']}.")
    if done["candidates"]:
        print("To review: fill in expected_sources and expected_facts, set answerable (and emergency) as needed, "
              "remove needs_review, then append the line to the test set.")
    return 0


def print_summary(summary: dict, rows: list[dict], out: str) -> None:
    width = max(len(k) for k in summary)
    for key, value in summary.items():
        print(f"{key:<{width}}  {value}")
    failed = [r for r in rows if not r["pass"]]
    if failed:
        print(f"\n{len(failed)} questions did not pass:")
        for row in failed:
            print(f"  {row['id']}: {'; '.join(why_failed(row))}")
    print(f"\nresults: {out}/results.jsonl, figures: {out}/metrics.json")


if __name__ == "__main__":
    sys.exit(main())
