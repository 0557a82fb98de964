"""Finding the question in a message, and resolving an underspecified follow-up against the earlier ones.

A patient's message greets, gives history and names things in passing ("I live in Leeds and take
Tylenol. How fast does IVIG work?"): `focus` keeps its question sentences, so the coverage check and
the search see what is asked, not the incidental names around it.

"how fast does it work?" after "How does IVIG work in ITP?" is searched as
"how fast does it work? (about ITP)"; "what about in myasthenia gravis?" takes the previous
question's frame with the new subject: "How does IVIG work in myasthenia gravis?". A question that
names its own subject and points back at nothing is left as it is.
"""
from __future__ import annotations

import re
from itertools import groupby
from typing import Callable, Collection, Sequence

from index.accents import fold

from .noun_phrases import phrase_around
from .verb_frame import treatment_name, verb_words
from .request_frame import request_topic
from .behalf import PEOPLE, asked_for
from .specificity import NAME_ZIPF, is_name, is_specific, zipf
from .subject_runs import is_adverb
from .terms import INTENT, QUESTION_OPENER, content_words, words
from .topic_lists import is_topic

RARE_ZIPF = 4.5          # as coverage reads "unusual" words: rarer ones name a condition ("gout" 3.1), not "terrible" (4.7)

# "she", "him": the person of the story, whose condition the question asks about ("My wife has myasthenia gravis ...
# when will she start to feel better?")
_ANAPHORA = re.compile(r"\b(it|its|it's|this|that|these|those|they|them|their|there|he|she|him|her|his|"
                       r"the (drug|treatment|medicine|infusion|infusions|therapy|product|condition|disease))\b", re.I)
_ELLIPSIS = re.compile(r"^\s*(and\s+)?(what|how)\s+about\b|^\s*(and|also|same)\s+(in|for|with|during)\b", re.I)
_ELLIPSIS_LEAD = re.compile(r"^\s*(and\s+)?((what|how)\s+about|and|also|same)\s+(in|for|with|during)?\s*", re.I)


_SENTENCE = re.compile(r"(?:[^.?!]|\.(?=\d))+(?:[.?!]+|$)")      # a decimal point ("0.4 g/kg") ends nothing


def sentences(text: str) -> list[str]:
    """The sentences of a message, stripped, in order: each ends at ".", "?" or "!" (not a decimal point)."""
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
_CLAUSE = re.compile(r"\b(in|for|with|on|about|after|before|during|to|of|from|at|by|if|when|since|because|my|our)\b",
                     re.I)


def focus(message: str) -> tuple[str, str]:
    """(the question sentences of a message, the rest): sentences ending in "?" or opening like a
    question, in order. The whole message is the question when it is one sentence or none asks. The
    rest is context: the bot reads it like an earlier message, for a subject the question points at."""
    # "Dear Sir/Madam, what causes ...?": the words before the question word address someone
    found = [part for s in sentences(message) for told in _told(s) for part in _unaddressed(told)]
    if len(found) < 2:
        return _run_on(message)
    # A question mark says which sentences ask, and so does a request's frame ("Please send me information
    # on X."); the opening words only when none does ("Any advice appreciated." opens like "Any side effects?"
    # but asks nothing).
    asked = ([s for s in found if s.endswith("?") or request_topic(s)]
             or [s for s in found if QUESTION_OPENER.match(s)])
    if not asked:
        return _run_on(message)
    return " ".join(asked), " ".join(s for s in found if s not in asked)


# A question word and its auxiliary inside a message typed without stops: "... the Tums dont help anymore what is GERD"
# Not "which", "who", "when", "where": after a noun they lead a relative clause ("a protein which is expressed ...")
_EMBEDDED = re.compile(r"\s(?=(?:what|how|why)\s+(?:is|are|was|were|do|does|did|can|could|should|would|will|causes?)\b)",
                       re.I)
RUN_ON_WORDS = 12          # shorter messages are one question as they stand ("I don't know what is wrong")


def _run_on(message: str) -> tuple[str, str]:
    """(question, story) for a message typed as one run without a question mark whose question starts at its last
    question word and auxiliary ("Hi i have been having bad heart burn and the Tums dont help anymore what is
    GERD"); else (message, "")."""
    starts = [m.end() for m in _EMBEDDED.finditer(message)]
    if "?" in message or not starts or len(message.split()) < RUN_ON_WORDS:
        return message, ""
    return message[starts[-1]:].strip(), message[:starts[-1]].strip()


# "... and how fast?", "? also what's the dose": a second question starts at a joining word followed by a
# question word. The part before it must open like a question and have at least three words ("how long
# and how often is it given?" and "apart from X, what ...?" are one question each).
_JOINED = re.compile(r"(?:[,;]?\s+(?:and|also|plus)\s+|[,;]\s+|(?<=\?)\s+)(?=(?:what|how|why|when|where|which|who|is|are|"
                     r"does|do|can|could|will|should|would)\b(?!\s*(?:[,?.!]|$)))", re.I)
