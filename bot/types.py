"""The answering side's nouns: scored hits, citations, quoted sentences and answers.

An Answer keeps its parts apart (urgent advice, quoted sentences with their citation numbers, the
note, the decline reason), so each edge renders them its own way; `Answer.text` is the one plain-text
rendering, for the CLI, results files and anyone who just wants a string.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import zip_longest

from index.chunking import Chunk

DISCLAIMER = "This is information from the listed documents, not medical advice."
EMERGENCY_LEAD = "What the documents say that may be relevant:"
MAX_COVERS = 3              # a decline names at most this many topics, however large the corpus
MAX_TOPIC_CHARS = 90        # and each in at most this many characters
MAX_REASON_CHARS = 120
# A message whose two or three parts are all declined gets one decline naming what each part lacked, in this
# many characters of reasons (joined), so that the whole decline stays under MAX_DECLINE_CHARS however many
# parts, documents or title characters there are.
MAX_REASONS_CHARS = 170
MAX_DECLINE_CHARS = 600
_MARKERS = re.compile(r"\s*\[\d+(?:\s*[,\u2013-]\s*\d+)*\]")     # reference markers: "[4]", "[2, 3]", "[5-7]"


def clean_topic(title: str) -> str:
    """A title fit to name in a sentence: reference markers gone, whitespace collapsed, cut at a word."""
    text = " ".join(_MARKERS.sub("", title).split()).strip(" .;:")
    return _cut(text, MAX_TOPIC_CHARS)


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "\u2026"


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk. score: fused (0-1); dense: cosine similarity; lexical: BM25 normalised to the best."""

    chunk: Chunk
    score: float
    rank: int
    dense: float = 0.0
    lexical: float = 0.0


@dataclass(frozen=True)
class Citation:
    """A cited passage: `passage == document.text[start:end]`; `highlights` are the cited sentences' spans."""

    n: int
    doc_id: str
    title: str
    passage: str
    start: int
    end: int
    highlights: tuple[tuple[int, int], ...] = ()
    heading: str = ""
    page: int | None = None
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    def to_dict(self) -> dict:
        return {"n": self.n, "doc_id": self.doc_id, "title": self.title, "passage": self.passage,
                "start": self.start, "end": self.end, "highlights": [list(h) for h in self.highlights],
                "heading": self.heading, "page": self.page, "meta": dict(self.meta)}


@dataclass(frozen=True)
class Sentence:
    """A sentence (or a lead-in with its list) quoted verbatim, whitespace collapsed, and the `n` of each
    citation whose passage holds it. Its text is the document's, so it may contain anything: "[12]", "$$"."""

    text: str
    citations: tuple[int, ...]

    @property
    def marked(self) -> str:
        """As plain text: the sentence, then its `[n]` markers."""
        return f"{self.text} {''.join(f'[{n}]' for n in self.citations)}"

    def to_dict(self) -> dict:
        return {"text": self.text, "citations": list(self.citations)}


@dataclass(frozen=True)
class Definition:
    """A plain one-sentence definition of a medical term that occurs in an answer, and where it comes from.

    term: the term as the answer writes it. source: the document's title for a definition found in the
    corpus, else the open glossary's attribution (for example "MedQuAD, NIH (CC BY 4.0)"); url: a link
    to it where known."""

    term: str
    definition: str
    source: str
    url: str = ""

    def to_dict(self) -> dict:
        return {"term": self.term, "definition": self.definition, "source": self.source, "url": self.url}


