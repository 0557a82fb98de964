"""Checking what people send before any work is done on it: the question and the earlier messages.

Every entry point (the chat, the /ask API, `python -m bot ask`, Bot.ask) goes through `validate`, so
each refusal reads the same everywhere. Text is cleaned the same way for all of them: Unicode NFKC
(full-width letters become plain ones), control characters become spaces, invisible format
characters (zero-width, right-to-left marks, byte-order marks) and lone surrogates are dropped, and
whitespace is collapsed. The work is linear in the input, and input far beyond a limit is refused by
its length before it is cleaned at all.
"""
from __future__ import annotations

import unicodedata

import settings
from index.errors import InvalidQuestion

MAX_QUESTION_CHARS = settings.MAX_QUESTION_CHARS
MAX_HISTORY_ITEMS = settings.MAX_HISTORY_ITEMS
MAX_HISTORY_CHARS = settings.MAX_HISTORY_CHARS
_SLACK = 4          # raw text this many times a limit is refused unread: whitespace could not shrink it enough

_KINDS = {str: "text", bool: "true or false", int: "a number", float: "a number", dict: "an object", list: "a list",
          tuple: "a list", type(None): "empty"}


def clean_text(value: str) -> str:
    """`value` as plain, visible text on one line (see the module docstring)."""
    value = "".join(" " if (kind := unicodedata.category(ch)) == "Cc" else "" if kind in ("Cf", "Cs") else ch
                    for ch in value)
    return " ".join(unicodedata.normalize("NFKC", value).split())


def validate(question, history=None) -> tuple[str, tuple[str, ...]]:
    """The question and the earlier messages, cleaned; InvalidQuestion says what is wrong with them.

    `history` is a list of earlier user messages, oldest first (None for none); blank or null
    entries are skipped."""
    return validate_question(question), validate_history(history)


def validate_question(question) -> str:
    if question is None:
        raise InvalidQuestion("the question is empty: type a question about IVIG")
    if not isinstance(question, str):
        raise InvalidQuestion(f"the question must be text, not {_kind(question)}")
    return _limited(question, MAX_QUESTION_CHARS, "the question", empty="the question is empty: type a "
                    "question about IVIG")


def validate_history(history) -> tuple[str, ...]:
    if history is None:
        return ()
    if not isinstance(history, (list, tuple)):
        raise InvalidQuestion(f"the history must be a list of earlier messages, not {_kind(history)}")
    if len(history) > MAX_HISTORY_ITEMS:
        raise InvalidQuestion(f"the history has {len(history):,} messages; please send at most "
                              f"{MAX_HISTORY_ITEMS} earlier messages")
    out = []
    for number, item in enumerate(history, 1):
        if item is None:
            continue
        if not isinstance(item, str):
            raise InvalidQuestion(f"earlier message {number} must be text, not {_kind(item)}")
        item = _limited(item, MAX_HISTORY_CHARS, f"earlier message {number}")
        if item:
            out.append(item)
    return tuple(out)


def _limited(raw: str, limit: int, what: str, empty: str = "") -> str:
    if len(raw) > _SLACK * limit:
        raise InvalidQuestion(_too_long(what, len(raw), limit))
    text = clean_text(raw)
    if not text and empty:
        raise InvalidQuestion(empty)
    if len(text) > limit:
        raise InvalidQuestion(_too_long(what, len(text), limit))
    return text


def _too_long(what: str, length: int, limit: int) -> str:
    return f"{what} is {length:,} characters long; please keep it under {limit:,}"


def _kind(value) -> str:
    return _KINDS.get(type(value), f"a {type(value).__name__}")
