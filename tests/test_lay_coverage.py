"""Issue 9, round 10: classes of IVIG patient questions the coverage check got wrong, written before the code that
handles them (each marked "was ..." failed on main e01ff2c). An answerable question is answered from a passage
that holds the fact, whatever abbreviation, everyday phrase, lay body word or name in passing it uses; one whose
subject the documents lack is declined, and the decline names that subject."""
from __future__ import annotations

import pytest

from helpers import assert_answered_from, assert_declined

# (question, a text one of the citations must hold)
ANSWERED = [
    # an abbreviation whose long form the documents write ("immunoglobulin A")
    ("Does IVIG contain IgA?", "immunoglobulin A"),                                            # was declined
    ("Is there any IgA in IVIG?", ""),     # was declined; which sentence opens is the composer's (bot/extractive/)
    # abbreviations that already worked must keep working
    ("Is IVIG mostly IgG?", "IgG"),
    ("Is there any IgM in IVIG?", "IgM"),
    ("Can IVIG help with CIDP?", "CIDP"),
    ("Is IVIG used for MG?", "MG"),
    ("Is IVIG used for APS in pregnancy?", "pregnan"),
    # an everyday multi-word expression or a lay body word for what the documents say
    ("Does IVIG start working straight away in ITP?", "immediately"),                          # was declined
    ("Does IVIG start working right away in ITP?", "immediately"),
    ("Can IVIG make me feel sick to my stomach?", "Nausea"),                                   # was declined
    pytest.param("Will IVIG upset my stomach?", "Abdominal pain", marks=pytest.mark.xfail(
        strict=True, reason="still declined: 'upset my stomach' ~ 'nausea' 0.62 gains only 0.06 over 'stomach'")),
    ("Can IVIG give me a tummy ache?", "Abdominal pain"),                                      # was declined
    pytest.param("Is it normal to feel queasy during IVIG?", "Nausea", marks=pytest.mark.xfail(
        strict=True, reason="still declined: MiniLM puts 'queasy' nowhere near 'nausea' (0.29)")),
    ("Will I throw up after my IVIG infusion?", "vomiting"),                                   # was declined
    ("Can IVIG make my back ache?", "back pain"),                                              # was declined
    # a verb after "to" with a vague noun is no subject
    ("I tested positive for lupus anticoagulant but I have never had a clot. Should I get IVIG to prevent problems?",
     "IVIG"),                                                                                  # was declined
    # a brand in the story beside a condition the documents discuss is incidental
    ("My son gets Privigen for ITP. What is the usual dose?", "g/kg"),
    ("My mom gets Gamunex for her MG. How long does it take to work?", "weeks"),
    # a name in passing with a reporting verb is no subject
    ("The nurse at Kaiser told me IVIG is mostly IgG. What else is in it?", "IgG"),  # was declined ("mostly IgG")
    # a topic a document is titled by, before a word the passages hold, says whose that word is
    ("Should I push my doctor to give me IVIG for my long covid fatigue?", "long COVID"),  # was "covid fatigue"
    ("Is IVIG used for long covid brain fog?", "long COVID"),
]


@pytest.mark.parametrize("question, quoted", ANSWERED)
def test_an_answerable_question_is_answered_from_the_fact(bot, question, quoted):
    assert_answered_from(bot.ask(question), quoted)


# (message, what the decline must name)
DECLINED = [
    # a product the documents never name, whatever disease they list beside it
    ("My neurologist is switching me to Hizentra for CIDP. How many grams per week is the usual dose?",
     "Hizentra"),                                                                              # was answered
    ("My wife is starting Cuvitru for her CIDP. How often does she need it?", "Cuvitru"),      # was answered
    # a compound naming another thing, though the documents have both words
    ("Does IVIG treat heart block?", "heart block"),                                           # was answered
    ("Can IVIG give me a sore throat?", "sore throat"),
    ("Can IVIG cause pink eye?", "pink eye"),
    ("Does IVIG cause kidney stones?", "kidney stones"),
    ("Can IVIG cause heart failure?", "heart failure"),   # a topic's name: "heart attack" near it is another
    ("Can IVIG cause low blood pressure?", "low blood pressure"),   # "blood" is in no title: no topic of one
    ("Does IVIG treat MS?", "MS"),              # two letters spell out some words of any text: never a long form
    # the story's disease, which the question points back at ("her skin", "his breathing")
    ("My daughter has terrible eczema on her arms and legs, nothing from the pharmacy works. Would IVIG help her "
     "skin?", "eczema"),                                                                       # was answered
    ("My son has bad asthma. Could IVIG help his breathing?", "asthma"),                       # was answered
    ("My husband has psoriasis on his elbows. Would IVIG clear his skin?", "psoriasis"),       # was answered
    ("My mom has hepatitis C. Could IVIG help her liver?", "hepatitis"),      # was "not what you asked about it"
    ("My father has gout in his toe. Can IVIG help his foot?", "gout"),                        # was "foot"
    # what a question inherits from its story does not dilute its own rare word
    ("My dog was bitten by a raccoon in our yard. Can people get rabies from their dogs?", "rabies"),
]


