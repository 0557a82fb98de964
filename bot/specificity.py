"""How specific a word is: general-English word frequency (wordfreq) and the endings of drug and disease names.

"rituximab" or "nephritis" name a subject, "work" or "fast" do not.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .spelling_variants import other_spellings


# A capitalised word mid-question that the corpus lacks is a name ("Proud syndrome", Zipf 4.8), unless it
# is among the commonest English words (Zipf >= 5: "Can", "Please"); 4.0 let "Proud" through off-topic.
NAME_ZIPF = 5.0


@lru_cache(maxsize=20000)
def zipf(word: str) -> float:
    """How common the word is in English, by its commoner national spelling ("recognised" as "recognized":
    spelling_variants.py)."""
    from wordfreq import zipf_frequency

    return max(zipf_frequency(w, "en") for w in (word.lower(), *other_spellings(word)))


_MEDICAL_SUFFIX = re.compile(r"(itis|osis|emia|aemia|pathy|mab|nib|vir|cillin|mycin|azole|statin|pril|sartan|"
                             r"olol|oma|syndrome|plasty|ectomy|algia|uria|philia|penia|cytosis)$", re.I)


def named_by_suffix(word: str) -> bool:
    """A drug's or a disease's name by its ending ("hepatitis", "rituximab"): the ending is what it means, and
    a stemmer cuts it off ("hepatitis" and "hepatic" share the stem "hepat")."""
    lower = word.lower()
    return len(lower) > 5 and bool(_MEDICAL_SUFFIX.search(lower))


def is_name(word: str, *, sentence_start: bool = False) -> bool:
    """A word that names a drug or a disease: medical suffixes, or a capitalised rare word mid-sentence."""
    lower = word.lower()
    if named_by_suffix(word):
        return True
    # "Rx", "Dr": a short capitalised word is an abbreviation, not a name
    return (not sentence_start and len(word) > 3 and word[:1].isupper() and not word.isupper() and zipf(lower) < NAME_ZIPF)


def is_specific(word: str) -> bool:
    """A word that names something particular: a drug, a disease, an acronym, a rare term."""
    lower = word.lower()
    if len(word) >= 2 and word.isupper():              # acronyms: MS, CIDP, POTS
        return True
    if named_by_suffix(word):
        return True
    return zipf(lower) < 3.0


# Words a disease's name ends with: the word before one is part of the name ("Coats disease", "Down syndrome").
NAME_HEAD = re.compile(r"(syndrome|disease|deficiency|disorder|fever|palsy)s?", re.I)


def is_name_head(word: str) -> bool:
    """Whether `word` ends a disease's name ("syndrome", "disease", "fever"...)."""
    return bool(NAME_HEAD.fullmatch(word))
