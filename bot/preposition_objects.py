"""What a preposition of a question governs: "dogs" in "Is IVIG given to dogs?", "euros" in "cost in euros".

coverage.py declines a question whose object of a preposition the documents never write: that object is what it is
about. The word right after the preposition is not always the object, though, and patients' wording showed three
ways it is not (holdout8, four of its four wrongly declined questions):
- a quantity or place noun before "of" ("loads of different immune problems", "on top of their blood thinners"):
  the object is what follows "of", which is read in its place;
- an everyday modifier before a noun the documents write ("tested in big proper trials"): the object is that noun;
- a verb that takes another verb ("better to try and get into a study", "to try to get"): what it leads to is asked,
  not the trying.
(Outside a preposition, a noun of quantity is a stop word: terms.QUANTITIES, "had a bunch of infusions".)
None of these is a list: "of", a following known word, and a following verb (verb_frame.gerund) are read from the
question and English's word frequencies.
"""
from __future__ import annotations

from typing import Callable

from index.accents import fold

from .adjectives import everyday_adjective
from .asking_words import led_verbs
from .subject_runs import DETERMINERS
from .terms import QUANTITIES, STOPWORDS, WORD
from .verb_frame import gerund

# (with "off", "at", "from", "after", "before", "during": "stay off school", "after the gym" name a subject too;
# "Should my son stay off school after his IVIG?" was answered with a long-COVID sentence: decline_probe)
PREPOSITIONS = frozenset("to for in with without while on about against versus vs off at from after before during"
                         .split())
_DETERMINERS = DETERMINERS | {"some", "any"}


def governed(question: str, knows: Callable[[str], bool]) -> set[str]:
    """The words (lower case) standing as the object of one of `question`'s prepositions, as coverage reads them:
    the word after the preposition, or in its place what follows "of" after it, or the noun an everyday modifier
    qualifies; never a verb led by "tend to" (asking_words.led_verbs) or a verb that leads to another one. `knows`:
    whether the corpus writes a word (vocabulary.knows)."""
    text = fold(question)
    tokens = [m for m in WORD.finditer(text) if any(c.isalpha() for c in m[0])]
    lower = [m[0].lower() for m in tokens]
    # a word runs on into the next when only spaces stand between them ("big proper trials"; not "trials, and")
    joined = [not text[a.end():b.start()].strip() for a, b in zip(tokens, tokens[1:])]
    found: set[str] = set()
    for i, word in enumerate(lower[:-1]):
        if word not in PREPOSITIONS:
            continue
        at = i + 1
        # "for loads of X", "on top of X": X is governed, through any determiner ("of their blood thinners"), when the
        # documents lack the word before "of"; one they write stays the object: "in terms of the numbers on my blood
        # tests" asks about what they say in their terms (tests/data/decline_probe3 was declined for "numbers")
        while at + 1 < len(lower) and lower[at + 1] == "of" and (lower[at] in QUANTITIES or lower[at] not in STOPWORDS
                                                                 and not knows(lower[at])):
            at += 2
            while at < len(lower) - 1 and lower[at] in _DETERMINERS:
                at += 1
        if at >= len(lower):
            continue
        if _modifies_known(lower, joined, at, knows) or _leads_to_verb(lower, at):
            continue
        found.add(lower[at])
    return found - led_verbs(question)


def _modifies_known(lower: list[str], joined: list[bool], at: int, knows: Callable[[str], bool]) -> bool:
    """Whether the word at `at` is an everyday one qualifying a noun the corpus writes, in the same run of words
    before any stop word or punctuation: "big" and "proper" in "in big proper trials"."""
    end = at
    while end < len(joined) and joined[end] and lower[end + 1] not in STOPWORDS:
        end += 1
    if end == at:
        return False
    return knows(lower[end]) and all(everyday_adjective(w) for w in lower[at:end])


def _leads_to_verb(lower: list[str], at: int) -> bool:
    """Whether the word at `at` is a verb that leads to another ("to try and get", "to try to get"): then the other
    verb says what is asked."""
    if at + 2 >= len(lower) or lower[at + 1] not in ("to", "and"):
        return False
    return bool(gerund(lower[at])) and bool(gerund(lower[at + 2]))

