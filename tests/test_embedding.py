"""The encoder: variants (fp32, the default, and @int8, @onnx-int8, @onnx-int8-docs) named in the model, fp32 on ONNX
Runtime or torch with the same vectors, one tokenisation per text, longest-first batches, no torch on the ONNX
answer path."""
from __future__ import annotations

import numpy as np
import pytest

import json
import re
import subprocess
import sys

from helpers import CORPUS, REPO
from index import IndexMismatchError, build_index, load_index
from index.embedding import build_threads, configured_model, load_embedder, split_variant
from settings import DEFAULT_ENCODER, DEFAULT_MODEL

INT8 = f"{DEFAULT_MODEL}@int8"
ONNX_INT8 = f"{DEFAULT_MODEL}@onnx-int8"


@pytest.fixture(scope="module")
def torch_fp32():
    """sentence-transformers itself: the reference every other encoder is held to."""
    return load_embedder(DEFAULT_MODEL, runtime="torch")


@pytest.fixture(scope="module")
def onnx_fp32():
    return load_embedder(DEFAULT_MODEL, runtime="onnx")


@pytest.fixture(scope="module")
def int8():
    return load_embedder(INT8)


@pytest.fixture(scope="module")
def onnx_int8():
    return load_embedder(ONNX_INT8)


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


def test_batches_are_tokenised_once_and_sorted_longest_first(torch_fp32, texts):
    embedder = torch_fp32
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


def test_encode_matches_sentence_transformers_in_input_order(torch_fp32, texts):
    embedder = torch_fp32
    ours = embedder.encode(texts)
    theirs = embedder.model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    assert ours.shape == (len(texts), embedder.dimension)
    assert np.allclose(ours, theirs, atol=1e-4)
    assert embedder.encode([]).shape == (0, embedder.dimension)


def test_int8_stays_close_to_fp32(torch_fp32, int8, texts):
    embedder = torch_fp32
    assert int8.name == INT8 and int8.dimension == embedder.dimension
    cosine = (embedder.encode(texts) * int8.encode(texts)).sum(1)
    assert cosine.mean() > 0.97 and cosine.min() > 0.9
    query = "How does IVIG work in ITP?"
    assert float(embedder.encode_query(query) @ int8.encode_query(query)) > 0.95


def test_an_int8_index_is_refused_by_fp32_and_the_other_way(tmp_path, torch_fp32, int8):
    embedder = torch_fp32
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


def test_onnx_fp32_gives_sentence_transformers_vectors(torch_fp32, onnx_fp32, texts):
    """Same tokens (cut at max_seq_length 256, not tokenizer.json's 128 nor tokenizer_config's 512), mean pooling
    over the attention mask, L2 norm: the vectors agree to float precision, long passages included."""
    assert onnx_fp32.runtime == "onnx" and torch_fp32.runtime == "torch"
    assert onnx_fp32.name == torch_fp32.name == DEFAULT_MODEL                 # one vector space, one name
    assert onnx_fp32.max_tokens == torch_fp32.max_tokens == 256
    reference = torch_fp32.model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    ours = onnx_fp32.encode(texts)
    assert (ours * reference).sum(1).min() >= 0.99999
    assert np.abs(np.linalg.norm(ours, axis=1) - 1).max() < 1e-5
    query = "How does IVIG work in ITP?"
    assert float(onnx_fp32.encode_query(query) @ torch_fp32.encode_query(query)) >= 0.99999
    assert onnx_fp32.count_tokens(texts) == torch_fp32.count_tokens(texts)
    assert onnx_fp32.encode([]).shape == (0, onnx_fp32.dimension)


def test_long_texts_are_cut_where_sentence_transformers_cuts_them(torch_fp32, onnx_fp32, texts):
    """Why loading the model files directly gave other vectors: the shipped tokenizer.json truncates at 128
    tokens and transformers' tokenizer at 512, while sentence-transformers cuts at 256."""
    from pathlib import Path

    from tokenizers import Tokenizer
    from transformers import AutoTokenizer

    from index.embedding import model_location

    long = max(texts, key=len)
    assert torch_fp32.count_tokens([long])[0] > 300
    folder = Path(model_location(DEFAULT_MODEL))
    assert len(Tokenizer.from_file(str(folder / "tokenizer.json")).encode(long).ids) == 128
    transformers_tokenizer = AutoTokenizer.from_pretrained(str(folder))
    assert transformers_tokenizer.model_max_length == 512
    assert len(transformers_tokenizer(long, truncation=True)["input_ids"]) > 256
    assert len(onnx_fp32.tokenizer.encode(long).ids) == 256 == len(torch_fp32.model.tokenize([long])["input_ids"][0])


