"""The bot: load a built index once, then answer many questions (with optional conversation history).

    from bot import Bot
    bot = Bot()                                   # .index, the bundled model
    answer = bot.ask("How does IVIG work in ITP?")
    follow = bot.ask("how fast does it work?", history=["How does IVIG work in ITP?"])

Order of work for each question: check the input, triage for emergencies, resolve a follow-up,
retrieve, decide coverage, compose the extractive answer, add the notes.
"""
from __future__ import annotations

from typing import Sequence

from index.embedding import SentenceTransformerEmbedder, configured_model
from index.errors import IvigError
from index.vectorstore import open_store

from .compose import Composer
import settings

from .coverage import Vocabulary, assess
from .followup import resolve, subject_words
from .retrieval import DEFAULT_ALPHA, HybridRetriever, ranked_documents
from .synonyms import expand
from .safety import PERSONAL_DOSE_NOTE, asks_personal_dose, triage
from .types import Answer

MAX_QUESTION_CHARS = settings.MAX_QUESTION_CHARS
MAX_HISTORY = 6
RETRIEVE_CHUNKS = 50


class InvalidQuestion(IvigError):
    """The question is empty or too long."""


class Bot:
    def __init__(self, index: str | None = None, *, model: str | None = None, embedder=None,
                 threshold: float | None = None, alpha: float = DEFAULT_ALPHA, store: str | None = None):
        model = embedder.name if embedder is not None else configured_model(model)
        self.store = open_store(store, index)             # `store`: a URI (default IVIG_STORE, else the folder)
        self.root = self.store.location                   # the index folder, or the store's address
        self.stored = self.store.load(model)              # refuses an index built for another model
        self.embedder = embedder or SentenceTransformerEmbedder(model)
        self.retriever = HybridRetriever(self.stored, self.embedder, alpha=alpha)
        self.composer = Composer(self.stored)
        self.vocabulary = Vocabulary(self.stored.lexical)
        self.threshold = configured_threshold(threshold)
        self.topics = sorted({d.title for d in self.stored.documents.values()})

    def ask(self, question: str, history: Sequence[str] = ()) -> Answer:
        question = validate_question(question)
        history = [h for h in (history or []) if isinstance(h, str) and h.strip()][-MAX_HISTORY:]
        urgent = triage(question)
        query = resolve(question, history, self.vocabulary.knows)
        searched = expand(query)                 # lay words also search their clinical counterparts
        hits = self.retriever.search(searched, k=RETRIEVE_CHUNKS)
        retrieved = tuple(ranked_documents(hits))
        coverage = assess(query, self.vocabulary, hits[0].dense if hits else 0.0, self.threshold)
        subject = subject_words(query, self.vocabulary.knows)
        composed = self.composer.compose(searched, hits, subject) if coverage.covered else None
        answered = composed is not None and composed.citations
        reason = coverage.reason or ("" if answered else (composed and composed.reason) or "no passage in them answers it")
        text = composed.text if answered else ""
        note = PERSONAL_DOSE_NOTE if answered and asks_personal_dose(question) else ""
        if urgent:
            body = f"What the documents say that may be relevant: {text}" if text else ""
            text = "\n\n".join(p for p in (urgent.advice, body) if p)
        elif not answered:
            text = self.decline(reason)
        elif note:
            text = f"{text}\n\n{note}"
        return Answer(question=question, text=text, citations=composed.citations if answered else (),
                      abstained=not answered and not urgent, emergency=urgent is not None, query=query,
                      retrieved=retrieved, urgent_advice=urgent.advice if urgent else "", note=note,
                      coverage=coverage.score, abstain_reason="" if answered else reason)

    def decline(self, reason: str = "") -> str:
        why = f" ({reason})" if reason else ""
        topics = "; ".join(self.topics)
        return (f"I'm sorry, the documents I have don't cover that{why}, so I can't answer it reliably. "
                f"They cover: {topics}. Your own doctor or nurse is the best person to ask.")


def configured_threshold(threshold: float | None = None) -> float:
    """The abstention threshold: the argument, else IVIG_THRESHOLD, else the calibrated default."""
    try:
        return settings.threshold(threshold)
    except ValueError as exc:
        raise IvigError(str(exc)) from None


def validate_question(question) -> str:
    if not isinstance(question, str) or not question.strip():
        raise InvalidQuestion("the question is empty: type a question about IVIG")
    question = " ".join(question.split())
    if len(question) > MAX_QUESTION_CHARS:
        raise InvalidQuestion(f"the question is {len(question):,} characters long; please keep it under "
                              f"{MAX_QUESTION_CHARS:,}")
    return question
