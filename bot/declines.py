"""How a decline names what the documents lack: the question's own noun phrases, joined with "or"."""
from __future__ import annotations

from typing import Sequence

from .noun_phrases import noun_phrases
from .verb_frame import treatment_name
from .vocabulary import Vocabulary


def named(question: str, missing: Sequence[str], vocabulary: Vocabulary) -> str:
    """How a decline names what is missing: the question's noun phrases around those words, not its verb
    ("multiple sclerosis", not "sclerosis"; "asthma", not "fix asthma"; see noun_phrases.noun_phrases)."""
    return join_or(noun_phrases(question, missing, treatment_name(vocabulary.is_generic)))


def join_or(words) -> str:
    words = list(dict.fromkeys(words))
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
