"""The store suite: every test runs against each VectorStore (the FAISS folder and Milvus Lite, no mocks).

Milvus Lite runs in this process (a `milvus-lite:///…/file.db` URI starts it); the fixture stops it
afterwards. Corpora are tiny (tests/data/tiny) and the model is the session's.
"""
from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from helpers import TINY
from index import IndexCorruptError, IndexMismatchError, IndexMissingError, build_index
from index.__main__ import main as index_main
from index.history import diff_builds, rollback
from index.vectorstore import open_store

QUIET = {"progress": False}
STORES = ["faiss", "milvus-lite"]


@pytest.fixture(params=STORES)
def store(request, tmp_path):
    """A fresh, empty store of each kind (Milvus Lite started here and stopped at teardown)."""
    if request.param == "faiss":
        opened = open_store("faiss:", tmp_path / "index")
    else:
        opened = open_store(f"milvus-lite://{tmp_path / 'milvus.db'}")
    yield opened
    if request.param == "milvus-lite":
        opened.close()


@pytest.fixture
def corpus(tmp_path):
    shutil.copytree(TINY, tmp_path / "corpus")
    return tmp_path / "corpus"


def test_a_build_holds_the_corpus_and_searches_it(store, corpus, embedder):
    report = build_index(corpus, store=store, embedder=embedder, **QUIET)
    assert store.live_version() == report.build
    view = store.load(embedder.name)
    assert set(view.documents) == {"alpha", "beta", "gamma"} and view.version == report.build
    assert view.count() == len(view.chunks) == report.chunks == view.manifest["chunk_count"]
    for chunk in view.chunks:                          # chunks are spans of their documents
        assert chunk.text == view.documents[chunk.doc_id].text[chunk.start:chunk.end]
    vectors = view.vectors_of([c.id for c in view.chunks])
    assert set(vectors) == {c.id for c in view.chunks}
    for chunk in view.chunks:                          # each chunk is its own nearest neighbour
        (best, score), *_ = view.dense_search(vectors[chunk.id][None, :], 3)[0]
        assert best == chunk.id and score == pytest.approx(1.0, abs=1e-4)
    kidney = view.lexical_search("kidney", 10)
    assert kidney and all("kidney" in view.chunks[_row(view, i)].text.lower() for i, _ in kidney)
    assert view.lexical_search("zebra", 10) == []
    assert "kidney" in view.lexical.vocabulary and view.lexical.terms("kidneys") == ["kidney"]
    query = "blood test for kidney function"
    found = view.candidates(query, embedder.encode_query(query), 100)
    assert list(found.rows) == sorted(found.rows) and len(found.rows) == len(view.chunks)
    assert found.dense.max() <= 1.0001 and found.lexical.max() > 0
    assert store.verify(view) == []
    assert store.manifest()["documents"].keys() == view.documents.keys()
    from index.glossary import definitions                 # the corpus's own definitions travel with the build
    assert store.manifest()["glossary"] == definitions(view.documents.values())


def _row(view, chunk_id):
    return next(i for i, c in enumerate(view.chunks) if c.id == chunk_id)


def test_a_staged_build_upserts_and_deletes_by_id_unseen_until_published(store, corpus, embedder):
    live = build_index(corpus, store=store, embedder=embedder, **QUIET).build
    view = store.load()
    chunks = view.chunks[:3]
    vectors = view.vectors_of([c.id for c in chunks])
    staged = store.stage("20990101T000000000000Z", embedder.dimension)
    try:
        staged.upsert(chunks, np.stack([vectors[c.id] for c in chunks]), [c.text for c in chunks])
        staged.upsert(chunks[:1], vectors[chunks[0].id][None, :], [chunks[0].text])    # same id: replaced
        assert staged.count() == 3
        staged.delete([chunks[1].id, "no-such-chunk"])
        assert staged.count() == 2
        hits = staged.dense_search(vectors[chunks[2].id][None, :], 5)[0]
        assert hits[0][0] == chunks[2].id and len(hits) == 2
        assert chunks[1].id not in {i for i, _ in hits}
        assert store.live_version() == live          # readers still see the published build
    finally:
        staged.discard()
    assert store.live_version() == live and store.load().count() == view.count()


