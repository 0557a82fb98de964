"""A word's derivational family in the corpus: "surgical" for "surgery", "pregnancy" for "pregnant", "allergic" for
"allergy" (vocabulary.Vocabulary.related reads it).

The stemmer joins a word's inflections ("infusions", "infused"), never its derivations: Snowball stems "surgery" to
"surgeri" and "surgical" to "surgic". So a word and a corpus word are of one family when English's derivational
suffixes (`SUFFIXES`, a closed class of its morphology), taken off each at most twice, leave the same root of at
least `ROOT_MIN` letters; and, since a shared root is not a shared meaning ("person" and "personal", "form" and
"formal"), the embedding model must put the two words at a cosine of at least `FAMILY_NEAR`. Measured with the bundled
model: close families 0.82-0.94 ("surgery"/"surgical" 0.94, "diabetes"/"diabetic" 0.86, "allergy"/"allergic" 0.82),
looser ones below ("infuse"/"infusion" 0.69, which the stemmer joins anyway, "nerve"/"nervous" 0.61), roots shared
by chance 0.23-0.54 ("general"/"generate" 0.23, "personal"/"person" 0.35, "relative"/"relation" 0.54).

A verb's inflection comes off first (`INFLECTIONS`): the stemmer joins "reacts" to "react", but a corpus that writes
only "reaction(s)" has no "react", so "What do they do if someone reacts?" found no word of its family (holdout5).
A word is filed under its root both with and without it, so a family only gains members: "reacts", "reacted" and
"reacting" find "reaction" (cosines 0.80, 0.76, 0.75); the cosine bar still keeps "treats" from "treatment" (0.37).
"""
from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterable

# English's derivational suffixes (and the plural a name may keep: "diabetes"), longest first when taken off
SUFFIXES = tuple(sorted("""
ically ical ation ition ative ities ity ery ry ic ics al ial ally y ion ions ive ant ancy ance ent ence ency ous ism
ist ists ize ise ment ness able ible ia es
""".split(), key=len, reverse=True))
ROOT_MIN = 4
FAMILY_NEAR = 0.7
# a verb's inflections, and the letters before an -s that make it no plural or third person ("illness", "virus",
# "dialysis")
INFLECTIONS = ("ing", "ed", "s")
NOT_BEFORE_S = ("s", "u", "i")


def root(word: str) -> str:
    """`word` (lower case) with up to two derivational suffixes taken off, keeping ROOT_MIN letters: "surgery" ->
    "surg", "surgical" -> "surg", "transplantation" -> "transpl"."""
    word = word.lower()
    for _ in range(2):
        suffix = next((s for s in SUFFIXES if word.endswith(s) and len(word) - len(s) >= ROOT_MIN), "")
        if not suffix:
            break
        word = word[:-len(suffix)]
    return word


def uninflected(word: str) -> str:
    """`word` (lower case) without a verb's inflection, keeping ROOT_MIN letters: "reacts" -> "react", "reacted" ->
    "react", "swelling" -> "swell"; the word itself when it has none."""
    for ending in INFLECTIONS:
        base = word[:-len(ending)]
        if word.endswith(ending) and len(base) >= ROOT_MIN and not (ending == "s" and base.endswith(NOT_BEFORE_S)):
            return base
    return word


def roots(word: str) -> set[str]:
    """The roots `word` is filed under: with its inflection and without (module doc)."""
    word = word.lower()
    return {root(word), root(uninflected(word))}


class Families:
    """The corpus words by root, to find a word's family among them."""

    def __init__(self, words: Iterable[str]):
        self.by_root: dict[str, list[str]] = defaultdict(list)
        for word in words:
            if word.isalpha():
                for key in roots(word):
                    self.by_root[key].append(word)

    def of(self, word: str, similarity: Callable[[str, str], float]) -> list[str]:
        """The corpus words of `word`'s family (module doc), nearest first; `similarity`: the model's cosine."""
        key = word.lower()
        if not key.isalpha() or len(key) <= ROOT_MIN:
            return []
        kin = dict.fromkeys(w for r in sorted(roots(key)) for w in self.by_root.get(r, ()) if w != key)
        scored = [(w, similarity(key, w)) for w in kin]
        return [w for w, s in sorted(scored, key=lambda pair: -pair[1]) if s >= FAMILY_NEAR]


# English's prefixes of time and repetition (a closed class of its morphology): "premedication" is medication given
# before, "reinfusion" an infusion again. The model does not see the base in such a word ("premedication" to
# "medication" 0.32, "pretreatment" to "treatment" 0.30, both below FAMILY_NEAR), so the base is read by its spelling:
# at least PREFIXED_BASE_MIN letters, and only in a word English does not use by itself (Zipf < PREFIXED_ZIPF), which
# keeps "research" (5.4), "present", "prevent", "reaction", "remission" (3.2) as the words they are.
# Only "pre": "post-" and "re-" name another thing than their base as often as not ("postsurgical pain",
# "reinfection", "rebleeding", and by stem "recombinant" -> "combination"), and read as known they let the documents'
# surgery, infection and combination-therapy sentences answer questions they never discuss (review of round 14).
PREFIXES = ("pre",)
PREFIXED_BASE_MIN = 6
PREFIXED_ZIPF = 3.0


def unprefixed(word: str, known: Callable[[str], bool], zipf: Callable[[str], float]) -> str:
    """The corpus word `word` (lower case) is made of by a prefix of time or repetition (`PREFIXES`), as `known` says
    (the corpus writes it, by stem): "premedication" -> "medication", "pretreatment" -> "treatment"; "" otherwise."""
    if "-" in word or zipf(word) >= PREFIXED_ZIPF:
        return ""
    for prefix in PREFIXES:
        base = word[len(prefix):]
        if word.startswith(prefix) and len(base) >= PREFIXED_BASE_MIN and known(base):
            return base
    return ""
