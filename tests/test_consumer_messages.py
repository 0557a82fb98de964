"""Issue 9: messages written the way people write to a national medical library (eval/consumer_messages.jsonl),
over a consumer-health corpus. Each test is one class of message the bot declined, or answered though its subject
is absent, before the rules it checks:
- a question sentence whose only subject word is its own verb ("What symptoms should he watch for?");
- a history whose passive verb was read as its subject ("My nephew was diagnosed with ...");
- an adverb after the topic's name ("What is atrial fibrillation exactly?");
- a request sentence ("Please send me information about statins.") beside brand names in passing;
- an acronym the documents spell out ("BPH": "benign prostatic hyperplasia");
- a rare word the corpus lacks, asked about after a history whose words the documents hold ("ringworm");
- a relative asked on behalf of ("Is IVIG safe for my mom?"), on the IVIG corpus.

tests/data/consumer/answers.jsonl holds ten MedQuAD answers (CC BY 4.0; see ../shared/benchmarks/medquad), a tiny
stand-in for the 3,000-answer corpus the messages were written against.
"""
from __future__ import annotations

import shutil

import pytest

from helpers import DATA, assert_declined


@pytest.fixture(scope="module")
def consumer_bot(tmp_path_factory, embedder):
    from bot import Bot
    from index import build_index

    base = tmp_path_factory.mktemp("consumer")
    corpus = base / "corpus"
    shutil.copytree(DATA / "consumer", corpus)
    build_index(corpus, base / "index", embedder=embedder, progress=False, full=True)
    return Bot(str(base / "index"), embedder=embedder)


def answered_from(answer, doc_id: str) -> None:
    assert not answer.abstained, answer.abstain_reason
    assert answer.citations and answer.retrieved[0] == doc_id, answer.retrieved[:3]


@pytest.mark.parametrize("message, doc", [
    # the question's own verb ("watch", "look") is how it asks: the history's subject is what it asks about
    ("Hi, my brother was just told he has hemochromatosis (too much iron in the blood). What symptoms should he "
     "watch for?", "5_0000185-4"),
    ("My aunt has hemochromatosis. What signs should she look for?", "5_0000185-4"),
])
def test_a_question_whose_only_subject_word_is_its_verb_takes_the_history_subject(consumer_bot, message, doc):
    answer = consumer_bot.ask(message)
    assert not answer.abstained, answer.abstain_reason
    assert "hemochromatosis" in answer.query.lower()


@pytest.mark.parametrize("message, doc", [
    ("My nephew was diagnosed with Friedreich ataxia. How common is it?", "3_0000388-2"),
    ("Our grandson was recently diagnosed with hemophilia. What is it?", "4_0000455-1"),
])
def test_a_history_passive_verb_is_not_its_subject(consumer_bot, message, doc):
    answered_from(consumer_bot.ask(message), doc)


def test_a_passive_participle_is_a_verb():
    from bot.verb_frame import verb_words

    assert verb_words("My nephew was diagnosed with Friedreich ataxia.") == ["diagnosed"]
    assert verb_words("my brother was just told he has it") == ["told"]
    assert "inherited" not in verb_words("Is Hirschsprung disease inherited?")      # the opening auxiliary's own
    assert verb_words("What is (are) Pendred syndrome ?") == []        # a capitalised word names: no participle


@pytest.mark.parametrize("message, doc", [
    ("My doctor says I have AFib and started me on Eliquis. What is atrial fibrilation exactly?", "4_0000070-1"),
    ("What is hemophilia exactly?", "4_0000455-1"),
    ("What are pinworms specifically?", "4_0000714-1"),
])
def test_an_adverb_after_the_topic_is_not_part_of_its_name(consumer_bot, message, doc):
    answered_from(consumer_bot.ask(message), doc)


def test_an_ly_adverb_is_told_from_an_ly_noun_or_adjective():
    from bot.subject_runs import is_adverb

    assert is_adverb("exactly") and is_adverb("specifically") and is_adverb("easily")
    assert not is_adverb("family") and not is_adverb("elderly", "the") and not is_adverb("Italy")


@pytest.mark.parametrize("message, doc", [
    ("I'm on Lipitor and Zetia. Please send me information about statins.", "4_0000849-1"),
    ("My dad takes Coumadin and lives in Toledo. I'd like information on atrial fibrillation.", "4_0000070-1"),
])
def test_a_request_sentence_is_the_question_and_the_names_beside_it_are_history(consumer_bot, message, doc):
    answered_from(consumer_bot.ask(message), doc)


def test_an_acronym_the_documents_spell_out_is_known(consumer_bot):
    from bot.abbreviations import initialism

    titles = "Hemophilia\nProstate Enlargement: Benign Prostatic Hyperplasia"
    assert initialism("BPH", titles) == "Benign Prostatic Hyperplasia"
    assert initialism("CKD", titles) == "" and initialism("MS", "Multiple Sclerosis") == ""   # two letters match too much
    assert initialism("ALS", "At least six weeks") == ""          # stop words: no name's words
    answer = consumer_bot.ask("my husband has an enlarged prostate and takes Flomax but still gets up 4 times a "
                              "night. what are the treatments for BPH?")
    answered_from(answer, "5_0000208-10")


