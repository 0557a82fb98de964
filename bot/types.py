"""The answering side's nouns: scored hits, citations and answers."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from index.chunking import Chunk

DISCLAIMER = "This is information from the listed documents, not medical advice."


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


@dataclass(frozen=True)
class Answer:
    """What the bot says.

    text: the reply, with `[n]` markers that each point at `citations[n-1]`; urgent advice comes first
    when `emergency`. query: the question as searched (follow-ups resolved against the history).
    retrieved: ranked document ids, no repeats. coverage: the score compared with the abstention threshold.
    """

    question: str
    text: str
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

    def to_record(self, latency_ms: float) -> dict:
        """The answer as a line of an eval results file (also what `bot ask --json` and the app's API return)."""
        data = self.to_dict()
        return {"question": self.question, "answer": self.text, "abstained": self.abstained,
                "emergency": self.emergency, "citations": data["citations"], "retrieved": data["retrieved"],
                "latency_ms": round(latency_ms, 2), "query": self.query, "coverage": self.coverage,
                "abstain_reason": self.abstain_reason, "urgent_advice": self.urgent_advice, "note": self.note,
                "disclaimer": self.disclaimer}

    def to_dict(self) -> dict:
        data = asdict(self)
        data["citations"] = [
            {k: v for k, v in c.items()} | {"highlights": [list(h) for h in c["highlights"]]}
            for c in data["citations"]]
        data["retrieved"] = list(self.retrieved)
        return data
