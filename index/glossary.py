"""Definitions the corpus gives itself, found at build time and kept in the build's manifest.

Three ways a document defines a term, each a whole sentence or list item:

- a glossary item: "• Immune thrombocytopenia — A disorder in which platelets ... are destroyed";
- "X is a/an/the ...", "X are ...", "X, the Y, is a ...": "FcR is a protein that allows ...";
- "X (Y) is a ...", which defines both the name and its abbreviation;
- a plain gloss in brackets: "platelets (cell fragments that help blood clot)", "diplopia (double vision)".

A defined abbreviation also takes the name it abbreviates elsewhere in the corpus ("the neonatal Fc
receptor (FcR)" gives FcR the aliases "neonatal Fc receptor" and "Fc receptor").

X must be a short noun phrase that opens the sentence and is not a pronoun or a generic opener
("It is a coherent idea" defines nothing). Left out: definitions spread over several sentences, and
"X, which is a ..." clauses inside longer sentences.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from wordfreq import zipf_frequency

from .documents import Document
from .sentences import sentence_spans

MAX_TERM_WORDS = 5
MAX_DEFINITION_CHARS = 300
_NAME = r"[A-Z][\w’'-]*(?: [\w’'-]+){0,%d}" % (MAX_TERM_WORDS - 1)
_ITEM = re.compile(rf"^•\s*(?P<term>{_NAME})\s+[—–]\s+(?P<definition>(?:An?|The) .+)$")
_COPULA = re.compile(rf"^(?P<term>{_NAME})(?: \((?P<alias>[^()]{{1,40}})\))?(?:, [^,]{{3,60}},)? "
                     rf"(?:is (?:an?|the)|are) (?P<rest>\w.+)$")
_OPENERS = {"it", "this", "that", "these", "those", "there", "here", "which", "what", "who", "he", "she", "they",
            "we", "you", "i", "one", "each", "the", "a", "an", "its", "their", "our", "your", "my", "his", "her",
            "some", "many", "most", "all", "any", "no", "not", "such", "another", "other", "much", "more", "why",
            "how", "when", "where", "if", "so", "but", "and", "or", "as", "also", "however", "still", "then",
            "although", "though", "because", "since", "while", "unless", "until", "after", "before", "either",
            "neither", "whether", "both", "for", "in", "on", "at", "by", "with", "without", "from", "to", "of",
            "does", "do", "did", "is", "are", "was", "were", "be", "can", "may", "will"}
# "X is a ..." with these after the verb is a claim about X, not a definition of it.
_NOT_A_CLASS = {"important", "common", "rare", "likely", "unlikely", "used", "given", "not", "very", "still", "also",
                "often", "usually", "generally", "known", "thought", "safe", "expensive", "one", "key", "good",
                "most", "best", "main", "only", "first", "same", "least", "more", "less", "worst"}


_GLOSS = re.compile(r"(?P<before>(?:[A-Za-z][\w’'-]* ){0,2}[A-Za-z][\w’'-]*) \((?P<gloss>[a-z][^()\d]{6,80})\)")
_NOT_A_GLOSS = re.compile(r"^(which|who|that|like|such as|e\.g|i\.e|or|and|also|see|including|for example)\b")
_BRACKETED = re.compile(r" \(([^()\s]{1,8})\)")               # " (FcR)": an abbreviation's possible use
_NAME_BEFORE = re.compile(r"(?:[\w’'-]+ ){0,3}[\w’'-]+$")       # the (up to) four words that end there
_NAME_WINDOW = 200
CACHED_TEXTS = 50_000  # documents whose definitions are remembered (SciFact has 5,183)
RARE_ZIPF = 3.5       # a glossed word rarer than this is a term ("diplopia"); a commoner one ("form") is not


def definitions(documents: Iterable[Document]) -> list[dict]:
    """Every definition found, first occurrence of a term kept:
    {term, definition, doc_id, title, start, end, aliases}."""
    documents = list(documents)
    found: dict[str, dict] = {}
    for doc in documents:
        for term, definition, start, end in _stated_in(doc.text):
            key = term.lower()
            if key not in found:
                found[key] = {"term": term, "definition": definition, "doc_id": doc.id, "title": doc.title,
                              "start": start, "end": end, "aliases": []}
    expansions = _expansions({entry["term"] for entry in found.values() if _abbreviation(entry["term"])}, documents)
    for entry in found.values():
        entry["aliases"] = expansions.get(entry["term"], [])
    return sorted(found.values(), key=lambda d: d["term"].lower())


@lru_cache(maxsize=CACHED_TEXTS)
def _stated_in(text: str) -> tuple[tuple[str, str, int, int], ...]:
    """(term, definition, sentence start, sentence end) for each definition the text states. Remembered by
    text, so that a process that rebuilds (the app, a watcher) reads again only the documents that changed."""
    return tuple((term, definition, start, end) for start, end in sentence_spans(text)
                 for sentence in [" ".join(text[start:end].split())]
                 for term, definition in [*_define(sentence), *_glosses(sentence)])


def _glosses(sentence: str) -> list[tuple[str, str]]:
    """(term, "Gloss.") for each "term (plain gloss)" of the sentence."""
    pairs = []
    for match in _GLOSS.finditer(sentence):
        gloss = match["gloss"].strip(" ,;")
        if _NOT_A_GLOSS.match(gloss) or len(gloss.split()) < 2 and len(gloss) < 8:
            continue
        words = match["before"].split()
        for n in range(1, len(words) + 1):              # the shortest rare phrase before the bracket
            term = " ".join(words[-n:])
            if words[-n].lower() in _OPENERS:
                break
            if _abbreviation(term):                     # "IVIG (intravenous immunoglobulin)" spells it out
                break
            if zipf_frequency(term, "en") < RARE_ZIPF:
                pairs.append((term, gloss[0].upper() + gloss[1:] + "."))
                break
    return pairs


def _abbreviation(term: str) -> bool:
    return " " not in term and len(term) <= 8 and sum(ch.isupper() for ch in term) >= 2


def _expansions(abbreviations: set[str], documents: list[Document]) -> dict[str, list[str]]:
    """Per abbreviation, the names written before "(ABBR)" in the documents, without leading articles, and
    their endings of two words or more ("neonatal Fc receptor", "Fc receptor").

    One pass over the texts for all abbreviations: each " (X)" is found by a literal-led pattern, and only
    the few words before it are matched (a name pattern run over whole texts, once per abbreviation, was
    a twentieth of a SciFact build and grew with documents × abbreviations)."""
    names: dict[str, list[str]] = {abbreviation: [] for abbreviation in abbreviations}
    if not names:
        return names
    for doc in documents:
        for match in _BRACKETED.finditer(doc.text):
            found = names.get(match[1])
            if found is None:
                continue
            before = _NAME_BEFORE.search(doc.text, max(0, match.start() - _NAME_WINDOW), match.start())
            if before is not None and before.start() == match.start() - _NAME_WINDOW > 0:
                before = _NAME_BEFORE.search(doc.text, 0, match.start())      # a name longer than the window
            if before is None:
                continue
            words = before[0].split()
            while words and words[0].lower() in _OPENERS:
                words = words[1:]
            for n in range(min(3, len(words)), 1, -1):
                name = " ".join(words[-n:])
                if words[-n].lower() not in _OPENERS and name.lower() not in (n.lower() for n in found):
                    found.append(name)
    return names


def _define(sentence: str) -> list[tuple[str, str]]:
    """(term, one-sentence definition) pairs that `sentence` states."""
    if len(sentence) > MAX_DEFINITION_CHARS + 60:
        return []
    item = _ITEM.match(sentence)
    if item:
        definition = item["definition"].rstrip(" .;") + "."
        return [(item["term"], definition)] if _is_term(item["term"]) else []
    copula = _COPULA.match(sentence)
    if not copula or not sentence.endswith(".") or len(sentence) > MAX_DEFINITION_CHARS:
        return []
    if copula["rest"].split()[0].lower() in _NOT_A_CLASS or not _is_term(copula["term"]):
        return []
    pairs = [(copula["term"], sentence)]
    if copula["alias"] and _is_term(copula["alias"]):
        pairs.append((copula["alias"], sentence))
    return pairs


def _is_term(phrase: str) -> bool:
    words = phrase.split()
    return (0 < len(words) <= MAX_TERM_WORDS and words[0].lower() not in _OPENERS
            and any(ch.isalpha() for ch in phrase))
