"""index/lifecycle.py: ensure_current builds only when needed and survives a failed build; LiveIndex
notices a build made elsewhere and swaps it in, keeping the old object usable. Real builds of the tiny
corpus with the real model, in tmp_path."""
from __future__ import annotations

from index.build import build_index
from index.lock import BuildLock
from index.lifecycle import LiveIndex, ensure_current, live_version
from index.store import load_index

NEW_DOC = "delta"
NEW_TEXT = ("Multifocal motor neuropathy\n\nMultifocal motor neuropathy is a rare nerve disorder that weakens "
            "the hands and arms without numbness. IVIG is the first treatment for multifocal motor neuropathy, "
            "and most patients regain grip strength within weeks of the first infusion.\n")


def add_document(corpus, name=NEW_DOC, text=NEW_TEXT):
    (corpus / f"{name}.txt").write_text(text)


def test_builds_when_missing_then_leaves_a_current_index_alone(tmp_path, tiny, embedder):
    corpus, _ = tiny
    root = tmp_path / "fresh"
    announced = []
    first = ensure_current(corpus, root, embedder, before_build=announced.append)
    assert first.action == "built" and "no usable index" in first.reason and first.report.documents == 3
    assert announced == [first.reason]
    version = live_version(root)
    again = ensure_current(corpus, root, embedder, before_build=announced.append)
    assert again.action == "current" and again.report is None and len(announced) == 1
    assert live_version(root) == version


def test_rebuilds_a_stale_index_or_reports_it_when_building_is_off(tiny, embedder):
    corpus, root = tiny
    before = live_version(root)
    add_document(corpus)
    skipped = ensure_current(corpus, root, embedder, build=False)
    assert skipped.action == "skipped" and "changed" in skipped.reason and live_version(root) == before
    built = ensure_current(corpus, root, embedder)
    assert built.action == "built" and built.report.added == [NEW_DOC]
    assert live_version(root) != before and NEW_DOC in load_index(root).documents


def test_another_model_makes_the_index_stale(tiny, wrap):
    corpus, root = tiny
    other = wrap(name="another-model")
    ensured = ensure_current(corpus, root, other)
    assert ensured.action == "built" and "another-model" in ensured.reason
    assert load_index(root).model == "another-model"


def test_a_held_lock_fails_the_build_and_keeps_the_live_index(tiny, embedder):
    corpus, root = tiny
    before = live_version(root)
    add_document(corpus)
    with BuildLock(root):
        ensured = ensure_current(corpus, root, embedder)
    assert ensured.failed and "another build is running" in ensured.error and "changed" in ensured.reason
    assert live_version(root) == before and NEW_DOC not in load_index(root).documents


def test_a_broken_corpus_or_a_crashing_model_keeps_the_live_index(tiny, embedder, wrap):
    corpus, root = tiny
    before = live_version(root)
    add_document(corpus)
    crashed = ensure_current(corpus, root, wrap(fail=True))
    assert crashed.failed and "encoder exploded" in crashed.error and live_version(root) == before
    for path in corpus.glob("*.txt"):
        path.unlink()
    (corpus / "empty.txt").write_text("")
    broken = ensure_current(corpus, root, embedder)
    assert broken.failed and "no usable documents" in broken.error
    assert live_version(root) == before and len(load_index(root).documents) == 3


def test_live_index_swaps_in_a_build_made_elsewhere(tiny, embedder):
    corpus, root = tiny
    loaded, errors = [], []
    live = LiveIndex(root, load_index, interval=0, on_load=lambda obj, version: loaded.append(version),
                     on_error=lambda version, exc: errors.append((version, str(exc))))
    assert live.refresh() and live.version == live_version(root) and loaded == [live.version]
    old = live.current
    assert not live.refresh() and live.current is old          # nothing new: nothing reloaded
    add_document(corpus)
    build_index(corpus, root, embedder=embedder, progress=False)
    assert live.refresh() and live.current is not old and loaded[-1] == live_version(root)
    assert NEW_DOC in live.current.documents
    assert NEW_DOC not in old.documents and len(old.chunks) == old.vectors.ntotal   # the old one still works
    assert not errors


def test_live_index_keeps_serving_when_a_new_build_cannot_be_loaded(tiny):
    corpus, root = tiny
    errors = []
    live = LiveIndex(root, load_index, interval=0, on_error=lambda version, exc: errors.append(version))
    live.refresh()
    good, version = live.current, live.version
    (root / "builds" / "broken").mkdir()
    (root / "builds" / "broken" / "manifest.json").write_text("{not json")
    (root / "CURRENT").write_text("broken\n")
    assert not live.refresh() and live.current is good and live.version == version
    assert errors == ["broken"]
    assert not live.refresh() and errors == ["broken"]          # reported once, not every few seconds
    (root / "CURRENT").write_text(version + "\n")               # back to a good build (a rollback, say)
    assert live.refresh() and live.version == version and live.current is not good
