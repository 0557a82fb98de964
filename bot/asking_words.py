"""Everyday words of a patient's message that say how it asks, never what about (coverage.assess reads them).

A word the corpus lacks is treated as the question's subject unless something says otherwise. Three classes say
so by their grammar or their spelling, not by a list of subjects:
- a verb before its object (`object_verbs`): "handle" in "Do most people handle IVIG well?" stands right before
  the treatment's name, an object pronoun or a determiner, where English puts a verb ("tolerate IVIG", "take it",
  "bring down the count"); only everyday English words, never a name, an acronym or a rare word;
- an adverb of time or place (`ADVERBS`): "anywhere yet" in "Has IVIG been approved for long covid anywhere yet?";
- a Greek letter spelt out (`lettered`): "beta-2 glycoprotein" where the documents print "β2-glycoprotein".
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Callable

from .phrases import VERB_ZIPF_GAP, gerund
from .terms import ENGLISH_ZIPF, PEOPLE, STOPWORDS, clauses, is_name, is_specific, is_topic, words, zipf

# Adverbs of time and place that are not "-ly" words (terms.is_adverb reads those by their form) and not already
# stop words ("still", "ever", "again", "later", "here"): a closed class of English grammar, so listed. Each says
# when or where something is asked about, never what: "approved anywhere yet", "available now", "in Europe today".
ADVERBS = frozenset("""
anywhere everywhere somewhere nowhere elsewhere yet already now nowadays today tonight tomorrow yesterday
currently presently recently lately soon anyway anyhow abroad overseas meanwhile sometimes
""".split())

# What an object is led by: an object pronoun, a determiner ("handle the side effects", "take my infusion")
_OBJECT_LEADS = frozenset("it them him her me us you this that these those the a an my your his their our".split())


def doers(question: str, is_treatment: Callable[[str], bool]) -> set[str]:
    """The words of `question` (lower case) that do what its verb says to an object: the word right before a verb
    that stands before its object, as in `object_verbs`, the verb any of English's (its -ing form common: "take",
    "get", "handle"; not "for", "with"). "dog" in "Can my dog take IVIG every month?", "dogs" in "Do most dogs
    handle IVIG well?": when the documents lack such a word, it is what the question asks about. Not a person it
    asks on behalf of (terms.PEOPLE: "Can my son take IVIG?"), nor a stop word ("they", "I")."""
    found: set[str] = set()
    for clause in clauses(question):
        said = words(clause)
        for doer, verb, after in zip(said, said[1:], said[2:]):
            lower = doer.lower()
            if not (after.lower() in _OBJECT_LEADS or is_treatment(after)) or verb.lower() in _OBJECT_LEADS:
                continue
            if lower in STOPWORDS or lower in _OBJECT_LEADS or lower.removesuffix("s") in PEOPLE or lower in PEOPLE:
                continue
            if zipf(verb.lower()) >= ENGLISH_ZIPF and gerund(verb.lower(), VERB_ZIPF_GAP):
                found.add(lower)
    return found


def object_verbs(question: str, is_treatment: Callable[[str], bool]) -> set[str]:
    """The everyday words of `question` (lower case) that stand right before an object, in one clause: the
    treatment's own name (`is_treatment`: "IVIG"), an object pronoun or a determiner. English puts a verb there
    ("Do most people | handle IVIG well?", "can I | skip it"), and its -ing form is a common English word
    (phrases.gerund, as "to" + verb is read there): not "until IVIG", "monthly IVIG".
    Not a name, an acronym, a rare word or a health topic's name (those are what a question asks about), nor a
    word after a determiner. An everyday word that qualifies the treatment's name instead ("Is home IVIG safe?")
    is no subject either: the question is about the treatment."""
    found: set[str] = set()
    for clause in clauses(question):
        said = words(clause)
        for before, word, after in zip(["", *said], said, said[1:]):
            lower = word.lower()
            if not (after.lower() in _OBJECT_LEADS or is_treatment(after)) or before.lower() in _OBJECT_LEADS:
                continue
            if lower in STOPWORDS or is_specific(word) or is_topic(word) or is_name(word) or zipf(lower) < ENGLISH_ZIPF:
                continue
            # a verb's -ing form is nearly as common as the verb ("handling"); a noun's or a preposition's is not
            # ("until", "monthly": phrases.gerund)
            if not gerund(lower, VERB_ZIPF_GAP):
                continue
            found.add(lower)
    return found


@lru_cache(maxsize=1)
def _greek() -> dict[str, str]:
    """{a Greek small letter's English name: the letter}, from Unicode's own names ("GREEK SMALL LETTER BETA")."""
    letters = {}
    for code in range(0x3B1, 0x3CA):
        name = unicodedata.name(chr(code), "")
        if name.startswith("GREEK SMALL LETTER ") and "FINAL" not in name:
            letters[name.removeprefix("GREEK SMALL LETTER ").lower()] = chr(code)
    letters["lambda"] = letters.get("lamda", "λ")        # Unicode spells it "LAMDA"; English writes "lambda"
    return letters


_LETTER_NAME = re.compile(r"(?<![a-z])([a-z]+)(-?)(?=\d|$|-)", re.I)


def lettered(word: str) -> tuple[str, ...]:
    """The spellings of `word` with a Greek letter's name written as the letter, as papers print it: "beta-2" ->
    ("β-2", "β2"), "TGF-beta" -> ("TGF-β",), "alpha" -> ("α",). Empty when it names no Greek letter."""
    table = _greek()
    if not any(m[1].lower() in table for m in _LETTER_NAME.finditer(word)):
        return ()

    def letter(match: re.Match, joined: bool) -> str:
        name = match[1].lower()
        if name not in table:
            return match[0]
        return table[name] + ("" if joined else match[2])

    return tuple(dict.fromkeys(_LETTER_NAME.sub(lambda m: letter(m, joined), word) for joined in (False, True)))
