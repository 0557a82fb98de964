"""Answering questions over a built index: retrieval, extractive answers with citations, abstention,
follow-ups and safety triage. See engine.Bot."""
from .engine import Bot, InvalidQuestion, validate_question
from .types import DISCLAIMER, Answer, Citation, Hit

__all__ = ["Bot", "InvalidQuestion", "validate_question", "DISCLAIMER", "Answer", "Citation", "Hit"]
