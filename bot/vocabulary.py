"""Which words the corpus knows: by stem, with a fuzzy fallback for typos, a corpus word that ends with a word
("steroids" -> "corticosteroids"), one of its derivational family ("surgical" for "surgery"), the clinical word for a
lay one (synonyms.py), what a brand is (brands.py, and the maintainer's aliases: index/aliases.py), and a patient's
phrase that means a corpus word (paraphrase.py). The coverage check (coverage.py) asks it of each subject word of a
question."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Mapping, Sequence

from index.vectorstore import Analyzer

from .brands import known_brand, readings
from .derivation import Families, unprefixed
from .paraphrase import paraphrased
from .synonyms import Neighbours, clinical_words, lay_key, phrase_words
from .specificity import is_name, named_by_suffix, zipf
from .spelling_variants import other_spellings
from .terms import content_words
from .topic_lists import is_topic
from .typos import by_initial, typo_of

CACHED_WORDS = 50_000       # words whose verdict is remembered: bounded, whatever people type
BRAND_SCORE = 0.9           # a brand's readings in `related`: they stand in, but never make it known by spelling
CACHED_TEXTS = 4096         # texts remembered: a question's paraphrases, a document's lines (topics._units)


class Vocabulary:
    """Which words the corpus knows, by stem, with a fuzzy fallback for typos."""

    def __init__(self, lexical: Analyzer, generic: frozenset = frozenset(), neighbours: Neighbours | None = None,
                 aliases: Mapping[str, tuple[str, ...]] | None = None):
        self.lexical = lexical
        self.aliases = dict(aliases or {})     # {name, lower case: the corpus terms it means} (index/aliases.py)
        self.stems = lexical.vocabulary
        self.generic = generic            # stems every document shares (index/vocabulary.py)
        self.neighbours = neighbours
        self._by_initial = by_initial(self.stems)
        self._surface_by_initial = by_initial(neighbours.words if neighbours is not None else ())
        self._surface_by_stem: dict[str, set[str]] | None = None
        self._families: Families | None = None
        self._knows = lru_cache(maxsize=CACHED_WORDS)(self._knows_word)
        self._related = lru_cache(maxsize=CACHED_WORDS)(self._related_word)
        self._paraphrased = lru_cache(maxsize=CACHED_TEXTS)(
            lambda q, unknown, passages: paraphrased(q, unknown, self.neighbours, passages))

    def knows(self, word: str) -> bool:
        """True when the corpus has the word, or the clinical word for it (see synonyms.py)."""
        return self._knows(word.lower())

    def readings(self, word: str, slips: bool = True) -> tuple[str, ...]:
        """What a brand or drug is, in the documents' words: the corpus maintainer's aliases first ("Gamunex": "IVIG"),
        then the mined brand table (brands.readings: "Tylenol": "acetaminophen", "relievers"; `slips`: a misspelling
        of one too)."""
        return tuple(dict.fromkeys(self.aliases.get(word.lower(), ()) + readings(word, slips)))

    def is_generic(self, word: str) -> bool:
        """A word of the corpus's generic vocabulary: it never decides what a question is about."""
        return self.lexical.stem(word) in self.generic

    def content_words(self, text: str) -> list[str]:
        return content_words(text, self.is_generic)

    def related(self, word: str) -> tuple[str, ...]:
        """Corpus words that stand in for a word the documents never use: a longer corpus word ending
        with it ("steroids" -> "corticosteroids"), a close spelling ("kidnyes" -> "kidneys"), a word of its
        derivational family ("surgery" -> "surgical", derivation.py), else, for
        an everyday word (not a topic's or a drug's name), its nearest corpus words by the model."""
        return tuple(w for w, _ in self._scored(word))

    def _scored(self, word: str) -> tuple[tuple[str, float], ...]:
        if self.neighbours is None or self.stems_known(word):
            return ()
        return self._related(word.lower())

    def _related_word(self, key: str) -> tuple[tuple[str, float], ...]:
        words = self.neighbours.words
        # a brand the corpus lacks: what it is ("Tylenol": "acetaminophen relievers"), below a spelling's 1.0, since a
        # brand is known only by a whole reading (known_brand). A brand the corpus writes widens nothing: "Accutane" in
        # a message about hair loss pulled the isotretinoin page first (consumer measure, cm-hairloss)
        brand = [w for reading in self.readings(key, slips=False) for w in reading.split()]
        if brand:
            return tuple((w, BRAND_SCORE) for w in dict.fromkeys(brand))
        # the other national spelling the corpus writes ("anaemia" where it prints "anemia": spelling_variants.py)
        national = [w for w in other_spellings(key) if self.knows_literally(w)]
        if national:
            return tuple((w, 1.0) for w in national)
        # the singular too ("steroid" -> "corticosteroids": a corpus that writes only the plural)
        longer = [w for w in words if len(key) >= 5 and w.endswith((key, key + "s")) and w != key][:2]
        # a hyphenated name is matched part by part (_knows_part), not as a near spelling of the whole
        typo = (typo_of(key, self._surface_by_initial) or typo_of(self.lexical.stem(key), self._by_initial,
                                                                  english=key)) if "-" not in key else None
        close = [typo] if typo else []
        if longer or close:
            return tuple((w, 1.0) for w in dict.fromkeys(longer + close))
        # a misspelt brand or drug, read as the one it is a slip of ("prednisalone" as "prednisone": brands.slip_of),
        # after the corpus's own spellings, which a word nearer to both means first
        brand = [w for reading in self.readings(key) for w in reading.split()]
        if brand:
            return tuple((w, BRAND_SCORE) for w in dict.fromkeys(brand))
        # the hand list's clinical words for a form or a slip of one of its words ("drips": "infusion intravenous"),
        # below a spelling's 1.0, as a brand's: they stand in and widen the search (the list's own keys widen it in expand)
        lay = lay_key(key)
        if lay and lay != key:
            return tuple((w, BRAND_SCORE) for w in dict.fromkeys(clinical_words(lay)))
        # a word of a corpus word's derivational family: "surgery" for "surgical" (derivation.py)
        family = self._family_table().of(key, self.neighbours.similarity)
        if family:
            return tuple((w, 1.0) for w in family[:2])
        if is_topic(key) or is_name(key):
            return ()
        # a prefix of time on a corpus word: "premedication" (derivation.unprefixed); not a topic's or a name's
        base = unprefixed(key, self.stems_known, zipf)
        if base:
            return ((base, 1.0),)
        return self.neighbours(key)

    def family(self, word: str) -> tuple[str, ...]:
        """The corpus words that stand in for `word` only as its derivational family (derivation.py): "surgical" for
        "surgery"; none when a longer word or a close spelling stands in, or the corpus has the word."""
        scored = self._scored(word)
        if not scored:
            return ()
        kin = set(self._family_table().of(word.lower(), self.neighbours.similarity))
        return tuple(w for w, _ in scored if w in kin)

    def _family_table(self) -> Families:
        """The corpus words' derivational families, built on first use (a pass over the whole vocabulary)."""
        if self._families is None:
            self._families = Families(self.neighbours.words)
        return self._families

    def paraphrased(self, question: str, unknown: Sequence[str] | None = None, passages: Sequence[str] = (),
                    documents: Sequence[str] = ()) -> dict[str, tuple[str, ...]]:
        """{a word of the question the corpus lacks: the corpus words a phrase around it means} (bot/paraphrase.py);
        `unknown`: those words, else the question's content words the corpus does not know; `passages`: the best
        passages, whose two-word phrases may be what the phrase means; `documents`: their documents' whole texts, whose
        runs shaped like the phrase may be (not remembered here: whole texts would make the cache large; the model's
        vectors are remembered by synonyms.Neighbours)."""
        if unknown is None:
            unknown = [w for w in self.content_words(question) if not self.knows(w)]
        # a phrase of the hand list first (synonyms.LAY_TERMS: "sticky blood", which the model places nowhere near
        # the documents' name for it)
        listed = phrase_words(question)
        listed = {w.lower(): listed[w.lower()] for w in unknown if w.lower() in listed}
        unknown = [w for w in unknown if w.lower() not in listed]
        if self.neighbours is None or not unknown:
            return listed
        if documents:
            return {**paraphrased(question, tuple(unknown), self.neighbours, tuple(passages), documents), **listed}
        return {**self._paraphrased(question, tuple(unknown), tuple(passages)), **listed}

    def stems_known(self, word: str) -> bool:
        """The word's stem (or each part's, for "blood-thinner") is in the corpus exactly."""
        parts = [p for p in re.split(r"[-']", word.lower()) if len(p) > 1] or [word.lower()]
        return all(self.lexical.stem(p) in self.stems or p in self.stems for p in parts)

    def knows_literally(self, word: str) -> bool:
        key = word.lower()
        parts = [p for p in re.split(r"[-']", key) if len(p) > 1] or [key]
        return all(self._knows_part(p) for p in parts)

    def _knows_word(self, key: str) -> bool:
        # a lay word by any of its clinical words; a brand only by a whole reading ("relievers", not "hydrochloride"
        # of "sevelamer hydrochloride": bot/brands.py)
        # (the hand list's word also as a patient types it: "drips", "misscarriages": synonyms.lay_key)
        return (self.knows_literally(key)
                or any(self._knows_part(w.lower()) for w in clinical_words(lay_key(key) or key))
                or known_brand(key, self.knows_literally, self.readings) or self.by_spelling(key))

    def listed_only(self, word: str) -> bool:
        """Known only as the hand list's lay word for corpus words (synonyms.LAY_TERMS: "drip" as "infusion")."""
        key = word.lower()
        return not self.knows_literally(key) and bool(lay_key(key)) and self.knows(key)

    def by_spelling(self, word: str) -> bool:
        """Known through a corpus word that ends with it or is spelt nearly like it. Nearness by the
        model alone does not make a word known: "dogs" is near "animal", "euros" near "price", and
        those questions are about something else; such words only widen the search (Bot.widen)."""
        scored = self._scored(word)
        return bool(scored) and scored[0][1] >= 1.0

    def _knows_part(self, part: str) -> bool:
        stem = self.lexical.stem(part)
        if stem in self.stems or part in self.stems:
            if not self._only_other_words(part, stem):
                return True
            return bool(typo_of(part, self._surface_by_initial))      # a slip in the name as written
        return bool(typo_of(part, self._surface_by_initial) or typo_of(stem, self._by_initial, english=part))

    def _only_other_words(self, part: str, stem: str) -> bool:
        """Whether a name by its ending (specificity.named_by_suffix: "hepatitis") has its stem in the corpus only
        through other words ("hepatic"): the ending says what it names, so the word must be there as written
        (a plural aside). Judged from the corpus's surface words (index/vocabulary.py); a stem none of them
        has (a rare word past the list's cap) is taken as known."""
        if self.neighbours is None or not named_by_suffix(part):
            return False
        if self._surface_by_stem is None:
            self._surface_by_stem = {}
            for word in self.neighbours.words:
                self._surface_by_stem.setdefault(self.lexical.stem(word), set()).add(word)
        surface = self._surface_by_stem.get(stem, ())
        return bool(surface) and all(part.rstrip("s") != w.rstrip("s") for w in surface)
