"""The bot: load a built index once, then answer many questions (with optional conversation history).

    from bot import Bot
    bot = Bot()                                   # .index, the bundled model
    answer = bot.ask("How does IVIG work in ITP?")
    follow = bot.ask("how fast does it work?", history=["How does IVIG work in ITP?"])

Order of work for each question: check the input (inputs.validate), triage for emergencies, resolve a
follow-up, retrieve, decide coverage, compose the answer (the extractive composer unless `composer=`
names another), add the notes. The Answer comes back in parts; the edges render it.
"""
from __future__ import annotations

from typing import Callable, Sequence

from index.embedding import SentenceTransformerEmbedder, configured_model
from index import vocabulary as corpus_vocabulary
from index.errors import IvigError
from index.vectorstore import open_store

import settings

from .compose import Composed, Composer
from .coverage import Vocabulary, assess
from .extractive import ExtractiveComposer
from .followup import focus, resolve, subject_words
from .inputs import validate
from .retrieval import DEFAULT_ALPHA, HybridRetriever, ranked_documents
from .synonyms import Neighbours, expand
from .safety import PERSONAL_DOSE_NOTE, asks_personal_dose, triage
from .types import MAX_COVERS, Answer, clean_topic

MAX_HISTORY = 6            # the earlier messages a follow-up is resolved against (the most recent ones)
RETRIEVE_CHUNKS = 50


class Bot:
    """composer: a callable (usually a class) that takes the loaded IndexView and returns a Composer."""

    def __init__(self, index: str | None = None, *, model: str | None = None, embedder=None,
                 threshold: float | None = None, alpha: float = DEFAULT_ALPHA, store: str | None = None,
                 composer: Callable[..., Composer] = ExtractiveComposer):
        model = embedder.name if embedder is not None else configured_model(model)
        self.store = open_store(store, index)             # `store`: a URI (default IVIG_STORE, else the folder)
        self.root = self.store.location                   # the index folder, or the store's address
        self.stored = self.store.load(model)              # refuses an index built for another model
        self.embedder = embedder or SentenceTransformerEmbedder(model)
        self.retriever = HybridRetriever(self.stored, self.embedder, alpha=alpha)
        self.composer = composer(self.stored)
        self.vocabulary = _vocabulary(self.stored, self.embedder)
        self.threshold = configured_threshold(threshold)

    def ask(self, question: str, history: Sequence[str] | None = ()) -> Answer:
        """Answer `question`; `history` lists the earlier user messages, oldest first. InvalidQuestion
        says what is wrong with either."""
        question, history = validate(question, history)
        history = history[-MAX_HISTORY:]
        urgent = triage(question)
        knows, generic = self.vocabulary.knows, self.vocabulary.is_generic
        query = resolve(question, history, knows, generic)
        searched = self.widen(query)             # lay words also search the corpus's words for them
        hits = self.retriever.search(searched, k=RETRIEVE_CHUNKS)
        # Coverage is decided on the question sentences of a long message (greetings, history and names
        # in passing are not what is asked); the rest is read like an earlier message, for its subject.
        asked, context = focus(question)
        checked = resolve(asked, [*history, context], knows, generic) if context else query
        coverage = assess(checked, self.vocabulary, hits[0].dense if hits else 0.0, self.threshold)
        subject = subject_words(query, self.vocabulary.knows, self.vocabulary.is_generic)
        subject += [w for word in subject for w in self.vocabulary.related(word)]
        composed = (self.composer.compose(searched, hits, subject) if coverage.covered
                    else Composed((), (), 0.0, coverage.reason))
        answered = bool(composed.sentences)
        reason = "" if answered else composed.reason or "no passage in them answers it"
        return Answer(question=question, sentences=composed.sentences if answered else (),
                      citations=composed.citations if answered else (),
                      abstained=not answered and not urgent, emergency=urgent is not None, query=query,
                      retrieved=tuple(ranked_documents(hits)), urgent_advice=urgent.advice if urgent else "",
                      note=PERSONAL_DOSE_NOTE if answered and asks_personal_dose(question) else "",
                      coverage=coverage.score, abstain_reason=reason,
                      covers=() if answered or urgent else self.covers(hits))

    def widen(self, query: str) -> str:
        """The query, plus the hand list's clinical words and the corpus words near its unknown words."""
        near = [w for word in self.vocabulary.content_words(query) for w in self.vocabulary.related(word)]
        widened = expand(query)
        return f"{widened} ({' '.join(dict.fromkeys(near))})" if near else widened

    def covers(self, hits) -> tuple[str, ...]:
        """What the documents closest to the question are about: a maintainer's `topic` from
        corpus/sources.yaml, else the title. A few, never a list that grows with the corpus."""
        docs = [self.stored.documents[d] for d in ranked_documents(hits)[:MAX_COVERS * 2]]
        topics = [clean_topic(str(d.meta.get("topic") or d.title)) for d in docs]
        return tuple(dict.fromkeys(topics))[:MAX_COVERS]


def _vocabulary(stored, embedder) -> Vocabulary:
    """The coverage vocabulary from the build's manifest; an index built before it was stored gets its
    generic words computed now and no word vectors (rebuild it to have them)."""
    manifest = stored.manifest
    generic = corpus_vocabulary.generic(manifest)
    words, vectors = corpus_vocabulary.word_vectors(manifest)
    if "vocabulary" not in manifest:
        generic = corpus_vocabulary.generic_of([f"{d.title}\n{d.text}" for d in stored.documents.values()],
                                               stored.lexical.stem)
    neighbours = Neighbours(words, vectors, embedder) if words else None
    return Vocabulary(stored.lexical, generic, neighbours)


def configured_threshold(threshold: float | None = None) -> float:
    """The abstention threshold: the argument, else IVIG_THRESHOLD, else the calibrated default."""
    try:
        return settings.threshold(threshold)
    except ValueError as exc:
        raise IvigError(str(exc)) from None
