"""Resolving an underspecified follow-up against the earlier questions of a conversation.

"how fast does it work?" after "How does IVIG work in ITP?" is searched as
"how fast does it work? (about ITP)"; "what about in myasthenia gravis?" takes the previous
question's frame with the new subject: "How does IVIG work in myasthenia gravis?". A question that
names its own subject and points back at nothing is left as it is.
"""
from __future__ import annotations

import re
from typing import Callable, Collection, Sequence

from index.accents import fold

from .behalf import asked_for
from .disease_names import disease_name
from .meaning import names_term
from .message_subject import RARE_ZIPF, asks, places, story_subject, subject_words, unknown_subject
from .noun_phrases import phrase_around
from .verb_frame import treatment_name, verb_words
from .specificity import NAME_ZIPF, is_name, is_specific, zipf
from .story_condition import (claim_pointed_at, condition_pointed_at, contrast_pointed_at, event_pointed_at,
                              pair_pointed_at, weighs)
from .terms import INTENT, STOPWORDS, content_words, words

# "she", "him": the person of the story, whose condition the question asks about ("My wife has myasthenia gravis ...
# when will she start to feel better?")
_ANAPHORA = re.compile(r"\b(it|its|it's|this|that|these|those|they|them|their|there|he|she|him|her|his|"
                       r"the (drug|treatment|medicine|infusion|infusions|therapy|product|condition|disease))\b", re.I)
_ELLIPSIS = re.compile(r"^\s*(and\s+)?(what|how)\s+about\b|^\s*(and|also|same)\s+(in|for|with|during)\b", re.I)
_ELLIPSIS_LEAD = re.compile(r"^\s*(and\s+)?((what|how)\s+about|and|also|same)\s+(in|for|with|during)?\s*", re.I)


# "there" that says something exists points at nothing: "Is there information about exercise for children?"
_EXISTENTIAL = re.compile(r"\b(?:(?:is|are|was|were|isn't|aren't|will|would|could|might)\s+there|"
                          r"there\s+(?:is|are|was|were|isn't|aren't|will|would|might|'s|'re))\b", re.I)


def points_back(question: str) -> bool:
    """Whether a question points back at a story told before it with a pronoun or "the drug" ("Has that combination
    been studied?", "when will she feel better?"); an existential "there" does not (`resolve` reads it as pointing at
    an earlier question's subject)."""
    return bool(_ANAPHORA.search(_EXISTENTIAL.sub(" ", question)))


