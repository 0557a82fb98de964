"""Make bot/data/brand_names.json: brand -> generic name and generic -> drug class, mined from MedQuAD's answers.

A patient names the box ("Tylenol", "Benadryl"); the documents name the drug or its class ("pain relievers, such as
acetaminophen", "antihistamines"). The embedding model cannot tell a brand of a class from a near miss (Claritin is
0.375 from "antihistamines", Xanax 0.454), but consumer-health writing spells the link out, and this script reads it
there by pattern:
- brand -> generic: "acetaminophen (Tylenol, others)", "diphenhydramine (Benadryl)", "antihistamines (Benadryl,
  Atarax, Vistaril)", "Advil and Motrin are examples of ibuprofen";
- generic -> class: "pain relievers, such as acetaminophen", "acetaminophen and other pain relievers";
- kinds, any drug -> class, brand or none: "corticosteroids such as prednisone" (`instances`).
A capitalised word in brackets is a brand only when it is rare in English (wordfreq Zipf < BRAND_ZIPF) and MedQuAD
never writes it in lower case (a generic written with a capital, "Levothyroxine", is written lower case elsewhere)
nor in a topic's name ("basal cell carcinoma (Gorlin)" names Gorlin syndrome);
an acronym ("NSAIDs", "CNS") or a three-letter abbreviation ("Leu") is none. A generic is rare too (Zipf <
GENERIC_ZIPF), a class rarer still (CLASS_ZIPF): "medical assistance (Medicaid)" and "medications such as
acetaminophen" say nothing a brand can be read as.
Each pair keeps how often the answers write it.

Data: MedQuAD (Ben Abacha and Demner-Fushman, BMC Bioinformatics 2019), CC BY 4.0, five NIH collections; the answers
and foci only (the questions, which the off-topic suite asks, are not read).

    python -m scripts.brand_names                        # from ../shared/benchmarks/medquad/qa.jsonl
    python -m scripts.brand_names --data qa.jsonl --out /tmp/brands.json
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.terms import STOPWORDS  # noqa: E402
from eval.benchmark_data import MEDQUAD  # noqa: E402

BRAND_ZIPF = 3.0        # "Tylenol" 2.8, "Benadryl" 2.57, "Advil" 2.59; "Cambodian" 3.25, "Medicaid" 3.74
GENERIC_ZIPF = 3.7      # "acetaminophen" 2.69, "antihistamines" 2.48, "relievers" 2.69; "medications" 3.76, "minerals"
                        # 3.93, "medicine" 4.73, "drugs" 5.2
# A class must be rarer still: one as common as "steroid" (3.33), "antibody" (3.46) or "therapies" (3.49) names what
# many things are, and a corpus that writes it would know every brand of it ("Humira" as "therapies")
CLASS_ZIPF = 3.3        # "blockers" 3.13, "antidepressants" 3.16, "corticosteroids" 2.67, "relievers" 2.69
KIND_COUNT = 2          # a drug's class is read from two answers at least ("prednisone" as "corticosteroids" in five)
_PLURAL = re.compile(r"[^su]s$")  # "corticosteroids", "relievers"; not "ataxia", "cortisol", "colitis", "insipidus"
_BRAND = r"[A-Z][a-z]{3,}(?:-[A-Z]?[a-z]+)?"
_LOWER = r"[a-z][a-z\-]{3,}[a-z]"
# generic (Brand[, Brand][, or/and Brand][, others])
_IN_BRACKETS = re.compile(rf"\b((?:[a-z\-]+\s+)?{_LOWER})\s+\(({_BRAND}(?:\s*(?:,|\band\b|\bor\b)\s*{_BRAND})*)"
                          r"(?:,?\s*(?:and\s+)?others)?\)")
# Brand[ and Brand] is an example / are examples of generic
_EXAMPLE = re.compile(rf"\b({_BRAND}(?:\s*(?:,|\band\b)\s*{_BRAND})*)\s+(?:is an example|are examples) of ({_LOWER})\b")
# class[,] such as / like / including generic[, generic][ or/and generic]
_SUCH_AS = re.compile(rf"\b((?:[a-z\-]+\s+)?{_LOWER}),?\s+(?:such as|like|including)\s+"
                      rf"({_LOWER}(?:\s*(?:,|\bor\b|\band\b)\s*{_LOWER})*)")
# generic[, generic] and other class
_AND_OTHER = re.compile(rf"\b([A-Za-z][a-z\-]{{3,}}[a-z])\s+(?:and|or) other\s+((?:[a-z\-]+\s+)?{_LOWER})\b")
_BRACKETS = re.compile(r"\s*\([^()]*\)")
_ANION = re.compile(r"(?:(?<!am)ide|ate|ite)$")      # not an amide: "cyclophosphamide"
_SPLIT = re.compile(r"\s*(?:,|\band\b|\bor\b)\s*")


def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return max(zipf_frequency(part, "en") for part in word.lower().split())


def _generic(phrase: str) -> str:
    """A drug's name: its last word, with the word before when the last names a salt's anion, which chemistry names
    with -ide, -ate or -ite ("oxybutynin chloride", "bismuth subsalicylate"; not "include omeprazole", nor an amide)."""
    found = phrase.split()
    return " ".join(found[-2:]) if len(found) > 1 and _ANION.search(found[-1]) else found[-1]


def _class(phrase: str) -> str:
    """A class's head noun: "relievers" in "pain relievers", "antidepressants" in "tricyclic antidepressants" (the
    word before may be any word: "certain", "called", "with")."""
    return phrase.split()[-1]


def mine(answers, topics=()) -> dict:
    """{"brands": {brand: {generic: count}}, "classes": {generic: {class: count}}} from answer texts; `topics`: the
    names of what they are about (MedQuAD's `focus`), whose words name conditions, never brands ("Gorlin")."""
    answers = list(answers)
    brands: Counter = Counter()
    for text in answers:
        for m in _IN_BRACKETS.finditer(text):
            brands.update((b, _generic(m[1])) for b in _SPLIT.split(m[2]) if b)
        for m in _EXAMPLE.finditer(text):
            brands.update((b, m[2]) for b in _SPLIT.split(m[1]) if b)
    lower = set(re.findall(r"\b[a-z][a-z\-]+\b", "\n".join(answers)))
    lower |= {w.lower() for topic in topics for w in re.findall(r"[A-Za-z][A-Za-z\-]+", topic)}
    pairs = {(b, g): n for (b, g), n in brands.items()
             if b.lower() not in lower and _zipf(b) < BRAND_ZIPF and _zipf(g) < GENERIC_ZIPF and b not in STOPWORDS}
    generics = {g for _, g in pairs}
    classes: Counter = Counter()
    for text in answers:
        text = _BRACKETS.sub("", text)          # "such as acetaminophen (Tylenol, others) or ibuprofen"
        for m in _SUCH_AS.finditer(text):
            head = _class(m[1])
            classes.update((g, head) for g in _SPLIT.split(m[2]) if g in generics)
        for m in _AND_OTHER.finditer(text):
            if m[1].lower() in generics:       # the generic may open its sentence
                classes[(m[1].lower(), _class(m[2]))] += 1
    kinds = {(g, c): n for (g, c), n in classes.items() if c != g and _zipf(c) < CLASS_ZIPF}
    out = {"brands": {}, "classes": {}, "kinds": {}}
    for (b, g), n in sorted(pairs.items()):
        out["brands"].setdefault(b.lower(), {})[g] = n
    for (g, c), n in sorted(kinds.items()):
        out["classes"].setdefault(g, {})[c] = n
    for (g, c), n in sorted(instances(answers, lower_names(topics)).items()):
        out["kinds"].setdefault(g, {})[c] = n
    return out


def lower_names(topics) -> set[str]:
    """The words of the topics' names, lower case: a condition's name is read as named, never as its class."""
    return {w.lower() for topic in topics for w in re.findall(r"[A-Za-z][A-Za-z\-]+", topic)}


def instances(answers, topic_words: set[str]) -> dict[tuple[str, str], int]:
    """{(word, class): count}: a drug the answers write as an instance of a class, brand or none ("corticosteroids
    such as prednisone", "prednisone or other corticosteroids"), so that a patient's "prednisone" is read where the
    documents write "corticosteroids". Only rare words (GENERIC_ZIPF) that name no MedQuAD topic (a disease is asked
    about by its name: "hepatitis" is no "viral infection" the documents could answer for), a class that is rare
    (CLASS_ZIPF) and plural, as a class is written ("corticosteroids", not "ataxia" from "ataxia such as clumsiness"),
    and pairs written at least KIND_COUNT times, of a class the answers give KIND_COUNT members at least."""
    found: Counter = Counter()
    for text in answers:
        text = _BRACKETS.sub("", text)
        for m in _SUCH_AS.finditer(text):
            found.update((g.split()[-1], _class(m[1])) for g in _SPLIT.split(m[2]) if g)
        for m in _AND_OTHER.finditer(text):
            found[(m[1].lower(), _class(m[2]))] += 1
    found = {(g, c): n for (g, c), n in found.items()
             if c != g and _PLURAL.search(c) and g not in topic_words
             and _zipf(g) < GENERIC_ZIPF and _zipf(c) < CLASS_ZIPF}
    # a class names several things: one written of a single word is a misreading ("growths such as polypsextra")
    members = Counter(c for _, c in found)
    return {(g, c): n for (g, c), n in found.items() if n >= KIND_COUNT and members[c] >= KIND_COUNT}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=MEDQUAD, help="MedQuAD's qa.jsonl (default: %(default)s)")
    p.add_argument("--out", type=Path, default=ROOT / "bot" / "data" / "brand_names.json",
                   help="the JSON file to write (default: bot/data/brand_names.json)")
    args = p.parse_args(argv)
    if not args.data.is_file():
        print(f"error: no MedQuAD file at {args.data}", file=sys.stderr)
        return 2
    with open(args.data, encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    found = mine((row["answer"] for row in rows), {row["focus"] for row in rows if row.get("focus")})
    found = {"source": "MedQuAD answers, and its foci as names of conditions (Ben Abacha and Demner-Fushman, "
                       "BMC Bioinformatics 2019), five NIH collections", "licence": "CC BY 4.0",
             "made_by": "scripts/brand_names.py; do not edit by hand",
             **found}
    args.out.write_text(json.dumps(found, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    print(f"{len(found['brands'])} brands, {len(found['classes'])} generics with a class, {len(found['kinds'])} kinds "
          f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
