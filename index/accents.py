"""Text as every word list compares it: accents dropped, look-alike dashes and apostrophes made plain.

Patients type "Guillain-Barre", "Sjogren", "IVIG’s"; documents print "Guillain-Barré", "Sjögren", "IVIG's"
(or the other way round). The BM25 terms, the corpus vocabulary and the question's words all read text
through `fold`, so both spellings reach the same terms. The texts themselves (what is quoted and cited)
are never changed.

Accents come from Unicode's own data (compatibility decomposition, then the combining marks dropped), not a
list: "é" -> "e", "ö" -> "o", "ç" -> "c", full-width "ＩＶＩＧ" -> "IVIG", "ﬁ" -> "fi". A letter without a
decomposition stays as it is ("ø", "ß", Greek and CJK letters).
"""
from __future__ import annotations

import unicodedata

# Apostrophes in all but name: the typographic one (’, which phones and word processors type), the
# opening quote used for it, the modifier letter and the prime. Unicode files them as quotation marks,
# letters or symbols, so no property finds them; every dash (category Pd) becomes "-" without a list.
_APOSTROPHES = "\u2019\u2018\u02bc\u2032"
_FOLDS: dict[int, str] = {}     # code point -> its folded text, filled as texts bring new characters


def _fold_char(char: str) -> str:
    if char in _APOSTROPHES:
        return "'"
    if unicodedata.category(char) == "Pd":
        return "-"
    plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    # recomposed: Hangul syllables decompose into letters (jamo) that are not marks, and must stay whole
    return unicodedata.normalize("NFC", plain)


def fold(text: str) -> str:
    """`text` with accents dropped and dashes and apostrophes plain ("Guillain–Barré’s" -> "Guillain-Barre's").
    ASCII text is returned as it is; the folding of each other character is computed once."""
    if text.isascii():
        return text
    for char in set(text):
        if not char.isascii() and ord(char) not in _FOLDS:
            _FOLDS[ord(char)] = _fold_char(char)
    return text.translate(_FOLDS)
