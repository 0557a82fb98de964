"""The subject of a question opened by "do" or a modal, read from its word order when the verb frame
(`verb_frame`) cannot recognise it: "insurance" in "Does insurance pay for IVIG?"."""
from __future__ import annotations

import re
from typing import Callable

from .subject_runs import DETERMINERS, is_adverb
from .terms import STOPWORDS
from .verb_frame import DEMONSTRATIVES, DO, MODALS, OPENERS, PRONOUNS, TREATMENT, tokens


def opening_subject(text: str, is_name: Callable[[str], bool] = lambda w: False) -> list[str]:
    """The subject of a question opened by "do" or a modal when the frame cannot recognise it (neither a pronoun nor
    the treatment, `verb_positions`): the words between the auxiliary (and its determiners) and the verb. English puts
    the verb right after the subject, so of a run of words up to a stop word, an adverb or a clause mark the last is
    the verb: "insurance" in "Does insurance pay for IVIG?" and "Does insurance usually pay?", "health insurance" in
    "Will health insurance cover IVIG?". What such a question asks about is its subject; none otherwise."""
    found = tokens(text)
    lower = [w.lower() for w, _, _ in found]
    first = next((i for i in range(min(3, len(lower))) if lower[i] in DO | MODALS
                  and all(w in OPENERS or (n == 1 and lower[0] in OPENERS) for n, w in enumerate(lower[:i]))), None)
    if first is None:
        return []
    k = first + 1
    if k < len(lower) and lower[k] in PRONOUNS | DEMONSTRATIVES:
        return []
    while k < len(lower) and lower[k] in DETERMINERS:
        k += 1
    run: list[str] = []
    while k < len(lower) and lower[k] not in STOPWORDS and not is_name(lower[k]) and lower[k] not in TREATMENT \
            and not is_adverb(found[k][0], lower[k - 1]):
        run.append(found[k][0])
        if k + 1 < len(found) and not re.fullmatch(r"\s+", text[found[k][2]:found[k + 1][1]]):
            break                              # a clause mark ends it
        k += 1
    if not run or (not run[:-1] and k >= len(lower) - 1):
        return []                              # no verb after it: "Does asthma?"
    if k < len(lower) and lower[k] == "of":
        return []                              # "a course of IVIG", "the cost of it": what follows "of" is the subject
    # a common verb the stop words hold ends the subject whole: "Do side effects | go away?", "Can dogs | get IVIG?"
    return run if len(run) == 1 or (k < len(lower) and lower[k] in _STOP_VERBS) else run[:-1]


_STOP_VERBS = frozenset("get gets got give gives take takes make makes go goes come comes have has need needs want "
                        "wants like likes".split())
