"""Faults an unlucky maintainer or a hostile user meets that earlier rounds did not try: a pointer file of
binary bytes or a folder in its place, a sources.yaml that is a folder, an eval --compare of two different
test sets, an --out that is a file. Each gets one clear line, and nothing that worked is lost."""
from __future__ import annotations

import json

import pytest

from helpers import run_cli


@pytest.mark.parametrize("damage", [
    lambda marker: marker.write_bytes(b"\xff\xfe\x00"),
    lambda marker: (marker.unlink(), marker.mkdir()),
])
def test_a_build_over_a_damaged_current_makes_a_live_build(tiny, embedder, damage):
    """Binary bytes in CURRENT gave a UnicodeDecodeError traceback at the end of every build; a folder in
    its place gave 'Is a directory'. The rebuild the error messages advise must work."""
    from index import build_index, load_index

    corpus, root = tiny
    damage(root / "CURRENT")
    report = build_index(corpus, root, embedder=embedder, progress=False)
    assert (root / "CURRENT").read_text().strip() == report.build == load_index(root).version


def test_a_build_over_a_damaged_current_keeps_the_previous_build(tiny, embedder):
    """The build a damaged CURRENT no longer names stays as PREVIOUS, with its folder: rollback still works."""
    from index import build_index
    from index.history import rollback

    corpus, root = tiny
    first = (root / "CURRENT").read_text().strip()
    second = build_index(corpus, root, embedder=embedder, progress=False, full=True).build
    (root / "CURRENT").write_text("garbage!\n")
    third = build_index(corpus, root, embedder=embedder, progress=False, full=True).build
    assert (root / "PREVIOUS").read_text().strip() == first and (root / "builds" / first).is_dir()
    assert not (root / "builds" / second).exists()          # named by nothing: pruned as before
    assert rollback(root) == (third, first)


def test_a_sources_yaml_that_is_a_folder_is_reported(tmp_path):
    """It was passed over without a word, and the documents silently lost their titles and dates."""
    from helpers import TINY
    from index.documents import load_corpus
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(TINY, corpus)
    (corpus / "sources.yaml").mkdir()
    loaded = load_corpus(corpus)
    assert [(s.source, s.reason) for s in loaded.skipped] == [
        ("sources.yaml", "a folder, not a file; no metadata was taken from it")]
    assert len(loaded.documents) == 3


def _run(folder, ids):
    folder.mkdir()
    (folder / "metrics.json").write_text(json.dumps({"questions": len(ids), "hit@1": 1.0 if ids[0] == "a" else 0.5}))
    (folder / "results.jsonl").write_text("".join(json.dumps({"id": i, "pass": True}) + "\n" for i in ids))
    return folder


def test_compare_of_runs_of_different_sets_warns_and_calls_nothing_better(tmp_path):
    """Two runs of different test sets were compared figure by figure, 'better' and 'worse', as if alike."""
    old, new = _run(tmp_path / "old", ["a", "b"]), _run(tmp_path / "new", ["c", "d"])
    result = run_cli("eval", "--compare", old, new, "--out", tmp_path / "cmp")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("warning: the two runs answered different questions (0 in both, 2 only in old")
    table = result.stdout.split("\n\n", 1)[1]
    assert "hit@1" in table and "worse" not in table and "better" not in table
    assert "**Warning:** the two runs answered different questions" in (tmp_path / "cmp" / "compare.md").read_text()
    same = run_cli("eval", "--compare", old, _run(tmp_path / "again", ["a", "b"]))
    assert "warning" not in same.stdout and same.returncode == 0


def test_compare_out_that_is_a_file_is_refused_before_printing(tmp_path):
    """It printed the whole comparison, then failed with 'error: File exists'."""
    old = _run(tmp_path / "old", ["a"])
    taken = tmp_path / "taken"
    taken.write_text("x")
    result = run_cli("eval", "--compare", old, old, "--out", taken)
    assert result.returncode == 1 and not result.stdout
    assert result.stderr.strip() == f"error: cannot write the comparison to {taken}: it is a file, not a folder; " \
                                    "give --out a folder"


def test_a_full_disk_during_a_build_names_the_folder_and_keeps_the_live_build(tiny, embedder, monkeypatch):
    """On a real full tmpfs the build ended in 'error: No space left on device' alone: a file's write()
    names no path, so nobody could tell which disk was full."""
    import errno

    import index.faiss_store as faiss_store
    from index import build_index, load_index
    from index.errors import IndexFolderError

    corpus, root = tiny
    live = (root / "CURRENT").read_text().strip()

    def full(folder, *_args):
        folder.mkdir(parents=True)
        (folder / "documents.jsonl").write_text("half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(faiss_store, "write_build", full)
    with pytest.raises(IndexFolderError, match=f"cannot write the new build to {root / 'builds'} "
                                               r"\(No space left on device\); the live build is unchanged"):
        build_index(corpus, root, embedder=embedder, progress=False, full=True)
    assert load_index(root).version == live
    assert [p.name for p in (root / "builds").iterdir()] == [live]        # the half-written build is gone


def test_compare_of_a_run_that_did_not_finish_says_to_resume_it(tmp_path):
    folder = tmp_path / "stopped"
    folder.mkdir()
    (folder / "results.partial.jsonl").write_text('{"partial_run": {}}\n')
    result = run_cli("eval", "--compare", folder, folder)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{folder} holds a run that did not finish (results.partial.jsonl, no metrics.json)" in result.stderr
    assert "--resume" in result.stderr


def test_a_folder_in_the_lock_files_place_is_named(tiny):
    """It said 'cannot use INDEX as the index folder (Is a directory)', of a folder that was fine."""
    corpus, root = tiny
    (root / "build.lock").unlink(missing_ok=True)
    (root / "build.lock").mkdir()
    result = run_cli("index", "build", "--corpus", corpus, "--index", root, "--quiet")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{root / 'build.lock'} is a folder, not the lock file" in result.stderr


def test_an_index_path_that_is_not_utf8_is_refused_in_one_line(tmp_path):
    """FAISS's write_index took the path to C++ and failed with a traceback, after the whole build."""
    import os

    from helpers import TINY

    index = os.fsdecode(os.fsencode(tmp_path) + b"/idx-caf\xe9")
    result = run_cli("index", "build", "--corpus", TINY, "--index", index, "--quiet")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: --index=b'") and "is not UTF-8 text" in result.stderr
    assert not os.path.exists(os.fsencode(index))


def test_a_corpus_path_that_is_not_utf8_builds(tmp_path, embedder):
    """The manifest records the corpus folder; a name that is not UTF-8 failed the write of manifest.json."""
    import os
    import shutil

    from helpers import TINY
    from index import build_index, load_index

    corpus = os.fsdecode(os.fsencode(tmp_path) + b"/corpus-caf\xe9")
    shutil.copytree(TINY, corpus)
    report = build_index(corpus, tmp_path / "index", embedder=embedder, progress=False)
    assert report.documents == 3
    assert load_index(tmp_path / "index").manifest["corpus"].endswith("corpus-caf\\xe9")
