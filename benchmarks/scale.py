"""Vector search at scale: FAISS flat, HNSW and IVF, and Milvus Lite, on synthetic 384-d vectors.

Vectors are drawn around random centres (clustered like real embeddings, not uniform noise) and
normalised; queries are held-out draws from the same mixture. Recall@10 is measured against exact
(flat) search; latency is one query at a time, as the bot searches; memory is the index's own size
(FAISS: serialised bytes; Milvus Lite: its data folder on disk) and the growth of this process.
docs/scaling.md extrapolates these figures to 10 million passages.

Examples:
  python -u benchmarks/scale.py                      # 200,000 vectors
  python -u benchmarks/scale.py --n 20000 --queries 100
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DIM = 384


def vectors(n: int, seed: int, centres: np.ndarray) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = centres[rng.integers(0, len(centres), n)] + 0.6 * rng.standard_normal((n, DIM)).astype(np.float32) / np.sqrt(DIM)
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_queries(search, queries: np.ndarray) -> tuple[list[list[int]], dict]:
    results, times = [], []
    for q in queries:
        started = time.perf_counter()
        results.append(search(q))
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return results, {"p50_ms": round(statistics.median(times), 3), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 3)}


def recall(found: list[list[int]], truth: list[list[int]]) -> float:
    return round(float(np.mean([len(set(f[:10]) & set(t[:10])) / 10 for f, t in zip(found, truth)])), 4)


def faiss_rows(data: np.ndarray, queries: np.ndarray) -> tuple[list, list[list[int]]]:
    import faiss

    rows, truth = [], None
    hnsw = faiss.IndexHNSWFlat(DIM, 32, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efConstruction, hnsw.hnsw.efSearch = 80, 64
    quantizer = faiss.IndexFlatIP(DIM)
    nlist = int(4 * np.sqrt(len(data)))
    ivf = faiss.IndexIVFFlat(quantizer, DIM, nlist, faiss.METRIC_INNER_PRODUCT)
    for name, index, params in (("faiss flat", faiss.IndexFlatIP(DIM), {}),
                                ("faiss HNSW", hnsw, {"M": 32, "efConstruction": 80, "efSearch": 64}),
                                ("faiss IVF", ivf, {"nlist": nlist, "nprobe": 16})):
        before = rss_mb()
        started = time.perf_counter()
        faiss.omp_set_num_threads(2)                 # building may use both cores; queries use one, as the bot
        if name == "faiss IVF":
            index.train(data[:min(len(data), 50 * nlist)])
            index.nprobe = 16
        index.add(data)
        build = time.perf_counter() - started
        faiss.omp_set_num_threads(1)
        found, latency = timed_queries(lambda q: index.search(q[None, :], 10)[1][0].tolist(), queries)
        truth = truth or found
        rows.append({"system": name, **params, "build_s": round(build, 1), "recall@10": recall(found, truth), **latency,
                     "index_mb": round(len(faiss.serialize_index(index)) / 2**20, 1),
                     "rss_growth_mb": round(rss_mb() - before, 1)})
        print(json.dumps(rows[-1]), flush=True)
    return rows, truth


def milvus_row(data: np.ndarray, queries: np.ndarray, truth, index_type: str) -> dict:
    from pymilvus import DataType, MilvusClient

    folder = Path(tempfile.mkdtemp(prefix="scale-milvus-"))
    try:
        client = MilvusClient(str(folder / "scale.db"))
        schema = client.create_schema(auto_id=False)
        schema.add_field("id", DataType.INT64, is_primary=True)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=DIM)
        index = client.prepare_index_params()
        params = {"M": 32, "efConstruction": 80} if index_type == "HNSW" else {}
        index.add_index("vector", index_type=index_type, metric_type="IP", params=params)
        before = rss_mb()
        started = time.perf_counter()
        client.create_collection("scale", schema=schema, index_params=index)
        for begin in range(0, len(data), 5000):
            client.insert("scale", [{"id": begin + i, "vector": v.tolist()} for i, v in enumerate(data[begin:begin + 5000])])
        client.flush("scale")
        search = {"metric_type": "IP", "params": {"ef": 64}} if index_type == "HNSW" else {"metric_type": "IP"}
        client.search("scale", data=[queries[0].tolist()], limit=10, search_params=search)   # indexes built by now
        build = time.perf_counter() - started
        found, latency = timed_queries(lambda q: [h["id"] for h in client.search("scale", data=[q.tolist()], limit=10,
                                                                                  search_params=search)[0]], queries)
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        client.close()
        return {"system": f"milvus-lite {index_type}", "build_s": round(build, 1), "recall@10": recall(found, truth),
                **latency, "index_mb": round(size / 2**20, 1), "rss_growth_mb": round(rss_mb() - before, 1)}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--milvus-index", nargs="*", default=["FLAT", "HNSW"])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "scale.json")
    args = parser.parse_args()
    centres = np.random.default_rng(0).standard_normal((2000, DIM)).astype(np.float32) / np.sqrt(DIM)
    data, queries = vectors(args.n, 1, centres), vectors(args.queries, 2, centres)
    rows, truth = faiss_rows(data, queries)
    for index_type in args.milvus_index:
        rows.append(milvus_row(data, queries, truth, index_type))
        print(json.dumps(rows[-1]), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"n": args.n, "dimension": DIM, "queries": args.queries, "rows": rows}, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
