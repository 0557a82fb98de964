"""Removing web-page furniture from captured text, and finding the title and dates it states.

Furniture is recognised by line: sign-up and subscribe prompts, follow-up-question adverts,
review-status and personalisation widgets, subscriber counters, comment teasers, author bios and
short lines that repeat inside one page (footers). Everything from a closing "References" heading
on is dropped. What it leaves alone: any line that reads as content, even a short one.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .sentences import looks_like_heading

CLEANER_VERSION = 2   # bump when reading or cleaning changes: cached cleaned documents are then read again
# One alternation, tried once per line in C (35 separate patterns cost 35 Python calls per line).
_FURNITURE = re.compile("|".join(f"(?:{p})" for p in (
    r"(sign up|log in|sign up log in|resources|powered by|see answer|personali[sz]e|note|text theme"
    r"|submitted|under review|approved|article review status|share|print|menu|advertisement)",
    r"about (us|the authors?|this site|[\w.]*team)",
    r"connect with others who understand\.?",
    r"talk with others who understand\.?",
    r"help us tailor your experience\.?",
    r"which best describes you\?.*",
    r"medical advisory board.*",
    r"educational purpose only.*",
    r".*view editorial policy",
    r"have a (follow-up|follow up) question\?",
    r"our medical a\.?i\..*",
    r"professional medical disclaimer",
    r"this information is intended for healthcare professionals.*",
    r".*assumes no liability.*",
    r".{0,120}\bsubscrib(e|er|ers|ing)\b.{0,120}",
    r"[\d,.]+k? (members|subscribers|followers)",
    r"this site is protected by recaptcha.*",
    r"privacy policy.*",
    r"all updates must be accompanied by.*",
    r"we'd love to hear from you.*",
    r"you'll also get the latest articles.*",
    r"get updates directly to your inbox.*",
    r"(become|sign up to become) a member.*",
    r".*share your story.*",
    r".*in the comments below.*",
    r".*learn more about (him|her|them) here\.?",
    r".*(…|\.\.\.)\s*read more",
    r"an? [\w.]+ member",
    r"read more about .{3,80}",
    r"each reference links to .*",
    r".*\bthe social network for\b.*",
    r"associated topics",
    r"(click|tap) here.*",
    r"cookie(s)? (policy|settings).*",
    r"[^.?!]{1,40} · [^.?!]{1,40}",          # breadcrumbs such as "Treatment · Autonomic"
)), re.I)
_REVIEWED = re.compile(r"medically reviewed by\s+(.+)", re.I)
_DATE_WORDS = (r"((?:January|February|March|April|May|June|July|August|September|October|November|December)"
               r"\s+\d{1,2},\s+\d{4}|\d{4}-\d{2}-\d{2})")
_DATED = re.compile(r"(?:last updated|updated|posted on|published on|published)[:\s]+" + _DATE_WORDS, re.I)
_END_SECTIONS = re.compile(r"(references|bibliography|sources|footnotes)", re.I)
# Reference markers left from superscripts: "within 24 hours. 1" or "macrophages 1, 2." or "trial.1 Reviews".
_REF_AFTER_STOP = re.compile(r"(?<=[.!?)\]])[ \t]+\d{1,2}(?:,[ \t]*\d{1,2})*(?=[ \t]*$|[ \t]+[A-Z(])", re.M)
_REF_GLUED = re.compile(r"(?<=[a-z][.!?])\d{1,2}(?=[ \t]+[A-Z]|[ \t]*$)", re.M)
_REF_BEFORE_STOP = re.compile(r"(?<=[A-Za-z)])[ \t]+(\d{1,2}(?:,[ \t]*\d{1,2})*)(?=\.(?:\s|$))")
_REF_LINE_END = re.compile(r"(?<=[A-Za-z)])[ \t]+(\d{1,2}(?:,[ \t]*\d{1,2})*)[ \t]*$", re.M)
# A number after these words is a quantity, not a reference marker.
_QUANTITY_WORDS = {
    "of", "to", "than", "below", "above", "under", "over", "about", "approximately", "is", "was", "were",
    "are", "be", "grade", "stage", "type", "day", "week", "month", "year", "aged", "age", "score", "scale",
    "level", "count", "n", "and", "or", "by", "at", "from", "group", "phase", "arm", "visit", "cycle",
    "dose", "doses", "table", "figure", "fig", "step", "version", "covid", "class", "factor", "lines",
}


@dataclass(frozen=True)
class Cleaned:
    text: str
    title: str
    meta: dict = field(default_factory=dict)


def clean_text(raw: str, known: dict | None = None) -> Cleaned:
    """Clean one document's raw text. `known` metadata (e.g. a publisher's name) helps spot furniture."""
    known = known or {}
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u200b", "")
    lines = [line.rstrip() for line in text.split("\n")]
    meta: dict = {}
    # The site's own name on a line of its own is a masthead ("Long COVID Atlas (education)" -> "long covid atlas").
    site_names = {re.sub(r"\s*\(.*\)$", "", str(known[k])).strip().lower()
                  for k in ("publisher", "sitename") if known.get(k)}
    repeated = _repeated_short_lines(lines)
    kept: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not stripped:
            kept.append("")
            continue
        if _END_SECTIONS.fullmatch(stripped) and kept:
            break
        # A dateline is the date and little else ("Last updated: January 7, 2026View editorial policy").
        if (found := _DATED.match(stripped)) and len(stripped) - found.end() < 30 and not stripped.endswith("."):
            meta.setdefault("date", found.group(1))
            continue
        if (found := _REVIEWED.fullmatch(stripped)) and len(stripped) < 160:
            meta.setdefault("reviewer", found.group(1).strip())
            continue
        if stripped in repeated or stripped.lower() in site_names or _is_furniture(stripped):
            continue
        kept.append(_normalise_bullet(line))
    paragraphs = _paragraphs(kept)
    paragraphs = _join_broken_words(paragraphs)
    title = known.get("title") or _find_title(paragraphs)
    paragraphs = _drop_repeated_title(paragraphs, title)
    body = "\n\n".join(paragraphs)
    body = _strip_reference_markers(body)
    return Cleaned(text=body.strip(), title=str(title or "").strip(), meta=meta)


def _is_furniture(line: str) -> bool:
    if len(line) > 300:
        return False
    if _FURNITURE.fullmatch(line):
        return True
    return _is_glued_badge(line)


def _is_glued_badge(line: str) -> bool:
    """Widget labels whose words were glued together on capture ("very lowexperimentaltrial arm pending")."""
    if len(line) > 60 or line[-1:] in ".?!:":
        return False
    from wordfreq import zipf_frequency

    return any(len(w) > 14 and w.isalpha() and w.islower() and zipf_frequency(w, "en") == 0
               for w in line.split())


def _repeated_short_lines(lines: list[str]) -> set[str]:
    counts = Counter(line.strip() for line in lines if line.strip())
    return {line for line, n in counts.items()
            if n > 1 and len(line) < 100 and not line.startswith(("•", "-", "*")) and len(line.split()) > 1}


def _normalise_bullet(line: str) -> str:
    stripped = line.strip()
    if stripped[:1] in "•●▪◦–":
        return "• " + stripped[1:].strip()
    return stripped


def _paragraphs(lines: list[str]) -> list[str]:
    """Split lines into paragraphs.

    Blank lines always separate paragraphs. A single line break separates them too (captured web
    pages put one paragraph per line), except after a long line that stops mid-sentence: that is a
    hard-wrapped line (PDF text) whose paragraph goes on. Bullet items stand alone.
    """
    # A paragraph is gathered as a list of pieces and joined once: growing one string line by line
    # copied it at every line, which is quadratic in a long hard-wrapped paragraph.
    paragraphs: list[str] = []
    pieces: list[str] = []
    length = 0
    for line in lines + [""]:
        last = pieces[-1][-1:] if pieces else ""
        if length > 60 and last not in ".!?:;" and line and not line.startswith("• "):
            piece = line if last == "-" else " " + line
            pieces.append(piece)
            length += len(piece)
            continue
        if length:
            paragraphs.append("".join(pieces))
        pieces, length = [line], len(line)
    return [re.sub(r"[ \t]+", " ", p).strip() for p in paragraphs if p.strip()]


_LAST_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]+\Z")   # the lookbehind lets only a word's first letter start a try
_FIRST_WORD = re.compile(r"[A-Za-z]+")


def _join_broken_words(paragraphs: list[str]) -> list[str]:
    """Mend a word split across a paragraph break on capture ("Additionally, I" / "VIG has been ...")."""
    words: Counter | None = None
    out: list[list[str]] = []      # each paragraph as the pieces it was mended from, joined at the end
    for paragraph in paragraphs:
        if out and out[-1][-1][-1:].isalpha() and paragraph[:1].isalpha():
            if words is None:       # counted only when a paragraph ends mid-word, which is rare
                words = Counter(w.lower() for p in paragraphs for w in re.findall(r"[A-Za-z]{3,}", p))
            head = _LAST_WORD.search(out[-1][-1]).group()
            if len(head) == len(out[-1][-1]) and len(out[-1]) > 1:   # the word began in an earlier piece
                head = _LAST_WORD.search("".join(out[-1])).group()
            tail = _FIRST_WORD.match(paragraph).group()
            if words.get((head + tail).lower(), 0) >= 2 and head.lower() not in words:
                out[-1].append(paragraph)
                continue
        out.append([paragraph])
    return ["".join(pieces) for pieces in out]


def _find_title(paragraphs: list[str]) -> str:
    for paragraph in paragraphs[:8]:
        if looks_like_heading(paragraph) and len(paragraph) >= 12:
            return paragraph
    return paragraphs[0][:120] if paragraphs else ""


def _drop_repeated_title(paragraphs: list[str], title: str) -> list[str]:
    """Pages often repeat the title at the start of the first paragraph; keep one copy."""
    if not title:
        return paragraphs
    out = []
    for i, paragraph in enumerate(paragraphs):
        if i < 3 and paragraph.lower().startswith(title.lower()) and len(paragraph) > len(title) + 20:
            rest = paragraph[len(title):].lstrip(" :—-")
            if i > 0 and paragraphs[i - 1].lower() == title.lower():
                paragraph = rest
        out.append(paragraph)
    return out


def _strip_reference_markers(text: str) -> str:
    text = _REF_AFTER_STOP.sub("", text)
    text = _REF_GLUED.sub("", text)

    def unless_quantity(match: re.Match) -> str:
        # The word before the marker, looked for in a short window: slicing the text up to every match
        # made a page of "Word 1." quadratic. Quantity words are far shorter than the window.
        before = match.string[max(0, match.start() - 64):match.start()].rsplit(None, 1)
        word = re.sub(r"\W", "", before[-1]).lower() if before else ""
        return match.group(0) if word in _QUANTITY_WORDS or word.isdigit() else ""

    text = _REF_BEFORE_STOP.sub(unless_quantity, text)
    return _REF_LINE_END.sub(unless_quantity, text)
