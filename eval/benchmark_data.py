"""The public benchmarks' data as the suite uses it: MedQuAD's questions and answers, SciFact's claims and abstracts,
sampled with a fixed seed and written as corpora the indexer reads (in ../shared/benchmarks, env IVIG_BENCHMARKS)."""
from __future__ import annotations

import json
import random
from pathlib import Path

import settings
from index.accents import fold

SHARED = settings.benchmarks_path()          # env IVIG_BENCHMARKS
MEDQUAD = SHARED / "medquad" / "qa.jsonl"
SCIFACT = SHARED / "scifact"
SEED = 7


def _medquad() -> list[dict]:
    with open(MEDQUAD, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def offtopic_cases(corpus_text: str, size: int | None, seed: int = SEED) -> list[dict]:
    """MedQuAD questions whose focus (and every synonym) never occurs in the corpus text, both read with their
    accents folded as the bot reads them ("Guillain-Barre syndrome" occurs as "Guillain-Barré syndrome")."""
    text = fold(corpus_text).lower()
    rows = [r for r in _medquad()
            if r["focus"] and all(fold(name).lower() not in text for name in [r["focus"], *r.get("synonyms", [])])]
    rows.sort(key=lambda r: r["id"])
    return random.Random(seed).sample(rows, min(size, len(rows))) if size else rows


def medquad_corpus(folder: Path, size: int | None, seed: int = SEED, include=()) -> list[dict]:
    """Write a sample of MedQuAD answers as a BEIR-style corpus; return the sampled records.
    The answers whose ids are in `include` are added when the sample lacks them."""
    rows, seen = [], set()
    for r in sorted(_medquad(), key=lambda r: r["id"]):
        key = r["answer"].strip()
        if len(key) > 80 and key not in seen:          # one document per distinct answer
            seen.add(key)
            rows.append(r)
    if size:
        wanted = [r for r in rows if r["id"] in set(include)]
        rows = random.Random(seed).sample(rows, min(size, len(rows)))
        rows += [r for r in wanted if r not in rows]
    folder.mkdir(parents=True, exist_ok=True)
    _write_jsonl(folder / "answers.jsonl",
                 [{"_id": r["id"], "title": r["focus"], "text": r["answer"]} for r in rows])
    return rows


def load_split(data: Path, split: str) -> tuple[dict[str, str], dict[str, set[str]]]:
    """Queries that have qrels in `split`, and their relevant document ids."""
    import csv

    qrels: dict[str, set[str]] = {}
    with open(data / "qrels" / f"{split}.tsv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if int(row["score"]) > 0:
                qrels.setdefault(row["query-id"], set()).add(row["corpus-id"])
    queries = {}
    with open(data / "queries.jsonl", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["_id"] in qrels:
                queries[record["_id"]] = record["text"]
    return queries, {q: qrels[q] for q in queries}


def scifact_corpus(folder: Path, claims: int | None, distractors: int | None, seed: int = SEED,
                   split: str = "test"):
    """Sampled claims of `split` with their qrels, and a corpus of their abstracts plus sampled others.
    At full size the corpus is every abstract, whichever the split, so both splits share one index."""
    queries, qrels = load_split(SCIFACT, split)
    ids = sorted(queries, key=int)
    rng = random.Random(seed)
    if claims:
        ids = sorted(rng.sample(ids, min(claims, len(ids))), key=int)
    with open(SCIFACT / "corpus.jsonl", encoding="utf-8") as handle:
        corpus = [json.loads(line) for line in handle]
    needed = set().union(*(qrels[q] for q in ids))
    if claims or distractors:
        others = [d for d in corpus if d["_id"] not in needed]
        keep = needed | {d["_id"] for d in rng.sample(others, min(distractors or 0, len(others)))}
        corpus = [d for d in corpus if d["_id"] in keep]
    folder.mkdir(parents=True, exist_ok=True)
    _write_jsonl(folder / "corpus.jsonl", corpus)
    return [(q, queries[q], qrels[q]) for q in ids]


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:     # unchanged: index stays current
        path.write_text(text, encoding="utf-8")
