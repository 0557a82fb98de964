"""A candidate's score from words: the IDF-weighted share of the question's terms it holds, and hand rules.

The hand rules cover what the question-type model cannot tell (see `fit` for the model's part): a question
asking for a quantity prefers a sentence stating one, three cue pairs for kinds of question MedQuAD has no
type for, and penalties for a question in the text, a line about the page, a very short sentence.
"""
from __future__ import annotations

import math
import re

from .units import META, SUMMARY, Unit, asks

# A long message tells a story before it asks ("My husband had a blood clot last year. Is IVIG risky for him?").
# The story's everyday words (husband, year, clot, doctor) are how it is told, not what is asked: a passage
# sentence sharing one of them opened the answer. They count this much beside the question's own words; the
# story's names (`named_terms`: ITP, APS, pregnancy) keep their weight, as the question's "it" or "me" means them.
# Measured on tests/data/long_messages.jsonl (tune) with the question's own frame (`learned`): 0 / 0.25 / 0.5 gave
# openings with a fact 0.6364 / 0.6818 / 0.6818, the team set's 0.7451 / 0.7451 / 0.7353 (before, full weight
# and the whole message's frame: 0.5909 and 0.7353). Weighing the story's rarer words fully (English Zipf < 4,
# 4.5 or 5) changed no opening.
STORY_WEIGHT = 0.25
QUANTITY_BONUS = 0.15
COUNT_FIRST = 0.3        # a question asking how many or how common (`asks_count`) opens with the best
                         # candidate stating a count, when it scores within this of the best
SUMMARY_PENALTY = 0.12    # a sentence opening with a summary marker (units.SUMMARY) loses this much; swept on the tune
                          # sets: 0 / 0.12 / 0.25 gave ivig_holdout openings 0.5333 / 0.6 / 0.6, the team set's 0.8039 /
                          # 0.8039 / 0.7941 (the summary answers "How does IVIG work for autoimmune disease?")

# Hand rule 1 (quantities). MedQuAD has no "how fast / how long / how much / what dose" type (its
# "frequency" is how many people have a disease), so neither the type model nor the question's own
# vector tells "platelets rise within 24-48 hours" from a sentence that names no time at all. A question
# that asks for a quantity prefers a sentence stating one, and about a named subject it needs one from a passage
# that names that subject (`subjects.subject_names`: "antiphospholipid syndrome" does not name "Guillain-Barre
# syndrome").
# How common or likely something is asks for a count as "how many" does ("how common are side effects?": "about 80
# percent of people"): English's ways of asking it, not words of this corpus
_HOW_COMMON = r"how (common|usual|likely|rare|frequent)|what are the (chances|odds)"
_ASKS_QUANTITY = re.compile(
    r"\b(how (fast|quick\w*|soon|long|much|many|often)|when (will|does|do|should)|onset|take effect|kick in|"
    r"start (working|to work)|duration|wear off|dose|doses|dosing|dosage|regimen|g/kg|grams|"
    r"what (percentage|proportion|number)|in (minutes|hours|days|weeks|months|years))\b", re.I)
# ...and one asking for a number ("in days", "what percentage") needs a count: a digit, or one written in words
# ("thousands of healthy donors", "most people"). A digit alone declined "How many donors go into IVIG?" ("they
# mention it, but not what you asked about it").
_ASKS_NUMBER = re.compile(r"\b(how many|in (minutes|hours|days|weeks|months|years)|what (percentage|proportion|number))\b",
                          re.I)
# One asking how common is opened by a count too (`asks_count`), but no count near its subject declines nothing: "how
# common are side effects?" is still answered by "IVIG has common side effects and rare but serious risks"
_ASKS_COMMON = re.compile(r"\b(" + _HOW_COMMON + r")\b", re.I)
COUNT = re.compile(r"\d|\b(percent|per cent|most|majority|minority|few|dozens|hundreds|thousands|millions)\b", re.I)
_STATES_QUANTITY = re.compile(
    r"\d|\b(within|hours?|days?|weeks?|months?|years?|minutes?|immediate\w*|rapid\w*|quick\w*|transient|"
    r"short-term|long-term|lasts?|once|twice|dose|doses|dosing|regimen)\b", re.I)


