"""Other names for what the documents write, set by a maintainer in the corpus's optional `aliases.yaml`:

    IVIG: [Gamunex, Privigen, Octagam]      # a term the documents write: the names a patient may use for it

A product's brand is corpus knowledge that no data here holds: MedQuAD's answers never name immune globulin brands
(so bot/data/brand_names.json has none), and the embedding model does not put "Gamunex" near "IVIG". "Is Gamunex
safe?" was declined ("they don't discuss Gamunex"). A name is read as its term wherever the bot reads a brand as its
generic (bot/brands.py); it never makes an uncovered subject answerable.

The build checks the file (a term the documents never write, a name they write themselves, a name of several words,
an everyday English word, a value that is not a list: each reported and left out, never fatal, like `sources.yaml`)
and stores what is usable in the manifest ("aliases": {term: [names]}); the bot reads it from there (`readings`), so
an index built before this has none. A name is read in any case ("gamunex" too), so a brand spelt like an everyday
word ("Ensure") is refused: read as its term it replaced the verb ("How can I ensure my child stays calm?" was asked
as "How can I treatment my child ...").
"""
from __future__ import annotations

import re
from typing import Callable

FILE = "aliases.yaml"
MAX_NAMES = 1000           # far past any real list; a bigger file is a mistake, reported, its rest left out
# A name this frequent in English (wordfreq Zipf) is an everyday word: the bot's own line between everyday words and
# ones that name a subject (bot/message_subject.RARE_ZIPF). "ensure" is 4.7; brands of the shipped file are 0,
# "Tylenol" 2.8, "Viagra" 3.2, "Tide" 4.1.
EVERYDAY_ZIPF = 4.5
_NAME = re.compile(r"[^\W_](?:[\w'\-]*[^\W_])?")      # one word, as the bot reads words (hyphens allowed inside)


def check(entries: dict[str, list], written: Callable[[str], bool]) -> tuple[dict[str, list[str]], list[str]]:
    """The usable entries ({term: [names]}, in the file's order, each name once) and a reason for each part left out.
    `written`: whether the documents write a word or phrase, as a whole word, in any case."""
    aliases: dict[str, list[str]] = {}
    problems: list[str] = []
    count = 0
    for term, names in entries.items():
        term = " ".join(term.split())
        if not term or not written(term):
            problems.append(f"entry '{term}' ignored: the documents never write '{term}', so no name can mean it")
            continue
        kept: dict[str, str] = {}
        for name in names:
            shown = name.strip() if isinstance(name, str) else repr(name)
            if not isinstance(name, str) or not _NAME.fullmatch(shown):
                quoted = f"'{shown}'" if isinstance(name, str) else shown
                problems.append(f"name {quoted} under '{term}' ignored: a name is one word of text (hyphens allowed)")
            elif written(shown):
                problems.append(f"name '{shown}' under '{term}' ignored: the documents write it themselves")
            elif everyday(shown):
                problems.append(f"name '{shown}' under '{term}' ignored: it is an everyday English word, and read in "
                                f"any case it would replace that word too")
            elif count >= MAX_NAMES:
                problems.append(f"name '{shown}' under '{term}' ignored: more than {MAX_NAMES} names")
            elif shown.lower() not in kept:
                kept[shown.lower()] = shown
                count += 1
        if kept:
            have = aliases.setdefault(term, [])
            have += [n for n in kept.values() if n not in have]
        elif not names:
            problems.append(f"entry '{term}' ignored: no names")
    return aliases, problems


def everyday(name: str) -> bool:
    """Whether `name` is an everyday English word (EVERYDAY_ZIPF), which a patient writes meaning something else."""
    from wordfreq import zipf_frequency

    return zipf_frequency(name.lower(), "en") >= EVERYDAY_ZIPF


def readings(manifest: dict) -> dict[str, tuple[str, ...]]:
    """{name, lower case: the terms it stands for} from a build's manifest; none for a build made before aliases were
    stored (store.check_manifest refuses a damaged entry)."""
    table: dict[str, dict[str, None]] = {}
    for term, names in (manifest.get("aliases") or {}).items():
        for name in names:
            table.setdefault(name.lower(), {})[term] = None
    return {name: tuple(terms) for name, terms in table.items()}


def damage(value) -> str:
    """Why a manifest's "aliases" entry cannot be read, or "" when it can."""
    if not isinstance(value, dict):
        return "it must map terms to lists of names"
    if not all(isinstance(t, str) and isinstance(n, list) and all(isinstance(x, str) for x in n)
               for t, n in value.items()):
        return "each term and name must be text, each term's names a list"
    return ""
