"""Warm-question latency on the IVIG corpus: load the bot once, then time bot.ask per question.

Examples:
  python benchmarks/latency.py                      # builds .index if missing or stale, times the test set
  python benchmarks/latency.py --index /tmp/idx --corpus corpus --rounds 3

"Warm" means the model and the index are loaded and one question has been asked; each question of
the test set is then timed `--rounds` times, with one torch thread as the app uses (set OMP_NUM_THREADS
to try others). Target: median <= 30 ms on a 2-core machine.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("OMP_NUM_THREADS", "1")     # as app.py answers: one torch thread per question

from bot import Bot  # noqa: E402
from eval.metrics import percentile  # noqa: E402
from eval.runner import load_testset  # noqa: E402
from index.embedding import load_embedder  # noqa: E402
from index.lifecycle import ensure_current, live_version  # noqa: E402
from settings import corpus_path  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", default=None, help="index folder (default .index, built if missing or stale)")
    parser.add_argument("--corpus", default=str(corpus_path()), help="corpus the index is built from")
    parser.add_argument("--testset", default="eval/testset.jsonl")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    embedder = load_embedder()             # loaded once: for a build and for the bot
    model_seconds = time.perf_counter() - started
    ensured = ensure_current(args.corpus, args.index, embedder, progress=True)
    if ensured.failed:
        print(f"{'warning' if live_version(ensured.root) else 'error'}: the index could not be built: "
              f"{ensured.error}", file=sys.stderr)
        if live_version(ensured.root) is None:
            return 1
    started = time.perf_counter()
    bot = Bot(args.index, embedder=embedder)
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
        "questions": len(cases), "rounds": args.rounds, "model_load_s": round(model_seconds, 2),
        "bot_load_s": round(load_seconds, 2), "index": ensured.action,
        "first_round_median_ms": round(statistics.median(first), 2),
        "median_ms": round(statistics.median(all_timings), 2),
        "p95_ms": round(percentile(all_timings, 95), 2), "max_ms": round(max(all_timings), 2),
    }
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
