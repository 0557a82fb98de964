"""A follow-up, or a later part of one message, whose own words name no document's subject takes the conversation's
(bot.followup.resolve with `names_document`); one that names its own keeps it."""
from __future__ import annotations

import re

import pytest

from bot.followup import resolve

# a stand-in corpus: one page about ITP (which owns "ITP" and "platelets"), one about myasthenia gravis
KNOWN = {"itp", "ivig", "myasthenia", "gravis", "spleen", "immune", "system", "attacking", "platelets", "organ",
         "steroids", "diabetes", "respond", "rash", "blocking", "drip", "begin"}


def knows(word: str) -> bool:
    return word.lower() in KNOWN


def generic(word: str) -> bool:
    return word.lower() == "ivig"


def names(text: str) -> dict[str, float]:
    owned = (("itp-page", r"\b(itp|platelets)\b"), ("mg-page", r"\bmyasthenia\b"))
    return {doc: 1.0 for doc, pattern in owned if re.search(pattern, text, re.I)}


# the words each page writes ("drip" none: the stand-in corpus knows it only as a reading of "infusion")
WRITTEN = {"rash": {"mg-page"}, "blocking": {"itp-page"}, "spleen": {"itp-page", "mg-page"}}


def writers(word: str) -> set[str]:
    return WRITTEN.get(word.lower(), set())


def test_a_definite_phrase_of_no_document_points_back():
    question, earlier = "how quickly does the spleen respond?", ["Which organ does IVIG act on in ITP?"]
    assert resolve(question, earlier, knows, generic) == question           # without the documents' subjects
    resolved = resolve(question, earlier, knows, generic, names)
    assert resolved.startswith(question) and resolved.endswith("ITP)")


def test_a_question_naming_its_own_document_keeps_it():
    question = "how quickly do the platelets respond?"
    assert resolve(question, ["Is IVIG used in myasthenia gravis?"], knows, generic, names) == question


def test_a_new_subject_without_the_keeps_it():
    question = "what does a spleen do?"
    assert resolve(question, ["Which organ does IVIG act on in ITP?"], knows, generic, names) == question
    # the phrase "the" opens ends at a stop word: "steroids" here is the question's own
    question = "Does IVIG take the place of steroids?"
    assert resolve(question, ["My sister has myasthenia gravis."], knows, generic, names) == question


def test_a_word_the_corpus_lacks_stays_the_subject():
    question = "is the spleen safe for dogs?"
    assert resolve(question, ["Does IVIG cure diabetes?"], knows, generic, names) == question


def test_a_bare_question_takes_the_condition_the_question_before_it_inherited():
    story, earlier = "My niece has myasthenia gravis.", "What is her immune system attacking?"
    question = "is IVIG needed for good?"
    assert resolve(question, [story, earlier], knows, generic).endswith("(about immune system attacking)")
    assert resolve(question, [story, earlier], knows, generic, names) == f"{question} (about myasthenia gravis)"
    # a pronoun still points at the question just before it
    assert "attacking" in resolve("how does it do that?", [story, earlier], knows, generic, names)


def test_an_elliptical_follow_up_still_reframes():
    resolved = resolve("and in myasthenia gravis?", ["Is IVIG used in ITP?", "What is the immune system attacking?"],
                       knows, generic, names)
    assert "myasthenia gravis" in resolved and "(about" not in resolved


def test_parts_of_one_message_inherit_the_conversation_subject(bot):
    first, second = bot.ask("Which organ does IVIG act on in ITP, and how fast does the blocking happen?").parts
    assert not second.abstained and second.query.endswith("ITP)")
    assert "ivig-immune-thrombocytopenia" in {c.doc_id for c in second.citations}
    message = ("Hi, my nephew (15) was just diagnosed with myasthenia gravis in Cork. What are his antibodies going "
               "after, and will IVIG be needed for good?")
    first, second = bot.ask(message).parts
    assert second.query.endswith("(about myasthenia gravis)")
    opening = {c.doc_id for c in second.citations if c.n in second.sentences[0].citations}
    assert opening == {"ivig-myasthenia-gravis"}


