"""The words naming what a message is about: a question's subject words, the ones the corpus lacks, and a story's."""
from __future__ import annotations

import re
from itertools import groupby
from typing import Callable

from .disease_names import disease_name
from .specificity import NAME_ZIPF, is_name, is_name_head, is_specific, zipf
from .subject_runs import is_adverb
from .terms import INTENT, QUESTION_OPENER, content_words
from .topic_lists import is_topic

# Adjectives that ask whether something is expected ("Is that a known side effect?", "is this normal?"), judging what
# the question points at; never its subject. A closed set of English, listed; not "common", which names diseases
# ("common variable immunodeficiency").
EXPECTEDNESS = frozenset("known normal usual typical expected".split())
# Words whose form says they name nothing, whatever the corpus writes: a pronoun's or auxiliary's contraction ("I'll",
# "she'd", "won't"; not a possessive, "Hashimoto's") and a number word ("five days", "in one go"): "I'll" is read as
# the corpus's "ill", and "five" as its "five types of immunoglobulins". Closed classes of English, so listed.
_CONTRACTION = re.compile(r"^\w+(?:'(?:ll|re|ve|d|m)|n't)$", re.I)
NUMBER_WORDS = frozenset("""
zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen
eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million dozen once twice
""".split())


def names_nothing(word: str) -> bool:
    """Whether `word` is a contraction or a number word (`_CONTRACTION`, `NUMBER_WORDS`)."""
    return bool(_CONTRACTION.match(word)) or word.lower() in NUMBER_WORDS


RARE_ZIPF = 4.5          # as coverage reads "unusual" words: rarer ones name a condition ("gout" 3.1), not "terrible" (4.7)


def subject_words(message: str, is_known: Callable[[str], bool],
                  is_generic: Callable[[str], bool] | None = None) -> list[str]:
    """Words naming what a message is about: content words that are not question-type words, not the
    corpus's generic words, and that the corpus knows (so they name something the documents discuss)."""
    return [w for w in content_words(message, is_generic) if w.lower() not in INTENT and w.lower() not in EXPECTEDNESS
            and not names_nothing(w) and is_known(w)]


def unknown_subject(message: str, is_known: Callable[[str], bool],
                    is_generic: Callable[[str], bool] | None = None) -> list[str]:
    """Words of a message that name a subject the corpus lacks: a health topic ("diabetes", from
    MedQuAD's foci), a drug's or disease's name, or another rare word (specificity.is_specific). "does it cure
    diabetes?" is about diabetes whatever was asked before it; an everyday word the corpus lacks ("kick in")
    names nothing."""
    start = message.lstrip()
    # a rare word the corpus lacks names the subject too ("How is ringworm treated?"): the earlier messages
    # must not lend it theirs, whose words would then make an absent topic look covered
    return [w for w in content_words(message, is_generic) if w.lower() not in INTENT and not is_known(w)
            and (is_topic(w) or is_name(w, sentence_start=start.startswith(w)) or is_specific(w))]


def story_subject(statement: str, is_known: Callable[[str], bool],
                  is_generic: Callable[[str], bool] | None = None, names: bool = True) -> list[str]:
    """The subject words of a message that tells rather than asks ("my son has ITP and starts IVIG next
    week"): the commonest English words in it (son, week, school, hospital: Zipf >= NAME_ZIPF) are how
    the story is told, so they are dropped when a rarer subject word (ITP, pregnancy) is beside them; and when
    the story names something (a disease, a drug, an acronym: specificity.is_specific), those names are its subject:
    "my wife has myasthenia gravis and a bad flare, double vision" is about myasthenia gravis, not a phrase
    "myasthenia gravis flare vision" the documents would have to write."""
    where = places(statement)          # "my hematologist at Mass General": where it happens, never what about
    subject = [w for w in subject_words(statement, is_known, is_generic) if w.lower() not in where]
    rarer = [w for w in subject if zipf(w) < NAME_ZIPF]
    return (_named_runs(statement, rarer) if names else []) or rarer or subject


def _named_runs(statement: str, subject: list[str]) -> list[str]:
    """The subject words that name something (specificity.is_specific), with the subject words written next to them: the
    whole of "Cornelia de Lange syndrome (CdLS)", not "Cornelia syndrome CdLS"."""
    wanted = {w.lower() for w in subject}
    named: set[str] = set()
    # the runs of subject words next to each other (among the statement's content words) that hold a name
    for is_subject, run in groupby((w.lower() for w in content_words(statement)), key=wanted.__contains__):
        run = [w for w in run if not is_adverb(w)]          # "mostly IgG" names IgG
        if is_subject and any(is_specific(w) for w in run):
            named.update(run)
    return [w for w in subject if w.lower() in named]


def asks(message: str) -> bool:
    """Whether a message asks (a question mark, or opening like a question) rather than tells."""
    return message.rstrip().endswith("?") or bool(QUESTION_OPENER.match(message))


# "at a hospital in Utrecht", "my brother in Dallas", "a clinic in Madrid", "we just moved to Denver": a capitalised
# name (not an acronym) after a preposition of place ("to" only after a verb of moving: "switching me to Hizentra"
# names a drug) tells where the story happens, never what is asked. A disease's name after "in" ("IVIG in Kawasaki
# disease") ends with a disease's head noun (specificity.is_name_head), or is one (a MedQuAD focus's word, or named
# by its ending), so it is no place.
_PLACE = re.compile(r"\b(?:in|at|near|from|outside|(?:mov\w+|went|go|going|travel\w*|fl(?:y|ew|ying)|relocat\w+)\s+to)"
                    r"\s+((?:[A-Z][a-z'\-]+)(?:\s+[A-Z][a-z'\-]+)*)(?:\s+(\w+))?")


def places(message: str) -> set[str]:
    """The words (lower case) of the names a message gives as where something happens (`_PLACE`)."""
    found: set[str] = set()
    for match in _PLACE.finditer(message):
        name, after = match[1].split(), match[2] or ""
        if is_name_head(after) or any(disease_name(w) or is_topic(w) for w in name):
            continue
        found.update(w.lower() for w in name)
    return found
