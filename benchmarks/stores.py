"""FAISS against Milvus Lite: the same answers, the same SciFact ranking, latency, one-document updates.

Every chunk is embedded once: the FAISS builds embed, and the Milvus builds take the very same vectors
from them (`Replay`), so any difference comes from the stores.

1. IVIG test set (eval/testset.jsonl) over corpus/: share of questions with the same retrieved documents
   and the same answer text; warm `bot.ask` latency p50/p95 for both stores, interleaved in one run.
2. SciFact test nDCG@10 over the 5,188-document corpus (IVIG + SciFact), both stores.
3. On that corpus, Milvus Lite (and FAISS, for reference): one changed document rebuilt incrementally,
   then a rollback, timed. Given --combined without --combined-index, part 3 alone runs with stable
   hash vectors in place of the model (store operations timed for real; no search quality measured).

Examples:
  python -m index build --corpus /tmp/combined --index /tmp/combined-faiss    # once; /tmp/combined holds
                                                  # corpus/* and a link scifact.jsonl -> SciFact corpus.jsonl
  python -u benchmarks/stores.py --combined /tmp/combined --combined-index /tmp/combined-faiss --work /tmp/stores
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import Bot  # noqa: E402
from bot.retrieval import HybridRetriever, ranked_documents  # noqa: E402
from eval.metrics import percentile  # noqa: E402
from eval.runner import load_testset  # noqa: E402
from index.build import build_index  # noqa: E402
from index.embedding import load_embedder  # noqa: E402
from index.history import rollback  # noqa: E402
from index.vectorstore import open_store  # noqa: E402
from benchmarks.scifact import load_split, ndcg_at  # noqa: E402
from settings import DEFAULT_CORPUS  # noqa: E402


class Replay:
    """The real model, but chunks already embedded by a FAISS build get that build's vectors back."""

    def __init__(self, inner, view):
        self.inner, self.name, self.dimension, self.max_tokens = inner, inner.name, inner.dimension, inner.max_tokens
        matrix = view.matrix()
        self.known = {c.embedding_text(view.documents[c.doc_id].title): matrix[i] for i, c in enumerate(view.chunks)}
        self.encoded = 0

    def count_tokens(self, texts):
        return self.inner.count_tokens(texts)

    def encode(self, texts, *, progress=False):
        import numpy as np

        missing = [t for t in texts if t not in self.known]
        self.encoded += len(missing)
        if missing:
            self.known.update(zip(missing, self.inner.encode(missing)))
        return np.stack([self.known[t] for t in texts]) if texts else self.inner.encode([])

    def encode_query(self, text):
        return self.inner.encode_query(text)


class HashVectors:
    """Timing only: a stable pseudo-random unit vector per text instead of the model (no search quality)."""

    def __init__(self, inner):
        self.inner, self.name, self.dimension, self.max_tokens = inner, inner.name, inner.dimension, inner.max_tokens
        self.encoded = 0

    def count_tokens(self, texts):
        return self.inner.count_tokens(texts)

    def encode(self, texts, *, progress=False):
        import hashlib

        import numpy as np

        self.encoded += len(texts)
        rows = [np.random.default_rng(int.from_bytes(hashlib.sha256(t.encode()).digest()[:8], "little"))
                .standard_normal(self.dimension) for t in texts]
        matrix = np.array(rows, dtype=np.float32).reshape(len(texts), self.dimension)
        return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)

    def encode_query(self, text):
        return self.encode([text])[0]


def timings_only(embedder, combined: Path, work: Path) -> dict:
    """Part 3 without a FAISS index of the combined corpus: hash vectors, store operations timed for real."""
    fake = HashVectors(embedder)
    out = {"vectors": "hash (timing only)"}
    for label, store in (("milvus-lite", open_store(f"milvus-lite://{work / 'combined.db'}")),
                         ("faiss", open_store("faiss:", work / "combined-faiss"))):
        out[label] = {}
        if not store.live_version():          # a rerun into the same --work keeps the full build
            started = time.perf_counter()
            report = build_index(combined, embedder=fake, full=True, progress=False, store=store)
            out[label] = {"full_build_s": round(time.perf_counter() - started, 1), "documents": report.documents,
                          "chunks": report.chunks}
        started = time.perf_counter()
        store.load(embedder.name)
        out[label]["load_s"] = round(time.perf_counter() - started, 2)
        out[label].update(update_and_rollback(fake, store, combined, work, label))
        print(json.dumps({label: out[label]}), flush=True)
    return out


