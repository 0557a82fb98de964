"""Everyday words of a patient's message that say how it asks, never what about (coverage.assess reads them).

A word the corpus lacks is treated as the question's subject unless something says otherwise. These classes say
so by their grammar or their spelling, not by a list of subjects:
- the verb of a "how well" question (`how_well`): "handle" in "Do most people handle IVIG well?" stands right
  before its object and the clause ends judging it; only everyday English verbs, never a name, an acronym or a rare
  word. A verb led by "tend to", "need to" (`led_verbs`) says what the question's subject does, and is no object;
- an adverb of time or place (`ADVERBS`): "anywhere yet" in "Has IVIG been approved for long covid anywhere yet?";
- a Greek letter spelt out (`lettered`): "beta-2 glycoprotein" where the documents print "β2-glycoprotein".
The other way round, who does what a verb says to its object (`doers`: "dog" in "Can my dog take IVIG?") is the
subject when the documents lack it.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Callable

from .verb_frame import VERB_ZIPF_GAP, gerund
from .behalf import PEOPLE
from .specificity import is_name, is_specific, zipf
from .terms import STOPWORDS, clauses, words
from .topic_lists import is_topic
from .typos import ENGLISH_ZIPF

# Adverbs of time and place that are not "-ly" words (terms.is_adverb reads those by their form) and not already
# stop words ("still", "ever", "again", "later", "here"): a closed class of English grammar, so listed. Each says
# when or where something is asked about, never what: "approved anywhere yet", "available now", "in Europe today".
ADVERBS = frozenset("""
anywhere everywhere somewhere nowhere elsewhere yet already now nowadays today tonight tomorrow yesterday
currently presently recently lately soon anyway anyhow abroad overseas meanwhile sometimes
""".split())

# What an object is led by: an object pronoun, a determiner ("handle the side effects", "take my infusion")
_OBJECT_LEADS = frozenset("it them him her me us you this that these those the a an my your his their our".split())


def doers(question: str, is_treatment: Callable[[str], bool], described: frozenset[str] = frozenset()) -> set[str]:
    """The words of `question` (lower case) that do what its verb says to an object: the word right before a verb
    that stands before its object, as in `how_well`, the verb any of English's (its -ing form common: "take",
    "get", "handle"; not "for", "with"). "dog" in "Can my dog take IVIG every month?", "dogs" in "Do most dogs
    handle IVIG well?": when the documents lack such a word, it is what the question asks about. Not a person it
    asks on behalf of (terms.PEOPLE: "Can my son take IVIG?"), nor a stop word ("they", "I"), nor the doer of a verb the
    documents write in other words (`described`, lower case: "check" in "Why does the infusion team check my blood?",
    which they write "Testing your blood"): the action is then what it asks about, and who does it their staff."""
    found: set[str] = set()
    for clause in clauses(question):
        said = words(clause)
        for doer, verb, after in zip(said, said[1:], said[2:]):
            lower = doer.lower()
            if not (after.lower() in _OBJECT_LEADS or is_treatment(after)) or verb.lower() in _OBJECT_LEADS | described:
                continue
            if lower in STOPWORDS or lower in _OBJECT_LEADS or lower.removesuffix("s") in PEOPLE or lower in PEOPLE:
                continue
            if zipf(verb.lower()) >= ENGLISH_ZIPF and gerund(verb.lower(), VERB_ZIPF_GAP):
                found.add(lower)
    return found


def how_well(question: str, is_treatment: Callable[[str], bool]) -> set[str]:
    """The words of `question` (lower case) that frame a clause asking how well its object goes: the adverb that
    judges it, ending the clause (`_JUDGED`), and the everyday verb right before its object (the treatment's own
    name, `is_treatment`: "IVIG", an object pronoun or a determiner): "Do most people | handle IVIG | well?", "will my
    body | handle it | alright?". Such a verb is the frame of a "how well" question, as "tolerate" would be, not
    what it asks about; without the judging adverb the action is the subject ("What happens if I miss an IVIG
    infusion?").
    Only a verb, whose -ing form is a common English word (verb_frame.gerund: not "until IVIG", "monthly IVIG"), and
    never a name, an acronym, a rare word or a health topic's name."""
    found: set[str] = set()
    for clause in clauses(question):
        said = words(clause)
        if len(said) < 3 or said[-1].lower() not in _JUDGED:
            continue
        judged = len(found)
        for before, word, after in zip(["", *said], said, said[1:]):
            lower = word.lower()
            if not (after.lower() in _OBJECT_LEADS or is_treatment(after)) or before.lower() in _OBJECT_LEADS:
                continue
            if lower in STOPWORDS or is_specific(word) or is_topic(word) or is_name(word) \
                    or zipf(lower) < ENGLISH_ZIPF:
                continue
            # a verb's -ing form is nearly as common as the verb ("handling"); a noun's or a preposition's is not
            if gerund(lower, VERB_ZIPF_GAP):
                found.add(lower)
        if len(found) > judged:
            found.add(said[-1].lower())         # "alright" in "Will my body handle IVIG alright?"
    return found


# Adverbs that judge how something goes, ending a clause: "handle it well", "take it okay" (a closed class)
_JUDGED = frozenset("well badly fine okay ok alright poorly".split())

# Verbs that lead another verb with "to" and say only how often, how long or whether it happens, never what: "tend to
# run", "seem to work", "need to continue" (English's raising and aspectual verbs, a closed class). After them the
# verb says what the question's subject does ("how many months do these courses tend to run"), and is no object;
# after an adjective or a verb of wanting it is what is asked about ("Is it ok to fly?", "I want to fly").
SEMI_AUXILIARIES = frozenset("""
tend tends tended seem seems seemed appear appears appeared happen happens happened need needs needed continue
continues continued start starts started begin begins began keep keeps kept used going ought have has had
""".split())


def led_verbs(question: str) -> set[str]:
    """The words of `question` (lower case) right after a semi-auxiliary and "to" (SEMI_AUXILIARIES): "run" in "do
    these courses tend to run?"."""
    said = [w.lower() for w in words(question)]
    return {c for a, b, c in zip(said, said[1:], said[2:]) if a in SEMI_AUXILIARIES and b == "to"}


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