@dataclass(frozen=True)
class Answer:
    """What the bot says, in parts.

    sentences: the quoted sentences, each citing `citations[n-1]`. urgent_advice: shown before anything
    else when `emergency`. note: advice after the answer (personal dosing). abstained: the documents don't
    cover the question; abstain_reason says why and `covers` names what they do cover (the few closest
    documents' titles or their maintainer-set topics; the decline shows MAX_COVERS of them, cleaned).
    query: the question as searched (follow-ups resolved against the history). retrieved: ranked
    document ids, no repeats. coverage: the score compared with the abstention threshold.
    """

    question: str
    sentences: tuple[Sentence, ...] = ()
    citations: tuple[Citation, ...] = ()
    abstained: bool = False
    emergency: bool = False
    query: str = ""
    retrieved: tuple[str, ...] = ()
    urgent_advice: str = ""
    note: str = ""
    disclaimer: str = DISCLAIMER
    coverage: float = 0.0
    abstain_reason: str = ""
    covers: tuple[str, ...] = ()
    glossary: tuple[Definition, ...] = ()    # terms of the quoted sentences, defined in plain words
    suggestions: tuple[str, ...] = ()        # follow-up questions the documents can answer
    # A message that asks two or three things: one Answer per question, in order (see `combine`). The
    # fields above then hold all of them together: every sentence, one numbering of the citations.
    parts: tuple["Answer", ...] = ()

    @property
    def decline(self) -> str:
        """The kind refusal of an abstained answer ("" when it answered): under MAX_DECLINE_CHARS. A message
        whose parts were all declined has this one decline for all of them (see `shown_parts`)."""
        if not self.abstained:
            return ""
        limit = MAX_REASONS_CHARS if self.parts else MAX_REASON_CHARS
        why = f" ({_cut(self.abstain_reason, limit)})" if self.abstain_reason else ""
        topics = list(dict.fromkeys(t for t in map(clean_topic, self.covers) if t))[:MAX_COVERS]
        listed = "; ".join(topics)
        # a title may end a sentence itself ("How does IVIG work in ITP?"): no full stop after its own
        covers = f" They cover: {listed}{'' if listed.endswith(('.', '?', '!')) else '.'}" if topics else ""
        return (f"I'm sorry, the documents I have don't cover that{why}, so I can't answer it reliably.{covers} "
                "Your own doctor or nurse is the best person to ask.")

    @property
    def shown_parts(self) -> tuple["Answer", ...]:
        """The parts an edge shows one by one, each under its question: `parts`, or none when every part was
        declined (the message then shows its one `decline`, which names what each part lacked; each part
        keeps its own reason and `covers`)."""
        return () if self.abstained else self.parts

    @property
    def lead(self) -> str:
        """The words before the quoted sentences: only an emergency answer has them."""
        return EMERGENCY_LEAD if self.emergency and self.sentences else ""

    @property
    def text(self) -> str:
        """The answer as plain text: urgent advice, the quoted sentences with `[n]` markers, the decline,
        the note, in paragraphs."""
        if self.shown_parts:
            parts = (f"{part.question}\n{part.text}" for part in self.shown_parts)
            return "\n\n".join(p for p in (self.urgent_advice, *parts) if p)
        body = " ".join(s.marked for s in self.sentences)
        body = f"{self.lead} {body}" if self.lead else body
        return "\n\n".join(p for p in (self.urgent_advice, body, self.decline, self.note) if p)

    def to_record(self, latency_ms: float) -> dict:
        """The answer as a line of an eval results file (also what `bot ask --json` and the app's API return)."""
        return {"question": self.question, "answer": self.text, "abstained": self.abstained,
                "emergency": self.emergency, "citations": [c.to_dict() for c in self.citations],
                "retrieved": list(self.retrieved), "latency_ms": round(latency_ms, 2), "query": self.query,
                "coverage": self.coverage, "abstain_reason": self.abstain_reason,
                "urgent_advice": self.urgent_advice, "note": self.note, "disclaimer": self.disclaimer,
                "sentences": [s.to_dict() for s in self.sentences], "covers": list(self.covers),
                "glossary": [d.to_dict() for d in self.glossary], "suggestions": list(self.suggestions),
                "parts": [part.to_dict() for part in self.parts]}

    def to_dict(self) -> dict:
        """Every field (and the rendered text), as JSON-ready values."""
        return {"question": self.question, "text": self.text, "sentences": [s.to_dict() for s in self.sentences],
                "citations": [c.to_dict() for c in self.citations], "abstained": self.abstained,
                "emergency": self.emergency, "query": self.query, "retrieved": list(self.retrieved),
                "urgent_advice": self.urgent_advice, "note": self.note, "disclaimer": self.disclaimer,
                "coverage": self.coverage, "abstain_reason": self.abstain_reason, "covers": list(self.covers),
                "glossary": [d.to_dict() for d in self.glossary], "suggestions": list(self.suggestions),
                "parts": [part.to_dict() for part in self.parts]}


