"""A word the documents lack that only qualifies a word they discuss, so the question is about that word.

Two kinds, each read from the question's grammar (the modifier stands right before its head, in one clause)
and checked against the best passages:
- an everyday modifier, among English's commonest words, before a word the passages hold, when the phrase
  means nearly what its head means: "human blood" (the documents: "the blood of thousands of healthy
  donors"). A rarer modifier names another thing ("yellow fever", "pink eye", "kidney stones");
- a disease's name before a thing the passages say comes in kinds: "flu shot", "MMR vaccine" where they say
  "depending on what type of vaccine". The disease is then the kind, a detail they leave to the reader's
  doctor; "Can IVIG treat the flu?" is about the flu, and "HIV infection" is no detail where the documents
  never speak of types of infection.
"""
from __future__ import annotations

import re
from typing import Callable, Sequence

import numpy as np

from index.accents import fold

from .synonyms import clinical_words
from .specificity import NAME_ZIPF, is_name, is_name_head, is_specific, zipf
from .terms import STOPWORDS, clauses, names_nothing, words
from .topic_lists import is_topic

# Cosine of "modifier head" with "head" at or above which the phrase means its head (MiniLM, on the IVIG corpus:
# "human blood" ~ "blood" 0.85, "home infusion" ~ "infusion" 0.82; "hair loss" ~ "loss" 0.51). The modifier must
# also be among English's commonest words (NAME_ZIPF: "human" 5.35), which "yellow" (4.69, "yellow fever" ~
# "fever" 0.73), "pink" (4.52) and "kidney" (4.03, "kidney stones" ~ "kidney" 0.71) are not.
MEANS_HEAD = 0.65
# "what type of vaccine", "two kinds of tests": the documents say their word comes in kinds
_KINDS = re.compile(r"\b(?:type|types|kind|kinds|sort|sorts)\s+of\s+([A-Za-z][A-Za-z'-]*)", re.I)


def heads(question: str) -> list[tuple[str, str]]:
    """(modifier, head) for each two adjacent words of one clause of `question`, neither a stop word."""
    pairs = []
    for clause in clauses(fold(question)):
        found = words(clause)
        pairs += [(a, b) for a, b in zip(found, found[1:])
                  if a.lower() not in STOPWORDS and b.lower() not in STOPWORDS and not names_nothing(b)]
    return pairs


def details(question: str, missing: Sequence[str], passages: Sequence[str], text: Callable[[], str],
            stand_ins: Callable[[str], set], stem: Callable[[str], str], embedder=None,
            is_generic: Callable[[str], bool] = lambda w: False) -> set[str]:
    """The words of `missing` (a question's words the corpus lacks) that only qualify a word the best passages
    hold (module doc). `passages`: the best passages' texts; `text()`: their documents' whole texts (where a
    document says its word comes in kinds; read only for a disease's name before a word the passages hold); `stand_ins(word)`: the stems that stand for a word in a passage
    (passage_words.stand_in_stems); `embedder`: the model, or None (no everyday modifier is then a detail); `is_generic`:
    the corpus's generic words, whose kinds are no detail ("Types of Immunoglobulin" in an IVIG corpus: a
    "hepatitis B immunoglobulin" is another product)."""
    if not missing or not passages:
        return set()
    held = {stem(t) for t in words("\n".join(passages))}
    kinds: set[str] | None = None
    found: set[str] = set()
    for modifier, head in heads(question):
        if modifier not in missing or head in missing or modifier.lower().endswith("'s") or is_name_head(head):
            continue
        ins = stand_ins(head)
        if not ins & held:
            continue
        if is_topic(modifier) or is_specific(modifier):
            # the head as written or its lay term's clinical word ("shot": vaccine), not a word spelt like it
            # ("globulin" ~ "immunoglobulin"): "flu shot" is a kind of vaccine
            own = {stem(head)} | {stem(w) for w in clinical_words(head)}
            if kinds is None:
                kinds = {stem(m.group(1)) for m in _KINDS.finditer(fold(text()))}
            if own & kinds and not is_generic(head):
                found.add(modifier)
        elif not is_name(modifier, sentence_start=True) and zipf(modifier) >= NAME_ZIPF and embedder is not None:
            vectors = np.asarray(embedder.encode([f"{modifier} {head}", head]), dtype=np.float32)
            if float(vectors[0] @ vectors[1]) >= MEANS_HEAD:        # "human blood" is blood
                found.add(modifier)
    return found
