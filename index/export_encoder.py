"""Export a sentence-transformers model's transformer to ONNX (torch.onnx), and quantise it to int8.

Examples:
  python -m index.export_encoder                      # the bundled model, fp32 and int8, into the cache
  python -m index.export_encoder --out /tmp/minilm --no-int8
  python -m index.export_encoder --model /models/my-minilm --force

The ONNX graph is the transformer alone (token embeddings out); tokenising, mean pooling and the L2
normalisation run outside it (index/onnx_encoder.py), so a query needs onnxruntime, `tokenizers` and
numpy but neither torch nor transformers. The export runs once per model, export options and cache folder
(IVIG_ENCODER_CACHE); the encoder calls it on first use, so a fresh machine needs no extra command.

fp32: the traced graph (`traced.onnx`) goes through ONNX Runtime's own transformer optimizer (shipped in
the onnxruntime wheel), which fuses each layer's attention into one Attention op, the embeddings and
their layer norm into EmbedLayerNormalization, residual + layer norm into SkipLayerNormalization and
bias + GELU into BiasGelu; the session's own optimizer does not find the attention fusion. Same
vectors (cosine to sentence-transformers >= 0.99999, tests/test_embedding.py). Only its portable level
is used (hardware-specific rewrites are left to the session at load time). Models whose config is not
BERT's are exported traced, unfused.

int8: onnxruntime's dynamic quantisation (weights per output channel, activations per batch) of the fused
graph's weight MatMuls but the feed-forward outputs, whose GELU inputs have long tails (the same choice as
the torch `@int8` variant); the fused Attention ops stay fp32. Used by `@onnx-int8` and for the documents
of `@onnx-int8-docs`. uint8 activations x int8 weights is the pair VNNI multiplies natively (an AVX2-only
CPU saturates their pair sums in 16 bits, so its vectors differ: settings.DEFAULT_ENCODER); dynamic
quantisation has no int8 x int8 choice. Quantising takes a few seconds once, after the fp32 export. Left out: static quantisation (needs calibration data), fp16 (no speed on CPUs).

Exit codes: 0 exported (or already there); 1 the model cannot be loaded or exported.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import sys
import warnings
from pathlib import Path

from settings import ENCODER_CACHE_ENV, RUNTIME_ENV, encoder_cache

from .errors import ModelLoadError

FORMAT = 3                                   # bump when the export code changes: old exports are redone
OPSET = 17
FUSE = {"model_type": "bert", "opt_level": 1}   # onnxruntime.transformers.optimizer.optimize_model's settings
INT8 = {"ops": ("MatMul",), "per_channel": True, "feed_forward_output": "fp32"}   # fused Attention stays fp32
TRACED_FILE, FP32_FILE, INT8_FILE, META_FILE = "traced.onnx", "model.onnx", "model-int8.onnx", "export.json"
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def export_options() -> dict:
    """Everything that decides the exported files, so the cache folder changes when any of it does: the
    fused ops are onnxruntime's own (com.microsoft), so its version is part of it too."""
    from importlib.metadata import version

    return {"format": FORMAT, "opset": OPSET, "fuse": FUSE, "int8": INT8, "onnxruntime": version("onnxruntime")}


def export_folder(location: str | Path, cache: str | Path | None = None) -> Path:
    """Where the export of the model at `location` lives: one folder per model folder and weights file."""
    location = Path(location).resolve()
    weights = sorted(p for p in location.glob("*.safetensors")) or sorted(location.glob("*.bin"))
    stamp = [str(location), export_options()] + [(p.name, p.stat().st_size) for p in weights]
    key = hashlib.sha256(json.dumps(stamp).encode()).hexdigest()[:16]
    return encoder_cache(cache) / f"{location.name}-{key}"


def ensure_exported(location: str | Path, int8: bool, cache: str | Path | None = None) -> Path:
    """The ONNX file (fp32, or int8 if asked) for the model at `location`, exported now if missing.
    A file lock keeps two processes from exporting the same model at once."""
    from filelock import FileLock

    folder = export_folder(location, cache)
    wanted = folder / (INT8_FILE if int8 else FP32_FILE)
    if wanted.is_file():
        return wanted
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with FileLock(str(folder) + ".lock"):
            if not (folder / TRACED_FILE).is_file():
                export_fp32(location, folder / TRACED_FILE)
            if not int8 and not wanted.is_file():
                fuse(location, folder / TRACED_FILE, wanted)
            if int8 and not wanted.is_file():
                if not (folder / FP32_FILE).is_file():
                    fuse(location, folder / TRACED_FILE, folder / FP32_FILE)
                quantize_int8(folder / FP32_FILE, wanted)          # from the fused graph: QAttention, int8 matmuls
            (folder / META_FILE).write_text(json.dumps({"source": str(Path(location).resolve()), **export_options(),
                                                        "files": sorted(p.name for p in folder.glob("*.onnx"))}) + "\n")
    except OSError as exc:
        raise ModelLoadError(f"cannot write the ONNX export of the model to {folder}: {exc}. Set "
                             f"{ENCODER_CACHE_ENV} to a writable folder, or {RUNTIME_ENV}=torch") from exc
    return wanted