# Hand rule 2: three of the former fourteen cue pairs, for kinds of question MedQuAD's 15 types lack.
# Measured on the team set (fact recall; the patients' 0.9722 never moved): the ten pairs of round 3 gave
# 0.8873 once the question's frame chose the sentence, these three alone 0.8922, none 0.8431. The seven
# that went (side effects, made of, vaccines, benefits, indications, combined treatments, open questions)
# cost nothing together. Remove one of these only with a measured replacement.
CUE_BONUS = 0.25
_CUES = [
    # mechanism: without it 0.8725 (auto-mechanism-5, para-lc-2 lose their facts)
    (r"\b(how does|how do|mechanism|why does|what does\b[^.?!]{0,80}\bdo|works?)\b",
     r"\b(works?|mechanism\w*|block\w*|neutrali[sz]\w*|modulat\w*|receptors?|bind\w*|saturat\w*)\b"),
    # evidence: without it 0.8725 (fu-lc-trial, lc-evidence-2)
    (r"\b(evidence|proven|proof|studies|study|trials?|research|effective|does it (help|work)|test\w*)\b",
     r"\b(evidence|trials?|case series|stud(y|ies)|proven|randomi[sz]ed|effective)\b"),
    # cost and supply: without it 0.8824 ("readily available" misses "short supply", lc-practical-2)
    (r"\b(cost\w*|price|expensive|afford\w*|cheap|availab\w*|shortage|supply)\b",
     r"\b(cost\w*|expensive|price|scarce|supply|availab\w*)\b"),
]
_CUES = [(re.compile(q, re.I), re.compile(a, re.I)) for q, a in _CUES]


def asks_quantity(question: str) -> bool:
    return bool(_ASKS_QUANTITY.search(question))


def asks_count(question: str) -> bool:
    """Whether `question` asks how many or how common: a sentence stating a count (COUNT) answers it."""
    return bool(_ASKS_NUMBER.search(question) or _ASKS_COMMON.search(question))


def quantity_needed(query: str) -> re.Pattern:
    """What a sentence must hold to state the quantity `query` asks for: a count when it asks for a number."""
    return COUNT if _ASKS_NUMBER.search(query) else _STATES_QUANTITY


def cues(question: str) -> list[re.Pattern]:
    """The answer cues of the cue pairs whose question side `question` matches (CUE_BONUS each sentence)."""
    return [answer for asked, answer in _CUES if asked.search(question)]


# Measured and left out (tune sets: team set fact recall / openings; the other sets' changes netted about nothing):
# English's everyday words ("most", "hard", "work": Zipf >= 5) counting 0.5 or 0.25 of their weight gave 0.9020 /
# 0.7549 and 0.8922 / 0.7353 (from 0.9118 / 0.8137), Zipf >= 5.5 at 0.5 0.9069 / 0.7941: they say what is asked as
# often as how it is told ("How does IVIG work in MG?"). It fixed none of the lay misses it was meant for: "Do most
# people handle IVIG well?" holds no other word the documents write, and the share (`overlap`) is relative.
def weights(terms: list[str], pool: list[Unit], idf) -> dict[str, float]:
    """Global IDF times a local one: a term found in every candidate sentence (the subject of the
    passages, e.g. "myasthenia") tells less about which sentence answers than a rarer one."""
    size = len(pool) or 1
    found = {}
    for term in terms:
        local = sum(1 for unit in pool if term in unit.terms)
        found[term] = idf[term] * math.log(1 + size / (1 + local))
    return found


def score(unit: Unit, weights, weight, quantity: bool, prior: float, position: int,
          named: frozenset = frozenset()) -> float:
    """`named`: the terms naming the question's subject (`framing.named_terms`)."""
    # A sentence under a title or heading naming the question's subject is about it, whether or not it
    # names it again ("platelet counts begin rising within 24 hours" under "... in ITP"). Counting only
    # sentences that restate "ITP" made "The mechanism explains IVIG's fastest onset of action among all
    # ITP treatments." the answer to "How does IVIG work in ITP?" (with FRAME_WEIGHT, ten cue pairs: team
    # set fact recall 0.8529 -> 0.8873, patients 0.9167 -> 0.9722). Other heading words count 0.4 (0.2 or 0: team
    # set 0.9118 / 0.8137 -> 0.9069 / 0.7941, unseen's measure half's openings 0.9545 -> 0.8636 at 0).
    total = overlap(unit, weights, weight, named) + 0.3 * prior
    if quantity and _STATES_QUANTITY.search(unit.text):
        total += QUANTITY_BONUS
    if asks(unit.text):
        total -= 0.3                       # a question in the text asks, it does not answer
    if META.match(unit.text):
        total -= 0.4                       # "Read on to find out..." talks about the page
    elif SUMMARY.match(unit.text):
        total -= SUMMARY_PENALTY
    if len(unit.text.split()) < 5:
        total -= 0.2
    if position == 0:
        total += 0.03
    return total


def overlap(unit: Unit, weights, weight, named: frozenset = frozenset()) -> float:
    """The weighted share of the question's terms `unit` holds (heading terms: see `score`)."""
    return sum(w if t in unit.terms or t in named and t in unit.context else 0.4 * w if t in unit.context
               else 0.0 for t, w in weights.items()) / weight