def resolve(question: str, history: Sequence[str], is_known: Callable[[str], bool],
            is_generic: Callable[[str], bool] | None = None,
            names_document: Callable[[str], Collection[str]] | None = None,
            written_by: Callable[[str], Collection[str]] | None = None) -> str:
    """The question as it should be searched, given the earlier user messages (oldest first). A question
    naming a subject the corpus lacks (`unknown_subject`) is left as it is, so that the coverage check
    judges it on that subject, not on the one it would inherit. `names_document`: the documents whose own subject
    a text names (subject_terms.SubjectTerms.documents); without it, a question of its own words keeps them.
    `written_by`: the documents that write a word (SubjectTerms.writers); without it, a "the ..." phrase of no
    document's subject points back whatever the earlier subject's documents write."""
    history = [h for h in history if h and h.strip()]
    if not history or names_term(question):
        # "What does autoimmune actually mean?" after "my low platelets are 'autoimmune'" asks what the word means,
        # though most documents write it (a generic word names no subject elsewhere): not "(about platelets)"
        return question
    names = treatment_name(is_generic)
    if _treatment_only(question, names, is_generic) and asks(history[-1]):
        # "what about Gamunex?" (read as "what about IVIG?") after "Does IVIG cure diabetes?" asks that question again:
        # its only subject is the treatment the earlier one already names, so it keeps that one's subject, which the
        # corpus may lack (searched bare, "what about IVIG?" was answered with IVIG's long-COVID evidence)
        earlier = resolve(history[-1], history[:-1], is_known, is_generic, names_document, written_by)
        if any(names(w) for w in words(earlier)):          # "and for asthma?" after it reads "Does IVIG cure asthma?"
            return earlier
    told = pointed_at(question, history[-1], is_known, is_generic)
    if not told and len(history) > 1 and asks(history[-1]) and weighs(history[-1]):
        # "Is one faster?" right after "Why the difference?" weighs the same two things
        told = contrast_pointed_at(question, history[-2], is_known, is_generic)
    if told:
        return with_subject(question, [told])
    if unknown_subject(question, is_known, is_generic):
        return question
    # its verb asks about the subject and is none of it: "watch" in "What symptoms should he watch for?"
    own_verbs = {w.lower() for w in verb_words(question, names)}
    # nor is a relative asked on behalf of ("the treatment for my son"): behalf.asked_for
    own_subject = [w for w in subject_words(question, is_known, is_generic)
                   if w.lower() not in own_verbs and w.lower() not in asked_for(question)]
    elliptical = bool(_ELLIPSIS.search(question))
    # an existential "there" counts here: "Is there a vaccine?" after "What is whooping cough?" asks about it
    pointing_back = bool(_ANAPHORA.search(question))
    # a word of its own the corpus lacks is its own subject: "is it safe for dogs?" after "Does IVIG cure diabetes?"
    own_lacking = _lacking(question, is_known, is_generic, own_verbs | asked_for(question), rare=False)
    # "How many grams per week is the usual dose?" after "... switching me to Hizentra for CIDP": words of English's
    # commonest name no subject by themselves, and the question asks about the story's
    everyday = bool(own_subject) and all(zipf(w) >= RARE_ZIPF for w in own_subject)
    # "how soon does the blocking start?" after "Where in the body does IVIG do its job in ITP?": a definite noun phrase
    # the question never introduced points back, when its words name no document's subject ("how fast do the
    # platelets rise?" names ITP's own), nor any word the corpus lacks ("is the spleen safe for dogs?")
    # ...and one naming a subject the corpus knows by a specific word asks about that, "it" or not: "How fast does it
    # work for ITP?", "Is it used for CIDP?" after "Does IVIG cure diabetes?" were declined for diabetes (review)
    own_named = any(is_specific(w) and is_known(w) for w in own_subject)
    asked_words = {w.lower() for w in words(question)}
    definite = _definite(question, own_subject) if names_document is not None and own_subject and not elliptical \
        and not pointing_back and not own_lacking and not names_document(question) else set()
    if own_subject and not everyday and not elliptical and not pointing_back and not definite:
        return question
    for i in reversed(range(len(history))):
        earlier = history[i]
        if _ELLIPSIS.search(earlier):
            # "what about brain fog?" was itself asked in an earlier frame: "and for ITP?" after it takes that one
            earlier = resolve(earlier, history[:i], is_known, is_generic, names_document, written_by)
        # its verb asks about the subject and is none of it: "cure" in "Does IVIG cure diabetes?"
        verbs = {w.lower() for w in verb_words(earlier, names)} | asked_for(earlier)      # "my sister" tells who
        pick = subject_words if asks(earlier) else story_subject
        # a question asking what a word means asked about that word, a generic one too: "does IVIG just switch my
        # immune system off?" after "What does autoimmune actually mean?" asks about autoimmune (meaning.names_term)
        term = names_term(earlier)
        subject = words(term) if term else [w for w in pick(earlier, is_known, is_generic) if w.lower() not in verbs]
        if not term and pick is subject_words and subject and not any(is_specific(w) for w in subject) and \
                _absent_condition(earlier, is_known, is_generic, verbs) and \
                len(_with_modifiers(earlier, subject, is_known, is_generic, verbs)) == len(subject):
            # a condition the corpus lacks is the subject, not the everyday words beside it: "type" in "Can IVIG cure
            # my type 1 diabetes?" only says which one, "rid" in "get rid of my gout" how ("what about myasthenia
            # gravis?" was read "Can IVIG cure my myasthenia gravis 1 diabetes?", "and how often?" "(about IVIG type)").
            # Not a word it modifies: "whooping cough" stays whole (`_with_modifiers`)
            subject = []
        rare = []
        if (pointing_back and not own_subject) or everyday:
            # "how is that different from regular IVIG?" after "My neurologist mentioned Gamunex": the question says
            # nothing the documents know, so it asks about what it points at, a rare name they lack included (a
            # person's name is a commoner word: "I'm Sarah" is no subject); each apart, so that a decline names it
            # a name as written ("Hizentra"), not a rare everyday word of the story ("my long hauler doctor")
            # (nor a place the story happens in: "at a hospital in Utrecht", message_subject.places)
            where = places(earlier)
            rare = [w for w in unknown_subject(earlier, is_known, is_generic) if is_specific(w) and w.lower() not in verbs
                    and is_name(w, sentence_start=earlier.lstrip().startswith(w)) and w.lower() not in where]
        # "Is there a vaccine for it?" after "What is whooping cough?": a question that points back at an earlier one
        # whose subject the corpus lacks altogether asks about that subject
        # ...and so does one naming no subject of its own, when what the corpus lacks is a condition: "what about the
        # dose?", "and how often?" after "Does IVIG cure diabetes?" ask about diabetes (searched bare, they were
        # answered with IVIG's doses for other conditions); after "Is IVIG given in Utrecht?" not about Utrecht
        lacking = _lacking(earlier, is_known, is_generic, verbs) if pick is subject_words \
            and (pointing_back or everyday or not own_subject and not any(names(w) for w in words(question))) \
            and not subject and not rare and not own_lacking and not own_named else []
        # (a question naming the treatment asks anew: "How is IVIG given?" after the diabetes question is answered)
        if not pointing_back:
            lacking = [w for w in lacking if _condition(w, earlier)]
        if lacking:
            return with_subject(question, [" ".join(lacking)])
        if not subject and not rare:
            continue
        if not term and not any(is_specific(w) for w in subject):
            # Only everyday words are left ("autoimmune disease in general" in a corpus where most
            # documents say "autoimmune"): the corpus's generic words name the subject better than those.
            # A story still drops how it is told: "my 6 year old has Kawasaki disease" is not about "year".
            # Nor are the names then narrowed to: "IVIG" is the only rare word of "my 6 year old has Kawasaki ... IVIG".
            subject = [w for w in (story_subject(earlier, is_known, names=False) if pick is story_subject
                                   else pick(earlier, is_known)) if w.lower() not in verbs]
        if pick is subject_words:
            subject = _with_modifiers(earlier, subject, is_known, is_generic, verbs)
        if definite and written_by is not None and not _written_about(definite, names_document(" ".join(subject)),
                                                                      written_by):
            # ...and only at a subject whose documents write them: "the headache" after "Does IVIG help ITP?" is none
            # of the ITP page's (it never writes "headache"), so it is the question's own subject, declined as only
            # listed; searched "(about ITP)" it was answered with platelet sentences
            return question
        if names_document is not None and i and subject and not pointing_back and not elliptical \
                and "the" not in asked_words and not names_document(" ".join(subject)):
            # "is IVIG for now or for ever?" after "What is her immune system attacking?", itself asked after "my
            # daughter has myasthenia gravis": a question that points at nothing asks about the conversation's
            # condition, which that earlier question inherited, not about what it asked ("immune system attacking").
            # "the" points at the question just before: "which of the two brings the count up quicker?" after "Is the
            # five day regimen the older way?" compares the regimens (holdout4 lost its opening without this)
            carried = inherited(resolve(earlier, history[:i], is_known, is_generic, names_document, written_by))[1]
            if carried and names_document(carried):
                return with_subject(question, [carried])
        if elliptical and own_subject:
            # never the treatment's own name: "and for ITP?" after "Is IVIG safe in pregnancy?" is not "Is ITP safe ..."
            own = [w for w in subject if not names(w)] or subject
            named = [w for w in own if is_specific(w)] or own[-1:]
            return _reframe(earlier, named, _ELLIPSIS_LEAD.sub("", question).strip(" ?.!"), names)
        if own_subject and set(map(str.lower, subject)) <= set(map(str.lower, own_subject)):
            return question
        return with_subject(question, [*rare, " ".join(subject)] if subject else rare)
    return question


