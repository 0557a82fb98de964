"""Issue 9: the learned question-type model picks the opening sentence; two questions in one message."""
from __future__ import annotations

import pytest

from bot import Bot
from bot.__main__ import render_text
from bot.message_questions import questions
from bot.qtype import MODEL_FILE, load
from ui.render import answer_message


@pytest.fixture(scope="module")
def types():
    return load()


def test_the_model_file_is_small_names_its_data_and_beat_chance_when_trained(types):
    assert MODEL_FILE.stat().st_size < 200_000
    assert len(types.types) == 15 and "MedQuAD" in types.source and "CC BY 4.0" in types.source
    held = types.held_out
    assert held["question_accuracy"] >= held["majority"] + 0.5       # measured on foci it never saw
    assert held["sentence_per_type"] >= 5 / len(types.types)          # chance is 1/15 per type


# Worded the way patients write, not in MedQuAD's templates: the model must carry over.
@pytest.mark.parametrize("question, expected", [
    ("what signs should I watch for with lupus?", "symptoms"),
    ("how do doctors treat kawasaki disease?", "treatment"),
    ("can my kids inherit my condition from me?", "inheritance"),
    ("why do people get gout in the first place?", "causes"),
    ("how many people have sarcoidosis?", "frequency"),
    ("which tests show whether I have celiac disease?", "exams and tests"),
])
def test_question_types_of_patient_wording(types, embedder, question, expected):
    assert types.predict(embedder.encode_query(question)) == expected


# Every sentence names the disease, so word overlap cannot tell them apart: the type has to.
KESTREL = """Kestrel syndrome

Kestrel syndrome is a rare disorder of the small blood vessels that was first described in 1987.
People with Kestrel syndrome often have a fever, joint pain, tiredness and a red rash on the cheeks.
For Kestrel syndrome, doctors usually give anti-inflammatory medicines, and steroids when a flare is severe.
Kestrel syndrome is passed down in an autosomal dominant pattern, so one altered copy of the gene is enough.
Kestrel syndrome results from changes in the KSTR1 gene, which makes a protein that controls inflammation.
A blood test and a skin biopsy are used to confirm Kestrel syndrome.
"""


@pytest.fixture(scope="module")
def kestrel(tmp_path_factory, embedder):
    from index import build_index

    base = tmp_path_factory.mktemp("kestrel")
    (base / "corpus").mkdir()
    (base / "corpus" / "kestrel.txt").write_text(KESTREL, encoding="utf-8")
    build_index(base / "corpus", base / "index", embedder=embedder, progress=False, full=True)
    return Bot(str(base / "index"), embedder=embedder)


@pytest.mark.parametrize("question, opening", [
    ("What are the symptoms of Kestrel syndrome?", "People with Kestrel syndrome often have a fever"),
    ("What are the treatments for Kestrel syndrome?", "For Kestrel syndrome, doctors usually give"),
    ("Is Kestrel syndrome inherited?", "Kestrel syndrome is passed down"),
    ("How do doctors diagnose Kestrel syndrome?", "A blood test and a skin biopsy"),
])
def test_a_typed_question_opens_with_a_sentence_of_its_type(kestrel, question, opening):
    answer = kestrel.ask(question)
    assert not answer.abstained and answer.sentences[0].text.startswith(opening)


@pytest.mark.parametrize("message, expected", [
    ("how does IVIG work for ITP and how fast?", ["how does IVIG work for ITP?", "how fast?"]),
    ("is it safe in pregnancy? also what's the dose?", ["is it safe in pregnancy?", "what's the dose?"]),
    ("What is IVIG and how is it given?", ["What is IVIG?", "how is it given?"]),
    ("Is IVIG safe and effective?", ["Is IVIG safe and effective?"]),
    ("How long and how often is it given?", ["How long and how often is it given?"]),
])
def test_questions_in_a_message(message, expected):
    assert questions(message) == expected


def test_two_questions_get_two_answered_parts_with_one_numbering(bot):
    answer = bot.ask("How does IVIG work for ITP and how fast does it work?")
    assert len(answer.parts) == 2 and not any(p.abstained for p in answer.parts)
    assert "ITP" in answer.parts[1].query                      # the second is read after the first
    numbers = {c.n for c in answer.citations}
    assert numbers == set(range(1, len(answer.citations) + 1))
    for part in answer.parts:
        assert part.sentences and {n for s in part.sentences for n in s.citations} <= numbers
        assert {c.n for c in part.citations} <= numbers
    assert answer.sentences == tuple(s for p in answer.parts for s in p.sentences)
    html = answer_message(answer)
    assert html.count('class="ivig-asked"') == 2 and html.count('class="ivig-answer"') == 2
    assert render_text(answer).count("\n> ") == 2 and render_text(answer).startswith("(searched as")


