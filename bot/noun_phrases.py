"""The whole noun phrase a question names around a word, and that phrase said as an action ("missing an IVIG
infusion" for "miss"). Which words are verbs comes from `verb_frame`."""
from __future__ import annotations

import re
from typing import Callable, Sequence

from .subject_runs import is_adjective
from .terms import ASKING, INTENT, QUESTION_TYPES, STOPWORDS
from .verb_frame import BE, LEADS, VERB_ZIPF_GAP, gerund, tokens, verb_positions, verb_words


def phrase_around(text: str, named: Sequence[str], is_name: Callable[[str], bool] = lambda w: False) -> tuple[int, int]:
    """The span of the whole noun phrase of `text` that holds the first of the `named` words: the words next
    to it up to a stop word, punctuation, a verb, a word of the question's type ("dose", "inherited") or the
    treatment's name, and at most one word of asking before them ("long" in "long COVID"; such words also
    ask: "how long"). One after them is left out: it is the head the subject words modify ("ITP patients": a
    follow-up about MG keeps "patients").
    (start, end) character offsets; (0, 0) when no named word is in the text."""
    found = tokens(text)
    wanted = {w.lower() for w in named}
    at = next((i for i, (w, _, _) in enumerate(found) if w.lower() in wanted), None)
    if at is None:
        return 0, 0
    verbs = verb_positions(text, is_name)

    def joined(i: int) -> bool:                  # words i and i + 1 are next to each other in one clause
        return bool(re.fullmatch(r"\s+", text[found[i][2]:found[i + 1][1]]))

    def part(i: int, asking: bool) -> bool:
        word = found[i][0].lower()
        if word in wanted:
            return True
        if word in STOPWORDS or i in verbs or is_name(word) or word in INTENT or word in QUESTION_TYPES:
            return False
        # a word of asking leads a noun phrase after a preposition or a determiner ("for long COVID"), not
        # after "to" ("used to treat cancer")
        return (word in ASKING) == asking and (not asking or i == 0 or found[i - 1][0].lower() in LEADS)

    def predicate(i: int) -> bool:
        # adjectives come before their noun, so one after the phrase, led by a form of "be" and leading a
        # preposition, is said of it: "Gamunex different" in "How is Gamunex different from regular IVIG?". Not
        # one that ends the question: names end so ("What is (are) Osteopetrosis autosomal recessive 7 ?").
        leads = i + 1 < len(found) and joined(i) and found[i + 1][0].lower() in STOPWORDS
        return leads and is_adjective(found[i][0]) and any(w.lower() in BE for w, _, _ in found[:at])

    start = end = at
    for asking in (False, True):
        while start > 0 and joined(start - 1) and part(start - 1, asking):
            start -= 1
            if asking:
                break
        while not asking and end + 1 < len(found) and joined(end) and part(end + 1, asking) \
                and not predicate(end + 1):
            end += 1
    return found[start][1], found[end][2]




def noun_phrases(text: str, named: Sequence[str], is_name: Callable[[str], bool] = lambda w: False) -> list[str]:
    """The noun phrases of `text` holding the `named` words, each once, in the order named: "multiple
    sclerosis" for "sclerosis", "brain fog" for "fog". A named word that is the question's verb or a word of
    its type is left out when another is left ("fix" in "can it fix asthma?", "inherited" in "Is X
    inherited?"); a word not found stands for itself."""
    asking = {w.lower() for w in verb_words(text, is_name)} | INTENT | QUESTION_TYPES
    named = [w for w in named if w.lower() not in asking] or list(named)
    out: list[str] = []
    for word in named:
        start, end = phrase_around(text, [word], is_name)
        phrase = as_action(text, text[start:end], is_name) if end else word
        if not any(phrase.lower() in p.lower() for p in out):
            out = [p for p in out if p.lower() not in phrase.lower()] + [phrase]
    return out


_OBJECT_PRONOUNS = frozenset("me him her them us".split())
# A determiner of the asker's own is the reader's in a reply: "skipping your infusion"
_YOURS = {"my": "your", "our": "your", "i": "you", "me": "you", "mine": "yours"}
_OBJECT_LEADS = frozenset("a an the my our your his her their this that these those".split())

def as_action(text: str, phrase: str, is_name: Callable[[str], bool] = lambda w: False) -> str:
    """`phrase` (a span of `text`) said as an action when it starts with a verb of the question: its -ing form and,
    when the verb stands alone, its object ("missing an IVIG infusion" for "miss" in "What happens if I miss an
    IVIG infusion?", "gaining weight" for "make me gain weight"). The verb is one by the question's frame
    (`verb_positions`), or a bare verb after an object pronoun ("let him | play") or "to" ("ok to | fly"), whose
    -ing form English uses nearly as often (`gerund`: "to school" is no verb). `phrase` unchanged otherwise."""
    found = tokens(text)
    at = next((i for i, (_, a, _) in enumerate(found) if text[a:].startswith(phrase)), None)
    if at is None or not phrase:
        return phrase
    verb = found[at][0]
    verbs = verb_positions(text, is_name)
    # a verb by the frame, a bare verb after an object pronoun ("let him | play") or an infinitive ("ok to | fly")
    framed = at in verbs
    slot = framed or (at and found[at - 1][0].lower() in _OBJECT_PRONOUNS | {"to"})
    ing = gerund(verb, None if framed else VERB_ZIPF_GAP) if slot and verb.lower() not in STOPWORDS else ""
    if not ing:
        return phrase
    rest = phrase[len(verb):]
    if not rest.strip():
        # its object: determiners, then the words of one noun phrase, up to a stop word or a clause mark
        words, i = [], at + 1
        while i < len(found) and re.fullmatch(r"\s+", text[found[i - 1][2]:found[i][1]]):
            word = found[i][0]
            lower = word.lower()
            if lower in _OBJECT_LEADS and not any(w.lower() not in _OBJECT_LEADS for w in words):
                words.append(_YOURS.get(lower, word))
            elif lower not in STOPWORDS and i not in verbs:
                words.append(word)
            else:
                break
            i += 1
        while words and words[-1].lower() in _OBJECT_LEADS | set(_YOURS.values()):
            words.pop()
        rest = " " + " ".join(words) if words else ""
    return ing + rest
