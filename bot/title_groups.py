"""Documents that share a title: several answers about one named subject ("Hemochromatosis": what it is, its
symptoms, its treatment), as in a consumer-health FAQ corpus.

The subject's name is the rarest word of a question about it, so BM25 ranks all of those answers by how often they
repeat it, not by which question they answer; the embedding tells "What symptoms should he watch for?" from "What is
it?". So in the fusion each chunk of such a document gets the best BM25 score of its title's group (`grouped_max`):
BM25 still picks the subject against other subjects, and the dense score alone orders the subject's answers.
A corpus whose titles are all distinct (the IVIG documents; all but 5 of SciFact's 5,183 abstracts) is left as it was.

The cost: a chunk can meet the fusion with a group-mate's BM25 score. On the suite's 200-answer MedQuAD sample one
reworded question lost its first document that way ("what is (are) Kleeftsra syndrome?": the misspelt name is no
BM25 term, the story's words matched one "Coats plus syndrome" answer, and its group-mate, close in embedding to any
"What is X syndrome?", got that score): hybrid hit@1 on tune/reworded 0.9423 -> 0.9327, the bot's own figures
unchanged. Measured instead on consumer tune: a group's best term by term (only the title's words shared) lost the
gain (hybrid hit@1 0.8333, not 0.8667); its mean gained less (0.8333 / nDCG 0.8959); its minimum lost (0.70).
A corpus whose every document had one title would fuse BM25 as one flat score: dense-only, in effect.
"""
from __future__ import annotations

from collections import Counter

import numpy as np

from index.accents import fold

UNGROUPED = -1


def title_key(title: str) -> str:
    """A title as compared: accents folded, case and spacing ignored ("Cat Scratch Disease" = "Cat scratch disease")."""
    return " ".join(fold(title).casefold().split())


def chunk_groups(documents: dict, chunks) -> np.ndarray:
    """For each chunk (by row), the number of its document's title group, or UNGROUPED when no other document has that
    title (or it has none)."""
    keys = {doc_id: title_key(doc.title) for doc_id, doc in documents.items()}
    count = Counter(keys.values())
    numbers: dict[str, int] = {}
    groups = np.full(len(chunks), UNGROUPED, dtype=np.int64)
    for row, chunk in enumerate(chunks):
        key = keys.get(chunk.doc_id, "")
        if key and count[key] > 1:
            groups[row] = numbers.setdefault(key, len(numbers))
    return groups


def grouped_max(scores: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """`scores` with each grouped entry raised to the highest score of its group among these entries."""
    inside = groups != UNGROUPED
    if not inside.any():
        return scores
    out = scores.copy()
    labels, where = np.unique(groups[inside], return_inverse=True)
    best = np.full(len(labels), -np.inf, dtype=np.float64)
    np.maximum.at(best, where, scores[inside])
    out[inside] = best[where]
    return out
