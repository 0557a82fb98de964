"""Removing what identifies a person from a short text (a question or a comment) before it is stored.

Replaced, in this order, each by a bracketed tag: web addresses [url], email addresses [email], dates
[date] (3/4/1950, 1950-04-03, 3 April 1950, April 3rd, March 2024, "born 1950"), phone numbers [phone]
(Google's libphonenumber, through `phonenumbers`, for the regions in settings.PHONE_REGIONS and any
number written with +country code), other runs of six or more digits [number] (record, insurance and
NHS numbers), and names after a cue [name] ("my name is …", "call me …", "I'm Jane", "this is Jane",
"Dr Smith").

Left alone on purpose: doses and lab values ("2 g/kg", "400 mg/kg/day", "IgG 7.5 g/L", "150,000"),
"day 5", fractions ("3/4 of the dose"), bare years ("the 2019 guideline"), acronyms after "I'm" ("I'm
ITP positive"). Left out: names with no cue in front of them, street addresses and postcodes, and
lower-case names after "I'm" or "this is", which can't be told from ordinary words without a language
model (presidio and scrubadub need a spaCy or TextBlob model to find names, and none can be downloaded
here). The comment box asks people to leave such details out.
"""
from __future__ import annotations

import re

import phonenumbers

import settings

URL, EMAIL, DATE, PHONE, NUMBER, NAME = "[url]", "[email]", "[date]", "[phone]", "[number]", "[name]"

_URLS = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_EMAILS = re.compile(r"\b[\w.%+-]+@[\w-]+(?:\.[\w-]+)+\b")

# "May", "March" and "Mar" also mean something else: they count as months only when capitalised.
_MONTH = (r"(?:(?i:January|February|April|June|July|August|September|October|November|December"
          r"|Jan|Feb|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)|May|March|Mar)\.?")
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATES = [
    re.compile(r"\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b"),                              # 1950-04-03
    re.compile(r"\b\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})\b"),                    # 3/4/1950, 03.04.50
    re.compile(rf"\b{_DAY}(?:\s+of)?\s+{_MONTH}(?:,?\s+\d{{4}})?(?!\w)"),          # 3rd of April 1950
    re.compile(rf"\b{_MONTH}\s+{_DAY}(?:,?\s+\d{{4}})?\b"),                        # April 3, 1950
    re.compile(rf"\b{_MONTH},?\s+\d{{4}}\b"),                                       # March 2024
    re.compile(r"(?<=\bborn)(?:\s+(?:in|on))?\s+\d{4}\b", re.IGNORECASE),          # born in 1950
]
# Six or more digits, possibly grouped by spaces, hyphens or brackets; not "150,000" nor "7.5".
_DIGIT_RUN = re.compile(r"(?<![\w.,])\(?\d(?:[ \-()]{0,2}\d){5,}(?![\w,]|\.\d)")

_NAME_WORD = r"(?:[A-Z]['’])?[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)?"     # Jane, O'Neill, McDonald, Smith-Jones
_ANY_WORD = r"[A-Za-z][a-z'’-]*"
# After these the next word is a name whatever its case; stop at a word that can't be part of one.
_STRONG = re.compile(r"\b(?:my\s+name\s+is|my\s+name's|name\s*:|call\s+me|i\s+am\s+called|i'm\s+called)\s+"
                     rf"({_ANY_WORD}(?:\s+{_ANY_WORD}){{0,2}})", re.IGNORECASE)
# After these only capitalised words count: "I'm worried" is not a name, "I'm Jane" is.
_WEAK = re.compile(r"\b(?:[Ii]'?m|[Ii]’m|[Ii] am|[Tt]his is|[Ii]t's|[Ii]t is)\s+"
                   rf"({_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})\b")
_TITLED = re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Doctor|Prof|Professor|Nurse|Sister)\.?\s+({_NAME_WORD}"
                     rf"(?:\s+{_NAME_WORD})?)\b")
_NOT_A_NAME = {
    "a", "an", "the", "and", "or", "but", "so", "i", "im", "i'm", "am", "is", "was", "are", "have", "has",
    "had", "been", "be", "from", "in", "on", "at", "of", "to", "for", "with", "by", "who", "which", "that",
    "my", "me", "here", "there", "too", "also", "not", "no", "yes", "just", "born", "age", "aged", "years",
    "year", "old", "please", "thanks", "thank", "hi", "hello", "dear", "can", "could", "would", "will",
    "should", "do", "does", "did", "what", "how", "why", "when", "where", "if", "it", "its", "it's",
}


def redact(text: str) -> str:
    """`text` with every identifier found replaced by its tag; text without any comes back unchanged."""
    text = _URLS.sub(URL, text)
    text = _EMAILS.sub(EMAIL, text)
    for pattern in _DATES:
        text = pattern.sub(lambda m: (" " if m.group(0)[:1].isspace() else "") + DATE, text)
    text = _phones(text)
    text = _DIGIT_RUN.sub(NUMBER, text)
    text = _STRONG.sub(_strong_name, text)
    for pattern in (_WEAK, _TITLED):
        text = pattern.sub(lambda m: _replace_group(m, NAME), text)
    return text


def _phones(text: str) -> str:
    found = sorted((m.start, m.end) for region in settings.phone_regions()
                   for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID))
    merged: list[list[int]] = []
    for start, end in found:                 # regions may find the same number, or overlapping parts of it
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(end, merged[-1][1])
        else:
            merged.append([start, end])
    for start, end in reversed(merged):       # from the end, so the earlier offsets still hold
        text = text[:start] + PHONE + text[end:]
    return text


def _strong_name(match: re.Match) -> str:
    words = match.group(1).split()
    kept = 0
    while kept < len(words) and words[kept].lower().strip("'’") not in _NOT_A_NAME:
        kept += 1
    if not kept:
        return match.group(0)
    rest = match.group(1).split(None, kept)
    tail = rest[kept] if len(rest) > kept else ""
    head = match.group(0)[:match.start(1) - match.start(0)]
    return f"{head}{NAME}{' ' + tail if tail else ''}"


def _replace_group(match: re.Match, tag: str) -> str:
    start, end = match.start(1) - match.start(0), match.end(1) - match.start(0)
    whole = match.group(0)
    return whole[:start] + tag + whole[end:]
