"""Reading a corpus folder into cleaned `Document`s.

Supported: .txt, .md (optional YAML front matter), .html/.htm (main-content extraction with
trafilatura), .pdf (pypdf, page starts kept in `meta["pages"]`), and .jsonl bulk files in the BEIR
layout (`{"_id"|"id", "title", "text", "url"?}` per line). A file or record that cannot be read is
skipped with a reason; the rest of the corpus still loads. Optional per-document metadata comes from
front matter or a sidecar `sources.yaml` at the corpus root; a bad entry there is reported and left
out, and a sidecar that cannot be read at all is reported while the documents still load. Other names for what the
documents write come from an optional `aliases.yaml` beside it (index/aliases.py), read the same way.

Which files are read, and which links are refused, is walk.py's part.
"""
from __future__ import annotations

import bisect
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from settings import MAX_BULK_BYTES, MAX_DOCUMENT_CHARS, MAX_FILE_BYTES, MAX_RAW_CHARS

from . import aliases as alias_file, metadata
from .cleaning import CLEANER_VERSION, clean_text
from .errors import CorpusError, DocumentError
from .walk import OUTSIDE, corpus_files, is_outside

DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")
BULK_SUFFIXES = (".jsonl",)
SIDECAR = "sources.yaml"
_TERM = re.compile(r"(?u)\b\w\w+\b")   # a word as bm25s tokenizes it (its default token pattern)
RAW_KEY = "raw"   # meta key of the input's hash
META_FIELDS = ("title", "url", "publisher", "date", "audience", "author", "reviewer")


@dataclass(frozen=True)
class Document:
    """One cleaned document.

    id: corpus-relative path without extension, or the record id of a .jsonl line.
    title: the document's title (metadata, else found in the text).
    text: cleaned text; chunk and citation offsets point into it.
    source: corpus-relative path of the file it came from (with `:line` for .jsonl records).
    meta: url, publisher, date, audience, pages (PDF page start offsets) where known.
    """

    id: str
    title: str
    text: str
    source: str
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self):
        if not self.id:
            raise ValueError("a document needs an id")

    @property
    def content_hash(self) -> str:
        """What decides whether a document changed: its cleaned text, title and metadata."""
        payload = json.dumps([self.title, self.text, _plain_meta(self.meta)], sort_keys=True, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]

    def page_at(self, offset: int) -> int | None:
        """1-based PDF page holding `offset`, or None for documents without pages."""
        pages = self.meta.get("pages")
        if not pages:
            return None
        return bisect.bisect_right(pages, offset) or 1       # pages holds each page's start offset


@dataclass(frozen=True)
class Skipped:
    """A file or record left out of the index, and why."""

    source: str
    reason: str


@dataclass(frozen=True)
class Corpus:
    documents: tuple[Document, ...]
    skipped: tuple[Skipped, ...]
    aliases: dict = field(default_factory=dict)      # {term: [other names]} (index/aliases.py)


def _plain_meta(meta: dict) -> dict:
    return {k: v for k, v in meta.items() if isinstance(v, (str, int, float, list, bool)) and k != RAW_KEY}


def _raw_hash(data: bytes, meta: dict) -> str:
    """What was read (bytes and sidecar metadata): unchanged input needs no new cleaning."""
    stamp = f"{CLEANER_VERSION}:{json.dumps(meta, sort_keys=True, default=str)}"
    return hashlib.sha1(data + stamp.encode()).hexdigest()[:16]


def load_sidecar(root: Path) -> tuple[dict[str, dict], list[Skipped]]:
    """Metadata by document id from `sources.yaml`, and what was left out of it (with reasons).

    A bad entry (an impossible date, a value that refers to itself, not a mapping) is left out and
    its document still loads with its own metadata; a file that is not YAML at all is left out whole."""
    return _read_yaml(root, SIDECAR, metadata.load_sidecar, "no metadata was taken from it")


def load_aliases(root: Path, documents: Sequence[Document]) -> tuple[dict[str, list[str]], list[Skipped]]:
    """Other names for the documents' terms from `aliases.yaml` ({term: [names]}), and what was left out of it (a
    term the `documents` never write, a name they write, a value that is not a list; index/aliases.py)."""
    entries, skipped = _read_yaml(root, alias_file.FILE, metadata.load_lists, "no aliases were taken from it")
    if not entries:
        return {}, skipped
    text = "\n".join(f"{d.title}\n{d.text}" for d in documents)

    def written(phrase: str) -> bool:
        words = r"\s+".join(re.escape(w) for w in phrase.split())
        return re.search(rf"(?<!\w){words}(?!\w)", text, re.I) is not None

    aliases, problems = alias_file.check(entries, written)
    return aliases, skipped + [Skipped(alias_file.FILE, problem) for problem in problems]


