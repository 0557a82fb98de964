"""Terms that name one document's subject, read from the corpus: a term the corpus writes at least OWNED_MIN times,
OWNED_SHARE or more of them in one document ("APS", "platelets", "myasthenia"), belongs to that document.

A question that writes such a term asks about that document's subject, whichever passage its other words come
closest to: "How often is IVIG given for APS, and for how long?" found the myasthenia page's "how often" passage
first, although only the APS page says "monthly ... 12-24 months". Chunk-level BM25 cannot tell this: a term every
chunk of one document writes is common among chunks, so its IDF is low. A word many documents share ("blood",
"infusion") belongs to none and weighs nothing.
"""
from __future__ import annotations

import re
import threading
from collections import Counter

from .message_subject import RARE_ZIPF
from .specificity import zipf

_WORD = re.compile(r"\w\w+")
OWNED_SHARE = 0.9      # swept on the tune sets (holdout2/3/4, ivig_holdout, the team set, openings tune), before the
OWNED_MIN = 3          # everyday-word check below: 0.8 / 0.9 / 0.95 share and 2 / 3 / 4 occurrences; 0.9 and 3 gained
                       # most (+4 hit@1) and lost none; 2 occurrences or a 0.8 share made "kidneys" or "made" one
                       # page's and lost 3 to 6 questions
WRITERS_DEPTH = 16384  # chunks `writers` reads (the most one Milvus search gives): past any rare word's share


class SubjectTerms:
    """Which document owns each term of an index (computed once, when first read, from its documents)."""

    def __init__(self, stored):
        self.stored = stored
        self._owner: dict[str, str] | None = None
        self._chunk_documents: dict[str, str] | None = None
        self._lock = threading.Lock()

    @property
    def owner(self) -> dict[str, str]:
        with self._lock:
            if self._owner is None:
                self._owner = owned_terms(self.stored)
            return self._owner

    def documents(self, text: str) -> dict[str, float]:
        """The documents whose subject `text` names, each with the share of the text's owned terms it owns over
        the most any document owns (1.0 for the one it names most; empty when it names none)."""
        # a word English uses every day names no condition, wherever one document happens to write it: "online" in
        # "I have been reading about it online" was a MedQuAD page's own (it cites an online database)
        # ...and the rarer in English, the more a word names: "weighs" (a child's weight; the long-COVID page's "weigh
        # the evidence") beside "ITP" named both pages alike, and the long-COVID page came first for an ITP dose
        rarity = {}
        for w in _WORD.findall(text):
            if zipf(w) < RARE_ZIPF:
                for t in self.stored.lexical.terms(w):
                    rarity[t] = max(rarity.get(t, 0.0), RARE_ZIPF - zipf(w))
        counts: Counter = Counter()
        for t, weight in rarity.items():
            if t in self.owner:
                counts[self.owner[t]] += weight
        if not counts:
            return {}
        most = max(counts.values())
        return {doc: n / most for doc, n in counts.items()}

    def writers(self, word: str) -> frozenset[str]:
        """The documents that write `word` in any form search reads as it ("blocking": the pages writing "block",
        "blocks"); none for a word no document writes."""
        if self._chunk_documents is None:
            self._chunk_documents = {c.id: c.doc_id for c in self.stored.chunks}
        found = self.stored.lexical_search(word, min(len(self._chunk_documents), WRITERS_DEPTH))
        return frozenset(self._chunk_documents[chunk] for chunk, _ in found)


def owned_terms(stored) -> dict[str, str]:
    """term -> the document that writes OWNED_SHARE or more of its OWNED_MIN or more occurrences (title included)."""
    if len(stored.documents) < 2:
        return {}                       # one document owns everything: nothing to tell apart
    where: dict[str, Counter] = {}
    # each piece between spaces analysed once (no term spans a space, so the terms are the text's): analysing every
    # occurrence took 8 s on SciFact
    analysed: dict[str, list[str]] = {}
    for doc in stored.documents.values():
        counts: Counter = Counter()
        for piece, n in Counter(f"{doc.title}\n{doc.text}".split()).items():
            if piece not in analysed:
                analysed[piece] = stored.lexical.terms(piece)
            for term in analysed[piece]:
                counts[term] += n
        for term, n in counts.items():
            where.setdefault(term, Counter())[doc.id] = n
    owner = {}
    for term, counts in where.items():
        doc, n = counts.most_common(1)[0]
        if n >= OWNED_MIN and n >= OWNED_SHARE * sum(counts.values()):
            owner[term] = doc
    return owner
