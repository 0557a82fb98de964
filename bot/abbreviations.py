"""Abbreviations and what they stand for: spelt out in brackets, an acronym of a title's words, a mixed-case short
form of running text's words ("IgA": "immunoglobulin A")."""
from __future__ import annotations

import re

from index.accents import fold

from .terms import STOPWORDS, words


_BRACKETED = re.compile(r"\(([A-Za-z][A-Za-z0-9\-]{1,11})\)")


def spelt_out(text: str) -> dict[str, str]:
    """Abbreviations the text itself spells out, each with the words it stands for: "(OPMLs)" after "Oral
    Potentially Malignant Lesions", "(UCB)" after "umbilical cord blood". Their letters (capitals, a plural "s"
    dropped) are the initials, in order, of the words just before them (a compound word may give more than its
    initial). Such an abbreviation says nothing the words before it do not."""
    found = {}
    for match in _BRACKETED.finditer(text):
        letters = [c.lower() for c in match[1].removesuffix("s") if c.isupper()]
        if len(letters) < 2:
            continue
        before = words(text[:match.start()])
        initials = iter(w[0].lower() for w in before[-len(letters) - 1:])
        if all(letter in initials for letter in letters):          # a subsequence, in order
            found[match[1]] = " ".join(before[-len(letters) - 1:])
        elif named := next((before[-n:] for n in range(1, len(letters)) if _abbreviates(letters, before[-n:])), None):
            found[match[1]] = " ".join(named)
    return found


def _abbreviates(letters: list[str], named: list[str]) -> bool:
    """Whether `letters` abbreviate the words `named` when a word may give more than its initial, as a compound
    word does: "MMA" for "methylmalonic acidemia" (methyl-malonic). Every word gives its initial, in order."""
    i = 0
    for n, word in enumerate(named):
        if i >= len(letters) or word[0].lower() != letters[i]:
            return False
        i, inside, left = i + 1, word[1:].lower(), len(named) - n - 1
        while len(letters) - i > left and (at := inside.find(letters[i])) >= 0:      # more letters than words left
            i, inside = i + 1, inside[at + 1:]
    return i == len(letters)


INITIALISM_MIN = 3          # two letters match some pair of words in any long text ("MS", "ER", "OB")
_ACRONYM = re.compile(r"[A-Z]{%d,6}s?" % INITIALISM_MIN)


def initialism(word: str, titles: str) -> str:
    """The words of a title (`titles`: one a line) that an acronym the documents never write stands for: as many
    consecutive words of a line as it has letters, none a stop word, whose initials are its letters in order
    ("Benign Prostatic Hyperplasia" for "BPH", "Chronic Kidney Disease" for "CKD"); "" when none, or when `word`
    is no acronym of INITIALISM_MIN letters or more. Only titles: in running text three words match almost any
    three letters ("at least six" for "ALS", "series-level evidence" for "SLE")."""
    if not _ACRONYM.fullmatch(word):
        return ""
    letters = word.removesuffix("s")
    body = r"[ \t-]+".join(rf"({c}[A-Za-z]*)" for c in letters)
    for found in re.finditer(rf"(?<![A-Za-z]){body}(?![A-Za-z])", fold(titles), re.I):
        if not any(part.lower() in STOPWORDS for part in found.groups()):
            return found.group()
    return ""


_MIXED = re.compile(r"(?:[A-Z][a-z]*){2,4}")


def mixed_case(word: str) -> bool:
    """An abbreviation of capitals with small letters after them: "IgA", "HbA", not "Walgreens" nor "MS"."""
    return bool(_MIXED.fullmatch(word)) and not word.isupper()


def long_form(short: str, text: str) -> str:
    """The words of `text` that a mixed-case abbreviation stands for, by the Schwartz-Hearst rule made strict for
    running text: each capital starts a word, in order and adjacent, and the small letters after it lie inside
    that word ("IgA": "immunoglobulin A", "IgM": "immunoglobulin M"). A lone capital stands for itself, a letter
    that names a kind, written as a capital ("immunoglobulin assays" is no "IgA"). "" when none, or when `short`
    has no small letter
    (an all-capital one is `initialism`'s: two or three capitals match words of almost any text, "MS" in
    "meaningful symptom")."""
    if not mixed_case(short):
        return ""
    groups = re.findall(r"[A-Z][a-z]*", short)
    body = r"[ \t-]+".join("(" + "[a-z]*".join(g) + "[a-z]*)" for g in groups)
    for found in re.finditer(rf"(?<![A-Za-z]){body}(?![A-Za-z])", fold(text), re.I):
        if all(len(g) > 1 or part == g for g, part in zip(groups, found.groups())):
            return found.group()
    return ""
