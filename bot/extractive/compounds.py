"""A question's compound terms read as wholes: "side effects" is matched by a sentence saying "side effects" or what
it means ("adverse reactions"), never by "effects" alone.

"What are the side effects of IVIG in ITP?" opened with "The effects of IVIG are typically transient, lasting days to
weeks", which is about how long the treatment works: its "effect" was the question's term. The corpus's compounds
come from the index (index/compounds.py); one whose head alone means it by the model ("covid" for "long covid",
HEAD_NEAR) is left as two words. For each other one the question writes, every candidate's terms are rewritten
before scoring: a candidate holding the compound, or a paraphrase of it, holds both its terms; one holding the head
alone ("effects") does not hold it; the modifier alone ("side", "platelets" for "platelet counts") still counts, as
part of what is asked. The heading and title a candidate stands under are read the same way ("Duration of Effect").

A paraphrase is a corpus word the model reads the compound as a whole to mean (synonyms.Neighbours.phrase), or one of
SAID_OTHERWISE, which the model provably misses.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

import numpy as np

from index import compounds as corpus_compounds
from index import vocabulary as corpus_vocabulary
from index.accents import fold
from index.vectorstore import IndexView

from ..synonyms import NEAR, Neighbours
from ..terms import ASKING, INTENT
from .units import Unit

# What a compound is written as in plain clinical English that the bundled model does not bring near it: its cosine
# to "side effects" is 0.20 for "reactions", 0.26 "reaction", 0.14 "infusion reactions", 0.11 "complication",
# 0.46 "complications", 0.46 "adverse events", 0.43 "risks" (near words need 0.6; "symptoms", which is no side
# effect, has 0.51). "risks": the long-COVID page lists IVIG's as "genuine risks including blood clots, kidney
# strain, and severe headaches" and never says "side effects" there (synonyms.LAY_TERMS reads "adverse events" so too).
# Not "reactions" alone: "Symptoms of an allergic reaction include…" then opened "What are the side effects of IVIG?"
# (one kind of side effect, not the list of them); "infusion reactions" are what the ITP page calls them. Nor "risks"
# alone (stems: "risk"): "with real cost and risk" and "Whether the risks are justified" then opened "what are the
# side effects?" after a long-COVID question; "risks including …" (also "risks include") introduces them.
SAID_OTHERWISE = {
    "side effects": ("adverse effects", "adverse reactions", "adverse events", "infusion reactions", "complications",
                     "risks including"),
}
# A head at least this near its compound by the model names it alone ("covid" in the long-COVID page): the bot's
# nearness of words (synonyms.NEAR)
HEAD_NEAR = NEAR
EXTRA_PASSAGES = 2         # passages read beyond the composer's best ones for a compound of the subject's (`saying`)
ASKED = ASKING | INTENT
CACHED_TEXTS = 8192        # texts whose word pairs are remembered: bounded for any index size
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")     # "side-effect" is the run "side effect"


@dataclass(frozen=True)
class Compound:
    """A compound a question writes: its terms (modifier, head) and the term runs that say it otherwise."""

    terms: tuple[str, str]
    paraphrases: tuple[tuple[str, ...], ...] = ()


class CompoundReading:
    """Which compounds of the corpus a question writes, and candidates' terms read with them."""

    def __init__(self, stored: IndexView, embedder=lambda: None):
        """`embedder`: a callable giving the index's model (loaded on first need), for the paraphrases it reads."""
        self.stored = stored
        self.lexical = stored.lexical
        self._embedder = embedder
        self._pairs = lru_cache(maxsize=CACHED_TEXTS)(self._text_pairs)
        self._compound = lru_cache(maxsize=CACHED_TEXTS)(self._read_compound)

    @cached_property
    def runs(self) -> dict[tuple[str, str], str]:
        """{(modifier term, head term): the run as written}: stored by the build, else (an index built before
        compounds were stored) computed now from the documents."""
        found = corpus_compounds.stored(self.stored.manifest)
        if found is None:
            found = corpus_compounds.compute([f"{d.title}\n{d.text}" for d in self.stored.documents.values()])
        runs = {}
        for run in found:
            terms = tuple(self.lexical.terms(run))
            if len(terms) == 2 and terms[0] != terms[1]:
                runs.setdefault(terms, run)
        return runs

    @cached_property
    def neighbours(self) -> Neighbours | None:
        words, vectors = corpus_vocabulary.word_vectors(self.stored.manifest)
        embedder = self._embedder() if words else None
        return Neighbours(words, vectors, embedder) if embedder is not None else None

    def in_question(self, question: str) -> list[Compound]:
        """The corpus's compounds `question` writes, each once, in order."""
        if not self.runs:
            return []
        pairs = [pair for pair in self._ordered_pairs(question) if pair in self.runs]
        return [c for c in map(self._compound, dict.fromkeys(pairs)) if c is not None]

    def _head_means_it(self, run: str) -> bool:
        """Whether the compound's head alone means the compound, by the model (HEAD_NEAR): "covid" for "long covid"
        (0.80), "clots" for "blood clots" (0.89); not "effects" for "side effects" (0.66), "system" for "immune system"
        (0.50), "counts" for "platelet counts" (0.37). Without the model, no head does."""
        embedder = self._embedder()
        if embedder is None:
            return False
        compound, head = (np.asarray(embedder.encode_query(text), dtype=np.float32) for text in (run, run.split()[-1]))
        return float(compound @ head) / max(float(np.linalg.norm(compound) * np.linalg.norm(head)), 1e-9) >= HEAD_NEAR

    def _read_compound(self, pair: tuple[str, str]) -> Compound | None:
        run = self.runs[pair]
        if self._head_means_it(run):
            return None
        said = list(SAID_OTHERWISE.get(run, ()))
        if self.neighbours is not None:
            said += [word for word, _ in self.neighbours.phrase(run, run.split())]
        paraphrases = {tuple(self.lexical.terms(text)) for text in said}
        return Compound(pair, tuple(sorted(p for p in paraphrases if p and p != pair)))

    def read(self, unit: Unit, compounds: list[Compound], title: str) -> Unit:
        """`unit` with its terms (and its heading's and title's) as the `compounds` read them."""
        terms, context = set(unit.terms), set(unit.context)
        text_pairs = self._pairs(unit.text)
        around = self._pairs(unit.heading) | self._pairs(title)
        for compound in compounds:
            terms = _as_read(terms, compound, text_pairs)
            context = _as_read(context, compound, around)
        if terms == unit.terms and context == unit.context:
            return unit
        return replace(unit, terms=frozenset(terms), context=frozenset(context))

    def saying(self, rest: list, best: list, compounds: list[Compound], subject_terms: set, passage_terms) -> list:
        """Up to EXTRA_PASSAGES hits of `rest` (the hits after the `best` ones) naming the subject (`passage_terms`:
        a hit's terms) and saying one of the `compounds` or a paraphrase, when none of the `best` naming the subject
        says one: the ITP page's "infusion reactions ... a rare but serious IVIG complication" ranks seventh for
        "What are the side effects of IVIG in ITP?", below its pages on how IVIG works."""
        if not compounds or not subject_terms:
            return []

        def says(hit) -> bool:
            pairs = self._pairs(hit.chunk.text)
            return bool(subject_terms & passage_terms(hit)) and any(
                c.terms in pairs or any(_says(p, pairs) for p in c.paraphrases) for c in compounds)

        if any(says(hit) for hit in best):
            return []
        return [hit for hit in rest if says(hit)][:EXTRA_PASSAGES]

    def answering(self, ranked: list[tuple], compounds: list[Compound], least: float) -> list[tuple]:
        """`ranked` (score, unit, hit) cut to the candidates saying a compound the question asks for, when one scoring
        at least `least` does. A compound of words of asking (terms.ASKING, INTENT: "side effects") is what is asked,
        not what about: a sentence not saying it ("This combination is particularly important in emergency settings")
        answers something else. A compound naming a subject ("immune system") restricts nothing."""
        asked = [c for c in compounds if all(w in ASKED for w in self.runs[c.terms].split())]
        if not asked:
            return ranked
        saying = [item for item in ranked if item[0] >= least and self.says(item[1], asked)]
        return saying or ranked

    def says(self, unit: Unit, compounds: list[Compound]) -> bool:
        """Whether `unit`'s text says one of the `compounds` or a paraphrase of it."""
        pairs = self._pairs(unit.text)
        return any(c.terms in pairs or any(_says(p, pairs) for p in c.paraphrases) for c in compounds)

    def head_alone(self, text: str, compounds: list[Compound]) -> bool:
        """Whether `text` writes a compound's head without the compound or a paraphrase ("Duration of Effect" for
        "side effects"): read beside the question, it would say the compound and mean something else."""
        pairs = self._pairs(text)
        return any((c.terms[1],) in pairs and c.terms not in pairs and not any(_says(p, pairs) for p in c.paraphrases)
                   for c in compounds)

    def _ordered_pairs(self, text: str) -> list[tuple[str, str]]:
        stem = self.lexical.stem
        return [(stem(a), stem(b)) for clause in corpus_compounds.CLAUSE.findall(fold(text).lower())
                for found in [_WORD.findall(clause)] for a, b in zip(found, found[1:])]

    def _text_pairs(self, text: str) -> frozenset:
        """The text's adjacent word pairs, as terms, and its single terms as 1-tuples (for one-word paraphrases)."""
        pairs = self._ordered_pairs(text)
        return frozenset(pairs) | frozenset((t,) for t in self.lexical.terms(text))


def _as_read(terms: set, compound: Compound, pairs: frozenset) -> set:
    """`terms` of a text whose adjacent pairs are `pairs`: the compound's head only when the text writes the compound
    or a paraphrase of it (then its modifier too)."""
    modifier, head = compound.terms
    if compound.terms in pairs or any(_says(p, pairs) for p in compound.paraphrases):
        return terms | {modifier, head}
    return terms - {head}


def _says(paraphrase: tuple[str, ...], pairs: frozenset) -> bool:
    """Whether a text with these `pairs` writes `paraphrase` (a term, or two adjacent terms)."""
    if len(paraphrase) == 1:
        return paraphrase in pairs
    return all(pair in pairs for pair in zip(paraphrase, paraphrase[1:]))
