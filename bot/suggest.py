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

from .terms import STOPWORDS
from .types import Citation

MAX_SUGGESTIONS = 3
MAX_CHECKED = 6            # candidates checked at most: each check is a retrieval (off the answer's path)
NEIGHBOURS = 3             # chunks looked at on each side of a cited one
_ASKS = re.compile(r"^(how|what|when|why|which|who|where|is|are|can|does|do|should|will)\b", re.I)
# "What it targets", "How IVIG Works in ITP": a question word without its verb heads a clause, not a
# question, and the clause needs its subject named ("What is known about what it targets in long COVID?").
_CLAUSE = re.compile(r"^(how|what|when|why|which|who|where)\s+(?!(is|are|was|were|do|does|did|can|could|should|"
                     r"will|would|has|have|may|might)\b)\w", re.I)
# A heading that points at its own text or speaks to its reader ("What it targets", "Start here: ...")
_DEIXIS = re.compile(r"\b(it|its|it's|this|these|those|they|them|their|we|us|our|you|your|here)\b", re.I)
_AUXILIARIES = frozenset("is are was were has have had can could will would should may might must does do did".split())
# what may follow a clause's verb: its end, a preposition or an article ("How IVIG works in ITP")
_FOLLOWS = frozenset("in for with on at to from by of about during after before against the a an".split())
# Words that open a noun phrase with its determiner already ("The process of receiving IVIG")
_DETERMINERS = frozenset("the a an this that these those each every any some no all both".split())
_TOPIC = re.compile(r".*\b(?:in|for|with|of)\s+(?P<topic>[^:?]+?)\s*$", re.I)     # after the last one


def sentence_case(heading: str) -> str:
    """Title Case words lowered ("Duration of Effect" -> "Duration of effect"); acronyms and the first
    word kept, but not a common word in capitals for emphasis ("When NOT to Use IVIG")."""
    words = heading.split()
    return " ".join([words[0], *(w.lower() if (w[:1].isupper() and w[1:].islower()) or w.lower() in STOPWORDS
                                 else w for w in words[1:])])


def topic(title: str) -> str:
    """What a document is about, from its title: "IVIG for Myasthenia Gravis: How It Works" -> "Myasthenia
    Gravis"; the title itself when it names no "in/for X"."""
    match = _TOPIC.match(title.split(":")[0].strip(" ?"))
    return match["topic"].strip() if match else title.strip(" ?")


def as_question(heading: str, title: str, countable: Callable[[str], bool] = lambda word: False) -> str:
    """The heading as a question a reader can ask on its own, or "" when it cannot be one: a heading that
    points at the text around it or speaks to its reader ("What it targets", "The autoantibody case, and its
    gap", "Start here: the honest default", "What this means for you") is a signpost, not a subject.
    `countable(word)`: whether the documents use a noun as a count noun (`countable_nouns`): a heading whose
    head is one, in the singular, takes "the" ("What is known about the common pitfall in ITP?")."""
    heading = " ".join(heading.split()).strip()
    if _DEIXIS.search(heading):
        return ""
    if ":" in heading.rstrip(":"):                          # "Risks: what the trials found"
        heading = heading.rsplit(":", 1)[1].strip()
    if _ASKS.match(heading) and (heading.endswith("?") or not _CLAUSE.match(heading)):
        return sentence_case(heading).rstrip(" .?") + "?"
    subject = topic(title)
    direct = _direct(sentence_case(heading).rstrip(" .?")) if _CLAUSE.match(heading) else ""
    about = direct or sentence_case(heading).rstrip(" .?")
    about = about[0].lower() + about[1:] if not direct and (about[1:2].islower() or _CLAUSE.match(about)) else about
    # "immune thrombocytopenia (ITP)" is named by "ITP" too, and by its words without the bracket
    names = [subject, re.sub(r"\s*\([^)]*\)", "", subject), *re.findall(r"\(([^)]+)\)", subject)]
    named = any(name and re.search(rf"\b{re.escape(name)}\b", heading, re.I) for name in names)
    if direct:
        return f"{direct}?" if named else f"{direct} in {subject}?"
    about = _article(about, countable) + about
    return f"What is known about {about}?" if named else f"What is known about {about} in {subject}?"


