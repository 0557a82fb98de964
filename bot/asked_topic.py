"""The topic a consumer question asks about itself ("What causes cyclic vomiting syndrome?"), as its words say."""
from __future__ import annotations

from functools import lru_cache
from typing import Callable, Collection

from .specificity import is_specific
from .subject_runs import JOINERS, is_adverb, is_complement, topic_runs
from .terms import INTENT, NAME_NOUNS, QUESTION_TYPES, clauses, content_words, names_nothing, words
from .typos import by_initial, typo_of


def asked_topic(question: str, is_generic: Callable[[str], bool], framing: Collection[str] = ()) -> list[str]:
    """The phrase a question asks about when it asks about a topic itself, as consumer questions do ("What
    causes cyclic vomiting syndrome?", "Do you have information about Heart Failure"): every subject word
    lies in the phrase that ends a clause (or there is one subject word), and no other word ties the topic to
    what the corpus is about (`is_generic`: "IVIG" in "Can IVIG cause kidney failure?"). Empty otherwise.
    The words of the question's type (INTENT, QUESTION_TYPES) are left out of it, and so are `framing` (lower case:
    words that say how it asks: coverage passes the verb of "what decides how much they give me?" and the units a
    quantity is asked in)."""
    def frame(word: str) -> bool:          # a question type's word, or a slip of one ("casues")
        lower = word.lower()
        return lower in framing or lower in INTENT or lower in QUESTION_TYPES \
            or bool(typo_of(lower, _types_by_initial()))

    said = words(question)
    adverbs = {w for before, w in zip(["", *said], said) if is_adverb(w, before)}
    adverbs |= {clause[-1] for clause in map(words, clauses(question))
                if clause and is_complement(clause[-1], clause, clause[1:])}
    subject = [w for w in content_words(question, is_generic) if not frame(w) and not names_nothing(w)
               and w not in adverbs]
    if not subject:
        return []
    runs = [[w for w in run if not frame(w)] for run in topic_runs(question)]
    phrase = next((run for run in reversed(runs) if set(subject) <= set(run)), subject if len(subject) == 1 else [])
    while phrase and phrase[-1].lower() in JOINERS:
        phrase = phrase[:-1]
    while phrase and phrase[0].lower() in JOINERS:      # "of" left by "symptoms of", a question type's words
        phrase = phrase[1:]
    # a generic word after the topic's last own word is not part of its name: "myasthenia gravis alongside IVIG"
    while phrase and is_generic(phrase[-1]):
        phrase = phrase[:-1]
    # A generic word ties the topic to the corpus when it stands outside the phrase, or anywhere when it is a
    # specific one (an acronym or a rare word: "IVIG" in "How fast does IVIG raise platelets?"); an everyday
    # one may be part of the topic's name ("Autoimmune hepatitis", "High Blood Pressure").
    inside = set(phrase)
    ties = [w for w in content_words(question) if not frame(w) and is_generic(w)
            and (w not in inside or is_specific(w))]
    return [] if ties or not phrase else _named_as_written(question, phrase)


def _named_as_written(question: str, phrase: list[str]) -> list[str]:
    """The topic's name with the nouns of asking the question writes beside it (NAME_NOUNS):
    ["Patient", "Rights"] for "Do you have information about Patient Rights", where the words of asking left
    ["Rights"]. Only around everyday words: a rare word or an acronym names its subject by itself ("ITP
    patients" is about ITP)."""
    if any(is_specific(w) for w in phrase if content_words(w)):
        return phrase
    n = len(phrase)
    for clause in reversed(clauses(question)):
        tokens = words(clause)
        at = next((i for i in range(len(tokens) - n, -1, -1) if tokens[i:i + n] == phrase), None)
        if at is None:
            continue
        start, end = at, at + n
        while start and tokens[start - 1].lower() in NAME_NOUNS:
            start -= 1
        while end < len(tokens) and tokens[end].lower() in NAME_NOUNS:
            end += 1
        return tokens[start:end]
    return phrase


@lru_cache(maxsize=1)
def _types_by_initial() -> dict[str, list[str]]:
    return by_initial(INTENT | QUESTION_TYPES)
