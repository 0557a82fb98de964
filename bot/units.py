"""Quantities a patient writes out, read as documents print them: "1 g per kilo" -> "1 g/kg", "two grams per
kilogram" -> "2 g/kg", "five days" -> "5 days". A closed class of English (number words up to twenty and the tens,
the metric mass units' names), so listed."""
from __future__ import annotations

import re

_NUMBERS = {w: str(n) for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty".split())}
_TENS = "thirty forty fifty sixty seventy eighty ninety".split()
_NUMBERS.update({w: str(20 + 10 * n) for n, w in enumerate(_TENS, 1)})
# what a number word counts when it is a quantity: a unit of mass, of time, or a course's doses
_COUNTED = r"(?:g|gm|grams?|mg|milligrams?|days?|weeks?|months?|hours?|doses?|infusions?)"
_SPELT = re.compile(r"\b(" + "|".join(_NUMBERS) + r")(?=\s+" + _COUNTED + r"\b)", re.I)
_MASS = {"g": "g", "gm": "g", "gram": "g", "grams": "g", "mg": "mg", "milligram": "mg", "milligrams": "mg"}
_KILO = r"(?:kilo(?:gram)?s?|kgs?)"
_PER_WEIGHT = re.compile(r"\b(\d+(?:\.\d+)?)\s*(g|gm|grams?|mg|milligrams?)\s*(?:per|a|/)\s*" + _KILO + r"\b"
                         r"(?:\s+of\s+(?:body\s*)?weight)?", re.I)


def as_printed(text: str) -> str:
    """`text` with its quantities written as documents print them (number words as digits before what they count, a
    dose per body weight as "g/kg" or "mg/kg"); every other word as it was."""
    text = _SPELT.sub(lambda m: _NUMBERS[m[1].lower()], text)
    return _PER_WEIGHT.sub(lambda m: f"{m[1]} {_MASS[m[2].lower()]}/kg", text)


_UNIT = re.compile(_COUNTED + "|" + _KILO + r"|minutes?|years?", re.I)


def is_unit(word: str) -> bool:
    """Whether `word` is a unit a quantity is counted in ("week" in "How many grams per week?"); one in capitals is an
    acronym ("MG": myasthenia gravis, not milligrams)."""
    return not (word.isupper() and len(word) > 1) and bool(_UNIT.fullmatch(word))
