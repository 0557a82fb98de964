"""Whether the best passages hold a question's words: a word by the stems that stand for it, two words near each
other, a lay phrase by its clinical words, and so much of the question that its unknown words are details of it
(`anchored`). The checks of coverage.py, topics.py, phrase_check.py and disease_names.py read passages through these."""
from __future__ import annotations

import re
from typing import Sequence

from .synonyms import clinical_words, expansions
from .terms import INTENT, words
from .vocabulary import Vocabulary

# See `anchored`: chosen by hand and checked on the team's test set and the suite's samples (not yet tuned
# on SciFact train claims).
ANCHOR_MIN = 3
ANCHOR_RATIO = 2
ANCHOR_PASSAGES = 3
# A statement's (minimum, ratio) instead: tuned on SciFact's train claims (809), where (3, 2) declined 17
# whose evidence the corpus holds (a drug or gene name it never uses: "Albendazole", "Tirasemtiv", "DMS3").
STATEMENT_ANCHOR = (2, 1)
# See `together` (phrase_check.unmatched_phrase): two words of a phrase are together when at most this many
# terms apart (stop words left out): "platelet counts are low" for "low platelets" (2), "heart rate and blood
# pressure" keeps "heart" 3 from "pressure"; a sentence is too wide ("high frequency ... blood pressure").
PHRASE_WINDOW = 3


def stand_in_stems(word: str, vocabulary: Vocabulary, family: bool = True) -> set[str]:
    """The stems that stand for `word` in a passage: its own (each part of a hyphenated word), a related corpus
    word's (`Vocabulary.related`) and its lay term's clinical words. `family`: False leaves out the words of its
    derivational family ("surgical" for "surgery"), which may name a kind of their own ("surgical removal")."""
    stem = vocabulary.lexical.stem
    kin = set() if family else set(vocabulary.family(word))
    return ({stem(p) for p in re.split(r"[-']", word.lower()) if p}
            | {stem(r) for r in vocabulary.related(word) if r not in kin} | {stem(c) for c in clinical_words(word)})


def near(order: Sequence[str], stems: set, wanted: Sequence[set]) -> bool:
    """Whether a stem of `stems` stands within PHRASE_WINDOW terms of a stem of each of `wanted` in `order`."""
    at = [i for i, t in enumerate(order) if t in stems]
    return all(any(abs(i - j) <= PHRASE_WINDOW for j, t in enumerate(order) if t in alternatives for i in at)
               for alternatives in wanted)


def together(a: str, b: str, vocabulary: Vocabulary, texts: list[list[str]]) -> bool:
    """Whether some passage has the two words (or words standing in for them) within PHRASE_WINDOW terms."""
    first, second = (stand_in_stems(w, vocabulary) for w in (a, b))
    return any(near(terms, first, [second]) for terms in texts)


def clinical_stems(phrase: str, stem) -> set[str]:
    """The stems of the clinical words a lay phrase stands for (synonyms.LAY_TERMS), none for another phrase."""
    return {stem(w) for clinical in expansions(phrase) for w in words(clinical)}


def anchored(subject: Sequence[str], missing: Sequence[str], vocabulary: Vocabulary, passages: Sequence[str],
             minimum: int = ANCHOR_MIN, ratio: int = ANCHOR_RATIO) -> bool:
    """Whether the best passages hold so much of the question that its unknown words are details of it.

    A claim such as "UCB T cells reduce TCR diversity after transplantation" names its subject in words
    the passage that answers it shares ("T cells", "TCR", "diversity", "transplantation"), and an
    abbreviation ("UCB") or a rare word ("Galliformes") it spells otherwise. A question about another
    subject shares at most its question frame: "What is the dose of IVIG for Revesz syndrome?" shares
    "dose" (a word of the question type, not counted) and "syndrome". So: at least ANCHOR_MIN of the
    question's known subject words, and ANCHOR_RATIO times as many as the unknown ones, occur in them
    (`minimum` and `ratio` say otherwise)."""
    if not passages:
        return False
    terms = set(vocabulary.lexical.terms("\n".join(passages)))         # one analysis: it is the costly part
    known = [w for w in dict.fromkeys(w.lower() for w in subject if w not in missing) if w not in INTENT]
    shared = [w for w in known if all(vocabulary.lexical.stem(p) in terms for p in re.split(r"[-']", w) if p)]
    return len(shared) >= minimum and len(shared) >= ratio * len(set(w.lower() for w in missing))
