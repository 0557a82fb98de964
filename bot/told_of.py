"""Whom a message tells something of: the writer, a relative, a patient in the writer's care, or a stranger.

Read back from the place in the message to the nearest person it names: "my lips" (right before it) is the writer,
"my son's lips" a relative, "my patient" a patient, "the lady in the next chair ... her lips" a stranger, "a friend"
or "the baby" someone else, "other": maybe close to the writer, so not a stranger (a pronoun passes on to the person
named before it, or "other" when none is; "me" as an object, "next to me", and "my" further back, "my infusion", name
no one). None when the message names no one before it. A heuristic: "a man at my husband's
infusion had a seizure" reads as the husband's.
"""
from __future__ import annotations

import re

# The people a message speaks of as the writer's own ("my son"); safety's person patterns share this list
RELATIVES = r"son|daughter|wife|husband|partner|mum|mom|dad|father|mother|child|kid|baby|friend|grandma|grandpa|" \
            r"brother|sister"
# People met by chance (with an article: "a man", "the lady"); "my girl" is a relative, "my patient" a patient
_STRANGERS = {"lady", "man", "woman", "gentleman", "guy", "chap", "bloke", "person", "patient", "stranger",
              "passenger", "someone", "somebody", "girl", "boy", "lad", "fellow"}
_RELATIVE_WORDS = set(RELATIVES.split("|"))
_WRITER = {"i", "i'm", "im", "i've", "i'd", "i'll", "myself", "we", "we're", "we've"}
_OWN = {"my", "our"}
_THIRD = {"he", "she", "he's", "she's", "his", "him", "her", "hers", "they", "they're", "them", "their"}
_ARTICLES = {"a", "an", "the", "another", "this", "that", "some", "one", "other", "any"}
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?", re.I)


def told_of(message: str, position: int) -> str | None:
    """Who what is told at `position` of `message` is told of: "writer", "relative", "patient", "stranger", "other"
    (a pronoun naming no one before it) or None."""
    words = [w.lower() for w in _WORD.findall(message[:position])]
    third = False                              # a pronoun seen: "I think she's having ..." is not the writer
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        noun = re.sub(r"'s$", "", word)
        before = words[i - 1] if i else ""
        if word in _THIRD:
            third = True
        elif word in _WRITER and not third:
            return "writer"
        elif word in _OWN and not third and i >= len(words) - 2:    # "my lips", "my left calf"; not "my infusion"
            return "writer"
        if noun in _RELATIVE_WORDS:
            return "other" if before in _ARTICLES else "relative"     # "a friend", "the baby": someone close
        if noun in _STRANGERS or noun == "patients":
            if before in _OWN:
                return "patient" if noun.startswith("patient") else "relative"
            return "stranger"
    return "other" if third else None
