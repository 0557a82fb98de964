"""Words and word pairs that name a health topic in consumer-health data: MedQuAD's question foci
(bot/data/topic_words.txt and topic_pairs.txt, made by scripts/topic_words.py)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path


TOPIC_WORDS = Path(__file__).resolve().parent / "data" / "topic_words.txt"


@lru_cache(maxsize=2)
def _listed(path: Path) -> frozenset:
    """The entries of one of bot/data's lists, one a line ("#" starts a comment line); none when it is missing."""
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def is_topic(word: str) -> bool:
    """A word that names a health topic in consumer-health data (MedQuAD's foci): "diabetes", "flu"."""
    lower = word.lower().strip("'-")
    listed = _listed(TOPIC_WORDS)
    return lower in listed or (lower.endswith("s") and lower[:-1] in listed)


TOPIC_PAIRS = Path(__file__).resolve().parent / "data" / "topic_pairs.txt"


def is_topic_pair(first: str, second: str) -> bool:
    """Two words that together name a health topic in consumer-health data (MedQuAD's foci: "heart block", "kidney
    stones"), whatever each names alone."""
    return f"{first.lower()} {second.lower().removesuffix('s')}" in _listed(TOPIC_PAIRS)
