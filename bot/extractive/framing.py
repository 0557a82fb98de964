"""Question framing: what a question asks, apart from what it is about and from the story told around it.

`named_terms` finds the words naming the subject, `frame` masks them ("How fast does IVIG work in ITP?" ->
"How fast does it work in it?"), so that the model compares what is asked, not about what; `told_spans` finds
the story a long message tells before it asks, so that its words count less.
"""
from __future__ import annotations

import re

from ..followup import focus, sentences
from ..specificity import is_specific
from ..topic_lists import is_topic

AFTERTHOUGHT = re.compile(r"\s*\([^)]*\)")        # "(about ITP)", "(corticosteroids)": added by the bot
# Letters and digits of any alphabet: "Barré" is one word (stemmed as "barr", like "Barre"), not "Barr" and "é"
_TOKEN = re.compile(r"[^\W_][\w'\u2019\-]*")


def named_terms(query: str, stem) -> frozenset:
    """Stems of the words that name what a question is about: a health topic's name ("pregnancy",
    "kidneys": topic_lists.is_topic) or a word rare in English ("IVIG", "ITP": specificity.is_specific), the bot's
    bracketed additions ("(about ITP)") included. Not every subject word: "available" in "Is IVIG readily
    available for long COVID patients?" is what is asked about IVIG, and masked it was lost (fact missed)."""
    return frozenset(stem(w.lower()) for w in _TOKEN.findall(query) if is_specific(w) or is_topic(w))


def frame(query: str, stem, named: frozenset) -> str:
    """What the question asks, without what it is about: the words of `named` (see `named_terms`) become
    "it", and the bot's bracketed additions go. "How fast does IVIG work in ITP? (about ITP)" -> "How fast
    does it work in it?". As the type model's training masks a question's focus, so that it learns what
    is asked, not about what."""
    text = AFTERTHOUGHT.sub("", query).strip()
    masked = _TOKEN.sub(lambda m: "\0" if stem(m.group(0).lower()) in named else m.group(0), text)
    masked = re.sub(r"\0(\s+\0)*", "it", masked).rstrip(" ?.!") + "?"   # "?" or not, the same question
    return masked or query


def leave_out(query: str, stem, named: frozenset) -> list[tuple[int, int]]:
    """Character spans of what `frame` takes out of `query`: the words of `named`, the bot's brackets."""
    spans = [m.span() for m in AFTERTHOUGHT.finditer(query)]
    return spans + [m.span() for m in _TOKEN.finditer(query) if stem(m.group(0).lower()) in named]


def told_spans(message: str) -> list[tuple[int, int]]:
    """Character spans of what a message tells around its question (followup.focus's context: greeting,
    history); none when all of it asks, or when its question cannot be found in it word for word. The bot's
    bracketed additions ("(about ITP)") are no story: they name the subject."""
    asked, context = focus(message)
    if not context:
        return []
    kept, at = [], 0
    for piece in sentences(asked):
        start = message.find(piece, at)
        if start < 0:
            return []
        kept.append((start, start + len(piece)))
        at = start + len(piece)
    kept += [m.span() for m in AFTERTHOUGHT.finditer(message)]
    spans, at = [], 0
    for start, end in sorted(kept):
        if message[at:start].strip():
            spans.append((at, start))
        at = max(at, end)
    if message[at:].strip():
        spans.append((at, len(message)))
    return spans


def without(text: str, spans) -> str:
    """`text` less the characters at `spans`."""
    kept, at = [], 0
    for start, end in sorted(spans):
        kept.append(text[at:start])
        at = max(at, end)
    return " ".join(" ".join([*kept, text[at:]]).split())
