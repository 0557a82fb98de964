"""Phrases of a message that say how to answer it, never what about: "in plain words", "in a nutshell", "in
layman's terms", "explain it like I'm five", "explain IVIG for a 10 year old" (coverage.assess reads the message
without them, `without_manner`).

Read by their grammar, not listed phrase by phrase:
- "in" + a noun phrase whose head names wording (`WORDING`: "in plain words", "in simple terms", "in short", "in
  one sentence"), closed after its head. A head that names anything else is content ("in pregnancy", "in short
  infusions"), and so is one that leads "of" ("in terms of side effects": the side effects are asked about);
- in a clause with a verb of saying (`SAYING`: "explain", "describe", "put"), "like" or "as if" + a subject
  ("like I'm five", "as if I were a child") to the clause's end, and "for" or "to" + an audience closing the clause
  (a person, `behalf.PEOPLE` or `AUDIENCE`, or an age: "for a 10 year old", "to a beginner"). Without such a verb
  the same words say who the question is about: "Is IVIG safe for a 10 year old?".
The classes are closed classes of English (nouns of wording, verbs of saying, words for a lay reader), not subjects.
"""
from __future__ import annotations

import re

from .behalf import PEOPLE
from .subject_runs import DETERMINERS
from .terms import STOPWORDS
from .verb_frame import tokens

# Nouns that name the wording of an answer, the head of "in plain words", "in a nutshell", "in short"
WORDING = frozenset("""
word words term terms language english nutshell short brief summary sentence sentences line lines paragraph detail
""".split())
# ...of which these name wording only after a word saying which ("in plain terms", "in other words", "in one line"):
# "in the long term", "in line with the guidelines", "in English" (a leaflet's language) are content
MODIFIED_WORDING = frozenset("term terms words language english line lines".split())
# The words that say which wording: plain, lay, everyday... and a number ("in two sentences", "in one line")
LAY_MODIFIERS = frozenset("""
plain simple simpler simplest lay layman layman's laymans laymen's layperson's everyday easy easier basic
non-technical nontechnical other own normal regular human few one two three
""".split())
# Verbs of saying: a phrase of audience or likeness inside their clause says how to answer
SAYING = frozenset("""
explain explaining describe describing tell say put summarise summarize summarising summarizing define answer
simplify
""".split())
# Words for a lay reader, beside the people of behalf.PEOPLE and an age ("a 10 year old")
AUDIENCE = frozenset("""
layman laymen layperson laypeople beginner beginners dummies dummy novice newbie someone somebody anyone anybody
non-expert non-experts non-scientist non-specialist outsider
""".split())
_AGE = frozenset("year years yr yrs old year-old years-old".split())
_SUBJECTS = frozenset("i i'm im you you're we he she they it".split())
_OPENERS = frozenset("what how why whether when where which who whom if that".split())    # open a clause
_CLAUSE_END = re.compile(r"[.?!,;:()\n]")


def _clause_closed(text: str, end: int) -> bool:
    """Whether a phrase ending at `end` closes its clause: punctuation or the text's end follows."""
    rest = text[end:].lstrip()
    return not rest or bool(_CLAUSE_END.match(rest))


def manner_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character spans of `text`'s phrases of manner (module doc), in order."""
    found = tokens(text)
    lower = [w.lower() for w, _, _ in found]
    spans: list[tuple[int, int]] = []

    def joined(i: int, j: int) -> bool:                 # words i..j are one run of one clause
        return all(re.fullmatch(r"\s+", text[found[k][2]:found[k + 1][1]]) for k in range(i, j))

    def clause_of(i: int) -> range:
        start = i
        while start > 0 and not _CLAUSE_END.search(text[found[start - 1][2]:found[start][1]]):
            start -= 1
        end = i
        while end + 1 < len(found) and not _CLAUSE_END.search(text[found[end][2]:found[end + 1][1]]):
            end += 1
        return range(start, end + 1)

    for i, word in enumerate(lower):
        if word == "in":
            # the head: the first wording noun within four words, each a determiner, a number, "few", "other" or a
            # content word, closed after it and not leading "of"
            for j in range(i + 1, min(i + 6, len(lower))):
                said_which = lower[j] not in MODIFIED_WORDING or any(
                    w in LAY_MODIFIERS or w.isdigit() for w in lower[i + 1:j])
                if lower[j] in WORDING and said_which and joined(i, j) and (j + 1 >= len(lower) or lower[j + 1] != "of") \
                        and (j + 1 >= len(lower) or lower[j + 1] in STOPWORDS or _clause_closed(text, found[j][2])):
                    spans.append((found[i][1], found[j][2]))
                    break
                if lower[j] in STOPWORDS and lower[j] not in DETERMINERS | {"few", "other", "one", "two", "three"}:
                    break
        elif word in ("like", "as", "for", "to"):
            clause = clause_of(i)
            saying = [k for k in clause if k < i and lower[k] in SAYING]
            if not saying:
                continue
            # said of the verb of saying, not inside a clause it opens: "explain how IVIG works for children" and
            # "tell me if IVIG will make me feel like I have the flu" ask about children and the flu; only a likeness
            # of a lay reader ("… like I'm 12") is how to answer wherever it stands
            attached = not any(lower[k] in _OPENERS for k in range(saying[-1] + 1, i))
            last = clause.stop - 1
            if word == "as" and not (i + 1 < len(lower) and lower[i + 1] in ("if", "though")):
                continue
            if word in ("like", "as"):
                after = i + (2 if word == "as" else 1)
                # to the clause's end, or to a clause of its own: "like I'm five | whether IVIG treats eczema"
                end = next((k - 1 for k in range(after + 1, last + 1) if lower[k] in _OPENERS), last)
                if after <= last and (_lay_likeness(lower[after:end + 1]) or attached and (
                        lower[after] in _SUBJECTS or lower[after] in DETERMINERS)):
                    spans.append((found[i][1], found[end][2]))
            elif attached and last > i and _audience(lower[i + 1:last + 1]) and _clause_closed(text, found[last][2]):
                spans.append((found[i][1], found[last][2]))
    return spans


