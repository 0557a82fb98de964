"""Format readers that turn a file into raw text plus whatever metadata the format carries.

Cleaning happens afterwards, the same way for every format (see cleaning.py).
"""
from __future__ import annotations

import re
from pathlib import Path

from .errors import DocumentError
from .metadata import load_front_matter

# The fences are single lines: "\s*" after the opening one could also take the blank lines that follow,
# and each of those starting points rescanned the rest of the file for the closing fence.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
# Each pattern below scans at most to the next place another match could start (the character classes
# leave out "[" and newlines, bullets are found per line), so a line of 100,000 "[a](" or a file of
# 100,000 blank lines is read in one pass instead of one pass per starting point.
_HEADING = re.compile(r"^#{1,6}\s+", re.M)
_BULLET = re.compile(r"^[ \t]*[-*+][ \t]+", re.M)
_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]\([^)\[\n]*\)")
_LINK = re.compile(r"\[([^\[\]\n]+)\]\([^)\[\n]*\)")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


def read_markdown(raw: str) -> tuple[str, dict]:
    """Front matter becomes metadata; heading markers and emphasis are dropped, text kept."""
    meta: dict = {}
    match = _FRONT_MATTER.match(raw)
    if match:
        try:
            meta = load_front_matter(match.group(1))
        except DocumentError as exc:
            raise DocumentError(f"front matter: {exc}") from None
        raw = raw[match.end():]
    heading = re.search(r"^#\s+(.+)$", raw, re.M)
    if heading and "title" not in meta:
        meta["title"] = heading.group(1).strip()
    text = _HEADING.sub("", raw)
    text = _BULLET.sub("• ", text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    return text, meta


def read_html(raw: str) -> tuple[str, dict]:
    """Main content through trafilatura (navigation, ads and footers left out)."""
    import trafilatura

    text = trafilatura.extract(raw, include_comments=False, include_tables=True, favor_recall=True)
    if not text:
        raise DocumentError("no main content found in the HTML page")
    meta: dict = {}
    found = trafilatura.extract_metadata(raw)
    if found is not None:
        for key in ("title", "url", "date", "author"):
            value = getattr(found, key, None)
            if value:
                meta[key] = value
        if getattr(found, "sitename", None):
            meta["publisher"] = found.sitename
    return text, meta


def read_pdf(path: Path) -> tuple[list[str], dict]:
    """Text of each page (page numbers are kept so citations can name them)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception as exc:  # pypdf raises several types, e.g. when AES support is missing
                raise DocumentError(f"encrypted PDF that cannot be opened ({exc})") from exc
            if not opened:
                raise DocumentError("encrypted PDF (needs a password)")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
    except DocumentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentError(f"unreadable PDF ({exc.__class__.__name__}: {exc})") from exc
    if not any(p.strip() for p in pages):
        raise DocumentError("PDF has no extractable text (scanned images?)")
    meta = {}
    title = getattr(info, "title", None) if info else None
    if title:
        meta["title"] = str(title)
    return pages, meta