def test_a_definite_phrase_points_back_only_at_a_subject_whose_documents_write_it():
    earlier = ["Can IVIG treat ITP?"]
    for question in ("how soon does the blocking begin?", "how quickly does the spleen respond?"):
        assert resolve(question, earlier, knows, generic, names, writers).endswith("(about ITP)")
    # the ITP page never writes "rash": the rash is the question's own subject, not something ITP's page told
    question = "how many days will the rash last?"
    assert resolve(question, earlier, knows, generic, names, writers) == question
    assert resolve(question, ["Is IVIG used in myasthenia gravis?"], knows, generic, names, writers).endswith(
        "(about myasthenia gravis)")
    # a word the documents only know by a reading tells nothing of where it is written
    assert resolve("when does the drip start?", earlier, knows, generic, names, writers).endswith("(about ITP)")


@pytest.mark.parametrize("conversation", [
    ["Can IVIG treat ITP?", "how many days will the rash last?"],
    ["Can IVIG treat ITP?", "why do I get the headache?"],
])
def test_a_side_effect_after_a_condition_is_asked_on_its_own(bot, conversation):
    *history, question = conversation
    answer = bot.ask(question, history)
    assert answer.query == question and answer.abstained, (answer.query, [s.text for s in answer.sentences])
    assert not bot.answers(question, history)


def test_a_later_part_naming_a_side_effect_keeps_it(bot):
    first, second = bot.ask("What does ITP stand for? And how many days does the headache go on for?").parts
    assert not first.abstained
    assert "(about" not in second.query and second.abstained
    assert "headache" in second.abstain_reason


def test_a_fragment_naming_only_the_treatment_asks_the_question_before_it_again():
    for question in ("and IVIG?", "what about IVIG?", "How about the IVIG?"):
        assert resolve(question, ["Does IVIG cure diabetes?"], knows, generic, names, writers) == \
            "Does IVIG cure diabetes?"
    # ...itself read after what it followed
    assert resolve("and IVIG?", ["Is IVIG used in ITP?", "and in myasthenia gravis?"], knows, generic, names) == \
        "Is IVIG used in myasthenia gravis?"
    # not a fragment that asks something of its own, nor one after a story, nor after a question of another drug
    for question, earlier in (("and does IVIG respond?", "Does IVIG cure diabetes?"),
                              ("what about IVIG for diabetes?", "Is IVIG used in ITP?"),
                              ("what about the IVIG dose?", "Does IVIG cure diabetes?"),
                              ("and IVIG?", "My son has ITP."),
                              ("what about IVIG?", "Do steroids help ITP?")):
        assert resolve(question, [earlier], knows, generic, names, writers) != earlier


def test_a_follow_up_the_documents_say_nothing_more_on_is_answered_in_general(bot):
    """A condition one page only lists ("CIDP") answers "is it used?"; a follow-up about the treatment itself used to
    repeat that list sentence, the only one naming CIDP. It is answered from what the documents say of the treatment,
    and says so; one the documents do answer for the subject is answered for it, without the note."""
    first = bot.ask("Could CIDP be treated with IVIG?")
    assert first.sentences
    shown = {s.text for s in first.sentences}
    then = bot.ask("how do they give it to you?", ["Could CIDP be treated with IVIG?"])
    assert then.sentences and not {s.text for s in then.sentences} <= shown
    assert "CIDP" in then.note and "in general" in then.note
    # ...and after a message that tells a story before it asks, as the chat sends it
    told = "Hello, my brother has just been told he has CIDP. Do doctors use IVIG for it?"
    assert "in general" in bot.ask("how do they give it to you?", [told]).note
    # the documents say how long the effect lasts in ITP: answered for ITP, no note
    itp = bot.ask("and how long do the effects last?", ["How does IVIG work in ITP?"])
    assert itp.sentences and "in general" not in itp.note
    assert {c.doc_id for c in itp.citations} == {"ivig-immune-thrombocytopenia"}