def _read_yaml(root: Path, name: str, parse, nothing: str) -> tuple[dict, list[Skipped]]:
    """`parse`d entries of the corpus root's YAML file `name`, with a Skipped for each problem; `nothing` ends the
    reason when the whole file is left out. No file: nothing, and no problem."""
    path = root / name
    if path.is_dir():             # said, not passed over: the maintainer meant it to be read
        return {}, [Skipped(name, f"a folder, not a file; {nothing}")]
    if not path.is_file():
        return {}, []
    if is_outside(path, root.resolve()):
        return {}, [Skipped(name, OUTSIDE)]
    try:
        entries, problems = parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, DocumentError) as exc:
        return {}, [Skipped(name, f"{_reason(exc)}; {nothing}")]
    return entries, [Skipped(name, problem) for problem in problems]


def load_corpus(root: str | Path, *, progress: bool = False, cache: dict[str, Document] | None = None) -> Corpus:
    """Load and clean every document below `root`. Raises CorpusError when the folder is unusable.

    `cache` maps input hashes (`meta["raw"]`) to documents read before: an unchanged file or record is
    taken from it instead of being parsed and cleaned again (what makes re-indexing fast)."""
    cache = cache or {}
    root = Path(root)
    if root.exists() and not root.is_dir():
        raise CorpusError(f"corpus folder {root} is a file, not a folder")
    if not root.is_dir():
        raise CorpusError(f"corpus folder {root} does not exist")
    sidecar, skipped = load_sidecar(root)
    documents: dict[str, Document] = {}
    files, refused = corpus_files(root, ignore={SIDECAR, alias_file.FILE})
    skipped.extend(Skipped(source, reason) for source, reason in refused)
    iterator = files
    if progress:
        from tqdm import tqdm
        iterator = tqdm(files, desc="Reading", unit="file", leave=False)
    for path in iterator:
        rel = path.relative_to(root).as_posix()
        suffix = path.suffix.lower()
        if suffix not in DOCUMENT_SUFFIXES + BULK_SUFFIXES:
            skipped.append(Skipped(rel, f"unsupported file type '{suffix or path.name}' "
                                        f"(supported: {', '.join(DOCUMENT_SUFFIXES + BULK_SUFFIXES)})"))
            continue
        try:
            if suffix in BULK_SUFFIXES:
                loaded, bad = _read_jsonl(path, rel, sidecar, cache)
                skipped.extend(bad)
            else:
                loaded = [_read_document(path, rel, sidecar, cache)]
        except Exception as exc:  # noqa: BLE001 -- parsers raise anything; one file must not stop the build
            skipped.append(Skipped(rel, _reason(exc)))
            continue
        for doc in loaded:
            if doc.id in documents:
                skipped.append(Skipped(doc.source, f"duplicate document id '{doc.id}' "
                                                   f"(already read from {documents[doc.id].source})"))
            else:
                documents[doc.id] = doc
    aliases, bad = load_aliases(root, list(documents.values()))
    return Corpus(tuple(documents.values()), tuple(skipped + bad), aliases)


