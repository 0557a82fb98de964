"""Re-indexing speed: change one document of a built index and time the incremental rebuild.

Examples:
  python -u benchmarks/incremental.py --corpus ../shared/corpus             # the IVIG corpus (a folder)
  python -u benchmarks/incremental.py --subset 717                          # SciFact: 283 test abstracts + 717
  python -u benchmarks/incremental.py --index /tmp/scifact-index            # a full SciFact index, already built

The corpus is copied to a scratch folder, an index is built there (or a given one is copied: the original
is not touched), then one document at a time is edited and `build_index` runs with the model already
loaded (what a long-running process or a warm CLI pays; the CLI's own start-up is reported separately).
Each round reports where the time went (cProfile's cumulative seconds for the build's stages).
Target (issue 12): one changed document re-indexed in <= 2 s.
"""
from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scifact import subset_corpus  # noqa: E402
from index.build import build_index  # noqa: E402
from index.embedding import load_embedder  # noqa: E402

# beside the checkout, or two levels up from a worktree (work/wt/NAME)
DEFAULT_DATA = next((p for p in (ROOT.parent / "shared" / "benchmarks" / "scifact",
                                 ROOT.parents[1] / "shared" / "benchmarks" / "scifact") if p.is_dir()),
                    ROOT.parent / "shared" / "benchmarks" / "scifact")
STAGES = {"vocabulary": "vocabulary.py:", "glossary": "glossary.py:", "encode": "_vectors_for",
          "store (load, stage, commit)": "store.py:", "near duplicates": "near_duplicate_documents",
          "corpus": "load_corpus"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__[__doc__.index("Examples:"):],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--corpus", type=Path, help="a corpus folder of text files (edits its first documents)")
    source.add_argument("--subset", type=int, metavar="N",
                        help="SciFact's test-relevant abstracts plus N others, indexed here first")
    source.add_argument("--index", type=Path, help="a full SciFact index made by benchmarks/scifact.py")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="SciFact folder (corpus.jsonl)")
    parser.add_argument("--rounds", type=int, default=3, help="edits to time (a different document each)")
    parser.add_argument("--no-cli", action="store_true", help="skip timing the CLI's no-change run")
    args = parser.parse_args()
    if args.index is not None and not (args.index / "CURRENT").is_file():
        parser.error(f"{args.index} holds no index: build it with benchmarks/scifact.py first")
    embedder = load_embedder()
    scratch = Path(tempfile.mkdtemp(prefix="incremental-"))
    try:
        root, corpus = scratch / "index", scratch / "corpus"
        if args.corpus is not None:
            shutil.copytree(args.corpus, corpus)
            edits = _file_edits(corpus, args.rounds)
        else:
            corpus.mkdir()
            lines = (subset_corpus(args.data, args.subset) if args.subset is not None
                     else (args.data / "corpus.jsonl").read_text(encoding="utf-8")).splitlines()
            edits = _jsonl_edits(corpus / "corpus.jsonl", lines, args.rounds)
        if args.index is not None:
            shutil.copytree(args.index, root, ignore=shutil.ignore_patterns("build.lock"))
        started = time.perf_counter()
        first = build_index(corpus, root, embedder=embedder, progress=False)   # builds, or aligns a copy
        first_seconds = time.perf_counter() - started
        timings = []
        for edit in edits:
            edit()
            profile = cProfile.Profile()
            started = time.perf_counter()
            profile.enable()
            report = build_index(corpus, root, embedder=embedder, progress=False)
            profile.disable()
            timings.append({"seconds": round(time.perf_counter() - started, 2), "changed": report.changed,
                            "encoded": report.encoded, "reused": report.reused, "stages": _stages(profile)})
        started = time.perf_counter()
        unchanged = build_index(corpus, root, embedder=embedder, progress=False)
        nothing_seconds = time.perf_counter() - started
        figures = {"documents": first.documents, "chunks": first.chunks, "first_build_s": round(first_seconds, 1),
                   "one_change": timings,
                   "one_change_median_s": sorted(t["seconds"] for t in timings)[len(timings) // 2],
                   "no_change_s": round(nothing_seconds, 2), "no_change_encoded": unchanged.encoded}
        if not args.no_cli:
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "index", "build", "--quiet", "--corpus", str(corpus),
                            "--index", str(root)], cwd=ROOT, check=True, capture_output=True)
            figures["cli_no_change_wall_s"] = round(time.perf_counter() - started, 2)
        print(json.dumps(figures, indent=2))
        out = ROOT / "benchmarks" / "out"
        out.mkdir(parents=True, exist_ok=True)
        (out / "incremental.json").write_text(json.dumps(figures, indent=2))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


def _jsonl_edits(path: Path, lines: list[str], rounds: int) -> list:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def edit(n: int) -> None:
        at = (n * 97) % len(lines)
        record = json.loads(lines[at])
        record["text"] += f" Edited for the incremental benchmark, round {n}."
        lines[at] = json.dumps(record)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [lambda n=n: edit(n) for n in range(rounds)]


def _file_edits(folder: Path, rounds: int) -> list:
    files = sorted(p for p in folder.iterdir() if p.suffix in {".txt", ".md", ".html"} and p.name != "SOURCES.md")

    def edit(n: int) -> None:
        path = files[n % len(files)]
        path.chmod(0o644)
        head, sep, rest = path.read_text(encoding="utf-8").partition("\n\n")     # after the opening paragraph:
        path.write_text(f"{head}{sep}Edited for the incremental benchmark, round {n}.\n\n{rest}",  # a text's end
                        encoding="utf-8")                                                  # may be cut as references
    return [lambda n=n: edit(n) for n in range(rounds)]


def _stages(profile: cProfile.Profile) -> dict:
    """Cumulative seconds of the build's stages (the outermost call of each, so nothing counts twice)."""
    stats = pstats.Stats(profile).stats          # {(file, line, name): (calls, primitive, tottime, cumtime, callers)}
    out = {}
    for stage, marker in STAGES.items():
        hits = [(key, value[3]) for key, value in stats.items() if marker in f"{key[0]}:{key[2]}"]
        # the outermost: a function of the stage none of whose callers is of the stage
        outer = [t for key, t in hits if not any(marker in f"{c[0]}:{c[2]}" for c in stats[key][4])]
        out[stage] = round(sum(outer), 3)
    return out


if __name__ == "__main__":
    sys.exit(main())
