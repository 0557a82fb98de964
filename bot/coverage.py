"""Deciding whether the documents cover a question, before answering it (`assess` -> `Coverage`).

Two tests, because similarity alone is fooled by questions that look like the corpus:
1. every specific word of the question (a drug, a disease, an acronym, a rare term, a health topic's
   name such as "diabetes") must occur in the corpus, allowing for inflection and small typos, and so
   must most of its less common words; a word counts as known when a corpus word ends with it or is
   spelt nearly like it ("steroids" -> "corticosteroids"), a topic's name only when the corpus has it
   (vocabulary.py);
2. the best chunk's cosine similarity must reach the threshold (calibrated on the test set: `python -m eval --calibrate`).

Then checks against the best passages: an unknown word is a detail when they hold enough of the
question's other words (passage_words.anchored; a statement, which asks for evidence, needs fewer), and a question
about a phrase of known everyday words needs the phrase's last two words together in them
(phrase_check.unmatched_phrase: "low blood pressure" is not "heart rate and blood pressure"). A question about a
topic by itself needs documents that discuss it (topics.undiscussed), and a disease's name is checked as a name,
whatever else the question says (disease_names.py). The everyday words of a patient's message that say how it asks
(the verb of a "how well" question, an adverb of time or place, a Greek letter spelt out, "realistically", "the
wisest way", "what decides how": asking_words.py), and the unit a quantity is asked in ("how many grams per kilo":
units.asked_units), are never what is missing; who does what its verb says is. A
decline names what is missing in the question's own words (declines.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from index.accents import fold
from settings import DEFAULT_THRESHOLD

from .asking_words import (ADVERBS, acted_on, compared, deciding_verbs, doers, how_well, judged_choices, judging,
                           lettered, manner_adverbs, weighing)
from .declines import join_or, named
from .disease_names import disease_name, only_in_compound, past_verb, stands_alone, unwritten_name
from .followup import inherited
from .modifiers import details, heads
from .passage_words import ANCHOR_MIN, ANCHOR_RATIO, STATEMENT_ANCHOR, anchored, stand_in_stems
from .phrase_check import unmatched_phrase
from .preposition_objects import governed
from .opening_subject import opening_subject
from .verb_frame import VERB_ZIPF_GAP, gerund, treatment_name, verb_words, without_verb
from .adjectives import qualifying
from .abbreviations import initialism, long_form, mixed_case, spelt_out
from .asked_topic import asked_topic
from .behalf import asked_for
from .literal_names import literal_phrases, name_runs, occurs
from .manner import without_manner
from .specificity import is_name, is_specific, zipf
from .terms import content_words, contraction, is_question, names_nothing, words
from .topic_lists import is_topic
from .topics import discussed, titled, undiscussed
from .units import asked_units
from .vocabulary import Vocabulary

STRONG_MATCH = 0.45
_OPENER = re.compile(r"(?:^\s*|[.?!]\s+)[\"'(]*([A-Za-z0-9][A-Za-z0-9'\-]*[A-Za-z0-9]|[A-Za-z])")   # terms.WORD


@dataclass(frozen=True)
class Coverage:
    covered: bool
    score: float                    # compared with the threshold; higher is better covered
    missing: tuple[str, ...] = ()   # subject words the corpus never mentions
    reason: str = ""
    stand_ins: tuple[str, ...] = ()  # the documents' words for the question's ("immunoglobulin A" for "IgA")



def assess(question: str, vocabulary: Vocabulary, best_dense: float, threshold: float = DEFAULT_THRESHOLD,
           passages: Sequence[str] = (), documents: Sequence[str] = (), message: str = "",
           quotable: Sequence[str] = ()) -> Coverage:
    """`passages`: the texts of the best few retrieved passages (see passage_words.anchored); `documents`: the
    whole texts of their documents (a name may be in the title and not in the passage), else the passages serve;
    `quotable`: the whole texts of every retrieved passage's document, which the answer may quote (a disease's name
    is read there as the documents write it: "lupus" only in "lupus anticoagulant"), else `documents` serve;
    `message`: the whole message the question came from, whose other sentences may spell out its abbreviations."""
    question = fold(question)        # as the word lists read it: "Guillain-Barré" is "Guillain-Barre"
    question = without_manner(question)     # "in plain words", "like I'm five": how to answer, never what (manner.py)
    behalf = asked_for(question)            # "my mom": who asks, like a pronoun, when the corpus lacks the word
    subject = [w for w in vocabulary.content_words(question) if w.lower() not in behalf or vocabulary.knows(w)]
    # Words a follow-up inherits ("(about ITP)") are its subject's, gathered from the conversation: they may
    # name a topic it asks about ("and how is it treated? (about kidney failure)"), but never a phrase of the
    # question's own that the documents must write ("(about year Kawasaki IVIG)").
    own, carried = inherited(question)
    only_carried = lambda found: not _words_of(found) & _words_of(own)      # noqa: E731
    # "(OPMLs)" after the words it abbreviates: those are checked. The message's story may be where it is spelt:
    # "Our son has methylmalonic acidemia (MMA). How is MMA inherited?"
    told = spelt_out(fold(message)) if message else {}
    spelt = {**told, **spelt_out(question)}
    text = lru_cache(maxsize=1)(lambda: "\n".join(documents or passages))   # joined only when a name is checked
    # "BPH" where the best documents' titles say "Benign Prostatic Hyperplasia": a patient's abbreviation of them
    # (nor a contraction typed without its apostrophe: "doesnt", "cant", "im": terms.contraction)
    unknown = [w for w in subject if w not in spelt and not names_nothing(w) and not contraction(w.lower())
               and not vocabulary.knows(w)]
    abbreviated = {w: initialism(w, "\n".join(d.split("\n", 1)[0] for d in documents))
                   for w in unknown if w.isupper() and documents}
    # "IgA" where the documents write "immunoglobulin A" (abbreviations.long_form), in their running text
    abbreviated |= {w: long_form(w, text()) for w in unknown if mixed_case(w) and (documents or passages)}
    spelt = {*spelt, *(w for w, phrase in abbreviated.items() if phrase)}
    stand_ins = tuple(w for phrase in abbreviated.values() for w in words(phrase))
    # "sick to my stomach", "straight away": a phrase that means a corpus word as a whole (bot/paraphrase.py)
    said = vocabulary.paraphrased(question, [w for w in unknown if w not in spelt], passages, documents)
    spelt = {*spelt, *(w for w in unknown if w.lower() in said)}
    stand_ins += tuple(w for found in said.values() for w in found)
    # "beta-2" where the documents print "β2" (asking_words.lettered)
    greek = {w: known for w in unknown if w not in spelt
             and (known := next((form for form in lettered(w) if vocabulary.knows(form)), ""))}
    spelt = {*spelt, *greek}
    stand_ins += tuple(greek.values())
    missing = tuple(w for w in unknown if w not in spelt)
    # what judges the words of someone the message quotes ("was he just simplifying?") and the other side of a
    # comparison ("like his tablets") say how the question asks, never what (asking_words.judging, .compared)
    # nor do the words weighing two things ("Why the difference?": asking_words.weighing)
    # nor an "-ly" adverb of an everyday adjective ("realistically hope"), a judging adjective before a noun of choice
    # ("the wisest way") or the verb of "what decides how ..." (asking_words.manner_adverbs, .judged_choices,
    # .deciding_verbs)
    framing = framing_words(question) if missing else set()
    units, deciding = asked_units(question), deciding_verbs(question)       # read once: used below
    aside = judging(question, message or question) | compared(question) | weighing(question) | framing \
        if missing else set()
    missing = tuple(w for w in missing if w.lower() not in aside)
    # A name the conversation lends beside a condition the documents discuss ("My son gets Privigen for ITP. How fast
    # does it work?": "(about Privigen, ITP)") is incidental: the question asks about that condition. Beside one they
    # only list ("Cuvitru for her CIDP"), or alone, it is what the question asks about.
    lent = [w for w in missing if w.lower() in _words_of(carried) - _words_of(own) and not disease_name(w)]
    if lent and (documents or passages) and _discusses_one(words(carried), lent, vocabulary, documents or passages):
        missing = tuple(w for w in missing if w not in lent)
    # "human blood", "flu shot": a word that only qualifies one the passages hold is a detail (bot/modifiers.py)
    # (as the question writes the head: "dental surgery" is no detail of "surgical removal", a word of its family)
    minor = details(question, missing, passages, text, lambda w: stand_in_stems(w, vocabulary, family=False),
                    vocabulary.lexical.stem, getattr(vocabulary.neighbours, "embedder", None),
                    vocabulary.is_generic) if missing else set()
    missing = tuple(w for w in missing if w not in minor)
    minor = {*minor, *(w for w in unknown if w.lower() in said)}       # nor a paraphrased word part of a compound
    # a word known only through its derivational family is known as the family writes it: a modifier the documents
    # lack names another kind ("dental surgery" where they write "surgical removal of the thymus gland"); so is a lay
    # word the hand list reads ("chemo drip": the documents' "infusion" is no chemotherapy)
    kinds = [f"{m} {h}" for m, h in heads(question) if m in missing and m not in minor
             and (vocabulary.family(h) or vocabulary.listed_only(h))]
    if kinds:
        return Coverage(False, round(float(best_dense), 4), tuple(kinds), f"they don't mention {join_or(kinds)}")
    score = round(float(best_dense), 4)
    asking = is_question(question)
    # "Hepatitis C", "Down syndrome", "Paine syndrome": what names the subject here is its wording, which the
    # word checks cannot see (single letters and stop words dropped, names stemmed into everyday words)
    # A statement's letters are left to its evidence, which often writes them otherwise ("minor G allele" for
    # an allele named by its base, "B isoform" for "myosin IIB": SciFact's test claims)
    # A name starts after the question's verb: "IVIG cause fever" in "Can IVIG cause fever?" is no name
    # ("fever" ends names, as in "Q fever"), and "fever" alone is left to the word checks.
    treatment = treatment_name(vocabulary.is_generic)
    unsaid = [ways[0] for ways in (past_verb(question, ways, treatment)
                                   for ways in literal_phrases(question, letters=asking))
              if ways and passages and not any(occurs(w, text()) for w in ways)]
    # a disease's name with a rare word the documents never use ("paroxysmal extreme pain disorder") names that
    # disease; an everyday one is how a patient says it ("sticky blood syndrome": antiphospholipid syndrome)
    runs = [without_verb(question, run, treatment) for run in name_runs(question)] if passages else []
    unsaid += [" ".join(run) for run in runs if len(run) > 1
               and any(w in missing and is_specific(w) for w in run) and not occurs(" ".join(run), text())]
    if unsaid:
        return Coverage(False, score, tuple(unsaid), f"they don't mention {join_or(unsaid)}")
    # "What is (are) Heart Failure?", "What causes cyclic vomiting syndrome?": a question about a topic itself,
    # which nothing else in it ties to what the documents are about, needs documents that discuss that topic
    # (never a word that only frames how it asks: the verb of "what decides how much they give me?" or a quantity's
    # units. Only those: with the other framing words ("the most sensible way") left out, the rest of a long message
    # read as its topic, and "... what's the most sensible way to go about it?" after a story of a clinic offering
    # infusions was declined as "they don't discuss covid clinic offered ...")
    topic = asked_topic(question, vocabulary.is_generic, deciding | units) if asking and (documents or passages) else []
    topic = without_verb(question, topic, treatment)       # "fix asthma" is about asthma
    # nor an everyday adjective the documents lack, qualifying the word after it: "What could a proper trial tell us?",
    # "how long does the whole thing go on for?" (holdout9 declined both as "they don't discuss proper", "... whole");
    # "dry" in "dry mouth" leaves "mouth", which the documents must still discuss (adjectives.py)
    qualifiers = qualifying(question) if asking else set()
    qualified, topic = topic, [w for w in topic if w.lower() not in qualifiers or vocabulary.knows(w)]
    # nor is a topic the question's verb alone: "watch" in "What symptoms should he watch for? (about hemochromatosis)"
    verbs = {w.lower() for w in verb_words(question, treatment)} if asking and passages else set()
    topic = topic if any(w.lower() not in verbs for w in topic) else []
    expanded = {**{w: " ".join(said[w.lower()]) for w in unknown if w.lower() in said},
                **{w: content for w, phrase in told.items() if (content := " ".join(content_words(phrase)))},
                **{w: phrase for w, phrase in abbreviated.items() if phrase}}
    why = undiscussed(topic, vocabulary, documents or passages, spelt, expanded) if topic else ""
    why = why and (undiscussed(qualified, vocabulary, documents or passages, spelt, expanded) or why)    # "dry mouth"
    # A question that only points back at the story ("is that really why it works so quickly? (about resets sistem
    # ITP platelets)") asks about what the story tells, not about a topic named by all its words together: the name
    # of what a best document is about (its title), as written (no typo, no stand-in) and specific ("ITP", not
    # "kidney"), is enough. An unknown word still declines it, and so does a topic only named in a list ("How is it
    # treated? (about Kidney Failure)" under a list of side effects)
    if why.startswith("they don't discuss") and only_carried(" ".join(topic)) and _story_titled(
            topic, spelt, vocabulary, documents or passages):
        why = ""
    if why:
        return Coverage(False, score, missing, why)
    # "chronic fatigue syndrome", "heart disease": a name of everyday words, each known, never written together
    unnamed = [name for name in (unwritten_name(run, question, vocabulary, passages, text()) for run in runs if asking)
               if name]
    if unnamed:
        return Coverage(False, score, tuple(unnamed), f"they don't mention {join_or(unnamed)}")
    # the question's verb names no disease: "block" in "what exactly does it block in ITP?" (a "heart block" is one)
    # (read in every document the answer may quote: "for lupus anywhere yet" ranks the APS page fourth)
    wide = lru_cache(maxsize=1)(lambda: "\n".join(quotable) if quotable else text())
    inside = [found for found in (only_in_compound(w, question, vocabulary, wide())
                                  for w in dict.fromkeys(subject)
                                  if asking and passages and disease_name(w) and not vocabulary.is_generic(w)
                                  and w.lower() not in verbs and stands_alone(w, question)) if found]
    if inside:
        return Coverage(False, score, tuple(w for w, _ in inside),
                        "they don't mention " + join_or([f'{w}, only "{compound}"' for w, compound in inside]))
    # a capital that opens any of its sentences is no name's ("Next time can I ...")
    openers = {m[1] for m in _OPENER.finditer(question)}
    starts = openers.__contains__
    # A statement ("Tirasemtiv targets cardiac muscle.") asks for the evidence about what it states: a name
    # the documents lack is a detail when the best passages hold at least as many of its other words
    # (STATEMENT_ANCHOR). Not a health topic's name, nor a capitalised name mid-sentence ("IVIG dose for
    # Revesz syndrome"): those are the subject of a question typed without its question mark.
    stated = not asking and not any(is_topic(w) or _capitalised_inside(w, starts(w)) for w in missing)
    # A question naming a disease the documents never use is about that disease, however many of its other
    # words they share: "Plasma Cell Neoplasms (Including Multiple Myeloma)"
    anchorable = not asking or not any(disease_name(w) for w in missing)
    if missing and score >= threshold and anchorable and anchored(subject, missing, vocabulary, passages,
                                                   *(STATEMENT_ANCHOR if stated else (ANCHOR_MIN, ANCHOR_RATIO))):
        return Coverage(True, score, missing, stand_ins=stand_ins)
    missing_specific = [w for w in missing if is_specific(w) or is_topic(w)]
    known_specific = [w for w in subject if w not in missing and is_specific(w)]
    # A clinician's abbreviation the documents spell out ("VTE", "LMWH") is tolerated in a question that
    # is otherwise clearly about what they discuss; a subject they never mention is not.
    names = [w for w in missing if is_name(w, sentence_start=starts(w))]
    # Not a disease's name in a question, though: "Myasthenia gravis, limb-girdle" is another disease.
    topical = asking and any(disease_name(w) for w in missing_specific)
    tolerated = not names and not topical and len(known_specific) > len(missing_specific) and score >= STRONG_MATCH
    if (missing_specific or names) and not tolerated:
        # what the question points back at is what it asks about: "(about gout)" in "Can IVIG help his foot?"
        told = [w for w in missing if w.lower() in _words_of(carried)]
        missing_specific = told or list(dict.fromkeys(names + missing_specific))
        return Coverage(False, score, missing, f"they don't mention {named(question, missing_specific, vocabulary)}")
    # Everyday words ("stuff", "bag") are how patients paraphrase; rarer ones that the documents never
    # use, when they are most of the question, mean another topic.
    # Nor does the verb of a "how well" question or an adverb of time or place the documents lack count, either way:
    # "handle" in "Do most people handle IVIG well?", "anywhere yet" (asking_words.py). Another verb they lack is
    # an action the question asks about ("What happens if I miss an IVIG infusion?")
    asking_words = _asking_words(question, vocabulary) if asking else set()
    shared = [w for w in missing if w.lower() not in asking_words]      # the share is still of all its words
    unusual = [w for w in shared if zipf(w) < 4.5]
    # the share is of the question's own words: what it inherits ("(about bitten)") does not dilute "rabies"
    asked = [w for w in subject if w.lower() in _words_of(own)] or subject
    # nor is it of the words that only say how it asks (`framing_words`): "what decides how much my acupuncture costs"
    # is about acupuncture
    # (a unit is counted there: "days" in "How many days until IVIG kicks in?", which "kicks" alone would be all of)
    asked = [w for w in asked if w.lower() not in framing - units] or asked
    if subject and (len(unusual) / len(asked) >= 0.5 or len(shared) / len(subject) > 0.6):
        return Coverage(False, score, missing, f"they don't discuss {named(question, unusual or shared, vocabulary)}")
    # "Does insurance pay for IVIG?": the subject of a question opened by "do" or a modal is what it asks about, and
    # a word of it the documents never use is absent, whatever sense the verb shares with them ("a price to pay")
    opening = opening_subject(question, treatment) if asking else []
    if any(w in shared and w.lower() not in qualifiers for w in opening):
        return Coverage(False, score, missing, f"they don't discuss {' '.join(opening)}")
    # "Can my dog take IVIG every month?": who does what the verb says, when the documents lack it, is what the
    # question is about (asking_words.doers), however many of its other words they know
    doing_words = doers(question, treatment, frozenset(said)) if asking else set()
    doing = [w for w in shared if w.lower() in doing_words]
    if doing:
        return Coverage(False, score, missing, f"they don't discuss {named(question, doing, vocabulary)}")
    # "Can I drink coffee on the day of my infusion?": what the asker asks leave to do something to (asking_words.acted_on)
    objects_of_leave = acted_on(question) if asking else set()
    done_to = [w for w in shared if w.lower() in objects_of_leave]
    if done_to:
        return Coverage(False, score, missing, f"they don't discuss {named(question, done_to, vocabulary)}")
    # "given to dogs", "cost in euros", "safe while breastfeeding", "cost without insurance": the object of a
    # preposition is what the question is about; a verb led by "tend to" is none ("do these courses tend to run":
    # asking_words), though one after an adjective is ("Is it ok to fly?")
    after_preposition = governed(question, vocabulary.knows)
    objects = [w for w in shared if len(w) > 2 and not w.isupper() and w.lower() in after_preposition
               and not _written_verb(w, question, vocabulary)]
    if objects:
        return Coverage(False, score, missing, f"they don't discuss {named(question, objects, vocabulary)}")
    if score < threshold:
        return Coverage(False, score, missing, "nothing in them is close enough to the question")
    minor = {*minor, *(w for w in words(question) if w.lower() in ADVERBS)}      # "long covid anywhere yet"
    # "grams per kilo": how a quantity is asked, no compound of its subject; so is "decides" in "what decides how".
    # (Not every framing word: with "the most sensible way" minor, a long message's story words made the phrase
    # "covid clinic offered IVIG infusions" and it was declined, holdout7.)
    minor |= units | deciding
    phrase = unmatched_phrase(question, vocabulary, missing, passages, minor) if asking else ""
    if phrase and documents:
        # a passage is about its document's title: "this condition" under "X-linked congenital stationary night
        # blindness" (MedQuAD's answers name their topic only there); read only when the passages lack it
        titles = [d.split("\n", 1)[0] for d in documents]
        phrase = unmatched_phrase(question, vocabulary, missing, [*passages, *titles], minor, titles)
    if phrase and not (carried and only_carried(phrase)):
        return Coverage(False, score, missing, f"they don't discuss {phrase}")
    # ...and where the family writes it beside another word of the question: "…a thymectomy. Is IVIG an alternative to
    # the surgery?" (their "thymectomy (surgical removal of the thymus gland)"). Alone, it is another subject: "Can I
    # have IVIG before surgery?" was answered with that gloss, which says nothing of surgery before IVIG.
    # (last, and only when nothing else is missing: the other checks name the subject better, "health insurance" or
    # "health problems in pregnancy", not "health")
    lone = [w for w in subject if not missing and vocabulary.family(w)
            and not _family_beside(w, subject, vocabulary, passages)]
    if lone:
        phrases = [next((f"{m} {h}" for m, h in heads(question) if h == w), w) for w in lone]     # "heart surgery"
        return Coverage(False, score, tuple(phrases), f"they don't mention {join_or(phrases)}")
    return Coverage(True, score, missing, stand_ins=stand_ins)


def _asking_words(question: str, vocabulary: Vocabulary) -> set[str]:
    """The verbs of the question's "how well" clauses and its adverbs of time and place (asking_words.py), lower
    case."""
    found = {w.lower() for w in words(question)}
    return how_well(question, treatment_name(vocabulary.is_generic)) | (found & ADVERBS)


def framing_words(question: str) -> set[str]:
    """The words of a question (lower case) that frame how it asks (asking_words.manner_adverbs, .judged_choices,
    .deciding_verbs, and the units a quantity is asked in: units.asked_units); none in a statement."""
    if not is_question(question):
        return set()
    return (manner_adverbs(question) | judged_choices(question) | deciding_verbs(question)
            | asked_units(question))


def _written_verb(word: str, question: str, vocabulary: Vocabulary) -> bool:
    """Whether `word` is a verb after "to" whose -ing form the documents write: "to react" where they write "reacting"
    (and "reaction", its family). It is the question's verb, which they know, and no object of "to". (hold-out: "less
    likely to react badly" was declined as "reacting badly")"""
    lower = word.lower()
    said = [w.lower() for w in words(question)]
    if not any(a == "to" and b == lower for a, b in zip(said, said[1:])):
        return False
    form = gerund(lower, VERB_ZIPF_GAP)
    return bool(form) and vocabulary.knows(form)


