"""The three command lines, run as users run them: `python -m index|bot|eval` from the repository root."""
from __future__ import annotations

import json
import shutil

import pytest

from eval.metrics import hit_at
from helpers import DATA, TINY, cli_env, finish_cli, run_cli, start_cli
from index import load_index

ANSWER_KEYS = {"answer", "abstained", "emergency", "citations", "retrieved", "latency_ms"}


@pytest.fixture(scope="module")
def slow(corpus_index, tmp_path_factory):
    """The four runs that load the embedding model (the slow part), started side by side.

    Returns their CompletedProcess by name, plus the folders they used.
    """
    base = tmp_path_factory.mktemp("cli")
    corpus = base / "partial-corpus"
    corpus.mkdir()
    shutil.copy(TINY / "alpha.txt", corpus / "good.txt")
    (corpus / "bad.txt").write_bytes("Caf\u00e9 menu".encode("latin-1"))
    on_corpus = cli_env(IVIG_INDEX=corpus_index)
    jobs = {
        "ask_json": start_cli("bot", "ask", "How does IVIG work in ITP?", "--json", env=on_corpus),
        "ask_text": start_cli("bot", "ask", "how fast does it work?", "--history", "How does IVIG work in ITP?",
                              "--index", corpus_index),
        "eval": start_cli("eval", "--testset", DATA / "testset.jsonl", "--out", base / "run", "--quiet",
                          env=on_corpus),
        "partial": start_cli("index", "build", "--corpus", corpus, "--index", base / "partial-index",
                             env=cli_env(IVIG_INDEX=base / "not-this-one")),
    }
    results = {name: finish_cli(process) for name, process in jobs.items()}
    return results, {"base": base, "corpus": corpus, "index": base / "partial-index", "out": base / "run"}


# ---------------------------------------------------------------- --help

@pytest.mark.parametrize("args,example", [
    (["index", "--help"], "python -m index build"),
    (["index", "build", "--help"], "Example: python -m index build"),
    (["index", "status", "--help"], "Example: python -m index status"),
    (["bot", "--help"], 'python -m bot ask "How does IVIG work in ITP?"'),
    (["bot", "ask", "--help"], "Example: python -m bot ask"),
    (["eval", "--help"], "python -m eval --testset eval/testset.jsonl"),
])
def test_help_shows_an_example(args, example):
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    assert example in result.stdout


# ---------------------------------------------------------------- bot

def test_bot_empty_question_is_usage_error(tmp_path):
    result = run_cli("bot", "ask", "", env=cli_env(IVIG_INDEX=tmp_path / "none"))
    assert result.returncode == 2
    assert "error: the question is empty" in result.stderr


def test_bot_over_long_question_is_usage_error(tmp_path):
    result = run_cli("bot", "ask", "why " * 600, env=cli_env(IVIG_INDEX=tmp_path / "none"))
    assert result.returncode == 2
    assert "2,000" in result.stderr and "Traceback" not in result.stderr


def test_bot_missing_index_says_how_to_build(tmp_path):
    missing = tmp_path / "no-index"
    result = run_cli("bot", "ask", "How does IVIG work in ITP?", env=cli_env(IVIG_INDEX=missing))
    assert result.returncode == 1
    assert f"no index at {missing}" in result.stderr and "python -m index build" in result.stderr
    assert "Traceback" not in result.stderr
    # the flag wins over the environment variable
    flagged = run_cli("bot", "ask", "How does IVIG work in ITP?", "--index", tmp_path / "other",
                      env=cli_env(IVIG_INDEX=missing))
    assert flagged.returncode == 1 and str(tmp_path / "other") in flagged.stderr


@pytest.fixture(scope="module")
def ask_json(slow):
    result = slow[0]["ask_json"]
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_bot_ask_json(ask_json, stored):
    data = ask_json
    assert {"abstained", "emergency", "citations", "retrieved", "latency_ms"} <= set(data)
    assert data["abstained"] is False and data["emergency"] is False
    assert data["retrieved"][0] == "ivig-immune-thrombocytopenia"
    assert isinstance(data["latency_ms"], (int, float)) and data["latency_ms"] > 0
    reply = data["answer"] if "answer" in data else data["text"]
    assert data["citations"] and "[1]" in reply and "Fc receptor" in reply
    assert data["sentences"] and all(s["text"] in reply and s["citations"] for s in data["sentences"])
    for citation in data["citations"]:
        doc = stored.documents[citation["doc_id"]]
        assert citation["passage"] == doc.text[citation["start"]:citation["end"]]
        assert {"n", "doc_id", "title", "passage", "start", "end", "highlights"} <= set(citation)
        for start, end in citation["highlights"]:
            assert citation["start"] <= start < end <= citation["end"]


def test_bot_ask_json_has_the_answer_key(ask_json):
    assert ANSWER_KEYS <= set(ask_json)
    assert "[1]" in ask_json["answer"]


def test_bot_ask_text_with_history(slow):
    result = slow[0]["ask_text"]
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())                     # the text is wrapped at 100 columns
    assert "(searched as: how fast does it work? (about ITP))" in out
    assert "24 hours" in out and "Sources:" in out
    assert "[1] How does intravenous immunoglobulin (IVIG) work in immune thrombocytopenia (ITP)?" in out
    assert "not medical advice" in out


