"""A disease's name in a question, checked as a name, whatever else the question says.

A name whose wording the word checks cannot see ("Hepatitis C", "Down syndrome") must occur as written, from the
question's verb on (`past_verb`); one of everyday words the documents never write together ("Does IVIG help
chronic fatigue syndrome?": `unwritten_name`); and a one-word name they write only inside a compound naming
another thing ("lupus" in "lupus anticoagulant": `only_in_compound`).
"""
from __future__ import annotations

import re
from typing import Sequence

from index.accents import fold

from .asking_words import ADVERBS
from .passage_words import ANCHOR_MIN, stand_in_stems, together
from .verb_frame import without_verb
from .synonyms import expansions
from .literal_names import occurs
from .specificity import is_name_head, is_specific, named_by_suffix
from .terms import INTENT, QUESTION_TYPES, clauses, content_words, names_nothing, words
from .topic_lists import is_topic
from .vocabulary import Vocabulary


def past_verb(question: str, ways: tuple[str, ...], treatment) -> tuple[str, ...]:
    """A literal name's wordings with the words up to the question's verb cut off; a wording left a single
    word that was cut is no name (none of the wordings then count)."""
    kept = []
    for way in ways:
        words = way.split()
        rest = without_verb(question, words, treatment)
        if len(rest) < len(words) and len(rest) < 2:
            return ()
        kept.append(" ".join(rest))
    return tuple(kept)


def unwritten_name(run: Sequence[str], question: str, vocabulary: Vocabulary, passages: Sequence[str],
                   text: str) -> str:
    """A disease's name in a question (literal_names.name_runs: "chronic fatigue syndrome", "heart disease") when it
    names a disease the documents never name, else "". Each of its words is known ("chronic", "fatigue",
    "syndrome"), so the word checks pass, and the best passages are a list of other conditions. Only a name of
    everyday words counts: a rare word or an acronym before the head ("antiphospholipid syndrome", "CIDP disease", "post-COVID syndrome")
    names it by itself, and the word checks see it; a word generic to the corpus ties it to what the documents
    are about ("autoimmune nerve disease", "immune disorder", "sticky blood syndrome"), as in asked_topic.asked_topic.

    The name is the documents' when they write its last two words together (`occurs`: "thrombotic antiphospholipid
    syndrome" ends in theirs). A patient's own name for a disease is theirs when:
    - it is a lay phrase with clinical words (synonyms.LAY_TERMS: "bleeding disorder");
    - its describing words stand together in the passages ("low platelet disorder": "platelet counts are low"),
      as phrase_check.unmatched_phrase reads a phrase;
    - or the message says more that the passages hold: ANCHOR_MIN - 1 of its other subject words ("I have
      ... syndrome and keep losing pregnancies": "losing", "pregnancies").
    The model gives no threshold here: "sticky blood syndrome" ~ "antiphospholipid antibody syndrome" is 0.43,
    "heart disease" ~ "antiphospholipid syndrome" 0.45 (MiniLM)."""
    named = [w for w in run if not names_nothing(w)]
    while named and named[0].lower() in QUESTION_TYPES | INTENT:        # "causes" in "What causes ... syndrome?"
        named = named[1:]
    # a rare word or an acronym names it by itself ("post-COVID"), a corpus-generic one ties it to what the
    # documents are about ("autoimmune blood disorders", "immune disorder")
    tied = any(vocabulary.is_generic(w) or any(is_specific(p) for p in re.split(r"[-']", w) if p) for w in named[:-1])
    if len(named) < 2 or not passages or tied:
        return ""
    # as written, with its letters: "factor X deficiency"
    if occurs(" ".join(run[len(run) - 1 - run[::-1].index(named[-2]):]), text) or expansions(" ".join(named)):
        return ""
    describing = named[:-1]
    if len(describing) > 1 and together(describing[-2], describing[-1], vocabulary,
                                         [vocabulary.lexical.terms(t) for t in passages]):
        return ""
    inside = {w.lower() for w in run}
    # an adverb of time or place says nothing the passages could hold ("anywhere" ~ "where")
    others = {w.lower() for w in vocabulary.content_words(question) if w.lower() not in inside
              and w.lower() not in INTENT | QUESTION_TYPES | ADVERBS}
    terms = set(vocabulary.lexical.terms("\n".join(passages)))
    anchors = sum(bool(stand_in_stems(w, vocabulary) & terms) for w in others)
    return " ".join(run[run.index(named[0]):]) if anchors < ANCHOR_MIN - 1 else ""


def only_in_compound(word: str, question: str, vocabulary: Vocabulary, text: str) -> tuple[str, str] | None:
    """(`word`, the compound) when the documents write a disease's one-word name (`disease_name`: "lupus") only
    as the first word of one compound whose last word is a rare word of its own ("lupus anticoagulant", a blood
    test's finding: "anticoagulation" stands alone in the same text), which the question does not write. Such a compound
    names a kind of its last word, not the disease. A name's bound word is no word of its own ("myasthenia gravis":
    "gravis" stands nowhere else), nor is a disease's head word ("Kawasaki disease")."""
    folded = fold(text)
    found = [m.group(1) for m in re.finditer(rf"(?<![A-Za-z0-9-]){re.escape(word)}(?![A-Za-z0-9-])(?:[ \t]+([A-Za-z][A-Za-z-]*))?",
                                             folded, re.I)]
    followers = {f.lower() if f else "" for f in found}
    if len(followers) != 1 or "" in followers:
        return None
    after = followers.pop()
    compound = f"{word} {after}"
    # a term of art ("lupus anticoagulant") names another thing; before an everyday noun ("bleeding risk") the
    # word keeps its own meaning
    if is_name_head(after) or not is_specific(after) or occurs(compound, question):
        return None
    stem = vocabulary.lexical.stem(after)
    alone = vocabulary.lexical.terms(folded).count(stem) > len(found)
    return (word, compound.lower()) if alone else None


def stands_alone(word: str, question: str) -> bool:
    """Whether `word` is a whole noun phrase of the question: no subject word (`content_words`) beside it in its
    clause. "Can IVIG treat lupus?" names lupus; "IVIG blocks in ITP" and "life-threatening bleeding" do not
    name a disease called "blocks" or "bleeding"."""
    for clause in clauses(question):
        found = words(clause)
        for i, w in enumerate(found):
            # an adverb of time or place after it is none of its name: "for lupus anywhere yet"
            beside = [n for n in found[max(0, i - 1):i] + found[i + 1:i + 2] if n.lower() not in ADVERBS]
            if w == word and not any(content_words(n) for n in beside):
                return True
    return False


def disease_name(word: str) -> bool:
    """A word of a disease's name (a MedQuAD focus's word, or a name by its ending), not a word of what is asked
    about one ("Is Kestrel syndrome inherited?")."""
    return (is_topic(word) or named_by_suffix(word)) and word.lower() not in QUESTION_TYPES
