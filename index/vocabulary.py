"""The corpus's own words, computed at index time and kept in the build's manifest (so every store has them).

- generic: stems found in at least GENERIC_SHARE of the documents. In an IVIG corpus that is "ivig",
  "immunoglobulin", "treatment": words every document shares, which never decide what a question is
  about. A new corpus gets its own list; nothing about IVIG is written in code.
- words and vectors: the corpus's surface words (most documents first, at most MAX_WORDS) with their
  embeddings from the index's model, int8-quantised and base64-encoded (384 bytes a word) so that the
  manifest, which both stores keep, carries them. The bot matches a patient's word that the documents
  never use to its nearest corpus words ("steroids" -> "corticosteroids"): see bot/synonyms.py.

- compounds: the corpus's two-word compound terms ("side effects"), read as wholes in a question (index/compounds.py).

Left out: vectors of phrases (single words only) and per-chunk statistics (the BM25 side keeps those).
"""
from __future__ import annotations

import base64
import re
from collections import Counter
from functools import lru_cache
from typing import Sequence

import numpy as np

from . import compounds
from .accents import fold
from .embedding import document_encoder

GENERIC_SHARE = 0.75         # a stem in three documents of four is this corpus's generic vocabulary
MIN_DOCS_FOR_GENERIC = 3     # fewer documents than this cannot tell generic from specific
CACHED_TEXTS = 50_000        # documents whose words are remembered (SciFact has 5,183)
MAX_WORDS = 8000             # words with vectors: ~3 MB of manifest at the cap, whatever the corpus size
_STEM_SETS: dict = {}        # stemmer -> {text: its distinct stems}, like _words_in's cache
_WORD = re.compile(r"[a-z][a-z'\-]*[a-z]")


def _stopwords() -> frozenset:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)


def compute(texts: Sequence[str], stem, embedder, previous: dict | None = None) -> dict:
    """The manifest's "vocabulary" entry for documents with these texts (title and body each).

    `stem(word) -> str` is the lexical side's stemmer; `embedder.encode(words)` returns unit vectors;
    `previous`: the last build's manifest, whose word vectors are reused (only new words are encoded)."""
    doc_freq = _doc_freq(texts)
    words = [w for w, _ in sorted(doc_freq.items(), key=lambda item: (-item[1], item[0]))[:MAX_WORDS]]
    old_words, old_vectors = word_vectors(previous or {})
    known = {w: i for i, w in enumerate(old_words)} if old_vectors.shape[1:] == (embedder.dimension,) else {}
    new = [w for w in words if w not in known]
    fresh = dict(zip(new, document_encoder(embedder)(new))) if new else {}
    vectors = (np.stack([fresh[w] if w in fresh else old_vectors[known[w]] for w in words]) if words
               else np.zeros((0, 1), dtype=np.float32))
    return {"num_docs": len(texts), "generic_share": GENERIC_SHARE, "generic": sorted(generic_of(texts, stem)),
            "words": words, "vectors": _pack(np.asarray(vectors, dtype=np.float32)),
            "compounds": compounds.compute(texts)}


def _doc_freq(texts: Sequence[str]) -> Counter:
    stop = _stopwords()
    doc_freq: Counter = Counter()
    for text in texts:
        doc_freq.update(w for w in _words_in(text) if w not in stop)
    return doc_freq


@lru_cache(maxsize=CACHED_TEXTS)
def _words_in(text: str) -> frozenset:
    """The text's distinct words of three letters or more, folded as the BM25 terms are ("barré" is
    "barre"). Remembered by text, so that a process that rebuilds (the app, a watcher) reads again only
    the documents that changed."""
    return frozenset(w for w in _WORD.findall(fold(text).lower()) if len(w) > 2)


def generic_of(texts: Sequence[str], stem) -> frozenset:
    """Stems in at least GENERIC_SHARE of the texts (none for fewer than MIN_DOCS_FOR_GENERIC texts)."""
    n = len(texts)
    if n < MIN_DOCS_FOR_GENERIC:
        return frozenset()
    stem_freq: Counter = Counter()
    stems: dict[str, str] = {}              # each distinct word stemmed once, not each time it occurs
    if stem not in _STEM_SETS and len(_STEM_SETS) >= 4:       # a caller with a new stemmer each time
        _STEM_SETS.clear()
    remembered = _STEM_SETS.setdefault(stem, {})
    for text in texts:
        found = remembered.get(text)
        if found is None:
            words = _words_in(text)
            stems.update((w, stem(w)) for w in words if w not in stems)
            found = remembered[text] = frozenset(stems[w] for w in words)
        stem_freq.update(found)
    if len(remembered) > CACHED_TEXTS:
        remembered.clear()
    return frozenset(s for s, df in stem_freq.items() if df / n >= GENERIC_SHARE)


def generic(manifest: dict) -> frozenset:
    return frozenset(manifest.get("vocabulary", {}).get("generic", ()))


def word_vectors(manifest: dict) -> tuple[list[str], np.ndarray]:
    """The corpus words and their unit vectors (float32); empty for an index built before they existed."""
    entry = manifest.get("vocabulary", {})
    words = list(entry.get("words", ()))
    if not words or not entry.get("vectors"):
        return [], np.zeros((0, 0), dtype=np.float32)
    vectors = _unpack(entry["vectors"], len(words))
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return words, vectors / np.maximum(norms, 1e-9)


def _pack(vectors: np.ndarray) -> str:
    """Unit vectors as int8 (each component times 127): the cosine barely moves, the size is a quarter."""
    return base64.b64encode(np.clip(np.round(vectors * 127), -127, 127).astype(np.int8).tobytes()).decode("ascii")


def _unpack(packed: str, rows: int) -> np.ndarray:
    data = np.frombuffer(base64.b64decode(packed), dtype=np.int8)
    return data.reshape(rows, -1).astype(np.float32) / 127.0
