"""Re-indexing speed: change one SciFact abstract and rebuild an index of the whole corpus.

Examples:
  python -u benchmarks/scifact.py --index /tmp/scifact-index      # once: a full SciFact index
  python -u benchmarks/incremental.py --index /tmp/scifact-index  # then: time incremental rebuilds

The SciFact index is copied to a scratch folder (the original is not touched), one abstract is
edited in a copy of the corpus, and `build_index` runs with the model already loaded (what a
long-running process or a warm CLI pays; the CLI's own start-up, mostly importing torch and
sentence-transformers, is reported separately). Target: one changed document re-indexed in <= 5 s.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.build import build_index  # noqa: E402
from index.embedding import load_embedder  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "scifact"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", required=True, help="a full SciFact index made by benchmarks/scifact.py")
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="SciFact folder (corpus.jsonl)")
    parser.add_argument("--rounds", type=int, default=3, help="edits to time (a different abstract each)")
    args = parser.parse_args()
    source = Path(args.data) / "corpus.jsonl"
    if not (Path(args.index) / "CURRENT").is_file():
        parser.error(f"{args.index} holds no index: build it with benchmarks/scifact.py first")
    embedder = load_embedder()
    scratch = Path(tempfile.mkdtemp(prefix="incremental-"))
    try:
        root, corpus = scratch / "index", scratch / "corpus"
        shutil.copytree(args.index, root, ignore=shutil.ignore_patterns("build.lock"))
        corpus.mkdir()
        lines = source.read_text(encoding="utf-8").splitlines()
        (corpus / "corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        timings = []
        first = build_index(corpus, root, embedder=embedder, progress=False)   # aligns the copy with this code
        for n in range(args.rounds):
            record = json.loads(lines[n * 97])
            record["text"] += f" Edited for the incremental benchmark, round {n}."
            lines[n * 97] = json.dumps(record)
            (corpus / "corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
            started = time.perf_counter()
            report = build_index(corpus, root, embedder=embedder, progress=False)
            timings.append({"seconds": round(time.perf_counter() - started, 2), "changed": report.changed,
                            "encoded": report.encoded, "reused": report.reused})
        started = time.perf_counter()
        unchanged = build_index(corpus, root, embedder=embedder, progress=False)
        nothing_seconds = time.perf_counter() - started
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "index", "build", "--quiet", "--corpus", str(corpus), "--index", str(root)],
                       cwd=ROOT, check=True, capture_output=True)
        cli_seconds = time.perf_counter() - started
        figures = {"documents": first.documents, "chunks": first.chunks, "one_change": timings,
                   "one_change_median_s": sorted(t["seconds"] for t in timings)[len(timings) // 2],
                   "no_change_s": round(nothing_seconds, 2), "no_change_encoded": unchanged.encoded,
                   "cli_no_change_wall_s": round(cli_seconds, 2)}
        print(json.dumps(figures, indent=2))
        out = ROOT / "benchmarks" / "out"
        out.mkdir(parents=True, exist_ok=True)
        (out / "incremental.json").write_text(json.dumps(figures, indent=2))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
