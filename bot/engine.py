"""The bot: load a built index once, then answer many questions (with optional conversation history).

    from bot import Bot
    bot = Bot()                                   # .index, the bundled model
    answer = bot.ask("How does IVIG work in ITP?")
    follow = bot.ask("how fast does it work?", history=["How does IVIG work in ITP?"])

Order of work for each question: check the input (inputs.validate), triage for emergencies, resolve a
follow-up, retrieve, decide coverage, compose the answer (the extractive composer unless `composer=`
names another), add the notes and define the rare medical terms of the quoted sentences (glossary.py).
Follow-up questions the documents answer (suggest.py) cost a retrieval each, so they are kept off the
answer's path: `ask(..., suggestions=True)` adds them, or `suggestions_for(answer)` computes them once
the answer is shown (the page fills them in a second event). "What does X mean?" for a glossary term that
the documents use but no quoted sentence defines is answered from the glossary: no quoted sentences, `glossary[0]` is
the definition and `note` says where it comes from. The Answer comes back in parts; the edges render it.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Callable, Sequence

from index.accents import fold
from index.embedding import configured_model, load_embedder
from index import aliases as corpus_aliases, vocabulary as corpus_vocabulary
from index.errors import IvigError
from index.vectorstore import open_store

import settings

from .compose import Composed, Composer
from .asking_words import DEPENDING, deciding_verbs
from .coverage import assess
from .extractive import ExtractiveComposer
from .followup import inherited, pointed_at, points_back, resolve, with_subject
from .message_questions import announcements, focus, questions
from .message_subject import subject_words
from .verb_frame import treatment_name, verb_words
from .glossary import for_index
from .alias_terms import AliasTerms
from .class_comparison import weighed_in_kind
from .brands import read_only, unsaid
from .declines import join_or
from .inputs import validate
from .lasting import asks_lasting
from .manner import request_as_question, without_manner
from .passage_words import ANCHOR_PASSAGES
from .retrieval import DEFAULT_ALPHA, HybridRetriever, RecentQueries, ranked_documents
from .request_frame import as_definition, as_request, defined_topic, request_topic
from .synonyms import LAY_TERMS, Neighbours, expand, expansions, phrasal
from .safety import PERSONAL_DOSE_NOTE, asks_personal_dose, triage
from .suggest import candidates, countable_nouns, suggest
from .terms import content_words, words
from .topics import discussed
from .types import MAX_COVERS, Answer, Definition, clean_topic, combine
from .units import asked_units
from .vocabulary import Vocabulary

MAX_HISTORY = 6            # the earlier messages a follow-up is resolved against (the most recent ones)
RETRIEVE_CHUNKS = 50
# said with a follow-up answered on its own (`_in_general`): the documents say nothing more about its subject
# (what they say in general may be said of another condition: "When used to manage a myasthenia gravis flare, ..."
# answers how IVIG is given after a CIDP question, and the note must not pass it off as CIDP's or as general)
IN_GENERAL_NOTE = ("The documents say nothing more about this for {subject}; this is what they say in general or for "
                   "other conditions.")
CHECKED_QUERIES = 4096     # suggestion checks remembered per loaded build


class Bot:
    """composer: a callable (usually a class) that takes the loaded IndexView and `embedder=` (the bot's)
    and returns a Composer."""

    def __init__(self, index: str | None = None, *, model: str | None = None, embedder=None,
                 threshold: float | None = None, alpha: float = DEFAULT_ALPHA, store: str | None = None,
                 composer: Callable[..., Composer] = ExtractiveComposer):
        model = embedder.name if embedder is not None else configured_model(model)
        self.store = open_store(store, index)             # `store`: a URI (default IVIG_STORE, else the folder)
        self.root = self.store.location                   # the index folder, or the store's address
        self.stored = self.store.load(model)              # refuses an index built for another model
        self.embedder = RecentQueries(embedder or load_embedder(model))   # one embedding per question
        self.retriever = HybridRetriever(self.stored, self.embedder, alpha=alpha)
        self.composer = composer(self.stored, embedder=self.embedder)
        if hasattr(self.composer, "other_topic"):           # one map of the terms naming each document, per index
            self.composer.other_topic.subjects = self.retriever.subjects
        self.vocabulary = _vocabulary(self.stored, self.embedder)
        self.aliases = AliasTerms(self.vocabulary.aliases)       # the maintainer's other names (index/aliases.py)
        self.threshold = configured_threshold(threshold)
        self.glossary = for_index(self.stored)
        self.titles = {d.id: d.title for d in self.stored.documents.values()}
        self._countable: frozenset | None = None        # the corpus's count nouns, read on the first suggestions
        self.glossary.define(["warm"])           # loads the word frequencies now, not in the first answer
        self.retriever.subjects.owner            # ...and reads which terms name which document (1.7 s on SciFact)
        # Suggestions come from the build's headings, so the same few are checked again and again.
        self._answerable = lru_cache(maxsize=CHECKED_QUERIES)(self._answerable_query)

    def ask(self, question: str, history: Sequence[str] | None = (), *, suggestions: bool = False) -> Answer:
        """Answer `question`; `history` lists the earlier user messages, oldest first. InvalidQuestion
        says what is wrong with either. A message asking two or three things gets one part per question
        (Answer.parts), each resolved against the questions before it ("... and how fast?").
        `suggestions`: also offer follow-up questions (suggestions_for)."""
        question, history = validate(question, history)
        history = history[-MAX_HISTORY:]
        asked, context = focus(question)
        several = questions(asked) if triage(question) is None else [asked]
        if len(several) < 2:
            answer = self._ask_one(question, history)
        else:
            announced = announcements(asked)
            told = " ".join(filter(None, [context, announced]))   # "Two questions: ..." is told
            earlier = [*history, told] if told else list(history)
            # each part follows the earlier parts as they were read: "does it mean I'm allergic to it?" after "Is that
            # a known side effect?" (which points at the story's fever and headache) points at the fever too. What a
            # part pointed at comes before its own words, which stay what it asked ("Does the dentist need to know?").
            parts: list[Answer] = []
            read: list[str] = []
            for part in several:
                before = [*earlier, *read][-MAX_HISTORY:]
                parts.append(self._ask_one(part, before))
                told = pointed_at(part, before[-1], self.vocabulary.knows, self.vocabulary.is_generic) if before else ""
                read += [told, part] if told else [part]
            answer = combine(question, parts)
            if announced and any(part.abstained for part in parts):
                # announced questions read apart lose the words of the others: "is IVIG even easy to get hold of?"
                # and "does it work by wiping out his immune system?" were declined alone (holdout5, holdout3), and
                # answered in the whole message; a part declined alone is answered as the whole was, unless the whole
                # is declined too ("...: is IVIG used for ITP, and does it cure diabetes?" keeps its answered part)
                whole = self._ask_one(question, history)
                answer = answer if whole.abstained else whole
        return replace(answer, suggestions=self.suggestions_for(answer, history)) if suggestions else answer

    def _ask_one(self, question: str, history: Sequence[str]) -> Answer:
        urgent = triage(question)
        query, searched, hits, coverage, composed = self._compose(question, history)
        carried = inherited(query)[1]
        general = self._in_general(question, history, carried, hits, composed) if carried and not urgent else None
        if general is not None:
            query, searched, hits, coverage, composed = general
        answered = bool(composed.sentences)
        reason = "" if answered else composed.reason or "no passage in them answers it"
        sentences = composed.sentences if answered else ()
        asked = None if urgent else self.glossary.asked(question)
        if asked is not None and (_defines(sentences, asked.term) or not self.mentions(asked.term)):
            asked = None              # the documents answer it themselves, or it is not a term of theirs
        glossary = (asked,) if asked else self.glossary.define(s.text for s in sentences)
        note = PERSONAL_DOSE_NOTE if answered and asks_personal_dose(question) else ""
        if general is not None and answered:
            note = " ".join(filter(None, [IN_GENERAL_NOTE.format(subject=carried), note]))
        if asked:
            sentences, answered, note = (), True, glossary_note(asked)
        citations = composed.citations if sentences else ()
        return Answer(question=question, sentences=sentences, citations=citations,
                      abstained=not answered and not urgent, emergency=urgent is not None, query=query,
                      retrieved=tuple(ranked_documents(hits)), urgent_advice=urgent.advice if urgent else "",
                      note=note, coverage=coverage.score, abstain_reason="" if answered else reason,
                      covers=() if answered or urgent else self.covers(hits), glossary=glossary)

    def suggestions_for(self, answer: Answer, history: Sequence[str] = ()) -> tuple[str, ...]:
        """Follow-up questions to offer after `answer` (asked after `history`): headings near its cited
        passages, each one the bot would answer with a sentence that neither this answer nor the last few
        questions before it quoted ("How IVIG works in ITP?" after "How does IVIG work in ITP?" adds
        nothing). None after an emergency or a decline."""
        if answer.emergency or not answer.citations:
            return ()
        history = list(history)[-MAX_HISTORY:]
        already = quoted(answer.citations).union(
            *(self._would_quote(message, history[:i]) for i, message in enumerate(history)
              if i >= len(history) - RECALLED_ANSWERS))

        def adds(question: str) -> bool:     # answered, and not only with sentences already quoted
            would = self._would_quote(question, [*history, answer.question])
            return bool(would) and not would <= already

        if self._countable is None:
            self._countable = countable_nouns(d.text for d in self.stored.documents.values())
        offered = candidates(self.stored.chunks, self.titles, answer.citations, [answer.question, *history],
                             answer.retrieved, self._countable.__contains__)
        # not a heading writing the head of a compound the question asked, alone: "duration of effect" after "What are
        # the side effects of IVIG in ITP?" reads as the side effects' duration (the composer's compound reading)
        reading = getattr(self.composer, "compounds", None)
        asked = reading.in_question(answer.question) if reading is not None else []
        if asked:
            offered = [q for q in offered if not reading.head_alone(q, asked)]
        return suggest(self._on_topic(offered, answer, history), adds)

    def _on_topic(self, offered: list[str], answer: Answer, history: Sequence[str]) -> list[str]:
        """The offered questions that name no document's subject, or one the conversation named or was answered
        from: after "Is IVIG used for CIDP?" (answered from the autoimmune page) the long-COVID page's sections ("What
        would a trial settle in long COVID?") changed the subject; "How is IVIG produced?" names none and stays."""
        documents = self.retriever.subjects.documents
        spoken = set(documents(" ".join([answer.question, *history]))) | {c.doc_id for c in answer.citations}
        return [question for question in offered if not (named := documents(question)) or named.keys() & spoken]

    def _compose(self, question: str, history: Sequence[str]):
        # a maintainer's alias is asked as its term ("Is Gamunex safe?" as "Is IVIG safe?"); two names of one thing set
        # against each other are declined, since the documents write only what both are (bot/alias_terms.py): "What's
        # the difference between Privigen and Octagam?" was answered with "Immunoglobulin is another term for antibody"
        # once both read as IVIG
        alike = self._alike(question, history)
        question, history = self.aliases.as_terms(question), [self.aliases.as_terms(m) for m in history]
        # "like I'm five", "in plain words" say how to answer, never what about: left out of the search too, or
        # "five" would find "There are five types of immunoglobulins"; and "Explain IVIG" asks "What is IVIG?"
        question = request_as_question(without_manner(question))
        # "Tell me about IVIG", "IVIG?": a request for information or a bare topic asks what it is, and opens with that,
        # when the documents write its name ("Immunization", which they call vaccines, is asked as written). Whether
        # they cover it is judged on the plain request ("Do you have information about Patient Safety?" is declined,
        # and so is "Patient safety?"), never on "What is X?", which any name they write comes close to.
        topic = defined_topic(question)
        requested = ""
        if topic and self.mentions(topic) and not self.unwritten(topic):
            question, requested = as_definition(question), as_request(topic)
        query = self._resolve(question, history)
        # Coverage is decided on the question sentences of a long message (greetings, history and names
        # in passing are not what is asked); the rest is read like an earlier message, for its subject.
        asked, context = focus(question)
        checked = (self._resolve(asked, [*history, context]) if context
                   else self._resolve(requested, history) if requested else query)
        query, searched, hits, coverage, composed = self._compose_query(query, checked, topic, requested)
        if alike:       # declined whatever else it asks, and named for it ("they don't discuss regular" said less)
            composed = Composed((), (), composed.best_score, f"they don't tell {' and '.join(alike)} apart")
        return query, searched, hits, coverage, composed

    def _in_general(self, question: str, history: Sequence[str], carried: str, hits, composed: Composed):
        """A follow-up that inherits a subject the documents only name in passing ("How is it given? (about CIDP)",
        `topics.discussed`) and would quote only what the answer before it quoted is asked of the treatment the
        conversation named, when that quotes something new: after "Is IVIG used for CIDP?" (a page that only lists
        CIDP), "How is it given?" repeated the list sentence. A subject they discuss keeps its answer, repeated or not
        ("and how long do the effects last?" after an ITP answer that said so). None otherwise."""
        if not history or not composed.sentences:
            return None
        texts = TitledTexts([self.stored.documents[d] for d in ranked_documents(hits)])
        if any(discussed(word, self.vocabulary, texts) for word in content_words(carried)):
            return None
        shown = quoted(self._compose(history[-1], history[:-1])[-1].citations)     # as the message was answered
        if not quoted(composed.citations) <= shown:
            return None
        # "it" is the treatment the conversation named ("IVIG"), not the condition it was asked for
        is_treatment = treatment_name(self.vocabulary.is_generic)
        names = list(dict.fromkeys(w for w in content_words(history[-1]) if is_treatment(w)))
        if not names:
            return None
        plain = self._compose_query(with_subject(question, names))
        said = quoted(plain[-1].citations)
        return plain if plain[-1].sentences and not said <= shown else None

    def _alike(self, question: str, history: Sequence[str]) -> list[str]:
        """The names of one thing the question sets against each other (alias_terms.compared), read with what it points
        back at: "how is that different from regular IVIG?" after "Is Gamunex available?"."""
        if not any(map(self.aliases.mentions, [question, *history])):
            return []
        asked, told = focus(question)
        asked = self._resolve(asked, [*history, told] if told else history)
        return self.aliases.compared(asked, self.vocabulary.readings, self.vocabulary.stems_known)

    def _resolve(self, question: str, history: Sequence[str]) -> str:
        """The question as searched after `history` (followup.resolve), with what the corpus's documents name and
        write (a follow-up's own subject, or one it inherits)."""
        subjects = self.retriever.subjects
        return resolve(question, history, self.vocabulary.knows, self.vocabulary.is_generic, subjects.documents,
                       subjects.writers)

    def _compose_query(self, query: str, checked: str | None = None, topic: str = "", requested: str = ""):
        searched = self.widen(query)             # lay words also search the corpus's words for them
        hits = self.retriever.search(searched, k=RETRIEVE_CHUNKS, subject=query)
        best = hits[:ANCHOR_PASSAGES]
        documents = [self.stored.documents[d] for d in dict.fromkeys(hit.chunk.doc_id for hit in best)]
        # A follow-up's subject came from the conversation ("what are the side effects? (about ITP)"): the documents
        # that discuss it are read beside the ones its words found, or coverage would find ITP undiscussed in the
        # side-effect pages. A subject only listed there ("kidney failure") is still only listed.
        _, carried = inherited(checked or query)
        if carried:
            found = self.retriever.search(carried, k=ANCHOR_PASSAGES, subject=carried)
            about = dict.fromkeys(hit.chunk.doc_id for hit in found)
            documents += [self.stored.documents[d] for d in about if self.stored.documents[d] not in documents]
        quotable = [self.stored.documents[d] for d in dict.fromkeys(hit.chunk.doc_id for hit in hits)]
        near = hits[0].dense if hits else 0.0
        if requested:               # how close the documents come to the plain request, not to "What is X?"
            found = self.retriever.search(self.widen(requested), k=RETRIEVE_CHUNKS)
            near = found[0].dense if found else 0.0
        coverage = assess(checked or query, self.vocabulary, near, self.threshold,
                          [hit.chunk.text for hit in best], TitledTexts(documents), message=query,
                          quotable=TitledTexts(quotable))
        # the question's verb is how it asks, not what it is about: "prevent" in "Does IVIG prevent strokes?";
        # nor is a request's frame: "information" in "Do you have information about Immunization"
        asked = request_topic(query) or topic or query
        verbs = {w.lower() for w in verb_words(asked, treatment_name(self.vocabulary.is_generic))}
        # nor the verb of "what decides how ..." or the unit a quantity is asked in: "determines" in "What determines
        # how much IVIG I get?", "grams per kilo" (asking_words.deciding_verbs, units.asked_units) were wanted in the
        # answer's sentences, and declined as "they mention it, but not what you asked about it". (Not every framing
        # word of coverage: without "mostly" a message on what IVIG holds lost its immunoglobulin G sentence, msgs.)
        verbs |= deciding_verbs(asked) | asked_units(asked)
        subject = [w for w in subject_words(asked, self.vocabulary.knows, self.vocabulary.is_generic)
                   if w.lower() not in verbs]
        own = list(subject)                         # the question's own words, before what stands in for them
        subject += [w for word in subject for w in self.vocabulary.related(word)]
        subject += list(coverage.stand_ins)         # the documents' words for the question's: "IgA", "throw up"
        if asked is not query:
            subject += self.unwritten(asked)
        composed = (self.composer.compose(searched, hits, subject) if coverage.covered
                    else Composed((), (), 0.0, coverage.reason))
        # (only of an answer: a decline already names what the documents lack, "diabetes" in "Can Tylenol cure it?")
        drugs = self._unsaid_drugs(asked, own, verbs, composed) if composed.sentences else []
        if drugs:
            composed = Composed((), (), composed.best_score, f"they don't mention {join_or(drugs)}")
        return query, searched, hits, coverage, composed

    def _unsaid_drugs(self, asked: str, own: list[str], verbs: set[str], composed: Composed) -> list[str]:
        """The drugs the question asks about that the documents know only by a reading and that the answer does not say
        by it (brands.unsaid). `own`: the subject words of `asked`. The question's own subject counts, not the
        story's ("… I got a pounding headache … can I take Tylenol?"), but with a story word naming one document's
        subject ("Is ibuprofen ok for my daughter, her platelets are only 20?")."""
        knows, generic = self.vocabulary.knows, self.vocabulary.is_generic
        part, told = focus(asked)
        if part != asked:
            own = [w for w in subject_words(part, knows, generic) if w.lower() not in verbs]
            own += [w for w in subject_words(told, knows, generic)
                    if w not in own and self.retriever.subjects.documents(w)]
        # a lay phrase of the question stands for the documents' words ("low platelets": "immune thrombocytopenia ITP"):
        # "Why give dexamethasone with IVIG for low platelets?" quoted the ITP page's "Concomitant corticosteroids ..."
        # and was declined, the passage holding neither "low" nor "platelets" (decline_probe2)
        own = [*own, *(w for phrase in expansions(part) for w in phrase.split())]
        passages = {c.n: f"{c.title} {c.heading} {c.passage}" for c in composed.citations}
        # a sentence says what its section's heading names: "This combination is particularly important in emergency
        # settings with life-threatening hemorrhage." under "Enhancement with Corticosteroids" says the class of
        # "prednisone" (holdout5's nurse asking whether a steroid goes with IVIG in an ITP bleed was declined)
        headings = {c.n: c.heading for c in composed.citations}
        quoted = [(" ".join([*(headings.get(n, "") for n in s.citations), s.text]),
                   " ".join(passages.get(n, "") for n in s.citations)) for s in composed.sentences]
        stem, readings, written = self.vocabulary.lexical.stem, self.vocabulary.readings, self.vocabulary.stems_known
        missing = unsaid(own, quoted, written, stem, readings)
        # ...nor where the question weighs it against a drug the documents name as one of its class: "Is apixaban as
        # good as warfarin?" (class_comparison)
        drugs = [w for w in read_only(own, written, readings) if w not in missing]
        rivals = [w for w in own if w not in drugs and written(w)]
        return missing + weighed_in_kind(part, drugs, rivals, list(passages.values()), readings, stem)

    def unwritten(self, topic: str) -> list[str]:
        """The corpus words nearest each of a request's topic words that share a stem with the corpus's
        generic vocabulary but that the documents never write: "Immunization" stems like "immune", which
        every passage names, and asks about what the documents call "vaccines"."""
        neighbours = self.vocabulary.neighbours
        if neighbours is None:
            return []
        return [near for word in content_words(topic) if self.vocabulary.is_generic(word)
                and not {word.lower(), word.lower() + "s", word.lower().removesuffix("s")} & neighbours.written
                for near, _ in neighbours(word)]

    def mentions(self, term: str) -> bool:
        """Whether the documents use `term` (every word of it): the glossary explains their words; a
        disease they never mention stays outside what the bot answers."""
        words = re.findall(r"[A-Za-z0-9]+", fold(term))       # "Guillain-Barré" as the vocabulary reads it
        return bool(words) and all(self.vocabulary.knows(w) for w in words)

    def answers(self, question: str, history: Sequence[str] = ()) -> bool:
        """Whether `ask` would answer from the documents (no emergency, no decline), without the extras."""
        return bool(self._would_quote(question, history))

    def _would_quote(self, question: str, history: Sequence[str]) -> frozenset:
        """The sentences `ask` would quote, as (doc id, start, end); none for an emergency or a decline."""
        question, history = validate(question, history)
        # declined as `ask` declines them: an emergency, two names of one thing compared ("Which is best, Privigen or
        # Gamunex?" was offered as answerable)
        if triage(question) is not None or self._alike(question, history[-MAX_HISTORY:]):
            return frozenset()
        question, history = self.aliases.as_terms(question), [self.aliases.as_terms(m) for m in history]
        return self._answerable(self._resolve(question, history[-MAX_HISTORY:]))

    def _answerable_query(self, query: str) -> frozenset:
        return quoted(self._compose_query(query)[-1].citations)

    def widen(self, query: str) -> str:
        """The query, plus the hand list's clinical words and the corpus words near its unknown words."""
        asked = focus(query)[0]
        own = {w.lower() for w in self.vocabulary.content_words(asked)}
        # a brand widens it from the question's own words, or from the story when the question points back at it
        # ("…adding IVIG to my Plaquenil. Has that combination been studied?"); a story's brand beside a question of
        # its own ("I take Tylenol for my back. Do you have information about exercise for children?") found a page
        # on pain relievers first (MedQuAD reworded)
        pointing = points_back(asked)
        verbs = phrasal(query)          # "shot" in "my platelets shot up" is no injection (synonyms._PARTICLE)
        near = [w for word in self.vocabulary.content_words(query) if word.lower() not in verbs
                if pointing or word.lower() in own or not self.vocabulary.readings(word)
                for w in self.vocabulary.related(word)]
        # a phrase of the question's own ("throw up"), not of the story around it ("felt sick for two days")
        near += [w for found in self.vocabulary.paraphrased(asked).values() for w in found]
        # what decides how much is what how much depends on, as documents say it (asking_words.DEPENDING)
        near += [DEPENDING] if deciding_verbs(asked) else []
        # ...and how long an effect lasts as "wear off" is searched: "how long does it keep working?" (lasting.py)
        near += [LAY_TERMS["wear off"]] if asks_lasting(asked) else []
        widened = expand(query)
        return f"{widened} ({' '.join(dict.fromkeys(near))})" if near else widened

    def covers(self, hits) -> tuple[str, ...]:
        """What the documents closest to the question are about: a maintainer's `topic` from
        corpus/sources.yaml, else the title. A few, never a list that grows with the corpus."""
        docs = [self.stored.documents[d] for d in ranked_documents(hits)[:MAX_COVERS * 2]]
        topics = [clean_topic(str(d.meta.get("topic") or d.title)) for d in docs]
        return tuple(dict.fromkeys(topics))[:MAX_COVERS]

class TitledTexts(Sequence[str]):
    """Each document's title and text, built only when read: the coverage check reads them only for a name
    that must occur as written (most questions have none), and suggestion checks run it many times."""

    def __init__(self, documents: Sequence):
        self.documents = documents

    def __len__(self) -> int:
        return len(self.documents)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [f"{d.title}\n{d.text}" for d in self.documents[i]]
        return f"{self.documents[i].title}\n{self.documents[i].text}"


def glossary_note(definition: Definition) -> str:
    """How an answer from the glossary says what it is: the definition and its source, not a cited passage."""
    return (f'From a glossary, not from the documents: "{definition.definition}" '
            f"(source: {definition.source}{', ' + definition.url if definition.url else ''}).")


def _defines(sentences, term: str) -> bool:
    """Whether a quoted sentence defines `term` ("X is a ...", "X — A ...")."""
    pattern = re.compile(rf"\b{re.escape(term)}\b(\s*\([^)]*\))?(,[^,]{{1,60}},)?\s+(is|are|refers to|means|[—–-])\s", re.I)
    return any(pattern.search(s.text) for s in sentences)


RECALLED_ANSWERS = 3       # earlier questions whose quotes a suggestion must go beyond (each is one cached check)


def quoted(citations) -> frozenset:
    """Each quoted sentence of these citations, as (doc id, start, end)."""
    return frozenset((c.doc_id, start, end) for c in citations for start, end in c.highlights)


def _vocabulary(stored, embedder) -> Vocabulary:
    """The coverage vocabulary from the build's manifest, with the maintainer's aliases stored there; an index built
    before it was stored gets its generic words computed now and no word vectors (rebuild it to have them)."""
    manifest = stored.manifest
    generic = corpus_vocabulary.generic(manifest)
    words, vectors = corpus_vocabulary.word_vectors(manifest)
    if "vocabulary" not in manifest:
        generic = corpus_vocabulary.generic_of([f"{d.title}\n{d.text}" for d in stored.documents.values()],
                                               stored.lexical.stem)
    neighbours = Neighbours(words, vectors, embedder) if words else None
    return Vocabulary(stored.lexical, generic, neighbours, corpus_aliases.readings(manifest))


def configured_threshold(threshold: float | None = None) -> float:
    """The abstention threshold: the argument, else IVIG_THRESHOLD, else the calibrated default."""
    try:
        return settings.threshold(threshold)
    except ValueError as exc:
        raise IvigError(str(exc)) from None
