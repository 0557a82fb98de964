"""The answer composer seam: from the retrieved hits to quoted sentences with citations.

`Bot(composer=...)` takes any callable that, given the loaded index (and the bot's embedder as
`embedder=`), returns a `Composer`; retrieval,
the coverage check and emergency triage stay the bot's. Two implementations:

- `extractive.ExtractiveComposer` (the default): the 1-5 sentences that best answer the question.
- `FirstSentenceComposer`: the first sentence of the best passage, a baseline to compare with.

Both quote document text verbatim and number citations with `cite`, so what the edges render and
what the evaluator checks is the same for any composer. Left out: generated (paraphrased) answers.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple, Protocol, Sequence

from index.sentences import looks_like_heading, sentence_spans
from index.vectorstore import IndexView

from .types import Citation, Hit, Sentence


@dataclass(frozen=True)
class Composed:
    """What a composer found: the sentences (none when nothing answers), their citations, the best
    sentence's score, and why nothing was composed when that is known."""

    sentences: tuple[Sentence, ...]
    citations: tuple[Citation, ...]
    best_score: float = 0.0
    reason: str = ""


class Composer(Protocol):
    def compose(self, query: str, hits: Sequence[Hit], subject: Sequence[str] = ()) -> Composed:
        """`query`: the question as searched; `hits`: best first; `subject`: words naming what it is about."""
        ...


class Quote(NamedTuple):
    """A verbatim piece of a passage: its text (whitespace collapsed), its offsets in the document, its hit."""

    text: str
    start: int
    end: int
    hit: Hit


def cite(stored: IndexView, quotes: Sequence[Quote]) -> tuple[tuple[Sentence, ...], tuple[Citation, ...]]:
    """Sentences in the given order, and one citation per passage quoted, numbered in order of first use."""
    numbers: dict[str, int] = {}
    spans: dict[str, list[tuple[int, int]]] = {}
    chunks = {}
    sentences = []
    for quote in quotes:
        chunk = quote.hit.chunk
        n = numbers.setdefault(chunk.id, len(numbers) + 1)
        spans.setdefault(chunk.id, []).append((quote.start, quote.end))
        chunks[chunk.id] = chunk
        sentences.append(Sentence(quote.text, (n,)))
    citations = []
    for chunk_id, n in numbers.items():
        chunk = chunks[chunk_id]
        doc = stored.documents[chunk.doc_id]
        citations.append(Citation(n=n, doc_id=doc.id, title=doc.title, passage=chunk.text, start=chunk.start,
                                  end=chunk.end, highlights=tuple(sorted(spans[chunk_id])), heading=chunk.heading,
                                  page=chunk.page,
                                  meta={k: v for k, v in doc.meta.items() if k not in ("pages", "raw")}))
    return tuple(sentences), tuple(citations)


class FirstSentenceComposer:
    """The first sentence (not a heading) of the best passage: no scoring, no question types."""

    def __init__(self, stored: IndexView, embedder=None):
        self.stored = stored

    def compose(self, query: str, hits: Sequence[Hit], subject: Sequence[str] = ()) -> Composed:
        if not hits:
            return Composed((), (), 0.0, "no passage in them answers it")
        top = hits[0]
        text = self.stored.documents[top.chunk.doc_id].text
        for start, end in sentence_spans(text, top.chunk.start, top.chunk.end):
            if not looks_like_heading(text[start:end]):
                sentences, citations = cite(self.stored, [Quote(" ".join(text[start:end].split()), start, end, top)])
                return Composed(sentences, citations, top.score)
        return Composed((), (), top.score, "no passage in them answers it")
