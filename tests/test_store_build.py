"""The index folder: manifest, refusal of mismatches, atomic builds, incremental rebuilds (the lock: test_lock.py)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict

import numpy as np
import pytest

from helpers import CORPUS, PDF_PAGES, make_pdf
from index import (ChunkingParams, CorpusError, IndexCorruptError, IndexMismatchError,
                   IndexMissingError, build_index, load_corpus, load_index)
from index.embedding import document_encoder
from index.store import FORMAT_VERSION, live_build
import settings

QUIET = {"progress": False}


def current(root):
    return (root / "CURRENT").read_text().strip()


def tree(folder):
    """Every file under a folder with a hash of its bytes: 'unchanged' means byte for byte."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_manifest(stored, corpus_index, embedder, corpus_docs):
    folder = live_build(corpus_index)
    assert folder.parent == corpus_index / "builds" and folder.name == current(corpus_index)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["model"] == {"name": embedder.name, "dimension": embedder.dimension,
                                 "max_tokens": embedder.max_tokens, "runtime": embedder.runtime}
    assert manifest["model"]["name"] == settings.DEFAULT_ENCODER and embedder.dimension == 384
    assert manifest["chunking"] == asdict(ChunkingParams())
    assert manifest["chunk_count"] == len(stored.chunks) == stored.vectors.ntotal
    assert set(manifest["documents"]) == set(corpus_docs)
    for doc_id, entry in manifest["documents"].items():
        assert entry["hash"] == corpus_docs[doc_id].content_hash
        assert entry["chunks"] == sum(c.doc_id == doc_id for c in stored.chunks)
        assert entry["source"] == f"{doc_id}.txt"
    for name, size in manifest["files"].items():
        assert (folder / name).stat().st_size == size
    for name in ("documents.jsonl", "chunks.jsonl", "vectors.faiss", "bm25"):
        assert (folder / name).exists()


