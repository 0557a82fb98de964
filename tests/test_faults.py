"""One bad file never stops a build: each fault is skipped with its reason and the rest is indexed.

Also: pathological text (megabytes on one line, runs of stops, blank lines, bullets) is cleaned and
split in one pass. Those tests feed inputs of the size that used to take minutes; that the suite
stays fast is the check, and each test asserts what the output must be.
"""
from __future__ import annotations

import os

import pytest

from helpers import run_cli
from index import CorpusError, build_index, load_corpus, load_index
from index.cleaning import clean_text
from index.formats import read_markdown
from index.sentences import sentence_spans

QUIET = {"progress": False}
GOOD = {
    "alpha.txt": "How IVIG is given\n\nIVIG is given as an infusion into a vein in a hospital clinic.\n",
    "beta.md": "---\ntitle: Side effects of IVIG\n---\nHeadache is the most common side effect of IVIG infusions.\n",
}


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    for name, text in GOOD.items():
        (root / name).write_text(text)
    return root


def _build(corpus, tmp_path, embedder):
    report = build_index(corpus, tmp_path / "index", embedder=embedder, **QUIET)
    stored = load_index(tmp_path / "index")
    return report, stored, {s.source: s.reason for s in report.skipped}


def _all_text(stored) -> str:
    return "\n".join(c.text for c in stored.chunks)


# ---------------------------------------------------------------- metadata: front matter and sources.yaml

FRONT_MATTER = {
    "impossible date": ("date: 2024-02-30", "'2024-02-30' is not a real date: day is out of range for month"),
    "self-referencing alias": ("tags: &t [a, *t]", "refers to itself"),
    "alias bomb": ("a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                   "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                   "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]", "more than 10,000 values"),
    "deeply nested": ("tags: " + "[" * 5000 + "]" * 5000, "nested too deeply"),
    "invalid YAML": ("title: [unclosed", "not valid YAML"),
}


@pytest.mark.parametrize("case", FRONT_MATTER)
def test_bad_front_matter_skips_that_file_only(corpus, tmp_path, embedder, case):
    yaml_text, reason = FRONT_MATTER[case]
    (corpus / "bad.md").write_text(f"---\n{yaml_text}\n---\nThis note mentions IVIG dosing in children.\n")
    report, stored, skipped = _build(corpus, tmp_path, embedder)
    assert sorted(stored.documents) == ["alpha", "beta"]
    assert list(skipped) == ["bad.md"] and skipped["bad.md"].startswith("front matter: ")
    assert reason in skipped["bad.md"], skipped
    assert stored.documents["beta"].title == "Side effects of IVIG"


def test_impossible_date_names_its_line(tmp_path):
    (tmp_path / "bad.md").write_text("---\ntitle: Fine\ndate: 2024-02-30\n---\nIVIG dosing in children.\n")
    (reason,) = [s.reason for s in load_corpus(tmp_path).skipped]
    assert reason.endswith("(line 3)"), reason                    # the file's line 3, after the opening ---


SIDECAR_ENTRIES = {
    "impossible date": ("alpha:\n  title: Wrong\n  date: 2024-02-30\n", "entry 'alpha' ignored: '2024-02-30' is not a real date"),
    "self-referencing alias": ("alpha: &a\n  title: Wrong\n  again: *a\n", "entry 'alpha' ignored: a value refers to itself"),
    "not a mapping": ("alpha: just a string\n", "entry 'alpha' ignored: not a mapping of fields (line 1)"),
}


