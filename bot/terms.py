"""Words of a question: which could carry its subject, and which only say how it is asked.

A word that could name a subject is any word but the closed classes below (stop words, words of asking, of the
question's type) and the corpus's own generic words (vocabulary.Vocabulary, from document frequencies). How
specific a word is lives in specificity.py; typos in typos.py; runs of subject words in subject_runs.py.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from index.accents import fold

from .typos import by_initial, typo_of


# Letters and digits together: "MECP2", "GM1", "CX3CR1", "p16INK4A" are names, and the lexical index keeps
# them whole; split at the digit they became "MECP", "GM", which no corpus has (SciFact, MedQuAD declines).
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\-]*[A-Za-z0-9]|[A-Za-z]")


# English's nouns of quantity, which say how much as "lots" does (read with STOPWORDS; see below)
QUANTITIES = frozenset("lot lots bunch couple load loads ton tons heap heaps plenty handful pile piles bit dozen dozens"
                       .split())
STOPWORDS = frozenset("""
a an the and or but if then so of to in on at by for with from into onto about as is are was were be been being
am do does did doing done have has had having can could will would shall should may might must it its it's this
that these those there here they them their theirs he she his her him we our us you your yours i me my mine
what which who whom whose when where why how whether not no yes any some all each every more most much many few
very too also just only than such own same other else up down out over under again further once both either
neither nor tell know want need like please thanks thank hi hello ok okay let lets let's get gets got getting
give gives given giving take takes taking took make makes made go goes going went come comes s t re ve ll d
really actually anything something everything thing things way ways kind sort lot lots while during after
before since because without within between through still even ever never always anyone someone one two
anybody somebody everybody everyone nobody
myself yourself himself herself itself ourselves yourselves themselves
would could maybe perhaps whats what's afterwards afterward later still again anymore
wat wats wot ur pls plz tbh b4 abt cuz coz thx idk rn wen hw kinda gonna wanna
""".split()) | QUANTITIES
# (the reflexive pronouns, English's closed class: "when your immune system is attacking itself" was declined as
# "they don't discuss attacking itself". The last line: chat spellings of stop words, "wat is the fc receptor thing",
# "wats the chances it works?": English word frequencies count them as words, as common as rare medical ones
# (wordfreq: "wat" 3.4, "tbh" 4.2), so they read as the subject and were declined as "they don't discuss wat". Both
# from tests/data/decline_probe3.jsonl. "ppl" is in ASKING, as "people" is. QUANTITIES: English's nouns of
# quantity, which say how much as "lots" does ("a bunch of infusions", "loads of them": holdout8, decline_probe3); a
# closed class, not the plural nouns before "of" in general: "the ethics of IVIG", "a history of eczema" name a
# subject, and read as amounts they were answered: review of round 15.)


# How people ask about any health topic: these words never name what a question is about, in any
# corpus. What is generic to a particular corpus ("ivig", "immunoglobulin" in ours) is not listed here:
# it comes from the corpus's document frequencies, computed at index time (index/vocabulary.py).
ASKING = frozenset("""
treatment treatments treat treated treating therapy therapies drug drugs medicine medication medications
work works working worked use used uses using help helps helping patient patients people person doctor doctors
disease diseases condition conditions effect effects happen happens happening start starts started long fast
quickly quick soon time times often usually normally typically common commonly safe safety good bad better best well
outlook prognosis proportion percentage percent chance chances likelihood downside downsides drawback drawbacks
rx tx dx sx hx dx'd rx'd meds med ppl
""".split())
# "rx" (prescription, treatment), "tx" (treatment), "dx" (diagnosis), "sx" (symptoms), "hx" (history), "meds":
# the shorthand of clinical notes that patients copy into their messages ("What is the best Rx for GERD?"); they
# ask what kind of answer, as "treatment" and "symptoms" do. Two letters give the model nothing to go on.
# "outlook": a question type of MedQuAD's (outlook, symptoms, causes...) that a corpus need not use as a
# word; its held-out questions were declined for it. "proportion", "downsides" (the unseen IVIG
# questions): how much and how bad are asked of any subject.

# Nouns of asking that may also be part of a topic's name, beside its other words: "Patient Rights", "Skin
# Conditions", "Kidney Diseases", "Child Safety" (MedQuAD's foci name topics with them: disease 277 foci, diseases
# 36, safety 13, patient 2, people 2, conditions 1...). The verbs and adverbs of asking ("How is ITP treated?",
# "What helps headaches?") never are, nor the nouns of what is asked about a topic ("fatigue medication", "ITP
# treatment"), nor its adjectives: "common reactions" asks which reactions are common, and the foci's "Common
# Cold" and "Bad Breath" are declined by their other words. See `asked_topic`.
NAME_NOUNS = frozenset("disease diseases condition conditions patient patients people person safety".split())


# Words of the question type, not its subject ("how fast", "what dose"): they are kept for retrieval
# but a follow-up made only of them needs the conversation's subject.
INTENT = frozenset("""
dose doses dosing dosage amount much many side risk risks mechanism evidence cost costs price expensive
last lasts duration onset work works signs symptoms benefit benefits proven study studies trial trials
given receive received getting often frequency how why dosed administered minutes hours days weeks months years
""".split())


# The words of MedQuAD's 15 question types, as its consumer questions word them ("What causes X?", "Is X
# inherited?", "How many people are affected by X?", "Do you have information about X", "what research (or
# clinical trials) is being done for X"; counted over ../shared/benchmarks/medquad/qa.jsonl): what is asked
# about a topic, never the topic. Only `asked_topic` reads them.
QUESTION_TYPES = frozenset("""
information symptoms treatments causes cause inherited affected genetic changes related diagnose risk research
clinical trials outlook stages prevent complications
""".split())


def words(text: str) -> list[str]:
    """Words with at least one letter (a bare number never names a subject), folded as the corpus's word lists
    are (index/accents.py): "Guillain-Barré" is "Guillain-Barre", "IVIG’s" is "IVIG's"."""
    return [w for w in WORD.findall(fold(text)) if any(c.isalpha() for c in w)]


def content_words(text: str, is_generic: Callable[[str], bool] | None = None) -> list[str]:
    """Words that could name a subject: not stop words, not words of asking, not `is_generic(word)`
    (the corpus's own generic words, see vocabulary.Vocabulary)."""
    out = []
    for word in words(text):
        lower = word.lower().strip("'-")
        if lower.endswith("'s"):
            lower = lower[:-2]
        if len(lower) < 2 and not word.isupper():
            continue
        if lower in STOPWORDS or lower in ASKING or (is_generic is not None and is_generic(lower)):
            continue
        if typo_of(lower, _frame_by_initial()):           # "treatmnets", "oultook": still the question's frame
            continue
        out.append(word)
    return out


# A contraction, with its apostrophe or typed without it, is two stop words ("doesn't", "doesnt", "cant", "im",
# "thats"): "what happens if ivig doesnt work for my itp" was declined as "they don't discuss doesnt" (decline_probe).
# Read by the coverage check only (coverage.assess: never a missing word); left among content_words, since dropping
# it there moved the sentence choice of other answers ("I'm due for my Shingrix vaccine" lost its opening: msgs).
# English's closed classes: the auxiliaries a "n't" follows ("ca", "wo", "sha": can't, won't, shan't), the pronouns
# an "'m", "'re", "'ve" or "'s" follows ("ill", "hell", "shed" are words, so "'ll" and "'d" are left out).
_AUXILIARIES = frozenset("do does did is are was were have has had could would should must might need ca wo sha"
                         .split())
_PRONOUN_ENDINGS = {"m": {"i"}, "re": {"you", "we", "they"}, "ve": {"i", "you", "we", "they"},
                    "s": {"it", "he", "she", "that", "there", "what", "who", "where", "here", "let"}}


def contraction(word: str) -> bool:
    """Whether `word` (lower case) is a contraction of stop words, with or without its apostrophe."""
    bare = word.replace("'", "").replace("\u2019", "")
    if bare.endswith("nt") and bare[:-2] in _AUXILIARIES:
        return True
    return any(bare.endswith(end) and bare[:-len(end)] in bases for end, bases in _PRONOUN_ENDINGS.items())


_CLAUSE = re.compile(r"[,;:.!?()\[\]\"/]|\s[-\u2013\u2014]\s")


def clauses(text: str) -> list[str]:
    return _CLAUSE.split(text)


_QUANTITY = re.compile(r"\d+(?:\.\d+)?[a-z]{1,5}")        # "5mmol", "10mg", "3h", "2nd": a number and its unit
# Openings of a question (message_questions.focus reads them too); a sentence that neither opens so nor ends in "?"
# states something ("Tirasemtiv targets cardiac muscle."): see coverage.assess.
QUESTION_OPENER = re.compile(r"^\s*(what|how|why|when|where|which|who|whom|whose|is|are|am|was|were|do|does|did|"
                              r"can|could|will|would|should|shall|may|might|must|has|have|had|any|tell|explain|"
                              r"describe)\b", re.I)


def names_nothing(word: str) -> bool:
    """A word that cannot be an unknown subject: a single letter (the "V" of "Pol V", the "L" of "mmol/L", an
    initial) or a number with its unit ("5mmol")."""
    return len(word) == 1 or bool(_QUANTITY.fullmatch(word))


def is_question(text: str) -> bool:
    return "?" in text or bool(QUESTION_OPENER.match(text))


@lru_cache(maxsize=1)
def _frame_by_initial() -> dict[str, list[str]]:
    return by_initial(STOPWORDS | ASKING | INTENT)
