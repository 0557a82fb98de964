"""Answer candidates: a chunk's sentences as units that can be quoted, each with the heading it stands under.

A lead-in sentence ("...may include:") keeps the short bullets it introduces, and a run of short bullets
is one unit, so that a list is quoted whole. Headings inside a chunk are context, never a candidate.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from index.sentences import looks_like_heading, sentence_spans

CACHED_CHUNKS = 4096          # chunks whose sentences and terms are kept: bounded for any index size
CLOSING = "\"'”’)]»"           # what may close a sentence after its full stop
# A line about the page, not about the subject: "Read on to find out..."
META = re.compile(r"(read on|in this article|this article|below,|learn more|find out more|click|see also)\b", re.I)
# A summary's opening words: what follows restates the page, and a sentence that says one part of it in full answers
# a question on that part better ("In summary, IVIG works for autoimmune diseases by neutralizing autoantibodies,
# modulating ..." opened "How does IVIG reduce inflammation?" over the cytokine sentence); a broad question is still
# best answered by the summary (scoring.SUMMARY_PENALTY is small). English's summary markers, a closed class;
# "in short" only with its comma ("in short supply").
SUMMARY = re.compile(r"(in summary|in short(?=,)|short version|to sum up|in conclusion|to summari[sz]e|in brief|"
                     r"bottom line|overall(?=,))\b", re.I)
# A sentence that asks the reader's question back ("You might wonder whether IVIG could carry a risk of infection
# from donors.") asks, as one ending in "?" does: the next one answers it.
ASKS_BACK = re.compile(r"(you|many|some|people|patients)\b[\w ]{0,20}?\b(wonder\w*|ask\w*)\s+(whether|if)\b", re.I)


@dataclass(frozen=True)
class Unit:
    """An answer candidate: a sentence, or a lead-in sentence with the short bullets it introduces."""

    doc_id: str
    start: int
    end: int
    text: str           # verbatim, whitespace collapsed
    terms: frozenset
    context: frozenset = frozenset()   # terms of the heading the unit stands under
    heading: str = ""                  # that heading's text ("" when none)


def split(chunk, documents, lexical) -> list[Unit]:
    """The units of `chunk`, in reading order. `documents`: the index's, by id; `lexical`: its term analyser."""
    text = documents[chunk.doc_id].text
    spans = sentence_spans(text, chunk.start, chunk.end)
    units, i = [], 0
    title = frozenset(lexical.terms(documents[chunk.doc_id].title))
    context = title | frozenset(lexical.terms(chunk.heading))
    heading = " ".join(chunk.heading.split())
    while i < len(spans):
        start, end = spans[i]
        j = i + 1
        # a heading inside the chunk: context, not an answer. A sentence whose full stop stands inside its closing
        # quotation mark or bracket ("“Immunoglobulin” is another term for “antibody.”") ends like a sentence: read as
        # a heading, the answer to "Is immunoglobulin another word for antibodies?" was never a candidate
        if looks_like_heading(text[start:end].rstrip(CLOSING)):
            context = title | frozenset(lexical.terms(text[start:end]))
            heading = " ".join(text[start:end].split())
            i = j
            continue
        # A lead-in ("...may include:") keeps the bullets it introduces; a short bullet keeps the
        # short bullets that follow it, so a list is quoted as one unit.
        if text[start:end].endswith(":"):
            while (j < len(spans) and text[spans[j][0]:spans[j][1]].startswith("• ") and j - i <= 8
                   and spans[j][1] - start <= 700):
                j += 1
        elif _short_bullet(text[start:end]):
            while j < len(spans) and _short_bullet(text[spans[j][0]:spans[j][1]]) and j - i < 10:
                j += 1
        end = spans[j - 1][1]
        unit_text = " ".join(text[start:end].split())
        units.append(Unit(chunk.doc_id, start, end, unit_text, frozenset(lexical.terms(unit_text)), context,
                          heading))
        i = j
    return units


def key(unit: Unit) -> tuple:
    """What identifies a unit across passages: (doc_id, start, end)."""
    return unit.doc_id, unit.start, unit.end


def overlaps(a: Unit, b: Unit) -> bool:
    return a.doc_id == b.doc_id and a.start < b.end and b.start < a.end


def states(text: str) -> bool:
    """Not a question in the text nor a line about the page ("Read on to find out how IVIG works, when it's
    used ... in myasthenia gravis"): those restate a question closely and answer nothing."""
    return not asks(text) and not META.match(text)


def asks(text: str) -> bool:
    """A question in the text, or one asked back to the reader (`ASKS_BACK`)."""
    return text.endswith("?") or bool(ASKS_BACK.match(text))


def is_list(unit: Unit) -> bool:
    """Whether `unit` quotes several bullets (a lead-in with its list, or a run of short bullets)."""
    return unit.text.count("• ") >= 2


def _short_bullet(sentence: str) -> bool:
    return sentence.startswith("• ") and len(sentence) <= 90