def test_a_covered_and_an_uncovered_question(bot):
    answer = bot.ask("Is IVIG used for myasthenia gravis? And does it cure diabetes?")
    first, second = answer.parts
    assert not first.abstained and first.sentences
    assert second.abstained and not second.sentences and "diabetes" in second.abstain_reason
    assert not answer.abstained and "don't cover" in answer.text
    assert answer.to_record(1.0)["parts"][1]["abstained"] is True


# A story around the question names when and who ("next week", "last month", "my son"): those words are
# not what a subject-less part asks about; the condition in the story is.
@pytest.mark.parametrize("message, subject, story", [
    ("Hi, my son has ITP and starts IVIG next week. How does it work, and how fast?", "ITP", "week"),
    ("Hello! My daughter was diagnosed with myasthenia gravis last month and her doctor wants IVIG. "
     "Is it safe, and how long does it take to work?", "myasthenia gravis", "month"),
    ("Good morning. My husband has antiphospholipid syndrome and goes to hospital on Monday for his first "
     "IVIG. What does it do? And how often is it given?", "antiphospholipid syndrome", "first"),
    ("Hi there, I am 34 and was told at my clinic this week that I have ITP. Is IVIG used for it? "
     "And how fast does it raise platelets?", "ITP", "week"),
])
def test_parts_of_a_story_inherit_its_condition_not_its_everyday_words(bot, message, subject, story):
    answer = bot.ask(message)
    assert len(answer.parts) == 2
    for part in answer.parts:
        assert not part.abstained and part.sentences
        assert part.query.endswith(f"(about {subject})") and story not in part.query


@pytest.mark.parametrize("message, absent", [
    ("Is IVIG used for ITP? And is it good for asthma?", "asthma"),
    ("Does IVIG help long COVID, and does it cure cancer?", "cancer"),
])
def test_a_part_naming_an_absent_topic_is_judged_on_it(bot, message, absent):
    first, second = bot.ask(message).parts
    assert not first.abstained and first.sentences
    assert second.query == second.question                  # nothing inherited from the first part
    assert second.abstained and absent in second.abstain_reason


def test_a_bare_follow_up_part_inherits_the_subject_of_the_part_before():
    from bot.followup import resolve

    known = {"itp", "ivig", "week", "son", "pregnancy", "myasthenia", "gravis", "blood", "pressure"}.__contains__
    is_known = lambda w: known(w.lower())                    # noqa: E731
    generic = lambda w: w.lower() == "ivig"                  # noqa: E731
    story = "My son has ITP and starts IVIG next week."
    assert resolve("how fast?", [story], is_known, generic) == "how fast? (about ITP)"
    assert resolve("how fast?", [story, "Is IVIG used for myasthenia gravis?"], is_known, generic) \
        == "how fast? (about myasthenia gravis)"
    # a story of everyday words only keeps them; an earlier question keeps all its subject words
    assert resolve("is it safe?", ["My blood pressure is high."], is_known, generic) \
        == "is it safe? (about blood pressure)"
    # ... except a relative asked on behalf of ("my son": behalf.asked_for), who is no subject
    assert resolve("how fast?", ["Is IVIG safe for my son with ITP next week?"], is_known, generic) \
        == "how fast? (about ITP week)"
    # a part that names a topic the corpus lacks inherits nothing: the coverage check judges that topic
    assert resolve("does it cure diabetes?", ["Is IVIG used for myasthenia gravis?"], is_known, generic) \
        == "does it cure diabetes?"


# Speed and duration are not MedQuAD types, and every candidate names IVIG and ITP: what is asked of the
# subject (the question's frame) has to pick the opening sentence.
@pytest.mark.parametrize("message, part, opening, not_opening", [
    ("How fast does IVIG work in ITP?", 0, ("within 24 hours", "within hours"), "lasting days to weeks"),
    ("how quickly will my platelets go up after IVIG?", 0, ("within 24 hours", "within hours"), "lasting days"),
    ("Hi, my son has ITP and starts IVIG next week. How does it work, and how fast?", 1,
     ("within 24 hours", "within hours"), "lasting days to weeks"),
    ("How long do the effects of IVIG last in ITP?", 0, ("lasting days to weeks",), "within 24 hours"),
    ("How does IVIG work in ITP?", 0, ("blocking Fc receptors", "saturates Fc receptors"), "fastest onset"),
    ("Hi, my son has ITP and starts IVIG next week. How does it work, and how fast?", 0,
     ("blocking Fc receptors", "saturates Fc receptors"), "lasting days to weeks"),
])
def test_the_opening_sentence_answers_what_is_asked(bot, message, part, opening, not_opening):
    answer = bot.ask(message)
    first = (answer.parts[part] if answer.parts else answer).sentences[0].text
    assert any(phrase in first for phrase in opening) and not_opening not in first, first


