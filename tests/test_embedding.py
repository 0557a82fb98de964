"""The encoder: variants (fp32, @int8) named in the model, one tokenisation per text, longest-first batches."""
from __future__ import annotations

import numpy as np
import pytest

from helpers import CORPUS
from index import IndexMismatchError, build_index, load_index
from index.embedding import build_threads, configured_model, split_variant
from settings import DEFAULT_MODEL

INT8 = f"{DEFAULT_MODEL}@int8"


@pytest.fixture(scope="module")
def int8():
    from index.embedding import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(INT8)


@pytest.fixture(scope="module")
def texts(corpus_docs):
    """Passages of very different lengths, shuffled so that sorting has work to do."""
    doc = corpus_docs["ivig-immune-thrombocytopenia"]
    words = doc.text.split()
    out = [" ".join(words[i:i + n]) for i, n in zip(range(0, 4000, 97), [3, 250, 40, 7, 120, 1, 60, 300] * 6)]
    return [t for t in out if t]


def test_variant_is_part_of_the_model_name():
    assert split_variant("org/model@int8") == ("org/model", "int8")
    assert split_variant("/models/me@home") == ("/models/me@home", "fp32")     # not a variant: left alone
    assert configured_model(f"{DEFAULT_MODEL}@fp32") == DEFAULT_MODEL             # fp32 is the plain name
    assert configured_model(INT8) == INT8


def test_batches_are_tokenised_once_and_sorted_longest_first(embedder, texts):
    calls = []
    tokenizer = embedder.tokenizer
    original = type(tokenizer).__call__

    def counting(self, batch, *args, **kwargs):
        calls.append(len(batch))
        return original(self, batch, *args, **kwargs)

    try:
        type(tokenizer).__call__ = counting
        batches = embedder.batches(texts)
    finally:
        type(tokenizer).__call__ = original
    assert calls == [len(texts)]                                  # one call over every text
    widths = [features["input_ids"].shape[1] for _, features in batches]
    lengths = [int(n) for _, f in batches for n in f["attention_mask"].sum(1)]
    assert lengths == sorted(lengths, reverse=True) and widths == sorted(widths, reverse=True)
    assert sorted(i for rows, _ in batches for i in rows) == list(range(len(texts)))


def test_encode_matches_sentence_transformers_in_input_order(embedder, texts):
    ours = embedder.encode(texts)
    theirs = embedder.model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    assert ours.shape == (len(texts), embedder.dimension)
    assert np.allclose(ours, theirs, atol=1e-4)
    assert embedder.encode([]).shape == (0, embedder.dimension)


def test_int8_stays_close_to_fp32(embedder, int8, texts):
    assert int8.name == INT8 and int8.dimension == embedder.dimension
    cosine = (embedder.encode(texts) * int8.encode(texts)).sum(1)
    assert cosine.mean() > 0.97 and cosine.min() > 0.9
    query = "How does IVIG work in ITP?"
    assert float(embedder.encode_query(query) @ int8.encode_query(query)) > 0.95


def test_an_int8_index_is_refused_by_fp32_and_the_other_way(tmp_path, embedder, int8):
    root = tmp_path / "int8-index"
    build_index(CORPUS, root, embedder=int8, progress=False)
    stored = load_index(root, INT8)
    assert stored.manifest["model"]["name"] == INT8
    with pytest.raises(IndexMismatchError) as caught:
        load_index(root, embedder.name)
    assert INT8 in str(caught.value) and "python -m index build" in str(caught.value)
    report = build_index(CORPUS, root, embedder=embedder, progress=False)    # another variant: re-embed all
    assert report.full and "model changed" in report.full_reason and report.reused == 0


def test_build_threads_restore_the_count_and_respect_omp(monkeypatch):
    import torch

    before = torch.get_num_threads()
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    torch.set_num_threads(1)
    with build_threads():
        assert torch.get_num_threads() == 1                      # the app's one thread per answer stays
    monkeypatch.delenv("OMP_NUM_THREADS")
    with build_threads():
        assert torch.get_num_threads() >= 1
    assert torch.get_num_threads() == 1
    torch.set_num_threads(before)
