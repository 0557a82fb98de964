"""The store seam: where chunk vectors, their BM25 side, the documents and the manifest live.

Two implementations, picked by a URI (`--store`, IVIG_STORE):
    faiss:                        the default: a folder of plain files (store.py, faiss_store.py)
    milvus-lite:///path/file.db   Milvus Lite, embedded, one process (milvus_store.py)
    milvus://host:19530           a Milvus server or cluster; token from IVIG_MILVUS_TOKEN

Every build is a new, complete version that readers cannot see until it is published; rollback makes
the previous version live again. The store returns dense and lexical candidate scores; fusing them is
the retriever's job (bot/retrieval.py), so both stores rank the same way. Nothing outside index/ imports
faiss, bm25s or pymilvus, or knows which store it talks to.
"""
from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Protocol, Sequence

import numpy as np

from settings import store_uri

from .chunking import Chunk
from .documents import Document
from .errors import StoreUriError

Neighbours = list[tuple[str, float]]       # (chunk id, score), best first


@dataclass(frozen=True)
class Candidates:
    """The union of the dense and the lexical top lists, each candidate with both scores."""

    rows: np.ndarray        # positions in IndexView.chunks, ascending
    dense: np.ndarray       # cosine similarity to the query
    lexical: np.ndarray     # BM25 score (0 when no query term occurs in the chunk)


class Analyzer(Protocol):
    """The lexical analysis the bot shares with the index: terms of a text, the vocabulary, IDF."""

    vocabulary: frozenset

    def terms(self, text: str) -> list[str]: ...
    def stem(self, word: str) -> str: ...
    def idf_table(self) -> dict[str, float]: ...


class IndexView(Protocol):
    """One published build, loaded: what the bot reads and searches."""

    version: str
    manifest: dict
    documents: dict[str, Document]
    chunks: list[Chunk]            # in a fixed order; Candidates.rows index into it
    lexical: Analyzer
    warning: str                   # set when the live build failed to load and the previous one is served

    @property
    def model(self) -> str: ...
    def count(self) -> int: ...
    def dense_search(self, vectors: np.ndarray, k: int) -> list[Neighbours]: ...
    def lexical_search(self, query: str, k: int) -> Neighbours: ...
    def candidates(self, query: str, vector: np.ndarray, depth: int) -> Candidates: ...
    def vectors_of(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]: ...


class StagedBuild(Protocol):
    """A build being written: invisible to readers until VectorStore.publish(name)."""

    name: str

    def upsert(self, chunks: Sequence[Chunk], vectors: np.ndarray, texts: Sequence[str]) -> None: ...
    def delete(self, chunk_ids: Iterable[str]) -> None: ...
    def count(self) -> int: ...
    def dense_search(self, vectors: np.ndarray, k: int) -> list[Neighbours]: ...
    def commit(self, manifest: dict, documents: Sequence[Document]) -> None: ...
    def discard(self) -> None: ...


class VectorStore(Protocol):
    uri: str
    location: str | Path           # for messages and reports: the index folder, or the Milvus address

    def live_version(self) -> str: ...
    def lock(self) -> AbstractContextManager: ...
    def load(self, model: str | None = None, *, pointer: str = "CURRENT", fallback: bool = True) -> IndexView: ...
    def manifest(self, pointer: str = "CURRENT") -> dict: ...
    def verify(self, view: IndexView) -> list[str]: ...
    def stage(self, name: str, dimension: int) -> StagedBuild: ...
    def publish(self, name: str) -> None: ...
    def rollback(self) -> tuple[str, str]: ...


def open_store(uri: str | None = None, index: str | Path | None = None) -> VectorStore:
    """The store a URI names (None: IVIG_STORE, else the FAISS folder `index`)."""
    uri = store_uri(uri)
    scheme = uri.split(":", 1)[0].lower()
    if scheme == "faiss":
        from .faiss_store import FaissStore

        return FaissStore(index)
    if scheme in ("milvus", "milvus-lite"):
        from .milvus_store import MilvusStore

        return MilvusStore(uri, index)
    raise StoreUriError(f"unknown store {uri!r}: use faiss: (the index folder, the default), "
                        f"milvus-lite:///path/file.db or milvus://host:19530")
