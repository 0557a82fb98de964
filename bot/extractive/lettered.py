"""Names made of a word and a single letter or number: "B cells", "T-cell", "vitamin D", "hepatitis C", "type 2".

The lexical index drops one-character tokens (bm25s keeps words of two or more), so "What does IVIG do to B cells?"
weighs only "cells", which every sentence about T cells, immune cells or red blood cells holds too: holdout8's
follow-up on B cells was answered with sentences on autoantibodies and immune cells, the one sentence naming B cells
ranked 11th. A candidate holding the name as the question writes it (a hyphen or space between its parts, a plural or
not) says what was asked of that one kind.
"""
from __future__ import annotations

import re

from ..terms import STOPWORDS

# a capital letter before a word ("B cells"; not "A" or "I", English's words), or a word before a capital letter or a
# one- or two-digit number ("vitamin D", "type 2"; not "in 2" or "for 5": stop words)
_LETTER_FIRST = re.compile(r"\b([B-HJ-Z])[- ]([a-z]{3,})\b")
_LETTER_AFTER = re.compile(r"\b([A-Za-z]{3,})[- ]([A-Z]|\d{1,2})\b(?![./,]\d)")


def lettered_names(question: str) -> list[re.Pattern]:
    """Patterns matching, in a candidate's text, each lettered name `question` writes (see the module docstring)."""
    found = []
    for match in _LETTER_FIRST.finditer(question):
        if match[2] not in STOPWORDS:
            found.append(_pattern(match[1], match[2], letter_first=True))
    for match in _LETTER_AFTER.finditer(question):
        if match[1].lower() not in STOPWORDS:
            found.append(_pattern(match[1], match[2], letter_first=False))
    return found


def _pattern(first: str, second: str, letter_first: bool) -> re.Pattern:
    if letter_first:
        stem = second.lower().removesuffix("s")
        return re.compile(rf"\b{re.escape(first)}[- ]?{re.escape(stem)}s?\b")
    return re.compile(rf"\b{re.escape(first.lower().removesuffix('s'))}s?[- ]{re.escape(second)}\b", re.I)
