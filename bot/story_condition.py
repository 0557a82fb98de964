"""The condition a patient's story says someone has, when the question points back at that person ("My son has bad
asthma. Could IVIG help his breathing?" asks about asthma)."""
from __future__ import annotations

import re
from typing import Callable

from index.accents import fold

from .behalf import PEOPLE, asked_for
from .message_questions import sentences
from .asking_words import SAYING_VERB, WEIGHING, judging
from .message_subject import RARE_ZIPF, asks, names_nothing, places, subject_words, unknown_subject
from .specificity import NAME_ZIPF, is_specific, zipf
from .terms import INTENT, QUANTITIES, content_words, words
from .verb_frame import TREATMENT, treatment_name
from .topic_lists import is_topic
from .units import as_printed


# "My son has bad asthma. Could IVIG help his breathing?": a person's pronoun points back at the person of the
# story, and what the story says they have is what the question asks about
_PERSON_BACK = re.compile(r"\b(he|she|him|her|his|hers|they|them|their)\b", re.I)
_HAS = re.compile(r"\b(?:has|have|had|with|suffers from|suffering from)\s+([^,.;:!?()]+)", re.I)
_NP_END = re.compile(r"\s(?:in|on|at|of|for|from|and|or|but|since|that|which|who|because|so|nothing|after|when|"
                     r"is|are|was|were)\b.*", re.I)


# what someone has may be said as an amount or a kind of it: "a bunch of migraines", "a history of eczema", "a bad case
# of hives" (terms.QUANTITIES and English's nouns of kind and occurrence)
_AMOUNT_OF = re.compile(r"^\s*(?:had\s+|been\s+)?(?:an?\s+|the\s+)?(?:[a-z]+\s+)?(?:" + "|".join(sorted(QUANTITIES)) +
                        r"|history|case|cases|form|type|kind|sort|bout|bouts|episode|episodes)\s+of\s+", re.I)


def condition_told(statement: str, is_known: Callable[[str], bool]) -> str:
    """What a story says someone has, when the corpus lacks it: the noun phrase after "has", "with", "suffers from",
    from its rare or topic words to its head ("My daughter has terrible eczema on her arms": "eczema"; "My mom has
    hepatitis C": "hepatitis C"); "" when the head is a word the corpus knows ("my son has ITP", "a fever") or
    names a person ("has a son")."""
    for match in _HAS.finditer(fold(statement)):
        phrase = content_words(_NP_END.sub("", " " + _AMOUNT_OF.sub("", match[1])))
        letters = phrase[-1:] if len(phrase) > 1 and len(phrase[-1]) == 1 else []      # the letter of "hepatitis C"
        phrase = phrase[:len(phrase) - len(letters)]
        if not phrase or is_known(phrase[-1]) or phrase[-1].lower() in PEOPLE or asked_for(match[0]):
            continue
        start = len(phrase) - 1
        while start > 0 and not is_known(phrase[start - 1]) and (is_topic(phrase[start - 1]) or is_specific(phrase[start - 1])
                                                                 or zipf(phrase[start - 1]) < RARE_ZIPF):
            start -= 1
        return " ".join(phrase[start:] + letters)
    return ""


def condition_pointed_at(question: str, earlier: str, is_known: Callable[[str], bool],
                          is_generic: Callable[[str], bool] | None = None) -> str:
    """The condition a story says someone has (`condition_told`), when the question points back at that person with a
    pronoun ("his breathing", "her foot") and names nothing rare of its own ("Would IVIG help her MG?"), and the
    story names nothing rare the corpus knows ("My son has ITP and eczema" is about ITP too)."""
    if asks(earlier) or not _PERSON_BACK.search(question):
        return ""
    if any(is_specific(w) for w in content_words(question, is_generic) if w.lower() not in INTENT):
        return ""
    if any(is_specific(w) for w in subject_words(earlier, is_known, is_generic)):
        return ""
    return condition_told(earlier, is_known)


