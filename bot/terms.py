"""Words of a question: which carry its subject, and how specific they are.

Specificity comes from word frequency in general English (wordfreq): "rituximab" or "nephritis"
name a subject, "work" or "fast" do not. A word that names a health topic ("diabetes", "asthma",
"flu") is known from data: the words of MedQuAD's question foci (bot/data/topic_words.txt, made by
scripts/topic_words.py). The corpus's generic words and question words never name the subject.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Callable

_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]")

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
would could maybe perhaps whats what's afterwards afterward later still again anymore
""".split())

# How people ask about any health topic: these words never name what a question is about, in any
# corpus. What is generic to a particular corpus ("ivig", "immunoglobulin" in ours) is not listed here:
# it comes from the corpus's document frequencies, computed at index time (index/vocabulary.py).
ASKING = frozenset("""
treatment treatments treat treated treating therapy therapies drug drugs medicine medication medications
work works working worked use used uses using help helps helping patient patients people person doctor doctors
disease diseases condition conditions effect effects happen happens happening start starts started long fast
quickly quick soon time times often usually normally typically common commonly safe safety good bad better best well
""".split())

# Words of the question type, not its subject ("how fast", "what dose"): they are kept for retrieval
# but a follow-up made only of them needs the conversation's subject.
INTENT = frozenset("""
dose doses dosing dosage amount much many side risk risks mechanism evidence cost costs price expensive
last lasts duration onset work works signs symptoms benefit benefits proven study studies trial trials
given receive received getting often frequency how why dosed administered minutes hours days weeks months years
""".split())


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def content_words(text: str, is_generic: Callable[[str], bool] | None = None) -> list[str]:
    """Words that could name a subject: not stop words, not words of asking, not `is_generic(word)`
    (the corpus's own generic words, see coverage.Vocabulary)."""
    out = []
    for word in words(text):
        lower = word.lower().strip("'-")
        if lower.endswith("'s"):
            lower = lower[:-2]
        if len(lower) < 2 and not word.isupper():
            continue
        if lower in STOPWORDS or lower in ASKING or (is_generic is not None and is_generic(lower)):
            continue
        out.append(word)
    return out


@lru_cache(maxsize=20000)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en")


_MEDICAL_SUFFIX = re.compile(r"(itis|osis|emia|aemia|pathy|mab|nib|vir|cillin|mycin|azole|statin|pril|sartan|"
                             r"olol|oma|syndrome|plasty|ectomy|algia|uria|philia|penia|cytosis)$", re.I)


def is_name(word: str, *, sentence_start: bool = False) -> bool:
    """A word that names a drug or a disease: medical suffixes, or a capitalised rare word mid-sentence."""
    lower = word.lower()
    if _MEDICAL_SUFFIX.search(lower) and len(lower) > 5:
        return True
    # "Rx", "Dr": a short capitalised word is an abbreviation, not a name
    return (not sentence_start and len(word) > 3 and word[:1].isupper() and not word.isupper() and zipf(lower) < 4.0)


def is_specific(word: str) -> bool:
    """A word that names something particular: a drug, a disease, an acronym, a rare term."""
    lower = word.lower()
    if len(word) >= 2 and word.isupper():              # acronyms: MS, CIDP, POTS
        return True
    if _MEDICAL_SUFFIX.search(lower) and len(lower) > 5:
        return True
    return zipf(lower) < 3.0


TOPIC_WORDS = Path(__file__).resolve().parent / "data" / "topic_words.txt"


@lru_cache(maxsize=1)
def _topic_words() -> frozenset:
    if not TOPIC_WORDS.is_file():
        return frozenset()
    lines = TOPIC_WORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def is_topic(word: str) -> bool:
    """A word that names a health topic in consumer-health data (MedQuAD's foci): "diabetes", "flu"."""
    lower = word.lower().strip("'-")
    return lower in _topic_words() or (lower.endswith("s") and lower[:-1] in _topic_words())
