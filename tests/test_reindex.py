"""Re-indexing as maintainers do it: killed builds, diff and rollback, no-op rebuilds, the cleaned-document
cache, incremental == full, repeated documents, bad files, and metadata/pages reaching citations.

The model is loaded once (the session `embedder`); only the kill test starts a build that loads its own.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from helpers import CORPUS, PDF_PAGES, REPO, TINY, cli_env, make_pdf, norm, run_cli
import index.build as build_module
import index.documents as documents_module
from index import build_index, load_index
from index.__main__ import main as index_main
from index.history import diff_builds
from index.lock import BuildLock
from index.store import live_build, load_build

QUIET = {"progress": False}


# ---------------------------------------------------------------- helpers

def current(root, pointer="CURRENT"):
    return (root / pointer).read_text().strip()


def build_names(root):
    return sorted(p.name for p in (root / "builds").iterdir())


def partials(root):
    return sorted(name for name in os.listdir(root / "builds") if name.startswith(".") and name.endswith(".partial"))


def tree(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def use_session_model(monkeypatch, embedder):
    """What `python -m index build` constructs is the session's already-loaded model (the CLI runs in-process)."""
    def construct(name=None, **_):
        assert name in (None, embedder.name)
        return embedder

    monkeypatch.setattr(build_module, "load_embedder", construct)


TOPICS = ["kidney function", "headache", "fever", "skin rash", "blood pressure", "tiredness", "infusion speed",
          "vaccination timing", "hydration", "vein access"]
NURSES = ["Amara", "Bjorn", "Chen", "Dolores", "Emeka", "Farah", "Goran", "Hana"]


def generate_notes(corpus, count=40):
    """`count` small, distinct documents (a few sentences each)."""
    ids = []
    for i in range(count):
        topic, nurse = TOPICS[i % len(TOPICS)], NURSES[(i * 3) % len(NURSES)]
        (corpus / f"note-{i:02d}.txt").write_text(
            f"Clinic note {i}: {topic}\n\n"
            f"Patient group {i} was followed for {i + 2} weeks after starting IVIG. "
            f"The team recorded {topic} at visit number {i * 3 + 1}. "
            f"Nurse {nurse} changed the plan on day {i * 5 + 2} of treatment. "
            f"A telephone check in week {i + 4} found {'no' if i % 2 else 'a mild'} problem with {topic}.\n")
        ids.append(f"note-{i:02d}")
    return ids


# ---------------------------------------------------------------- 1. a killed build

