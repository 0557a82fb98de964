"""The bot over the real corpus index: cited answers, abstention, follow-ups, emergencies, notes, input checks."""
from __future__ import annotations

import json

import pytest

from bot import DISCLAIMER, InvalidQuestion, validate_question
from helpers import assert_citations_valid, marker_sentences, norm

UNCOVERED = [
    "What is the dose of rituximab for myasthenia gravis?",
    "How does IVIG work in lupus nephritis?",
    "What is the capital of Australia?",
]


@pytest.fixture(scope="module")
def itp_answer(bot):
    return bot.ask("How does IVIG work in ITP?")


def test_itp_answer_is_cited_from_the_documents(itp_answer, stored):
    answer = itp_answer
    assert not answer.abstained and not answer.emergency
    assert answer.retrieved[0] == "ivig-immune-thrombocytopenia"
    assert_citations_valid(answer, stored.documents)
    assert 1 <= len(answer.sentences) <= 5
    assert answer.citations[0].doc_id == "ivig-immune-thrombocytopenia"
    assert "Fc receptor" in answer.text
    assert answer.disclaimer == DISCLAIMER and DISCLAIMER
    assert answer.abstain_reason == "" and answer.note == ""


def test_citations_point_at_index_chunks(itp_answer, stored):
    chunks = {(c.doc_id, c.start, c.end): c for c in stored.chunks}
    for citation in itp_answer.citations:
        chunk = chunks[(citation.doc_id, citation.start, citation.end)]
        assert citation.passage == chunk.text and citation.heading == chunk.heading
        assert "pages" not in citation.meta
        assert citation.meta.get("publisher", "").startswith("Dr.Oracle")


def test_quoted_sentences_are_verbatim_document_text(itp_answer, stored):
    for citation in itp_answer.citations:
        doc = stored.documents[citation.doc_id].text
        quoted = [s for n, s in marker_sentences(itp_answer) if n == citation.n]
        assert sorted(norm(doc[s:e]) for s, e in citation.highlights) == sorted(quoted)


def test_answer_serialises(itp_answer):
    data = json.loads(json.dumps(itp_answer.to_dict()))
    assert data["text"] == itp_answer.text and data["abstained"] is False
    assert [c["n"] for c in data["citations"]] == [c.n for c in itp_answer.citations]
    assert data["citations"][0]["highlights"] == [list(h) for h in itp_answer.citations[0].highlights]
    assert data["retrieved"] == list(itp_answer.retrieved)


@pytest.mark.parametrize("question", [
    "What are the common side effects of IVIG in myasthenia gravis?",
    "How long should I wait after IVIG before getting a vaccine?",
    "What is the role of IVIG in catastrophic antiphospholipid syndrome?",
    "Is there evidence that IVIG helps long COVID?",
])
def test_other_answers_have_valid_citations(bot, stored, question):
    answer = bot.ask(question)
    assert not answer.abstained, answer.text
    assert_citations_valid(answer, stored.documents)
    assert 1 <= len(answer.sentences) <= 5


def test_vaccine_answer_quotes_the_waiting_time(bot):
    answer = bot.ask("How long should I wait after IVIG before getting a vaccine?")
    assert "six weeks" in answer.text
    assert answer.citations[0].doc_id == "ivig-myasthenia-gravis"


@pytest.mark.parametrize("question", UNCOVERED)
def test_abstains_kindly_on_uncovered_questions(bot, stored, question):
    answer = bot.ask(question)
    assert answer.abstained and not answer.emergency
    assert answer.citations == () and answer.sentences == () and "[1]" not in answer.text
    assert answer.text.startswith("I'm sorry")
    assert answer.covers and all(c in answer.text for c in answer.covers)   # the closest documents it has
    assert len(answer.decline) < 600
    assert "doctor" in answer.text
    assert answer.abstain_reason and answer.disclaimer == DISCLAIMER
    assert answer.text == answer.decline and answer.abstain_reason in answer.decline


def test_abstention_names_the_missing_subject(bot):
    assert "rituximab" in bot.ask("What is the dose of rituximab for myasthenia gravis?").abstain_reason
    assert "nephritis" in bot.ask("How does IVIG work in lupus nephritis?").abstain_reason


def test_follow_up_uses_the_conversation(bot, stored):
    answer = bot.ask("how fast does it work?", history=["How does IVIG work in ITP?"])
    assert answer.query != answer.question and "ITP" in answer.query
    assert answer.retrieved[0] == "ivig-immune-thrombocytopenia"
    assert not answer.abstained and "24 hours" in answer.text
    assert_citations_valid(answer, stored.documents)
    # the history is only the earlier user messages: junk entries are ignored
    again = bot.ask("how fast does it work?", history=["", None, "How does IVIG work in ITP?"])
    assert again.query == answer.query


def test_follow_up_with_a_new_subject(bot):
    answer = bot.ask("what about in myasthenia gravis?", history=["How does IVIG work in ITP?"])
    assert answer.query == "How does IVIG work in myasthenia gravis?"
    assert answer.retrieved[0] == "ivig-myasthenia-gravis"
    assert not answer.abstained


@pytest.mark.parametrize("message,kind_words", [
    ("My throat is swelling and I can't breathe during my infusion", "allergic reaction"),
    ("I have crushing chest pain after my infusion", "heart attack"),
    ("My husband's face is drooping and his speech is slurred", "stroke"),
    ("I want to kill myself", "988"),
])
def test_emergency_answer_starts_with_urgent_advice(bot, stored, message, kind_words):
    answer = bot.ask(message)
    assert answer.emergency and not answer.abstained
    assert answer.urgent_advice and answer.text.startswith(answer.urgent_advice)
    assert kind_words in answer.urgent_advice
    assert "emergency" in answer.urgent_advice
    assert answer.disclaimer == DISCLAIMER
    if answer.citations:
        assert_citations_valid(answer, stored.documents)


