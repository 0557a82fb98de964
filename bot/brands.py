"""A brand read as what it is: "Tylenol" as "acetaminophen" and "relievers", "Benadryl" as "diphenhydramine" and
"antihistamines", and a drug as its class: "prednisone" as "corticosteroids" (bot/data/brand_names.json, mined from
MedQuAD's answers by scripts/brand_names.py, CC BY 4.0).

The embedding model cannot tell a brand of a class from a near miss (Claritin 0.375 to "antihistamines", Xanax
0.454), so the link comes from consumer-health writing that spells it out. A brand no answer links ("Xanax",
"Lipitor") has no reading and stays unknown: a question about it is declined as before.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Callable

DATA = Path(__file__).resolve().parent / "data" / "brand_names.json"


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, ...]]:
    """{brand, lower case: its readings, generics first, then their classes}."""
    try:
        data = json.loads(DATA.read_text(encoding="utf-8"))
    except FileNotFoundError:       # the file is generated; without it brands are unknown words, as before
        return {}
    classes = data.get("classes", {})
    table = {}
    for brand, generics in data.get("brands", {}).items():
        found = list(generics)
        found += [c for g in generics for c in classes.get(g, ())]
        table[brand] = tuple(dict.fromkeys(found))
    # a drug the answers write as one of a class, brand or none: "prednisone" as "corticosteroids" (the script's
    # `instances`), read like a brand's class
    for word, kinds in data.get("kinds", {}).items():
        table.setdefault(word, tuple(kinds))
    return table


def readings(word: str) -> tuple[str, ...]:
    """What the brand or drug `word` is (generic names and drug classes, each a word or two), none for any other
    word."""
    return _table().get(word.lower(), ())


def known_brand(word: str, knows: Callable[[str], bool]) -> bool:
    """Whether `word` is a brand one of whose readings the corpus has, every word of it (`knows`: a single word)."""
    return any(all(knows(w) for w in reading.split()) for reading in readings(word))