def _reason(exc: Exception) -> str:
    """Why a file or record was skipped, for the build report."""
    if isinstance(exc, DocumentError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"cannot be read ({exc.strerror or exc})"
    if isinstance(exc, RecursionError):
        return "nested too deeply to read"
    detail = str(exc).splitlines()[0][:200] if str(exc) else ""
    return f"unreadable ({exc.__class__.__name__}{': ' + detail if detail else ''})"


def _read_document(path: Path, rel: str, sidecar: dict, cache: dict) -> Document:
    size = path.stat().st_size
    if size == 0:
        raise DocumentError("empty file")
    if size > MAX_FILE_BYTES:
        raise DocumentError(f"file is {size / 1e6:.0f} MB, larger than any document "
                            f"(limit {MAX_FILE_BYTES / 1e6:.0f} MB)")
    doc_id = rel.rsplit(".", 1)[0]
    data = path.read_bytes()
    raw_hash = _raw_hash(data, sidecar.get(doc_id) or {})
    if (cached := cache.get(raw_hash)) is not None and cached.id == doc_id and cached.source == rel:
        return cached
    suffix = path.suffix.lower()
    meta: dict = {}
    pages: list[str] | None = None
    if suffix == ".pdf":
        from .formats import read_pdf
        pages, meta = read_pdf(path)
        raw = None
    else:
        raw = _decode(data)
        if suffix in (".html", ".htm"):
            from .formats import read_html
            try:
                raw, meta = read_html(raw)
            except ImportError as exc:        # trafilatura or one of its parsers missing
                raise DocumentError(f"cannot read HTML here ({exc}); install requirements.txt") from exc
        elif suffix in (".md", ".markdown"):
            from .formats import read_markdown
            raw, meta = read_markdown(raw)
    meta = {**meta, **(sidecar.get(doc_id) or {}), RAW_KEY: raw_hash}
    return _make_document(doc_id, rel, raw, meta, pages)


def _make_document(doc_id, source, raw, meta, pages=None, min_chars=1) -> Document:
    # JSON and YAML escapes can spell half a character ("\\ud800"): the tokenizer refuses it and a
    # UTF-8 file cannot hold it, so it becomes U+FFFD here rather than failing the whole build.
    doc_id, raw, meta = _whole_characters(doc_id), _whole_characters(raw), _whole_characters(meta)
    pages = _whole_characters(pages)
    # Metadata fields are text from here on: `title: 5` in sources.yaml or front matter is the title "5",
    # not an int that cleaning trips over (it dropped the whole document).
    meta = {k: (str(v) if k in META_FIELDS and v is not None else v) for k, v in meta.items()}
    raw_chars = sum(map(len, pages)) if pages is not None else len(raw)
    if raw_chars > MAX_RAW_CHARS:          # refused before cleaning, which costs time in proportion
        raise DocumentError(f"text has {raw_chars:,} characters, larger than any document "
                            f"(limit {MAX_RAW_CHARS:,})")
    if pages is not None:
        cleaned_pages = [clean_text(p, meta) for p in pages]
        texts, starts, offset = [], [], 0
        for cleaned in cleaned_pages:
            starts.append(offset)
            texts.append(cleaned.text)
            offset += len(cleaned.text) + 2
        text = "\n\n".join(texts)
        found = {k: v for c in cleaned_pages for k, v in c.meta.items()}
        title = cleaned_pages[0].title if cleaned_pages else ""
        meta = {**found, **meta, "pages": starts}
    else:
        cleaned = clean_text(raw, meta)
        text, title = cleaned.text, cleaned.title
        meta = {**cleaned.meta, **meta}
        if "pages" in meta:          # PDF page offsets live under this key; a page count from front matter does not
            meta["page_count"] = meta.pop("pages")
    if len(text.strip()) < min_chars:
        raise DocumentError("no text left after cleaning")
    if len(text) > MAX_DOCUMENT_CHARS:
        raise DocumentError(f"document has {len(text):,} characters after cleaning, "
                            f"larger than any document (limit {MAX_DOCUMENT_CHARS:,})")
    if not _has_terms(text):
        raise DocumentError("no word that search can index (only stop words, single letters and punctuation)")
    title = str(meta.get("title") or title or doc_id)
    meta = {k: (str(v) if k in META_FIELDS else metadata.plain(v)) for k, v in meta.items() if v not in (None, "")}
    meta.pop("title", None)
    return Document(id=doc_id, title=title, text=text, source=source, meta=meta)


def _whole_characters(value):
    """`value` (text, or lists and dicts of it) with each lone surrogate replaced by U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_whole_characters(v) for v in value]
    if isinstance(value, dict):
        return {_whole_characters(k): _whole_characters(v) for k, v in value.items()}
    return value


_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_terms(text: str) -> bool:
    """Whether BM25 would find a term in `text`: a word of two or more characters that is not an
    English stop word (bm25s's own list, the one lexical.py indexes with)."""
    from bm25s.stopwords import STOPWORDS_EN

    stop = set(STOPWORDS_EN)
    return any(match.group().lower() not in stop for match in _TERM.finditer(text))


def _decode(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise DocumentError("binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"not UTF-8 text (bad byte at position {exc.start}); "
                            "re-save the file as UTF-8") from exc
    control = sum(1 for ch in text[:10000] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if control > 0.01 * min(len(text), 10000) + 5:
        raise DocumentError("binary junk (control characters), not text")
    return text


def _read_jsonl(path: Path, rel: str, sidecar: dict, cache: dict) -> tuple[list[Document], list[Skipped]]:
    size = path.stat().st_size
    if size == 0:
        raise DocumentError("empty file")
    if size > MAX_BULK_BYTES:
        raise DocumentError(f"bulk file is {size / 1e9:.1f} GB, over the {MAX_BULK_BYTES / 1e9:.0f} GB limit")
    documents, skipped = [], []
    with path.open("rb") as handle:
        for number, line in enumerate(handle, 1):
            where = f"{rel}:{number}"
            if not line.strip():
                continue
            try:
                record = json.loads(line.decode("utf-8"))
                if not isinstance(record, dict):
                    raise DocumentError("line is not a JSON object")
                doc_id = str(record.get("_id", record.get("id", ""))).strip()
                if not doc_id:
                    raise DocumentError("record has no '_id' or 'id'")
                raw_hash = _raw_hash(line, sidecar.get(doc_id) or {})
                if (cached := cache.get(raw_hash)) is not None and cached.id == doc_id and cached.source == where:
                    documents.append(cached)
                    continue
                text = record.get("text")
                if not isinstance(text, str) or not text.strip():
                    raise DocumentError("record has no 'text'")
                meta = {k: record[k] for k in META_FIELDS if record.get(k)} | {RAW_KEY: raw_hash}
                meta = {**meta, **(sidecar.get(doc_id) or {})}
                documents.append(_make_document(doc_id, where, text, meta))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                skipped.append(Skipped(where, f"malformed JSON line ({exc.__class__.__name__}: {exc})"))
            except RecursionError:
                skipped.append(Skipped(where, "malformed JSON line (nested too deeply)"))
            except Exception as exc:  # noqa: BLE001 -- one bad record must not stop the file
                skipped.append(Skipped(where, _reason(exc)))
    if not documents and not skipped:
        raise DocumentError("no records in bulk file")
    return documents, skipped