# "Is that a known side effect?" after "... I had a fever and a pounding headache that evening.": a demonstrative
# standing for a thing (not a person, not "the drug") points back at the last thing the story told happened. A pronoun
# when an auxiliary leads it ("is that a ...", "could this be") or a stop or the end follows it ("what causes this?").
_DEMONSTRATIVE = re.compile(r"(?:\b(?:is|was|are|were|could|can|would|will|does|did|do|might|may|should|must)\s+"
                            r"(?:that|this|these|those)\b(?!\s+(?:drug|treatment|medicine|infusion|infusions|therapy|"
                            r"product|condition|disease)\b))|\b(?:that|this|these|those)\s*(?:[?.!,;:]|$)", re.I)
# Verbs by which a story tells what happened to someone: what follows is the event ("had a fever", "got a rash"), and
# "with" after any verb ("woke up with a fever", "came home with a rash"). A lookahead, so that each telling is found,
# the last one inside an earlier one's reach too ("had his infusion yesterday and woke up with a fever")
_HAPPENED = re.compile(r"(?=\b(?:had|has|have|having|got|get|gets|getting|developed|develops|develop|felt|feel|feels|"
                       r"experienced|noticed|broke out in|with)\s+([^,.;:!?()]+))", re.I)
# where the told phrase ends: a preposition or a clause ("that evening", "after the infusion"), not "and" (two events)
_EVENT_END = re.compile(r"\s(?:in|on|at|of|for|from|since|that|which|who|because|so|after|before|when|while|during|"
                        r"is|are|was|were|but|then|until|the next|last|this|yesterday|today)\b.*", re.I)


def _names_its_own(question: str, is_known: Callable[[str], bool], is_generic: Callable[[str], bool] | None) -> bool:
    """Whether the question names something rare of its own (a subject word specificity.is_specific): then it asks
    about that, not about what the story told."""
    return any(is_specific(w) for w in subject_words(question, is_known, is_generic))


def event_told(story: str, is_known: Callable[[str], bool],
               is_generic: Callable[[str], bool] | None = None) -> list[str]:
    """The words of what the story's last telling sentence says happened, that the corpus knows and that are rarer
    than English's commonest ("I had a fever and a pounding headache that evening": fever, headache); [] when none."""
    for sentence in reversed(sentences(fold(story))):
        for match in reversed(list(_HAPPENED.finditer(sentence))):
            phrase = _EVENT_END.sub("", " " + match[1])
            found = [w for w in subject_words(phrase, is_known, is_generic) if zipf(w) < NAME_ZIPF]
            if found:
                return found
    return []


def event_pointed_at(question: str, earlier: str, is_known: Callable[[str], bool],
                     is_generic: Callable[[str], bool] | None = None) -> str:
    """What a story told happened (`event_told`), when the question points back at a thing with a demonstrative
    ("Is that a known side effect?", "is this normal?") and names nothing rare of its own."""
    if asks(earlier) or not _DEMONSTRATIVE.search(question):
        return ""
    if _names_its_own(question, is_known, is_generic):
        return ""
    told = event_told(earlier, is_known, is_generic)
    # ...with the treatment the story names, what it happened after, when the question's words are all English's
    # everyday ones: "how common is feeling like that?", "is that normal?" searched "(about headache)" alone came
    # nowhere near the documents' side-effect passages (closeness 0.15, under the threshold) and were declined;
    # "(about headache, IVIG)" 0.31. Not "Was that an allergic reaction?": its own words find the passage, and with
    # "Privigen" beside them it opened with another sentence (msgs iv-mg-allergy lost its opening)
    plain = all(zipf(w) >= RARE_ZIPF for w in subject_words(question, is_known, is_generic))
    given = treatment_told(earlier, is_generic) if told and plain else ""
    return ", ".join([*told, *([given] if given else [])])      # each apart: "a rash and a headache"


def treatment_told(story: str, is_generic: Callable[[str], bool] | None = None) -> str:
    """The first word of a story that names the corpus's treatment (verb_frame.treatment_name: "IVIG") or what a
    patient calls it ("infusion", verb_frame.TREATMENT), as written; "" when none."""
    names = treatment_name(is_generic)
    return next((w for w in words(fold(story)) if names(w) or w.lower() in TREATMENT), "")