def _story_titled(topic: Sequence[str], spelt, vocabulary: Vocabulary, texts: Sequence[str]) -> bool:
    """Whether every word of a story's topic is known and one of them, specific and written as the corpus writes it,
    names what one of the best documents is about (topics.titled)."""
    if not all(w in spelt or vocabulary.knows(w) for w in topic if content_words(w)):
        return False
    return any(is_specific(w) and vocabulary.stems_known(w) and not vocabulary.is_generic(w)
               and titled(w, vocabulary, texts) for w in topic)


def _discusses_one(candidates, left_out, vocabulary: Vocabulary, texts: Sequence[str]) -> bool:
    """Whether the documents discuss (topics.discussed) one of the `candidates` words that names a condition: known,
    not generic to the corpus, a specific word or a health topic's name, and not one of `left_out`."""
    anchors = [w for w in candidates if w not in left_out and not vocabulary.is_generic(w) and vocabulary.knows(w)
               and (is_specific(w) or is_topic(w))]
    return any(discussed(w, vocabulary, texts) for w in anchors)


def _words_of(text: str) -> set[str]:
    return {w.lower() for w in words(text)}


def _capitalised_inside(word: str, sentence_start: bool) -> bool:
    """"Revesz" in "IVIG dose for Revesz syndrome": a capitalised word (not an acronym) after the first."""
    return not sentence_start and word[:1].isupper() and not word.isupper()


def _family_beside(word: str, subject: Sequence[str], vocabulary: Vocabulary, passages: Sequence[str]) -> bool:
    """Whether a passage writing a word of `word`'s derivational family also holds another specific word of the
    question's `subject` (or a word standing in for it)."""
    stem = vocabulary.lexical.stem
    family = {stem(w) for w in vocabulary.family(word)}
    others = [stand_in_stems(w, vocabulary, family=False) for w in subject
              if w.lower() != word.lower() and not vocabulary.is_generic(w) and not vocabulary.family(w)]
    for passage in passages:
        terms = set(vocabulary.lexical.terms(passage))
        if terms & family and any(terms & other for other in others):
            return True
    return False
