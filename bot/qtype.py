"""What kind of sentence answers a question, learned from MedQuAD (bot/data/qtype.npz, written by
`python -m bot.train_qtype`; MedQuAD is CC BY 4.0, the file names its source).

Two softmax regressions over the embedding model's sentence vectors: one gives the question's type
(15 MedQuAD types: symptoms, treatment, causes, outlook...), the other how much a sentence reads like
an answer to each type. `fit` is the chance that the two agree. The file is loaded on first use, once.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_FILE = Path(__file__).with_name("data") / "qtype.npz"


@dataclass(frozen=True)
class QuestionTypes:
    types: tuple[str, ...]
    question_w: np.ndarray      # types x dimension
    question_b: np.ndarray
    sentence_w: np.ndarray
    sentence_b: np.ndarray
    source: str                 # the data it was trained on, and its licence
    model: str                  # the embedding model whose vectors it reads
    held_out: dict              # accuracies measured on the held-out half when it was trained

    def question(self, vectors: np.ndarray) -> np.ndarray:
        """Type probabilities of questions (rows of normalised vectors, or one vector)."""
        return _softmax(np.atleast_2d(vectors) @ self.question_w.T + self.question_b)

    def sentence(self, vectors: np.ndarray) -> np.ndarray:
        """For each sentence, how much it reads like an answer to each type (rows sum to 1)."""
        return _softmax(np.atleast_2d(vectors) @ self.sentence_w.T + self.sentence_b)

    def fit(self, question_vector: np.ndarray, sentence_vectors: np.ndarray) -> np.ndarray:
        """Per sentence, the chance that its type is the question's (0-1)."""
        if len(sentence_vectors) == 0:
            return np.zeros(0, dtype=np.float32)
        return (self.sentence(sentence_vectors) @ self.question(question_vector)[0]).astype(np.float32)

    def predict(self, vector: np.ndarray) -> str:
        return self.types[int(self.question(vector)[0].argmax())]


@lru_cache(maxsize=4)
def load(path: str | Path = MODEL_FILE) -> QuestionTypes:
    with np.load(path, allow_pickle=False) as data:
        return QuestionTypes(tuple(str(t) for t in data["types"]), data["question_w"], data["question_b"],
                             data["sentence_w"], data["sentence_b"], str(data["source"]), str(data["model"]),
                             json.loads(str(data["held_out"])))


def _softmax(logits: np.ndarray) -> np.ndarray:
    logits = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(logits)
    return e / e.sum(axis=1, keepdims=True)
