"""The opening sentence, chosen by a small learned ranker (a file IVIG_OPENING_MODEL names, written by `python -m
bot.train_opening --out`; the file names the sets it was trained on).

The candidates are those compose() would quote anyway (scored at least `selection.cut` of the best), and the one
the hand rules open with. Each is described by what the composer already computed (its score and the parts of it,
the model's type, frame and heading fits, its cosine with the whole question, which rule chose it) and by how
closely its words say the question's words (`LayWords`: "well-tolerated" for "handle well"). A linear model over
these, fitted as a conditional logit (one softmax per question) to the sentences that hold an expected fact,
picks the one that opens; only the opening moves, the others stay in their order. No file ships: trained on the
other sets it did not beat the rules on a set left out (`bot.train_opening` measures it), so unless
IVIG_OPENING_MODEL names a file, the rules' opening stands and nothing here is computed.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, NamedTuple

import numpy as np

import settings
from index import vocabulary as corpus_vocabulary
from index.vectorstore import IndexView

from . import scoring
from .selection import cut
from .units import Unit, is_list, key, states

MAX_CANDIDATES = 12        # the quotable candidates the ranker chooses among, best scored first
RULES = ("statement", "count", "named", "contrast", "aspect")
FEATURES = ("gap", "rank", "overlap", "prior", "first", "words", "list", "cue", "quantity", "lift", "frame",
            "heading", "stated", "off_subject", "rule_pick", *(f"{rule}_pick" for rule in RULES), "lay_mean",
            "lay_new", "yes_no_stated", "yes_no_list", "points_back")
_WORD = re.compile(r"[a-z][a-z'-]+")
_POINTS_BACK = re.compile(r"(this|that|these|those|such)\b", re.I)
# A record of each compose() call's candidates, their features and the rules' choice, while a list is set here
# (`python -m bot.train_opening` sets it); None otherwise.
RECORD: list | None = None


class Question(NamedTuple):
    """What compose() read of the question: the asked part, and whether it asks yes/no or a quantity."""

    asked: str
    yes_no: bool
    quantity: bool
    overlap: Callable       # a unit's weighted share of the question's terms (`scoring.overlap`)


@dataclass(frozen=True)
class OpeningRanker:
    features: tuple[str, ...]
    weights: np.ndarray       # per feature, on standardised features
    mean: np.ndarray
    scale: np.ndarray
    trained_on: tuple[str, ...]
    source: str

    def scores(self, rows: np.ndarray) -> np.ndarray:
        return ((rows - self.mean) / self.scale) @ self.weights


def load(path: str | None = None) -> OpeningRanker | None:
    """The ranker in `path` (default: the file settings.opening_model() names); None when none is named, the file is
    not there, or it was written for other features."""
    path = path or settings.opening_model()
    return _load(path) if path and Path(path).is_file() else None


@lru_cache(maxsize=4)
def _load(path: str) -> OpeningRanker | None:
    with np.load(path, allow_pickle=False) as data:
        names = tuple(str(f) for f in data["features"])
        if names != FEATURES:           # a file from another version of the features would misread them
            return None
        return OpeningRanker(names, data["weights"], data["mean"], data["scale"],
                             tuple(json.loads(str(data["trained_on"]))), str(data["source"]))


class LayWords:
    """How closely a sentence's words say the question's: per question word, its best cosine with a word of the
    sentence (the corpus's word vectors, computed at index time; a question word the corpus lacks is embedded once)."""

    def __init__(self, stored: IndexView, embedder, function_terms: frozenset, stem):
        words, vectors = corpus_vocabulary.word_vectors(stored.manifest)
        self.at = {w: i for i, w in enumerate(words)}
        self.vectors = vectors
        self.embedder = embedder            # a callable: the composer's model, loaded on first use
        self.function_terms = function_terms
        self.stem = stem
        self._encoded = lru_cache(maxsize=50_000)(self._encode)

    def _encode(self, word: str) -> np.ndarray:
        return np.asarray(self.embedder().encode_query(word), dtype=np.float32)

    def _vector(self, word: str) -> np.ndarray:
        at = self.at.get(word)
        return self.vectors[at] if at is not None else self._encoded(word)

    def question_words(self, text: str) -> list[str]:
        return list(dict.fromkeys(w for w in _WORD.findall(text.lower())
                                  if len(w) > 2 and self.stem(w) not in self.function_terms))

    def said(self, asked: list[str], unit: Unit) -> tuple[float, float]:
        """(the mean over `asked` of each word's best cosine with the unit's words, 1 for a word it writes; the best
        cosine of a word it does not write)."""
        if not asked or not len(self.vectors):
            return 0.0, 0.0
        own = [w for w in dict.fromkeys(_WORD.findall(unit.text.lower())) if w in self.at]
        if not own:
            return 0.0, 0.0
        sentence = self.vectors[[self.at[w] for w in own]]
        best = np.vstack([self._vector(w) for w in asked]) @ sentence.T
        near = best.max(axis=1)
        written = np.array([self.stem(w) in unit.terms for w in asked])
        near = np.where(written, 1.0, near)
        new = near[~written]
        return float(near.mean()), float(new.max()) if len(new) else 0.0


class OpeningChoice:
    """Moves the learned ranker's choice of opening to the front of compose()'s ranked candidates."""

    def __init__(self, stored: IndexView, embedder, function_terms: frozenset, stem):
        # the corpus's word vectors are decoded only when a ranker is named or candidates are recorded
        self._lay = None
        self._made = lambda: LayWords(stored, embedder, function_terms, stem)

    @property
    def lay(self) -> LayWords:
        if self._lay is None:
            self._lay = self._made()
        return self._lay

    def reorder(self, ranked: list[tuple], candidates: list[tuple], picks: dict, question: Question, said: dict,
                fit) -> list[tuple]:
        """`ranked`: (score, unit, hit), the rules' order; `candidates`: the same before the rules moved any;
        `picks`: each rule's opening, by `key`; `said`: the score's parts per candidate; `fit`: `fit.Fit`."""
        model = load()
        if not ranked or (model is None and RECORD is None):
            return ranked
        window = _window(ranked)
        rows = self.features(window, ranked, candidates, picks, question, said, fit)
        if RECORD is not None:
            texts = [unit.text for _, unit, _ in window]
            RECORD.append({"texts": texts, "rows": rows.tolist(), "asked": question.asked})
        if model is None:
            return ranked
        best = window[int(np.argmax(model.scores(rows)))]
        return [best, *[item for item in ranked if item is not best]]

    def features(self, window, ranked, candidates, picks, question: Question, said: dict, fit) -> np.ndarray:
        top = max(item[0] for item in ranked)
        order = {key(unit): i for i, (_, unit, _) in enumerate(candidates)}
        asked = self.lay.question_words(question.asked)
        stated = [fit.stated.get(key(unit), 0.0) for _, unit, _ in window]
        most = max(stated) if stated else 0.0
        rows = []
        quantity = scoring.quantity_needed(question.asked) if question.quantity else None
        for i, ((score, unit, _), cosine) in enumerate(zip(window, stated)):
            k = key(unit)
            prior, position, cued, off = said.get(k, (0.0, 1, False, False))
            lift, frame, heading = fit.parts.get(k, (0.0, 0.0, 0.0))
            lay_mean, lay_new = self.lay.said(asked, unit)
            listed = is_list(unit)
            rows.append([score - top, 1.0 / (1 + order.get(k, len(order))), question.overlap(unit), prior,
                         float(position == 0), math.log(1 + len(unit.text.split())), float(listed), float(cued),
                         float(bool(quantity and quantity.search(unit.text))), lift, frame, heading, cosine - most,
                         float(off), float(i == 0), *(float(picks.get(rule) == k) for rule in RULES), lay_mean, lay_new,
                         float(question.yes_no) * (cosine - most), float(question.yes_no and listed),
                         float(bool(_POINTS_BACK.match(unit.text)) or not states(unit.text))])
        return np.asarray(rows, dtype=np.float64).reshape(len(window), len(FEATURES))


def _window(ranked: list[tuple]) -> list[tuple]:
    """The candidates the ranker chooses among: the rules' opening first, then the quotable ones by score."""
    least = cut(max(item[0] for item in ranked))          # only those compose() would quote
    rest = sorted((item for item in ranked[1:] if item[0] >= least), key=lambda item: -item[0])
    return [ranked[0], *rest][:MAX_CANDIDATES]