# What someone in the story said: the clause after a verb of reporting speech ("my neurologst said IVIG 'teaches my
# immune system to stop attacking me'", "the nurse told me that it wears off")
_CLAIM = re.compile(r"\b" + SAYING_VERB + r"\s+(?:(?:me|us|him|her|them)\s+)?(?:that\s+)?([^.?!]+)", re.I)
# "Is there anything to that?", "is it true?": a question weighing what was said
_WEIGHING = re.compile(r"\b(?:anything|something|truth)\s+(?:to|in)\s+(?:that|this|it)\b|\b(?:that|this|it)\s+"
                       r"(?:true|right|correct|accurate|wrong|so)\b", re.I)


def claim_told(story: str, is_known: Callable[[str], bool],
               is_generic: Callable[[str], bool] | None = None) -> list[str]:
    """The subject words of what the story's last report of speech says was said: the words the corpus knows that
    name something (message_subject.subject_words), and those it lacks that name a topic, a drug or a disease
    (message_subject.unknown_subject): "My GP said IVIG can cure diabetes" -> ["cure", "diabetes"]; [] when none."""
    for sentence in reversed(sentences(fold(story))):
        for match in reversed(list(_CLAIM.finditer(sentence))):
            claim = match[1]
            named = set(unknown_subject(claim, is_known, is_generic)) | set(subject_words(claim, is_known, is_generic))
            found = [w for w in content_words(claim, is_generic) if w in named]
            if found:
                return list(dict.fromkeys(found))
    return []


def claim_pointed_at(question: str, earlier: str, is_known: Callable[[str], bool],
                     is_generic: Callable[[str], bool] | None = None) -> str:
    """What the story says someone said (`claim_told`), when the question judges the one who said it ("was he just
    simplifying?", asking_words.judging) or weighs what was said ("Is there anything to that?", "is that true?") and
    names nothing rare of its own: the claim is what it asks about ("My GP said IVIG can cure diabetes. Was she
    exaggerating?" asks about diabetes)."""
    if asks(earlier) or not (judging(question, earlier) or _WEIGHING.search(question)):
        return ""
    if _names_its_own(question, is_known, is_generic):
        return ""
    return " ".join(claim_told(earlier, is_known, is_generic))


# "Why the difference?", "Is one faster?", "which is better?": a question weighing two things against each other,
# naming nothing of its own, weighs the two the story just set against each other
_WEIGHS = re.compile(r"\b(?:" + "|".join(sorted(WEIGHING)) + r")\b|\b(?:which|one)\b[^?]*\b(?:better|worse|best|safer|"
                     r"faster|quicker|slower|stronger|weaker|longer|shorter|more|less)\b", re.I)
# where a sentence sets one thing against another: "1 g/kg in one go, but my friend got smaller doses ..."
_CONTRAST = re.compile(r",?\s+(?:but|whereas|while|yet|unlike|instead of|rather than|compared (?:to|with)|versus|vs\.?)"
                       r"\s+", re.I)
# a quantity as documents print it (units.as_printed): "1 g/kg", "0.4 g/kg/day", "5 days"
_QUANTITY = re.compile(r"\b\d+(?:\.\d+)?\s*(?:(?:g|mg)/kg(?:/day)?|days?|weeks?|months?|hours?)\b")


def contrast_told(story: str, is_known: Callable[[str], bool]) -> list[str]:
    """What the story's last sentence setting two things against each other sets against each other: on both sides,
    the quantities as documents print them and the words the corpus knows that are rarer than English's commonest,
    question-type words included ("doses": how much is what differs), never a place, a contraction or a number word
    ("My hematologist at Mass General said I'll get 1 g per kilo in one go, but my friend got smaller doses spread
    over five days" -> ["1 g/kg", "doses 5 days"], a side each); [] when no sentence does."""
    for sentence in reversed(sentences(fold(story))):
        sides = _CONTRAST.split(sentence)
        if len(sides) < 2:
            continue
        where = places(sentence)
        found: list[str] = []
        for side in sides:
            side = as_printed(side)
            known = [w for w in content_words(_QUANTITY.sub(" ", side)) if is_known(w) and zipf(w) < NAME_ZIPF
                     and not names_nothing(w) and w.lower() not in where]
            told = _QUANTITY.findall(side) + known
            found.append(" ".join(w for w in dict.fromkeys(told) if w not in " ".join(found).split()))
        found = [side for side in found if side]
        if found:
            return found
    return []