def ivig(embedder, work: Path, rounds: int) -> dict:
    faiss_root = work / "ivig-faiss"
    build_index(DEFAULT_CORPUS, faiss_root, embedder=embedder, full=True, progress=False)
    faiss_bot = Bot(str(faiss_root), embedder=embedder)
    uri = f"milvus-lite://{work / 'ivig.db'}"
    replay = Replay(embedder, faiss_bot.stored)
    build_index(DEFAULT_CORPUS, embedder=replay, full=True, progress=False, store=uri)
    milvus_bot = Bot(embedder=embedder, store=uri)
    cases = load_testset(ROOT / "eval" / "testset.jsonl")
    same_docs = same_text = 0
    differ = []
    for case in cases:
        a, b = faiss_bot.ask(case.question, list(case.history)), milvus_bot.ask(case.question, list(case.history))
        same_docs += a.retrieved == b.retrieved
        same_text += a.text == b.text
        if a.retrieved != b.retrieved or a.text != b.text:
            differ.append(case.question)
    timings: dict[str, list[float]] = {"faiss": [], "milvus-lite": []}
    for bot in (faiss_bot, milvus_bot):
        bot.ask("How does IVIG work in ITP?")                       # warm
    for round_number in range(rounds):
        for i, case in enumerate(cases):
            order = [("faiss", faiss_bot), ("milvus-lite", milvus_bot)]
            for name, bot in (order if (i + round_number) % 2 == 0 else order[::-1]):
                started = time.perf_counter()
                bot.ask(case.question, list(case.history))
                timings[name].append((time.perf_counter() - started) * 1000)
    return {"questions": len(cases), "embedded_again_for_milvus": replay.encoded,
            "same_retrieved_documents": round(same_docs / len(cases), 4), "same_answer_text": round(same_text / len(cases), 4),
            "differing_questions": differ,
            "latency_ms": {name: {"p50": round(statistics.median(t), 2), "p95": round(percentile(t, 95), 2), "n": len(t)}
                           for name, t in timings.items()}}


def scifact(embedder, faiss_view, milvus_view, data: Path) -> dict:
    queries, qrels = load_split(data, "test")
    vectors = {q: embedder.encode_query(t) for q, t in queries.items()}
    out = {}
    for name, view in (("faiss", faiss_view), ("milvus-lite", milvus_view)):
        retriever = HybridRetriever(view, embedder)
        started = time.perf_counter()
        ndcg = sum(ndcg_at(ranked_documents(retriever.search(text, 100, query_vector=vectors[q])), qrels[q])
                   for q, text in queries.items()) / len(queries)
        out[name] = {"ndcg@10": round(ndcg, 4), "ms_per_query": round(1000 * (time.perf_counter() - started) / len(queries), 2)}
    out["queries"] = len(queries)
    out["difference"] = round(out["milvus-lite"]["ndcg@10"] - out["faiss"]["ndcg@10"], 4)
    return out


def update_and_rollback(embedder, store, corpus: Path, work: Path, label: str) -> dict:
    changed = work / f"{label}-corpus"
    shutil.rmtree(changed, ignore_errors=True)
    changed.mkdir()
    for item in corpus.iterdir():
        target = changed / item.name
        if item.is_symlink():
            target.symlink_to(item.resolve())
        else:
            shutil.copy(item, target)
    doc = changed / "ivig-long-covid.txt"
    paragraphs = doc.read_text().split("\n\n")      # a new paragraph inside the body (a trailing line may be
    paragraphs.insert(2, "A benchmark sentence added to one document, to time an update.")   # cleaned away)
    doc.write_text("\n\n".join(paragraphs))
    before = store.live_version()
    started = time.perf_counter()
    report = build_index(changed, embedder=embedder, progress=False, store=store)
    update = time.perf_counter() - started
    started = time.perf_counter()
    rollback(store)
    back = time.perf_counter() - started
    assert not report.up_to_date and store.live_version() == before
    return {"update_s": round(update, 2), "embedded": report.encoded, "reused": report.reused,
            "encode_s": round(report.encode_seconds, 2), "rollback_s": round(back, 3), "chunks": report.chunks}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--combined", type=Path, help="corpus folder: corpus/* plus SciFact's corpus.jsonl")
    parser.add_argument("--combined-index", type=Path, help="a FAISS index of --combined (without both: part 1 only)")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "benchmarks" / "scifact")
    parser.add_argument("--work", type=Path, required=True, help="scratch folder (a rerun of part 3 keeps its full builds)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "stores.json")
    parser.add_argument("--skip-ivig", action="store_true", help="parts 2-3 only")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    embedder = load_embedder()
    result = {} if args.skip_ivig else {"ivig": ivig(embedder, args.work, args.rounds)}
    print(json.dumps(result, indent=2), flush=True)
    if args.combined is not None and args.combined_index is None:
        result["one_document_update"] = timings_only(embedder, args.combined, args.work)
    if args.combined is None or args.combined_index is None:
        return _write(args.out, result)

    faiss_store = open_store("faiss:", args.work / "combined-faiss")
    shutil.rmtree(faiss_store.root, ignore_errors=True)
    shutil.copytree(args.combined_index, faiss_store.root, ignore=shutil.ignore_patterns("build.*"))
    faiss_view = faiss_store.load(embedder.name)
    milvus = open_store(f"milvus-lite://{args.work / 'combined.db'}")
    replay = Replay(embedder, faiss_view)
    started = time.perf_counter()
    report = build_index(args.combined, embedder=replay, full=True, progress=False, store=milvus)
    result["milvus_full_build"] = {"seconds": round(time.perf_counter() - started, 1), "documents": report.documents,
                                   "chunks": report.chunks, "embedded_again": replay.encoded}
    started = time.perf_counter()
    milvus_view = milvus.load(embedder.name)
    result["milvus_load_s"] = round(time.perf_counter() - started, 2)
    result["scifact_test"] = scifact(embedder, faiss_view, milvus_view, args.data)
    print(json.dumps({k: result[k] for k in ("milvus_full_build", "milvus_load_s", "scifact_test")}, indent=2), flush=True)
    result["one_document_update"] = {
        "milvus-lite": update_and_rollback(embedder, milvus, args.combined, args.work, "milvus"),
        "faiss": update_and_rollback(embedder, faiss_store, args.combined, args.work, "faiss")}
    print(json.dumps(result["one_document_update"], indent=2))
    return _write(args.out, result)


def _write(out: Path, result: dict) -> int:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