@pytest.mark.parametrize("case", SIDECAR_ENTRIES)
def test_bad_sidecar_entry_is_ignored_and_the_rest_of_the_sidecar_used(corpus, tmp_path, embedder, case):
    """A maintainer's typo in one entry costs that entry (reported, exit 3), not the build nor the
    other entries: the document itself is still indexed, with the metadata its own file carries."""
    entry, reason = SIDECAR_ENTRIES[case]
    (corpus / "sources.yaml").write_text(entry + "beta:\n  publisher: Example Trust\n  date: 2024-02-01\n")
    report, stored, skipped = _build(corpus, tmp_path, embedder)
    assert sorted(stored.documents) == ["alpha", "beta"]
    assert list(skipped) == ["sources.yaml"] and skipped["sources.yaml"].startswith(reason), skipped
    assert stored.documents["alpha"].title == "How IVIG is given"             # its own title, not "Wrong"
    assert stored.documents["beta"].meta["publisher"] == "Example Trust"      # the good entry still applies
    assert stored.documents["beta"].meta["date"] == "2024-02-01"


@pytest.mark.parametrize("text,reason", [
    ("alpha: [unclosed\n", "not valid YAML"),
    ("- not\n- a mapping\n", "must map document ids to their metadata"),
    ("x: " + "[" * 5000 + "]" * 5000 + "\n", "not valid YAML: nested too deeply"),
], ids=["invalid YAML", "a list", "deeply nested"])
def test_unusable_sidecar_is_reported_and_the_documents_still_load(corpus, tmp_path, embedder, text, reason):
    (corpus / "sources.yaml").write_text(text)
    report, stored, skipped = _build(corpus, tmp_path, embedder)
    assert sorted(stored.documents) == ["alpha", "beta"]
    assert reason in skipped["sources.yaml"] and "no metadata was taken from it" in skipped["sources.yaml"]


def test_sidecar_values_of_any_shape_are_stored_as_plain_data(corpus, tmp_path, embedder):
    """Regression: mixed key types in a nested value made json.dumps(sort_keys=True) raise TypeError."""
    (corpus / "sources.yaml").write_text("alpha:\n  extra: {1: one, b: two}\n  reviewed: 2024-01-02\n")
    report, stored, skipped = _build(corpus, tmp_path, embedder)
    assert not skipped
    assert stored.documents["alpha"].meta["extra"] == {"1": "one", "b": "two"}
    assert stored.documents["alpha"].meta["reviewed"] == "2024-01-02"


# ---------------------------------------------------------------- links and special files

def test_link_leading_outside_the_corpus_is_refused(corpus, tmp_path, embedder):
    secret = tmp_path / "bash_history"
    secret.write_text("export TOKEN=hunter2-secret-value\n")
    outside_folder = tmp_path / "elsewhere"
    outside_folder.mkdir()
    (outside_folder / "private.txt").write_text("Private notes about a patient called Smith.\n")
    (outside_folder / "sources.yaml").write_text("alpha:\n  title: Smith's private notes\n")
    os.symlink(secret, corpus / "history.txt")
    os.symlink(outside_folder, corpus / "linked-folder")
    os.symlink(outside_folder / "sources.yaml", corpus / "sources.yaml")
    report, stored, skipped = _build(corpus, tmp_path, embedder)
    assert sorted(stored.documents) == ["alpha", "beta"]
    for name in ("history.txt", "linked-folder", "sources.yaml"):
        assert "outside the corpus folder: refused" in skipped[name]
    assert stored.documents["alpha"].title == "How IVIG is given"
    assert "hunter2" not in _all_text(stored) and "Smith" not in _all_text(stored)


def test_link_inside_the_corpus_is_read_and_reported_as_a_repeat(corpus, tmp_path, embedder):
    os.symlink(corpus / "alpha.txt", corpus / "same-as-alpha.txt")
    report, stored, skipped = _build(corpus, tmp_path, embedder)
    assert not skipped
    assert sorted(stored.documents) == ["alpha", "beta", "same-as-alpha"]
    assert any(n["document"] == "same-as-alpha" and n["repeats"] == "alpha" for n in report.near_duplicates)