def contrast_pointed_at(question: str, earlier: str, is_known: Callable[[str], bool],
                        is_generic: Callable[[str], bool] | None = None) -> str:
    """What the story set against each other (`contrast_told`), when the question weighs two things (`_WEIGHS`: "Why
    the difference?", "Is one faster?") and names nothing rare of its own."""
    if asks(earlier) or not _WEIGHS.search(question):
        return ""
    if _names_its_own(question, is_known, is_generic):
        return ""
    # the sides stay apart, so that a second weighing question reads them again ("Is one faster?" after "Why the
    # difference?", followup.resolve)
    return " versus ".join(contrast_told(earlier, is_known))


def weighs(question: str) -> bool:
    """Whether a question weighs two things against each other (`_WEIGHS`)."""
    return bool(_WEIGHS.search(question))


# "Why do they give both together?", "is the combination safe?": a question about two things at once, naming nothing of
# its own, asks about the two the story just joined ("started Privigen and high dose steroids at the same time")
_JOINED_ASK = re.compile(r"\b(?:both|together|combination|combined|the two)\b", re.I)
# two things joined: the word before "and", and the phrase after it up to a preposition, a clause or a stop
_PAIR = re.compile(r"(\S+)\s+(?:and|plus)\s+([^,.;:!?()]+)", re.I)


def pair_told(story: str, is_known: Callable[[str], bool],
              is_generic: Callable[[str], bool] | None = None) -> list[str]:
    """The two things the story's last sentence joins with "and", each side's words that name something (a name,
    specificity.is_specific, or a word the corpus knows rarer than English's commonest; never a question-type word,
    a place, a contraction or a number word): "The hematologist started Privigen and high dose steroids at the same
    time" -> ["steroids"], the brand the corpus lacks left out); [] when none joins two such things. A side naming
    the corpus's own treatment (verb_frame.treatment_name: "IVIG") is one of the two, and every passage names it,
    so the other side is what is told: "started IVIG and high dose steroids" -> ["steroids"] (it found no pair, and
    the story's "ITP platelet count" was read instead; a maintainer's alias, read as "IVIG", made it so for
    "Privigen": msgs iv-itp-bleed-steroids lost both its facts)."""
    treatment = treatment_name(is_generic)
    for sentence in reversed(sentences(fold(story))):
        where = places(sentence)
        for match in reversed(list(_PAIR.finditer(sentence))):
            sides = [match[1], _EVENT_END.sub("", " " + match[2])]
            found = [[w for w in content_words(side, is_generic) if w.lower() not in INTENT and w.lower() not in where
                      and not names_nothing(w) and (is_specific(w) or is_known(w) and zipf(w) < NAME_ZIPF)]
                     for side in sides]
            treated = [any(treatment(w) for w in words(side)) for side in sides]
            # a name the corpus lacks beside one it knows is incidental ("Panzyga and prednisone" asks why
            # steroids are added); two it lacks are what is asked, and the check declines them
            told = list(dict.fromkeys(w for side in found for w in side))
            if told and all(side or named for side, named in zip(found, treated)):
                return [w for w in told if is_known(w)] or told
    return []


def pair_pointed_at(question: str, earlier: str, is_known: Callable[[str], bool],
                    is_generic: Callable[[str], bool] | None = None) -> str:
    """The two things the story joined (`pair_told`), when the question asks about two at once (`_JOINED_ASK`: "Why
    do they give both together?") and names nothing of its own rarer than English's commonest words."""
    if asks(earlier) or not _JOINED_ASK.search(question):
        return ""
    if any(is_specific(w) or zipf(w) < NAME_ZIPF for w in subject_words(question, is_known, is_generic)):
        return ""
    return " ".join(pair_told(earlier, is_known, is_generic))
