"""Slips of the keyboard: the word of a closed list a typed word is one edit away from."""
from __future__ import annotations

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .specificity import zipf


# A typo is one slip (a swapped, missing, extra or wrong letter: optimal string alignment distance), two in
# a long word. Nearer-looking matches by share of letters took names for other words ("Revesz" -> "reviews",
# "Duane" -> "due"). A word this common in English is meant as written ("Bloom" syndrome is not "blood").
TYPO_MIN_LETTERS = 5
ENGLISH_ZIPF = 3.0


def by_initial(words) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    # in order: `typo_of` takes the first of equally near words, and a set's order changes with each process's
    # hash seed ("IFIT1" was "ifit" in one run and "ifih1" in the next, moving SciFact's nDCG@10 by 0.0001)
    for word in sorted(words):
        out.setdefault(word[:1], []).append(word)
    return out


def typo_of(word: str, words_by_initial: dict[str, list[str]], english: str | None = None) -> str | None:
    """The word of `words_by_initial` (see `by_initial`) that `word` is a slip of the keyboard for (same
    first letter), if any. `english`: the word as typed, when `word` is its stem (a common English word
    is never a typo)."""
    if len(word) < TYPO_MIN_LETTERS or zipf(english or word) >= ENGLISH_ZIPF:
        return None
    edits = 1 if len(word) < 9 else 2
    found = process.extractOne(word, words_by_initial.get(word[:1], ()), scorer=OSA.distance, score_cutoff=edits)
    return found[0] if found else None
