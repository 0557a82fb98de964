"""python -m eval: run a test set through the bot and report how good the answers are.

Examples:
  python -m eval --testset eval/testset.jsonl --out runs/latest
  python -m eval --testset eval/testset.jsonl --index /tmp/idx --out /tmp/run

Writes OUT/results.jsonl (one line per question) and OUT/metrics.json, and prints the summary.
Exit codes: 0 done; 1 no usable index, model or test set; 2 bad usage.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from index.embedding import MODEL_ENV
from index.errors import IvigError
from index.store import INDEX_ENV

DEFAULT_TESTSET = Path(__file__).resolve().parent / "testset.jsonl"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--testset", default=str(DEFAULT_TESTSET), help="test set JSONL (default eval/testset.jsonl)")
    parser.add_argument("--index", default=None, help=f"index folder (env {INDEX_ENV}; default .index)")
    parser.add_argument("--model", default=None, help=f"embedding model (env {MODEL_ENV})")
    parser.add_argument("--out", default="runs/latest", help="folder for results.jsonl and metrics.json")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)

    from bot import Bot
    from .runner import evaluate, load_testset

    try:
        cases = load_testset(args.testset)
        bot = Bot(args.index, model=args.model)
        summary, rows = evaluate(bot, cases, Path(args.out), progress=not args.quiet)
    except IvigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print_summary(summary, rows, args.out)
    return 0


def print_summary(summary: dict, rows: list[dict], out: str) -> None:
    width = max(len(k) for k in summary)
    for key, value in summary.items():
        print(f"{key:<{width}}  {value}")
    failed = [r for r in rows if not r["pass"]]
    if failed:
        print(f"\n{len(failed)} questions did not pass:")
        for row in failed:
            why = []
            if not row["right_abstention"]:
                why.append("abstained" if row["abstained"] else "answered an unanswerable question")
            if not row["right_triage"]:
                why.append("missed emergency" if row["expected_emergency"] else "false emergency alarm")
            if row["missed_facts"]:
                why.append(f"missed facts {row['missed_facts']}")
            if row["citation_problems"]:
                why.append("invalid citations")
            print(f"  {row['id']}: {'; '.join(why)}")
    print(f"\nresults: {out}/results.jsonl, figures: {out}/metrics.json")


if __name__ == "__main__":
    sys.exit(main())
