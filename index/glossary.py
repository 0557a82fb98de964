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
_BRACKETED = re.compile(r" \((?P<inner>[^()\s]{1,8})\)")        # " (FcR)": a candidate abbreviation in use
_NAME_BEFORE = re.compile(r"(?:[\w’'-]+ ){0,3}[\w’'-]+$")         # the up-to-four words that end just there
_WINDOW = 160                                                     # characters enough for four words
RARE_ZIPF = 3.5       # a glossed word rarer than this is a term ("diplopia"); a commoner one ("form") is not


def definitions(documents: Iterable[Document]) -> list[dict]:
    """Every definition found, first occurrence of a term kept:
    {term, definition, doc_id, title, start, end, aliases}."""
    documents = list(documents)
    found: dict[str, dict] = {}
    for doc in documents:
        for start, end in sentence_spans(doc.text):
            sentence = " ".join(doc.text[start:end].split())
            for term, definition in [*_define(sentence), *_glosses(sentence)]:
                key = term.lower()
                if key not in found:
                    found[key] = {"term": term, "definition": definition, "doc_id": doc.id, "title": doc.title,
                                  "start": start, "end": end, "aliases": []}
    wanted = {entry["term"] for entry in found.values() if _abbreviation(entry["term"])}
    written_before = _names_before_brackets(wanted, documents)
    for entry in found.values():
        if entry["term"] in wanted:
            entry["aliases"] = _expansions(written_before.get(entry["term"], []))
    return sorted(found.values(), key=lambda d: d["term"].lower())


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


def _names_before_brackets(abbreviations: set[str], documents: list[Document]) -> dict[str, list[str]]:
    """{abbreviation: [the up-to-four words written just before each " (ABBR)"]}, in one pass over each
    document. (One regex per abbreviation over every document took minutes per abbreviation on SciFact's
    5,183 abstracts, and hours per build: the word pattern backtracked at every character.)"""
    found: dict[str, list[str]] = {}
    if not abbreviations:
        return found
    for doc in documents:
        for bracket in _BRACKETED.finditer(doc.text):
            if bracket["inner"] not in abbreviations:
                continue
            window = doc.text[max(0, bracket.start() - _WINDOW):bracket.start()]
            name = _NAME_BEFORE.search(window)
            if name:
                found.setdefault(bracket["inner"], []).append(name[0])
    return found


def _expansions(written: list[str]) -> list[str]:
    """The names written before "(ABBR)", without leading articles, and their endings of two words or
    more ("neonatal Fc receptor", "Fc receptor")."""
    names: list[str] = []
    for text in written:
        words = text.split()
        while words and words[0].lower() in _OPENERS:
            words = words[1:]
        for n in range(min(3, len(words)), 1, -1):
            name = " ".join(words[-n:])
            if words[-n].lower() not in _OPENERS and name.lower() not in (n.lower() for n in names):
                names.append(name)
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