def test_broken_link_is_reported(corpus, tmp_path, embedder):
    os.symlink(tmp_path / "gone.txt", corpus / "gone.txt")
    os.symlink(corpus / "loop-b.txt", corpus / "loop-a.txt")          # a loop of links is broken too
    os.symlink(corpus / "loop-a.txt", corpus / "loop-b.txt")
    report, stored, skipped = _build(corpus, tmp_path, embedder)
    assert sorted(stored.documents) == ["alpha", "beta"]
    for name in ("gone.txt", "loop-a.txt", "loop-b.txt"):
        assert skipped[name] == "broken symbolic link (its target is missing)"


def test_loops_of_linked_folders_end(corpus, tmp_path, embedder):
    (corpus / "sub").mkdir()
    (corpus / "sub" / "gamma.txt").write_text("Gamma note\n\nIVIG comes from donated plasma.\n")
    os.symlink(corpus, corpus / "sub" / "back-to-top")
    os.symlink(corpus / "sub", corpus / "sub" / "self")
    report, stored, skipped = _build(corpus, tmp_path, embedder)
    # Linked folders inside the corpus are not followed: their files are read where they really are.
    assert sorted(stored.documents) == ["alpha", "beta", "sub/gamma"] and not skipped


def test_pipe_is_reported_not_read(corpus, tmp_path, embedder):
    os.mkfifo(corpus / "pipe.txt")                   # reading it would wait forever for a writer
    report, stored, skipped = _build(corpus, tmp_path, embedder)
    assert sorted(stored.documents) == ["alpha", "beta"]
    assert skipped["pipe.txt"].startswith("not a regular file")


def test_broken_link_does_not_break_the_freshness_check(corpus, tmp_path, embedder):
    from index.freshness import stale_reason

    os.symlink(tmp_path / "gone.txt", corpus / "gone.txt")      # there before the build: every entry is timed
    _build(corpus, tmp_path, embedder)
    assert stale_reason(corpus, tmp_path / "index") == ""
    (corpus / "new.txt").write_text("New note\n\nIVIG is kept in a fridge.\n")
    assert stale_reason(corpus, tmp_path / "index") == "the corpus changed since the index was built"


# ---------------------------------------------------------------- text nothing can be indexed from

def test_document_without_an_indexable_word_is_skipped(corpus, tmp_path, embedder):
    (corpus / "dots.txt").write_text("A. " * 600_000)                       # 1.8 MB, single letters only
    (corpus / "stop.txt").write_text("It is, and it was not, for this is that.\n")   # stop words only
    report, stored, skipped = _build(corpus, tmp_path, embedder)
    assert sorted(stored.documents) == ["alpha", "beta"]
    for name in ("dots.txt", "stop.txt"):
        assert skipped[name].startswith("no word that search can index"), skipped


def test_corpus_without_an_indexable_word_fails_cleanly(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "dots.txt").write_text("A. " * 1000)
    result = run_cli("index", "build", "--corpus", tmp_path / "corpus", "--index", tmp_path / "idx", "--quiet")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "no usable documents" in result.stderr and "no word that search can index" in result.stderr


def test_lexical_index_refuses_texts_without_a_term():
    from index.lexical import LexicalIndex

    with pytest.raises(CorpusError, match="no word that search can index"):
        LexicalIndex.build(["A. A. A.", "the and of"])
    assert LexicalIndex.build(["A. A. A.", "IVIG infusion"]).vocabulary


# ---------------------------------------------------------------- bad records and sizes

def test_deeply_nested_json_line_is_skipped(corpus, tmp_path, embedder):
    (corpus / "bulk.jsonl").write_text(
        '{"id": "deep", "text": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
        '{"id": "fine", "title": "Fine record", "text": "IVIG is made from pooled plasma donations."}\n')
    report, stored, skipped = _build(corpus, tmp_path, embedder)
    assert sorted(stored.documents) == ["alpha", "beta", "fine"]
    assert skipped["bulk.jsonl:1"] == "malformed JSON line (nested too deeply)"


