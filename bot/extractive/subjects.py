"""The question's subject: its names, and which passages and candidates name it.

A name of several words is named by a passage that holds them together ("antiphospholipid antibody syndrome"
names "antiphospholipid syndrome"; "Guillain-Barre syndrome" does not, by the "syndrome" they share); a lay
word is named by its clinical words too ("bleeding disorder": ITP). Terms are cached per chunk and document.
"""
from __future__ import annotations

from functools import lru_cache

from index.vectorstore import IndexView

from ..synonyms import clinical_words, expansions
from ..specificity import is_specific, zipf
from ..terms import clauses, words
from ..topic_lists import is_topic
from ..types import Hit
from .framing import AFTERTHOUGHT
from .selection import MIN_SCORE
from .units import CACHED_CHUNKS, Unit

# A name of several words is named by a passage that holds them all with at most this many other terms among
# them: "antiphospholipid antibody syndrome" (the APS page's title) names "antiphospholipid syndrome".
NAME_GAP = 2
# A subject word at most this common in English (Zipf), or one naming a health topic or something particular
# (topic_lists.is_topic, is_specific), is a name: "vaccines" 3.8, "strokes" 3.8; "peoples" 4.3, "carry" 4.9, "year" 6.0 are
# everyday words, which may be how a question is told (see composer).
EVERYDAY_ZIPF = 4.0


def subject_names(query: str, subject) -> list[tuple[str, ...]]:
    """The names of what `query` is about, from its `subject` words: each run of subject words that stand
    together in it ("Guillain-Barre syndrome", "relieve myasthenia gravis"), and each subject word but a run's
    last, alone. The last word of a name is its head, and says only what kind of thing it names ("syndrome",
    "disease", "counts": English compounds end with their head): alone it names "antiphospholipid syndrome"
    as well as "Guillain-Barre syndrome". The words before it say which one, and do name it alone
    ("myasthenia"). A subject word the query lacks, or has only in brackets, is a name by itself: the bot's
    additions list words there ("(about platelets ITP)", the corpus words near a patient's), not a phrase."""
    wanted = {w.lower() for w in subject}
    runs: list[tuple[str, ...]] = []
    for clause in clauses(AFTERTHOUGHT.sub(" . ", query)):
        run: list[str] = []
        for word in [*words(clause), ""]:
            if word and word.lower() in wanted:
                run.append(word)
            elif run:
                runs.append(tuple(run))
                run = []
    names = [run for run in runs if len(run) > 1] + [(w,) for run in runs for w in (run[:-1] if len(run) > 1 else run)]
    said = {w.lower() for run in runs for w in run}
    names += [(w,) for w in subject if w.lower() not in said]
    return list(dict.fromkeys(names))


def name_words(subject) -> list[str]:
    """The `subject` words that are names, not everyday words (EVERYDAY_ZIPF)."""
    return [w for w in subject if is_topic(w) or is_specific(w) or zipf(w.lower()) < EVERYDAY_ZIPF]


def _together(wanted: list[frozenset], terms: tuple[str, ...]) -> bool:
    """Whether `terms` hold a term of each set of `wanted` within a window as long as the name plus NAME_GAP."""
    width = len(wanted) + NAME_GAP
    anywhere = frozenset().union(*wanted)
    return any(all(found & set(terms[i:i + width]) for found in wanted)
               for i, term in enumerate(terms) if term in anywhere)


