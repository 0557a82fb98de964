"""Milvus plumbing for milvus_store.py: the two collections' schemas, meta rows, and small search helpers."""
from __future__ import annotations

import json
from typing import Sequence

import numpy as np

PART = 16_000          # characters of JSON per meta row (a VARCHAR holds 65,535 bytes)
BATCH = 1_000
WINDOW = 16_384        # a Milvus server's largest query result (offset + limit)
K1, B = 1.2, 0.75      # as bm25s's defaults in the FAISS store


def milvus():
    import pymilvus

    return pymilvus


def id_filter(ids: Sequence[str] | None) -> str:
    return "" if ids is None else f"id in {json.dumps(list(ids))}"


def count_rows(client, collection: str) -> int:
    rows = client.query(collection, filter="", output_fields=["count(*)"], consistency_level="Strong")
    return int(rows[0]["count(*)"])


def dense_hits(client, collection, vectors, k, ids=None) -> list[list[tuple[str, float]]]:
    if k <= 0:
        return [[] for _ in range(len(vectors))]
    found = client.search(collection, data=np.asarray(vectors, dtype=np.float32).tolist(), anns_field="vector",
                          limit=k, output_fields=["id"], filter=id_filter(ids), search_params={"metric_type": "IP"})
    return [[(hit["id"], float(hit["distance"])) for hit in hits] for hits in found]


def meta_rows(kind: str, name: str, value) -> list[dict]:
    text = json.dumps(value, ensure_ascii=False)
    return [{"key": f"{kind}/{name}/{i // PART:06d}", "kind": kind, "name": name, "part": i // PART,
             "value": text[i:i + PART], "unused": [0.0, 0.0]} for i in range(0, max(len(text), 1), PART)]


def chunk_schema(client, dimension: int):
    m = milvus()
    schema = client.create_schema(auto_id=False)
    schema.add_field("id", m.DataType.VARCHAR, is_primary=True, max_length=512)
    schema.add_field("doc_id", m.DataType.VARCHAR, max_length=512)
    schema.add_field("start", m.DataType.INT64)
    schema.add_field("end", m.DataType.INT64)
    schema.add_field("heading", m.DataType.VARCHAR, max_length=4096)
    schema.add_field("page", m.DataType.INT64)
    schema.add_field("text", m.DataType.VARCHAR, max_length=65535)
    schema.add_field("terms", m.DataType.VARCHAR, max_length=65535, enable_analyzer=True,
                     analyzer_params={"tokenizer": "standard"})
    schema.add_field("vector", m.DataType.FLOAT_VECTOR, dim=dimension)
    schema.add_field("sparse", m.DataType.SPARSE_FLOAT_VECTOR)
    schema.add_function(m.Function(name="bm25", function_type=m.FunctionType.BM25,
                                   input_field_names=["terms"], output_field_names=["sparse"]))
    index = client.prepare_index_params()
    index.add_index("vector", index_type="FLAT", metric_type="IP")        # exact, as the FAISS store
    index.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25",
                    params={"params": {"bm25_k1": K1, "bm25_b": B}})   # nested: Milvus Lite reads only this form
    return schema, index


def meta_schema(client):
    m = milvus()
    schema = client.create_schema(auto_id=False)
    schema.add_field("key", m.DataType.VARCHAR, is_primary=True, max_length=1024)
    schema.add_field("kind", m.DataType.VARCHAR, max_length=32)
    schema.add_field("name", m.DataType.VARCHAR, max_length=512)
    schema.add_field("part", m.DataType.INT64)
    schema.add_field("value", m.DataType.VARCHAR, max_length=65535)
    schema.add_field("unused", m.DataType.FLOAT_VECTOR, dim=2)        # Milvus wants a vector field in every collection
    index = client.prepare_index_params()
    index.add_index("unused", index_type="FLAT", metric_type="IP")
    return schema, index
