"""The corpus's compound terms: two-word runs it writes often and together ("side effects", "immune system",
"platelet counts"), computed at index time and kept in the manifest's vocabulary entry (index/vocabulary.py).

A compound's last word is its head, and alone it often means something else: "The effects of IVIG are typically
transient" is about how long the treatment works, not about side effects. The bot reads a question's compound as a
whole (bot/extractive/compounds.py). A run counts when it occurs at least MIN_COUNT times and its words keep
company more than chance allows (normalised pointwise mutual information, NPMI, at least MIN_NPMI: "ivig helps" is a
frequent run of two frequent words, "side effects" a collocation). Runs never cross punctuation or a line break.

Left out: runs of three words or more, and a compound written with a hyphen ("side-effect": one word to the corpus's
word lists, two terms to BM25, which reads it as the run).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from typing import Sequence

from wordfreq import top_n_list

from .accents import fold

MIN_COUNT = 3            # a run written fewer times is no habit of the corpus
# Read on the IVIG corpus's 43 runs written three times or more: 0.75 keeps "side effects" (0.93), "immune system"
# (0.83), "fc receptor" (0.89), "platelet counts" (0.84), "blood clots" (0.79); it drops "ivig helps" (0.43), "ivig
# therapy" (0.32), "aps patients" (0.71), "immune thrombocytopenia" (0.65), "blood cells" (0.59), whose head alone
# means the same; at 0.5 those last three stayed. A run of two verbs may pass ("help manage" 0.81): harmless, the bot
# only reads a compound the question itself writes.
MIN_NPMI = 0.75
FUNCTION_WORDS = 100     # English's most frequent words ("has been", "rather than") make no compound
MAX_COMPOUNDS = 5000     # the manifest stays small whatever the corpus size: the most frequent are kept
CLAUSE = re.compile(r"[^\n.;:,()!?\[\]\"•]+")    # a compound never spans these (the composer reads questions so too)
_WORD = re.compile(r"[a-z0-9][a-z0-9'\-]*[a-z0-9]|[a-z]")


@lru_cache(maxsize=1)
def _function_words() -> frozenset:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN) | frozenset(top_n_list("en", FUNCTION_WORDS))


def scored(texts: Sequence[str]) -> list[tuple[str, int, float]]:
    """(run, times written, NPMI) for each two-word run of content words written at least MIN_COUNT times, most
    frequent first."""
    skip = _function_words()
    words: Counter = Counter()
    runs: Counter = Counter()
    total = 0
    for text in texts:
        for clause in CLAUSE.findall(fold(text).lower()):
            found = _WORD.findall(clause)
            total += len(found)
            words.update(found)
            runs.update((a, b) for a, b in zip(found, found[1:])
                        if a not in skip and b not in skip and not a.isdigit() and not b.isdigit())
    out = []
    for (a, b), n in runs.items():
        if n < MIN_COUNT:
            continue
        joint = n / total
        npmi = math.log(joint / (words[a] / total * words[b] / total)) / -math.log(joint)
        out.append((f"{a} {b}", n, round(npmi, 3)))
    return sorted(out, key=lambda row: (-row[1], row[0]))


def compute(texts: Sequence[str]) -> list[str]:
    """The corpus's compounds (MIN_COUNT, MIN_NPMI), most frequent first, at most MAX_COMPOUNDS."""
    return [run for run, _, npmi in scored(texts) if npmi >= MIN_NPMI][:MAX_COMPOUNDS]


def stored(manifest: dict) -> list[str] | None:
    """The compounds a build stored; None for an index built before they were (the bot computes them then)."""
    entry = manifest.get("vocabulary", {})
    return list(entry["compounds"]) if isinstance(entry, dict) and "compounds" in entry else None
