"""Turning a corpus folder into a searchable index (FAISS vectors + BM25 by default, or Milvus): see
vectorstore.py for the store seam and store.py for the folder layout."""
from .build import BuildReport, build_index
from .chunking import Chunk, ChunkingParams
from .documents import Document, Skipped, load_corpus
from .errors import (BuildLockedError, CorpusError, DocumentError, IndexCorruptError, IndexMismatchError,
                     IndexMissingError, IvigError)
from settings import DEFAULT_CORPUS

from .store import StoredIndex, index_root, live_version, load_index
from .vectorstore import IndexView, VectorStore, open_store

__all__ = [
    "BuildReport", "build_index", "Chunk", "ChunkingParams", "Document", "Skipped", "load_corpus",
    "BuildLockedError", "CorpusError", "DocumentError", "IndexCorruptError", "IndexMismatchError",
    "IndexMissingError", "IvigError", "DEFAULT_CORPUS", "StoredIndex", "index_root", "load_index",
    "live_version", "IndexView", "VectorStore", "open_store",
]
