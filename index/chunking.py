"""Splitting documents into overlapping chunks that fit the embedding model.

A document is cut into sections at heading-like lines; inside a section, whole sentences are
packed until the token budget (counted with the model's own tokenizer, title and heading included)
is reached, and the next chunk repeats the last `overlap` sentences. A chunk never splits a sentence:
one sentence longer than the budget becomes a chunk of its own, which the encoder truncates. Tiny
neighbouring sections are merged.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Callable, Sequence

from .documents import Document
from .sentences import looks_like_heading, paragraph_spans, sentence_spans

TokenCounter = Callable[[Sequence[str]], list[int]]


@dataclass(frozen=True)
class ChunkingParams:
    max_tokens: int = 256       # the bundled model's max_seq_length, special tokens included
    overlap: int = 1            # sentences repeated at the start of the next chunk of a section
    min_tokens: int = 48        # sections smaller than this are merged with the next one

    def __post_init__(self):
        if self.max_tokens < 32:
            raise ValueError("max_tokens must be at least 32")
        if not 0 <= self.overlap <= 5:
            raise ValueError("overlap must be between 0 and 5 sentences")


@dataclass(frozen=True)
class Chunk:
    """A passage of one document.

    id: `<doc_id>#<hash>`, the hash taken over the text the model sees, so unchanged chunks keep their ids.
    text: exactly `document.text[start:end]`.
    heading: the section heading (context for retrieval; shown with citations).
    page: 1-based PDF page where the chunk starts, None for other formats.
    """

    id: str
    doc_id: str
    text: str
    start: int
    end: int
    heading: str = ""
    page: int | None = None

    def embedding_text(self, title: str) -> str:
        """What the encoder and BM25 see: the passage with its document title and heading as context."""
        parts = [title] if title else []
        if self.heading and self.heading.lower() != title.lower() and self.heading not in self.text:
            parts.append(self.heading)
        parts.append(self.text)
        return "\n".join(parts)


def chunk_document(doc: Document, count_tokens: TokenCounter, params: ChunkingParams = ChunkingParams()) -> list[Chunk]:
    sections = _sections(doc)
    sentence_lists = [sentence_spans(doc.text, s, e) for _, _, s, e in sections]
    # Headings inside a chunk (when small sections are merged) take tokens too, so count them.
    heading_spans = [span for _, span, _, _ in sections if span]
    flat = [span for spans in sentence_lists for span in spans] + heading_spans
    token_of = dict(zip(flat, count_tokens([doc.text[s:e] for s, e in flat]) if flat else []))
    headings = sorted({h for h, _, _, _ in sections} | {""})
    prefix_cost = dict(zip(headings, count_tokens([f"{doc.title}\n{h}" for h in headings])))
    chunks: list[Chunk] = []
    pending: list[tuple[int, int]] = []
    pending_heading = ""
    for (heading, heading_span, _, _), spans in zip(sections, sentence_lists):
        if not spans:
            continue
        if pending:
            joined = pending + ([heading_span] if heading_span else []) + spans
            if prefix_cost[pending_heading] + sum(token_of[s] for s in joined) <= params.max_tokens - 2:
                spans, heading = joined, pending_heading
            else:
                chunks.extend(_pack(doc, pending, pending_heading, token_of, prefix_cost, params))
            pending = []
        if sum(token_of[s] for s in spans) < params.min_tokens:
            pending, pending_heading = spans, heading
            continue
        chunks.extend(_pack(doc, spans, heading, token_of, prefix_cost, params))
    if pending:
        chunks.extend(_pack(doc, pending, pending_heading, token_of, prefix_cost, params))
    return dedupe_chunks(chunks)


def _sections(doc: Document) -> list[tuple[str, tuple[int, int] | None, int, int]]:
    """(heading, heading span, start, end) for each run of text under a heading (heading line excluded)."""
    sections, heading, heading_span, start, last_end = [], "", None, None, 0
    for p_start, p_end in paragraph_spans(doc.text):
        paragraph = doc.text[p_start:p_end]
        if looks_like_heading(paragraph):
            if start is not None:
                sections.append((heading, heading_span, start, last_end))
            heading, heading_span, start = paragraph, (p_start, p_end), None
            continue
        if start is None:
            start = p_start
        last_end = p_end
    if start is not None:
        sections.append((heading, heading_span, start, last_end))
    if not sections and doc.text.strip():      # a document that is only short lines
        sections.append(("", None, 0, len(doc.text)))
    return sections


def _pack(doc, spans, heading, token_of, prefix_cost, params) -> list[Chunk]:
    budget = params.max_tokens - 2 - prefix_cost[heading]
    groups: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    used = 0
    for span in spans:
        cost = token_of[span]
        if current and used + cost > budget:
            groups.append(current)
            keep = current[-params.overlap:] if params.overlap else []
            # Overlap only while it leaves room for the new sentence.
            while keep and sum(token_of[s] for s in keep) + cost > budget:
                keep = keep[1:]
            current, used = list(keep), sum(token_of[s] for s in keep)
        current.append(span)
        used += cost
    if current:
        groups.append(current)
    return [_make_chunk(doc, group[0][0], group[-1][1], heading) for group in groups]


def _make_chunk(doc: Document, start: int, end: int, heading: str) -> Chunk:
    text = doc.text[start:end]
    provisional = Chunk("", doc.id, text, start, end, heading, doc.page_at(start))
    digest = hashlib.sha1(provisional.embedding_text(doc.title).encode()).hexdigest()[:12]
    return Chunk(f"{doc.id}#{digest}", doc.id, text, start, end, heading, provisional.page)


def dedupe_chunks(chunks: list[Chunk]) -> list[Chunk]:
    """First occurrence of each chunk id: identical passages are indexed once."""
    seen, out = set(), []
    for chunk in chunks:
        if chunk.id not in seen:
            seen.add(chunk.id)
            out.append(chunk)
    return out
