"""Everyday adjectives: "proper", "whole", "big", "usual". Before a noun they only qualify it ("a proper trial", "the
whole thing"), so they never name what a question is about.

Read from English's word frequencies, not a list: an everyday word (Zipf at least EVERYDAY_ZIPF) whose plural English
hardly writes is no noun ("propers" 1.5, "wholes" 2.1, "bigs" 2.5), where a noun's plural is written ("chests" 3.2,
"eyes" 5.2, "dogs" 4.8: "chest pain" names what hurts), and whose adverb or comparative is written. A topic's or a
disease's name is never one.
"""
from __future__ import annotations

from index.accents import fold

from .disease_names import disease_name
from .specificity import zipf
from .terms import STOPWORDS, WORD
from .topic_lists import is_topic

# An everyday word (English Zipf at least this: "big" 5.7, "proper" 4.7; as coverage reads "unusual" words) may only
# qualify the noun after it; a rarer one names a kind of its own ("sickle" in "sickle cell disease")
EVERYDAY_ZIPF = 4.5
# ...and no noun, whose plural English writes too (review of round 15)
NOUN_PLURAL_ZIPF = 3.0
# ...and graded, as adjectives are: its adverb or comparative is written ("properly" 4.6, "wholly" 3.3, "bigger" 4.9),
# where a mass noun's is not ("insurance", "coffee", "strength": "Does insurance pay for IVIG?" asks about insurance)
GRADED_ZIPF = 3.0
# The stop words that are nouns: an adjective before one qualifies it ("the whole thing"); before any other stop word
# it qualifies nothing ("is it safe when ...")
_STOP_NOUNS = frozenset("thing things way ways one kind sort lot lots bit".split())


def everyday_adjective(word: str) -> bool:
    """Whether `word` is an everyday adjective by English's frequencies (see the module's docstring)."""
    lower = word.lower()
    # a plural is a noun's ("dogs": "dog" is a word), not "serious" or "less"
    plural = lower.endswith("s") and not lower.endswith(("ss", "us")) and zipf(lower[:-1]) >= NOUN_PLURAL_ZIPF
    plurals = [lower + "s", lower + "es", *([lower[:-1] + "ies"] if lower.endswith("y") else [])]
    return (not plural and lower not in STOPWORDS and zipf(lower) >= EVERYDAY_ZIPF
            and max(map(zipf, plurals)) < NOUN_PLURAL_ZIPF and max(map(zipf, _graded(lower))) >= GRADED_ZIPF
            and not is_topic(lower) and not disease_name(lower))


def _graded(lower: str) -> set[str]:
    """The word's adverb and comparative as English spells them: "properly", "easily", "wholly", "bigger", "easier",
    "safer"."""
    forms = {lower + "ly", lower + "er", lower + lower[-1] + "er"}          # "properly", "bigger"
    if lower.endswith("y"):
        forms |= {lower[:-1] + "ily", lower[:-1] + "ier"}                  # "easily", "easier"
    if lower.endswith("e"):
        forms |= {lower[:-1] + "ly", lower + "r"}                          # "wholly", "safer"
    return forms


def qualifying(question: str) -> set[str]:
    """The everyday adjectives (lower case) that `question` writes right before another word of the same phrase, which
    they qualify: "proper" in "What could a proper trial tell us?", "whole" in "the whole thing"."""
    text = fold(question)
    tokens = list(WORD.finditer(text))
    return {a[0].lower() for a, b in zip(tokens, tokens[1:])
            if not text[a.end():b.start()].strip() and (b[0].lower() not in STOPWORDS or b[0].lower() in _STOP_NOUNS)
            and any(c.isalpha() for c in b[0]) and everyday_adjective(a[0])}
