"""Where a warm answer's time goes, per encoder variant: query embedding, store search (FAISS and BM25),
fusion, coverage, composition. Variants are timed side by side (question by question, interleaved), so
load on the machine falls on both alike; the ratio to the plain fp32 model is printed.

Examples:
  python benchmarks/profile_answer.py --work /tmp/profile                  # torch and onnx fp32, 3 rounds
  python benchmarks/profile_answer.py --work /tmp/profile --variants torch onnx onnx-int8 int8
  python benchmarks/profile_answer.py --work /tmp/profile --variants onnx-traced onnx   # fused graph / unfused

"torch" is plain fp32 sentence-transformers (the reference for the ratio), "onnx" fp32 on ONNX Runtime (the
fused graph, which the default embeds documents and questions with), "onnx-traced" the same export before fusion (the graph used until the fused one);
"int8", "onnx-int8" and "onnx-int8-docs" (int8 document vectors, fp32 questions; the default until round 12) are the
model-name variants. Each variant gets its own index of the corpus under
--work (built if missing or stale). One intra-op thread, as app.py answers. Stages are timed by wrapping the functions the bot calls; "other" is the
rest of bot.ask (input checks, triage, follow-up resolution, the Answer itself). "cpu" is the answering
thread's CPU time (the encoder runs in that thread with one intra-op thread): on a loaded machine it moves
far less than the wall time, so compare variants on it when the load average is high.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")     # as app.py answers: one torch thread per question

import bot.engine  # noqa: E402
from bot import Bot  # noqa: E402
from eval.metrics import percentile  # noqa: E402
from eval.runner import load_testset  # noqa: E402
from index.embedding import load_embedder, split_variant  # noqa: E402
from index.export_encoder import TRACED_FILE  # noqa: E402
from index.onnx_encoder import open_session  # noqa: E402
from index.lifecycle import ensure_current  # noqa: E402
from settings import DEFAULT_MODEL, corpus_path  # noqa: E402

VARIANTS = ("torch", "onnx", "onnx-traced", "onnx-int8", "int8", "onnx-int8-docs")
STAGES = ("embed", "store", "bm25", "coverage", "compose")
OUT = ROOT / "benchmarks" / "out" / "profile_answer.json"


class Clock:
    """Seconds spent in each wrapped function during the current question."""

    def __init__(self):
        self.spent: dict[str, float] = {}

    def timed(self, function, stage: str):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.spent[stage] = self.spent.get(stage, 0.0) + time.perf_counter() - started
        return timed

    def wrap(self, owner, attribute: str, stage: str) -> None:
        setattr(owner, attribute, self.timed(getattr(owner, attribute), stage))


def load_variant(variant: str, corpus: str, work: Path) -> tuple[Bot, Clock]:
    base = split_variant(DEFAULT_MODEL)[0]
    if variant in ("torch", "onnx"):
        embedder = load_embedder(base, runtime=variant)
    elif variant == "onnx-traced":
        embedder = load_embedder(base, runtime="onnx")
        embedder.session = open_session(embedder.path.with_name(TRACED_FILE))
    else:
        embedder = load_embedder(f"{base}@{variant}")
    ensured = ensure_current(corpus, work / variant, embedder, progress=False)
    if ensured.failed:
        raise SystemExit(f"error: cannot build the {variant} index: {ensured.error}")
    clock = Clock()
    clock.wrap(embedder, "encode_query", "embed")                # before the bot takes it (bot.retrieval.RecentQueries)
    if hasattr(embedder, "query_tokens"):                        # what RecentQueries calls instead
        clock.wrap(embedder, "query_tokens", "embed")
    answerer = Bot(str(work / variant), embedder=embedder)
    clock.wrap(answerer.stored, "candidates", "store")           # FAISS and BM25 together
    clock.wrap(answerer.stored.lexical, "scores", "bm25")        # BM25 alone (inside "store")
    clock.wrap(answerer.composer, "compose", "compose")
    return answerer, clock


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__[__doc__.index("Examples:"):],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, required=True, help="folder for one index per variant")
    parser.add_argument("--corpus", default=str(corpus_path()), help="corpus to index (default corpus/)")
    parser.add_argument("--testset", default=str(ROOT / "eval" / "testset.jsonl"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS[:2]), choices=VARIANTS)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    bots = {v: load_variant(v, args.corpus, args.work) for v in args.variants}
    cases = load_testset(args.testset)
    rows: dict[str, list[dict]] = {v: [] for v in bots}
    real_assess = bot.engine.assess
    for round_number in range(args.rounds + 1):           # round 0 warms up and is not counted
        for case in cases:
            for variant, (answerer, clock) in bots.items():
                clock.spent = {}
                bot.engine.assess = clock.timed(real_assess, "coverage")
                started, cpu = time.perf_counter(), time.thread_time()
                answerer.ask(case.question, list(case.history))
                total, cpu = time.perf_counter() - started, time.thread_time() - cpu
                if round_number:
                    rows[variant].append({"total": total, "cpu": cpu, **clock.spent})
    bot.engine.assess = real_assess

    result = {"questions": len(cases), "rounds": args.rounds, "load_average": os.getloadavg(), "variants": {}}
    print(f"{len(cases)} questions x {args.rounds} rounds, one torch thread; load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}\n")
    print(f"{'variant':<11} {'p50':>7} {'p95':>7} {'cpu p50':>8} " + " ".join(f"{s:>8}" for s in STAGES + ("other",)) +
          "   (ms; stages are medians; bm25 is inside store)")
    for variant, timings in rows.items():
        ms = {k: [1000 * t.get(k, 0.0) for t in timings] for k in ("total", "cpu") + STAGES}
        other = [1000 * (t["total"] - sum(t.get(s, 0.0) for s in STAGES if s != "bm25")) for t in timings]
        figures = {"p50": statistics.median(ms["total"]), "p95": percentile(ms["total"], 95),
                   "cpu_p50": statistics.median(ms["cpu"]),
                   **{s: statistics.median(ms[s]) for s in STAGES}, "other": statistics.median(other)}
        result["variants"][variant] = {k: round(v, 2) for k, v in figures.items()}
        print(f"{variant:<11} {figures['p50']:>7.2f} {figures['p95']:>7.2f} {figures['cpu_p50']:>8.2f} " +
              " ".join(f"{figures[s]:>8.2f}" for s in STAGES + ("other",)))
    reference = next((v for v in ("torch", "onnx-traced") if v in result["variants"]), None)
    if reference:
        plain = result["variants"][reference]
        for variant, figures in result["variants"].items():
            if variant != reference:
                print(f"\n{variant} / {reference}: p50 {figures['p50'] / plain['p50']:.2f}, p95 "
                      f"{figures['p95'] / plain['p95']:.2f}, cpu p50 {figures['cpu_p50'] / plain['cpu_p50']:.2f}, "
                      f"query embedding {figures['embed'] / plain['embed']:.2f}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
