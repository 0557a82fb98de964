"""Build the open glossary the bot ships with, from MedQuAD's "What is (are) X ?" answers.

    python -m scripts.build_glossary                       # the default input and output
    python -m scripts.build_glossary --medquad ../shared/benchmarks/medquad/qa.jsonl --out bot/data/medquad_glossary.jsonl.gz

MedQuAD (Ben Abacha and Demner-Fushman, BMC Bioinformatics 2019) is CC BY 4.0; its answers come from
NIH pages. Each entry keeps the first plain defining sentence of the answer ("X is a ..." where X is the
focus or one of its other names), the term as that sentence writes it and its other names, the NIH page and the collection, so every definition the bot
shows can say where it comes from. Left out: answers whose opening sentences define nothing (lists,
"Key points" without a definition), and sentences too long to read as one plain definition.

Exit codes: 0 written; 1 the input is missing or yields no definitions.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

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
        subject = re.sub(r"\s*\([^()]*\)", "", sentence[:match.start()]).strip(" ,")
        if subject and any(subject.lower() in n or n in subject.lower() for n in lowered):
            return subject, sentence
    return None


def build(rows) -> list[dict]:
    """Glossary entries, one per term (first answer wins), sorted by term."""
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
    return sorted(entries.values(), key=lambda e: e["term"].lower())


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
    with open(source, encoding="utf-8") as handle:
        entries = build(json.loads(line) for line in handle if line.strip())
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
