"""Reading corpus folders: every supported format, ids from relative paths, bad files skipped with reasons."""
from __future__ import annotations

import shutil
import sys

import pytest

from helpers import DATA, PDF_PAGES, make_pdf
from index import CorpusError, load_corpus
from index.errors import IvigError


def _trafilatura_or_skip():
    try:
        import trafilatura  # noqa: F401
    except ImportError as exc:  # e.g. lxml_html_clean missing: an installation problem, reported separately
        pytest.skip(f"trafilatura cannot be imported here ({exc})")


@pytest.fixture
def mixed(tmp_path):
    """tests/data/loaders plus a PDF and the bad files, in a tmp copy (HTML is tested on its own)."""
    root = tmp_path / "corpus"
    shutil.copytree(DATA / "loaders", root)
    (root / "reports").mkdir()
    (root / "reports" / "leaflet.pdf").write_bytes(make_pdf(PDF_PAGES, title="IVIG safety leaflet"))
    bad = root / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "nul.txt").write_bytes(b"IVIG\x00\x01\x02\x00 binary payload")
    (bad / "control.txt").write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 11, 14, 15, 16]) * 50)
    (bad / "latin1.txt").write_bytes("Café au lait and IVIG infusions are given in clinics.".encode("latin-1"))
    (bad / "table.csv").write_text("a,b,c\n1,2,3\n")
    (bad / "broken.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf\n")
    (root / ".hidden.txt").write_text("Hidden files are not documents.")
    return root


def _load(root):
    corpus = load_corpus(root)
    return {d.id: d for d in corpus.documents}, {s.source: s.reason for s in corpus.skipped}


def test_txt_document(mixed):
    docs, _ = _load(mixed)
    doc = docs["plain"]
    assert doc.source == "plain.txt"
    assert doc.title == "Plasma donation and IVIG supply"
    assert "Each batch is screened for viruses before it is released." in doc.text


def test_markdown_front_matter_and_markup(mixed):
    docs, _ = _load(mixed)
    doc = docs["notes/frontmatter"]                       # id = relative path without extension
    assert doc.source == "notes/frontmatter.md"
    assert doc.title == "Subcutaneous immunoglobulin at home"
    assert doc.meta["publisher"] == "Example Clinic"
    assert doc.meta["date"] == "2024-05-01"
    assert doc.meta["audience"] == "patients"
    assert "---" not in doc.text and "publisher:" not in doc.text
    assert "#" not in doc.text and "**" not in doc.text and "](" not in doc.text
    assert "• Fewer systemic side effects than intravenous infusions" in doc.text
    assert "• Can be given at home after training" in doc.text


@pytest.fixture
def html_corpus(tmp_path):
    root = tmp_path / "html"
    shutil.copytree(DATA / "html", root)
    return root


def test_html_main_content_only(html_corpus):
    _trafilatura_or_skip()
    docs, skipped = _load(html_corpus)
    assert not skipped and sorted(docs) == ["page", "plain"]
    doc = docs["page"]
    assert doc.title == "IVIG and kidney safety"
    assert "Doctors check kidney function with a blood test before each infusion" in doc.text
    assert "sucrose-containing products carry the greatest risk of kidney injury" in doc.text
    for furniture in ("Shop our products", "Contact us today", "All rights reserved", "social media", "<p>"):
        assert furniture not in doc.text


def test_unimportable_html_reader_does_not_crash_the_corpus(html_corpus, monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)      # `import trafilatura` now raises ImportError
    try:
        docs, skipped = _load(html_corpus)
    except IvigError as exc:
        assert "trafilatura" in str(exc)
        return
    assert "plain" in docs and "page" not in docs
    assert "trafilatura" in skipped["page.html"]


