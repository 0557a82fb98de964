"""Helpers shared by the tests: paths, an embedder wrapper, citation checks, the CLI runner, a PDF writer."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
CORPUS = REPO / "corpus"
TINY = DATA / "tiny"

EMERGENCY_LEAD = "What the documents say that may be relevant:"

PDF_PAGES = [
    ["Kidney safety with IVIG",
     "IVIG can strain the kidneys in a small number of patients.",
     "Older patients and people with diabetes have the highest risk.",
     "Doctors check kidney function with a blood test before each infusion.",
     "Drinking plenty of water on the day of the infusion lowers the risk."],
    ["Blood clots and IVIG",
     "Blood clots are a rare but serious risk of IVIG treatment.",
     "The risk is higher in people who cannot move around much.",
     "A slower infusion rate and good hydration reduce the risk of clots.",
     "Patients should report a swollen or painful leg straight away."],
]


# ---------------------------------------------------------------- wrappers around the real embedder

class WrappedEmbedder:
    """The real model under another name, or with an encode() that records or fails."""

    def __init__(self, inner, *, name=None, fail=False):
        self.inner = inner
        self.name = name or inner.name
        self.dimension = inner.dimension
        self.max_tokens = inner.max_tokens
        self.fail = fail
        self.encoded: list[str] = []

    def count_tokens(self, texts):
        return self.inner.count_tokens(texts)

    def encode(self, texts, *, progress=False):
        return self._record(self.inner.encode, texts)

    def encode_documents(self, texts, *, progress=False):
        from index.embedding import document_encoder

        return self._record(document_encoder(self.inner), texts)

    def _record(self, encode, texts):
        if self.fail:
            raise RuntimeError("encoder exploded (simulated)")
        self.encoded.extend(texts)
        return encode(texts, progress=False)

    def encode_query(self, text):
        return self.inner.encode_query(text)


# ---------------------------------------------------------------- citations

def assert_declined(answer, reason: str = "") -> None:
    """Declined with nothing cited, and `reason` (when given) inside its reason."""
    assert answer.abstained and not answer.citations, answer.text
    assert reason in answer.abstain_reason, answer.abstain_reason


def assert_answered_from(answer, quoted: str) -> None:
    """Answered, and one of its cited passages holds `quoted` (any case)."""
    assert not answer.abstained, answer.abstain_reason
    assert any(quoted.lower() in c.passage.lower() for c in answer.citations), [c.passage for c in answer.citations]


def norm(text: str) -> str:
    return " ".join(text.split())


def marker_sentences(answer) -> list[tuple[int, str]]:
    """(n, the quoted sentence) for every citation number of every quoted sentence of an answer."""
    if answer.emergency:
        assert answer.text.startswith(answer.urgent_advice)
        assert answer.lead == (EMERGENCY_LEAD if answer.sentences else "")
    return [(n, sentence.text) for sentence in answer.sentences for n in sentence.citations]


def assert_citations_valid(answer, documents: dict) -> None:
    """Every marker resolves; every quoted sentence stands in its passage; passages are real spans."""
    by_n = {c.n: c for c in answer.citations}
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    quoted = marker_sentences(answer)
    assert {n for n, _ in quoted} == set(by_n), "every citation is used and every marker resolves"
    for n, sentence in quoted:
        citation = by_n[n]
        assert sentence, f"[{n}] has no sentence before it"
        assert norm(sentence) in norm(citation.passage), f"[{n}] {sentence!r} is not in its passage"
    for citation in answer.citations:
        doc = documents[citation.doc_id]
        assert citation.passage == doc.text[citation.start:citation.end]
        assert citation.title == doc.title
        assert citation.highlights
        for h_start, h_end in citation.highlights:
            assert citation.start <= h_start < h_end <= citation.end
        # each highlighted span is one of the quoted sentences
        spans = {norm(doc.text[s:e]) for s, e in citation.highlights}
        assert spans <= {norm(s) for n, s in quoted if n == citation.n}
    assert {c.doc_id for c in answer.citations} <= set(answer.retrieved)


# ---------------------------------------------------------------- CLI

def cli_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("IVIG_INDEX", "IVIG_MODEL", "IVIG_CORPUS")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    env.setdefault("OMP_NUM_THREADS", "1")      # several runs share two cores; one query needs no thread pool
    env.update({k: str(v) for k, v in extra.items()})
    return env


def run_cli(*args, env=None, timeout=300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *map(str, args)], cwd=REPO, env=env or cli_env(),
                          capture_output=True, text=True, timeout=timeout)


def start_cli(*args, env=None) -> subprocess.Popen:
    """Start a CLI run without waiting (runs that load the model are started together)."""
    return subprocess.Popen([sys.executable, "-m", *map(str, args)], cwd=REPO, env=env or cli_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish_cli(process: subprocess.Popen, timeout=300) -> subprocess.CompletedProcess:
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


# ---------------------------------------------------------------- a PDF written by hand

def make_pdf(pages: list[list[str]], title: str | None = None) -> bytes:
    """A minimal valid PDF: one text line per entry, Helvetica, one page per list."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, lines in enumerate(pages):
        ops = ["BT", "/F1 11 Tf", "14 TL", "72 760 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    info = None
    if title:
        objects.append(f"<< /Title ({title}) >>".encode("latin-1"))
        info = len(objects)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R" + (f" /Info {info} 0 R" if info else "") + " >>"
    out += b"trailer\n" + trailer.encode() + b"\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