_LEADING_JOIN = re.compile(r"^\s*(and|also|plus|oh and|and also)\b[\s,]*", re.I)
MAX_QUESTIONS = 3


def questions(asked: str) -> list[str]:
    """The separate questions in the question sentences of a message (focus()'s first part), in order:
    "is it safe in pregnancy? also what's the dose?" -> ["is it safe in pregnancy?", "what's the dose?"].
    At most MAX_QUESTIONS; one question comes back as it is."""
    found: list[str] = []
    waiting = ""          # a sentence that does not open like a question ("I have APS?") leads into the next
    for sentence in sentences(asked):
        pieces = _JOINED.split(sentence)
        if len(pieces) > 1 and (len(pieces[0].split()) < 3 or not QUESTION_OPENER.match(pieces[0])):
            pieces = [sentence]                   # "Apart from X, what ...?" is one question
        for piece in (_LEADING_JOIN.sub("", p).strip() for p in pieces if p.strip()):
            if not QUESTION_OPENER.match(piece):
                waiting = f"{waiting} {piece}".strip()
                continue
            found.append(f"{waiting} {piece}".strip())
            waiting = ""
    if waiting:
        found = found[:-1] + [f"{found[-1]} {waiting}"] if found else [waiting]
    found = [q for q in found if len(q.split()) >= 2]
    if len(found) < 2:
        return [asked]
    if len(found) > MAX_QUESTIONS:
        found = found[:MAX_QUESTIONS - 1] + [" ".join(found[MAX_QUESTIONS - 1:])]
    return [q if q.endswith(("?", ".", "!")) else f"{q}?" for q in found]


# A clause that tells, by its subject: the writer or someone they speak of ("I live in Ohio", "my mom takes ...")
_TELLING = re.compile(r"^\s*(i|i'm|im|i've|ive|i'd|me|my|we|we're|we've|our|he|she|he's|she's|his|her|they|"
                      r"they're|their)\b", re.I)


# A clause that reports what someone said tells too, whoever said it: "the pharmacist at Walgreens said it's mostly
# IgG, is there anything else in it?"
_REPORTING = re.compile(r"\b(said|says|told|tells|mentioned|mentions|explained|claims|claimed|heard|read)\b", re.I)


def _told(sentence: str) -> list[str]:
    """[story, question] for one sentence that tells and asks, split at a comma: "I live in Ohio and take
    Prilosec, is GERD dangerous?", "Is it inherited, my brother in Dallas has it?". The told clause is read
    like the message's other statements (context), so the names in it are not what is asked."""
    for comma in (m.start() for m in re.finditer(",", sentence)):
        head, rest = sentence[:comma].strip(), sentence[comma + 1:].strip()
        if not head or not rest:
            continue
        if (_TELLING.match(head) or _REPORTING.search(head)) and not QUESTION_OPENER.match(head) \
                and QUESTION_OPENER.match(rest):
            return [head + ".", rest]
        if (QUESTION_OPENER.match(head) and _TELLING.match(rest) and not QUESTION_OPENER.match(rest)
                and sentence.rstrip().endswith("?")):
            return [head + "?", rest.rstrip(" ?") + "."]
    return [sentence]


def _unaddressed(sentence: str) -> list[str]:
    """[address, question] for "Hi doctor, is it ...?", else [sentence]: a short clause before a comma
    that asks nothing itself, followed by a question."""
    head, comma, rest = sentence.partition(",")
    # "In ITP, how fast ...?", "For diabetes, can ...?": a clause with a preposition states the subject
    if comma and rest.strip().endswith("?") and QUESTION_OPENER.match(rest) and not QUESTION_OPENER.match(head) \
            and len(head.split()) <= 4 and not _CLAUSE.search(head):
        return [head.strip() + ",", rest.strip()]
    return [sentence]


def subject_words(message: str, is_known: Callable[[str], bool],
                  is_generic: Callable[[str], bool] | None = None) -> list[str]:
    """Words naming what a message is about: content words that are not question-type words, not the
    corpus's generic words, and that the corpus knows (so they name something the documents discuss)."""
    return [w for w in content_words(message, is_generic) if w.lower() not in INTENT and is_known(w)]


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
    subject = subject_words(statement, is_known, is_generic)
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


# "My son has bad asthma. Could IVIG help his breathing?": a person's pronoun points back at the person of the
# story, and what the story says they have is what the question asks about
_PERSON_BACK = re.compile(r"\b(he|she|him|her|his|hers|they|them|their)\b", re.I)
_HAS = re.compile(r"\b(?:has|have|had|with|suffers from|suffering from)\s+([^,.;:!?()]+)", re.I)
_NP_END = re.compile(r"\s(?:in|on|at|of|for|from|and|or|but|since|that|which|who|because|so|nothing|after|when|"
                     r"is|are|was|were)\b.*", re.I)


