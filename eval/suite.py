"""The generalisation suite: every yardstick in one run, with one summary table.

Sets (each small by default, sampled with a fixed seed; --full for full size):
- testset:   the team's eval/testset.jsonl over corpus/ (the regression gate; tuned on);
- patients:  eval/patients.jsonl, patient-style variants of the team's questions (greetings, typos,
             lay words, two questions in one message) and everyday off-topic diseases;
- messages:  eval/ivig_messages.jsonl, held out: long IVIG patient messages (history, typos, brands, places,
             two questions) written before any run and never tuned on, with 6 the documents do not cover;
- heldout:   the IVIG sets nobody tuned on when they were written, one row each: eval/unseen.jsonl,
             eval/ivig_holdout.jsonl and ivig_holdout2/3/4/5/8/9.jsonl (each written from the documents alone, before
             the bot answered it; the note of the round that used one to tune says so);
- final:     eval/ivig_holdout6.jsonl, ivig_holdout7.jsonl and ivig_holdout10.jsonl, kept for a round's final
             figures: run only when named (--sets final);
- offtopic:  MedQuAD questions whose focus the IVIG documents never mention, asked over corpus/:
             all must be declined, none answered with a citation;
- scifact:   SciFact test claims (--split train: the train claims, to tune on) over their abstracts plus sampled distractors: declined share
             (every claim's evidence is in the corpus), nDCG@10 of the bot's ranking;
- medquad:   MedQuAD answers indexed as a corpus, its questions as written and reworded the way
             patients write (eval/reword.py); split into a tuning half and a held-out half by id;
             hit@1 and nDCG@10 of the bot, and of hybrid, dense-only and BM25-only retrieval.
- consumer:  eval/consumer_messages.jsonl, long messages written the way people write to a national
             medical library (greeting, history, typos, brands, places, abbreviations, two questions),
             each about one answer of a MedQuAD-answers corpus (3,000 answers with --full, the size
             they were written against; by default 300 plus the answers they are about), split "tune",
             "measure" and "holdout" (written later, before any run, never tuned on); and messages on
             topics the corpus lacks, which must be declined. Each split gets its own row.

Indexes are built once into --work (default .index-suite/) and reused while their corpus is unchanged.

    python -m eval --suite                       # all sets, default sizes, table + OUT/suite.json
    python -m eval --suite --sets offtopic medquad --out runs/suite
    python -m eval --suite --full                # full sizes (slow: the whole SciFact corpus)
"""
from __future__ import annotations

import json
import zlib
from pathlib import Path

import settings

from . import metrics
from .benchmark_data import SEED, medquad_corpus, offtopic_cases, scifact_corpus
from .reword import reword
from .runner import evaluate, load_testset

PATIENTS = Path(__file__).resolve().parent / "patients.jsonl"
MESSAGES = Path(__file__).resolve().parent / "ivig_messages.jsonl"
CONSUMER = Path(__file__).resolve().parent / "consumer_messages.jsonl"
HELD_OUT = {name: Path(__file__).resolve().parent / f"{stem}.jsonl"
            for name, stem in (("unseen", "unseen"), ("holdout", "ivig_holdout"), ("holdout2", "ivig_holdout2"),
                               ("holdout3", "ivig_holdout3"), ("holdout4", "ivig_holdout4"),
                               ("holdout5", "ivig_holdout5"), ("holdout8", "ivig_holdout8"),
                               ("holdout9", "ivig_holdout9"))}
# Sets kept for a round's final figures: never run while tuning, so never run unless named (`--sets final`)
FINAL = {name: Path(__file__).resolve().parent / f"ivig_{name}.jsonl" for name in ("holdout6", "holdout7", "holdout10")}
TESTSET = Path(__file__).resolve().parent / "testset.jsonl"
DEFAULT_WORK = settings.PROJECT_ROOT / ".index-suite"
PARTIAL = "suite.partial.json"       # the finished sets of a suite that was stopped; the last whole run's files stay
SETS = ("testset", "patients", "messages", "heldout", "offtopic", "scifact", "medquad", "consumer")
ALL_SETS = (*SETS, "final")          # the default is SETS: "final" runs only when named
# Default sizes: minutes on two cores. --full lifts them.
SIZES = {"offtopic": 200, "scifact_claims": 60, "scifact_distractors": 340, "medquad_answers": 200,
         "consumer_answers": 300}