# ---------------------------------------------------------------- index

def test_index_build_empty_corpus(tmp_path):
    (tmp_path / "corpus").mkdir()
    result = run_cli("index", "build", "--corpus", tmp_path / "corpus", "--index", tmp_path / "idx", "--quiet")
    assert result.returncode == 1
    assert f"error: no usable documents in {tmp_path / 'corpus'}" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "idx" / "CURRENT").exists()


def test_index_build_missing_corpus(tmp_path):
    result = run_cli("index", "build", "--corpus", tmp_path / "nope", "--index", tmp_path / "idx")
    assert result.returncode == 1 and "does not exist" in result.stderr


def test_index_build_bad_parameters_are_usage_errors(tmp_path):
    result = run_cli("index", "build", "--corpus", TINY, "--index", tmp_path / "idx", "--max-tokens", "8")
    assert result.returncode == 2 and "max_tokens must be at least 32" in result.stderr


def test_index_build_partial_corpus(slow):
    result, paths = slow[0]["partial"], slow[1]
    corpus, root = paths["corpus"], paths["index"]
    assert result.returncode == 3, result.stderr
    assert "skipped bad.txt: not UTF-8 text" in result.stdout
    assert "1 added" in result.stdout and "1 skipped" in result.stdout
    assert "built with skipped files: 1 documents" in result.stdout
    assert (root / "CURRENT").is_file()
    assert not (paths["base"] / "not-this-one").exists()                       # --index wins over IVIG_INDEX
    stored = load_index(root)
    assert list(stored.documents) == ["good"] and stored.manifest["skipped"][0]["source"] == "bad.txt"

    status = run_cli("index", "status", "--corpus", corpus, "--index", root, "--json")
    assert status.returncode == 0, status.stderr
    info = json.loads(status.stdout)
    assert info["up_to_date"] is True and info["documents"] == 1
    (corpus / "new.txt").write_text("A new note\n\nIVIG is stored in a fridge before use.\n")
    info = json.loads(run_cli("index", "status", "--corpus", corpus, "--index", root, "--json").stdout)
    assert info["up_to_date"] is False and info["added"] == ["new"]

    verify = run_cli("index", "verify", "--index", root)
    assert verify.returncode == 0 and "OK: 1 documents" in verify.stdout


def test_index_verify_catches_a_damaged_build(tmp_path, tiny_index_template):
    _, template = tiny_index_template
    root = tmp_path / "idx"
    shutil.copytree(template, root)
    build = root / "builds" / (root / "CURRENT").read_text().strip()
    rows = [json.loads(line) for line in (build / "documents.jsonl").read_text().splitlines()]
    (build / "documents.jsonl").write_text("".join(json.dumps(row, indent=None, separators=(", ", " : ")) + "\n"
                                                   for row in rows))   # still readable, but not what was built
    result = run_cli("index", "verify", "--index", root)
    assert result.returncode == 1 and "FAILED verification" in result.stdout
    assert "documents.jsonl" in result.stdout


def test_index_status_missing_index(tmp_path):
    result = run_cli("index", "status", "--index", tmp_path / "none", "--corpus", TINY)
    assert result.returncode == 1 and "python -m index build" in result.stderr


# ---------------------------------------------------------------- eval

def test_eval_writes_results(slow):
    result, out = slow[0]["eval"], slow[1]["out"]
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    testset = [json.loads(line) for line in (DATA / "testset.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == [case["id"] for case in testset]
    required = {"id", "question", "answer", "abstained", "emergency", "citations", "retrieved", "latency_ms"}
    for row, case in zip(rows, testset):
        assert required <= set(row)
        assert row["question"] == case["question"]
    by_id = {r["id"]: r for r in rows}
    assert by_id["unanswerable-rituximab"]["abstained"] is True
    assert by_id["emergency-throat"]["emergency"] is True
    assert by_id["itp-mechanism"]["citation_problems"] == []
    summary = json.loads((out / "metrics.json").read_text())
    measured = [r for r in rows if r["expected_sources"] and r["answerable"] and not r["expected_emergency"]]
    expected_hit1 = sum(hit_at(r["retrieved"], r["expected_sources"], 1) for r in measured) / len(measured)
    assert summary["hit@1"] == pytest.approx(expected_hit1)
    assert summary["questions"] == 4
    lines = {line.split()[0]: line.split()[1] for line in result.stdout.splitlines() if line.strip()
             and len(line.split()) >= 2}
    assert "hit@1" in lines and float(lines["hit@1"]) == pytest.approx(expected_hit1)
    assert f"results: {out}/results.jsonl" in result.stdout


def test_eval_missing_index_and_bad_testset(tmp_path):
    result = run_cli("eval", "--testset", DATA / "testset.jsonl", "--out", tmp_path / "run", "--quiet",
                     env=cli_env(IVIG_INDEX=tmp_path / "none"))
    assert result.returncode == 1 and "python -m index build" in result.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question": "no id"}\n')
    result = run_cli("eval", "--testset", bad, "--out", tmp_path / "run", env=cli_env(IVIG_INDEX=tmp_path / "none"))
    assert result.returncode == 1 and "needs an 'id'" in result.stderr
