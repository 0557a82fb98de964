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


# The units a patient asks a quantity in, as written or abbreviated ("hrs", "mL", "kilo"): a closed class of English.
# Documents print them as symbols ("1 g/kg", which the index reads as "kg" alone) or not at all ("mL"), so such a word
# is how a quantity is asked, never what about. (fresh wordings: "How many grams per kilo?" was declined as "they don't
# discuss grams per kilo", "how many hrs before ..." as "hrs", "How many mL of water ..." as "mL")
_ASKED = re.compile(_COUNTED + "|" + _KILO + r"|hrs?|mins?|minutes?|years?|secs?|seconds?"
                    r"|ml|mls|cc|(?:milli|centi)?(?:litre|liter)s?|l|micrograms?|mcg|ug|lbs?|pounds?|ounces?|oz",
                    re.I)
# what counts a quantity's unit ("how many", "a few", a number) and what divides one by another ("per", "a")
_COUNTERS = frozenset("many much few several".split())
_PER = frozenset("per a an each every".split())
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[A-Za-z]+")


def asked_units(text: str) -> set[str]:
    """The unit words of a question (lower case) that count a quantity: after "how many"/"how much", a number or "per"
    ("how many grams per kilo", "about 2 hrs"), or right before "per"/"a" and another unit ("grams a kilo"). Not a unit
    word alone ("Is a pound of cheese ok?": "a" leads a unit only after another unit, as in "grams a kilo"), nor one in
    capitals, an acronym ("MG"). A "per" that divides a unit is returned with it."""
    written = _TOKEN.findall(text)
    said = [w.lower() for w in written]
    found: set[str] = set()
    for i, word in enumerate(said):
        if not _ASKED.fullmatch(word) or (written[i].isupper() and len(word) > 1 and word != "ml"):
            continue
        before = said[i - 1] if i else ""
        counted = before in _COUNTERS or bool(_NUMBER.fullmatch(before)) or before in _NUMBERS
        per = before == "per" or (before in _PER and i > 1 and bool(_ASKED.fullmatch(said[i - 2])))
        leads = len(said) > i + 2 and said[i + 1] in _PER and bool(_ASKED.fullmatch(said[i + 2]))
        if counted or per or leads:
            found.add(word)
            if before == "per":
                found.add(before)       # "per" between two units is the quantity's too: "ITP dose in grams per kilogram"
    return found


def without_units(text: str) -> str:
    """`text` with the unit words it counts a quantity in (`asked_units`) blanked out, an acronym in capitals kept: "Is
    400 mg/kg the usual dose?" names no document by "mg", though the MG page owns the term ("MG" in "how many mg per
    kilo for MG?" still does)."""
    units = asked_units(text)
    if not units:
        return text
    return _TOKEN.sub(lambda m: " " if m.group().lower() in units and not m.group().isupper() else m.group(), text)