def test_incremental_builds_embed_only_changed_chunks_and_roll_back(store, corpus, wrap):
    first = wrap()
    v1 = build_index(corpus, store=store, embedder=first, **QUIET).build
    v1_view = store.load()
    (corpus / "gamma.txt").write_text((corpus / "gamma.txt").read_text().replace(
        "Inactivated vaccines can be given as normal.", "Inactivated vaccines such as the flu jab are safe."))
    (corpus / "delta.txt").write_text("Fever during IVIG\n\nA mild fever can follow an infusion.\n")
    second = wrap()
    report = build_index(corpus, store=store, embedder=second, **QUIET)
    v2 = report.build
    assert not report.full and report.added == ["delta"] and report.changed == ["gamma"]
    chunk_texts = [t for t in second.encoded if " " in t]      # the rest: corpus words new to this build
    assert report.encoded == len(chunk_texts) < report.chunks and report.reused > 0
    assert all(text.startswith(("Fever", "Vaccines")) for text in chunk_texts)   # only delta and gamma
    v2_view = store.load()
    kept = [c.id for c in v1_view.chunks if c.doc_id == "alpha"]
    old, new = v1_view.vectors_of(kept), v2_view.vectors_of(kept)
    assert all(np.array_equal(old[i], new[i]) for i in kept)      # copied, not re-embedded

    diff = diff_builds(store)
    assert (diff["previous"], diff["live"]) == (v1, v2)
    assert diff["documents_added"] == ["delta"] and diff["documents_changed"] == ["gamma"]

    assert rollback(store) == (v2, v1)
    assert store.live_version() == v1 and set(store.load().documents) == {"alpha", "beta", "gamma"}
    assert [c.id for c in store.load().chunks] == [c.id for c in v1_view.chunks]
    assert rollback(store) == (v1, v2)
    assert "flu jab" in store.load().documents["gamma"].text


def test_a_failed_build_leaves_the_live_build_and_the_next_build_cleans_up(store, corpus, wrap, embedder):
    live = build_index(corpus, store=store, embedder=wrap(), **QUIET).build
    (corpus / "delta.txt").write_text("Fever during IVIG\n\nA mild fever can follow an infusion.\n")
    with pytest.raises(RuntimeError, match="exploded"):
        build_index(corpus, store=store, embedder=wrap(fail=True), **QUIET)
    assert store.live_version() == live and "delta" not in store.load().documents
    # A build killed half-way leaves its staged build behind (nothing discards it): readers never see it.
    store.stage("20000101T000000000000Z", embedder.dimension).upsert([], np.zeros((0, embedder.dimension)), [])
    assert store.live_version() == live
    report = build_index(corpus, store=store, embedder=wrap(), **QUIET)
    assert store.live_version() == report.build and "delta" in store.load().documents
    assert rollback(store) == (report.build, live)


def test_a_loaded_view_keeps_its_build_while_a_new_one_is_published(store, corpus, wrap):
    v1 = build_index(corpus, store=store, embedder=wrap(), **QUIET).build
    serving = store.load()
    (corpus / "alpha.txt").unlink()
    v2 = build_index(corpus, store=store, embedder=wrap(), **QUIET).build
    assert store.live_version() == v2 != v1                    # what a server polls between questions
    assert serving.version == v1 and "alpha" in serving.documents
    hits = serving.lexical_search("kidney", 5)                 # still searches its own build, whole
    assert hits and all(serving.chunks[_row(serving, i)].doc_id == "alpha" for i, _ in hits)
    assert "alpha" not in store.load().documents


def test_a_damaged_live_build_falls_back_to_the_previous_one(store, corpus, wrap):
    v1 = build_index(corpus, store=store, embedder=wrap(), **QUIET).build
    (corpus / "delta.txt").write_text("Fever during IVIG\n\nA mild fever can follow an infusion.\n")
    v2 = build_index(corpus, store=store, embedder=wrap(), **QUIET).build
    if store.uri == "faiss:":
        (store.root / "builds" / v2 / "chunks.jsonl").write_text("{broken\n")
    else:
        store.client.drop_collection(f"{store.prefix}_b{v2}_meta")
    view = store.load()
    assert view.version == v1 and v2 in view.warning and "failed to load" in view.warning
    with pytest.raises(IndexCorruptError):
        store.load(fallback=False)


def test_an_index_built_for_another_model_is_refused(store, corpus, wrap, embedder):
    build_index(corpus, store=store, embedder=wrap(name="another/model"), **QUIET)
    with pytest.raises(IndexMismatchError, match="another/model"):
        store.load(embedder.name)


def test_an_empty_store_says_how_to_build(store):
    assert store.live_version() == ""
    with pytest.raises(IndexMissingError, match="python -m index build"):
        store.load()


