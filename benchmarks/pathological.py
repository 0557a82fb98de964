"""Reading, cleaning and sentence splitting on pathological text, at two sizes ten times apart.

Examples:
  python benchmarks/pathological.py                 # every case at 1/10 and full size (about 2 MB)
  python benchmarks/pathological.py --case bullets --case "a-dot"

Each case is timed at `--small` and at full size; the ratio of the two times should be near 10 (one
pass over the input). A ratio near 100 means a loop that rescans what it has already read. Cases
over `--limit` seconds are stopped and reported as such (the quadratic versions took minutes).
"""
from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index.cleaning import clean_text  # noqa: E402
from index.formats import read_markdown  # noqa: E402
from index.sentences import sentence_spans  # noqa: E402

CASES = {
    "one-line": lambda n: "word " * (400_000 * n // 10),                          # 2 MB, no newline
    "a-dot": lambda n: "A. " * (600_000 * n // 10),                               # 1.8 MB of initials
    "blank-lines": lambda n: "\n" * (100_000 * n // 10) + "Some text here.",
    "repeated-line": lambda n: "This is a repeated line of text.\n" * (50_000 * n // 10),
    "bullets": lambda n: "".join(f"- item {i}\n" for i in range(200_000 * n // 10)),
    "huge-word": lambda n: "x" * (2_000_000 * n // 10),
    "stop-run": lambda n: "?" * (200_000 * n // 10) + " end",
    "wrapped-lines": lambda n: "".join(f"lorem ipsum dolor sit amet {i} consectetur adipiscing elit sed do\n"
                                       for i in range(30_000 * n // 10)),
    "reference-markers": lambda n: "Word 1. " * (250_000 * n // 10),
    "unclosed-links": lambda n: "[a](" * (200_000 * n // 10),
    "unclosed-front-matter": lambda n: "---\n" + "\n" * (200_000 * n // 10) + "Text.",
    "broken-words": lambda n: "\n\n".join(f"c{i} ab" for i in range(100_000 * n // 10)) + "\n\nabc abc",
}


def _time(case: str, tenths: int, queue) -> None:
    text = CASES[case](tenths)
    started = time.perf_counter()
    markdown, _ = read_markdown(text)
    cleaned = clean_text(markdown).text
    sentence_spans(cleaned)
    queue.put((len(text), time.perf_counter() - started))


def measure(case: str, tenths: int, limit: float) -> tuple[int, float | None]:
    """(input characters, seconds) in a child process, seconds None when it ran past `limit`."""
    queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=_time, args=(case, tenths, queue))
    child.start()
    child.join(limit)
    if child.is_alive():
        child.terminate()
        child.join()
        return len(CASES[case](tenths)), None
    return queue.get()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="run only these cases")
    parser.add_argument("--small", type=int, default=1, help="tenths of full size for the small run (default 1)")
    parser.add_argument("--limit", type=float, default=60.0, help="seconds before a run is stopped (default 60)")
    args = parser.parse_args()
    print(f"{'case':22} {'small':>9} {'full':>9} {'small s':>8} {'full s':>8} {'ratio':>6}")
    for case in args.case or CASES:
        small_chars, small = measure(case, args.small, args.limit)
        full_chars, full = measure(case, 10, args.limit)
        ratio = f"{full / small:6.1f}" if small and full else f"{'-':>6}"
        print(f"{case:22} {small_chars:9,} {full_chars:9,} {_seconds(small, args.limit)} "
              f"{_seconds(full, args.limit)} {ratio}", flush=True)
    return 0


def _seconds(seconds: float | None, limit: float) -> str:
    return f"{seconds:8.2f}" if seconds is not None else f"{'>' + format(limit, 'g'):>8}"


if __name__ == "__main__":
    sys.exit(main())
