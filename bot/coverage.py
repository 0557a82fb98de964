"""Deciding whether the documents cover a question, before answering it.

Two tests, because similarity alone is fooled by questions that look like the corpus:
1. every specific word of the question (a drug, a disease, an acronym, a rare term, a health topic's
   name such as "diabetes") must occur in the corpus, allowing for inflection and small typos, and so
   must most of its less common words; a word counts as known when a corpus word ends with it or is
   spelt nearly like it ("steroids" -> "corticosteroids"), a topic's name only when the corpus has it;
2. the best chunk's cosine similarity must reach the threshold (calibrated on the test set: `python -m eval --calibrate`).
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from index.vectorstore import Analyzer
from settings import DEFAULT_THRESHOLD

from .synonyms import Neighbours, clinical_words
from .terms import content_words, is_name, is_specific, is_topic, zipf

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

    def __init__(self, lexical: Analyzer, generic: frozenset = frozenset(), neighbours: Neighbours | None = None):
        self.lexical = lexical
        self.stems = lexical.vocabulary
        self.generic = generic            # stems every document shares (index/vocabulary.py)
        self.neighbours = neighbours
        self._by_initial: dict[str, list[str]] = {}
        for stem in self.stems:
            self._by_initial.setdefault(stem[:1], []).append(stem)
        self._knows = lru_cache(maxsize=CACHED_WORDS)(self._knows_word)
        self._related = lru_cache(maxsize=CACHED_WORDS)(self._related_word)

    def knows(self, word: str) -> bool:
        """True when the corpus has the word, or the clinical word for it (see synonyms.py)."""
        return self._knows(word.lower())

    def is_generic(self, word: str) -> bool:
        """A word of the corpus's generic vocabulary: it never decides what a question is about."""
        return self.lexical.stem(word) in self.generic

    def content_words(self, text: str) -> list[str]:
        return content_words(text, self.is_generic)

    def related(self, word: str) -> tuple[str, ...]:
        """Corpus words that stand in for a word the documents never use: a longer corpus word ending
        with it ("steroids" -> "corticosteroids"), a close spelling ("kidnyes" -> "kidneys"), else, for
        an everyday word (not a topic's or a drug's name), its nearest corpus words by the model."""
        return tuple(w for w, _ in self._scored(word))

    def _scored(self, word: str) -> tuple[tuple[str, float], ...]:
        if self.neighbours is None or self.stems_known(word):
            return ()
        return self._related(word.lower())

    def _related_word(self, key: str) -> tuple[tuple[str, float], ...]:
        words = self.neighbours.words
        longer = [w for w in words if len(key) >= 5 and w.endswith(key) and w != key][:2]
        # a hyphenated name is matched part by part (_knows_part), not as a near spelling of the whole
        close = [w for w in difflib.get_close_matches(key, words, n=3, cutoff=0.75)
                 if w[0] == key[0]][:1] if len(key) >= 5 and "-" not in key else []
        if longer or close:
            return tuple((w, 1.0) for w in dict.fromkeys(longer + close))
        if is_topic(key) or is_name(key):
            return ()
        return self.neighbours(key)

    def stems_known(self, word: str) -> bool:
        """The word's stem (or each part's, for "blood-thinner") is in the corpus exactly."""
        parts = [p for p in re.split(r"[-']", word.lower()) if len(p) > 1] or [word.lower()]
        return all(self.lexical.stem(p) in self.stems or p in self.stems for p in parts)

    def knows_literally(self, word: str) -> bool:
        key = word.lower()
        parts = [p for p in re.split(r"[-']", key) if len(p) > 1] or [key]
        return all(self._knows_part(p) for p in parts)

    def _knows_word(self, key: str) -> bool:
        return (self.knows_literally(key) or any(self._knows_part(w.lower()) for w in clinical_words(key))
                or self.by_spelling(key))

    def by_spelling(self, word: str) -> bool:
        """Known through a corpus word that ends with it or is spelt nearly like it. Nearness by the
        model alone does not make a word known: "dogs" is near "animal", "euros" near "price", and
        those questions are about something else; such words only widen the search (Bot.widen)."""
        scored = self._scored(word)
        return bool(scored) and scored[0][1] >= 1.0

    def _knows_part(self, part: str) -> bool:
        stem = self.lexical.stem(part)
        if stem in self.stems or part in self.stems:
            return True
        if len(part) < 6:
            return False
        return bool(difflib.get_close_matches(stem, self._by_initial.get(stem[:1], []), n=1, cutoff=0.85))


def assess(question: str, vocabulary: Vocabulary, best_dense: float, threshold: float = DEFAULT_THRESHOLD) -> Coverage:
    subject = vocabulary.content_words(question)
    missing = tuple(w for w in subject if not vocabulary.knows(w))
    score = round(float(best_dense), 4)
    missing_specific = [w for w in missing if is_specific(w) or is_topic(w)]
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
