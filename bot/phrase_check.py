"""Whether the best passages say a question's phrase of everyday words (`unmatched_phrase`): "low blood pressure"
is not "heart rate and blood pressure". Each word is known, so the word checks pass; the compound names another
topic unless its words stand together, or the passages use a lay phrase's clinical words or say it in other words."""
from __future__ import annotations

import re
from typing import Collection, Sequence

import numpy as np

from index.accents import fold

from .passage_words import clinical_stems, together
from .noun_phrases import as_action
from .verb_frame import treatment_name, verb_words, without_verb
from .specificity import is_specific, zipf
from .subject_runs import named_phrases
from .synonyms import PARTICLES
from .terms import INTENT, STOPWORDS, clauses, content_words, names_nothing, words
from .topic_lists import is_topic_pair
from .vocabulary import Vocabulary

# A phrase whose words are not together (passage_words.PHRASE_WINDOW) may be said in other words
# (`_said_otherwise`): cosine of the phrase with a run of as many subject words in the passages. Chosen by hand
# on the IVIG corpus: "kidney damage" ~ "kidney strain" 0.69 and "kidney function" 0.65 pass; "chronic fatigue"
# ~ "chronic inflammatory" 0.36 does not. PHRASE_WINDOWS bounds the model call (one batch, only when the
# phrase's words are not together).
PHRASE_NEAR = 0.65
_PARTICLE = re.compile(PARTICLES + "s?", re.I)          # "flare ups": a particle as a noun's part
PHRASE_WINDOWS = 64
# A word rarer than this in English that a document's title holds is that document's topic ("covid" in "IVIG for long
# COVID"); an everyday title word ("side" of "Side Effects") is not (the scale coverage reads "unusual" words by)
TITLE_TOPIC_ZIPF = 4.5


def unmatched_phrase(question: str, vocabulary: Vocabulary, missing: Sequence[str], passages: Sequence[str],
                     minor: Collection[str] = (), titles: Sequence[str] = ()) -> str:
    """The question's subject, when it is a phrase ending in two everyday words that the best passages
    never put together: "low blood pressure" in an IVIG corpus that speaks of "heart rate and blood
    pressure". Each word is known, so the word checks pass; the compound names another topic.

    Checked only when the question's subject words all lie in one phrase that ends its clause (the question
    is about that phrase, see subject_runs.named_phrases), and only between its last two words that are not the
    corpus's generic words (a compound's head and its modifier: "low [blood] pressure"), when both are
    everyday words: a rare word or an acronym names its subject by itself ("COVID brain fog" checks "brain
    fog"). Each word may be met by a corpus word that stands in for it (`Vocabulary.related`, the lay terms).
    `minor`: words that only qualify another (bot/modifiers.py: "pneumonia" in "pneumonia vaccine"), no part of it.
    `titles`: the best documents' titles; the topic one names, before a word the passages hold, says whose that word
    is: "long covid fatigue" asks about fatigue in long COVID, as "ITP bruising" about bruising in ITP."""
    # single letters and quantities ("factor X deficiency", "type V") are not words the passages index
    # the question's verb is not part of its subject: "cause headaches" in "Can IVIG cause headaches?" is no compound
    treatment = treatment_name(vocabulary.is_generic)
    verbs = {w.lower() for w in verb_words(question, treatment)}
    minor = {w.lower() for w in minor}
    subject = {w.lower() for w in vocabulary.content_words(question)
               if w.lower() not in INTENT and not names_nothing(w) and w.lower() not in verbs | minor}
    # a verb the corpus lacks is how it is asked ("clipped" in "Should a tongue tie be clipped?"), no part of it
    if len(subject) < 2 or any(w.lower() not in verbs for w in missing) or not passages:
        return ""
    for run in named_phrases(question, inside=True):
        run = without_verb(question, run, treatment)
        # a phrasal noun's particle typed without its hyphen says nothing of the topic: "flare ups" is "flare-ups",
        # whose parts the corpus reads as "flare" (synonyms.py); "they don't discuss mg flare ups" (decline_probe)
        words = [w for w in run if w.lower() in subject and not names_nothing(w)]
        particles = {w.lower() for i, w in enumerate(words) if i and _PARTICLE.fullmatch(w)}
        words = [w for w in words if w.lower() not in particles]
        if {w.lower() for w in words} != subject - particles or len(words) < 2 \
                or any(_specific(w, passages) for w in words[-2:]):
            continue
        if titled(words, question, titles):
            continue
        if not together(words[-2], words[-1], vocabulary, [vocabulary.lexical.terms(text) for text in passages]):
            span = run[run.index(words[-2]):run.index(words[-1]) + 1]        # "low blood pressure"
            # a topic's name ("heart block") is not said by a near phrase ("heart attack" 0.68): it names another;
            # the hand list's lay names say what they mean ("bleeding disorder")
            named = is_topic_pair(words[-2], words[-1])
            if not _said_clinically(span, vocabulary, passages) and (named or not _said_otherwise(span, vocabulary,
                                                                                                  passages)):
                return as_action(question, " ".join(run), treatment)        # "gaining weight", not "gain weight"
    return ""


