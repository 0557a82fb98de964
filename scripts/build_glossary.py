"""Build the open glossary the bot ships with, from MedQuAD's "What is (are) X ?" answers.

    python -m scripts.build_glossary                       # the default input and output
    python -m scripts.build_glossary --medquad ../shared/benchmarks/medquad/qa.jsonl --out bot/data/medquad_glossary.jsonl.gz

MedQuAD (Ben Abacha and Demner-Fushman, BMC Bioinformatics 2019) is CC BY 4.0; its answers come from
NIH pages. Each entry keeps the first plain defining sentence of the answer ("X is a ..." where X is the
focus or one of its other names), the term as that sentence writes it and its other names, the NIH page and the collection, so every definition the bot
shows can say where it comes from. Left out: answers whose opening sentences define nothing (lists,
"Key points" without a definition), and sentences too long to read as one plain definition.

Many terms are never the focus of a question ("thrombocytopenia" is only part of longer ones, such as
"X-linked thrombocytopenia") but are explained in passing in some answer, in brackets either way round:
"thrombocytopenia (low platelet count)", "a low number of platelets in the blood (thrombocytopenia)". The second kind gives the rest of the
entries: the author names the term of a plain phrase. (The first kind, which index.glossary finds in the
corpus, is mostly a list of symptoms or an example in MedQuAD: "anemia (weakness, feeling tired...)".)
Each keeps the gloss most answers use (the shortest of those), in plainer words than the term, and the
first page that uses it.

How well the bracket glosses read: scripts/data/glossary_labels.jsonl holds 60 of last round's, drawn at
random and labelled right or wrong by reading them (42 right). The filters (whole noun phrases, agreement
of different sentences, the tail check) were tuned on its even lines and checked on its odd ones.

Exit codes: 0 written; 1 the input is missing or yields no definitions.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

import Stemmer
from wordfreq import zipf_frequency

from index.sentences import sentence_spans

DEFAULT_IN = Path(__file__).resolve().parents[1] / ".." / "shared" / "benchmarks" / "medquad" / "qa.jsonl"
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "bot" / "data" / "medquad_glossary.jsonl.gz"
COLLECTIONS = {"1_CancerGov_QA": "National Cancer Institute (cancer.gov)", "2_GARD_QA": "NIH GARD",
               "3_GHR_QA": "NLM Genetics Home Reference", "4_MPlus_Health_Topics_QA": "MedlinePlus (NLM)",
               "5_NIDDK_QA": "NIDDK"}
MIN_CHARS, MAX_CHARS, LOOK_AT = 25, 260, 4      # a definition's length; opening sentences looked at
_DEFINES = re.compile(r"\b(is|are|refers to|describes)\b(?= (an?|the|one|any|group)\b)")
_QUESTION = re.compile(r"^What (is|are) \(are\) (?P<focus>.+?) ?\?$")


def first_definition(answer: str, names: list[str]) -> tuple[str, str] | None:
    """(subject, sentence): the first of the opening sentences that defines one of `names` (the focus and
    its other names), whitespace collapsed. The subject is the name as the sentence writes it, which
    may be shorter than the focus ("Anemia is ..." in the answer about anemia in kidney disease)."""
    text = re.sub(r"^\s*Key Points\s*-\s*", "", answer)
    text = re.sub(r"\s+-\s+", "\n\n", text)                 # " - " items of a key-points list
    lowered = [n.lower() for n in names]
    for start, end in sentence_spans(text)[:LOOK_AT]:
        sentence = " ".join(text[start:end].split())
        match = _DEFINES.search(sentence)
        if not (match and MIN_CHARS <= len(sentence) <= MAX_CHARS and sentence.endswith(".")):
            continue
        subject = _ARTICLE.sub("", re.sub(r"\s*\([^()]*\)", "", sentence[:match.start()]).strip(" ,"))
        if subject and any(re.search(rf"(?<!\w){re.escape(subject.lower())}(?!\w)", n) for n in lowered):
            return subject, sentence
        # "Amblyopia, or "lazy eye," is ...": the name it starts with. Not "Individuals with X have Y, which
        # is ..." nor "Among the signs of X are ...": a name inside the subject is not what the sentence defines.
        starts = [name for name, n in zip(names, lowered) if subject.lower().startswith(n)
                  and not subject[len(n):len(n) + 1].isalnum()]
        if starts:
            return subject[:len(max(starts, key=len))], sentence
    return None


def build(rows) -> list[dict]:
    """Glossary entries, one per term (first answer wins), sorted by term: the "What is" answers, then the
    bracketed glosses for terms they lack."""
    rows = list(rows)
    entries: dict[str, dict] = {}
    for row in rows:
        if not _QUESTION.match(row.get("question", "")) or not row.get("focus"):
            continue
        names = [row["focus"].strip(), *(n for n in row.get("synonyms", []) if n)]
        found = first_definition(row.get("answer", ""), names)
        if found is None:
            continue
        term, definition = found
        if term.lower() in entries or len(term.split()) > 8:
            continue
        entries[term.lower()] = {"term": term, "synonyms": [n for n in names if n.lower() != term.lower()],
                                 "definition": definition, "url": row.get("url", ""),
                                 "collection": COLLECTIONS.get(row.get("collection"), row.get("collection", ""))}
    named = {n.lower() for e in entries.values() for n in (e["term"], *e["synonyms"])}
    for term, entry in glossed(rows).items():
        if term not in named:
            entry["synonyms"] = [n for n in entry["synonyms"] if n not in named]
            entries[term] = entry
    return sorted(entries.values(), key=lambda e: e["term"].lower())


MAX_GLOSS_WORDS = 8
MIN_USES = 2             # sentences that gloss a term the same way: one alone is too often a bracket about something else
TAIL_GAP = 0.1           # the term this much closer (cosine) to the gloss's last words than to all of it names them alone
RARE_ZIPF = 3.0          # a bracketed term rarer than this in general English needs explaining
_BACK = re.compile(r"(?P<plain>[A-Za-z][\w'-]*(?: [\w'-]+){0,%d}) \((?P<term>[a-z][a-z-]+(?: [a-z-]+){0,2})\)"
                   % (MAX_GLOSS_WORDS - 1))
# Words that end the clause before a bracketed term: "... caused by [low numbers of platelets] (thrombocytopenia)".
_CLAUSE = {"and", "or", "by", "to", "with", "called", "as", "that", "which", "is", "are", "was", "were", "be",
           "has", "have", "had", "including", "include", "includes", "such", "like", "from", "for", "resulting",
           "causes", "cause", "caused", "leads", "lead", "also", "known", "also", "than", "because", "due"}
_POINTS = re.compile(r"\b(it|its|they|them|their|this|these|those|he|she|see|found)\b", re.I)  # needs its sentence
_NOT_IN_TERM = _CLAUSE | {"the", "rarely"}     # "called bronchi", "kyphosis or scoliosis": not one term
_LEADING = re.compile(r"^(in|of|on|at|into) ", re.I)
_ARTICLE = re.compile(r"^(an?|the|some|certain) ", re.I)


# Plain words cut off after one of these are no whole noun phrase: a verb phrase or a predicate ("the tissue
# that [separates the two nostrils] (nasal septum perforation)", "cells are [broken down] (undergo
# hemolysis)", "bones to [turn inward] (coxa vara)"), or the last part of a coordination whose bracket names
# it all ("the left and [right halves of the brain] (corpus callosum)"). After "to", "and" and "or" an
# article says a noun phrase starts ("leads to [a reduction in platelets]", "anemia and [a low number of ...]").
_NOT_BEFORE_NOUN = {"that", "which", "who", "to", "is", "are", "was", "were", "be", "and", "or"}
_NOUN_WITH_ARTICLE = {"to", "and", "or"}
_TAIL = re.compile(r"^.+? (?:of|in|on) (?:the |an? )?(?P<tail>[^.]+)\.?$")     # "Thickening of bones in [the skull]"


def backward_glosses(sentence: str) -> list[tuple[str, str]]:
    """(term, "Plain words.") for each "plain words (term)" of the sentence, unless the plain words are
    cut off where no noun phrase starts (_NOT_BEFORE_NOUN)."""
    pairs = []
    for match in _BACK.finditer(sentence):
        words, cut = [], ""
        for word in reversed(match["plain"].split()):
            if word.lower() in _CLAUSE:
                cut = word.lower()
                break
            words.insert(0, word)
        if cut in _NOT_BEFORE_NOUN and not (cut in _NOUN_WITH_ARTICLE and _ARTICLE.match(" ".join(words))):
            continue
        plain = _ARTICLE.sub("", _LEADING.sub("", " ".join(words))).strip()
        if plain and zipf_frequency(match["term"], "en") < RARE_ZIPF:
            pairs.append((match["term"], plain[0].upper() + plain[1:] + "."))
    return pairs


def plainer(gloss: str, term: str) -> bool:
    """Whether `gloss` explains `term` in commoner words: none of its words is rarer than the term, and
    they are commoner on average by a margin."""
    words = re.findall(r"[A-Za-z]+", gloss)
    if not 2 <= len(words) <= MAX_GLOSS_WORDS or term.lower() in gloss.lower() or _POINTS.search(gloss):
        return False
    rarity = [zipf_frequency(w, "en") for w in words]
    return min(rarity) >= zipf_frequency(term, "en") and sum(rarity) / len(rarity) >= zipf_frequency(term, "en") + 1.5


def glossed(rows) -> dict[str, dict]:
    """Entries from the bracketed glosses of every answer. Forms of a term that stem alike are one entry
    ("anticoagulation", "anticoagulants"): the most used form is its term, the others its other names.
    Its gloss is the one most pages use (the shortest of those), with the page of its first use; kept
    when at least MIN_USES different sentences gloss the term with a word in common with it (they agree),
    and the bracket names the whole gloss, not its last words (names_the_tail)."""
    stem = Stemmer.Stemmer("english").stemWord
    seen: dict[str, dict] = {}
    for row in rows:
        text = re.sub(r"\s+-\s+", "\n\n", row.get("answer", ""))
        for start, end in sentence_spans(text):
            sentence = " ".join(text[start:end].split())
            if "(" not in sentence:
                continue
            for term, gloss in backward_glosses(sentence):
                if set(term.lower().split()) & _NOT_IN_TERM or not plainer(gloss, term):
                    continue
                group = seen.setdefault(" ".join(stem(w) for w in term.lower().split()), {"forms": {}, "glosses": {}})
                group["forms"][term.lower()] = group["forms"].get(term.lower(), 0) + 1
                uses = group["glosses"].setdefault(gloss.lower(), [set(), gloss, row, set()])
                uses[0].add(row.get("url", ""))
                uses[3].add(sentence.lower())
    chosen = []
    for group in seen.values():
        pages, gloss, row, _ = max(group["glosses"].values(), key=lambda u: (len(u[0]), -len(u[1])))
        words = _content(gloss)
        # Agreement counts sentences, not pages: many NIH pages repeat one sentence word for word.
        agree = set().union(*(u[3] for u in group["glosses"].values() if _content(u[1]) & words))
        if len(agree) < MIN_USES:
            continue
        chosen.append((sorted(group["forms"], key=lambda f: -group["forms"][f]), gloss, row))
    entries, tails = {}, names_the_tail([(forms[0], gloss) for forms, gloss, _ in chosen])
    for (forms, gloss, row), tail in zip(chosen, tails):
        if tail:
            continue
        entries[forms[0]] = {"term": forms[0], "synonyms": forms[1:], "definition": gloss, "url": row.get("url", ""),
                             "collection": COLLECTIONS.get(row.get("collection"), row.get("collection", ""))}
    return entries


def names_the_tail(pairs: list[tuple[str, str]]) -> list[bool]:
    """For each (term, gloss): whether the term names only the gloss's last words, after "of/in/on"
    ("atrophy of the thigh muscles (quadriceps)", "thickening of bones in the skull (cranium)"): the
    bundled embedding model puts the term TAIL_GAP closer to those words than to the whole gloss."""
    from index.embedding import load_embedder
    from settings import DEFAULT_MODEL

    tails = [(i, _TAIL.match(gloss)) for i, (_, gloss) in enumerate(pairs)]
    tails = [(i, match["tail"]) for i, match in tails if match]
    out = [False] * len(pairs)
    if not tails:
        return out
    # The default model, whatever IVIG_MODEL says: the same input must give the same file.
    encode = load_embedder(DEFAULT_MODEL).encode
    terms = encode([pairs[i][0] for i, _ in tails])
    whole = encode([pairs[i][1].rstrip(".") for i, _ in tails])
    ends = encode([tail for _, tail in tails])
    for (i, _), t, w, e in zip(tails, terms, whole, ends):
        out[i] = float(t @ e - t @ w) >= TAIL_GAP
    return out


def _content(gloss: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", gloss.lower()) if len(w) > 3}


class BadInput(ValueError):
    """A line of the input that is no MedQuAD record."""


def _records(source: Path):
    """The records of a MedQuAD qa.jsonl; BadInput names the first line that is not one."""
    with open(source, "rb") as handle:
        for number, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            try:
                row = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise BadInput(f"{source}:{number}: not a JSON line ({exc})") from None
            if not isinstance(row, dict) or not all(isinstance(row.get(k, ""), str) for k in ("question", "focus", "answer")) \
                    or not isinstance(row.get("synonyms", []), list):
                raise BadInput(f"{source}:{number}: not a MedQuAD record (question, focus and answer as text)")
            yield row


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m scripts.build_glossary", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--medquad", default=str(DEFAULT_IN), help="MedQuAD qa.jsonl (default ../shared/benchmarks/medquad)")
    p.add_argument("--out", default=str(DEFAULT_OUT), help="gzipped JSONL to write (default bot/data/medquad_glossary.jsonl.gz)")
    args = p.parse_args(argv)
    source = Path(args.medquad)
    if not source.is_file():
        print(f"error: {source} does not exist", file=sys.stderr)
        return 1
    try:
        entries = build(_records(source))
    except BadInput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if not entries:
        print(f"error: no definitions found in {source}", file=sys.stderr)
        return 1
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same input gives the same bytes, so the file only changes in git when its content does.
    # No file name in the header either: a copy written elsewhere has the same bytes.
    with open(out, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries).encode("utf-8"))
    print(f"{len(entries)} definitions -> {out} ({out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
