"""Answering questions over a built index: retrieval, extractive answers with citations, abstention,
follow-ups and safety triage. See engine.Bot; compose.Composer is the seam for other answer composers."""
from .compose import Composed, Composer, FirstSentenceComposer
from .engine import Bot
from .extractive import ExtractiveComposer
from .inputs import InvalidQuestion, validate, validate_question
from .types import DISCLAIMER, Answer, Citation, Definition, Hit, Sentence

__all__ = ["Bot", "InvalidQuestion", "validate", "validate_question", "DISCLAIMER", "Answer", "Citation", "Definition", "Hit",
           "Sentence", "Composer", "Composed", "ExtractiveComposer", "FirstSentenceComposer"]