def _kill_when(process, ready, timeout=150.0) -> bool:
    """SIGKILL `process` as soon as `ready()` holds; True if it was killed (not finished on its own)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            process.send_signal(signal.SIGKILL)
            break
        if process.poll() is not None:
            break
        time.sleep(0.002)
    else:
        process.kill()
        process.wait(timeout=30)
        pytest.fail("the build never reached the moment to kill it")
    process.wait(timeout=30)
    return process.returncode == -signal.SIGKILL


def test_a_killed_build_leaves_the_old_index_working(tiny, embedder, tmp_path):
    base_corpus, base_root = tiny
    moments = {
        "lock": lambda root: (root / "build.owner").exists(),     # written once the lock is held
        "partial": lambda root: bool(partials(root)),
    }
    killed_mid_build = []
    for moment, ready in moments.items():
        corpus, root = tmp_path / f"{moment}-corpus", tmp_path / f"{moment}-index"
        shutil.copytree(base_corpus, corpus)
        shutil.copytree(base_root, root)
        old_name = current(root)
        old_docs = set(load_index(root).documents)
        new_ids = generate_notes(corpus)
        log = open(tmp_path / f"{moment}.log", "w")
        process = subprocess.Popen([sys.executable, "-m", "index", "build", "--corpus", str(corpus),
                                    "--index", str(root)], cwd=REPO, env=cli_env(OMP_NUM_THREADS=1),
                                   stdout=log, stderr=subprocess.STDOUT)
        try:
            killed = _kill_when(process, lambda: ready(root))
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            log.close()
        output = (tmp_path / f"{moment}.log").read_text(errors="replace")
        if killed:
            killed_mid_build.append(moment)
            # The kernel released the dead build's lock: it can be taken at once (timeout 0), no stale-lock
            # guessing; only the informational owner note is left behind.
            assert json.loads((root / "build.owner").read_text())["pid"] == process.pid
            with BuildLock(root):
                pass
        else:
            assert process.returncode == 0, output
        # the index still loads: the old build, or a complete new one
        stored = load_index(root)
        live = current(root)
        if live == old_name:
            assert set(stored.documents) == old_docs, moment
        else:
            assert not killed or moment == "partial", f"{moment}: CURRENT moved although killed before publishing"
            assert set(stored.documents) == old_docs | set(new_ids)
        for pointer in ("CURRENT", "PREVIOUS"):
            if (root / pointer).exists():
                load_build(live_build(root, pointer))
        if moment == "lock" and killed:
            assert live == old_name
        # the next build starts at once, finishes, and clears what the dead one left
        report = build_index(corpus, root, embedder=embedder, **QUIET)
        assert report.documents == len(old_docs) + len(new_ids)
        assert not (root / "build.owner").exists()
        assert not partials(root), f"{moment}: leftover partial build folders"
        expected = {current(root)} | ({current(root, 'PREVIOUS')} if (root / "PREVIOUS").exists() else set())
        assert set(build_names(root)) == expected
        assert set(load_index(root).documents) == old_docs | set(new_ids)
        if live == old_name:
            assert not report.up_to_date and current(root, "PREVIOUS") == old_name
    assert killed_mid_build, "no round managed to kill the build before it finished"
    assert "lock" in killed_mid_build


# ---------------------------------------------------------------- 2. diff and rollback

def test_diff_and_rollback(tiny, embedder, tmp_path):
    corpus, root = tiny
    single = tmp_path / "single-build"
    shutil.copytree(root, single)
    v1 = current(root)
    v1_index = load_index(root)
    (corpus / "gamma.txt").write_text((corpus / "gamma.txt").read_text().replace(
        "Inactivated vaccines can be given as normal.", "Inactivated vaccines such as the flu jab are safe."))
    (corpus / "delta.txt").write_text("Fever during IVIG\n\nA mild fever can follow an infusion. "
                                      "Paracetamol and a slower rate usually settle it within hours.\n")
    report = build_index(corpus, root, embedder=embedder, **QUIET)
    v2 = report.build
    v2_index = load_index(root)
    assert v2 != v1 and current(root) == v2 and current(root, "PREVIOUS") == v1

    diff = diff_builds(root)
    old_ids, new_ids = {c.id for c in v1_index.chunks}, {c.id for c in v2_index.chunks}
    assert diff["previous"] == v1 and diff["live"] == v2
    assert diff["documents_added"] == ["delta"]
    assert diff["documents_changed"] == ["gamma"]
    assert diff["documents_removed"] == []
    assert diff["chunks_added"] == sorted(new_ids - old_ids)
    assert diff["chunks_removed"] == sorted(old_ids - new_ids)
    assert {i.split("#")[0] for i in diff["chunks_added"]} == {"gamma", "delta"}
    assert {i.split("#")[0] for i in diff["chunks_removed"]} == {"gamma"}
    assert diff["chunks_unchanged"] == len(old_ids & new_ids) == 2

    printed = run_cli("index", "diff", "--json", "--index", root)
    assert printed.returncode == 0, printed.stderr
    assert json.loads(printed.stdout) == diff

    back = run_cli("index", "rollback", "--index", root)
    assert back.returncode == 0, back.stderr
    assert v1 in back.stdout and "rolled back" in back.stdout
    assert current(root) == v1 and current(root, "PREVIOUS") == v2
    live = load_index(root)
    assert set(live.documents) == set(v1_index.documents) == {"alpha", "beta", "gamma"}
    assert live.documents["gamma"].text == v1_index.documents["gamma"].text
    assert [c.id for c in live.chunks] == [c.id for c in v1_index.chunks]
    assert diff_builds(root)["documents_removed"] == ["delta"]

    again = run_cli("index", "rollback", "--index", root)
    assert again.returncode == 0, again.stderr
    assert current(root) == v2 and current(root, "PREVIOUS") == v1
    live = load_index(root)
    assert set(live.documents) == {"alpha", "beta", "gamma", "delta"}
    assert "flu jab" in live.documents["gamma"].text
    assert [c.id for c in live.chunks] == [c.id for c in v2_index.chunks]

    assert not (single / "PREVIOUS").exists()
    before = current(single)
    nothing = run_cli("index", "rollback", "--index", single)
    assert nothing.returncode == 1
    assert "nothing to roll back to" in nothing.stderr and "no previous build" in nothing.stderr
    assert "Traceback" not in nothing.stderr
    assert current(single) == before and not (single / "build.owner").exists()


# ---------------------------------------------------------------- 3. no-op rebuild

def test_a_rebuild_with_nothing_changed_is_a_no_op(tiny, monkeypatch):
    corpus, root = tiny
    before_name, before_builds, before_tree = current(root), build_names(root), tree(root)

    def no_model(*args, **kwargs):
        raise AssertionError("the embedding model was constructed for a build with nothing to do")

    monkeypatch.setattr(build_module, "load_embedder", no_model)
    os.utime(corpus / "alpha.txt")                    # touched, not changed
    report = build_index(corpus, root, **QUIET)       # no embedder given: it would have to construct one
    assert report.up_to_date
    assert report.build == before_name and report.documents == report.unchanged == 3
    assert report.encoded == 0 and report.added == report.changed == report.removed == []
    assert current(root) == before_name
    assert build_names(root) == before_builds
    assert tree(root) == before_tree                  # nothing written, no lock left behind

    result = run_cli("index", "build", "--corpus", corpus, "--index", root)
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout
    assert current(root) == before_name and build_names(root) == before_builds and tree(root) == before_tree


# ---------------------------------------------------------------- 4. the cleaned-document cache

def test_unchanged_files_are_not_cleaned_again(tiny, embedder, monkeypatch):
    corpus, root = tiny
    cleaned, made = [], []
    real_clean, real_make = documents_module.clean_text, documents_module._make_document

    def counting_clean(raw, *args, **kwargs):
        cleaned.append(raw)
        return real_clean(raw, *args, **kwargs)

    def counting_make(doc_id, *args, **kwargs):
        made.append(doc_id)
        return real_make(doc_id, *args, **kwargs)

    monkeypatch.setattr(documents_module, "clean_text", counting_clean)
    monkeypatch.setattr(documents_module, "_make_document", counting_make)
    old = load_index(root)

    (corpus / "gamma.txt").write_text((corpus / "gamma.txt").read_text() + "\nAsk the clinic before any trip abroad.\n")
    report = build_index(corpus, root, embedder=embedder, **QUIET)
    assert report.changed == ["gamma"] and report.unchanged == 2
    assert made == ["gamma"]
    assert len(cleaned) == 1 and "trip abroad" in cleaned[0]

    # Metadata in sources.yaml is part of what was read: beta's file did not change, but it is re-read
    cleaned.clear(), made.clear()
    (corpus / "sources.yaml").write_text(
        "beta:\n  title: Headaches after an infusion\n  publisher: Example Neurology Unit\n"
        "  date: 2024-03-05\n  url: https://example.org/headaches\n")
    report = build_index(corpus, root, embedder=embedder, **QUIET)
    assert made == ["beta"] and len(cleaned) == 1
    assert report.changed == ["beta"] and report.unchanged == 2
    beta = load_index(root).documents["beta"]
    assert beta.meta["raw"] != old.documents["beta"].meta["raw"]
    assert beta.title == "Headaches after an infusion"
    assert beta.meta["publisher"] == "Example Neurology Unit"
    assert beta.meta["date"] == "2024-03-05"
    assert beta.meta["url"] == "https://example.org/headaches"
    assert beta.text == old.documents["beta"].text

    cleaned.clear(), made.clear()
    assert build_index(corpus, root, embedder=embedder, **QUIET).up_to_date
    assert made == [] and cleaned == []


# ---------------------------------------------------------------- 5. incremental == full

QUERIES = ["kidney blood test before infusion", "headache after IVIG", "live vaccines wait weeks",
           "long COVID autoantibodies", "muscle weakness myasthenia"]


def test_an_incremental_build_equals_a_full_build(tmp_path, embedder):
    # Ids chosen so that the changed and added documents sort between unchanged ones:
    # alpha, autoimmune, covid (changed), gamma, myasthenia (added); beta is removed.
    corpus = tmp_path / "corpus"
    shutil.copytree(TINY, corpus)
    shutil.copy(CORPUS / "ivig-long-covid.txt", corpus / "covid.txt")
    shutil.copy(CORPUS / "ivig-autoimmune-disease.txt", corpus / "autoimmune.txt")
    root = tmp_path / "index"
    build_index(corpus, root, embedder=embedder, **QUIET)
    before = load_index(root)

    long_covid = corpus / "covid.txt"
    text = long_covid.read_text()
    edited = text.replace("There is no approved treatment for long COVID.",
                          "No treatment has been approved for long COVID so far.")
    assert edited != text
    long_covid.write_text(edited)                                           # changed
    shutil.copy(CORPUS / "ivig-myasthenia-gravis.txt", corpus / "myasthenia.txt")   # added
    (corpus / "beta.txt").unlink()                                          # removed
    report = build_index(corpus, root, embedder=embedder, **QUIET)
    assert not report.full and not report.up_to_date
    assert report.changed == ["covid"] and report.added == ["myasthenia"]
    assert report.removed == ["beta"] and report.unchanged == 3
    assert report.reused > 0 and report.encoded > 0
    long_covid_chunks = sum(c.doc_id == "covid" for c in before.chunks)
    assert long_covid_chunks > 1
    reused_in_changed = {c.id for c in before.chunks if c.doc_id == "covid"} & \
        {c.id for c in load_index(root).chunks}
    assert reused_in_changed, "unchanged passages of a changed document keep their vectors"

    full_root = tmp_path / "full"
    full = build_index(corpus, full_root, embedder=embedder, full=True, **QUIET)
    assert full.full and full.reused == 0
    inc, ref = load_index(root), load_index(full_root)
    assert [c.id for c in inc.chunks] == [c.id for c in ref.chunks]
    assert [(c.doc_id, c.start, c.end, c.text, c.heading, c.page) for c in inc.chunks] == \
        [(c.doc_id, c.start, c.end, c.text, c.heading, c.page) for c in ref.chunks]
    assert list(inc.documents) == list(ref.documents)
    for doc_id, doc in ref.documents.items():
        mine = inc.documents[doc_id]
        assert (mine.title, mine.text, mine.source, mine.meta) == (doc.title, doc.text, doc.source, doc.meta)
    assert inc.manifest["documents"] == ref.manifest["documents"]
    assert inc.manifest["chunk_count"] == ref.manifest["chunk_count"] == len(ref.chunks)
    a, b = inc.matrix(), ref.matrix()
    assert a.shape == b.shape
    # the same vectors up to int8's batch dependence: the default stores int8 document vectors, whose
    # activation scales are per batch, so a chunk encoded beside other texts moves a little (fp32: 1e-7)
    cosine = a @ b.T
    assert float(np.diag(cosine).min()) >= 0.995
    assert (cosine.argmax(1) == np.arange(len(a))).all()        # each chunk's nearest is itself
    for query in QUERIES:
        scores = ref.lexical.scores(query)
        assert scores.any(), query
        assert np.allclose(inc.lexical.scores(query), scores, rtol=1e-6, atol=1e-6), query


# ---------------------------------------------------------------- 6. repeated documents

def test_copies_and_near_copies_are_reported_and_indexed_once(tmp_path, embedder, monkeypatch, capsys):
    corpus = tmp_path / "corpus"
    shutil.copytree(TINY, corpus)
    shutil.copy(CORPUS / "ivig-autoimmune-disease.txt", corpus / "autoimmune.txt")
    root = tmp_path / "index"
    build_index(corpus, root, embedder=embedder, **QUIET)

    shutil.copy(corpus / "alpha.txt", corpus / "zz-alpha-copy.txt")                 # copied under another name
    original = (corpus / "autoimmune.txt").read_text()
    sentence = next(s for s in original.split(". ") if len(s) > 60 and "\n" not in s)
    lightly_edited = original.replace(sentence, sentence.replace(" the ", " this ", 1), 1)
    assert lightly_edited != original
    (corpus / "autoimmune-reprint.txt").write_text(lightly_edited)                  # a lightly edited copy

    def pairs(report):
        return {(r["document"], r["repeats"]) for r in report.near_duplicates}

    report = build_index(corpus, root, embedder=embedder, **QUIET)                  # incremental
    assert set(report.added) == {"zz-alpha-copy", "autoimmune-reprint"}
    assert ("zz-alpha-copy", "alpha") in pairs(report)
    assert ("autoimmune-reprint", "autoimmune") in pairs(report)
    assert report.repeated_chunks > 0
    stored = load_index(root)
    texts = [norm(c.text) for c in stored.chunks]
    assert len(texts) == len(set(texts)), "a passage is indexed twice"
    assert not [c for c in stored.chunks if c.doc_id == "zz-alpha-copy"]
    assert stored.manifest["near_duplicates"] == report.near_duplicates

    # a full build through the command line finds them too and says so
    use_session_model(monkeypatch, embedder)
    code = index_main(["build", "--corpus", str(corpus), "--index", str(tmp_path / "cli-index"), "--quiet"])
    quiet_out = capsys.readouterr().out
    assert code == 0
    code = index_main(["build", "--corpus", str(corpus), "--index", str(tmp_path / "cli-index-2")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "near-duplicate: zz-alpha-copy repeats alpha" in out
    assert "near-duplicate: autoimmune-reprint repeats autoimmune" in out
    assert "exact repeats indexed once" in out
    assert "built:" in quiet_out
    full = load_index(tmp_path / "cli-index-2")
    texts = [norm(c.text) for c in full.chunks]
    assert len(texts) == len(set(texts))


def test_copies_keep_their_passages_when_the_original_is_removed(tmp_path, embedder):
    """Regression (bug at 0c0403f): a document kept out of the index as a repeat stayed out after its
    original went. build_index treated a document whose hash was unchanged as done and reused only its
    *kept* chunks (none when manifest 'chunks' == 0), so when the document it repeated was removed or
    changed, the passages dropped as exact repeats were never indexed again; a full build indexed them."""
    corpus = tmp_path / "corpus"
    shutil.copytree(TINY, corpus)
    shutil.copy(corpus / "alpha.txt", corpus / "zz-alpha-copy.txt")
    shutil.copy(CORPUS / "ivig-autoimmune-disease.txt", corpus / "autoimmune.txt")
    original = (corpus / "autoimmune.txt").read_text()
    sentence = next(s for s in original.split(". ") if len(s) > 60 and "\n" not in s)
    reprint = original.replace(sentence, sentence.replace(" the ", " this ", 1), 1)
    (corpus / "autoimmune-reprint.txt").write_text(reprint)
    root = tmp_path / "index"
    first = build_index(corpus, root, embedder=embedder, **QUIET)
    if reprint == original or first.repeated_chunks < 2:
        pytest.fail("set-up: the copies were not recognised as repeats")
    (corpus / "alpha.txt").unlink()
    (corpus / "autoimmune.txt").unlink()
    report = build_index(corpus, root, embedder=embedder, **QUIET)
    if sorted(report.removed) != ["alpha", "autoimmune"]:
        pytest.fail(f"set-up: removed {report.removed}")
    build_index(corpus, tmp_path / "full", embedder=embedder, full=True, **QUIET)
    inc, ref = load_index(root), load_index(tmp_path / "full")
    assert any(c.doc_id == "zz-alpha-copy" for c in inc.chunks), "the copy's text is no longer searchable"
    assert [c.id for c in inc.chunks] == [c.id for c in ref.chunks]


# ---------------------------------------------------------------- 7. bad files

def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(make_pdf(PDF_PAGES))).pages:
        writer.add_page(page)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


BAD = {
    "locked.pdf": "encrypted PDF",
    "truncated.pdf": "unreadable PDF",
    "junk.txt": "binary",
    "empty.md": "empty file",
    "latin.txt": "not UTF-8",
    "records.jsonl:2": "malformed JSON line",
    "huge.txt": "larger than any document",
    "slides.pptx": "unsupported file type '.pptx'",
}


@pytest.fixture
def bad_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(TINY, corpus)
    (corpus / "locked.pdf").write_bytes(_encrypted_pdf())
    whole = make_pdf(PDF_PAGES)
    (corpus / "truncated.pdf").write_bytes(whole[:len(whole) // 2])
    (corpus / "junk.txt").write_bytes(bytes(range(256)) * 8)
    (corpus / "empty.md").write_bytes(b"")
    (corpus / "latin.txt").write_bytes("Fièvre après la perfusion d'IVIG: réduire le débit.".encode("latin-1"))
    (corpus / "records.jsonl").write_text(
        json.dumps({"_id": "rec-1", "title": "Rash after IVIG", "text": "A skin rash can appear days after IVIG."})
        + "\n{\"_id\": \"rec-2\", \"text\": \"cut off\n"
        + json.dumps({"_id": "rec-3", "title": "Chills", "text": "Chills during the infusion ease when it slows."})
        + "\n")
    sentence = "This leaflet describes every step of an infusion day in great detail. "
    (corpus / "huge.txt").write_text("An enormous leaflet\n\n" + sentence * 100)      # ~7 KB, over the limit below
    (corpus / "slides.pptx").write_bytes(b"PK\x03\x04 not really a presentation")
    return corpus


def test_bad_files_are_skipped_each_with_its_reason(bad_corpus, tmp_path, embedder, monkeypatch, capsys):
    monkeypatch.setattr(documents_module, "MAX_FILE_BYTES", 4000)
    good = {"alpha", "beta", "gamma", "rec-1", "rec-3"}

    report = build_index(bad_corpus, tmp_path / "index", embedder=embedder, **QUIET)
    reasons = {s.source: s.reason for s in report.skipped}
    assert set(reasons) == set(BAD), reasons
    for source, reason in BAD.items():
        assert reason in reasons[source], (source, reasons[source])
    assert "re-save the file as UTF-8" in reasons["latin.txt"]
    assert report.partial and report.documents == len(good)
    stored = load_index(tmp_path / "index")
    assert set(stored.documents) == good
    assert {c.doc_id for c in stored.chunks} == good
    assert stored.documents["rec-3"].source == "records.jsonl:3"
    assert {s["source"] for s in stored.manifest["skipped"]} == set(BAD)

    use_session_model(monkeypatch, embedder)
    code = index_main(["build", "--corpus", str(bad_corpus), "--index", str(tmp_path / "cli-index")])
    out = capsys.readouterr().out
    assert code == 3, out
    for source, reason in BAD.items():
        line = next((l for l in out.splitlines() if l.strip().startswith(f"skipped {source}:")), None)
        assert line is not None, f"{source} not reported:\n{out}"
        assert reason in line and reasons[source] in line
    assert f"{len(BAD)} skipped" in out and "built with skipped files" in out
    assert set(load_index(tmp_path / "cli-index").documents) == good

    # unchanged corpus: nothing rebuilt, but the skipped files are still reported and the exit is still 3
    code = index_main(["build", "--corpus", str(bad_corpus), "--index", str(tmp_path / "cli-index")])
    out = capsys.readouterr().out
    assert code == 3 and "up to date" in out
    assert all(f"skipped {source}:" in out for source in BAD)

    # a bad file removed: a new build records it (the documents themselves are all reused)
    (bad_corpus / "slides.pptx").unlink()
    report = build_index(bad_corpus, tmp_path / "cli-index", embedder=embedder, **QUIET)
    assert not report.up_to_date and report.encoded == 0
    assert {s.source for s in report.skipped} == set(BAD) - {"slides.pptx"}
    assert {s["source"] for s in load_index(tmp_path / "cli-index").manifest["skipped"]} == set(BAD) - {"slides.pptx"}


# ---------------------------------------------------------------- 8. metadata and pages in citations

FRONT_MATTER_MD = """---
title: Home infusions of immunoglobulin
publisher: Example Health Trust
date: 2023-09-14
url: https://example.org/home-infusions
---
# Home infusions