def _specific(word: str, passages: Sequence[str]) -> bool:
    """A rare word or an acronym (specificity.is_specific), also one a patient types in lower case where the passages
    write it in capitals: "mg flares" is "MG flares", named by "MG" (declined as "they don't discuss mg flares" though
    the passages say "myasthenia gravis flares"; tests/data/decline_probe.jsonl)."""
    if is_specific(word):
        return True
    # (an acronym's length, four letters at most: "recover" is no "RECOVER", a trial's name the passages print in
    # capitals; review: "Does IVIG help heart rate recover?" was answered)
    upper = word.upper()
    return word.islower() and 1 < len(word) <= 4 and any(re.search(rf"\b{re.escape(upper)}\b", text) for text in passages)


def titled(words_: Sequence[str], question: str, titles: Sequence[str]) -> bool:
    """Whether the words before the head (`words_[-1]`) end with a name one of the documents' `titles` gives whole,
    its last word unusual (TITLE_TOPIC_ZIPF), and the question writes that name right before the head: "long covid
    fatigue" under "IVIG for long COVID"; not "tongue tie" under "Geographic tongue", whose name the question lacks."""
    modifier, head = words_[-2].lower(), words_[-1].lower()
    if not titles or zipf(modifier) >= TITLE_TOPIC_ZIPF:
        return False
    asked = " ".join(w.lower() for w in words(fold(question)))
    for title in titles:
        for clause in clauses(fold(title)):
            run: list[str] = []
            for word in [*words(clause), ""]:           # runs of the title's words between stop words
                if word and word.lower() not in STOPWORDS:
                    run.append(word.lower())
                    continue
                if run and run[-1] == modifier and f" {' '.join(run)} {head} " in f" {asked} ":
                    return True
                run = []
    return False


def _said_clinically(span: Sequence[str], vocabulary: Vocabulary, passages: Sequence[str]) -> bool:
    """Whether the phrase is a lay phrase (synonyms.LAY_TERMS: "bleeding disorder") whose clinical words the
    passages use ("immune thrombocytopenia"), as topics.undiscussed reads a topic."""
    clinical = clinical_stems(" ".join(span), vocabulary.lexical.stem)
    return bool(clinical & set(vocabulary.lexical.terms("\n".join(passages))))


def _said_otherwise(span: Sequence[str], vocabulary: Vocabulary, passages: Sequence[str]) -> bool:
    """Whether the passages say the phrase in other words: a run of as many subject words within a clause,
    around one of its own, whose embedding is within PHRASE_NEAR of the phrase's ("kidney damage" ~ "kidney
    strain", 0.69)."""
    embedder = getattr(vocabulary.neighbours, "embedder", None)
    if embedder is None:
        return False
    stem = vocabulary.lexical.stem
    own = {stem(w) for w in span if not vocabulary.is_generic(w)}
    n = len(span)
    windows: list[str] = []
    for text in passages:
        for clause in clauses(text):
            found = words(clause)
            for i, word in enumerate(found):
                if stem(word) in own:
                    windows += [" ".join(found[j:j + n]) for j in range(max(0, i - n + 1), i + 1)
                                if j + n <= len(found)]
    # a run of subject words, as the phrase is: "blood pressure, the" (0.67 to "low blood pressure") is not
    windows = [w for w in dict.fromkeys(windows) if len(content_words(w)) == n]
    windows = windows[:PHRASE_WINDOWS]
    if not windows:
        return False
    vectors = np.asarray(embedder.encode([" ".join(span), *windows]), dtype=np.float32)
    return float((vectors[1:] @ vectors[0]).max()) >= PHRASE_NEAR
