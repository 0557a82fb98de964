"""Everyday phrases that mean one word of the documents: "sick to my stomach" (nausea), "throw up" (vomiting),
"straight away" (immediately), "tummy ache" (abdominal). The phrase's words alone are unknown to the corpus or mean
something else; the phrase as a whole means the corpus word (synonyms.Neighbours.phrase, by the model and the
corpus's word vectors computed at index time). A compound that names another thing ("belly button", "pink eye",
"kidney stones", "sore throat") means its own words more than any corpus word, and stays unknown.

Only the question's own wording is read: spans of two to SPAN words of one clause around a word the corpus lacks,
that neither start nor end with a stop word (a particle may end one: "throw up"). A name (a capitalised word
mid-sentence, an acronym) is never paraphrased: it names what it names; nor is a topic's name before a word the
corpus knows ("flu shot"), which bot/modifiers.py reads.
"""
from __future__ import annotations

from typing import Collection, Sequence

from index.accents import fold

from .synonyms import RELATED_NEAR
from .specificity import is_name, is_specific
from .subject_runs import DETERMINERS
from .terms import STOPWORDS, clauses, content_words, words
from .topic_lists import is_topic

SPAN = 4
# Particles that end a phrasal verb ("throw up", "pass out", "wear off"): the phrase's meaning is in them
PARTICLES = frozenset("up down out off over away".split())


def spans(clause_words: list[str], at: int) -> list[list[str]]:
    """The spans of 2..SPAN words of `clause_words` that hold the word at `at`, longest last."""
    found = []
    for size in range(2, SPAN + 1):
        for start in range(max(0, at - size + 1), min(at, len(clause_words) - size) + 1):
            span = clause_words[start:start + size]
            first, last = span[0].lower(), span[-1].lower()
            if first in STOPWORDS or (last in STOPWORDS and last not in PARTICLES):
                continue
            found.append(span)
    return found


def pairs(passages: Sequence[str]) -> list[str]:
    """The two-word phrases of `passages`: adjacent words of one clause, neither a stop word ("abdominal pain")."""
    found = []
    for text in passages:
        for clause in clauses(fold(text)):
            tokens = [w for w in words(clause)]
            found += [f"{a} {b}" for a, b in zip(tokens, tokens[1:])
                      if a.lower() not in STOPWORDS and b.lower() not in STOPWORDS]
    return found


def paraphrased(question: str, unknown: Collection[str], neighbours, passages: Sequence[str] = (),
                documents: Sequence[str] = ()) -> dict[str, tuple[str, ...]]:
    """{word of `unknown`: the corpus words a phrase around it means} for the words of `question` that such a
    phrase explains; `neighbours`: synonyms.Neighbours (None: nothing is paraphrased); `passages`: the best passages,
    whose two-word phrases are compared too when no corpus word fits (`pairs`); `documents`: the whole texts of their
    documents, whose runs shaped like the phrase are (`mirrors`; the passages when none)."""
    if neighbours is None or not unknown:
        return {}
    unknown = {w.lower() for w in unknown}
    found: dict[str, tuple[str, ...]] = {}
    for clause in clauses(fold(question)):
        tokens = words(clause)
        for i, word in enumerate(tokens):
            lower = word.lower()
            if lower not in unknown or lower in found or word.isupper() or is_name(word, sentence_start=i == 0):
                continue
            # a topic's name before a word the corpus knows qualifies it ("flu shot"): bot/modifiers.py decides
            # whether it is a detail, and "Do you have information about Flu Shot" stays about the flu shot
            after = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
            if (is_topic(word) or is_specific(word)) and after and after not in unknown and after not in STOPWORDS:
                continue
            for span in spans(tokens, i):
                own = [w for w in span if w.lower() not in STOPWORDS]
                means = neighbours.phrase(" ".join(span), own) or _among(
                    " ".join(span), own, [w for w in span if w.lower() in unknown], neighbours, passages, documents)
                if means:
                    for w in span:
                        if w.lower() in unknown:
                            found.setdefault(w.lower(), tuple(m for m, _ in means))
                    break
    return found


def mirrors(passages: Sequence[str], span: Sequence[str], lacking: Collection[str]) -> list[str]:
    """Runs of the passages' words shaped like `span`: as many words, within one clause, with each of its known
    subject words in its place (as written or plural), the same stop word where it has one (or another determiner:
    "my" is "your" in the documents' voice), and another word where it has a lacking one: "Testing your blood" for
    "check my blood", not "effects during IVIG infusions" for "miss an IVIG infusion". None when the span has no known subject word to place (a
    word of asking places nothing: "used for psoriasis" is no "used in treatment"), or when a lacking word is a name
    or a health topic's (it names what it names)."""
    lacking = {w.lower() for w in lacking}
    if any(is_topic(w) or is_specific(w) for w in lacking):
        return []
    places = [(i, w.lower().removesuffix("s")) for i, w in enumerate(span)
              if w.lower() not in lacking and content_words(w)]
    stops = [(i, w.lower()) for i, w in enumerate(span) if w.lower() in STOPWORDS]
    slots = [i for i, w in enumerate(span) if w.lower() in lacking]
    if not places or not slots or len(places) + len(stops) + len(slots) < len(span):
        return []
    n, found = len(span), []
    for text in passages:
        for clause in clauses(fold(text)):
            tokens = words(clause)
            lower = [w.lower() for w in tokens]
            for start in range(len(tokens) - n + 1):
                if all(lower[start + i].removesuffix("s") == w for i, w in places) \
                        and all(_same_kind(lower[start + i], w) for i, w in stops) \
                        and all(lower[start + i] not in STOPWORDS | lacking for i in slots):
                    found.append(" ".join(tokens[start:start + n]))
    return list(dict.fromkeys(found))


def _same_kind(found: str, wanted: str) -> bool:
    """Whether a passage's stop word stands where the phrase's does: the same word, or both determiners."""
    return found == wanted or (found in DETERMINERS and wanted in DETERMINERS)


def _among(text: str, own: list[str], lacking: list[str], neighbours, passages: Sequence[str],
           documents: Sequence[str] = ()) -> tuple[tuple[str, float], ...]:
    """`neighbours.phrase_among` the passages' runs shaped like the phrase (`mirrors`: "testing your blood" for "check
    my blood", which no corpus word nor two-word phrase is near), else their two-word phrases that hold a corpus word
    near one of the phrase's words the corpus lacks (`lacking`): "pain" for "ache" in "back ache" ("back pain"); none
    for "miss" in "miss an IVIG", whose known word alone would match "IVIG infusions"."""
    if not passages:
        return ()
    # a mirror shares the phrase's known words in their places, so only the whole is compared: it must still be
    # PHRASE_GAIN nearer the phrase than any of the phrase's own words is to it ("blood" ~ "testing your blood" 0.63,
    # "check my blood" 0.78; "filter my blood" 0.70, "draw my blood" 0.66 are not)
    # (in the whole documents: the sentence that says it need not be in the best passages, which the patient's own
    # wording found)
    mirrored = mirrors(documents or passages, text.split(), lacking)
    found = neighbours.phrase_among(text, own, mirrored, aligned=False) if mirrored else ()
    if found:
        return found
    near = set().union(*(neighbours.near_words(w, RELATED_NEAR) for w in lacking))
    candidates = [p for p in pairs(passages) if any(w.lower() in near for w in p.split())]
    return neighbours.phrase_among(text, own, candidates) if candidates else ()