def test_general_safety_questions_raise_no_alarm(bot):
    for question in ("Can IVIG cause blood clots?", "What are the signs of an allergic reaction?"):
        answer = bot.ask(question)
        assert not answer.emergency and answer.urgent_advice == ""
        assert not answer.text.startswith("This could be a medical emergency")


def test_personal_dosing_question_gets_a_note(bot, stored):
    answer = bot.ask("What dose of IVIG should I take for my ITP?")
    assert not answer.abstained
    assert answer.note and "clinician" in answer.note
    assert answer.text.endswith(answer.note)
    assert_citations_valid(answer, stored.documents)
    general = bot.ask("What is the standard IVIG dose in ITP?")
    assert general.note == ""


@pytest.mark.parametrize("question", ["", "   \n\t ", "x" * 2001, "word " * 500])
def test_invalid_questions_are_refused(bot, question):
    with pytest.raises(InvalidQuestion):
        bot.ask(question)


def test_question_length_limit_is_2000_characters():
    assert validate_question("x" * 2000) == "x" * 2000
    assert validate_question("  How   does IVIG\nwork? ") == "How does IVIG work?"
    with pytest.raises(InvalidQuestion, match="2,000"):
        validate_question("x" * 2001)
    with pytest.raises(InvalidQuestion, match="empty"):
        validate_question(None)


def test_answers_are_deterministic(bot, itp_answer):
    assert bot.ask("How does IVIG work in ITP?") == itp_answer


def test_another_composer_plugs_in(corpus_index, embedder, stored, bot, itp_answer):
    """FirstSentenceComposer quotes the first sentence of the best passage; retrieval, coverage and
    triage stay the bot's, and the answer is checked like any other."""
    from bot import Bot, FirstSentenceComposer
    from index.sentences import looks_like_heading, sentence_spans

    first = Bot(str(corpus_index), embedder=embedder, composer=FirstSentenceComposer)
    answer = first.ask("How does IVIG work in ITP?")
    assert not answer.abstained and len(answer.sentences) == 1 and answer.sentences[0].citations == (1,)
    assert answer.retrieved == itp_answer.retrieved and answer.coverage == itp_answer.coverage
    assert answer.sentences != itp_answer.sentences
    assert_citations_valid(answer, stored.documents)
    citation = answer.citations[0]
    top = first.retriever.search(answer.query, k=1)[0].chunk
    assert (citation.doc_id, citation.start, citation.end) == (top.doc_id, top.start, top.end)
    doc = stored.documents[citation.doc_id].text
    sentences = [(s, e) for s, e in sentence_spans(doc, top.start, top.end) if not looks_like_heading(doc[s:e])]
    assert citation.highlights == (sentences[0],)
    assert first.ask("What is the capital of Australia?").abstained
    assert first.ask("I want to kill myself").emergency


def test_text_is_rendered_from_the_parts(bot):
    """Answer.text: urgent advice, then the quoted sentences with their markers, the decline or the note."""
    answer = bot.ask("What dose of IVIG should I take for my ITP?")
    assert answer.text == "\n\n".join([" ".join(f"{s.text} [{s.citations[0]}]" for s in answer.sentences),
                                       answer.note])
    urgent = bot.ask("I have crushing chest pain after my infusion")
    parts = [urgent.urgent_advice] + ([f"{urgent.lead} " + " ".join(s.marked for s in urgent.sentences)]
                                      if urgent.sentences else [])
    assert urgent.text == "\n\n".join(parts) and urgent.decline == ""
    record = answer.to_record(1.0)
    assert record["answer"] == answer.text
    assert record["sentences"] == [{"text": s.text, "citations": list(s.citations)} for s in answer.sentences]


def test_one_question_is_embedded_once(corpus_index, embedder):
    """The retriever and the composer share the question's model run, the question's frame included (pooled
    from the same run without its subject's words): the model is most of an answer's time."""
    from collections import Counter

    from bot import Bot

    class Counting:
        def __init__(self, inner):
            self.inner, self.calls = inner, Counter()

        def encode_query(self, text):
            self.calls[text] += 1
            return self.inner.encode_query(text)

        def query_tokens(self, text):
            self.calls[text] += 1
            return self.inner.query_tokens(text)

        def __getattr__(self, name):
            return getattr(self.inner, name)

    counting = Counting(embedder)
    bot = Bot(str(corpus_index), embedder=counting)
    counting.calls.clear()
    answer = bot.ask("How long do the effects of IVIG last in ITP?")
    assert answer.sentences and counting.calls == {answer.query: 1}


def test_whole_documents_are_read_only_for_a_name_that_must_occur_as_written(bot, monkeypatch):
    """The coverage check reads the best documents' whole texts only for a name ("Down syndrome") that
    must occur as written; an everyday question (and each suggestion check) never builds them."""
    import bot.engine as engine

    read = []
    original = engine.TitledTexts.__getitem__
    monkeypatch.setattr(engine.TitledTexts, "__getitem__", lambda self, i: read.append(i) or original(self, i))
    assert not bot.ask("How fast does IVIG work in ITP?").abstained and not read
    assert bot.ask("Does IVIG help Down syndrome?").abstained and read
