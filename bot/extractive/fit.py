"""A candidate's score from the embedding model: how well it fits the question's type and what it asks.

The type fit comes from a model learned from MedQuAD (bot/qtype.py); what is asked is the question's frame
(its subject masked, `framing.frame`), compared with the sentence and with the sentence's own frame; a heading
close to the question lifts the sentences under it. The candidates' vectors are cached per chunk.
"""
from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType
from typing import Mapping, NamedTuple

import numpy as np

from index.embedding import load_embedder, split_variant
from index.vectorstore import IndexView

from ..qtype import load as question_types
from ..retrieval import RecentQueries
from ..types import Hit
from .framing import frame, leave_out, named_terms
from .units import CACHED_CHUNKS, key

TYPE_WEIGHT = 0.4            # the learned type fit (log lift over the candidates' mean, -1..1) counts this much
                             # (0.4-0.6 swept on the team set after the coverage merge: 0.8529, 0.848, 0.848 fact recall)
FRAME_WEIGHT = 0.75          # ...and the cosine of the question's frame (its subject masked, see `frame`) with
                             # the sentence, centred on their mean, this much. It replaces the whole question's
                             # cosine (0.25 before), which was mostly the subject: beside it, "How fast does IVIG
                             # work in ITP?" still opened with how long the effects last. Swept on the team set:
                             # 0.5 / 0.75 / 1.0 gave fact recall 0.8824 / 0.8922 / 0.8824 (patients 0.9167 /
                             # 0.9722 / 0.9722). That sweep embedded the frame's text; the frame is now pooled
                             # from the question's own run (`_frame_vector`) and the weight was not swept again.
# The question's frame is compared with each sentence's own frame (`_unit_frame_vectors`: its names masked too) as
# well as with the whole sentence, this much: a sentence naming the question's subject ("no treatment is approved for
# long COVID") matched every question about it, whatever was asked. Swept on the tune sets (tests/data/
# openings_tune.jsonl, long_messages.jsonl, the tune half of eval/unseen.jsonl) and the team set: 0 / 0.3 / 0.4 / 0.45
# / 0.5 / 0.6 / 1.0 gave the team set's fact recall 0.8922 / 0.8873 / 0.9069 / 0.9118 / 0.9118 / 0.9216 / 0.9118 and
# openings 0.7549 / 0.7647 / 0.7941 / 0.7941 / 0.7647 / 0.7451 / 0.7451; the long messages' openings 0.6818 / 0.7273
# / 0.7727 / 0.7273 / 0.7273 / 0.7273 / 0.5909; the tune half's stayed 0.8182. The sentence's frame read as a statement
# (no "?") instead: patients' openings 0.7778 -> 0.6667.
SENTENCE_FRAME = 0.45
HEADING_WEIGHT = 0.25        # ...and the cosine of the whole question with the heading a sentence stands under,
                             # centred on the candidates', this much. Swept on the tune half of eval/unseen.jsonl
                             # and the team set: 0 / 0.25 / 0.5 / 1.0 gave openings with a fact 0.7727 / 0.8182 /
                             # 0.7727 / 0.7273 (tune) and fact recall 0.8873 / 0.8922 / 0.902 / 0.8824 (team;
                             # openings 0.7353 / 0.7353 / 0.7353 / 0.6765)


class Fit(NamedTuple):
    """What the model says of each candidate, by (doc_id, start, end): `bonus` for fitting the question's
    type and frame (see `learned`), `stated` the cosine of the whole question with it, `vectors` its vector."""

    bonus: dict
    stated: dict
    vectors: dict
    # (type lift, frame cosine, heading cosine), each centred, for the opening's ranker; read-only, so the default
    # (no candidates) can be one shared empty mapping
    parts: Mapping = MappingProxyType({})