# --full sizes that are not "everything": the consumer messages were written against this sample.
FULL_SIZES = {"consumer_answers": 3000}


def _index(corpus: Path, root: Path, embedder) -> str:
    from index.errors import IvigError
    from index.lifecycle import ensure_current

    ensured = ensure_current(corpus, root, embedder, progress=True)
    if ensured.failed:
        raise IvigError(ensured.error)
    return str(root)


def _ask(bot, question: str):
    from index.errors import InvalidQuestion

    try:
        return bot.ask(question)
    except InvalidQuestion:
        return None


def run_testset(bot, path: Path, out: Path | None) -> dict:
    summary, _ = evaluate(bot, load_testset(path), out, progress=False)
    return {"n": summary["questions"], "declined": summary["answerable_abstained"],
            "unanswerable_declined": summary["unanswerable_abstained"], "hit@1": summary["hit@1"],
            "ndcg@10": summary["ndcg@10"], "fact_recall": summary["fact_recall"],
            "opening_hit": summary["opening_hit"], "invalid_citations": summary["invalid_citations"], "p50_ms": summary["latency_p50_ms"],
            "pass_rate": summary["pass_rate"]}


def run_offtopic(bot, cases: list[dict], examples: list) -> dict:
    """`heldout`: the questions whose focus is outside the half scripts/topic_words.py learnt from."""
    declined = cited = heldout = heldout_declined = longest = 0
    for case in cases:
        answer = _ask(bot, case["question"])
        unseen = zlib.crc32(case["focus"].lower().encode()) % 2 == 1
        heldout += unseen
        if answer is None or answer.abstained:
            declined += 1
            heldout_declined += unseen
            longest = max(longest, len(answer.decline) if answer else 0)
        elif answer.citations:
            cited += 1
            examples.append({"set": "offtopic", "question": case["question"], "answer": answer.text[:300]})
    n = len(cases)
    return {"n": n, "declined": f"{declined}/{n}", "declined_share": round(declined / n, 4) if n else None,
            "answered_with_citation": cited, "declined_heldout_foci": f"{heldout_declined}/{heldout}",
            "longest_decline_chars": longest}


def run_scifact(bot, claims, examples: list) -> dict:
    declined, ndcg, longest = 0, 0.0, 0
    for qid, text, relevant in claims:
        answer = _ask(bot, text)
        if answer is None:
            declined += 1
            continue
        if answer.abstained:
            declined += 1
            longest = max(longest, len(answer.decline))
            if len(examples) < 200:
                examples.append({"set": "scifact", "question": text, "reason": answer.abstain_reason})
        ndcg += metrics.ndcg_at(list(answer.retrieved), relevant, 10)
    n = len(claims)
    return {"n": n, "declined": f"{declined}/{n}", "declined_share": round(declined / n, 4),
            "ndcg@10": round(ndcg / n, 4), "longest_decline_chars": longest}


def run_medquad(bot, rows: list[dict], seed: int, examples: list) -> dict:
    """Per half (tune: even crc of the id, heldout: odd) and per wording (as written, reworded)."""
    from .reword import seed_for

    out = {}
    for half in ("tune", "heldout"):
        part = [r for r in rows if seed_for(r["id"]) % 2 == (0 if half == "tune" else 1)]
        for wording in ("written", "reworded"):
            figures = _figures(len(part))
            for r in part:
                question = r["question"] if wording == "written" else reword(r["question"], r["id"], seed)
                _score(bot, question, {r["id"]}, figures, examples, f"medquad-{half}-{wording}")
            out[f"{half}/{wording}"] = _means(figures)
    return out


