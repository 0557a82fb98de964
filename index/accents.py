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


def _fold_char(char: str) -> str:
    if char in _APOSTROPHES:
        return "'"
    if unicodedata.category(char) == "Pd":
        return "-"
    plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    # recomposed: Hangul syllables decompose into letters (jamo) that are not marks, and must stay whole
    return unicodedata.normalize("NFC", plain)


class _Folds(dict):
    """Code point -> its folded text, each computed when a text first brings it (str.translate asks)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLDS = _Folds()


def fold(text: str) -> str:
    """`text` with accents dropped and dashes and apostrophes plain ("Guillain–Barré’s" -> "Guillain-Barre's").
    ASCII text is returned as it is."""
    return text if text.isascii() else text.translate(_FOLDS)
