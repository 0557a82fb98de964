"""Warm-question latency on the IVIG corpus: load the bot once, then time bot.ask per question.

Examples:
  python benchmarks/latency.py                      # builds .index if missing, times the test set
  python benchmarks/latency.py --index /tmp/idx --rounds 3

"Warm" means the model and the index are loaded and one question has been asked; each question of
the test set is then timed `--rounds` times. Target: median <= 30 ms on a 2-core machine.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot import Bot  # noqa: E402
from eval.metrics import percentile  # noqa: E402
from eval.runner import load_testset  # noqa: E402
from index.build import build_index  # noqa: E402
from index.errors import IndexMissingError  # noqa: E402
from index.store import index_root, live_build  # noqa: E402
from settings import DEFAULT_CORPUS  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", default=None, help="index folder (default .index, built if missing)")
    parser.add_argument("--testset", default="eval/testset.jsonl")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    try:
        live_build(index_root(args.index))
    except IndexMissingError:
        build_index(DEFAULT_CORPUS, args.index, progress=True)
    started = time.perf_counter()
    bot = Bot(args.index)
    load_seconds = time.perf_counter() - started
    cases = load_testset(args.testset)
    bot.ask("How does IVIG work in ITP?")          # warm-up
    first, timings = [], []
    for round_number in range(args.rounds):
        for case in cases:
            t0 = time.perf_counter()
            bot.ask(case.question, list(case.history))
            elapsed = (time.perf_counter() - t0) * 1000
            (first if round_number == 0 else timings).append(elapsed)
    all_timings = first + timings
    figures = {
        "questions": len(cases), "rounds": args.rounds, "bot_load_s": round(load_seconds, 2),
        "first_round_median_ms": round(statistics.median(first), 2),
        "median_ms": round(statistics.median(all_timings), 2),
        "p95_ms": round(percentile(all_timings, 95), 2), "max_ms": round(max(all_timings), 2),
    }
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
