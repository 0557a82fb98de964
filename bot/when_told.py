"""When a message says something happened: closed classes of time expressions, each marked by how long ago.

- history: weeks or more ago, a season, a past month or year, an age ("a few months ago", "last winter", "this
  spring", "in 2019", "at 47", "as a child");
- recent: past, but a week ago at most ("yesterday", "last night", "two days ago", "last week");
- now: happening now or just happened ("right now", "tonight", "this morning", "an hour ago").
A time after "since", "for", "over" or "until" tells how long something has lasted ("since last winter"): no date.
Safety reads these to tell a sign told as history from one happening now (`bot.safety`).
"""
from __future__ import annotations

import re

_NUM = r"(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|a few|a couple( of)?|few|several|many|some)"
_SEASON = r"(spring|summer|autumn|fall|winter)"
# "May" only as a name: "in may" is also a verb's ("... it is in may be ...")
_MONTH = r"(january|february|march|april|(?-i:May)|june|july|august|september|october|november|december)"
_DAY = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_KINDS = {
    "history": [
        _NUM + r"\s+(\w+\s+)?(weeks?|months?|years?|decades?)\s+(ago|back|earlier|before)",
        r"(a (long )?while|long|some time|a long time|ages) ago",
        r"(last|that|the other) (month|year|" + _SEASON + r"|christmas|easter)", r"this (year|" + _SEASON + r")",
        r"in (the )?(spring|summer|autumn|winter)",               # not "in the fall": "hurt her head in the fall"
        r"(in|back in|last|early|late|mid-?)\s+(early |late |mid-?)?" + _MONTH,
        r"(in|back in) (19|20)\d\d", r"(back )?in the (19|20)?\d0'?s",
        r"(at (the )?age( of)?|aged) \d+",
        r"when (i|he|she|they|we) (was|were) (\d+|young|younger|little|small|pregnant|an? (child|baby|kid|teen\w*))",
        r"as an? (child|baby|kid|toddler|teen\w*|student)", r"in (my|his|her|their) (teens|twenties|thirties|"
        r"forties|fifties|sixties|seventies|\d0s)",
        r"in the past", r"years ago",
    ],
    "recent": [
        # a week ago is recent: a sign then may still be going on ("my calf swelled up last week" is flagged)
        r"yesterday", r"last night", r"this (week|month)", r"(last|that|the other) week", r"the other (day|night)",
        r"(on|last) " + _DAY,
        _NUM + r"\s+days?\s+(ago|back|earlier)", r"last time",
        r"at (my|his|her|their) last (infusion|visit|appointment|session|dose)",
    ],
    "now": [
        r"right now", r"just now", r"at the moment", r"tonight", r"today", r"this (morning|afternoon|evening)",
        _NUM + r"\s+(minutes?|hours?|mins?|hrs?)\s+(ago|back)", r"(minutes|moments) ago",
    ],
}
_TIME = re.compile("|".join(f"(?P<{kind}{i}>\\b(?:{p})\\b)" for kind, ps in _KINDS.items() for i, p in enumerate(ps)),
                   re.I)
# "at 47", "At 30 I had...": a bare number is an age only next to the event and not a clock time or a measure
# "at 34 weeks", "at 40 degrees", "at 45 minutes into the infusion" are measures, not ages (reviewer: were missed)
_BARE_AGE = re.compile(r"\bat (1[3-9]|[2-9]\d|1[01]\d)\b(?!\s*(:|\.\d|am|pm|o'?clock|h\b|%|percent|\w*(mg|kg|ml)|°|"
                       r"(weeks?|wks?|days?|months?|minutes?|mins?|hours?|hrs?|seconds?|secs?|degrees?|deg|bpm|"
                       r"beats|breaths)\b))", re.I)
# "since last winter", "for a few months", "over the last year": how long, not when
_DURATION = re.compile(r"\b(since|for|over|until|till|throughout|all|every|each|during)\s+(the\s+)?$", re.I)


def times(text: str) -> list[tuple[int, int, str]]:
    """The time expressions in `text` as (start, end, kind), kind one of history, recent, now; in text order."""
    found = []
    for m in _TIME.finditer(text):
        if _DURATION.search(text[max(0, m.start() - 12):m.start()]):
            continue
        name = next(k for k, v in m.groupdict().items() if v is not None)
        found.append((m.start(), m.end(), name.rstrip("0123456789")))
    return found


def bare_age(text: str) -> re.Match | None:
    """A bare "at 47" at the start of `text` (after spaces), or None."""
    return _BARE_AGE.match(text.lstrip()) if text.strip() else None