def test_vectors_are_the_normalised_embeddings_of_the_chunks(stored, embedder):
    matrix = stored.matrix()
    assert matrix.shape == (len(stored.chunks), 384)
    assert np.allclose(np.linalg.norm(matrix, axis=1), 1.0, atol=1e-4)
    picks = [0, len(stored.chunks) // 2, len(stored.chunks) - 1]
    # every chunk again, in the build's order: int8 activation scales are per batch, so the batches must match
    texts = [c.embedding_text(stored.documents[c.doc_id].title) for c in stored.chunks]
    fresh = document_encoder(embedder)(texts)[picks]
    assert np.allclose(fresh, matrix[picks], atol=1e-4)


def test_loading_with_another_model_is_refused(corpus_index, stored):
    assert load_index(corpus_index, model=stored.model).manifest == stored.manifest
    with pytest.raises(IndexMismatchError) as caught:
        load_index(corpus_index, model="sentence-transformers/all-mpnet-base-v2")
    message = str(caught.value)
    assert "sentence-transformers/all-MiniLM-L6-v2" in message and "all-mpnet-base-v2" in message
    assert "python -m index build" in message and "IVIG_MODEL" in message


def test_bot_refuses_an_index_built_for_another_model(tiny, wrap):
    from bot import Bot

    corpus, _ = tiny
    root = corpus.parent / "other-model-index"
    build_index(corpus, root, embedder=wrap(name="example/other-model"), **QUIET)
    with pytest.raises(IndexMismatchError, match="python -m index build"):
        Bot(str(root))                                # the default model is not the one it was built with


def test_another_format_version_is_refused(tiny):
    _, root = tiny
    manifest_path = live_build(root) / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["format_version"] = FORMAT_VERSION + 1
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(IndexMismatchError) as caught:
        load_index(root)
    assert f"format version {FORMAT_VERSION + 1}" in str(caught.value)
    assert f"python -m index build --full --index {root}" in str(caught.value)


def test_missing_and_broken_indexes(tmp_path, tiny):
    with pytest.raises(IndexMissingError, match="python -m index build"):
        load_index(tmp_path / "nothing-here")
    _, root = tiny
    folder = live_build(root)
    (folder / "vectors.faiss").unlink()
    with pytest.raises(IndexCorruptError, match="vectors.faiss"):
        load_index(root)
    (root / "CURRENT").write_text("no-such-build\n")
    with pytest.raises(IndexCorruptError, match="no-such-build"):
        load_index(root)


def test_a_failing_build_leaves_the_previous_index_untouched(tiny, wrap):
    corpus, root = tiny
    before_pointer, before_files = current(root), tree(root)
    before_ids = [c.id for c in load_index(root).chunks]
    (corpus / "gamma.txt").write_text("Vaccines and IVIG\n\nA changed document that would need embedding.\n")
    with pytest.raises(RuntimeError, match="encoder exploded"):
        build_index(corpus, root, embedder=wrap(fail=True), **QUIET)
    assert current(root) == before_pointer
    assert tree(root) == before_files                          # nothing left behind: no lock, no partial build
    assert [c.id for c in load_index(root).chunks] == before_ids
    # and the next good build works (the lock was released)
    report = build_index(corpus, root, embedder=wrap(), **QUIET)
    assert report.changed == ["gamma"] and current(root) != before_pointer
    assert (root / "PREVIOUS").read_text().strip() == before_pointer


def test_incremental_rebuild_reembeds_only_the_changed_document(tiny, wrap, tmp_path):
    corpus, root = tiny
    old = load_index(root)
    old_vectors = {c.id: v for c, v in zip(old.chunks, old.matrix())}
    (corpus / "gamma.txt").write_text((corpus / "gamma.txt").read_text().replace(
        "Inactivated vaccines can be given as normal.", "Inactivated vaccines such as the flu shot are fine."))
    recorder = wrap()
    report = build_index(corpus, root, embedder=recorder, **QUIET)
    new = load_index(root)
    gamma_chunks = [c for c in new.chunks if c.doc_id == "gamma"]
    new_ids = {c.id for c in new.chunks} - set(old_vectors)
    assert not report.full and report.changed == ["gamma"] and report.unchanged == 2
    assert report.added == [] and report.removed == []
    assert new_ids and new_ids <= {c.id for c in gamma_chunks}
    # besides the chunks, only the corpus words new to this build are encoded (index/vocabulary.py)
    new_words = set(new.manifest["vocabulary"]["words"]) - set(old.manifest["vocabulary"]["words"])
    assert report.encoded == len(new_ids) == len([t for t in recorder.encoded if t not in new_words])
    assert len(recorder.encoded) == len(new_ids) + len(new_words)
    assert report.reused == len(new.chunks) - report.encoded
    gamma_title = new.documents["gamma"].title
    assert sorted(t for t in recorder.encoded if t not in new_words) == sorted(c.embedding_text(gamma_title) for c in gamma_chunks if c.id in new_ids)
    assert any("flu shot" in text for text in recorder.encoded)
    matrix = new.matrix()
    for chunk, vector in zip(new.chunks, matrix):
        if chunk.id in old_vectors:
            assert np.array_equal(vector, old_vectors[chunk.id])   # reused, not recomputed
    # a full build of the same corpus gives the same chunks, in the same order
    full = build_index(corpus, tmp_path / "full", embedder=wrap(), full=True, **QUIET)
    assert full.full and full.encoded == len(new.chunks) and full.reused == 0
    assert [c.id for c in load_index(tmp_path / "full").chunks] == [c.id for c in new.chunks]
    # the same vectors, up to int8's batch dependence (the default stores int8 document vectors, whose
    # activation scales are per batch: a chunk encoded beside other texts moves a little; fp32: 1e-7)
    cosine = load_index(tmp_path / "full").matrix() @ matrix.T
    assert (np.diag(cosine) >= 0.995).all() and (cosine.argmax(0) == np.arange(len(matrix))).all()


def test_unchanged_rebuild_and_removal(tiny, wrap):
    corpus, root = tiny
    recorder = wrap()
    report = build_index(corpus, root, embedder=recorder, **QUIET)
    assert report.encoded == 0 and report.reused == report.chunks and report.unchanged == 3
    assert recorder.encoded == []
    (corpus / "beta.txt").unlink()
    report = build_index(corpus, root, embedder=recorder, **QUIET)
    assert report.removed == ["beta"] and report.encoded == 0
    assert {c.doc_id for c in load_index(root).chunks} == {"alpha", "gamma"}


def test_changing_the_model_forces_a_full_rebuild(tiny, wrap):
    corpus, root = tiny
    report = build_index(corpus, root, embedder=wrap(name="example/renamed-model"), **QUIET)
    assert report.full and "model changed" in report.full_reason
    assert report.encoded == report.chunks and report.reused == 0
    assert load_index(root).model == "example/renamed-model"


def test_new_chunking_reembeds_every_chunk_but_reuses_the_word_vectors(tiny, wrap):
    corpus, root = tiny
    old = load_index(root)
    recorder = wrap()
    report = build_index(corpus, root, embedder=recorder, params=ChunkingParams(max_tokens=64, overlap=0), **QUIET)
    new = load_index(root)
    assert report.full and "chunking parameters changed" in report.full_reason
    # every chunk is encoded again, and no word: they depend on the model alone
    assert len(recorder.encoded) == report.encoded == report.chunks == len(new.chunks)
    assert new.manifest["vocabulary"] == {**old.manifest["vocabulary"], "num_docs": new.manifest["vocabulary"]["num_docs"]}
    # --full encodes the words again
    recorder = wrap()
    report = build_index(corpus, root, embedder=recorder, params=ChunkingParams(max_tokens=64, overlap=0), full=True,
                         **QUIET)
    assert len(recorder.encoded) == report.chunks + len(new.manifest["vocabulary"]["words"])


def test_keeps_only_the_live_and_previous_builds(tiny, wrap):
    corpus, root = tiny
    names = []
    for word in ("one", "two", "three"):
        (corpus / "gamma.txt").write_text(f"Vaccines and IVIG\n\nVersion {word} of the vaccine advice.\n")
        names.append(build_index(corpus, root, embedder=wrap(), **QUIET).build)
    assert sorted(p.name for p in (root / "builds").iterdir()) == sorted(names[-2:])
    assert current(root) == names[-1] and (root / "PREVIOUS").read_text().strip() == names[-2]


def test_an_empty_corpus_is_refused(tmp_path, wrap):
    (tmp_path / "corpus").mkdir()
    with pytest.raises(CorpusError, match="no usable documents"):
        build_index(tmp_path / "corpus", tmp_path / "index", embedder=wrap(), **QUIET)
    assert not (tmp_path / "index" / "CURRENT").exists()
    assert not (tmp_path / "index" / "build.owner").exists()


def test_pdf_pages_survive_the_store(tmp_path, wrap):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "leaflet.pdf").write_bytes(make_pdf(PDF_PAGES))
    build_index(corpus, tmp_path / "index", embedder=wrap(), **QUIET)
    stored = load_index(tmp_path / "index")
    doc = stored.documents["leaflet"]
    assert doc.meta["pages"][0] == 0 and len(doc.meta["pages"]) == 2
    pages = {c.page for c in stored.chunks}
    assert pages == {1, 2}
    for chunk in stored.chunks:
        assert chunk.page == doc.page_at(chunk.start)
        expected = 1 if chunk.start < doc.meta["pages"][1] else 2
        assert chunk.page == expected
    assert any(c.page == 2 and c.text.startswith("Blood clots are a rare but serious risk") for c in stored.chunks)


def test_text_chunks_have_no_page(stored):
    assert {c.page for c in stored.chunks} == {None}


def test_index_root_from_environment(monkeypatch, corpus_index, stored):
    from index.store import index_root

    monkeypatch.setenv("IVIG_INDEX", str(corpus_index))
    assert index_root() == corpus_index
    assert load_index().manifest == stored.manifest
    assert index_root("/elsewhere") == type(corpus_index)("/elsewhere")      # the argument wins


def test_corpus_folder_is_never_written(corpus_index):
    # building read the real corpus; it must not have changed anything there
    names = sorted(p.name for p in CORPUS.iterdir())
    assert names == ["aliases.yaml", "ivig-antiphospholipid-syndrome.txt", "ivig-autoimmune-disease.txt",
                     "ivig-immune-thrombocytopenia.txt", "ivig-long-covid.txt", "ivig-myasthenia-gravis.txt",
                     "sources.yaml"]
    assert not load_corpus(CORPUS).skipped
