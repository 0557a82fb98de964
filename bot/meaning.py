"""A question asking what a word means: "What does X mean?", "what is X exactly?", "what's X?", "define X".

X is what it asks about, whatever the conversation told before it: "What does autoimmune actually mean?" after "my
low platelets are 'autoimmune'" asks what autoimmune means, not what it means for platelets. The glossary answers
one from its definitions (glossary.Glossary.asked); a follow-up keeps X as its subject (followup.resolve,
`names_term`). Matched on English's fixed ways of asking a meaning, which hold in any subject area.
"""
from __future__ import annotations

import re

from .message_subject import EXPECTEDNESS, names_nothing
from .terms import ASKING, INTENT, STOPWORDS, words

# Adverbs a speaker hedges the question with ("What does autoimmune actually mean?", "what is CIDP exactly?"): they
# say how it is asked, never which word
_HEDGE = r"(?:actually|really|exactly|precisely|even|just)"
_QUOTED = r"[\"'“‘]?(?P<x>[^?\"”]+?)[\"'”’]?"
PATTERNS = [
    re.compile(rf"^\s*(?:define|meaning\s+of|definition\s+of|what\s+is\s+meant\s+by)\s+{_QUOTED}\s*\??\s*$", re.I),
    re.compile(rf"^\s*what\s+(?:{_HEDGE}\s+)?(?:does|do)\s+(?:the\s+(?:word|term|phrase)\s+)?{_QUOTED}"
               rf"\s+(?:{_HEDGE}\s+)?(?:mean|stand\s+for)\s*\??\s*$", re.I),
    re.compile(rf"^\s*what(?:['’]s|\s+(?:{_HEDGE}\s+)?(?:is|are))\s+(?:{_HEDGE}\s+)?(?:an?\s+)?{_QUOTED}"
               rf"(?:,?\s+{_HEDGE})?\s*\??\s*$", re.I),
]
# A term is a few words ("autoimmune", "Fc receptor", "regulatory T cells"); a longer X is a sentence of its own
TERM_WORDS = 4


def asked_term(question: str) -> str:
    """X of a question asking what X means (`PATTERNS`), as written ("the spleen" keeps its article); "" otherwise."""
    for pattern in PATTERNS:
        match = pattern.match(question)
        if match:
            return match["x"].strip(" .,'\"")
    return ""


def names_term(question: str) -> str:
    """X of a question asking what X means when X names a term of its own: every word of it could name a subject
    (no pronoun, article, possessive or word of asking: "what's the dose?", "what are its side effects?", "what is
    it for?", "what's normal?" ask about something the conversation told), and a few words at most; "" otherwise."""
    term = asked_term(question)
    found = words(term)
    if not found or len(found) > TERM_WORDS:
        return ""
    for word in found:
        if len(word) == 1 and word.isupper():
            continue                        # an initial of a name: the "T" of "regulatory T cells"
        lower = word.lower()
        if lower in STOPWORDS or lower in ASKING or lower in INTENT or lower in EXPECTEDNESS or names_nothing(word):
            return ""
    return term
