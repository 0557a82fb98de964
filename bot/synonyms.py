"""Everyday words patients use, matched to the words the documents use.

Two sources:
- `Neighbours`: the embedding model. A word the documents never use is compared with the vectors of
  the corpus's own words (computed at index time, index/vocabulary.py); the nearest ones above
  NEAR widen the search. Spelling and word endings come first (coverage.Vocabulary.related):
  "steroids" -> "corticosteroids", "kidnyes" -> "kidneys".
- `LAY_TERMS`: a small hand list, kept for multi-word phrases and for meanings single-word vectors
  miss (see its comment). Keys are matched as whole words, case-insensitively.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

import numpy as np

# Cosine of word vectors above which a corpus word also searches for the patient's. Single-word vectors
# are loose below it (measured on corpus/: "together" -> "separated", "euros" -> "price" at 0.55, "dogs"
# -> "animal" at 0.74), so they only widen the search; they never make a word count as covered.
NEAR = 0.7
NEIGHBOURS = 3
CACHED_WORDS = 20_000        # bounded, whatever people type

# What word vectors miss, measured on the IVIG corpus (nearest corpus words, see the issue-9 note):
# phrases ("blood thinner", "go away for good") and lay words whose nearest corpus words are wrong
# ("miscarriage" -> "pregnant" but not "pregnancy losses"; "bag", "drip" -> nothing near "infusion").
LAY_TERMS = {
    "blood thinner": "anticoagulation anticoagulant warfarin heparin",
    "blood thinners": "anticoagulation anticoagulant warfarin heparin",
    "thinners": "anticoagulation anticoagulant",
    "miscarriage": "pregnancy loss recurrent pregnancy losses abortion",
    "miscarriages": "pregnancy losses recurrent abortions",
    "miscarrying": "recurrent pregnancy losses abortions",
    "miscarry": "pregnancy loss",
    "drip": "infusion intravenous",
    "bag": "infusion",
    "shot": "injection vaccine",
    "shots": "injections heparin",
    "jab": "vaccine vaccination",
    "jabs": "vaccines vaccination",
    "droop": "weakness muscle weakness",
    "droopy": "weakness muscle weakness",
    "eyelids": "muscle weakness double vision",
    "double": "double vision diplopia",
    "bleeding disorder": "immune thrombocytopenia ITP platelets",
    "low platelets": "immune thrombocytopenia ITP",
    "clot": "thrombosis blood clots",
    "clots": "thrombosis blood clots",
    "clotting": "thrombosis anticoagulation",
    "exacerbation": "flare worsening crisis",
    "flare-up": "flare",
    "flare-ups": "flares",
    "relapse": "flare recurrent",
    "illness": "disease",
    "illnesses": "diseases",
    "sick": "side effects",
    "immune illness": "autoimmune disease",
    "immune illnesses": "autoimmune diseases",
    "autoimmune illness": "autoimmune disease",
    "go away for good": "cure remission",
    "for good": "cure remission",
    "cure": "cure remission",
    "stuff": "product",
    "come from": "derived from donors plasma",
    "made of": "derived from donors plasma",
    "donated": "donors",
    "antibody infusion": "IVIG immunoglobulin",
    "virus": "COVID",
    "heart races": "heart rate dysautonomia POTS",
    "racing heart": "heart rate dysautonomia POTS",
    "stand up": "dysautonomia POTS",
    "nurses": "healthcare providers",
    "awful": "side effects",
    "feel sick": "side effects nausea",
    "running": "infusion rate",
    "peri-infusion": "infusion monitoring",
    "monitoring": "monitor",
    "mitigate": "reduce",
    "adverse events": "side effects risks",
    "adverse": "side effects",
    "boost": "response increase",
    "wear off": "transient duration lasting",
    "wears off": "transient duration lasting",
    "faded": "transient",
    "fades": "transient",
    "stick": "lasting longer-term",
    "stronger": "symptom improvement relief",
    "testing": "trial",
    "tested": "trial",
    "pregnant": "pregnancy",
    "allergy": "allergic reaction",
    "kidneys": "kidney",
    "spleen": "splenic",
}
_PATTERN = re.compile(r"\b(" + "|".join(sorted(map(re.escape, LAY_TERMS), key=len, reverse=True)) + r")\b", re.I)


def expansions(text: str) -> list[str]:
    """Clinical words for the lay words in `text`, in order, without repeats."""
    found = [LAY_TERMS[m.group(1).lower()] for m in _PATTERN.finditer(text)]
    return list(dict.fromkeys(found))


def expand(text: str) -> str:
    extra = expansions(text)
    return f"{text} ({'; '.join(extra)})" if extra else text


def clinical_words(word: str) -> list[str]:
    """The clinical words for one lay word (empty when it has none)."""
    return LAY_TERMS.get(word.lower(), "").split()


class Neighbours:
    """The corpus words nearest a word the documents never use, by the embedding model's vectors."""

    def __init__(self, words: Sequence[str], vectors: np.ndarray, embedder, near: float = NEAR):
        self.words = list(words)
        self.vectors = vectors
        self.embedder = embedder
        self.near = near
        self._nearest = lru_cache(maxsize=CACHED_WORDS)(self._compute)

    def __call__(self, word: str) -> tuple[tuple[str, float], ...]:
        """Up to NEIGHBOURS (corpus word, cosine) at cosine >= `near`, best first (none for an empty vocabulary)."""
        return self._nearest(word.lower()) if self.words else ()

    def _compute(self, word: str) -> tuple[tuple[str, float], ...]:
        scores = self.vectors @ np.asarray(self.embedder.encode_query(word), dtype=np.float32)
        best = np.argsort(-scores)[:NEIGHBOURS]
        return tuple((self.words[i], round(float(scores[i]), 3)) for i in best
                     if scores[i] >= self.near and self.words[i] != word)