def test_an_index_built_by_torch_fp32_is_answered_by_onnx_fp32(tmp_path, torch_fp32, onnx_fp32, onnx_int8):
    root = tmp_path / "torch-built"
    build_index(CORPUS, root, embedder=torch_fp32, progress=False)
    stored = load_index(root, onnx_fp32.name)                           # no mismatch: the same vectors
    assert stored.manifest["model"]["runtime"] == "torch"
    with pytest.raises(IndexMismatchError):
        load_index(root, onnx_int8.name)                                # int8 vectors are another space
    from bot import Bot

    answer = Bot(str(root), embedder=onnx_fp32).ask("How does IVIG work in ITP?")
    assert answer.citations and answer.citations[0].doc_id == "ivig-immune-thrombocytopenia"


def test_onnx_int8_stays_close_and_is_refused_by_fp32(tmp_path, torch_fp32, onnx_int8, texts):
    assert onnx_int8.name == ONNX_INT8 and onnx_int8.path.name == "model-int8.onnx"
    cosine = (torch_fp32.encode(texts) * onnx_int8.encode(texts)).sum(1)
    assert cosine.mean() > 0.98 and cosine.min() > 0.95
    root = tmp_path / "onnx-int8"
    build_index(CORPUS, root, embedder=onnx_int8, progress=False)
    assert load_index(root, ONNX_INT8).manifest["model"] == {
        "name": ONNX_INT8, "dimension": 384, "max_tokens": 256, "runtime": "onnx"}
    for other in (DEFAULT_MODEL, INT8):
        with pytest.raises(IndexMismatchError):
            load_index(root, other)


def test_asking_on_onnx_imports_no_torch(corpus_index):
    """The whole CLI answer path in a fresh interpreter: torch, transformers and sentence-transformers stay
    out of sys.modules (they cost seconds of a cold start)."""
    script = ("import sys, json; from bot.__main__ import main; code = main(['ask', 'How does IVIG work in ITP?', "
              f"'--index', {str(corpus_index)!r}, '--json']); "
              "print(json.dumps([code, sorted(m for m in ('torch', 'transformers', 'sentence_transformers') "
              "if m in sys.modules)]))")
    env = {k: v for k, v in __import__("os").environ.items() if k != "IVIG_ENCODER_RUNTIME"}
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    *_, last = done.stdout.strip().splitlines()
    assert json.loads(last) == [0, []]
    assert '"citations"' in done.stdout


def test_an_unknown_runtime_is_refused_naming_the_choices(monkeypatch):
    from index.errors import IvigError

    monkeypatch.setenv("IVIG_ENCODER_RUNTIME", "gpu")
    with pytest.raises(IvigError, match="IVIG_ENCODER_RUNTIME='gpu' is not one of onnx, torch"):
        load_embedder()


def test_the_fp32_export_is_fused_and_matches_sentence_transformers_on_every_chunk(torch_fp32, onnx_fp32, corpus_index):
    """The fp32 file is onnxruntime's fused BERT graph (Attention, SkipLayerNormalization, ...), and on every
    passage of the real corpus it gives sentence-transformers' vectors: fp32 indexes built before it still load."""
    import onnx

    ops = {node.op_type for node in onnx.load(str(onnx_fp32.path), load_external_data=False).graph.node}
    assert {"Attention", "EmbedLayerNormalization", "SkipLayerNormalization", "BiasGelu"} <= ops
    assert "Softmax" not in ops                            # no attention left unfused
    stored = load_index(corpus_index)               # its chunk texts only
    texts = [c.embedding_text(stored.documents[c.doc_id].title) for c in stored.chunks]
    texts += [s for c in stored.chunks for s in re.split(r"(?<=[.?!])\s+|\n", c.text) if len(s) > 20]   # short texts too
    assert len(texts) >= 200
    reference = torch_fp32.model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    assert (onnx_fp32.encode(texts) * reference).sum(1).min() >= 0.99999
    queries = texts[-50:]
    assert min(float(onnx_fp32.encode_query(q) @ r) for q, r in zip(queries, reference[-50:])) >= 0.99999


def test_the_export_cache_folder_changes_with_the_export_options(monkeypatch, tmp_path):
    """An export made by other code or settings is never reused silently: the folder name hashes them."""
    from index import export_encoder
    from index.embedding import model_location

    location = model_location(DEFAULT_MODEL)
    now = export_encoder.export_folder(location, tmp_path)
    assert export_encoder.export_folder(location, tmp_path) == now
    monkeypatch.setattr(export_encoder, "FUSE", {**export_encoder.FUSE, "opt_level": 0})
    assert export_encoder.export_folder(location, tmp_path) != now
    monkeypatch.undo()
    monkeypatch.setattr(export_encoder, "FORMAT", export_encoder.FORMAT + 1)
    assert export_encoder.export_folder(location, tmp_path) != now
    monkeypatch.undo()
    monkeypatch.setattr(export_encoder, "OPSET", export_encoder.OPSET + 1)
    assert export_encoder.export_folder(location, tmp_path) != now