def test_the_frame_of_a_question_masks_its_subject():
    from bot.extractive.framing import frame, named_terms

    stem = str.lower
    named = named_terms("How fast does IVIG work in ITP? (about ITP)", stem)
    assert named == {"ivig", "itp"}
    assert frame("How fast does IVIG work in ITP? (about ITP)", stem, named) == "How fast does it work in it?"
    assert frame("how fast does IVIG work in ITP", stem, named) == "how fast does it work in it?"
    question = "Is IVIG safe in pregnancy?"
    assert frame(question, stem, named_terms(question, stem)) == "Is it safe in it?"
    question = "Is IVIG readily available for long COVID patients?"         # what is asked stays
    assert frame(question, stem, named_terms(question, stem)) == "Is it readily available for long it patients?"



# A yes/no question asks whether its whole statement holds: it opens with the sentence that states it (or
# denies it), not with one that repeats its generic verbs ("used", "treat") under the subject's page title.
@pytest.mark.parametrize("message, opening", [
    ("Is IVIG used to treat myasthenia gravis?", ("short-term treatment for people with myasthenia gravis flares",)),
    ("Does IVIG work for myasthenia gravis?", ("short-term treatment for people with myasthenia gravis flares",)),
    # "help" is a word of asking, not corpus-generic: required of the opening, it chose "Many treatments ... help"
    ("Does IVIG help myasthenia gravis?", ("short-term treatment for people with myasthenia gravis flares",)),
    ("Is IVIG used for long COVID?", ("no treatment is approved for long COVID", "no approved treatment")),
    ("Is IVIG used for CIDP?", ("often used in conditions like",)),
    # a specific word of the question ("long-term") must be in the opening: the closest statement otherwise
    # would be the short-term one
    ("Is IVIG effective as a long-term maintenance therapy for myasthenia gravis?", ("long-term role",)),
    ("Is IVIG a first-line treatment for antiphospholipid syndrome?", ("first-line",)),
])
def test_a_yes_no_question_opens_with_the_sentence_that_states_it(bot, message, opening):
    first = bot.ask(message).sentences[0].text
    assert any(phrase in first for phrase in opening), first


def test_the_statement_first_needs_every_specific_word_and_a_statement():
    from bot.extractive.units import Unit
    from bot.extractive.yes_no import statement_first

    def unit(text, terms, start):
        return Unit("d", start, start + 1, text, frozenset(terms), frozenset({"mg"}))

    listing = (1.2, unit("Conditions that may be treated with IVIG include: ...", {"treat"}, 0), None)
    page = (1.0, unit("Read on to find out how IVIG is used in MG.", {"use", "mg"}, 1), None)
    states = (0.9, unit("IVIG is an effective short-term treatment for MG flares.", {"mg", "flare"}, 2), None)
    weak = (0.5, unit("MG is rare.", {"mg"}, 3), None)
    ranked = [listing, page, states, weak]
    cosine = {("d", 0, 1): 0.2, ("d", 1, 2): 0.9, ("d", 2, 3): 0.7, ("d", 3, 4): 0.95}
    # the closest statement that holds "mg" (here or in its heading) and scores within KEEP_RATIO of the best
    assert statement_first(ranked, ["mg"], frozenset({"mg"}), cosine)[0] is states
    assert statement_first(ranked, ["mg", "long"], frozenset({"mg"}), cosine) == ranked     # none says "long"
    assert statement_first(ranked, [], frozenset(), cosine) == ranked


def test_a_page_that_repeats_itself_is_quoted_once(bot):
    text = bot.ask("Is there evidence that IVIG works for long COVID?").text
    assert not ("what evidence supports it specifically" in text and "what evidence it rests on" in text)


@pytest.mark.parametrize("message, subject", [
    ("Does IVIG prevent strokes?", "stroke"),           # the passages on what IVIG prevents never name one
    ("Does IVIG affect vaccines?", "vaccin"),
    ("Does IVIG act on cytokines?", "cytokine"),
])
def test_a_yes_no_answer_quotes_only_sentences_about_its_subject(bot, message, subject):
    """A yes/no question is answered by sentences naming its subject (or under a heading or title that
    does), not by ones that share its verb; with none, it is declined."""
    answer = bot.ask(message)
    cited = {c.n: c for c in answer.citations}
    for sentence in answer.sentences:
        where = " ".join([sentence.text] + [cited[n].title + " " + cited[n].heading for n in sentence.citations])
        assert subject in where.lower(), sentence.text


