"""A word's other national spelling: "recognised" / "recognized", "anaemia" / "anemia" (breame's table of British and
American pairs).

English word frequencies count the two spellings apart, and British ones lower ("recognised" 4.07, "recognized" 4.52;
"organised" 4.08, "organized" 4.51), so a patient writing British English had everyday words read as rare ones: "Is
IVIG a recognised treatment for Kawasaki disease?" was declined as "they don't discuss recognised" (holdout9), where
"recognized" was answered. A corpus also writes one spelling only ("anemia"), which the other must find.
"""
from __future__ import annotations

from functools import lru_cache

from breame.spelling import get_american_spelling, get_british_spelling


@lru_cache(maxsize=20000)
def other_spellings(word: str) -> tuple[str, ...]:
    """The word's spelling in the other national standard, lower case; none when it has one spelling only."""
    lower = word.lower()
    return tuple(dict.fromkeys(w for w in (get_american_spelling(lower), get_british_spelling(lower)) if w != lower))