def condition_told(statement: str, is_known: Callable[[str], bool]) -> str:
    """What a story says someone has, when the corpus lacks it: the noun phrase after "has", "with", "suffers from",
    from its rare or topic words to its head ("My daughter has terrible eczema on her arms": "eczema"; "My mom has
    hepatitis C": "hepatitis C"); "" when the head is a word the corpus knows ("my son has ITP", "a fever") or
    names a person ("has a son")."""
    for match in _HAS.finditer(fold(statement)):
        phrase = content_words(_NP_END.sub("", " " + match[1]))
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


def _condition_pointed_at(question: str, earlier: str, is_known: Callable[[str], bool],
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


def asks(message: str) -> bool:
    """Whether a message asks (a question mark, or opening like a question) rather than tells."""
    return message.rstrip().endswith("?") or bool(QUESTION_OPENER.match(message))


def resolve(question: str, history: Sequence[str], is_known: Callable[[str], bool],
            is_generic: Callable[[str], bool] | None = None) -> str:
    """The question as it should be searched, given the earlier user messages (oldest first). A question
    naming a subject the corpus lacks (`unknown_subject`) is left as it is, so that the coverage check
    judges it on that subject, not on the one it would inherit."""
    history = [h for h in history if h and h.strip()]
    if not history:
        return question
    told = _condition_pointed_at(question, history[-1], is_known, is_generic)
    if told:
        return with_subject(question, [told])
    if unknown_subject(question, is_known, is_generic):
        return question
    names = treatment_name(is_generic)
    # its verb asks about the subject and is none of it: "watch" in "What symptoms should he watch for?"
    own_verbs = {w.lower() for w in verb_words(question, names)}
    # nor is a relative asked on behalf of ("the treatment for my son"): behalf.asked_for
    own_subject = [w for w in subject_words(question, is_known, is_generic)
                   if w.lower() not in own_verbs and w.lower() not in asked_for(question)]
    elliptical = bool(_ELLIPSIS.search(question))
    pointing_back = bool(_ANAPHORA.search(question))
    # a word of its own the corpus lacks is its own subject: "is it safe for dogs?" after "Does IVIG cure diabetes?"
    own_lacking = _lacking(question, is_known, is_generic, own_verbs | asked_for(question), rare=False)
    # "How many grams per week is the usual dose?" after "... switching me to Hizentra for CIDP": words of English's
    # commonest name no subject by themselves, and the question asks about the story's
    everyday = bool(own_subject) and all(zipf(w) >= RARE_ZIPF for w in own_subject)
    if own_subject and not everyday and not elliptical and not pointing_back:
        return question
    for i in reversed(range(len(history))):
        earlier = history[i]
        if _ELLIPSIS.search(earlier):
            # "what about brain fog?" was itself asked in an earlier frame: "and for ITP?" after it takes that one
            earlier = resolve(earlier, history[:i], is_known, is_generic)
        # its verb asks about the subject and is none of it: "cure" in "Does IVIG cure diabetes?"
        verbs = {w.lower() for w in verb_words(earlier, names)} | asked_for(earlier)      # "my sister" tells who
        pick = subject_words if asks(earlier) else story_subject
        subject = [w for w in pick(earlier, is_known, is_generic) if w.lower() not in verbs]
        rare = []
        if (pointing_back and not own_subject) or everyday:
            # "how is that different from regular IVIG?" after "My neurologist mentioned Gamunex": the question says
            # nothing the documents know, so it asks about what it points at, a rare name they lack included (a
            # person's name is a commoner word: "I'm Sarah" is no subject); each apart, so that a decline names it
            # a name as written ("Hizentra"), not a rare everyday word of the story ("my long hauler doctor")
            rare = [w for w in unknown_subject(earlier, is_known, is_generic) if is_specific(w) and w.lower() not in verbs
                    and is_name(w, sentence_start=earlier.lstrip().startswith(w))]
        # "Is there a vaccine for it?" after "What is whooping cough?": a question that points back at an earlier one
        # whose subject the corpus lacks altogether asks about that subject
        lacking = _lacking(earlier, is_known, is_generic, verbs) if pick is subject_words and pointing_back \
            and not subject and not rare and not own_lacking else []
        if lacking:
            return with_subject(question, [" ".join(lacking)])
        if not subject and not rare:
            continue
        if not any(is_specific(w) for w in subject):
            # Only everyday words are left ("autoimmune disease in general" in a corpus where most
            # documents say "autoimmune"): the corpus's generic words name the subject better than those.
            # A story still drops how it is told: "my 6 year old has Kawasaki disease" is not about "year".
            # Nor are the names then narrowed to: "IVIG" is the only rare word of "my 6 year old has Kawasaki ... IVIG".
            subject = [w for w in (story_subject(earlier, is_known, names=False) if pick is story_subject
                                   else pick(earlier, is_known)) if w.lower() not in verbs]
        if pick is subject_words:
            subject = _with_modifiers(earlier, subject, is_known, is_generic, verbs)
        if elliptical and own_subject:
            # never the treatment's own name: "and for ITP?" after "Is IVIG safe in pregnancy?" is not "Is ITP safe ..."
            own = [w for w in subject if not names(w)] or subject
            named = [w for w in own if is_specific(w)] or own[-1:]
            return _reframe(earlier, named, _ELLIPSIS_LEAD.sub("", question).strip(" ?.!"), names)
        if own_subject and set(map(str.lower, subject)) <= set(map(str.lower, own_subject)):
            return question
        return with_subject(question, [*rare, " ".join(subject)] if subject else rare)
    return question


def _with_modifiers(earlier: str, subject: list[str], is_known: Callable[[str], bool],
                    is_generic: Callable[[str], bool] | None = None, verbs: Collection[str] = ()) -> list[str]:
    """`subject` (known words of an earlier question) with the words the corpus lacks that the question writes right
    before one of them: a modifier comes before its head in English, and names which one ("whooping cough" is no
    kind of "cough" the documents discuss), so a follow-up inherits the whole name ("should she get the vaccine?"
    after "What is whooping cough?" is not about coughs). Not the question's `verbs`: "raise" in "Why does IVIG raise
    platelets in ITP?" asks about platelets."""
    wanted = {w.lower() for w in subject}
    # not English's commonest words, which tell when or how much ("next week"), not which one
    lacking = {w.lower() for w in _lacking(earlier, is_known, is_generic, verbs, rare=False) if zipf(w) < NAME_ZIPF}
    found = [w.lower() for w in words(earlier)]
    modifiers: set[str] = set()
    for i, word in enumerate(found):
        j = i
        while word in wanted and j > 0 and found[j - 1] in lacking:      # "restless legs" before "syndrome"
            j -= 1
            modifiers.add(found[j])
    if not modifiers:
        return subject
    return list(dict.fromkeys(w for w in words(earlier) if w.lower() in modifiers | wanted))


def _lacking(earlier: str, is_known: Callable[[str], bool], is_generic: Callable[[str], bool] | None = None,
             verbs: Collection[str] = (), rare: bool = True) -> list[str]:
    """The subject words of an earlier question that the corpus lacks (not its `verbs` nor its type's words), in
    order, each once; `rare`: only those rarer than RARE_ZIPF, which name a condition ("whooping", "shoulder"), not
    how it is asked ("isn't" in "Why isn't it proven?")."""
    return list(dict.fromkeys(w for w in content_words(earlier, is_generic) if w.lower() not in INTENT
                              and w.lower() not in verbs and not is_known(w) and (not rare or zipf(w) < RARE_ZIPF)))


_INHERITED = re.compile(r"\s\(about ([^()]*)\)$")


def with_subject(question: str, names: Sequence[str]) -> str:
    """The question with the subject it inherits, each name apart: "how fast does it work? (about ITP)", "how is
    that different from regular IVIG? (about Gamunex, CIDP)"."""
    return f"{question.rstrip()} (about {', '.join(names)})"


def inherited(query: str) -> tuple[str, str]:
    """(the question, the subject words `resolve` gave it): the words are a subject's, gathered from the
    conversation, not a phrase of the question's ("(about year Kawasaki IVIG)")."""
    match = _INHERITED.search(query)
    return (query[:match.start()], match[1]) if match else (query, "")


def _reframe(earlier: str, old_subject: list[str], new_subject: str,
             is_name: Callable[[str], bool] = lambda w: False) -> str:
    """Put the new subject where the old one stood in the earlier question: the whole noun phrase around the
    first subject word ("long COVID", not "COVID", in "Is IVIG used for long COVID?") is replaced, any other
    subject words are dropped, every other word is kept."""
    earlier = fold(earlier)            # as its subject words were read: "Guillain-Barre", not "Guillain-Barré"
    start, end = phrase_around(earlier, old_subject, is_name)
    if not end:
        return f"{earlier.rstrip(' ?.!')} {new_subject}?"
    elsewhere = re.compile(r"\b(" + "|".join(map(re.escape, old_subject)) + r")\b")
    reframed = f"{elsewhere.sub('', earlier[:start])}{new_subject}{elsewhere.sub('', earlier[end:])}"
    return re.sub(r"\s{2,}", " ", reframed).replace(" ?", "?")
