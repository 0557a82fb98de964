"""Questions asking how long an effect lasts, not how soon it starts (Bot.widen searches them as "wear off" is).

"how long does the drip keep working before it wears off?", "how long till my count falls back down?" ask for the
duration of an effect; "how long does it take to kick in?" for its onset. The embedding model does not tell them apart:
both read as "how long ... platelets", and each opened with the onset sentence ("platelet counts typically begin
rising within 24 hours"), not the one saying how long the effect lasts ("transient, lasting days to weeks"). Searched
with what the hand list gives "wear off" (synonyms.LAY_TERMS), five such wordings of the IVIG corpus's ITP question
all opened with the duration sentence; with "lasting duration" only three did.

A question asks this when it asks how long or when, and its verb phrase says the effect goes on or ends: English's
aspectual verbs of continuing before a verb of working ("keep working", "stay up"), of ending ("wear off" and its
particle misspelt "of", "fade", "stop working") and of returning ("drop again", "fall back down"), a closed class. Not
"last" alone: "How long does an IVIG course last?" asks how long the treatment takes.
"""
from __future__ import annotations

import re

from .synonyms import NOUN_PHRASE_START

_ASKS_HOW_LONG = re.compile(r"\b(?:how long|how many (?:days|weeks|months)|when (?:does|do|will|would|did|should)|"
                            r"until when|till when)\b", re.I)
# "wears of and they drop again": a stranded "of" after "wear" is its particle "off" misspelt (no noun phrase follows)
_GOES_ON_OR_ENDS = re.compile(
    r"\b(?:keeps?|kept|keeping|stays?|stayed|staying)\s+(?:working|going|helping)\b"
    # (staying up is an effect's; "kept up" is a treatment continued: "For how many months is IVIG kept up?")
    r"|\b(?:stays?|stayed|staying)\s+(?:up|high)\b"
    r"|\b(?:stops?|stopped|stopping)\s+(?:working|helping)\b"
    r"|\b(?:wears?|wore|worn|wearing)\s+(?:off|of)\b(?!\s+" + NOUN_PHRASE_START + r"\b)"
    r"|\b(?:fades?|faded|fading)\b"
    r"|\b(?:drops?|dropped|dropping|falls?|fell|falling|dips?|dipped|sinks?|sank)\s+(?:back|again|down\s+again)\b"
    # (a verb of motion only with "down": "going back to the gym" is no effect ending)
    r"|\b(?:goes|go|going|went|comes?|came|coming)\s+back\s+down\b", re.I)


def asks_lasting(question: str) -> bool:
    """Whether `question` asks how long an effect lasts (module doc): "how long does it keep working?", "when will it
    wear off?"; not "how long does it take to work?"."""
    return bool(_ASKS_HOW_LONG.search(question) and _GOES_ON_OR_ENDS.search(question))