def _article(phrase: str, countable: Callable[[str], bool]) -> str:
    """"the " when `phrase` is a noun phrase without a determiner whose head (its last word before a
    preposition or "and") is a count noun in the singular; a singular count noun needs one in English,
    a plural ("Secondary mechanisms"), a mass noun ("Duration of effect"), a gerund ("Weighing cost ...")
    or a name in capitals ("Refractory obstetric APS") does not."""
    words = phrase.split()
    if not words or words[0].lower() in _DETERMINERS or words[0].lower().endswith("ing"):
        return ""
    ends = [i for i, w in enumerate(words) if i and (w.lower() in _FOLLOWS or w.lower() == "and")]
    head = words[ends[0] - 1 if ends else -1].strip("()")
    if head[1:] != head[1:].lower() or head.lower().endswith("s") or not countable(head.lower()):
        return ""
    return "the "


_COUNTED = re.compile(r"\b(?:a|an|one)((?:\s+[a-z-]+){1,3})", re.I)
_PLURAL = re.compile(r"\b[a-z]{3,}[^su\W]s\b", re.I)


def countable_nouns(texts: Iterable[str]) -> frozenset:
    """Words the texts write within three words after "a", "an" or "one" ("A critical pitfall"), or in the
    plural ("mechanisms"): the count nouns among them, as the documents use them (describing words and
    stray stems come along, and are never a heading's head). Read once per corpus."""
    found = set()
    for text in texts:
        found.update(w.lower() for m in _COUNTED.findall(text) for w in m.split())
        found.update(w.lower()[:-1] for w in _PLURAL.findall(text))
    return frozenset(found)


def _direct(clause: str) -> str:
    """A heading's wh-clause as a direct question, by English word order: an auxiliary moves before the
    subject ("What a trial would settle" -> "What would a trial settle"), and a verb in -s takes "does"
    ("How IVIG works in ITP" -> "How does IVIG work in ITP"); an infinitive stays ("When not to use IVIG"),
    and so does a clause whose question word is its subject ("What happens during an infusion").
    "" when the clause has neither (its verb cannot be told from its subject: "How antibodies block FcRn")."""
    wh, *rest = clause.split()
    lower = [w.lower() for w in rest]
    if not rest or lower[0] in ("to", "not"):
        return clause
    aux = next((i for i, w in enumerate(lower) if w in _AUXILIARIES), None)
    if aux:
        return " ".join([wh, rest[aux], *rest[:aux], *rest[aux + 1:]])
    verb = next((i for i, w in enumerate(lower) if re.fullmatch(r"[a-z]+[^su's]s", w)), None)
    if verb == 0 and wh.lower() in ("what", "who", "which"):      # the question word is its subject: "What happens"
        return clause
    if verb and all(not re.fullmatch(r"[a-z]+s", w) for w in lower[:verb]) and \
            (verb + 1 == len(rest) or lower[verb + 1] in _FOLLOWS):
        return " ".join([wh, "does", *rest[:verb], _base(lower[verb]), *rest[verb + 1:]])
    return ""


def _base(verb: str) -> str:
    """The base form of a verb in -s: "applies" -> "apply", "reaches" -> "reach", "works" -> "work"."""
    if verb == "has":
        return "have"
    if verb.endswith("ies"):
        return verb[:-3] + "y"
    if re.search(r"(ss|sh|ch|x|z|o)es$", verb):
        return verb[:-2]
    return verb[:-1]


def candidates(chunks: Sequence, titles: dict[str, str], citations: Iterable[Citation],
               asked: Iterable[str] = (), retrieved: Sequence[str] = (),
               countable: Callable[[str], bool] = lambda word: False) -> list[str]:
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
        question = as_question(heading, title, countable)
        if question and question.lower() not in seen:
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