def consumer_splits(cases) -> list[str]:
    """The splits the messages are marked with, in file order: a new split gets its own row, none is dropped."""
    return list(dict.fromkeys(str(c.extra.get("split", "")) for c in cases))


def run_consumer(bot, cases, examples: list) -> dict:
    """Per split (tune, measure, holdout): answerable messages' declines, hit@1 and nDCG@10 (the bot's, and
    hybrid, dense-only and BM25-only retrieval side by side); and how many messages on absent topics were declined."""
    out = {}
    for split in consumer_splits(cases):
        part = [c for c in cases if str(c.extra.get("split", "")) == split]
        answerable = [c for c in part if c.answerable]
        figures = _figures(len(answerable))
        for case in answerable:
            _score(bot, case.question, set(case.expected_sources), figures, examples, f"consumer-{split}")
        absent = [c for c in part if not c.answerable]
        answered = []
        for case in absent:
            answer = _ask(bot, case.question)
            if answer is not None and not answer.abstained:
                answered.append(case.id)
                examples.append({"set": f"consumer-{split}-absent", "question": case.question,
                                 "answer": answer.text[:300]})
        out[split] = {**_means(figures), "unanswerable_declined": f"{len(absent) - len(answered)}/{len(absent)}"}
    return out


def _figures(n: int) -> dict:
    return {"n": n, "declined": 0, "hit@1": 0.0, "ndcg@10": 0.0,
            **{f"{m}_{s}": 0.0 for s in ("hybrid", "dense", "bm25") for m in ("hit@1", "ndcg@10")}}


def _score(bot, question: str, expected: set, figures: dict, examples: list, label: str) -> None:
    """Ask; add the bot's decline and ranking figures, and those of the three retrievals, to `figures`."""
    answer = _ask(bot, question)
    if answer is None or answer.abstained:
        figures["declined"] += 1
        if len(examples) < 400:
            examples.append({"set": label, "question": question,
                             "reason": answer.abstain_reason if answer else "invalid"})
    ranked = list(answer.retrieved) if answer else []
    figures["hit@1"] += metrics.hit_at(ranked, expected, 1)
    figures["ndcg@10"] += metrics.ndcg_at(ranked, expected, 10)
    vector = bot.embedder.encode_query(question)
    for name, alpha in (("hybrid", bot.retriever.alpha), ("dense", 1.0), ("bm25", 0.0)):
        ranked = _ranking(bot, question, vector, alpha)
        figures[f"hit@1_{name}"] += metrics.hit_at(ranked, expected, 1)
        figures[f"ndcg@10_{name}"] += metrics.ndcg_at(ranked, expected, 10)


def _means(figures: dict) -> dict:
    n = figures["n"] or 1
    return {k: (round(v / n, 4) if isinstance(v, float) else v) for k, v in figures.items()}


def _ranking(bot, question, vector, alpha) -> list[str]:
    from bot.retrieval import HybridRetriever, ranked_documents

    retriever = HybridRetriever(bot.stored, bot.embedder, alpha=alpha)
    return ranked_documents(retriever.search(question, 50, query_vector=vector))


