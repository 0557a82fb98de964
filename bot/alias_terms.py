"""A message read with the corpus maintainer's aliases (index/aliases.py) as the terms they stand for: "Is Gamunex
safe?" is asked as "Is IVIG safe?", so the search, the coverage check and the answer's opening read the documents'
own word. And two such names compared ("Which is best, Privigen or Gamunex?") are declined: the documents write only
what both are, so they cannot tell them apart.

A brand of the mined table (bot/brands.py) is not replaced: "Tylenol" is one of the "pain relievers", not the class
itself, and stands in only where the answer quotes its class (brands.unsaid). An alias is its term.
"""
from __future__ import annotations

import re
from typing import Callable, Mapping

from .asking_words import WEIGHING
from .terms import words

# Words that set one thing against another beside asking_words.WEIGHING ("difference", "versus"): the comparatives and
# superlatives a patient judges a product by ("Which brand is best", "Is X better than Y") and "different", "same"
# ("How is Gamunex different from regular IVIG?"). Read only beside two names of one thing; a closed set of English.
COMPARING = frozenset("better best worse worst safer safest stronger strongest gentler milder different same".split())


class AliasTerms:
    """`aliases`: {name, lower case: the terms it means}; a name with one term is replaced by it."""

    def __init__(self, aliases: Mapping[str, tuple[str, ...]]):
        self.aliases = {name: terms[0] for name, terms in aliases.items() if len(terms) == 1}
        names = sorted(self.aliases, key=len, reverse=True)      # "Gamunex-C" before "Gamunex"
        self._pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, names)) + r")(?![\w-])", re.I) \
            if names else None

    def mentions(self, text: str) -> bool:
        """Whether `text` writes one of the aliases."""
        return self._pattern is not None and self._pattern.search(text) is not None

    def as_terms(self, text: str) -> str:
        """`text` with each alias replaced by its term ("Is Gamunex safe?" -> "Is IVIG safe?")."""
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self.aliases[m[1].lower()], text)

    @staticmethod
    def compared(question: str, read_as: Callable[[str], tuple[str, ...]], written: Callable[[str], bool]) -> list[str]:
        """The names `question` sets against each other (WEIGHING, COMPARING) that are one thing to the documents: a
        name it does not write itself (`written`) with a reading (`read_as`: an alias's term, a mined brand's generic)
        beside another such name sharing it, or beside that reading as written. "What's the difference between
        Privigen and Octagam?", "How is Gamunex different from regular IVIG?": the documents write only IVIG."""
        found = words(question)
        if not {w.lower() for w in found} & (WEIGHING | COMPARING):
            return []
        named = {w.lower(): w for w in found if not written(w) and read_as(w)}
        paired = [name for key, name in named.items()
                  if any(set(read_as(name)) & set(read_as(o)) for k, o in named.items() if k != key)]
        if paired:              # "Which IVIG brand is best, Privigen or Gamunex?" sets the two names apart
            return paired
        def said(term: str) -> bool:
            return re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", question, re.I) is not None

        # "How is Gamunex different from regular IVIG?" sets a name apart from what it reads as
        beside = [[name, *filter(said, read_as(name))] for name in named.values()]
        return list(dict.fromkeys(w for names in beside if len(names) > 1 for w in names))