def test_a_query_s_token_vectors_give_its_vector_on_both_runtimes(torch_fp32, onnx_fp32):
    """The composer pools a question's remembered token vectors without its subject's words (no second model
    run): the tokens, their offsets and that pooling must agree across runtimes and with encode_query."""
    from index.pooling import mean_without

    query = "How fast does IVIG work in ITP?"
    subject = [(query.index("IVIG"), query.index("IVIG") + 4), (query.index("ITP"), query.index("ITP") + 3)]
    runs = {}
    for name, embedder in (("torch", torch_fp32), ("onnx", onnx_fp32)):
        tokens, offsets = embedder.query_tokens(query)
        assert len(tokens) == len(offsets) and offsets[0] == (0, 0) and offsets[-1] == (0, 0)   # [CLS] .. [SEP]
        assert float(mean_without(tokens, offsets, []) @ embedder.encode_query(query)) > 0.99999
        runs[name] = mean_without(tokens, offsets, subject)
        assert float(runs[name] @ embedder.encode_query(query)) < 0.95     # the subject's words are out
    assert float(runs["torch"] @ runs["onnx"]) > 0.9999


def test_pooling_without_words_leaves_out_their_tokens_and_their_direction():
    from index.pooling import mean_without

    tokens = np.array([[1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [0.0, 1.0, 1.0], [0.0, 0.0, 1.0]], dtype=np.float32)
    offsets = [(0, 0), (0, 3), (4, 8), (0, 0)]
    vector = mean_without(tokens, offsets, [(4, 8)])        # the word at characters 4-8 is left out
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-6
    assert abs(float(vector @ (tokens[2] / np.linalg.norm(tokens[2])))) < 1e-6   # nothing along its direction
    kept = tokens[[0, 1, 3]].mean(0)
    assert float(vector @ (kept / np.linalg.norm(kept))) > 0.5
    assert np.allclose(mean_without(tokens, offsets, []), tokens.mean(0) / np.linalg.norm(tokens.mean(0)))


def test_the_default_is_fp32_throughout(embedder, onnx_fp32, texts):
    """The default embeds documents and questions alike in fp32 on ONNX Runtime: the same vectors on every CPU
    (int8 products differ between CPUs with and without VNNI: settings.DEFAULT_ENCODER)."""
    from index.embedding import document_encoder

    assert configured_model() == DEFAULT_ENCODER == embedder.name == DEFAULT_MODEL
    assert np.array_equal(document_encoder(embedder)(texts), onnx_fp32.encode(texts))
    assert embedder.encode_query(texts[0]) @ onnx_fp32.encode_query(texts[0]) > 0.99999


def test_the_int8_docs_variant_stores_int8_document_vectors_and_embeds_questions_in_fp32(onnx_fp32, texts):
    """@onnx-int8-docs (opt-in): what a build stores comes from the int8 graph (int8 MatMuls; fused Attention and
    the feed-forward outputs fp32), close to fp32; questions and answer-time texts are fp32 exactly."""
    import onnx

    from index.embedding import document_encoder

    embedder = load_embedder(f"{DEFAULT_MODEL}@onnx-int8-docs")
    assert embedder.name == f"{DEFAULT_MODEL}@onnx-int8-docs"
    assert np.array_equal(embedder.encode(texts), onnx_fp32.encode(texts))
    assert embedder.encode_query(texts[0]) @ onnx_fp32.encode_query(texts[0]) > 0.99999
    stored, exact = document_encoder(embedder)(texts), onnx_fp32.encode(texts)
    cosine = (stored * exact).sum(1)
    assert cosine.mean() > 0.995 and cosine.min() > 0.98 and cosine.max() < 0.99999   # int8: close, not equal
    graph = onnx.load(str(embedder.document_path), load_external_data=False).graph
    ops = [node.op_type for node in graph.node]
    assert ops.count("Attention") == 6 and "QAttention" not in ops and "MatMulInteger" in ops
    fp32_matmuls = [n.name for n in graph.node if n.op_type == "MatMul"]
    assert len(fp32_matmuls) == 6 and all("/output/dense/" in n and "/attention/" not in n for n in fp32_matmuls)


def test_an_index_of_the_old_int8_docs_default_is_refused_by_the_new_default(tmp_path, embedder):
    """An index built while the default stored int8 document vectors (`@onnx-int8-docs`) is not searched with the
    fp32 default's queries as if nothing changed: loading names both and how to rebuild, and a build re-embeds
    everything."""
    old = f"{DEFAULT_MODEL}@onnx-int8-docs"
    root = tmp_path / "int8-built"
    build_index(CORPUS, root, embedder=load_embedder(old), progress=False)
    with pytest.raises(IndexMismatchError) as caught:
        load_index(root, embedder.name)
    assert f"'{DEFAULT_ENCODER}'" in str(caught.value) and old in str(caught.value)
    assert "python -m index build" in str(caught.value)
    report = build_index(CORPUS, root, embedder=embedder, progress=False)
    assert report.full and "embedding model changed" in report.full_reason and report.reused == 0
    assert load_index(root, embedder.name).manifest["model"]["name"] == DEFAULT_ENCODER