def test_a_story_without_a_rare_name_still_drops_how_it_is_told():
    # "Kawasaki" is not rare enough in English to count as a specific name, so the generic words come back
    # for the subject; the story's everyday words ("year") must not come back with them.
    from bot.followup import resolve

    known = {"kawasaki", "ivig", "year", "hospital", "infusion"}.__contains__
    is_known = lambda w: known(w.lower())                    # noqa: E731
    generic = lambda w: w.lower() in {"ivig", "infusion"}    # noqa: E731
    story = "Hello, my 6 year old was just diagnosed with Kawasaki and the hospital wants to give IVIG."
    resolved = resolve("How long does the infusion take?", [story], is_known, generic)
    assert resolved.startswith("How long does the infusion take? (about ") and "Kawasaki" in resolved
    assert "year" not in resolved and "hospital" not in resolved


# The words a part inherits from its message's story are a bag, not a phrase the documents must write: "a bad
# flare with blurry vision" gave "(about myasthenia gravis flare vision weak arms)", declined as one phrase.
@pytest.mark.parametrize("message, fact", [
    ("My husband has myasthenia gravis and a bad flare with blurry vision and weak arms. How long does the "
     "treatment take?", "two to five days"),
    ("Our daughter has ITP with awful bruising and tiny red spots on her legs. How fast does the drip work?",
     "within 24 hours"),
])
def test_words_inherited_from_a_story_are_no_phrase_to_decline(bot, message, fact):
    answer = bot.ask(message)
    assert not answer.abstained, answer.abstain_reason
    assert fact in " ".join(s.text for s in answer.sentences)


def test_the_question_verb_is_no_disease_name_found_only_in_a_compound(bot):
    # "block" is a MedQuAD topic word ("heart block"); here it is what IVIG does, and the documents say so
    answer = bot.ask("hi, i was told ivig stops my body destroying its platelets. what exactly does it block in itp?")
    assert not answer.abstained, answer.abstain_reason
    assert "Fc receptor" in " ".join(s.text for s in answer.sentences)
    assert bot.ask("Can IVIG treat lupus?").abstained          # a name only inside "lupus anticoagulant" still is


def test_a_story_names_its_subject_by_the_whole_name():
    # the names of a story are its subject, each with the words written beside it: the whole of "Cornelia de
    # Lange syndrome", not "Cornelia syndrome"; and "a bad flare, double vision" beside a name is not one
    from bot.message_subject import story_subject

    known = lambda w: True                                  # noqa: E731
    story = "My niece was born with Cornelia de Lange syndrome (CdLS)."
    assert " ".join(story_subject(story, known)) == "Cornelia Lange syndrome CdLS"
    told = "My wife has myasthenia gravis and is having a flare, double vision and trouble swallowing."
    assert story_subject(told, known)[:2] == ["myasthenia", "gravis"] and "vision" not in story_subject(told, known)


def test_a_question_about_the_person_of_the_story_asks_about_their_condition(bot):
    # "she" is the wife of the story: the question is about her myasthenia gravis
    answer = bot.ask("My wife has myasthenia gravis and a bad flare. When will she start to feel better?")
    assert not answer.abstained, answer.abstain_reason
    assert "few weeks" in " ".join(s.text for s in answer.sentences)


def test_a_later_part_does_not_repeat_what_an_earlier_part_quoted_after_its_opening():
    from bot.types import Answer, Citation, Sentence, combine

    def cited(n, start):
        return Citation(n, "doc", "Title", "passage", start, start + 7)

    def said(text, n):
        return Sentence(text, (n,))

    first = Answer("Is a fever normal?", sentences=(said("Fever is common.", 1), said("A list of effects.", 2)),
                   citations=(cited(1, 0), cited(2, 20)))
    second = Answer("Am I allergic?", sentences=(said("Fever is common.", 1), said("A list of effects.", 2),
                                                  said("An allergic reaction is rarer.", 3)),
                    citations=(cited(1, 0), cited(2, 20), cited(3, 50)))
    answer = combine("one message", [first, second])
    # the opening answers the part, repeated or not; the list it already showed is not shown again
    assert [s.text for s in answer.parts[1].sentences] == ["Fever is common.", "An allergic reaction is rarer."]
    assert [c.start for c in answer.parts[1].citations] == [0, 50]
    assert answer.text.count("A list of effects.") == 1 and answer.text.count("Fever is common.") == 2


def test_two_questions_about_one_story_repeat_no_sentence_after_the_opening(bot):
    answer = bot.ask("My son had his second IVIG for CIDP yesterday and woke up with a fever and a bad headache. "
                     "Is that a normal side effect, and could it mean he is allergic to it?")
    assert len(answer.parts) == 2 and not answer.abstained
    first, second = ([s.text for s in part.sentences] for part in answer.parts)
    assert not set(first) & set(second[1:])                  # only the opening may be said again
    assert any("allergic reaction" in s for s in second)