def run_suite(sets=SETS, *, work: Path = DEFAULT_WORK, out: Path | None = None, full: bool = False,
              seed: int = SEED, split: str = "test", progress=print) -> dict:
    """Run the chosen sets; return {set: figures} (and write OUT/suite.json, OUT/suite.md, OUT/examples.jsonl)."""
    from bot import Bot
    from index.embedding import load_embedder

    embedder = load_embedder()
    sizes = {k: None for k in SIZES} if full else SIZES
    results: dict = {}
    examples: list = []
    try:
        ivig = None
        if {"testset", "patients", "messages", "heldout", "final", "offtopic"} & set(sets):
            ivig = Bot(_index(settings.DEFAULT_CORPUS, work / "ivig", embedder), embedder=embedder)
        if "testset" in sets:
            progress("testset ...")
            results["testset"] = run_testset(ivig, TESTSET, out / "testset" if out else None)
        if "patients" in sets:
            progress("patients ...")
            results["patients"] = run_testset(ivig, PATIENTS, out / "patients" if out else None)
        if "messages" in sets:
            progress("messages ...")
            results["messages"] = run_testset(ivig, MESSAGES, out / "messages" if out else None)
        for chosen, group in (("heldout", HELD_OUT), ("final", FINAL)):
            if chosen in sets:
                for name, path in group.items():
                    progress(f"{name} ...")
                    results[name] = run_testset(ivig, path, out / name if out else None)
        if "offtopic" in sets:
            progress("offtopic ...")
            corpus_text = " ".join(d.text for d in ivig.stored.documents.values())
            results["offtopic"] = run_offtopic(ivig, offtopic_cases(corpus_text, sizes["offtopic"], seed), examples)
        if "scifact" in sets:
            progress("scifact: corpus and index ...")
            claims = scifact_corpus(work / "scifact-corpus", sizes["scifact_claims"], sizes["scifact_distractors"], seed,
                                    split)
            bot = Bot(_index(work / "scifact-corpus", work / "scifact", embedder), embedder=embedder)
            results["scifact" if split == "test" else f"scifact {split}"] = run_scifact(bot, claims, examples)
        if "medquad" in sets:
            progress("medquad: corpus and index ...")
            rows = medquad_corpus(work / "medquad-corpus", sizes["medquad_answers"], seed)
            bot = Bot(_index(work / "medquad-corpus", work / "medquad", embedder), embedder=embedder)
            for key, figures in run_medquad(bot, rows, seed, examples).items():
                results[f"medquad {key}"] = figures
        if "consumer" in sets:
            progress("consumer: corpus and index ...")
            cases = load_testset(CONSUMER)
            size = FULL_SIZES["consumer_answers"] if full else sizes["consumer_answers"]
            medquad_corpus(work / "consumer-corpus", size, seed, include={s for c in cases for s in c.expected_sources})
            bot = Bot(_index(work / "consumer-corpus", work / "consumer", embedder), embedder=embedder)
            for key, figures in run_consumer(bot, cases, examples).items():
                results[f"consumer {key}"] = figures
    except BaseException:
        if out is not None and results:      # a Ctrl-C or a crash: keep the sets that finished
            out.mkdir(parents=True, exist_ok=True)
            (out / PARTIAL).write_text(json.dumps(results, indent=2), encoding="utf-8")
        raise
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "suite.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
        (out / "suite.md").write_text("```\n" + table(results) + "\n```\n", encoding="utf-8")
        with open(out / "examples.jsonl", "w", encoding="utf-8") as handle:
            for row in examples:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        (out / PARTIAL).unlink(missing_ok=True)
    return results


COLUMNS = ("n", "declined", "unanswerable_declined", "hit@1", "ndcg@10", "fact_recall", "opening_hit",
           "answered_with_citation",
           "hit@1_hybrid", "hit@1_dense", "hit@1_bm25", "ndcg@10_hybrid", "ndcg@10_dense", "ndcg@10_bm25",
           "longest_decline_chars", "p50_ms")


def table(results: dict) -> str:
    """One row per set, one column per figure any set has ("-" where a set has none)."""
    columns = [c for c in COLUMNS if any(c in row for row in results.values())]
    width = max([len(k) for k in results] + [4])
    head = f"{'set':<{width}}  " + "  ".join(f"{c:>{max(len(c), 7)}}" for c in columns)
    lines = [head, "-" * len(head)]
    for name, row in results.items():
        cells = []
        for c in columns:
            value = row.get(c, "-")
            cells.append(f"{value if value is not None else '-':>{max(len(c), 7)}}")
        lines.append(f"{name:<{width}}  " + "  ".join(cells))
    return "\n".join(lines)