DEFINITE_WORDS = 3          # a noun phrase after "the": "the blocking", "the first infusions", "the Fc receptor blockade"


def _definite(question: str, own_subject: Sequence[str]) -> set[str]:
    """The question's rarer subject words (not English's everyday ones), lower case, when each stands in a noun phrase
    opened by "the" ("the blocking", "the first infusions"): something the conversation told, not a new subject; else
    none. The phrase ends at a stop word: "steroids" in "Does IVIG take the place of steroids?" is a subject of its
    own."""
    rare = {w.lower() for w in own_subject if zipf(w) < RARE_ZIPF}
    found = [w.lower() for w in words(question)]
    after: set[str] = set()
    for i in (i for i, w in enumerate(found) if w == "the"):
        for word in found[i + 1:i + 1 + DEFINITE_WORDS]:
            if word in STOPWORDS:
                break
            after.add(word)
    return rare if rare and rare <= after else set()


def _written_about(found: Collection[str], documents: Collection[str],
                   written_by: Callable[[str], Collection[str]]) -> bool:
    """Whether one of `documents` (those an earlier subject names) writes every word `found` that the corpus writes.
    A word it only knows by a reading tells nothing: "the drip" (the documents write "infusion") after "My eyelids
    droop and I see double." still asks about them."""
    writers = [set(written_by(w)) for w in found]
    writers = [docs for docs in writers if docs]
    return not writers or any(all(doc in docs for docs in writers) for doc in documents)