@pytest.mark.parametrize("message, named", DECLINED)
def test_an_uncovered_question_is_declined_naming_its_subject(bot, message, named):
    assert_declined(bot.ask(message), named)


def test_a_story_about_a_covered_worry_is_still_answered(bot):
    # the story names diseases the documents lack, but what it asks about (infection from donors) they discuss
    answer = bot.ask("is ivig safe if it comes from other peoples blood? i am scared of catching hepatitis or HIV "
                     "from it")
    assert not answer.abstained, answer.abstain_reason


@pytest.mark.parametrize("question, word, meant", [
    ("Will I throw up after IVIG?", "throw", "vomiting"),
    ("Can IVIG make me feel sick to my stomach?", "stomach", "nausea"),
    ("Does IVIG start working straight away?", "straight", "immediately"),
])
def test_a_phrase_means_a_corpus_word_as_a_whole(bot, question, word, meant):
    assert meant in bot.vocabulary.paraphrased(question).get(word, ())


@pytest.mark.parametrize("question", [
    "Can IVIG cause pink eye?", "Does IVIG cause kidney stones?", "Does IVIG hurt my belly button?",
    "Can IVIG give me a sore throat?",
])
def test_a_compound_naming_another_thing_means_no_corpus_word(bot, question):
    assert bot.vocabulary.paraphrased(question) == {}


def test_a_passage_phrase_must_match_the_patients_word_by_word(bot):
    passages = ["Side effects may include: Headaches, Abdominal pain, Fever.",
                "Healthcare providers will monitor your vital signs."]
    assert "abdominal pain" in bot.vocabulary.paraphrased("Can IVIG give me a tummy ache?", None, passages)["tummy"]
    # "healthcare providers" is near "health insurance" as a whole, but "providers" is near neither word
    assert bot.vocabulary.paraphrased("Will my health insurance cover IVIG?", None, passages) == {}


# ------------------------------------------------------------------ the parts, one by one

def test_a_mixed_case_abbreviation_is_the_words_its_capitals_start():
    from bot.abbreviations import long_form

    text = "IVIG also contains small amounts of immunoglobulin M and immunoglobulin A."
    assert long_form("IgA", text) == "immunoglobulin A"
    assert long_form("IgM", text) == "immunoglobulin M"
    assert long_form("IgE", text) == ""                           # its letter is not written
    assert long_form("IgA", "immunoglobulin assays") == ""         # a lone capital stands for itself
    assert long_form("MS", "clinically meaningful symptom improvement") == ""   # all capitals: not in running text
    assert long_form("Walgreens", "Walgreens pharmacy") == ""


def test_what_a_story_says_someone_has_is_its_condition_when_the_corpus_lacks_it():
    from bot.story_condition import condition_told

    known = {"itp", "fever", "skin", "arms", "legs"}.__contains__
    is_known = lambda w: known(w.lower())      # noqa: E731
    assert condition_told("My daughter has terrible eczema on her arms and legs.", is_known) == "eczema"
    assert condition_told("My mom has hepatitis C.", is_known) == "hepatitis C"
    assert condition_told("My grandmother has ITP.", is_known) == ""          # the documents' own
    assert condition_told("My son has a fever after IVIG.", is_known) == ""
    assert condition_told("I have a son.", is_known) == ""                    # a person, no condition


@pytest.mark.parametrize("message", [
    "My son has ITP and eczema. Would IVIG help his skin?",        # the story names what the documents discuss
    "My wife has eczema. Would IVIG help her MG?",                  # the question names its own subject
])
def test_a_story_condition_is_not_lent_when_the_message_names_what_the_documents_discuss(bot, message):
    assert not bot.ask(message).abstained


def test_a_title_names_whose_word_follows_only_as_the_title_writes_the_name():
    from bot.phrase_check import titled
    titles = ["IVIG for long COVID", "Geographic tongue"]
    assert titled(["covid", "fatigue"], "Should I push for IVIG for my long covid fatigue?", titles)
    assert not titled(["tongue", "tie"], "She is tongue-tied. Should a tongue tie be clipped?", titles)
    assert not titled(["covid", "fatigue"], "Does covid fatigue last?", titles)      # "long COVID" is the name
    assert not titled(["side", "pain"], "Can IVIG cause side pain?", ["Benefits, Side Effects"])  # an everyday word
