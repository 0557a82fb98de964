"""Question framing: what a question asks, apart from what it is about and from the story told around it.

`named_terms` finds the words naming the subject, `frame` masks them ("How fast does IVIG work in ITP?" ->
"How fast does it work in it?"), so that the model compares what is asked, not about what; `told_spans` finds
the story a long message tells before it asks, so that its words count less.
"""
from __future__ import annotations

import re

from ..message_questions import focus, sentences
from ..specificity import is_specific
from ..topic_lists import is_topic
from .yes_no import is_auxiliary

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
    """Character spans of what a message tells around its question (message_questions.focus's context: greeting,
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


# "What trial ...?", "Which receptors ...?": the noun after a question's "what" or "which" is the kind of thing it
# asks for, one in particular
_WHICH = re.compile(r"\b(?:what|which)\s+(?:kinds? of\s+|types? of\s+|sorts? of\s+)?([^\W\d_][\w\-]*)"
                    r"(?:\s+([^\W\d_][\w\-]*))?(?:\s+([^\W\d_][\w\-]*))?", re.I)


def asked_kind(question: str, stem, function_terms: frozenset) -> str | None:
    """The stem of the noun a "what/which N" question asks for ("trial" in "What trial is testing IVIG for long
    covid?"; the head of a compound before the verb's auxiliary, "types" in "Which antibody types does ...", not
    the verb in "What kind of doctor gives ..."); None when its "what" asks otherwise ("What is ...", "What does ...")."""
    def noun(word):
        return word and not is_auxiliary(word) and stem(word.lower()) not in function_terms
    for m in _WHICH.finditer(AFTERTHOUGHT.sub(" ", question)):
        if noun(m.group(1)):
            compound = noun(m.group(2)) and (not m.group(3) or is_auxiliary(m.group(3)))
            return stem((m.group(2) if compound else m.group(1)).lower())
    return None


def names_one(text: str, kind: str, stem) -> bool:
    """Whether `text` names one particular `kind`: the noun after a proper name, written with a capital inside a
    sentence ("the RECOVER-AUTONOMIC trial", "Fc receptors", "IgG antibodies"). A rare adjective is no name:
    "misdirected antibody activity" names no antibody."""
    tokens = _TOKEN.findall(text)
    return any(stem(word.lower()) == kind and _proper(before, i == 0)
               for i, (before, word) in enumerate(zip(tokens, tokens[1:])))


def _proper(word: str, first: bool) -> bool:
    return any(ch.isupper() for ch in word[1:]) or (not first and word[:1].isupper())


# A question weighing two things against each other names them beside English's ways of setting one against another:
# "warfarin or IVIG", "IVIG versus steroids", "than steroids", "compared with plasma exchange", "that IVIG doesn't"
_SIDES = re.compile(r"([^\W\d_][\w\-]*),?\s+(?:or|vs\.?|versus)\s+([^\W\d_][\w\-]*)|"
                    r"\b(?:than|compared (?:to|with)|unlike)\s+([^\W\d_][\w\-]*)|"
                    r"\bthat\s+([^\W\d_][\w\-]*)\s+(?:doesn't|does not|can't|cannot|won't|don't|do not)\b", re.I)
# ...and a sentence answering it sets them against each other: English's contrast connectives and negation ("While
# IVIG blocks Fc receptors, corticosteroids suppress autoantibody production", "IVIG is not first-line therapy for
# APS—standard anticoagulation with warfarin ... remains the primary treatment"). Not "but": it joins adjectives too
# ("a rare but serious IVIG complication" opened "Is IVIG better than steroids for ITP?")
_CONTRASTS = re.compile(r"\b(while|whereas|unlike|rather than|instead|not|than|however|compared)\b", re.I)


def compared(question: str, stem, named: frozenset) -> frozenset:
    """The stems of the things `question` weighs against each other (`_SIDES`), those naming something
    (`named`, see `named_terms`) only: "or" between everyday words ("safe or risky") compares nothing."""
    sides = {stem(w.lower()) for m in _SIDES.finditer(AFTERTHOUGHT.sub(" ", question)) for w in m.groups() if w}
    return frozenset(sides & named)


def contrasts(text: str, terms: frozenset, sides: frozenset, named: frozenset) -> bool:
    """Whether a candidate (its `text` and `terms`) sets the things a comparison weighs (`sides`, see `compared`)
    against each other: it holds them and another name of the question (two at least), and a contrast."""
    return sides <= terms and len(terms & named) >= 2 and bool(_CONTRASTS.search(text))


# English's question words say how a question asks, not what it asks about
_WH = re.compile(r"(what|which|who|whom|whose|when|where|why|how)", re.I)


def topic_words(query: str) -> list[str]:
    """The words of `query` naming what it is about: the ones rare in English ("IVIG", "antiphospholipid",
    "Guillain-Barre"), in the bot's bracketed additions too ("(about Guillain-Barre)" names a follow-up's topic)."""
    return [w for w in _TOKEN.findall(query) if is_specific(w)]


def aspect_words(question: str) -> list[str]:
    """The words of `question` that may say what it asks of its topic: all but its topic's names (`topic_words`),
    its auxiliaries and question words, and the bot's bracketed additions ("tested", "animals" in "Has IVIG for
    antiphospholipid syndrome been tested on animals?"). Not `is_topic`'s words: "block" and "cells" are what
    "does it also block something on his immune cells?" asks."""
    return [w for w in _TOKEN.findall(AFTERTHOUGHT.sub(" ", question))
            if not is_specific(w) and not is_auxiliary(w) and not _WH.fullmatch(w)]


def names_something(text: str) -> bool:
    """Whether `text` names something itself (a word rare in English: "IVIG", "Fc"), rather than only pointing
    back at what the sentence before it named ("It is a coherent idea with a plausible target.")."""
    return any(is_specific(w) for w in _TOKEN.findall(text))

