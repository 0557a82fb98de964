"""Runs of adjacent subject words: the phrase a clause ends with ("low blood pressure"), without the adverbs and
predicate adjectives that close it ("exactly", "Is GERD dangerous?")."""
from __future__ import annotations

import re
from typing import Sequence

from .specificity import is_name_head, named_by_suffix, zipf
from .terms import clauses, content_words, words


_AUXILIARIES = frozenset("is are was were be been being can could will would shall should may might must do does did "
                         "has have had".split())


def named_phrases(text: str, inside: bool = False) -> list[list[str]]:
    """The run of two or more adjacent subject words that ends each clause: "Low Blood Pressure" in "What
    is (are) Low Blood Pressure?", "low blood pressure" in "Can IVIG cause low blood pressure?". A stop word
    or a word of asking ends a run; a corpus's generic word does not ("blood" is one in an IVIG corpus, and
    still part of the phrase). Runs inside a clause are left out: "staff reduce" in "How do staff reduce
    the risk?" is a subject and its verb, not a phrase. `inside`: a run inside a clause too when an auxiliary ends it
    ("tongue tie" in "Should a tongue tie be clipped?"), for a caller that checks it is all of the question's subject."""
    runs: list[list[str]] = []
    for clause in clauses(text):
        run: list[str] = []
        found = words(clause)
        for word in found:
            if content_words(word):
                run = run + [word]
                continue
            if inside and len(run) > 1 and word.lower() in _AUXILIARIES:     # the subject of "be clipped"
                runs.append(run)
            run = []
        run = _without_trailing_adverbs(run, found)
        if len(run) > 1:
            runs.append(run)
    return runs


ADVERB_BASE_ZIPF = 3.5       # "exact" (4.5) in "exactly"; "fami" in "family" is no word


def is_adverb(word: str, previous: str = "") -> bool:
    """An adverb of manner or degree by its form: an "-ly" word built on a common English word ("exactly",
    "specifically", "easily", "possibly"), not after a determiner ("the elderly"). Such a word says how something is
    asked, never what about: "What is atrial fibrillation exactly?" asks about atrial fibrillation."""
    lower = word.lower()
    if len(lower) < 6 or not lower.endswith("ly") or previous.lower() in DETERMINERS:
        return False
    # its base: "exact-ly", "eas-ily" (easy), "specific-ally", "possib-ly" (possible)
    bases = {lower[:-2], lower[:-3] + "y", lower[:-1] + "e", lower[:-4] if lower.endswith("ically") else ""}
    return any(len(base) >= 4 and zipf(base) >= ADVERB_BASE_ZIPF for base in bases)


DETERMINERS = frozenset("the a an my our your his her their its this that these those".split())


def _without_trailing_adverbs(run: list[str], clause_words: list[str]) -> list[str]:
    """`run` (the words that end a clause) without the adverbs that close it: adjectives come before their
    noun in English, so an "-ly" word after it ("atrial fibrillation exactly") is an adverb (`is_adverb`)."""
    while run and is_adverb(run[-1], clause_words[-len(run) - 1] if len(clause_words) > len(run) else ""):
        run = run[:-1]
    # nor its predicate adjective: "Is GERD dangerous?" asks about GERD
    return run[:-1] if run and is_complement(run[-1], clause_words, run) else run


# Endings of English adjectives ("dangerous", "contagious", "painful", "curable", "hereditary", "fatal")
_ADJECTIVE = re.compile(r"[a-z]{3,}(ous|ful|ive|able|ible|ary|al|ic|less|ent|ant)", re.I)
_OPENING_BE = frozenset("is are was were".split())


def is_complement(word: str, clause_words: Sequence[str], run: Sequence[str]) -> bool:
    """Whether `word`, the last of `run`, is the predicate adjective of a question opened by "be" whose subject
    is the run itself: "Is GERD dangerous?", "Are pinworms contagious?" (not "Is it celiac disease?", whose
    pronoun is the subject and whose name is the complement, nor a name's head word)."""
    found = [w.lower() for w in clause_words]
    return (len(run) > 1 and len(found) > len(run) and found[0] in _OPENING_BE and found[1] not in _SUBJECT_WORDS
            and found[-len(run):] == [w.lower() for w in run]
            and is_adjective(word))


def is_adjective(word: str) -> bool:
    """An English adjective by its ending ("dangerous", "different", "curable"), not a name's head word nor a
    disease's name by its ending ("syndrome", "arthritis")."""
    return bool(_ADJECTIVE.fullmatch(word)) and not is_name_head(word) and not named_by_suffix(word)


_SUBJECT_WORDS = frozenset("it this that these those they he she there i you we".split())


# Words that join the parts of one topic's name: "Health Problems in Pregnancy", "Blood Transfusion and
# Donation", "Living with Kidney Failure", "Dysautonomia like disorder" (MedQuAD's foci).
JOINERS = frozenset("and or in of with like".split())


def topic_runs(text: str) -> list[list[str]]:
    """Like `named_phrases`, but a joining word between two subject words continues the run, and it is kept:
    ["Health", "Problems", "in", "Pregnancy"]."""
    runs: list[list[str]] = []
    for clause in clauses(text):
        run: list[str] = []
        found = words(clause)
        for word in found:
            if content_words(word):
                run.append(word)
            elif run and word.lower() in JOINERS and run[-1].lower() not in JOINERS:
                run.append(word)
            else:
                run = []
        run = _without_trailing_adverbs(run, found)
        if run and run[-1].lower() in JOINERS:
            run = run[:-1]
        if run:
            runs.append(run)
    return runs