def _without_repeats(parts: list[Answer]) -> list[Answer]:
    """Each part without the sentences after its opening that an earlier part already quoted: two questions
    about one subject ("Is that a known side effect, and does it mean I'm allergic?") found the same side-effect
    list, and the second part repeated it before its own answer. A part's opening stays, repeated or not: it
    answers that part ("How does it work, and how fast?": the mechanism sentence says "within 24 hours")."""
    quoted: set[tuple] = set()
    kept = []
    for part in parts:
        new = part.sentences[:1] + tuple(s for s in part.sentences[1:] if (s.text, s.citations) not in quoted)
        quoted.update((s.text, s.citations) for s in part.sentences)
        if new and len(new) < len(part.sentences):
            cited = {n for s in new for n in s.citations}
            part = replace(part, sentences=new, citations=tuple(c for c in part.citations if c.n in cited))
        kept.append(part)
    return kept


def _closest_of_each(covers: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The topics closest to each part in turn (each part's first, then each one's second...), MAX_COVERS."""
    return tuple(dict.fromkeys(t for rank in zip_longest(*covers) for t in rank if t))[:MAX_COVERS]


def combine(message: str, parts: list[Answer]) -> Answer:
    """One Answer for a message that asks several questions: `parts` in order, their citations numbered
    once for the whole message (a passage cited by two parts keeps one number), so that each part's
    sentences point into the same `citations`. It declines only when every part does, and then as one
    decline: the parts' reasons joined, and the topics closest to any part (at most MAX_COVERS)."""
    merged: dict[tuple, Citation] = {}
    maps = []
    for part in parts:
        mapping = {}
        for c in part.citations:
            key = (c.doc_id, c.start, c.end)
            old = merged.get(key)
            merged[key] = (replace(c, n=len(merged) + 1) if old is None else
                           replace(old, highlights=tuple(sorted(set(old.highlights) | set(c.highlights)))))
            mapping[c.n] = merged[key].n
        maps.append(mapping)
    by_n = {c.n: c for c in merged.values()}
    renumbered = []
    for part, mapping in zip(parts, maps):
        sentences = tuple(Sentence(s.text, tuple(mapping[n] for n in s.citations)) for s in part.sentences)
        renumbered.append(replace(part, sentences=sentences, citations=tuple(by_n[n] for n in mapping.values())))
    renumbered = _without_repeats(renumbered)
    declined = [p for p in renumbered if p.abstained]
    whole = len(declined) == len(parts)
    return Answer(
        question=message, sentences=tuple(s for p in renumbered for s in p.sentences),
        citations=tuple(by_n[n] for n in sorted(by_n)), abstained=whole,
        emergency=any(p.emergency for p in parts), query=" | ".join(p.query for p in parts),
        retrieved=tuple(dict.fromkeys(d for p in parts for d in p.retrieved)),
        coverage=min(p.coverage for p in parts),
        abstain_reason="; ".join(dict.fromkeys(p.abstain_reason for p in declined if p.abstain_reason)) if whole else "",
        covers=_closest_of_each([p.covers for p in declined]) if whole else (),
        glossary=tuple({d.term.lower(): d for p in parts for d in p.glossary}.values()), parts=tuple(renumbered))
