"""Embedding text with ONNX Runtime: the exported transformer, mean pooling over the attention mask, L2 norm.

Imports onnxruntime, `tokenizers` and numpy only, so answering a question loads neither torch nor
transformers nor sentence-transformers (a cold `python -m bot ask` is seconds faster). The ONNX file is
made by index/export_encoder.py on first use, which does need torch, once per machine.

Tokenising like sentence-transformers matters: the model's tokenizer.json truncates at 128 tokens and
pads every text to 128 (settings left from its training), and tokenizer_config.json says 512, while
sentence-transformers cuts at max_seq_length (256, sentence_bert_config.json) and pads a batch to its
longest text. Loading with transformers' AutoTokenizer therefore cut long passages at 512 and gave other
vectors than sentence-transformers; here the truncation is set to max_seq_length and padding is ours.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Sequence

import numpy as np

from .errors import ModelLoadError
from .pooling import mean_of_tokens


# 16 texts a batch: at 256 tokens a batch of 64 has 100 MB of feed-forward activations, 16 about 25 MB,
# which stays nearer the caches. CPU time against batch 64 (192 SciFact chunks, same process, load 8-10,
# one round): fp32 0.86x, the default's int8 document graph 0.85x. Batch size does not change fp32 vectors;
# int8 ones move a little with their batch-mates (per-batch activation scales).
BATCH = 16


def supports(location: str | Path) -> str:
    """"" if the model folder can run here (tokenizer.json, mean pooling), else the reason it cannot."""
    folder = Path(location)
    if not (folder / "tokenizer.json").is_file():
        return f"'{location}' has no tokenizer.json (a local model folder is needed)"
    pooling = _json(folder / "1_Pooling" / "config.json")
    if not pooling.get("pooling_mode_mean_tokens") or any(
            pooling.get(k) for k in ("pooling_mode_cls_token", "pooling_mode_max_tokens",
                                     "pooling_mode_mean_sqrt_len_tokens")):
        return f"'{location}' does not use mean pooling alone"
    return ""


def _json(path: Path) -> dict:
    return json.loads(path.read_text()) if path.is_file() else {}


def session_threads() -> int:
    """Every core for builds, unless OMP_NUM_THREADS says otherwise (the app sets 1: one core per answer)."""
    raw = os.environ.get("OMP_NUM_THREADS", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else (os.cpu_count() or 1)


def open_session(path: Path):
    """An ONNX Runtime session on the CPU with session_threads() threads, for one model file."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = session_threads()
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL      # one branch: nothing to run beside it
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL  # this CPU's kernels
    options.log_severity_level = 3
    try:
        return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as exc:        # onnxruntime raises its own Fail/InvalidGraph types
        raise ModelLoadError(f"cannot load the ONNX export {path}: {exc}; delete it to export again") from exc


class OnnxEmbedder:
    """Normalised embeddings from an ONNX export of a sentence-transformers model, on the CPU."""

    runtime = "onnx"

    def __init__(self, name: str, location: str | Path, *, int8: bool = False, documents_int8: bool = False,
                 batch_size: int = BATCH, cache: str | Path | None = None):
        from tokenizers import Tokenizer

        from .export_encoder import ensure_exported

        reason = supports(location)
        if reason:
            raise ModelLoadError(f"cannot run '{name}' with ONNX Runtime: {reason}")
        folder = Path(location)
        self.name, self.batch_size = name, batch_size
        config = _json(folder / "sentence_bert_config.json")
        self.max_tokens = int(config.get("max_seq_length") or 512)
        self.path = ensure_exported(folder, int8, cache)
        self.session = open_session(self.path)
        # documents_int8: chunks and corpus words (encode_documents) go through the int8 graph, opened on the
        # first build; questions and answer-time sentences stay fp32 (see index/embedding.py)
        self.documents_int8, self._folder, self._cache, self._document_session = documents_int8, folder, cache, None
        self.inputs = [i.name for i in self.session.get_inputs()]
        self.dimension = int(self.session.get_outputs()[0].shape[-1])
        self.counter = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.counter.no_truncation()
        self.counter.no_padding()
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()                    # batches are padded to their own longest text below
        self.tokenizer.enable_truncation(self.max_tokens)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        if not texts:
            return []
        return [len(e.ids) for e in self.counter.encode_batch(list(texts), add_special_tokens=False)]

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        return self._encode(self.session, texts, progress)

    def encode_documents(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        """What a build stores: `encode`, or with documents_int8 the int8 graph's vectors (a quarter of
        the encoder time of a build; questions are still embedded in fp32)."""
        if not self.documents_int8:
            return self.encode(texts, progress=progress)
        if self._document_session is None:
            from .export_encoder import ensure_exported

            self.document_path = ensure_exported(self._folder, True, self._cache)
            self._document_session = open_session(self.document_path)
        return self._encode(self._document_session, texts, progress)

    def _encode(self, session, texts: Sequence[str], progress: bool) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return vectors
        encoded = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: -len(encoded[i].ids))   # batches pad to their own length
        starts = range(0, len(order), self.batch_size)
        if progress and len(starts) > 1:
            from tqdm import tqdm
            starts = tqdm(starts, desc="Embedding", unit="batch", leave=False)
        for at in starts:
            rows = order[at:at + self.batch_size]
            vectors[rows] = self._embed(session, [encoded[i] for i in rows])
        return vectors

    def encode_query(self, text: str) -> np.ndarray:
        return mean_of_tokens(self.query_tokens(text)[0])

    def query_tokens(self, text: str) -> tuple[np.ndarray, list[tuple[int, int]]]:
        """One text's token vectors and each token's character offsets ((0, 0) for [CLS] and [SEP]). No
        padding, so the mean over its tokens is the pooling (the batch path's mask is all ones)."""
        e = self.tokenizer.encode(text)
        ids = np.array([e.ids], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": np.array([e.attention_mask], dtype=np.int64)}
        if "token_type_ids" in self.inputs:
            feed["token_type_ids"] = np.array([e.type_ids], dtype=np.int64)
        return self.session.run(None, feed)[0][0], list(e.offsets)

    def _embed(self, session, encodings) -> np.ndarray:
        width = max(len(e.ids) for e in encodings)
        feed = {name: np.zeros((len(encodings), width), dtype=np.int64) for name in self.inputs}
        for row, e in enumerate(encodings):
            n = len(e.ids)
            feed["input_ids"][row, :n] = e.ids
            feed["attention_mask"][row, :n] = e.attention_mask
            if "token_type_ids" in feed:
                feed["token_type_ids"][row, :n] = e.type_ids
        tokens = session.run(None, feed)[0]
        mask = feed["attention_mask"][..., None].astype(np.float32)
        pooled = (tokens * mask).sum(1) / np.clip(mask.sum(1), 1e-9, None)
        return (pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)).astype(np.float32)