# "and Privigen?", "what about intravenous immunoglobulin?": a fragment after "and", "or", "also" or "what about"
_FRAGMENT_LEAD = re.compile(r"^\s*(?:(?:and|or|also)\s+)?(?:(?:what|how)\s+about\s+)?", re.I)
_ARTICLES = frozenset({"a", "an", "the"})


def _treatment_only(question: str, names: Callable[[str], bool], is_generic: Callable[[str], bool] | None) -> bool:
    """Whether `question` is an elliptical fragment that names only the corpus's treatment ("and IVIG?", "what about
    intravenous immunoglobulin?"): its head (last word, as in any English noun phrase) is the treatment's name
    (`names`), the words before it articles or the corpus's generic words; no verb or question word ("and does IVIG?"
    asks something), and no other head ("what about the IVIG dose?" asks the dose)."""
    lead = _FRAGMENT_LEAD.match(question)
    if is_generic is None or not lead or not lead.group().strip():
        return False
    rest = words(question[lead.end():])
    return bool(rest) and names(rest[-1]) and all(
        names(w) or w.lower() in _ARTICLES or (is_generic(w) and w.lower() not in STOPWORDS | INTENT) for w in rest)


def pointed_at(question: str, earlier: str, is_known: Callable[[str], bool],
               is_generic: Callable[[str], bool] | None = None) -> str:
    """What a question's pronoun points at in the story just before it: the condition someone has ("his breathing"),
    else what the story told happened ("Is that a known side effect?"), else what someone in it said ("Was he
    right?"), else the two things it set against each other ("Why the difference?") or joined ("Why do they give both
    together?"); "" when none."""
    return (condition_pointed_at(question, earlier, is_known, is_generic)
            or event_pointed_at(question, earlier, is_known, is_generic)
            or claim_pointed_at(question, earlier, is_known, is_generic)
            or contrast_pointed_at(question, earlier, is_known, is_generic)
            or pair_pointed_at(question, earlier, is_known, is_generic))


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


def _absent_condition(earlier: str, is_known: Callable[[str], bool], is_generic: Callable[[str], bool] | None,
                      verbs: Collection[str]) -> bool:
    """Whether an earlier question names a rare word the corpus lacks (`_lacking`) that names a condition: a disease's
    name, or a word that is no name of a person, a brand or a place ("gout", "diabetes"; not "Kaiser", "Utrecht")."""
    return any(_condition(w, earlier) for w in _lacking(earlier, is_known, is_generic, verbs))


def _condition(word: str, earlier: str) -> bool:
    """Whether a word `earlier` writes may name a condition: a disease's name, or no name of a person, a brand or a
    place."""
    return disease_name(word) or not is_name(word, sentence_start=earlier.lstrip().startswith(word)) \
        and word.lower() not in places(earlier)


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