class SentenceModel:
    """The model's view of one index's candidates. `units`: a chunk's units (a callable, cached by the caller)."""

    def __init__(self, stored: IndexView, units, embedder=None):
        """`embedder`: the bot's (the index's model); None loads that model on first use."""
        self.stored = stored
        self.stem = stored.lexical.stem
        self.units = units
        self._embedder = embedder
        # Per chunk, bounded: an index of millions of chunks must not fill the memory over time.
        self._vectors = lru_cache(maxsize=CACHED_CHUNKS)(self._unit_vectors)
        self._heading_vectors = lru_cache(maxsize=CACHED_CHUNKS)(self._unit_heading_vectors)
        self._frame_vectors = lru_cache(maxsize=CACHED_CHUNKS)(self._unit_frame_vectors)

    @property
    def embedder(self):
        if self._embedder is None:
            self._embedder = RecentQueries(load_embedder(self.stored.manifest.get("model")))
        return self._embedder

    def _unit_vectors(self, chunk) -> np.ndarray:
        return self.embedder.encode([unit.text for unit in self.units(chunk)])

    def _unit_frame_vectors(self, chunk) -> np.ndarray:
        """Per unit, the vector of what it says without what it is about (`frame` of its text: its names become
        "it", and it reads as the question it answers)."""
        stem = self.stem
        texts = [frame(u.text, stem, named_terms(u.text, stem)) for u in self.units(chunk)]
        return self.embedder.encode(texts)

    def _unit_heading_vectors(self, chunk) -> np.ndarray:
        """Per unit, its heading's vector (zeros for a unit under no heading)."""
        units = self.units(chunk)
        headings = list(dict.fromkeys(unit.heading for unit in units if unit.heading))
        if not headings:
            return np.zeros((len(units), self.embedder.dimension), dtype=np.float32)
        found = dict(zip(headings, self.embedder.encode(headings)))
        zero = np.zeros_like(next(iter(found.values())))
        return np.vstack([found.get(unit.heading, zero) for unit in units])

    def learned(self, query: str, hits: list[Hit], named: frozenset = frozenset(), asked: str | None = None) -> Fit:
        """Per candidate (doc_id, start, end): the bonus for fitting the question's type and the question's
        frame, each centred on the candidates' mean, so that only the order among them changes; and the
        cosine of the whole question with it. Empty when the type model reads another embedding model's
        vectors than this index's. `asked`: the question of a message that tells a story around it
        (`framing.told_spans`): the frame is that question's own."""
        types = question_types()
        if split_variant(self.embedder.name)[0] != types.model:
            return Fit({}, {}, {})
        units = [unit for hit in hits for unit in self.units(hit.chunk)]
        if not units:
            return Fit({}, {}, {})
        vectors = np.vstack([self._vectors(hit.chunk) for hit in hits])
        question = self.embedder.encode_query(query)     # the bot's embedder remembers the retriever's
        # The type fit as a lift over the candidates' mean: a flat type guess (a question MedQuAD has no
        # type for) lifts nothing; a sure one lifts the sentences of that type, however few fit well. (The
        # frame's vector here instead of the question's cost facts: team 0.8578, patients 0.8611.)
        fit = types.fit(question, vectors)
        lift = np.clip(np.log(np.maximum(fit, 1e-6) / max(float(fit.mean()), 1e-6)), -1.0, 1.0)
        # The whole question's cosine is mostly its subject ("IVIG", "ITP"), which the passages share and
        # a sentence restating it wins; its frame's ("How fast does it work in it?") says what is asked of
        # the subject: "begin rising within 24 hours" (onset), not "lasting days to weeks" (duration).
        # A story's frame is the story ("I am 72 with heart failure"): the question's own run says what is asked
        # (one more model run, on its sentence alone). Pooling the message's run without the story's words
        # instead kept the story's context (team set 0.7451 openings either way; patients' fact recall 0.9722 ->
        # 0.9167: "Is IVIG used to treat myasthenia gravis?" after "... diagnosed with MG ...").
        asks = self._frame_vector(asked, None, named) if asked else self._frame_vector(query, question, named)
        framed = ((1 - SENTENCE_FRAME) * vectors + SENTENCE_FRAME * np.vstack([self._frame_vectors(hit.chunk)
                                                                             for hit in hits])) @ asks
        bonus = TYPE_WEIGHT * lift + FRAME_WEIGHT * (framed - framed.mean())
        # A page's headings often ask the question its section answers ("How Is IVIG Produced?"): the sentences
        # under the heading closest to the question answer it, whichever words they use
        headings = np.vstack([self._heading_vectors(hit.chunk) for hit in hits])
        under = np.abs(headings).sum(axis=1) > 0
        heading = np.zeros(len(units))
        if under.any():
            near = headings @ question
            heading = np.where(under, near - near[under].mean(), 0.0)
            bonus = bonus + HEADING_WEIGHT * heading
        keys = [key(u) for u in units]
        parts = zip(map(float, lift), map(float, framed - framed.mean()), map(float, heading))
        return Fit(dict(zip(keys, map(float, bonus))), dict(zip(keys, map(float, vectors @ question))),
                   dict(zip(keys, vectors)), dict(zip(keys, parts)))

    def nearest(self, query: str, hits: list[Hit], read: list[Hit], count: int) -> list[Hit]:
        """The `hits` not in `read`, from a document `read` comes from, holding one of the `count` sentences of `hits`
        nearest `query` by the model (cosine), in their order."""
        hits = [hit for hit in hits if self.units(hit.chunk)]
        if count <= 0 or not hits:
            return []
        vectors = np.vstack([self._vectors(hit.chunk) for hit in hits]) @ self.embedder.encode_query(query)
        owner = [i for i, hit in enumerate(hits) for _ in self.units(hit.chunk)]
        near = {owner[i] for i in np.argsort(-vectors, kind="stable")[:count]}
        chunks, documents = {hit.chunk for hit in read}, {hit.chunk.doc_id for hit in read}
        return [hit for i, hit in enumerate(hits)
                if i in near and hit.chunk not in chunks and hit.chunk.doc_id in documents]

    def _frame_vector(self, query: str, question: np.ndarray | None, named: frozenset) -> np.ndarray:
        """The vector of what the question asks: its own model run pooled without its subject's words
        (free: the run is remembered from retrieval), else the frame's text embedded (a second run).
        `question`: the query's vector, if known."""
        pooled = getattr(self.embedder, "encode_query_without", None)
        vector = pooled(query, leave_out(query, self.stem, named)) if pooled else None
        if vector is not None:
            return vector
        asked = frame(query, self.stem, named)
        if asked == query and question is not None:
            return question
        return self.embedder.encode_query(asked)
