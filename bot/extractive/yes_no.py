"""Yes/no questions: recognising one, and opening its answer with the sentence that states it most closely."""
from __future__ import annotations

import re

from ..terms import clauses
from .selection import cut
from .units import key, states

# A yes/no question opens with an auxiliary verb: English grammar's closed class, not a list tuned to questions.
_YES_NO = re.compile(r"^\s*(is|are|am|was|were|do|does|did|can|could|will|would|should|shall|may|might|must|"
                     r"has|have|had)\b", re.I)


def is_auxiliary(word: str) -> bool:
    return bool(_YES_NO.fullmatch(word))


def yes_no_question(text: str) -> bool:
    """Whether the question asks yes or no: it, or its last clause, opens with an auxiliary verb ("My mom has
    ITP, is IVIG safe for her?" asks as "Is IVIG safe?" does)."""
    parts = [part for part in clauses(text) if part.strip()]
    return bool(_YES_NO.match(text) or parts and _YES_NO.match(parts[-1]))


def statement_first(ranked: list[tuple], specific: list[str], named: frozenset, stated: dict,
                    names: frozenset = frozenset()) -> list[tuple]:
    """`ranked` (score, unit, hit), best first, with the candidate that states a yes/no question most
    closely moved to the front. `specific`: the question's terms beyond the corpus's generic vocabulary;
    `named`: its subject's (`framing.named_terms`); `stated`: each candidate's cosine with the whole question.

    A yes/no question asks whether its whole statement holds, so the sentence that answers it says (or
    denies) that statement: "IVIG is an effective short-term treatment for people with myasthenia gravis
    flares" for "Is IVIG used to treat myasthenia gravis?". Word overlap could not find it: the question's
    own verbs are the corpus's generic words ("used", "treat"), and literal matches on them made a list of
    *other* conditions treated with IVIG, under the myasthenia page's title, the opening. Only candidates
    kept by compose (KEEP_RATIO of the best) that state something (`units.states`) and hold every specific term
    ("long-term", "first-line", the subject, here or in their title or heading) may open: the whole question's cosine leans on the
    subject, and among all candidates it preferred "short-term treatment" for "Is IVIG effective as a
    long-term maintenance therapy ...?". None holding them all: the one that holds `names` (the terms of what the
    question names, as the user wrote it) in its own words, if any; else, or with no specific term, the order stays.
    It stays too when the best one states the question at least as closely: holding an everyday word ("people")
    made "A negative one would spare many people a costly ... treatment" open "would it help everyone or only some
    people?" over the best one."""
    if not ranked or not specific or not stated:
        return ranked
    least = cut(ranked[0][0])
    stating = [i for i, (score, unit, _) in enumerate(ranked) if score >= least and states(unit.text)]
    holding = [i for i in stating if all(t in ranked[i][1].terms or t in named and t in ranked[i][1].context
                                         for t in specific)]
    if not holding and names and not ranked[0][1].terms & set(specific):
        # None says all of it ("Is IVIG an option for ITP?": the ITP page never says "option"): the one that
        # names, in its own words, all that the question names ("IVIG", "ITP") states how they relate; the
        # rest only stand under a heading naming them. Only when the best one says none of the question's
        # specific words itself: "This combination is particularly important in emergency settings ..." opened it
        holding = [i for i in stating if names <= ranked[i][1].terms]
    if not holding:
        return ranked
    i = max(holding, key=lambda i: stated.get(key(ranked[i][1]), -1.0))
    if stated.get(key(ranked[i][1]), -1.0) <= stated.get(key(ranked[0][1]), -1.0):
        return ranked
    return [ranked[i], *ranked[:i], *ranked[i + 1:]]