_NUMBERS = frozenset("""
one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen
nineteen twenty
""".split())
_BEING = re.compile(r"(i'?m|i (am|was|were)|you'?re|you (are|were)) ")


def _lay_likeness(words: list[str]) -> bool:
    """Whether the words after "like"/"as if" liken the reader to a lay one: "I'm five", "I am a 12 year old", "I'm a
    beginner", "you're talking to a child"; not "I have the flu"."""
    said = " ".join(words) + " "
    being = _BEING.match(said)
    if not being:
        return False
    rest = said[being.end():].split()
    return bool(rest) and (rest[0] in _NUMBERS or rest[0].isdigit() or _audience(rest))


def _audience(words: list[str]) -> bool:
    """Whether the words after "for"/"to" name one lay reader: a word for one ("a beginner", "dummies"), an age ("a 10
    year old"), or one person ("my mum", "a child"). A group ("children", "the elderly") may be who it is about."""
    head = [w for w in words if w not in DETERMINERS and not w.isdigit() and w not in STOPWORDS]
    if not head:
        return False
    one = words[0] in ("a", "an", "my", "your", "our", "his", "her", "their") and head[-1] in PEOPLE
    aged = head[-1] == "old" and all(w in _AGE for w in head[-2:]) or re.fullmatch(r"\d+-?(year|yr)s?-old", head[-1])
    return head[-1] in AUDIENCE or one or bool(aged)


def without_manner(text: str) -> str:
    """`text` without its phrases of manner: "What is IVIG, in plain words?" -> "What is IVIG?"."""
    for start, end in reversed(manner_spans(text)):
        before, after = text[:start].rstrip(), text[end:].lstrip()
        if before.endswith(",") and (not after or after[0] in "?.!,;:"):
            before = before[:-1]                     # the comma that set the phrase off goes with it
        elif after.startswith(",") and (not before or before[-1] in ".?!"):
            after = after[1:].lstrip()
        if not before:
            after = after[:1].upper() + after[1:]
        text = before + (" " if before and after and after[0].isalnum() else "") + after
    return text


# "Explain IVIG", "Can you describe how IVIG works?", "Please tell me why…": a request opened by a verb of saying
# (`_REQUESTING`), with its politeness and its listener. The verb says how to answer: matched as a word, "explain"
# found "The mechanism explains IVIG's fastest onset…".
_REQUEST = re.compile(r"^\s*(?:(?:please|kindly|so|ok|okay)\b[\s,]*)?(?:(?:can|could|would|will)\s+(?:you|u)\s+"
                      r"(?:please\s+)?)?(?P<verb>[A-Za-z]+)\b\s*(?P<listener>(?:to\s+)?(?:me|us)\b\s*)?", re.I)
_WH = frozenset("what how why when where which who".split())
# The verbs of saying that open a request in the imperative; not "put" ("Put simply, …") nor "say" ("say hi")
_REQUESTING = frozenset("explain describe tell define summarise summarize simplify clarify".split())
# An object that names nothing: "Tell me more", "Explain it again", "Explain please" (read as they are, with the
# conversation)
_NO_OBJECT = frozenset("""
more it this that these those them everything something anything all again please further
""".split())
_TRAILING_LISTENER = re.compile(r"\s+to\s+(?:me|us)\s*([.?!]*)\s*$", re.I)


def request_as_question(text: str) -> str:
    """A request opened by a verb of saying, read as the question it asks: its wh-clause ("Explain how IVIG works in
    ITP" -> "How IVIG works in ITP"), or "What is …?" for its object ("Explain IVIG" -> "What is IVIG?",
    "Describe to me the usual dose" -> "What is the usual dose?"). Left as it is: any other text, a request whose
    object names nothing ("Tell me more"), an if/whether clause ("Tell me if IVIG is safe": a yes/no question
    already), "tell" without its listener ("Tell my doctor…"), and "Tell me about X" (`request_frame`'s)."""
    match = _REQUEST.match(text)
    if not match or match["verb"].lower() not in _REQUESTING:
        return text
    if match["verb"].lower() == "tell" and not match["listener"]:
        return text
    rest = _TRAILING_LISTENER.sub(r"\1", text[match.end():].strip())
    if re.search(r"[.?!]\s+\S", rest):
        return text                        # one sentence only: a longer message is split and read elsewhere
    first = rest.split(maxsplit=1)[0].lower().strip(".,?!") if rest else ""
    if not rest or not rest[0].isalnum() or first in {"about", "on", "regarding", "if", "whether"} \
            or first in _NO_OBJECT:
        return text
    if first in _WH:
        return rest[:1].upper() + rest[1:]
    return "What is " + rest.rstrip(" .!?") + "?"
