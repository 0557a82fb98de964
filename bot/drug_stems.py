"""A specific drug read as its class by the ending of its international name ("prednisolone" -> "corticosteroids",
"enoxaparin" -> "heparin", "pyridostigmine" -> "acetylcholinesterase inhibitors"): bot/data/drug_stems.txt (the WHO's
INN stems; why a list, with the model's measured misses, is said there). brands.readings reads it after its mined
table; a class the corpus never writes ("antibiotics") leaves the drug unknown, so a question about it is declined as
before."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .specificity import zipf

DATA = Path(__file__).resolve().parent / "data" / "drug_stems.txt"
ROOT_MIN = 3            # letters an ending must leave: "sone" is no stem of "sone", nor "mab" of "mab"
# A drug's name is no English word: one that ends like a stem is read as the word it is ("escort" 4.0, "April" 5.2).
# Measured: prednisolone 2.1, dexamethasone 2.3, cortisone 2.5, enoxaparin 1.4, pyridostigmine 1.1, cetirizine 1.5.
ENGLISH_ZIPF = 3.0


@lru_cache(maxsize=1)
def _table() -> tuple[tuple[tuple[str, tuple[str, ...]], ...], dict[str, str]]:
    """(endings longest first with their readings, {other name: name})."""
    endings, names = [], {}
    try:
        lines = DATA.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return (), {}
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        key, _, value = line.partition("\t")
        if key.startswith("="):
            names[key[1:].lower()] = value.strip().lower()
        else:
            endings.append((key.lower(), tuple(r.strip() for r in value.split(";") if r.strip())))
    return tuple(sorted(endings, key=lambda pair: -len(pair[0]))), names


def other_name(word: str) -> str:
    """The drug's other international name ("paracetamol" -> "acetaminophen"), or ""."""
    return _table()[1].get(word.lower(), "")


def stem_readings(word: str) -> tuple[str, ...]:
    """The classes a drug's name says it is of (its longest INN ending), none for a word English has (ENGLISH_ZIPF)
    or one with no such ending."""
    key = word.lower()
    if not key.isalpha() or zipf(key) >= ENGLISH_ZIPF:
        return ()
    for ending, readings in _table()[0]:
        if key.endswith(ending) and len(key) - len(ending) >= ROOT_MIN:
            return readings
    return ()
