"""A drug weighed against another of its own kind, when the documents know it only by that kind.

A drug the documents never name stands in for its class (brands.unsaid): "Can I take paracetamol with IVIG?" is
answered by what they say of pain relievers. Not when the question sets it against a drug they write that is of the
same class as they speak of it: "Is apixaban as good as warfarin for APS?" was answered with the APS page's warfarin
sentences (holdout8), which say nothing of apixaban, and what they say of anticoagulants holds for both alike. The
class is read from the documents: a passage naming the other drug as one of the drug's reading ("anticoagulation with
warfarin", "anticoagulants such as warfarin"). Not a drug merely written beside it: "Concomitant corticosteroids
enhance IVIG's response" makes IVIG no corticosteroid, and "Is prednisone better than IVIG?" is answered.
"""
from __future__ import annotations

import re
from typing import Callable, Sequence

# English's ways of weighing one thing against another
_WEIGHED = re.compile(r"\b(as (?:good|safe|effective|strong|well) as|(?:better|worse|safer|stronger|weaker|riskier)"
                      r" than|instead of|rather than|compared (?:to|with)|vs\.?|versus|switch\w*|or)\b", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def weighed_in_kind(question: str, drugs: Sequence[str], others: Sequence[str], passages: Sequence[str],
                    read_as: Callable[[str], tuple[str, ...]], stem: Callable[[str], str]) -> list[str]:
    """The `drugs` (known only by a reading, `read_as`) that `question` weighs against one of `others` (words the
    documents write) which a sentence of `passages` writes beside a word of the drug's reading."""
    if not drugs or not others or not _WEIGHED.search(question):
        return []
    tokens = [re.findall(r"[a-z0-9]+", s.lower()) for p in passages for s in _SENTENCE.split(p)]
    found = []
    for drug in drugs:
        kinds = {stem(part) for reading in read_as(drug) for part in reading.lower().split()}
        rivals = {stem(w.lower()) for w in others} - kinds
        if any(_named_as(sentence, kinds, rivals, stem) for sentence in tokens):
            found.append(drug)
    return found


# what follows a class's name to name one of it ("anticoagulation with warfarin", "such as", "like", "including")
_NAMING = ("with", "like", "including", "using", "such")
_REACH = 3


def _named_as(sentence: list[str], kinds: set[str], rivals: set[str], stem: Callable[[str], str]) -> bool:
    """Whether `sentence` (lower-case words) names one of `rivals` as one of `kinds` (stems): right after a kind and a
    naming word."""
    for at, word in enumerate(sentence[:-1]):
        if sentence[at + 1] in _NAMING and stem(word) in kinds:
            start = at + 2 + (sentence[at + 1] == "such")         # "such as"
            if rivals & {stem(w) for w in sentence[start:start + _REACH]}:
                return True
    return False
