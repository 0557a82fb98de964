"""Accented letters read as plain ones, for every word list the index and the bot compare."""
from __future__ import annotations

import unicodedata

_FOLDS: dict[int, str] = {}     # code point -> its letter without accents, filled as texts bring them


def fold_accents(text: str) -> str:
    """Accented letters as their plain letters ("Guillain-Barré" -> "Guillain-Barre"), one character for one,
    so offsets into the text still hold. Patients type "Barre", documents print "Barré"; every word list
    (BM25 terms, the vocabulary, the question's words) reads text through this, so the two meet."""
    if text.isascii():
        return text
    for char in set(text).difference(map(chr, _FOLDS)):
        if not char.isascii():
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            _FOLDS[ord(char)] = base if len(base) == 1 else char
    return text.translate(_FOLDS)