def export_fp32(location: str | Path, target: Path) -> None:
    """Trace the transformer (eager attention: the traced graph must not bake in one padding case)."""
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    try:
        model = AutoModel.from_pretrained(str(location), attn_implementation="eager").eval()
    except Exception as exc:     # OSError, ValueError, HF errors: all mean "cannot load"
        raise ModelLoadError(f"cannot export '{location}' to ONNX: {exc}") from exc

    class Transformer(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    ids = torch.ones(2, 16, dtype=torch.long)
    partial = target.with_suffix(".partial")
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")           # tracer warnings about Python branches on shapes
        torch.onnx.export(Transformer(model), (ids, torch.ones_like(ids), torch.zeros_like(ids)), str(partial),
                          dynamo=False, opset_version=OPSET, input_names=list(INPUTS),
                          output_names=["token_embeddings"],
                          dynamic_axes={n: {0: "batch", 1: "tokens"} for n in (*INPUTS, "token_embeddings")})
    os.replace(partial, target)


def fuse(location: str | Path, source: Path, target: Path) -> None:
    """The fp32 graph with BERT's layers fused (see the module's docstring); a copy for other models."""
    import shutil

    config = json.loads((Path(location) / "config.json").read_text()) if (Path(location) / "config.json").is_file() else {}
    partial = target.with_suffix(".partial")
    if config.get("model_type") != FUSE["model_type"]:
        shutil.copyfile(source, partial)
    else:
        from onnxruntime.transformers.optimizer import optimize_model

        optimize_model(str(source), model_type=FUSE["model_type"], opt_level=FUSE["opt_level"],
                       num_heads=int(config["num_attention_heads"]), hidden_size=int(config["hidden_size"]),
                       use_gpu=False).save_model_to_file(str(partial))
    os.replace(partial, target)


def quantize_int8(source: Path, target: Path) -> None:
    """Dynamic int8 of the fused graph: each weight MatMul becomes an int8 MatMul (uint8 activations x int8
    weights, per output channel: VNNI's native pair) but the feed-forward outputs; the fused Attention ops
    (their QKV projection included) stay fp32. Quantising them too (QAttention) was 0.9 of the time, and
    further from fp32 (mean cosine 0.9976 against 0.9987 on 384 SciFact chunks)."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(source), load_external_data=False).graph
    keep_fp32 = [node.name for node in graph.node if node.op_type == "MatMul" and _feed_forward_output(node)]
    partial = target.with_suffix(".partial")
    # the fused ops are onnxruntime's own, which ONNX's shape inference cannot type: their outputs are float
    # it logs advice for image models ("consider pre-processing") on the root logger, which also sets the
    # root logger up on first use and would print every library's debug lines into the app's log after it
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    logging.disable(logging.WARNING)
    try:
        quantize_dynamic(str(source), str(partial), weight_type=QuantType.QInt8, per_channel=INT8["per_channel"],
                         op_types_to_quantize=list(INT8["ops"]), nodes_to_exclude=keep_fp32,
                         extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
    finally:
        logging.disable(logging.NOTSET)
        root.handlers[:], root.level = handlers, level
    os.replace(partial, target)


def _feed_forward_output(node) -> bool:
    """The feed-forward output MatMul of a BERT layer: `.../output/dense/MatMul`, not the attention's."""
    name = node.name
    return "/output/dense/" in name and "/attention/" not in name


def main(argv: list[str] | None = None) -> int:
    from .embedding import model_location, split_variant
    from settings import DEFAULT_MODEL, MODEL_ENV

    parser = argparse.ArgumentParser(prog="python -m index.export_encoder", description=__doc__.split("\n\n")[0],
                                     epilog=__doc__[__doc__.index("Examples:"):],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=None, help=f"model name or folder (env {MODEL_ENV}; default {DEFAULT_MODEL})")
    parser.add_argument("--out", default=None, help="cache folder (env IVIG_ENCODER_CACHE; default .cache/encoders)")
    parser.add_argument("--no-int8", action="store_true", help="export fp32 only")
    parser.add_argument("--force", action="store_true", help="export again even if the files are there")
    args = parser.parse_args(argv)
    try:
        location = model_location(split_variant(args.model or os.environ.get(MODEL_ENV) or DEFAULT_MODEL)[0])
        if not Path(location).is_dir():
            raise ModelLoadError(f"'{location}' is not a model folder; ONNX export needs the model on disk")
        folder = export_folder(location, args.out)
        if args.force:
            for file in (TRACED_FILE, FP32_FILE, INT8_FILE):
                (folder / file).unlink(missing_ok=True)
        ensure_exported(location, False, args.out)
        if not args.no_int8:
            ensure_exported(location, True, args.out)
    except ModelLoadError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:          # a cache path that cannot be written (settings.encoder_cache)
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for file in sorted(folder.glob("*.onnx")):
        print(f"{file}  {file.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
