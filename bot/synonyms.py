"""Everyday words patients use, mapped to the clinical words the documents use.

A small consumer-health vocabulary: it widens the search for a paraphrased question ("blood
thinners" also searches "anticoagulation") and lets the coverage check accept a lay word whose
clinical counterpart the documents discuss. Keys are matched as whole words, case-insensitively.
"""
from __future__ import annotations

import re

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
