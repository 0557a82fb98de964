"""Names that only their exact wording names ("Down syndrome", "Hepatitis C", "SHORT syndrome"), found in a question
and looked for in a text as written."""
from __future__ import annotations

import re

from rapidfuzz.distance import OSA

from index.accents import fold

from .specificity import NAME_HEAD
from .terms import ASKING, STOPWORDS, clauses, words
from .typos import TYPO_MIN_LETTERS


NAME_RUN = 4               # words after a capitalised one that may still be part of its name, up to the head


def literal_phrases(text: str, letters: bool = True) -> list[tuple[str, ...]]:
    """Parts of a question that only their exact wording names, so the documents must hold one of each
    part's wordings as written (see `occurs`): the lexical analyser drops single letters and stop words and
    stems the rest, and a name spelt like an everyday word is read as that word ("Paine" as "pain", "Coats"
    as "coat").
    - a capital letter standing alone, with the word before it ("Hepatitis C", "factor X", "Pol V") or the
      word after it ("C syndrome", "T cells", "H. pylori"); not "I" (unless a word and a head word follow:
      "I cell disease"), nor one beside a number ("1 g/kg",
      "x 5": units and signs), nor one inside a name ("H2A.Z", "DExD/H"); only when `letters`;
    - a capitalised word after the first that comes right before a disease's head word: a name ("Down
      syndrome", "Paget disease", "Lowe syndrome"), or a few lower-case words before it ("Coats plus
      syndrome"); an acronym right before the head must occur as itself ("SHORT syndrome")."""
    found: list[tuple[str, ...]] = []
    for sentence in re.split(r"(?<=[^A-Z\s][.!?])\s+", fold(text)):
        tokens = sentence.split()
        bare = [t.strip("()[]\"',;:.!?") for t in tokens]
        for i, word in enumerate(bare):
            # a neighbour counts when no clause mark stands between ("H." before a lower-case word is an initial)
            ends = tokens[i][len(tokens[i].rstrip(",;:.!?)]\"")):]
            before = bare[i - 1] if i and not re.search(r"[,;:.!?)\]]$", tokens[i - 1]) and not tokens[i].startswith("(") else ""
            after = bare[i + 1] if i + 1 < len(bare) and (not ends or (ends == "." and bare[i + 1][:1].islower())) else ""
            if i == 0 or not word:
                continue
            if len(word) == 1 and word.isupper():
                # "I" is the speaker, unless a name's head word follows the word after it ("I cell disease")
                named_i = (word == "I" and after.isalpha() and after.lower() not in STOPWORDS
                           and NAME_HEAD.fullmatch(bare[i + 2] if i + 2 < len(bare) else ""))
                if not letters or (word == "I" and not named_i) or any(c.isdigit() for c in before + after):
                    continue
                choices = []
                if len(before) > 1 and before.lower() not in STOPWORDS and before.isalpha():     # "Immunoglobulin A deficiency"
                    choices.append(f"{before} {word}" + (f" {after}" if NAME_HEAD.fullmatch(after) else ""))
                if len(after) > 1 and after.lower() not in STOPWORDS and after.isalpha():
                    choices.append(f"{word} {after}")
                    if ends == ".":                         # a genus's initial: "E. coli" is "Escherichia coli"
                        choices.append(after)
                if choices:
                    found.append(tuple(choices))
            elif len(word) > 1 and word[:1].isupper() and not NAME_HEAD.fullmatch(word):
                if NAME_HEAD.fullmatch(after):
                    # a name in capitals head and all ("GUILLAIN-BARRE SYNDROME") is shouted: its case says no acronym
                    shouted = word.isupper() and after.isupper()
                    found.append((f"{word} {after}".lower() if shouted else word if word.isupper() else f"{word} {after}",))
                    continue
                # a capitalised name's lower-case run up to its head word: "Coats plus syndrome", "Muscle eye
                # brain disease", "Hemolytic uremic syndrome" (an acronym in it names itself: "Long COVID syndrome")
                run = [word]
                for j in range(i + 1, min(i + 1 + NAME_RUN, len(bare))):
                    nxt = bare[j]
                    if re.search(r"[,;:.!?)\]]$", tokens[j - 1]) or not nxt.isalpha() or not nxt.islower() or nxt in STOPWORDS or nxt in ASKING - {"disease"}:
                        break
                    run.append(nxt)
                    if NAME_HEAD.fullmatch(nxt):
                        found.append((" ".join(run),))
                        break
    return list(dict.fromkeys(found))


def name_runs(text: str) -> list[list[str]]:
    """Runs of words that end in a disease's head word, as far back as NAME_RUN words, a stop word, a word of
    asking or a clause mark: ["cyclic", "vomiting", "syndrome"] in "What is cyclic vomiting syndrome?"."""
    runs: list[list[str]] = []
    for clause in clauses(text):
        tokens = words(clause)
        for i, word in enumerate(tokens):
            if not NAME_HEAD.fullmatch(word):
                continue
            run = [word]
            for before in reversed(tokens[max(0, i - NAME_RUN):i]):
                if before.lower() in STOPWORDS or before.lower() in ASKING or NAME_HEAD.fullmatch(before):
                    break
                run.insert(0, before)
            if len(run) > 1:
                runs.append(run)
    return runs


def _folded(text: str) -> str:
    """Accents and hyphens dropped: "Guillain-Barré" reads as "Guillain Barre"."""
    return re.sub(r"[-\u2010-\u2014_/]", " ", re.sub(r"\b([A-Z])\.(?=\s)", r"\1", fold(text)))


def occurs(phrase: str, text: str) -> bool:
    """Whether `phrase` is in `text` as written, word by word: any case for a phrase ("down syndrome"), the
    same case for an acronym ("SHORT" is not "short"); a possessive or a plural may follow a word ("Paget's
    disease", "T cells"), and a word of TYPO_MIN_LETTERS or more may be one slip off, as `typo_of` allows
    ("Penrded syndrome" for "Pendred syndrome"), by a word as long ("Paine" is not "pain", "Coats" not "coat")."""
    acronym = phrase.isupper() and len(phrase) > 1
    parts = [p.removesuffix("'s") for p in _folded(phrase).split()]      # "Crohn's Disease"
    if not parts:
        return True
    loose = [len(p) >= TYPO_MIN_LETTERS and not acronym for p in parts]
    body = r"\s+".join(r"([A-Za-z]+)(?:'s)?" if fuzzy else re.escape(p.removesuffix("s") if len(p) > 3 else p) + r"(?:'?s|es)?"
                       for p, fuzzy in zip(parts, loose))
    # in a lookahead, so that matches may overlap ("in Crohn's" must not hide "Crohn's disease")
    pattern = re.compile(rf"(?<![A-Za-z0-9])(?={body}(?![A-Za-z0-9]))", 0 if acronym else re.I)
    wanted = [p.lower() for p, fuzzy in zip(parts, loose) if fuzzy]
    for match in pattern.finditer(_folded(text)):
        if all(w.rstrip("s") == g.lower().rstrip("s")
               or len(g) >= TYPO_MIN_LETTERS and OSA.distance(w, g.lower()) <= (1 if len(w) < 9 else 2)
               for w, g in zip(wanted, match.groups())):
            return True
    return False