def test_the_index_cli_takes_the_store(store, corpus, embedder, monkeypatch, capsys, tmp_path):
    import index.build as build_module

    monkeypatch.setattr(build_module, "load_embedder", lambda name=None, **_: embedder)
    where = ["--store", store.uri] if store.uri != "faiss:" else ["--index", str(store.root)]
    assert index_main(["build", "--corpus", str(corpus), "--quiet", *where]) == 0
    (corpus / "delta.txt").write_text("Fever during IVIG\n\nA mild fever can follow an infusion.\n")
    assert index_main(["build", "--corpus", str(corpus), "--quiet", *where]) == 0
    capsys.readouterr()
    assert index_main(["status", "--corpus", str(corpus), "--json", *where]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["up_to_date"] and status["documents"] == 4
    assert index_main(["verify", *where]) == 0
    assert "OK: 4 documents" in capsys.readouterr().out
    assert index_main(["diff", "--json", *where]) == 0
    assert json.loads(capsys.readouterr().out)["documents_added"] == ["delta"]
    assert index_main(["rollback", *where]) == 0
    assert "rolled back" in capsys.readouterr().out and "delta" not in store.load().documents


def test_the_bot_answers_the_same_from_either_store(store, corpus, embedder, tmp_path):
    from bot import Bot

    build_index(corpus, store=store, embedder=embedder, **QUIET)
    reference_root = tmp_path / "reference"
    build_index(corpus, reference_root, embedder=embedder, **QUIET)
    reference = Bot(str(reference_root), embedder=embedder)
    bot = Bot(embedder=embedder, store=store.uri, index=str(getattr(store, "root", reference_root)))
    for question in ("How do doctors check the kidneys?", "Can I have vaccines during IVIG?",
                     "What helps with headaches after an infusion?"):
        ours, theirs = bot.ask(question), reference.ask(question)
        assert ours.retrieved == theirs.retrieved and ours.text == theirs.text
        got = bot.retriever.search(question, k=10)
        want = reference.retriever.search(question, k=10)
        assert [h.chunk.id for h in got] == [h.chunk.id for h in want]
        assert [h.score for h in got] == pytest.approx([h.score for h in want], abs=1e-5)
        assert [h.lexical for h in got] == pytest.approx([h.lexical for h in want], abs=1e-5)


# ---------------------------------------------------------------- choosing a store

def test_the_store_comes_from_the_argument_then_the_environment(monkeypatch, tmp_path):
    from index.errors import StoreUriError

    assert open_store(None, tmp_path).uri == "faiss:" and open_store(None, tmp_path).root == tmp_path
    monkeypatch.setenv("IVIG_STORE", f"milvus-lite://{tmp_path / 'env.db'}")
    chosen = open_store(None, tmp_path)
    assert chosen.location == f"milvus-lite://{tmp_path / 'env.db'}"
    assert open_store("faiss:", tmp_path).uri == "faiss:"                  # the argument wins
    server = open_store("milvus://db.example:19531?prefix=ivig_test")
    assert server.location == "milvus://db.example:19531" and server.prefix == "ivig_test"
    for wrong in ("qdrant://x", "milvus://", "milvus-lite:"):
        with pytest.raises(StoreUriError, match="milvus"):
            open_store(wrong)


def test_a_bad_store_is_a_message_and_exit_1(tmp_path, capsys):
    assert index_main(["status", "--store", "qdrant://localhost", "--index", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "unknown store 'qdrant://localhost'" in err and "faiss:" in err and "Traceback" not in err


def test_the_bot_and_the_retriever_do_not_know_the_store():
    """Nothing outside index/ imports faiss, bm25s or pymilvus, or the store modules."""
    from helpers import REPO

    for path in [*REPO.glob("bot/*.py"), *REPO.glob("eval/*.py"), *REPO.glob("ui/*.py"), REPO / "app.py"]:
        text = path.read_text()
        for name in ("import faiss", "import bm25s", "pymilvus", "faiss_store", "milvus_store", "index.lexical"):
            assert name not in text, f"{path.name} uses {name}"


def test_a_milvus_failure_while_serving_is_an_ivig_error(tmp_path, corpus, embedder):
    from index.errors import StoreUnavailableError

    store = open_store(f"milvus-lite://{tmp_path / 'milvus.db'}")
    try:
        build_index(corpus, store=store, embedder=embedder, **QUIET)
        view = store.load()
        store.client.drop_collection(view.collection)          # gone under a running server
        with pytest.raises(StoreUnavailableError, match="failed"):
            view.candidates("kidney", embedder.encode_query("kidney"), 10)
    finally:
        store.close()
