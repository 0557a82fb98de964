"""Issue 9: real IVIG patients' messages (the lead's round-8 finds and more of their kind), written before the
code that handles them. A message about what the documents discuss is answered whatever everyday word, brand
in passing or kind of a thing it adds; one whose subject the documents lack is declined, and the decline names
that subject (a noun phrase, a brand), never a bare verb or an adjective of comparison."""
from __future__ import annotations

import pytest

from bot.modifiers import details
from bot.noun_phrases import as_action, noun_phrases
from bot.verb_frame import VERB_ZIPF_GAP, gerund
from helpers import REPO, assert_answered_from, assert_declined

# Answered: the documents discuss what is asked. (Those marked "was declined" were declined on main 3aca44c.)
ANSWERED = [
    ("Is IVIG made from human blood? I'm a Jehovah's Witness.", "donors"),     # was declined: "human blood"
    ("Is IVIG made from human blood?", "donors"),                             # was declined
    ("Is IVIG made from donated blood?", "donated blood"),
    ("Does IVIG come from other people's blood?", "donors"),
    ("Is IVIG made from human plasma?", "plasma"),
    ("Can I get IVIG at home?", "at-home"),
    ("Is home infusion of IVIG safe?", "at-home"),
    ("Can I get vaccinated after IVIG?", "vaccin"),
    ("Can I have my covid vaccine after IVIG?", "vaccine"),
    # a brand in passing: the question is about IVIG
    ("I get Privigen every 4 weeks for CIDP, what side effects should I watch for?", "side effects"),
    ("My doctor switched me from Gamunex to Octagam. Is it normal to get headaches after the infusion?", "Headaches"),
]


@pytest.mark.parametrize("question, quoted", ANSWERED)
def test_a_message_about_what_the_documents_discuss_is_answered(bot, question, quoted):
    assert_answered_from(bot.ask(question), quoted)


# A kind of a thing the documents discuss ("what type of vaccine", wait six weeks): the vaccine's disease is a
# detail of a question about vaccines after IVIG. All were declined ("they don't mention flu shot").
KINDS = [
    "Is it okay to get the flu shot after IVIG?",
    "Can I get the shingles vaccine after IVIG?",
    "How long after IVIG can I get the MMR vaccine?",
    "How long should I wait after IVIG to get the pneumonia vaccine?",
    "Is the flu vaccine safe after IVIG?",
    "Can I get a tetanus shot after IVIG?",
]


@pytest.mark.parametrize("question", KINDS)
def test_a_kind_of_a_thing_the_documents_discuss_is_answered_from_it(bot, question):
    answer = bot.ask(question)
    assert not answer.abstained, answer.abstain_reason
    assert any("vaccin" in s.text.lower() for s in answer.sentences), [s.text for s in answer.sentences]


# Declined: the subject itself is absent, and the reason names it.
DECLINED = [
    # the disease is the head of the phrase, not a kind of something the documents discuss
    ("Can IVIG treat the flu?", "flu"),
    ("Can IVIG treat shingles?", "shingles"),
    ("Can IVIG treat pneumonia?", "pneumonia"),
    ("Does IVIG help with measles?", "measles"),
    ("Does IVIG help with Lyme disease?", "Lyme disease"),
    ("Does IVIG help with Q fever?", "Q fever"),
    ("Can IVIG treat yellow fever?", "yellow fever"),
    # an everyday modifier before a word the documents have, naming another thing
    ("Can IVIG cause pink eye?", "pink eye"),
    ("Can IVIG cause kidney stones?", "kidney stones"),
    ("Can IVIG cause strep throat?", "strep throat"),
    ("Does IVIG cause tennis elbow?", "tennis elbow"),
    ("Can IVIG cause high blood pressure?", "high blood pressure"),
    ("Is Hizentra the same as IVIG?", "Hizentra"),
    # two brands corpus/aliases.yaml reads as IVIG: the documents cannot tell them apart (bot/alias_terms.py)
    ("What is the difference between Privigen and Gammagard?", "they don't tell Privigen and Gammagard apart"),
    ("Can I drink alcohol after IVIG?", "alcohol"),
    ("Can my daughter go to school after IVIG for ITP?", "school"),
]


