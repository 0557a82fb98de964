"""Deciding whether the documents cover a question, before answering it.

Two tests, because similarity alone is fooled by questions that look like the corpus:
1. every specific word of the question (a drug, a disease, an acronym, a rare term) must occur in the
   corpus, allowing for inflection and small typos, and so must most of its less common words;
2. the best chunk's cosine similarity must reach the threshold (calibrated on the test set: `python -m eval --calibrate`).
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from index.vectorstore import Analyzer
from settings import DEFAULT_THRESHOLD

from .synonyms import clinical_words
from .terms import content_words, is_name, is_specific, zipf

_PREPOSITIONS = "to|for|in|with|while|on|about|against|versus|vs"
STRONG_MATCH = 0.45
CACHED_WORDS = 50_000       # words whose verdict is remembered: bounded, whatever people type
_OBJECT = re.compile(rf"\b(?:{_PREPOSITIONS})\s+(?=([A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]))", re.I)


@dataclass(frozen=True)
class Coverage:
    covered: bool
    score: float                    # compared with the threshold; higher is better covered
    missing: tuple[str, ...] = ()   # subject words the corpus never mentions
    reason: str = ""


class Vocabulary:
    """Which words the corpus knows, by stem, with a fuzzy fallback for typos."""

    def __init__(self, lexical: Analyzer):
        self.lexical = lexical
        self.stems = lexical.vocabulary
        self._by_initial: dict[str, list[str]] = {}
        for stem in self.stems:
            self._by_initial.setdefault(stem[:1], []).append(stem)
        self._knows = lru_cache(maxsize=CACHED_WORDS)(self._knows_word)

    def knows(self, word: str) -> bool:
        """True when the corpus has the word, or the clinical word for it (see synonyms.py)."""
        return self._knows(word.lower())

    def _knows_word(self, key: str) -> bool:
        parts = [p for p in re.split(r"[-']", key) if len(p) > 1] or [key]
        return (all(self._knows_part(p) for p in parts)
                or any(self._knows_part(w.lower()) for w in clinical_words(key)))

    def _knows_part(self, part: str) -> bool:
        stem = self.lexical.stem(part)
        if stem in self.stems or part in self.stems:
            return True
        if len(part) < 6:
            return False
        return bool(difflib.get_close_matches(stem, self._by_initial.get(stem[:1], []), n=1, cutoff=0.85))


def assess(question: str, vocabulary: Vocabulary, best_dense: float, threshold: float = DEFAULT_THRESHOLD) -> Coverage:
    subject = content_words(question)
    missing = tuple(w for w in subject if not vocabulary.knows(w))
    score = round(float(best_dense), 4)
    missing_specific = [w for w in missing if is_specific(w)]
    known_specific = [w for w in subject if w not in missing and is_specific(w)]
    # A clinician's abbreviation the documents spell out ("VTE", "LMWH") is tolerated in a question that
    # is otherwise clearly about what they discuss; a subject they never mention is not.
    names = [w for w in missing if is_name(w, sentence_start=question.lstrip().startswith(w))]
    tolerated = not names and len(known_specific) > len(missing_specific) and score >= STRONG_MATCH
    if (missing_specific or names) and not tolerated:
        missing_specific = list(dict.fromkeys(names + missing_specific))
        return Coverage(False, score, missing, f"they don't mention {_join(missing_specific)}")
    # Everyday words ("stuff", "bag") are how patients paraphrase; rarer ones that the documents never
    # use, when they are most of the question, mean another topic.
    unusual = [w for w in missing if zipf(w) < 4.5]
    if subject and (len(unusual) / len(subject) >= 0.5 or len(missing) / len(subject) > 0.6):
        return Coverage(False, score, missing, f"they don't discuss {_join(unusual or missing)}")
    # "given to dogs", "cost in euros", "safe while breastfeeding": the object of a preposition is
    # what the question is about.
    after_preposition = {m.group(1).lower() for m in _OBJECT.finditer(question)}     # one pass: linear
    objects = [w for w in missing if len(w) > 2 and not w.isupper() and w.lower() in after_preposition]
    if objects:
        return Coverage(False, score, missing, f"they don't discuss {_join(objects)}")
    if score < threshold:
        return Coverage(False, score, missing, "nothing in them is close enough to the question")
    return Coverage(True, score, missing)


def _join(words) -> str:
    words = list(dict.fromkeys(words))
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
