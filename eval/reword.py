"""Rewording a clean question the way patients write it: deterministic, seeded per question.

Each rewording adds one or two of: a greeting, a line of history, a typo in a longer word, a brand
or place named in passing, a closing thanks. The question itself is kept, so the subject is still
there; what changes is everything a real message wraps around it.

    python -m eval.reword "What are the symptoms of Graves disease ?" --seed 3
"""
from __future__ import annotations

import argparse
import random
import re
import zlib

GREETINGS = ("Hi,", "Hello there.", "Good morning doctor,", "Hi, hope you can help.", "Dear Sir/Madam,")
HISTORY = ("My mother was diagnosed last year and we are worried.", "I am 54 and have had this for a while.",
           "My son's doctor mentioned this at his last visit.", "I have been reading about it online for weeks.",
           "My husband was told about this at the clinic.")
INCIDENTAL = ("I take Tylenol for my back.", "We live in Ohio.", "I had my flu shot at Walgreens last month.",
              "I live in Manchester.", "I am on Lipitor already.", "We moved to Texas recently.")
CLOSINGS = ("Thanks.", "Thank you so much!", "Any advice appreciated.", "Thanks in advance")
_WORD = re.compile(r"[A-Za-z]{6,}")


def seed_for(key: str, seed: int = 0) -> int:
    """A stable per-question seed (Python's hash() changes between runs)."""
    return zlib.crc32(f"{seed}:{key}".encode())


def typo(text: str, rng: random.Random) -> str:
    """Swap two neighbouring letters inside one longer word (not its first letter)."""
    words = list(_WORD.finditer(text))
    if not words:
        return text
    match = rng.choice(words)
    word = match.group(0)
    i = rng.randrange(1, len(word) - 2)
    changed = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return text[:match.start()] + changed + text[match.end():]


def reword(question: str, key: str, seed: int = 0) -> str:
    """`question` as a patient's message; the same (question, key, seed) always gives the same text."""
    rng = random.Random(seed_for(key, seed))
    body = question.strip()
    body = body[0].lower() + body[1:] if rng.random() < 0.5 and body[:2].isalpha() and not body[:2].isupper() else body
    if rng.random() < 0.6:
        body = typo(body, rng)
    parts = []
    if rng.random() < 0.7:
        parts.append(rng.choice(GREETINGS))
    if rng.random() < 0.6:
        parts.append(rng.choice(HISTORY))
    if rng.random() < 0.5:
        parts.append(rng.choice(INCIDENTAL))
    parts.append(body)
    if rng.random() < 0.4:
        parts.append(rng.choice(CLOSINGS))
    return " ".join(parts)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval.reword", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("question")
    p.add_argument("--key", default="", help="the question's id (default: the question)")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    print(reword(args.question, args.key or args.question, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