@pytest.mark.parametrize("question, named", DECLINED)
def test_a_message_whose_subject_is_absent_is_declined_naming_it(bot, question, named):
    assert_declined(bot.ask(question), named)


# The whole reason: it names the subject, not a bare verb or an adjective of comparison
NAMED = [
    # a brand the documents never name, set against what corpus/aliases.yaml reads it as (was "Gamunex different",
    # then "they don't mention Gamunex" before the aliases)
    ("How is Gamunex different from regular IVIG?", "they don't tell Gamunex and IVIG apart"),
    # an action the documents never discuss: named as an action with its object, not as a bare verb
    ("What happens if I miss an IVIG infusion?", "they don't discuss missing an IVIG infusion"),   # was "miss"
    ("What happens if I skip my infusion for a month?", "they don't discuss skipping your infusion"),  # was "skip"
    ("Will IVIG make me gain weight?", "they don't discuss gaining weight"),          # was "gain weight"
    ("Is it ok to fly after an IVIG infusion?", "they don't discuss flying"),         # was "fly"
    ("my son is 14 and has ITP, he plays football. will IVIG let him play sooner?",
     "they don't discuss playing sooner"),                                           # was "play sooner"
]


@pytest.mark.parametrize("question, reason", NAMED)
def test_a_decline_names_a_subject_not_a_verb(bot, question, reason):
    answer = bot.ask(question)
    assert answer.abstained and not answer.citations
    assert answer.abstain_reason == reason


@pytest.mark.parametrize("message, history", [
    ("My neurologist mentioned Gamunex for my CIDP, how is that different from regular IVIG?", []),  # was "regular"
    ("how is that different from regular IVIG?", ["Is Gamunex available?"]),
])
def test_a_brand_pointed_back_at_is_named(bot, message, history):
    # (an alias of IVIG in corpus/aliases.yaml: "they don't mention Gamunex" before the aliases)
    answer = bot.ask(message, history)
    assert answer.abstained and answer.abstain_reason == "they don't tell Gamunex and IVIG apart"


def test_a_persons_name_in_the_story_is_never_the_subject(bot):
    answer = bot.ask("Hi, I'm Sarah and I have ITP. Is it curable?")
    assert "Sarah" not in answer.abstain_reason


# ------------------------------------------------------------------ the parts, one by one

@pytest.mark.parametrize("verb, form", [
    ("miss", "missing"), ("skip", "skipping"), ("drive", "driving"), ("fly", "flying"), ("gain", "gaining"),
    ("exercise", "exercising"), ("forget", "forgetting"), ("see", "seeing"), ("headaches", ""),
])
def test_a_bare_verb_gets_the_ing_form_english_uses(verb, form):
    assert gerund(verb) == form


@pytest.mark.parametrize("word, form", [("fly", "flying"), ("stop", "stopping"), ("school", ""), ("water", ""),
                                        ("milk", "")])
def test_where_only_to_says_verb_its_ing_form_must_be_nearly_as_common(word, form):
    assert gerund(word, VERB_ZIPF_GAP) == form


def ivig(word: str) -> bool:
    return word.lower() == "ivig"


@pytest.mark.parametrize("question, phrase, action", [
    ("What happens if I miss an IVIG infusion?", "miss", "missing an IVIG infusion"),    # a verb takes its object
    ("What happens if I skip my infusion for a month?", "skip", "skipping your infusion"),
    ("Will IVIG make me gain weight?", "gain weight", "gaining weight"),     # after an object pronoun
    ("Is it ok to fly after an IVIG infusion?", "fly", "flying"),            # an infinitive
    ("Can my daughter go to school after IVIG?", "school", "school"),        # "to" before a noun
    ("Can IVIG give me headaches?", "headaches", "headaches"),               # an object pronoun before a noun
    ("Is IVIG made from human blood?", "human blood", "human blood"),        # no verb at all
])
def test_an_action_is_named_as_one(question, phrase, action):
    assert as_action(question, phrase, ivig) == action