Subcutaneous immunoglobulin can be given at home with a small portable pump.
A specialist nurse trains each patient for about four weeks before the first home infusion.
Most people infuse into the abdomen or thigh once a week.
"""


def test_front_matter_and_pdf_pages_reach_the_citations(tmp_path, embedder):
    from bot import Bot

    corpus = tmp_path / "corpus"
    shutil.copytree(TINY, corpus)
    (corpus / "leaflet.pdf").write_bytes(make_pdf(PDF_PAGES))
    (corpus / "home.md").write_text(FRONT_MATTER_MD)
    root = tmp_path / "index"
    report = build_index(corpus, root, embedder=embedder, **QUIET)
    assert not report.skipped
    bot = Bot(str(root), embedder=embedder)

    answer = bot.ask("What reduces the risk of blood clots with IVIG?")
    assert not answer.abstained, answer.text
    cited = [c for c in answer.citations if "slower infusion rate and good hydration reduce the risk of clots"
             in norm(c.passage)]
    assert cited, answer.citations
    assert all(c.doc_id == "leaflet" and c.page == 2 for c in cited)
    assert "reduce the risk of clots" in answer.text

    answer = bot.ask("Which patients have the highest risk of kidney problems from IVIG?")
    assert not answer.abstained, answer.text
    cited = [c for c in answer.citations if "people with diabetes" in c.passage]
    assert cited, answer.citations
    assert all(c.doc_id == "leaflet" and c.page == 1 for c in cited)

    answer = bot.ask("How long does a nurse train a patient before home infusions?")
    assert not answer.abstained, answer.text
    cited = [c for c in answer.citations if c.doc_id == "home"]
    assert cited, answer.citations
    citation = cited[0]
    assert "four weeks" in citation.passage
    assert citation.title == "Home infusions of immunoglobulin"
    assert citation.meta["publisher"] == "Example Health Trust"
    assert citation.meta["date"] == "2023-09-14"
    assert citation.meta["url"] == "https://example.org/home-infusions"
    assert citation.page is None


@pytest.mark.parametrize("where,field", [
    ("front matter", "reviewed: 2024-01-02"),
    ("sources.yaml", "reviewed: 2024-01-02"),
    ("front matter", "pages: 4"),
])
def test_extra_metadata_fields_do_not_break_the_build(tmp_path, embedder, where, field):
    """Regressions (bugs at 0c0403f), each of which crashed the whole build with a TypeError traceback:
    - a YAML date under a field other than title/url/publisher/date/audience/author/reviewer (`reviewed:`,
      Hugo's `lastmod:`) stayed a datetime.date in Document.meta, and store.write_build's json.dumps raised;
    - a front-matter field named `pages` (a page count) replaced meta["pages"] (PDF page offsets), and
      Document.page_at iterated an int."""
    corpus = tmp_path / "corpus"
    shutil.copytree(TINY, corpus)
    extra = field + "\n" if where == "front matter" else ""
    (corpus / "home.md").write_text(FRONT_MATTER_MD.replace("url:", extra + "url:", 1))
    if where == "sources.yaml":
        (corpus / "sources.yaml").write_text(f"home:\n  {field}\n")
    report = build_index(corpus, tmp_path / "index", embedder=embedder, **QUIET)
    assert report.documents == 4 and not report.skipped
    home = load_index(tmp_path / "index").documents["home"]
    assert home.meta["publisher"] == "Example Health Trust" and home.page_at(0) is None

