"""Everyday words of a patient's message that say how it asks, never what about (coverage.assess reads them).

A word the corpus lacks is treated as the question's subject unless something says otherwise. These classes say
so by their grammar or their spelling, not by a list of subjects:
- the verb of a "how well" question (`how_well`): "handle" in "Do most people handle IVIG well?" stands right
  before its object and the clause ends judging it; only everyday English verbs, never a name, an acronym or a rare
  word. A verb led by "tend to", "need to" (`led_verbs`) says what the question's subject does, and is no object;
- an adverb of time or place (`ADVERBS`): "anywhere yet" in "Has IVIG been approved for long covid anywhere yet?";
- a Greek letter spelt out (`lettered`): "beta-2 glycoprotein" where the documents print "β2-glycoprotein";
- an "-ly" adverb of an everyday adjective (`manner_adverbs`: "realistically expect"), a judging adjective before a
  noun of choice (`judged_choices`: "the wisest way") and the verb of "what decides how ..." (`deciding_verbs`).
The other way round, who does what a verb says to its object (`doers`: "dog" in "Can my dog take IVIG?") is the
subject when the documents lack it.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Callable

from .verb_frame import VERB_ZIPF_GAP, gerund
from .behalf import PEOPLE
from .specificity import is_name, is_specific, zipf
from .terms import STOPWORDS, clauses, words
from .topic_lists import is_topic
from .typos import ENGLISH_ZIPF

# Adverbs of time and place that are not "-ly" words (terms.is_adverb reads those by their form) and not already
# stop words ("still", "ever", "again", "later", "here"): a closed class of English grammar, so listed. Each says
# when or where something is asked about, never what: "approved anywhere yet", "available now", "in Europe today".
ADVERBS = frozenset("""
anywhere everywhere somewhere nowhere elsewhere yet already now nowadays today tonight tomorrow yesterday
currently presently recently lately soon anyway anyhow abroad overseas meanwhile sometimes
""".split())

# What an object is led by: an object pronoun, a determiner ("handle the side effects", "take my infusion")
_OBJECT_LEADS = frozenset("it them him her me us you this that these those the a an my your his their our".split())
_POSSESSIVE = frozenset("my your his her their our".split())
_DO = frozenset("do does did".split())


def doers(question: str, is_treatment: Callable[[str], bool], described: frozenset[str] = frozenset()) -> set[str]:
    """The words of `question` (lower case) that do what its verb says to an object: the word right before a verb
    that stands before its object, as in `how_well`, the verb any of English's (its -ing form common: "take",
    "get", "handle"; not "for", "with"). "dog" in "Can my dog take IVIG every month?", "dogs" in "Do most dogs
    handle IVIG well?": when the documents lack such a word, it is what the question asks about. Not a person it
    asks on behalf of (terms.PEOPLE: "Can my son take IVIG?"), nor a stop word ("they", "I"), nor the doer of a verb the
    documents write in other words (`described`, lower case: "check" in "Why does the infusion team check my blood?",
    which they write "Testing your blood"): the action is then what it asks about, and who does it their staff."""
    found: set[str] = set()
    for clause in clauses(question):
        said = words(clause)
        for before, doer, verb, after in zip(["", *said], said, said[1:], said[2:]):
            lower = doer.lower()
            if not (after.lower() in _OBJECT_LEADS or is_treatment(after)) or verb.lower() in _OBJECT_LEADS | described:
                continue
            if lower in STOPWORDS or lower in _OBJECT_LEADS or lower.removesuffix("s") in PEOPLE or lower in PEOPLE:
                continue
            # "What job do the steroids do?": after "what"/"which", "do" is the auxiliary of an inverted question and
            # the noun its object; the doer follows
            if verb.lower() in _DO and before.lower() in _ASKERS:
                continue
            if zipf(verb.lower()) >= ENGLISH_ZIPF and gerund(verb.lower(), VERB_ZIPF_GAP):
                found.add(lower)
    return found


# what asks whether someone may do something: the auxiliary before its subject ("Can I drink coffee ...?")
_ASKS_LEAVE = frozenset("can could should may might must do does did will would is are".split())
# the asker or someone they ask for; not "you", the bot asked to do something ("How would you rate the strength ...?")
_SUBJECTS = frozenset("i we he she they".split())
# verbs of being or seeming take no object but a complement ("Will I feel rubbish?", "Can I stay active?")
_COMPLEMENT_VERBS = frozenset("feel feels look looks seem seems become stay remain sound".split())


def acted_on(question: str) -> set[str]:
    """The words of `question` (lower case) that are the object of what its asker asks leave to do: "coffee" in "Can I
    drink coffee on the day of my infusion?", "sushi" in "Should she eat sushi after IVIG?". When the documents lack
    such a word it is what the question asks about, however many of its other words they know (holdout9 answered the
    coffee question with a dosing schedule). Only after a subject pronoun that an auxiliary leads, and only the object
    of an everyday English verb that is no stop word ("take", "have", "get": "Can I take Tylenol" is read by the
    brand's reading) nor a linking verb ("feel rubbish")."""
    found: set[str] = set()
    for clause in clauses(question):
        said = [w.lower() for w in words(clause)]
        for i in range(1, len(said) - 2):
            aux, subject, verb = said[i - 1], said[i], said[i + 1]
            if aux not in _ASKS_LEAVE or subject not in _SUBJECTS or verb in STOPWORDS or verb in _COMPLEMENT_VERBS:
                continue
            if zipf(verb) < ENGLISH_ZIPF or not gerund(verb, VERB_ZIPF_GAP):
                continue
            at = i + 2
            while at < len(said) - 1 and said[at] in _OBJECT_LEADS:
                at += 1
            if said[at] not in STOPWORDS and said[at].isalpha():
                found.add(said[at])
    return found


def how_well(question: str, is_treatment: Callable[[str], bool]) -> set[str]:
    """The words of `question` (lower case) that frame a clause asking how well its object goes: the adverb that
    judges it, ending the clause (`_JUDGED`), and the everyday verb right before its object (the treatment's own
    name, `is_treatment`: "IVIG", an object pronoun or a determiner): "Do most people | handle IVIG | well?", "will my
    body | handle it | alright?". Such a verb is the frame of a "how well" question, as "tolerate" would be, not
    what it asks about; without the judging adverb the action is the subject ("What happens if I miss an IVIG
    infusion?").
    Only a verb, whose -ing form is a common English word (verb_frame.gerund: not "until IVIG", "monthly IVIG"), and
    never a name, an acronym, a rare word or a health topic's name."""
    found: set[str] = set()
    for clause in clauses(question):
        said = words(clause)
        if len(said) < 3 or said[-1].lower() not in _JUDGED:
            continue
        judged = len(found)
        for before, word, after in zip(["", *said], said, said[1:]):
            lower = word.lower()
            if not (after.lower() in _OBJECT_LEADS or is_treatment(after)) or before.lower() in _OBJECT_LEADS:
                continue
            if lower in STOPWORDS or is_specific(word) or is_topic(word) or is_name(word) \
                    or zipf(lower) < ENGLISH_ZIPF:
                continue
            # a verb's -ing form is nearly as common as the verb ("handling"); a noun's or a preposition's is not
            if gerund(lower, VERB_ZIPF_GAP):
                found.add(lower)
        if len(found) > judged:
            found.add(said[-1].lower())         # "alright" in "Will my body handle IVIG alright?"
    return found


# An "-ly" adverb of a common English adjective says how ("realistically hope", "react badly"), never what: its
# adjective ("realistic" 4.2, "bad" 5.5) is an everyday word. Not one beside a participle, which it classifies
# ("sexually transmitted") or whose means it names ("taken orally"), nor a specific word. (a fresh hold-out:
# "realistically hope", "react badly" were declined as the missing subject)
_MANNER_BASE_ZIPF = 4.0


def manner_adverbs(question: str) -> set[str]:
    """The "-ly" adverbs of `question` (lower case) whose adjective is a common English word (_MANNER_BASE_ZIPF)."""
    said = words(question)
    found: set[str] = set()
    for before, word, after in zip(["", *said], said, [*said[1:], ""]):
        lower = word.lower()
        # (capitalised only as the question's first word: "Roughly what dose ...?")
        opening = not before and word[1:] == lower[1:]
        if word != lower and not opening or not lower.endswith("ly") or len(lower) < 5 or is_specific(lower) \
                or is_topic(word):
            continue
        if after.lower().endswith(("ed", "en")) or before.lower().endswith(("ed", "en")):
            continue
        stem = lower[:-2]
        bases = {stem, stem + "e", lower[:-1] + "e" if lower.endswith("bly") else stem,
                 lower[:-3] + "y" if lower.endswith("ily") else stem,
                 lower[:-4] if lower.endswith("ically") else stem}
        if any(zipf(b) >= _MANNER_BASE_ZIPF for b in bases if len(b) > 2):
            found.add(lower)
    return found


# A judging adjective before a generic noun of choice says how the question weighs its options, never what they are:
# "the most sensible way", "the wisest thing", "the safest option" (the nouns a closed class). Only right after a
# determiner or "most"/"least", and only a superlative of an everyday adjective or an everyday one that is graded
# there or in English ("safe": "safest"); a classifying one is a kind ("the herbal option", "the oral way").
_CHOICES = frozenset("way ways thing things option options approach choice course step steps plan move".split())
_JUDGE_LEADS = frozenset("the a an my your his her their our most least more less very".split())


def judged_choices(question: str) -> set[str]:
    """The adjectives of `question` (lower case) judging a generic noun of choice (_CHOICES)."""
    said = words(question)
    return {word.lower() for before, word, head in zip(said, said[1:], said[2:])
            if head.lower() in _CHOICES and before.lower() in _JUDGE_LEADS and word == word.lower()
            and not is_topic(word) and (_superlative(word) or _everyday(word) and (
                before.lower() in _GRADERS or _gradable(word)))}


_GRADERS = frozenset("most least more less very".split())


def _everyday(word: str) -> bool:
    return not is_specific(word) and zipf(word) >= ENGLISH_ZIPF


def _gradable(word: str) -> bool:
    """Whether an adjective judges, which English grades: "safe" ("safest"), not "herbal" or "oral"."""
    forms = {word + "est", word + "st" if word.endswith("e") else word + "est", word[:-1] + "iest",
             word + word[-1:] + "est"}
    return any(zipf(f) >= 2.5 for f in forms)


def _superlative(word: str) -> bool:
    """"wisest" (2.9, a rare word) as the superlative of an everyday adjective ("wise" 4.5)."""
    if not word.endswith("est") or len(word) < 6:
        return False
    stem = word[:-3]
    bases = {stem, stem + "e", stem[:-1] if stem[-1:] == stem[-2:-1] else stem,
             stem[:-1] + "y" if stem.endswith("i") else stem}
    return any(zipf(b) >= _MANNER_BASE_ZIPF for b in bases if len(b) > 2)


# The verb of an interrogative subject that takes an embedded question says how the question asks, never what:
# "what decides how much", "who determines whether" (the embedded question holds the subject). Not "who pays for".
_ASKERS = frozenset("what who which".split())
_EMBEDDED = frozenset("how whether if which what when who why".split())


# What such a question asks is what the embedded question depends on, the converse documents write ("The amount of
# medication that you receive ... depends on your weight"): the word searched beside it (Bot.widen). Without it "What
# determines how much IVIG I get?" quoted "further studies are needed to determine the optimal use ..." (decline_probe2)
DEPENDING = "depends"


def deciding_verbs(question: str) -> set[str]:
    """The verbs (lower case) right after an interrogative subject and before an embedded question ("what decides how
    much"), and those of "how do they VERB how ..." with a particle, if any ("how do they work out how much of it I
    get?", "how does the doctor decide how often": the same question asked of who decides; tests/data/decline_probe3).
    Not "how do they figure out if it is working?": that asks what shows it (review of round 15)."""
    said = [w.lower() for w in words(question)]
    found = {verb for asker, verb, after in zip(said, said[1:], said[2:])
             if asker in _ASKERS and after in _EMBEDDED and verb.endswith("s") and zipf(verb) >= ENGLISH_ZIPF
             and not is_specific(verb)}
    # (someone else deciding: "How do I know if it is working?" asks what shows it)
    for at in (i for i, w in enumerate(said[:-3]) if w == "how" and said[i + 1] in _HOW_AUXILIARIES
               and said[i + 2] not in ("i", "we", "you")):
        # "how do they work out how", "how does my doctor decide whether": the doer is one or two words
        for verb_at in (at + 3, at + 4):
            rest = said[verb_at + 1:verb_at + 3]
            particle = rest[:1] if rest[:1] and rest[0] in _PARTICLES else []
            after = rest[len(particle):len(particle) + 1]
            if verb_at < len(said) and after and after[0] == "how" and zipf(said[verb_at]) >= ENGLISH_ZIPF \
                    and not is_specific(said[verb_at]):
                found |= {said[verb_at], *particle}
                break
    return found


_HOW_AUXILIARIES = frozenset("do does did will would can could".split())
_PARTICLES = frozenset("out up on".split())


# Adverbs that judge how something goes, ending a clause: "handle it well", "take it okay" (a closed class)
_JUDGED = frozenset("well badly fine okay ok alright poorly".split())

# Verbs that lead another verb with "to" and say only how often, how long or whether it happens, never what: "tend to
# run", "seem to work", "need to continue", "is supposed to wear off" (English's raising and aspectual verbs and its
# semi-modals of expectation, a closed class). After them the verb says what the question's subject does ("how many
# months do these courses tend to run"), and is no object; after an adjective or a verb of wanting it is what is asked
# about ("Is it ok to fly?", "I want to fly"). The model does not place "wear off" near the documents' "transient" or
# "outlast" (cosines 0.27-0.43), so a lay verb after "supposed to" is read as how the question is asked.
SEMI_AUXILIARIES = frozenset("""
tend tends tended seem seems seemed appear appears appeared happen happens happened need needs needed continue
continues continued start starts started begin begins began keep keeps kept used going ought have has had
supposed meant
""".split())


def led_verbs(question: str) -> set[str]:
    """The words of `question` (lower case) right after a semi-auxiliary and "to" (SEMI_AUXILIARIES): "run" in "do
    these courses tend to run?"."""
    said = [w.lower() for w in words(question)]
    return {c for a, b, c in zip(said, said[1:], said[2:]) if a in SEMI_AUXILIARIES and b == "to"}


@lru_cache(maxsize=1)
def _greek() -> dict[str, str]:
    """{a Greek small letter's English name: the letter}, from Unicode's own names ("GREEK SMALL LETTER BETA")."""
    letters = {}
    for code in range(0x3B1, 0x3CA):
        name = unicodedata.name(chr(code), "")
        if name.startswith("GREEK SMALL LETTER ") and "FINAL" not in name:
            letters[name.removeprefix("GREEK SMALL LETTER ").lower()] = chr(code)
    letters["lambda"] = letters.get("lamda", "λ")        # Unicode spells it "LAMDA"; English writes "lambda"
    return letters


_LETTER_NAME = re.compile(r"(?<![a-z])([a-z]+)(-?)(?=\d|$|-)", re.I)


def lettered(word: str) -> tuple[str, ...]:
    """The spellings of `word` with a Greek letter's name written as the letter, as papers print it: "beta-2" ->
    ("β-2", "β2"), "TGF-beta" -> ("TGF-β",), "alpha" -> ("α",). Empty when it names no Greek letter."""
    table = _greek()
    if not any(m[1].lower() in table for m in _LETTER_NAME.finditer(word)):
        return ()

    def letter(match: re.Match, joined: bool) -> str:
        name = match[1].lower()
        if name not in table:
            return match[0]
        return table[name] + ("" if joined else match[2])

    return tuple(dict.fromkeys(_LETTER_NAME.sub(lambda m: letter(m, joined), word) for joined in (False, True)))


# Verbs that report what someone said, or what the writer heard or read ("my neurologist said", "the nurse told me",
# "I read that"): a closed class of English verbs, one list for every reader of reported speech (the sayer here, a
# told clause in message_questions, a claim in story_condition)
SAYING = frozenset("""
said says told tells mentioned mentions explained explains claimed claims called calls described describes suggested
suggests insisted insists heard read
""".split())
SAYING_VERB = r"(?:" + "|".join(sorted(SAYING)) + r")"
# Who said something in the message: the word before a verb of reporting speech
_SAYER = re.compile(r"\b(\w+)\s+" + SAYING_VERB + r"\b", re.I)
# A question's clause about that person: an auxiliary, the person (a pronoun, or the sayer's noun after a determiner),
# hedging adverbs, then the word that judges what they said ("was he just simplifying?", "is my doctor right?")
_ABOUT_SAYER = re.compile(r"\b(?:is|was|are|were|do|does|did|has|had|could|would|might|may|can)\s+"
                          r"((?:(?:my|his|her|the|our|your|their)\s+)?\w+)"
                          r"((?:\s+(?:just|only|really|simply|being|maybe|perhaps|too|a\s+bit|kind\s+of))*)\s+(\w+)",
                          re.I)
_PERSON = frozenset("he she they".split())
# The words that judge what someone said (a closed class of English): "was he just simplifying?", "is she right?". Any
# other word is asked of the person, whoever the pronoun means ("My neurologist says my son needs IVIG. Is he
# contagious?" asks about contagion, which the documents never discuss)
_JUDGING = re.compile(r"^(?:right|wrong|correct|incorrect|mistaken|accurate|inaccurate|true|false|sure|serious|"
                      r"confused|misinformed|lying|joking|kidding|(?:over)?simplif\w*|exaggerat\w*|overstat\w*|"
                      r"understat\w*|overreact\w*|outdated|out)$", re.I)
# "Is that true?", "is it right?": what was said judged by a word of truth (a closed class)
_SAID = frozenset("that this it".split())
_TRUTH = frozenset("true right correct accurate wrong false untrue".split())


def judging(question: str, message: str) -> set[str]:
    """The words of `question` (lower case) that judge what someone in the message said: the verb or adjective of a
    clause whose subject is the one who said it ("my neurologst said IVIG 'teaches my immune system...'. Is there
    anything to that or was he just simplifying?": "simplifying"; "was my doctor exaggerating", "is she right"), or
    a word of truth said of what was said ("Is that true?").
    Such a word asks whether the quoted claim holds; the claim is the subject, not the speaker's manner of saying it.
    Only when the message reports speech, and only its head: an object stays ("was he right about the dose?")."""
    sayers = {m[1].lower() for m in _SAYER.finditer(message)} - {"i", "we", "you"}
    if not sayers:
        return set()
    found: set[str] = set()
    for m in _ABOUT_SAYER.finditer(question):
        who, word = m[1].lower().split()[-1], m[3]
        if ((who in _PERSON or who in sayers) and _JUDGING.match(word)) or (who in _SAID and word.lower() in _TRUTH):
            found.add(word.lower())
    return found


# "like his tablets", "unlike steroids", "as with his tablets": a comparison's other side, said beside a predicate
# ("Would he be on it all the time like his tablets?"), is what the asked thing is compared with, not what is asked.
# As the predicate itself, after a linking verb and at most its subject ("Is IVIG like chemotherapy?", "does it feel
# like the flu?"), it is what is asked; "like" after a person or an auxiliary is the verb ("I'd like", "would you
# like").
_LINKING = frozenset("is are was were be been am being feel feels felt look looks seem seems sound sounds".split())
_LIKE_VERB = frozenset("i you we they he she i'd you'd we'd they'd would do don't did didn't".split())
_CLAUSE_SUBJECTS = frozenset("i you he she it we they".split())
# a plural noun or an indefinite pronoun before "like" reads it as "such as" ("side effects like nosebleeds",
# "something like IVIG"): what follows are examples of what is asked
_SUCH_AS = re.compile(r"^(?:[a-z]+[^su']s|something|anything|stuff)$")


def compared(question: str) -> set[str]:
    """The words (lower case) of the other side of a comparison said beside the question's predicate: "tablets" in
    "Would he be on it all the time like his tablets, or is it more for when he gets worse?" (`_LINKING` above)."""
    found: set[str] = set()
    for clause in clauses(question):
        said = words(clause)
        lower = [w.lower() for w in said]
        for i, word in enumerate(lower):
            with_ = word == "as" and lower[i + 1:i + 2] == ["with"]
            if word not in ("like", "unlike") and not with_:
                continue
            if i and lower[i - 1] in _LIKE_VERB:
                continue
            if i and word == "like" and _SUCH_AS.search(lower[i - 1]):
                continue                          # "problems like nosebleeds": examples of what is asked
            before = lower[max(0, i - 3):i]
            linked = [k for k, w in enumerate(before) if w in _LINKING]
            if linked and all(w not in STOPWORDS or w in _CLAUSE_SUBJECTS or w in ("the", "a", "an")
                              for w in before[linked[-1] + 1:]):
                continue                          # the predicate: "Is IVIG like chemotherapy?"
            rest = said[i + (2 if with_ else 1):]
            # the other side is someone's own thing ("like her pills", "as with my steroids"): one named bare ("Does
            # IVIG work like rituximab?", "like a blood thinner") is the comparison asked about
            if not rest or rest[0].lower() not in _POSSESSIVE:
                continue
            while rest and rest[0].lower() in _OBJECT_LEADS and rest[0].lower() not in _CLAUSE_SUBJECTS:
                rest = rest[1:]
            if not rest or rest[0].lower() in _CLAUSE_SUBJECTS:
                continue                          # a clause: "like I have the flu"
            for w in rest:
                if w.lower() in STOPWORDS:
                    break
                if is_topic(w):
                    break                         # a health topic's name is read as named: "like his asthma"
                found.add(w.lower())
    return found


# Words that weigh two things against each other ("Why the difference?", "how do they compare?"), a closed class: how
# a question asks, never what about; what it weighs is named beside them, or was set against each other by the story
# (story_condition.contrast_pointed_at)
WEIGHING = frozenset("difference differences differ differs compare compared comparison versus vs".split())


def weighing(question: str) -> set[str]:
    """The words of `question` (lower case) that weigh two things against each other (`WEIGHING`)."""
    return {w.lower() for w in words(question)} & WEIGHING
