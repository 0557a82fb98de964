"""A request for information ("Do you have information about X", "Tell me about X", "What do you know about
X?") asks about X: the words before "about" say how the person asks, never what about.

Matched lexically, they chose the answer: "information" shares its stem with "inform", and "Do you have
information about Immunization" opened with "They can discuss how IVIG may help manage your symptoms and
inform you about new treatment options...". The frame is recognised by grammar, not by its wording: an
opening made only of English closed classes (pronouns, auxiliaries, determiners, greetings) and of verbs and
nouns of asking for knowledge, with at least one of those, ended by a preposition of topic.
"""
from __future__ import annotations

import re

from .terms import INTENT, QUESTION_OPENER, QUESTION_TYPES, STOPWORDS

# Verbs of telling and knowing and nouns of information: what makes an opening a request, in any subject
# area. Not "get", "need" or "available": "Can you get it on the NHS?" asks about getting it.
_ASKING_FOR = frozenset("""
tell know known learn read hear say explain share information info details detail facts material materials
resources advice anything something everything
""".split())
# What may stand around them: closed classes (pronouns, auxiliaries and modals, determiners, greetings,
# politeness) and verbs of wanting and giving, which alone make no request.
_AROUND = frozenset("""
i me my you your we us our it do does did can could would will may might should shall is are am be there have has
had d m ll ve s give send provide mail email find want like need looking any some more the a an all else what where please kindly hi hello hey dear thanks thank to of
just also for
""".split())
_TOPIC = re.compile(r"\b(about|on|regarding|concerning)\b\s*", re.I)
_WORD = re.compile(r"[A-Za-z]+")


def request_topic(question: str) -> str:
    """What a request for information asks about: the text after its frame ("IVIG side effects?" for "Do you
    have information about IVIG side effects?"); "" when the question is not such a request."""
    for match in _TOPIC.finditer(question):
        opening = [w.lower() for w in _WORD.findall(question[:match.start()])]
        if not opening or any(w not in _ASKING_FOR and w not in _AROUND for w in opening):
            return ""           # the first "about" after other words: "How worried should I be about ..."
        if any(w in _ASKING_FOR for w in opening):
            topic = question[match.end():].strip()
            return topic if _WORD.search(topic) else ""
    return ""


# Politeness around a bare topic or a request's topic: "info on IVIG please", "IVIG? thanks"
_POLITE = frozenset("please pls plz thanks thank thx ty you hi hello hey dear kindly".split())
BARE_WORDS = 3          # a message of at most this many words, none a closed-class word, names a topic and nothing else


def defined_topic(question: str) -> str:
    """The topic of a message that asks what something is without saying so: a request for information ("Tell me
    about IVIG", "info on IVIG please") or a bare topic ("IVIG?"); "" for anything else, and for a topic that asks one
    aspect of itself ("information about IVIG side effects": `aspect` words, the question types', say which)."""
    topic = request_topic(question) or question
    found = _WORD.findall(topic)
    while found and found[-1].lower() in _POLITE:
        found.pop()
    while found and found[0].lower() in _POLITE:
        found.pop(0)
    if not found or QUESTION_OPENER.match(topic) or any(w.lower() in INTENT | QUESTION_TYPES for w in found):
        return ""
    if any(w.lower() in STOPWORDS for w in found):
        return ""               # a sentence of its own, or a topic narrowed ("IVIG in pregnancy"): asked as written
    if topic is question and (len(found) > BARE_WORDS or any(w.lower() in _ASKING_FOR for w in found)):
        return ""               # not a request, and more than a topic
    start, end = topic.find(found[0]), topic.rfind(found[-1]) + len(found[-1])
    return topic[start:end]


def as_definition(question: str) -> str:
    """A request for information or a bare topic, read as the question it asks: "What is IVIG?"; else the question."""
    topic = defined_topic(question)
    return f"What is {topic}?" if topic else question


def as_request(topic: str) -> str:
    """The plain request for information about `topic`, as MedQuAD's consumers write it (no question mark): what
    coverage judges a bare topic or a request by, whatever its wording ("info on IVIG please", "IVIG?")."""
    return f"Do you have information about {topic}"