@pytest.mark.parametrize("message, reason", [
    ("My son has a round itchy patch on his arm, the school nurse said ringworm. How is ringworm treated?",
     "ringworm"),
    ("We have an itchy rash after camping in Maine. Is it impetigo?", "impetigo"),
])
def test_a_rare_word_the_corpus_lacks_is_not_anchored_by_the_history(consumer_bot, message, reason):
    assert_declined(consumer_bot.ask(message), reason)


# ---------------------------------------------------------------- relatives, on the IVIG corpus

@pytest.mark.parametrize("question", [
    "Is IVIG safe for my mom?",
    "Can IVIG help with the autoimmune disease my mom has?",
    "Is IVIG safe for my grandma?",
    "Can my friend get IVIG?",
    "Is IVIG safe for my 80 year old father?",
])
def test_a_relative_asked_on_behalf_of_reads_like_a_pronoun(bot, question):
    answer = bot.ask(question)
    assert not answer.abstained, answer.abstain_reason
    assert answer.citations


@pytest.mark.parametrize("question, reason", [
    ("Is IVIG safe for my dog?", "dog"),
    ("Is IVIG safe for my cat?", "cat"),
    ("Is IVIG safe for my house?", "house"),
    ("Is IVIG safe for children?", "children"),         # a group, not the person asking
])
def test_a_pet_a_thing_or_a_group_stays_the_subject(bot, question, reason):
    assert_declined(bot.ask(question), reason)


def test_asked_for_needs_a_possessive():
    from bot.behalf import asked_for

    assert asked_for("Can IVIG help with the autoimmune disease my mom has?") == {"mom"}
    assert asked_for("My wife's father has Huntington disease") == {"wife", "father"}
    assert asked_for("Is it safe for my mother-in-law?") == {"mother-in-law"}
    assert asked_for("Is IVIG safe for children?") == set() and asked_for("Is IVIG safe for my dog?") == set()


@pytest.mark.parametrize("message, doc", [
    # one sentence that tells, then asks: the told clause is history, and its names are not the subject
    ("I live in Ohio and my doctor put me on Coumadin, what is atrial fibrillation?", "4_0000070-1"),
    ("Is hemochromatosis inherited, my brother in Dallas has it?", "5_0000185-2"),
])
def test_a_told_clause_in_the_asking_sentence_is_history(consumer_bot, message, doc):
    from bot.message_questions import focus

    asked, context = focus(message)
    assert asked.endswith("?") and context and not any(name in asked for name in ("Ohio", "Coumadin", "Dallas"))
    assert not consumer_bot.ask(message).abstained


def test_a_prepositional_lead_stays_in_its_question():
    from bot.message_questions import focus

    assert focus("In ITP, how fast does IVIG work?") == ("In ITP, how fast does IVIG work?", "")


@pytest.mark.parametrize("message, doc", [
    ("Is atrial fibrillation serious?", "4_0000070-1"),
    ("Is hemophilia dangerous?", "4_0000455-1"),
])
def test_a_predicate_adjective_is_not_part_of_the_topic(consumer_bot, message, doc):
    from bot.asked_topic import asked_topic

    assert asked_topic(message, lambda w: False) == message.split()[1:-1]
    answered_from(consumer_bot.ask(message), doc)


def test_a_complement_after_a_pronoun_is_the_topic():
    from bot.asked_topic import asked_topic

    assert asked_topic("Is it skin cancer?", lambda w: False) == ["skin", "cancer"]


def test_a_relative_in_the_history_is_not_the_subject_a_question_inherits(consumer_bot):
    from bot.followup import resolve

    vocabulary = consumer_bot.vocabulary
    story = "My sister, who lives in Toronto, has hemophilia."
    assert resolve("What is the outlook?", [story], vocabulary.knows, vocabulary.is_generic) \
        == "What is the outlook? (about hemophilia)"
    assert not consumer_bot.ask(f"{story} What is the outlook?").abstained


def test_an_indefinite_pronoun_names_no_subject():
    from bot.terms import content_words

    assert "somebody" not in content_words("what is the outlook for somebody with hemophilia?")


@pytest.mark.parametrize("message", [
    "What are the sx of hemochromatosis?",
    "Is there any tx for hemophilia?",
    "How is atrial fibrillation dx'd?",
])
def test_clinical_shorthand_asks_what_kind_of_answer(consumer_bot, message):
    from bot.terms import content_words

    assert not {"sx", "tx", "dx'd"} & {w.lower() for w in content_words(message)}
    assert not consumer_bot.ask(message).abstained


def test_a_run_on_message_asks_from_its_last_question_word(consumer_bot):
    from bot.message_questions import focus

    message = "hi my daughter keeps scratching at night and the Vicks doesnt help anymore what are pinworms"
    assert focus(message) == ("what are pinworms", "hi my daughter keeps scratching at night and the Vicks doesnt "
                                                    "help anymore")
    answered_from(consumer_bot.ask(message), "4_0000714-1")
    # a short one stands as it is, and a question mark says where the question is
    assert focus("I would like to know what is the cause of gallstones")[1] == ""
