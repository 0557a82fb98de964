"""Turning a corpus folder into a searchable index (FAISS vectors + BM25), see store.py for the layout."""
from .build import BuildReport, build_index
from .chunking import Chunk, ChunkingParams
from .documents import Document, Skipped, load_corpus
from .errors import (BuildLockedError, CorpusError, DocumentError, IndexCorruptError, IndexMismatchError,
                     IndexMissingError, IvigError)
from settings import DEFAULT_CORPUS

from .store import StoredIndex, index_root, load_index

__all__ = [
    "BuildReport", "build_index", "Chunk", "ChunkingParams", "Document", "Skipped", "load_corpus",
    "BuildLockedError", "CorpusError", "DocumentError", "IndexCorruptError", "IndexMismatchError",
    "IndexMissingError", "IvigError", "DEFAULT_CORPUS", "StoredIndex", "index_root", "load_index",
]
