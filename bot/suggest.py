"""Follow-up questions to offer after an answer: the sections around the cited passages, as questions.

The candidates are the headings of the chunks next to each cited chunk in its document (nearest
first, the cited sections themselves left out), then the sections of the other documents the question
retrieved, in the order retrieved and each in reading order (an answer that quoted most of its
document has little left around it); worded as questions: a heading that already asks
("How Is IVIG Produced?") is kept, in sentence case; another becomes "What is known about <heading>
in <the document's topic>?", so it can be asked on its own. The bot then offers only those it would
answer (engine.Bot checks each). Left out: headings the documents never set (a text without
sections offers nothing) and documents the question did not retrieve.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable, Sequence

from .types import Citation

MAX_SUGGESTIONS = 3
MAX_CHECKED = 6            # candidates checked at most: each check is a retrieval (off the answer's path)
NEIGHBOURS = 3             # chunks looked at on each side of a cited one
_ASKS = re.compile(r"^(how|what|when|why|which|who|where|is|are|can|does|do|should|will)\b", re.I)
# "What it targets", "How IVIG Works in ITP": a question word without its verb heads a clause, not a
# question, and the clause needs its subject named ("What is known about what it targets in long COVID?").
_CLAUSE = re.compile(r"^(how|what|when|why|which|who|where)\s+(?!(is|are|was|were|do|does|did|can|could|should|"
                     r"will|would|has|have|may|might)\b)\w", re.I)
_TOPIC = re.compile(r".*\b(?:in|for|with|of)\s+(?P<topic>[^:?]+?)\s*$", re.I)     # after the last one


def sentence_case(heading: str) -> str:
    """Title Case words lowered ("Duration of Effect" -> "Duration of effect"); acronyms and the first
    word kept."""
    words = heading.split()
    return " ".join([words[0], *(w.lower() if w[:1].isupper() and w[1:].islower() else w for w in words[1:])])


def topic(title: str) -> str:
    """What a document is about, from its title: "IVIG for Myasthenia Gravis: How It Works" -> "Myasthenia
    Gravis"; the title itself when it names no "in/for X"."""
    match = _TOPIC.match(title.split(":")[0].strip(" ?"))
    return match["topic"].strip() if match else title.strip(" ?")


def as_question(heading: str, title: str) -> str:
    heading = " ".join(heading.split()).strip()
    if ":" in heading.rstrip(":"):                          # "Start here: the honest default"
        heading = heading.rsplit(":", 1)[1].strip()
    if _ASKS.match(heading) and (heading.endswith("?") or not _CLAUSE.match(heading)):
        return sentence_case(heading).rstrip(" .?") + "?"
    about = sentence_case(heading).rstrip(" .?")
    about = about[0].lower() + about[1:] if about[1:2].islower() or _CLAUSE.match(about) else about
    subject = topic(title)
    # "immune thrombocytopenia (ITP)" is named by "ITP" too, and by its words without the bracket
    names = [subject, re.sub(r"\s*\([^)]*\)", "", subject), *re.findall(r"\(([^)]+)\)", subject)]
    if any(name and re.search(rf"\b{re.escape(name)}\b", heading, re.I) for name in names):
        return f"What is known about {about}?"
    return f"What is known about {about} in {subject}?"


def candidates(chunks: Sequence, titles: dict[str, str], citations: Iterable[Citation],
               asked: Iterable[str] = (), retrieved: Sequence[str] = ()) -> list[str]:
    """Questions from the headings next to the cited chunks, nearest first, then from the sections of the
    documents in `retrieved` (doc ids, best first) that were not cited; without repeats.

    `chunks`: the build's chunks (in document order, as the index keeps them); `titles`: doc id -> title."""
    by_doc: dict[str, list] = {}
    for chunk in chunks:
        by_doc.setdefault(chunk.doc_id, []).append(chunk)
    citations = list(citations)
    cited = {(c.doc_id, c.start) for c in citations}
    cited_headings = {c.heading.lower() for c in citations}
    seen = {a.strip().lower() for a in asked}
    out = []

    def offer(doc_id: str, chunk) -> None:
        heading, title = chunk.heading.strip(), titles.get(doc_id, "")
        if not heading or heading.lower() in cited_headings or heading.lower() == title.lower():
            return
        question = as_question(heading, title)
        if question.lower() not in seen:
            seen.add(question.lower())
            out.append(question)

    for citation in citations:
        doc_chunks = sorted(by_doc.get(citation.doc_id, []), key=lambda ch: ch.start)
        here = next((i for i, ch in enumerate(doc_chunks) if ch.start == citation.start), None)
        if here is None:
            continue
        for distance in range(1, NEIGHBOURS + 1):
            for i in (here + distance, here - distance):
                if 0 <= i < len(doc_chunks) and (citation.doc_id, doc_chunks[i].start) not in cited:
                    offer(citation.doc_id, doc_chunks[i])
    cited_docs = {c.doc_id for c in citations}
    for doc_id in retrieved:
        if doc_id not in cited_docs:
            for chunk in sorted(by_doc.get(doc_id, []), key=lambda ch: ch.start):
                offer(doc_id, chunk)
    return out


def suggest(questions: Iterable[str], answers: Callable[[str], bool]) -> tuple[str, ...]:
    """The first MAX_SUGGESTIONS questions that `answers` says the bot answers (MAX_CHECKED checked)."""
    chosen = []
    for checked, question in enumerate(questions):
        if checked >= MAX_CHECKED or len(chosen) >= MAX_SUGGESTIONS:
            break
        if answers(question):
            chosen.append(question)
    return tuple(chosen)