def test_pdf_pages_and_title(mixed):
    docs, _ = _load(mixed)
    doc = docs["reports/leaflet"]
    assert doc.source == "reports/leaflet.pdf"
    assert doc.title == "IVIG safety leaflet"
    pages = doc.meta["pages"]
    assert len(pages) == 2 and pages[0] == 0
    first, second = doc.text[:pages[1]], doc.text[pages[1]:]
    for line in PDF_PAGES[0]:
        assert line in first
    for line in PDF_PAGES[1]:
        assert line in second
    assert second.startswith("Blood clots and IVIG")
    assert doc.page_at(0) == 1 and doc.page_at(pages[1] - 1) == 1
    assert doc.page_at(pages[1]) == 2 and doc.page_at(len(doc.text) - 1) == 2


def test_pdf_is_readable_by_pypdf():
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(make_pdf(PDF_PAGES, title="IVIG safety leaflet")))
    assert len(reader.pages) == 2
    assert PDF_PAGES[1][1] in reader.pages[1].extract_text()
    assert reader.metadata.title == "IVIG safety leaflet"


def test_jsonl_bulk_records(mixed):
    docs, skipped = _load(mixed)
    first, second = docs["beir-1"], docs["beir-2"]                # BEIR `_id`, and plain `id`
    assert first.title == "Headache after IVIG" and first.source == "notes/deep/bulk.jsonl:1"
    assert first.text == ("Headache is the most common side effect of IVIG and usually starts within a day "
                          "of the infusion.")
    assert second.title == "Aseptic meningitis" and second.source == "notes/deep/bulk.jsonl:2"
    assert "malformed JSON line" in skipped["notes/deep/bulk.jsonl:3"]
    assert "not a JSON object" in skipped["notes/deep/bulk.jsonl:4"]
    assert "no 'text'" in skipped["notes/deep/bulk.jsonl:5"]
    assert "no '_id' or 'id'" in skipped["notes/deep/bulk.jsonl:7"]
    assert "notes/deep/bulk.jsonl:6" not in skipped                 # a blank line is not an error
    assert not any(d.startswith("beir-3") or d.startswith("beir-4") for d in docs)


def test_bad_files_skipped_with_reasons_while_the_rest_load(mixed):
    docs, skipped = _load(mixed)
    assert sorted(docs) == ["beir-1", "beir-2", "notes/frontmatter", "plain", "reports/leaflet"]
    assert skipped["bad/empty.txt"] == "empty file"
    assert "binary" in skipped["bad/nul.txt"]
    assert "binary junk" in skipped["bad/control.txt"]
    assert "not UTF-8" in skipped["bad/latin1.txt"] and "re-save the file as UTF-8" in skipped["bad/latin1.txt"]
    assert "unsupported file type '.csv'" in skipped["bad/table.csv"]
    assert ".txt" in skipped["bad/table.csv"] and ".pdf" in skipped["bad/table.csv"]   # names valid choices
    assert "PDF" in skipped["bad/broken.pdf"]
    assert not any(".hidden" in name for name in list(docs) + list(skipped))


def test_sidecar_metadata_for_nested_ids(tmp_path):
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "note.txt").write_text("A short note\n\nIVIG is given by infusion in hospital clinics.\n")
    (root / "sources.yaml").write_text("sub/note:\n  title: Infusion basics\n  publisher: Example Trust\n")
    docs, skipped = _load(root)
    assert not skipped
    assert docs["sub/note"].title == "Infusion basics"
    assert docs["sub/note"].meta["publisher"] == "Example Trust"


def test_duplicate_ids_are_skipped(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "same.txt").write_text("First copy\n\nIVIG is given by infusion.\n")
    (root / "same.md").write_text("Second copy\n\nIVIG is given by infusion too.\n")
    docs, skipped = _load(root)
    assert list(docs) == ["same"] and docs["same"].source == "same.md"     # sorted: .md before .txt
    assert "duplicate document id 'same'" in skipped["same.txt"]


def test_unusable_corpus_folders(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus(tmp_path / "nowhere")
    # A sources.yaml that is not a mapping no longer stops the corpus: see test_faults.py.


def test_document_ids_must_not_be_empty():
    from index import Document

    with pytest.raises(ValueError):
        Document(id="", title="t", text="x", source="x.txt")
