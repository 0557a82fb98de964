"""Whether the best documents discuss a topic rather than name it in passing, read line by line (`_units`: the
title, each heading, sentence and list item).

A question about a topic by itself ("What is (are) Heart Failure ?", "What causes cyclic vomiting syndrome
?": asked_topic.asked_topic) needs documents that discuss it (`undiscussed`): its words together in a title, a
heading or a sentence, and not only as a bare item of a list ("• Kidney failure" under a list of side effects).
A noun of asking in its name ("Patient Rights", "Skin Conditions") must stand beside its other words there:
"the right dose" is not about rights, nor "(injected under the skin) ... immune deficiency conditions" about
skin conditions. A condition a story names is one the documents discuss when their title or several of their
lines name it (`discussed`).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from index.sentences import looks_like_heading, sentence_spans
from index.vectorstore import Analyzer

from .passage_words import clinical_stems, near, stand_in_stems
from .terms import NAME_NOUNS, content_words, names_nothing, words
from .vocabulary import CACHED_TEXTS, Vocabulary

# See `discussed`: a condition named in this many distinct headings or sentences is one the documents discuss (the
# IVIG documents name their own conditions in 10 or more; CIDP, only listed, in 1)
DISCUSSED_UNITS = 3


def undiscussed(topic: Sequence[str], vocabulary: Vocabulary, texts: Sequence[str], spelt=frozenset(),
                expanded: dict | None = None) -> str:
    """Why the best documents (`texts`, each its title line first) do not discuss `topic` (asked_topic.asked_topic),
    or "" when they do. They do when a title, a heading or a sentence holds all the topic's words (its
    corpus-generic ones aside; each word or a corpus word standing in for it, as in passage_words.together; a
    lay phrase of synonyms.LAY_TERMS by its clinical words), and its nouns of asking (terms.NAME_NOUNS: "Patient
    Rights") within passage_words.PHRASE_WINDOW terms of its own words, unless every such line is a bare item of a
    list: "• Kidney failure" under "More rare, serious side effects may include:" names kidney failure as a side
    effect of the treatment, and says nothing about kidney failure."""
    phrase = " ".join(topic)
    # not its joining words ("in", "and") nor its letters ("factor X"; `literal_phrases` checks those)
    named = [w for w in topic if content_words(w) and not names_nothing(w)]
    own = [w for w in named if not vocabulary.is_generic(w)] or named
    if any(w not in spelt and not vocabulary.knows(w) for w in own):
        return f"they don't discuss {phrase}"          # "Eye Infections", "cyclic vomiting syndrome"
    stem = vocabulary.lexical.stem
    # an abbreviation the documents spell out stands for their words (`expanded`: "BPH" -> "benign prostatic ...")
    wanted = [stand_in_stems(w, vocabulary) | {stem(p) for p in words((expanded or {}).get(w, ""))} for w in own]
    # nouns of asking in the name ("Patient Rights", "Skin Conditions"): beside its own words in the line
    asking = [{stem(w)} for w in topic if w.lower() in NAME_NOUNS]
    instead = clinical_stems(phrase, stem)
    phrase_stems = {stem(p) for w in named for p in re.split(r"[-']", w.lower()) if p} | set().union(*asking)
    holding = [(terms, lead) for text in texts for terms, context, lead, order in _units(text, vocabulary.lexical)
               if (all((terms | context) & alternatives for alternatives in wanted)
                   and all(near(order, stems, wanted) for stems in asking))
               or (terms & instead and all(near(order, stems, [instead]) for stems in asking))]
    if not holding:
        return f"they don't discuss {phrase}"
    if all(lead and terms <= phrase_stems for terms, lead in holding):
        return f'they only name {phrase} in a list: "{holding[0][1]}"'
    return ""


def discussed(word: str, vocabulary: Vocabulary, texts: Sequence[str]) -> bool:
    """Whether the documents (`texts`, each its title line first) discuss `word`'s subject rather than name it once
    in passing: it stands in their title, or in DISCUSSED_UNITS of their headings and sentences ("ITP" in a
    document about ITP, not "CIDP" in one list of conditions IVIG is used for)."""
    stems = stand_in_stems(word, vocabulary)
    found = set()
    for text in texts:
        for i, (terms, _, _, order) in enumerate(_units(text, vocabulary.lexical)):
            if terms & stems:
                if i == 0:
                    return True
                found.add(order)
    return len(found) >= DISCUSSED_UNITS


def titled(word: str, vocabulary: Vocabulary, texts: Sequence[str]) -> bool:
    """Whether a document's title (each of `texts` starts with its title line) names `word`'s subject: "ITP" under
    "IVIG for Immune Thrombocytopenia (ITP)", what that document is about."""
    stems = stand_in_stems(word, vocabulary)
    return any(_units(text, vocabulary.lexical)[0][0] & stems for text in texts if text.strip())


@lru_cache(maxsize=CACHED_TEXTS)
def _units(text: str, lexical: Analyzer) -> tuple[tuple[frozenset, frozenset, str, tuple], ...]:
    """(stems, its context's stems, the list's lead-in when it is a list item else "", the stems in order) for
    the title, each heading and each sentence or list item of a document's text (its first line is the title).
    The context is the title and the heading above: a sentence under "How IVIG Works in ITP" is about ITP
    without saying it."""
    units = []
    title, lead, heading = None, "", frozenset()
    for line in (raw.strip() for raw in text.splitlines()):
        if not line:
            continue
        order = tuple(lexical.terms(line.lstrip("•*· ")))
        terms = frozenset(order)
        if title is None:
            title = terms
            units.append((terms, frozenset(), "", order))
        elif line.startswith(("•", "*", "·")):
            units.append((terms, title | heading, lead or "a list", order))
        elif looks_like_heading(line):
            heading, lead = terms, ""
            units.append((terms, title, "", order))
        else:
            lead = line.rstrip(":") if line.endswith(":") else ""
            for a, b in sentence_spans(line):
                order = tuple(lexical.terms(line[a:b]))
                units.append((frozenset(order), title | heading, "", order))
    return tuple(units)