def test_text_too_long_to_clean_is_refused_before_cleaning(corpus, monkeypatch):
    import index.documents as documents

    monkeypatch.setattr(documents, "MAX_RAW_CHARS", 1000)
    (corpus / "bulk.jsonl").write_text('{"id": "huge", "text": "' + "IVIG dose. " * 200 + '"}\n')
    loaded = load_corpus(corpus)
    assert sorted(d.id for d in loaded.documents) == ["alpha", "beta"]
    assert [s.reason for s in loaded.skipped] == ["text has 2,200 characters, larger than any document (limit 1,000)"]


# ---------------------------------------------------------------- pathological text, in one pass

def test_one_two_megabyte_line():
    text = "word " * 400_000
    cleaned = clean_text(text).text
    assert cleaned == text.strip()
    assert sentence_spans(cleaned) == [(0, len(cleaned))]


def test_a_dot_repeated():
    text = ("A. " * 600_000).strip()                  # each "A." reads as an initial: one long sentence
    assert sentence_spans(text) == [(0, len(text))]
    assert clean_text(text).text == text


def test_runs_of_stops_and_stops_between_sentences():
    text = "Intro" + "?" * 200_000 + " end. Next sentence!!! Last one"
    spans = [text[s:e] for s, e in sentence_spans(text)]
    assert spans == ["Intro" + "?" * 200_000 + " end.", "Next sentence!!!", "Last one"]


def test_blank_lines():
    text = "\n" * 100_000 + "Some text about IVIG here.\n" + "\n" * 100_000 + "- a bullet"
    markdown, _ = read_markdown(text)
    cleaned = clean_text(markdown).text
    assert cleaned == "Some text about IVIG here.\n\n• a bullet"


def test_a_line_repeated_fifty_thousand_times():
    text = "Share this page with a friend today\n" * 50_000 + "IVIG is given by infusion.\n"
    assert clean_text(text).text == "IVIG is given by infusion."           # the repeat is page furniture


def test_front_matter_fence_followed_by_blank_lines_that_never_closes():
    text = "---\n" + "\n" * 200_000 + "IVIG is given by infusion.\n"
    markdown, meta = read_markdown(text)
    assert meta == {} and markdown == text
    front = read_markdown("---\n\ntitle: Blank line first\n---\nIVIG is given by infusion.\n")
    assert front == ("IVIG is given by infusion.\n", {"title": "Blank line first"})


def test_two_hundred_thousand_bullets():
    markdown, _ = read_markdown("".join(f"- item {i}\n" for i in range(200_000)))
    cleaned = clean_text(markdown).text
    spans = sentence_spans(cleaned)
    assert len(spans) == 200_000 and cleaned[slice(*spans[-1])] == "• item 199999"


def test_a_huge_word_without_spaces():
    text = "x" * 2_000_000
    assert clean_text(text).text == text and sentence_spans(text) == [(0, len(text))]


def test_brackets_that_never_close_a_link():
    unclosed = "[" * 200_000 + "a](" * 200_000
    markdown, _ = read_markdown("[IVIG](https://example.org) " + unclosed)
    assert markdown == "IVIG " + unclosed


def test_a_long_hard_wrapped_paragraph():
    lines = [f"line {i} of a paragraph that was wrapped at a fixed width by the pdf" for i in range(30_000)]
    cleaned = clean_text("\n".join(lines) + ".").text
    assert cleaned == " ".join(lines) + "."


def test_many_reference_markers():
    cleaned = clean_text("IVIG helps 1. " * 200_000).text
    assert cleaned == ("IVIG helps. " * 200_000).strip()


def test_many_paragraphs_that_end_mid_word():
    """Every paragraph ends in a broken word ("ab" / "c1 ab" -> "abc"), so all of them are mended into one."""
    paragraphs = [f"c{i} ab" for i in range(100_000)] + ["abc abc"]
    cleaned = clean_text("\n\n".join(paragraphs)).text
    assert cleaned == "".join(paragraphs[:-1]) + "\n\nabc abc"
