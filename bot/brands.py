"""A brand read as what it is: "Tylenol" as "acetaminophen" and "relievers", "Benadryl" as "diphenhydramine" and
"antihistamines", and a drug as its class: "prednisone" as "corticosteroids" (bot/data/brand_names.json, mined from
MedQuAD's answers by scripts/brand_names.py, CC BY 4.0).

The embedding model cannot tell a brand of a class from a near miss (Claritin 0.375 to "antihistamines", Xanax
0.454), so the link comes from consumer-health writing that spells it out. A brand no answer links ("Xanax",
"Lipitor") has no reading and stays unknown: a question about it is declined as before, unless the corpus's
maintainer names it in aliases.yaml (index/aliases.py), which the bot reads beside this table (bot/vocabulary.py).
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Callable

from .drug_stems import other_name, stem_readings
from .specificity import zipf
from .typos import by_initial, typo_of

DATA = Path(__file__).resolve().parent / "data" / "brand_names.json"


@lru_cache(maxsize=1)
def _data() -> dict:
    """The mined table, read once; empty without it (the file is generated; brands are then unknown words)."""
    try:
        return json.loads(DATA.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, ...]]:
    """{brand, lower case: its readings, generics first, then their classes}."""
    data = _data()
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


def readings(word: str, slips: bool = True) -> tuple[str, ...]:
    """What the brand or drug `word` is (generic names and drug classes, each a word or two), none for any other
    word. `slips`: also for a misspelling of one (`slip_of`). A drug the table lacks is read by its international
    name's ending, or as its other international name ("paracetamol": "acetaminophen"): bot/drug_stems.py."""
    key = word.lower()
    found = _table().get(key, ())
    if not found and slips:
        found = _table().get(slip_of(key) or "", ())
    if not found and (name := other_name(key)):
        found = _table().get(name) or (name, *_classes().get(name, ()))
    return found or stem_readings(key)


@lru_cache(maxsize=1)
def _classes() -> dict[str, tuple[str, ...]]:
    """{generic: its classes} as the mined table reads a brand's generic ("acetaminophen": "relievers")."""
    return {g: tuple(kinds) for g, kinds in _data().get("classes", {}).items()}


@lru_cache(maxsize=1)
def _by_initial() -> dict[str, list[str]]:
    return by_initial(_table())


@lru_cache(maxsize=4096)
def slip_of(word: str) -> str | None:
    """The brand or drug of the table that `word` is a slip of the keyboard for (typos.typo_of: one edit, two in a
    long word), if English has no such word at all: "prednisalone" (zipf 0) for "prednisone". A real word is meant as
    written, even a rare one: drugs are zipf 1.3-2.6 ("prednisolone" 2.13, "tagamet" 1.34), under typo_of's
    common-word bar (3.0), which would read such a drug as its neighbour in the table; misspelt names measured 0
    ("ibuprofin", "tylenal", "benadril")."""
    key = word.lower()
    if key in _table() or zipf(key) > 0:
        return None
    return typo_of(key, _by_initial())


def read_only(subject: list[str], written: Callable[[str], bool],
              read_as: Callable[[str], tuple[str, ...]] = readings) -> list[str]:
    """The words of `subject`, each once, that the documents know only by a reading (`read_as`; `written`: whether
    the corpus writes a word itself)."""
    return [w for w in dict.fromkeys(subject) if read_as(w) and not written(w)]


def unsaid(subject: list[str], quoted: list[tuple[str, str]], written: Callable[[str], bool],
           stem: Callable[[str], str], read_as: Callable[[str], tuple[str, ...]] = readings) -> list[str]:
    """The drugs of `subject` that the documents know only by a reading (`written`: whether the corpus writes a word
    itself) and that no `quoted` (sentence, its passage) says by a reading where the passage also names the
    question's other subject words. "Is Advil safe for my son with ITP and low platelets?" was answered with IVIG's
    dosing in ITP, and "Is ibuprofen ok, her platelets are only 20?" with the pain relievers given around an
    infusion, as if either said the drug was safe with low platelets. A drug stands in for its class where the
    answer says the class of what was asked ("Can he take Tylenol before the infusion?": "... pain relievers ...";
    "Why add prednisone to my IVIG for ITP?": the ITP page's "Concomitant corticosteroids ..."). `read_as`: a
    word's readings (`readings`, or the bot's, which adds a corpus's aliases: bot/vocabulary.py)."""
    def stems(text: str) -> set[str]:
        return {stem(w) for w in re.findall(r"[a-z0-9]+", text.lower())}

    read = [(stems(sentence), stems(passage)) for sentence, passage in quoted]
    drugs = read_only(subject, written, read_as)
    others = {stem(w.lower()) for w in subject if w not in drugs}

    def said(drug: str) -> bool:
        kinds = {stem(part) for reading in read_as(drug) for part in reading.split()}
        return any(kinds & sentence and (not others or others & passage) for sentence, passage in read)

    return [d for d in drugs if not said(d)]


def known_brand(word: str, knows: Callable[[str], bool], read: Callable[[str], tuple[str, ...]] = readings) -> bool:
    """Whether `word` is a brand one of whose readings (`read`) the corpus has, every word of it (`knows`: a single
    word)."""
    return any(all(knows(w) for w in reading.split()) for reading in read(word))
