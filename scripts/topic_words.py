"""Make bot/data/topic_words.txt: the words that name health topics, from MedQuAD's question foci.

A question about a topic the documents never mention must be declined, and everyday topic names
("diabetes", "asthma", "flu") are common English words, so word frequency cannot tell them from
paraphrase. MedQuAD's `focus` field names the topic of 13,721 consumer questions: its words, less
the everyday ones (wordfreq Zipf >= MAX_ZIPF: "type", "high", "blood"), are the list.

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

from eval.suite import MEDQUAD  # noqa: E402

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


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=MEDQUAD)
    p.add_argument("--out", type=Path, default=ROOT / "bot" / "data" / "topic_words.txt")
    args = p.parse_args(argv)
    with open(args.data, encoding="utf-8") as handle:
        words = topic_words(json.loads(line) for line in handle)
    header = ("# Words naming health topics: MedQuAD question foci (tuning half), CC BY 4.0.\n"
              "# Made by scripts/topic_words.py; do not edit by hand.\n")
    args.out.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
