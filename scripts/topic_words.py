"""Make bot/data/topic_words.txt (the words that name health topics) and bot/data/topic_pairs.txt (the two-word
names inside them: "heart block", "sore throat", "kidney stones"), from MedQuAD's question foci.

A question about a topic the documents never mention must be declined, and everyday topic names
("diabetes", "asthma", "flu") are common English words, so word frequency cannot tell them from
paraphrase. MedQuAD's `focus` field names the topic of 13,721 consumer questions: its words, less
the everyday ones (wordfreq Zipf >= MAX_ZIPF: "type", "high", "blood"), are the list.

A pair of everyday words may be a topic's name where each word alone is not ("heart block" is no kind of
"block"): bot/coverage.py does not let a near phrase of the documents ("heart attack") stand in for one.

Only foci in the tuning half (crc32 of the focus, even) are used, so `python -m eval --suite` can
measure off-topic declines on the held-out half's foci.

Data: MedQuAD (Ben Abacha and Demner-Fushman, BMC Bioinformatics 2019), CC BY 4.0, five NIH collections.

    python scripts/topic_words.py                       # from ../shared/benchmarks/medquad/qa.jsonl
    python scripts/topic_words.py --data qa.jsonl --out bot/data/topic_words.txt
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval.benchmark_data import MEDQUAD  # noqa: E402

MAX_ZIPF = 4.95         # words more common than this in general English ("type", "high", "blood") name no topic
_WORD = re.compile(r"[a-z][a-z'\-]*[a-z]")


def tuning_half(focus: str) -> bool:
    return zlib.crc32(focus.lower().encode()) % 2 == 0


def topic_words(rows) -> list[str]:
    from wordfreq import zipf_frequency

    words = set()
    for row in rows:
        if row["focus"] and tuning_half(row["focus"]):
            words.update(w for w in _WORD.findall(row["focus"].lower()) if len(w) > 2)
    return sorted(w for w in words if zipf_frequency(w, "en") < MAX_ZIPF)


def topic_pairs(rows) -> list[str]:
    """Adjacent word pairs of the tuning half's foci, a plural's "s" dropped from the second ("kidney stone")."""
    pairs = set()
    for row in rows:
        if row["focus"] and tuning_half(row["focus"]):
            found = _WORD.findall(row["focus"].lower())
            pairs.update(f"{a} {b.removesuffix('s')}" for a, b in zip(found, found[1:]))
    return sorted(pairs)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=MEDQUAD)
    p.add_argument("--out", type=Path, default=ROOT / "bot" / "data" / "topic_words.txt")
    p.add_argument("--pairs", type=Path, default=ROOT / "bot" / "data" / "topic_pairs.txt")
    args = p.parse_args(argv)
    with open(args.data, encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    made = "# Made by scripts/topic_words.py; do not edit by hand.\n"
    for out, found, what in ((args.out, topic_words(rows), "Words"), (args.pairs, topic_pairs(rows), "Word pairs")):
        out.write_text(f"# {what} naming health topics: MedQuAD question foci (tuning half), CC BY 4.0.\n{made}"
                       + "\n".join(found) + "\n", encoding="utf-8")
        print(f"{len(found)} {what.lower()} written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