class SubjectMatch:
    """Which of one index's passages and candidates name a question's subject."""

    def __init__(self, stored: IndexView):
        self.stored = stored
        self.lexical = stored.lexical
        self.idf = stored.lexical.idf_table()
        self._terms = lru_cache(maxsize=CACHED_CHUNKS)(self._chunk_terms)
        self._segments = lru_cache(maxsize=CACHED_CHUNKS)(self._segment_terms)
        self._title_terms = lru_cache(maxsize=CACHED_CHUNKS)(self._doc_title_terms)
        self._document_terms = lru_cache(maxsize=CACHED_CHUNKS)(self._doc_terms)
        self._paragraphs = lru_cache(maxsize=CACHED_CHUNKS)(self._doc_paragraphs)

    def terms_of(self, subject) -> set:
        """The terms of the `subject` words and of their clinical words."""
        return {t for w in subject for t in self.lexical.terms(" ".join([w, *clinical_words(w)]))}

    def passage_terms(self, hit: Hit) -> frozenset:
        return self._terms(hit.chunk)

    def segments(self, hit: Hit) -> tuple[tuple[str, ...], ...]:
        """The terms of the passage's text, its heading and its document's title, each in order."""
        return self._segments(hit.chunk)

    def _chunk_terms(self, chunk) -> frozenset:
        """Terms of the chunk's title, heading and text."""
        return frozenset(self.lexical.terms(chunk.embedding_text(self.stored.documents[chunk.doc_id].title)))

    def _segment_terms(self, chunk) -> tuple[tuple[str, ...], ...]:
        """The terms of the chunk's text, heading and title, each in order (a name is not split across them)."""
        title = self.stored.documents[chunk.doc_id].title
        return tuple(tuple(self.lexical.terms(text)) for text in (chunk.text, chunk.heading, title))

    def _doc_terms(self, doc_id: str) -> frozenset:
        document = self.stored.documents[doc_id]
        return frozenset(self.lexical.terms(f"{document.title} {document.text}"))

    def _doc_title_terms(self, doc_id: str) -> frozenset:
        return frozenset(self.lexical.terms(self.stored.documents[doc_id].title))

    def _doc_paragraphs(self, doc_id: str) -> tuple[tuple[int, int, frozenset], ...]:
        """The document's paragraphs (its lines of text): start, end and terms."""
        text, out, at = self.stored.documents[doc_id].text, [], 0
        for line in text.split("\n"):
            if line.strip():
                out.append((at, at + len(line), frozenset(self.lexical.terms(line))))
            at += len(line) + 1
        return tuple(out)

    def _paragraph_terms(self, unit: Unit) -> frozenset:
        return frozenset().union(*(terms for start, end, terms in self._paragraphs(unit.doc_id)
                                   if start < unit.end and unit.start < end))

    def _about(self, unit: Unit, hit: Hit, subject_terms: set, asked: frozenset = frozenset()) -> bool:
        """Whether the unit names one of the subject's terms, itself or in its heading or its document's title;
        or says what is `asked` of it in a paragraph naming it. A paragraph is about what it names: "While it is
        not a cure, IVIG can significantly reduce symptoms ..." follows the sentence listing CIDP among the
        conditions IVIG is used in, and answers "Will IVIG cure my CIDP?"; that list sentence alone opened."""
        return bool(subject_terms & (unit.terms | unit.context | self._title_terms(hit.chunk.doc_id))
                    or asked & unit.terms and subject_terms & self._paragraph_terms(unit))

    def about_subject(self, ranked: list[tuple], query: str, subject: list[str], named: frozenset,
                      asked: frozenset = frozenset()) -> list[tuple]:
        """The candidates of `ranked` (score, unit, hit) scored at least MIN_SCORE that name one of the `subject`
        words (`_about`), in a document that names what the subject's names name (see composer). `asked`: the
        terms of what the question asks of its subject (its own words beyond the subject and the corpus's
        generic words: "cure"), which a sentence in a paragraph naming the subject may say instead."""
        subject_terms = self.terms_of(subject)
        naming = set()
        for name in subject_names(query, subject):
            said = [" ".join([name[0], *clinical_words(name[0])])] if (
                len(name) == 1 and self.lexical.stem(name[0].lower()) in named) else []
            naming.update(t for text in [*said, *expansions(" ".join(name))] for t in self.lexical.terms(text)
                          if t in self.idf)
        return [item for item in ranked if item[0] >= MIN_SCORE
                and self._about(item[1], item[2], subject_terms, asked - subject_terms) and (not naming or naming & self._document_terms(item[1].doc_id))]

    def names_subject(self, hit: Hit, names: list[tuple[str, ...]]) -> bool:
        """Whether the passage (its text, heading or title) names one of `names` (`subject_names`): a word by
        its terms (or its lay term's clinical words), a name of several words by all of them together (within
        NAME_GAP extra terms, `_together`), so that "antiphospholipid antibody syndrome" names "antiphospholipid
        syndrome", and does not name "Guillain-Barre syndrome" by the "syndrome" they share."""
        terms = self.passage_terms(hit)
        for name in names:
            phrase = " ".join(name)
            if len(name) == 1:
                if terms & frozenset(self.lexical.terms(" ".join([phrase, *clinical_words(phrase)]))):
                    return True
                continue
            wanted = [frozenset(self.lexical.terms(" ".join([w, *clinical_words(w)]))) for w in name]
            if (all(wanted) and any(_together(wanted, segment) for segment in self._segments(hit.chunk))
                    or any(terms & frozenset(self.lexical.terms(clinical)) for clinical in expansions(phrase))):
                return True
        return False
