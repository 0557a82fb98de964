"""Mean pooling of one text's token vectors, all of them or all but some words' (numpy only, so that the
answering path imports no torch)."""

from __future__ import annotations

from typing import Sequence

import numpy as np


def mean_of_tokens(tokens: np.ndarray) -> np.ndarray:
    """The sentence-transformers vector of an unpadded text: the normalised mean of its token vectors."""
    pooled = tokens.mean(0)
    return (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).astype(np.float32)


def mean_without(tokens: np.ndarray, offsets: Sequence[tuple[int, int]],
                 spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """What a text says besides the words at the character `spans`, from the same model run: the mean of
    the other token vectors ([CLS] and [SEP], whose offsets are empty, stay), less its component along
    the left-out words' own mean. The other tokens still carry those words through attention; taking
    their direction out is what made "How fast does IVIG work in ITP?" prefer onset over duration the
    way the embedded text "How fast does it work in it?" does (tests/test_answer_types.py)."""
    inside = [i for i, (start, end) in enumerate(offsets)
              if start != end and any(start < b and a < end for a, b in spans)]
    if not inside or len(inside) == len(offsets):
        return mean_of_tokens(tokens)
    pooled = np.delete(tokens, inside, axis=0).mean(0)
    left_out = tokens[inside].mean(0)
    left_out /= max(float(np.linalg.norm(left_out)), 1e-12)
    return mean_of_tokens((pooled - (pooled @ left_out) * left_out)[None, :])
