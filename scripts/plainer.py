"""Tune the composer's plainer-sentence settings: fact recall and reading grade per setting, per half.

The team's test set is split by line: the even lines (A) tune, the odd lines (B) and the patients'
messages (eval/patients.jsonl, P) measure; T is the whole test set. Each setting is
MARGIN,PENALTY,GRADE (bot.extractive.selection.PLAIN_MARGIN, a share of the best score left; PLAIN_PENALTY, PLAIN_GRADE);
the bot is loaded once.

    python -m scripts.plainer --index /tmp/idx                          # the defaults and "off" (0,0,16)
    python -m scripts.plainer --index /tmp/idx 0.1,0,16 0.15,0,16 0.2,0,16   # margins of 10-20% of the best score
    python -m scripts.plainer --index /tmp/idx --sets A 0,0.01,8 0,0.02,16 0.05,0,16

Prints one line per setting: for each set, fact recall, median and p90 reading grade, hit@1.
Exit codes: 0 done; 1 no usable index or test set; 2 bad usage.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.errors import IvigError  # noqa: E402


def setting(text: str) -> tuple[float, float, float]:
    try:
        margin, penalty, grade = (float(x) for x in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: want MARGIN,PENALTY,GRADE, e.g. 0,0.02,16") from None
    return margin, penalty, grade


def main(argv=None) -> int:
    from bot.extractive import selection

    parser = argparse.ArgumentParser(prog="python -m scripts.plainer", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("settings", nargs="*", type=setting, metavar="MARGIN,PENALTY,GRADE",
                        help="settings to compare (default: the bot's own, and the penalty off)")
    parser.add_argument("--index", default=None, help="index folder (env IVIG_INDEX; default .index)")
    parser.add_argument("--sets", default="TABP", help="which of T (all), A (tuning half), B (other half), "
                                                         "P (patients) to run (default TABP)")
    args = parser.parse_args(argv)
    if set(args.sets) - set("TABP"):
        parser.error(f"--sets takes letters of TABP, not {args.sets!r}")
    from bot import Bot
    from eval.runner import evaluate, load_testset

    try:
        bot = Bot(args.index)
        cases = load_testset(ROOT / "eval" / "testset.jsonl")
        sets = {"T": cases, "A": cases[0::2], "B": cases[1::2], "P": load_testset(ROOT / "eval" / "patients.jsonl")}
    except IvigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    defaults = (selection.PLAIN_MARGIN, selection.PLAIN_PENALTY, selection.PLAIN_GRADE)
    for margin, penalty, grade in args.settings or [defaults, (0.0, 0.0, defaults[2])]:
        selection.PLAIN_MARGIN, selection.PLAIN_PENALTY, selection.PLAIN_GRADE = margin, penalty, grade
        started, parts = time.perf_counter(), []
        for name in args.sets:
            summary, _ = evaluate(bot, sets[name], progress=False)
            parts.append(f"{name} facts {summary['fact_recall']} grade {summary['reading_grade_median']}/"
                         f"{summary['reading_grade_p90']} hit@1 {summary['hit@1']}")
        print(f"margin {margin} penalty {penalty} grade {grade} | " + " | ".join(parts)
              + f" ({time.perf_counter() - started:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