@pytest.mark.parametrize("question, word, phrase", [
    ("How is Gamunex different from regular IVIG?", "Gamunex", "Gamunex"),    # said of it, after "be"
    ("Is Octagam different from Privigen?", "Octagam", "Octagam"),
    # one that ends the question may end a name
    ("What is (are) Osteopetrosis autosomal recessive 7 ?", "Osteopetrosis", "Osteopetrosis autosomal recessive"),
    ("Is IVIG used for autoimmune hemolytic anemia?", "hemolytic", "autoimmune hemolytic anemia"),  # before its noun
])
def test_a_predicate_adjective_is_no_part_of_the_phrase(question, word, phrase):
    assert noun_phrases(question, [word], ivig) == [phrase]


def _details(question, missing, passages, text=""):
    return details(question, missing, passages, lambda: text or "\n".join(passages), lambda w: {w.lower().rstrip("s")},
                   lambda w: w.lower().rstrip("s"))


def test_a_disease_before_a_thing_the_documents_say_comes_in_kinds_is_a_detail():
    passages = ["Wait six weeks before vaccines. It depends on what type of vaccine you receive."]
    assert _details("Can I get the flu vaccine after IVIG?", ["flu"], passages) == {"flu"}
    # the disease as the head, or a thing the documents never say comes in kinds, is the subject
    assert _details("Can IVIG treat the flu?", ["flu"], passages) == set()
    assert _details("Can IVIG treat HIV infection?", ["HIV"], ["A minimal risk of infection."]) == set()
    assert _details("Can IVIG help Lyme disease?", ["Lyme"], ["Lyme disease; types of disease"]) == set()


def test_kinds_are_of_the_word_as_written_and_not_of_the_treatment():
    passages = ["Types of Immunoglobulin: IgG, IgA, IgM."]
    # "globulin" stands in for "immunoglobulin" by its spelling, but the documents' kinds are of their own word
    assert details("Is thyroxine-binding globulin inherited?", ["thyroxine-binding"], passages, lambda: passages[0],
                   lambda w: {w.lower(), "immunoglobulin"}, str.lower) == set()
    # and the corpus's generic word (its treatment) comes in kinds of its own, none of them the question's
    assert details("Is hepatitis immunoglobulin the same?", ["hepatitis"], passages, lambda: passages[0],
                   lambda w: {w.lower()}, str.lower, None, lambda w: w.lower() == "immunoglobulin") == set()
    assert details("Is hepatitis immunoglobulin the same?", ["hepatitis"], passages, lambda: passages[0],
                   lambda w: {w.lower()}, str.lower) == {"hepatitis"}


def test_an_everyday_modifier_needs_the_model_and_a_phrase_that_means_its_head(embedder):
    passages = ["IVIG uses antibodies collected from the blood of thousands of healthy donors."]
    assert _details("Is IVIG made from human blood?", ["human"], passages) == set()        # no model: no detail
    found = details("Is IVIG made from human blood?", ["human"], passages, lambda: passages[0], lambda w: {w.lower()},
                    str.lower, embedder)
    assert found == {"human"}
    rarer = details("Does IVIG cause yellow blood?", ["yellow"], passages, lambda: passages[0], lambda w: {w.lower()},
                    str.lower, embedder)
    assert rarer == set()                     # "yellow" is no commonest word: it may name another thing


def test_a_slip_between_two_equally_near_words_is_read_the_same_in_every_process():
    import subprocess
    import sys

    code = ("from bot.typos import by_initial, typo_of; "
            "print(typo_of('ifit1', by_initial({'ifit', 'ifih1', 'ifng', 'il6', 'iron', 'ifitm3'})))")
    seen = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": str(seed), "PATH": ""}, cwd=str(REPO)).stdout.strip()
            for seed in range(6)}
    assert len(seen) == 1 and seen != {"None"}
