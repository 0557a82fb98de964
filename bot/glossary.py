"""Plain definitions of the medical terms in an answer, and answers to "What does X mean?".

Definitions come first from the corpus (found at build time, index/glossary.py, kept in the build's
manifest["glossary"]), then from the open glossary shipped in bot/data/medquad_glossary.jsonl.gz
(MedQuAD's NIH answers, CC BY 4.0; built by `python -m scripts.build_glossary`), last from the few the
project wrote itself for terms its answers quote and neither source defines (bot/data/project_glossary.yaml,
CC BY 4.0; each entry says why it is there). A term is marked
when a document defines it (its author thought it needed explaining) or, for the open glossary's
thousands of terms, when it is rare in general English (wordfreq); never the corpus's own subject (a term in
every document, like "IVIG", is what the reader came for). Left out: terms inside words, plurals
that the glossary does not list, and more than MAX_TERMS terms per answer.
"""
from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import yaml
from wordfreq import zipf_frequency

from index.glossary import definitions as corpus_definitions

from .meaning import asked_term
from .types import Definition

OPEN_GLOSSARY = Path(__file__).resolve().parent / "data" / "medquad_glossary.jsonl.gz"
PROJECT_GLOSSARY = Path(__file__).resolve().parent / "data" / "project_glossary.yaml"
OPEN_SOURCE = "MedQuAD, {collection} (CC BY 4.0)"
MAX_TERMS = 3
MAX_WORDS = 6           # the longest term looked for
RARE_ZIPF = 3.3         # rarer than about 2 in a million words: "thrombocytopenia", "anemia"; not "fever"
_WORD = re.compile(r"[A-Za-z0-9][\w’'-]*")


@dataclass(frozen=True)
class Entry:
    names: tuple[str, ...]        # the term and its other names
    definition: Definition
    in_corpus: bool = False       # found in the documents (then they answer questions about it themselves)


def _exact(name: str) -> bool:
    """Abbreviations ("MG", "FcR") match only as written: "mg" is a unit."""
    return len(name) <= 4 or any(ch.isupper() for ch in name[1:])


class Glossary:
    """Terms and their definitions; `subjects` are lowercased terms never marked (the corpus's topic)."""

    def __init__(self, entries: Iterable[Entry], subjects: Iterable[str] = ()):
        self.exact: dict[str, Entry] = {}
        self.folded: dict[str, Entry] = {}
        for entry in entries:                 # earlier entries win: the corpus before the open glossary
            for name in entry.names:
                name = " ".join(name.split())
                table, key = (self.exact, name) if _exact(name) else (self.folded, name.lower())
                table.setdefault(key, entry)
        self.subjects = {s.lower() for s in subjects}

    def __len__(self) -> int:
        return len({id(e) for e in (*self.exact.values(), *self.folded.values())})

    def find(self, name: str) -> Entry | None:
        """The entry for `name` as written, or for its singular ("Fc receptors" -> "Fc receptor")."""
        name = " ".join(name.split())
        found = self.exact.get(name) or self.folded.get(name.lower())
        if found is None and len(name) > 4 and name.endswith("s") and not name.endswith("ss"):
            found = self.exact.get(name[:-1]) or self.folded.get(name[:-1].lower())
        return found

    def define(self, texts: Iterable[str]) -> tuple[Definition, ...]:
        """Definitions of the terms in `texts` that the documents define, then of the open glossary's terms
        that are rare in general English, rarest first; each term as the text writes it."""
        found: dict[int, tuple[float, Definition]] = {}
        for text in texts:
            words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
            i = 0
            while i < len(words):
                for n in range(min(MAX_WORDS, len(words) - i), 0, -1):     # the longest term at i
                    written = text[words[i][0]:words[i + n - 1][1]]
                    entry = self.find(written)
                    if entry and written.lower() not in self.subjects and id(entry) not in found:
                        rarity = zipf_frequency(written, "en")
                        if entry.in_corpus or rarity < RARE_ZIPF:
                            term = entry.definition
                            found[id(entry)] = ((not entry.in_corpus, rarity),
                                                Definition(written, term.definition, term.source, term.url))
                        i += n - 1
                        break
                i += 1
        return tuple(d for _, d in sorted(found.values(), key=lambda item: item[0])[:MAX_TERMS])

    def asked(self, question: str) -> Definition | None:
        """The definition a "What does X mean?" / "What is X?" question asks for, when X is a term of the
        open glossary (a term the documents define is theirs to answer, with a citation)."""
        term = re.sub(r"^the\s+", "", asked_term(question), flags=re.I)
        entry = self.find(term) if term else None
        if entry and not entry.in_corpus:
            return Definition(term, entry.definition.definition, entry.definition.source, entry.definition.url)
        return None


def from_corpus(found: Iterable[dict], urls: dict[str, str] | None = None) -> list[Entry]:
    """Entries from the definitions a build found (manifest["glossary"]); source: the document's title."""
    urls = urls or {}
    return [Entry((d["term"], *d.get("aliases", ())),
                  Definition(d["term"], d["definition"], d["title"], urls.get(d["doc_id"], "")), True)
            for d in found]


@lru_cache(maxsize=2)
def open_glossary(path: Path = OPEN_GLOSSARY) -> tuple[Entry, ...]:
    """The shipped MedQuAD glossary (read once per process)."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return tuple(Entry((r["term"], *r.get("synonyms", [])),
                       Definition(r["term"], r["definition"], OPEN_SOURCE.format(collection=r["collection"]), r["url"]))
                 for r in rows)


@lru_cache(maxsize=2)
def project_glossary(path: Path = PROJECT_GLOSSARY) -> tuple[Entry, ...]:
    """The project's own definitions (read once per process), attributed to the project."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(Entry((t["term"], *t.get("aliases", ())), Definition(t["term"], t["definition"], data["source"]))
                 for t in data["terms"])


def for_index(stored) -> Glossary:
    """The glossary for a loaded build: its corpus definitions (found again from its documents when the
    build predates manifest["glossary"]), then the open glossary, then the project's. Terms found in every document of a
    corpus of three or more are its subject and are not marked."""
    documents = list(stored.documents.values())
    found = stored.manifest.get("glossary")
    if found is None:
        found = corpus_definitions(documents)
    urls = {d.id: str(d.meta.get("url", "")) for d in documents}
    entries = [*from_corpus(found, urls), *open_glossary(), *project_glossary()]
    subjects = set()
    if len(documents) >= 3:
        texts = [d.text.lower() for d in documents]
        subjects = {name.lower() for e in entries[:len(found)] if all(e.definition.term.lower() in t for t in texts)
                    for name in e.names}
    return Glossary(entries, subjects)
