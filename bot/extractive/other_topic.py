"""A candidate about another of the corpus's topics than the one the question names.

A question naming one document's subject ("... for ITP", "... in ITP") is answered from that subject's passages;
a sentence from another document that names that document's own subject in its words ("When used to manage a
myasthenia gravis flare, IVIG is usually ... given as one large dose"), and not the question's, answers the
question for another condition. It opened "My daughter got her IVIG for ITP as one big dose in a day. Why not
smaller doses over a week?" and "Where in the body does IVIG do its job in ITP?" ("In myasthenia gravis, these
autoantibodies target receptors on nerve endings, where ..."). The composer's subject check (`off_subject`) missed
them: the question's everyday subject words ("body", "day") were in the other passage. Which terms name which
document's subject is read from the corpus (`subject_terms.owned_terms`: a term nearly all of whose occurrences are
in one document), and only words rare in English name one (RARE_ZIPF, as the retriever reads them): "platelets",
"myasthenia", not "kidneys". A sentence naming no document's subject (the general page's "IVIG therapy is generally
well-tolerated") is about none in particular and stays as it was.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..subject_terms import SubjectTerms
from ..units import without_units
from .units import Unit

NAMED_SHARE = 0.5       # documents the question names: those owning at least this share of its naming terms'
                        # weight beside the one it names most (`SubjectTerms.documents`)
# The words the bot adds in brackets to search with ("Can IVIG cause blood clots? (thrombosis blood clots)") are the
# documents' words for the user's, and may be one page's subject ("thrombosis": the APS page's) that the user never
# named: read as naming, they turned the long-COVID page's "risks including blood clots" away from that question (a
# fact lost on the team set). A follow-up's "(about ITP)" is the subject the conversation named, and stays.
_ADDED = re.compile(r"\s*\((?!about )[^)]*\)")


class OtherTopic:
    """Which candidates speak of another document's subject than the question's."""

    def __init__(self, stored):
        self.stored = stored
        self.subjects = SubjectTerms(stored)
        self._named = lru_cache(maxsize=65536)(self._text_names)

    def _text_names(self, text: str) -> frozenset:
        """The documents whose subject `text` names in words rare in English (`SubjectTerms.documents`, read as the
        retriever reads the question)."""
        return frozenset(self.subjects.documents(text))

    def named_by(self, query: str) -> frozenset:
        """The documents `query` names at all, however little (the bot's added words left out)."""
        return frozenset(self._read(query))

    def _read(self, query: str) -> dict[str, float]:
        """The documents `query` names, with their shares (`SubjectTerms.documents`): not by the words the bot added,
        nor by a unit it counts in ("mg/kg" names no MG)."""
        return self.subjects.documents(without_units(_ADDED.sub(" ", query)))

    def names(self, unit: Unit) -> frozenset:
        """The documents whose subject `unit` names, in its words or its heading's."""
        return self._named(unit.text) | self._named(unit.heading)

    def test(self, query: str):
        """A test of (unit) -> whether it names another document's subject and not one `query` names; None when
        `query` names no document's subject."""
        named = frozenset(doc for doc, share in self._read(query).items() if share >= NAMED_SHARE)
        if not named:
            return None

        def other(unit: Unit) -> bool:
            if unit.doc_id in named:
                return False
            names = self.names(unit)
            return bool(names) and not names & named

        return other
