"""What an outside tester throws at the edges: test sets of the wrong shape, paths that are no folder,
broken pipes, damaged manifests and garbage in the settings. Each gets one clear line and a meaningful
exit code, and no work is lost. Nothing here loads the model beyond the shared fixtures."""
from __future__ import annotations

import json

import pytest

from helpers import DATA, cli_env, run_cli


# ---------------------------------------------------------------- a test set of the wrong shape

def _testset(tmp_path, *lines) -> str:
    path = tmp_path / "testset.jsonl"
    path.write_text(json.dumps({"id": "ok", "question": "What is IVIG?"}) + "\n"
                    + "".join(json.dumps(line) + "\n" for line in lines))
    return path


@pytest.mark.parametrize("line,message", [
    ({"id": {"a": 1}, "question": "What is IVIG?"}, "'id' must be text or a whole number"),
    ({"id": ["a"], "question": "What is IVIG?"}, "'id' must be text or a whole number"),
    ({"id": "ok", "question": "What is IVIG?"}, "duplicate id 'ok'"),
    ({"id": "b", "question": "What is IVIG?", "expected_facts": [1, None]}, "'expected_facts' must be a list of text"),
    ({"id": "b", "question": "What is IVIG?", "expected_sources": [["x"]]}, "'expected_sources' must be a list of text"),
    ({"id": "b", "question": "What is IVIG?", "answerable": "false"}, "'answerable' must be true or false"),
    ({"id": "b", "question": "What is IVIG?", "emergency": 1}, "'emergency' must be true or false"),
    ({"id": "b", "question": "What is IVIG?", "category": {"x": 1}}, "'category' must be text"),
])
def test_testset_fields_of_the_wrong_type_name_their_line(tmp_path, line, message):
    from eval.runner import TestsetError, load_testset

    with pytest.raises(TestsetError, match=f"testset.jsonl:2: {message}"):
        load_testset(_testset(tmp_path, line))


def test_testset_id_zero_is_an_id(tmp_path):
    from eval.runner import load_testset

    path = tmp_path / "testset.jsonl"
    path.write_text('{"id": 0, "question": "What is IVIG?"}\n')
    assert [c.id for c in load_testset(path)] == ["0"]


def test_testset_ids_that_read_alike_are_duplicates(tmp_path):
    """results.jsonl and the reports key rows by str(id): 5 and "5" would be one row."""
    from eval.runner import TestsetError, load_testset

    path = tmp_path / "testset.jsonl"
    path.write_text('{"id": 5, "question": "What is IVIG?"}\n{"id": "5", "question": "What is ITP?"}\n')
    with pytest.raises(TestsetError, match="testset.jsonl:2: duplicate id '5'"):
        load_testset(path)


def test_testset_that_is_not_utf8_names_its_line(tmp_path):
    from eval.runner import TestsetError, load_testset

    path = tmp_path / "testset.jsonl"
    path.write_bytes(b'{"id": "a", "question": "What is IVIG?"}\n{"id": "b", "question": "caf\xe9?"}\n')
    with pytest.raises(TestsetError, match=r"testset.jsonl:2: not UTF-8 text"):
        load_testset(path)


@pytest.mark.parametrize("where,message", [("folder", "is a folder, not a file"), ("missing", "does not exist"),
                                           ("device", "is not a regular file")])
def test_testset_path_that_is_no_file(tmp_path, where, message):
    """--testset /dev/zero (or a pipe) was called missing."""
    from eval.runner import TestsetError, load_testset

    path = {"folder": tmp_path, "missing": tmp_path / "none.jsonl", "device": "/dev/zero"}[where]
    with pytest.raises(TestsetError, match=message):
        load_testset(path)


def test_every_shipped_test_set_still_loads():
    from eval.runner import load_testset

    shipped = [*sorted((DATA.parent.parent / "eval").glob("*.jsonl")), *sorted(DATA.glob("*.jsonl"))]
    sets = [p for p in shipped if '"question"' in p.read_text(encoding="utf-8").split("\n", 1)[0]]
    assert len(sets) >= 8
    for path in sets:
        assert load_testset(path)


# ---------------------------------------------------------------- eval: the run's folder is checked first

def test_eval_out_that_is_a_file_fails_before_any_question_is_run(tmp_path):
    """Found at the end, after every answer was computed, it lost the whole run with a traceback."""
    taken = tmp_path / "taken"
    taken.write_text("not a folder")
    result = run_cli("eval", "--testset", DATA / "testset.jsonl", "--out", taken, "--quiet",
                     env=cli_env(IVIG_INDEX=tmp_path / "none"))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"error: cannot write the run to {taken}" in result.stderr
    assert "python -m index build" not in result.stderr        # refused before the index was looked at


# ---------------------------------------------------------------- numbers that are no numbers

@pytest.mark.parametrize("bound", ["nan", "inf", "-inf"])
def test_quality_gate_bound_must_be_finite(bound):
    """A NaN bound compares false with every figure: the gate could never fail."""
    from eval import gates

    with pytest.raises(gates.GateUsageError, match="is not a finite number"):
        gates.parse(gates.UNDER, [f"hit@1={bound}"])


@pytest.mark.parametrize("name,function", [
    ("IVIG_THRESHOLD", "threshold"), ("IVIG_RELOAD_SECONDS", "reload_seconds"), ("IVIG_STALE_YEARS", "stale_years"),
])
@pytest.mark.parametrize("raw", ["nan", "inf", "-inf", "1e400"])
def test_number_settings_refuse_values_that_are_not_finite(monkeypatch, name, function, raw):
    """NaN turned abstention by score or the reload check off without a word; infinity crashed the
    reload thread (a wait too long for the platform)."""
    import settings

    monkeypatch.setenv(name, raw)
    with pytest.raises(ValueError, match=name):
        getattr(settings, function)()


def test_threshold_flag_is_checked_like_the_variable():
    import settings

    with pytest.raises(ValueError, match="finite"):
        settings.threshold(float("nan"))


def test_reload_seconds_has_an_upper_limit(monkeypatch):
    import settings

    monkeypatch.setenv("IVIG_RELOAD_SECONDS", "1e12")
    with pytest.raises(ValueError, match="IVIG_RELOAD_SECONDS"):
        settings.reload_seconds()
    monkeypatch.setenv("IVIG_RELOAD_SECONDS", "3600")
    assert settings.reload_seconds() == 3600


@pytest.mark.parametrize("raw", ["abc", "-1", "0", "65536", "99999", "1.5"])
def test_port_garbage_names_the_variable(monkeypatch, raw):
    import settings

    monkeypatch.setenv("GRADIO_SERVER_PORT", raw)
    with pytest.raises(ValueError, match="GRADIO_SERVER_PORT"):
        settings.port()


def test_port_flag_out_of_range_names_the_flag(monkeypatch):
    import settings

    monkeypatch.delenv("GRADIO_SERVER_PORT", raising=False)
    with pytest.raises(ValueError, match="--port 70000 is not a port"):
        settings.port(70000)
    assert settings.port(8080) == 8080 and settings.port() == 7860


@pytest.mark.parametrize("env,args", [({"GRADIO_SERVER_PORT": "abc"}, []), ({"GRADIO_SERVER_PORT": "-1"}, []),
                                      ({}, ["--port", "99999"]), ({"IVIG_RELOAD_SECONDS": "nan"}, []),
                                      ({"IVIG_ENCODER_CACHE": "/tmp/caf\udce9"}, [])])
def test_app_refuses_a_bad_port_or_setting_with_one_line(tmp_path, env, args):
    """gradio reads GRADIO_SERVER_PORT when imported (a bare int() traceback), and bind() raised
    OverflowError for a port past 65535."""
    import subprocess
    import sys

    from helpers import REPO

    result = subprocess.run([sys.executable, "app.py", "--index", str(tmp_path / "none"), "--no-build", *args],
                            cwd=REPO, env=cli_env(**env), capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("python app.py: error: ")


# ---------------------------------------------------------------- run folders and feedback files that are damaged

@pytest.fixture
def run_folder(tmp_path):
    folder = tmp_path / "run"
    folder.mkdir()
    (folder / "metrics.json").write_text(json.dumps({"hit@1": 1.0}))
    (folder / "results.jsonl").write_text(json.dumps({"id": "a", "pass": True, "answer": "x"}) + "\n")
    return folder


@pytest.mark.parametrize("damage,message", [
    (lambda f: (f / "metrics.json").write_bytes(b"\xff\xfe{}"), "metrics.json is not UTF-8"),
    (lambda f: (f / "metrics.json").write_text("[1, 2]"), "metrics.json is not a JSON object"),
    (lambda f: (f / "results.jsonl").write_text('[1]\n'), "results.jsonl:1 is not a result"),
    (lambda f: (f / "results.jsonl").write_text('{"answer": "no id"}\n'), "results.jsonl:1 is not a result"),
])
def test_compare_names_a_damaged_run_file(run_folder, damage, message):
    from eval.compare import RunFolderError, read_run

    damage(run_folder)
    with pytest.raises(RunFolderError, match=message):
        read_run(run_folder)


def test_compare_a_file_given_as_a_run_folder(run_folder, tmp_path):
    from eval.compare import RunFolderError, read_run

    with pytest.raises(RunFolderError, match="is not a run folder"):
        read_run(run_folder / "metrics.json")


def test_feedback_line_that_is_not_utf8_is_skipped_with_a_warning(tmp_path):
    from eval.feedback import read_votes

    path = tmp_path / "feedback.jsonl"
    good = json.dumps({"query": "How does IVIG work?", "vote": "down", "feedback_id": "f1"})
    path.write_bytes(b"\xff\xfe not text\n" + good.encode() + b"\n")
    votes, warnings = read_votes(path)
    assert [v["feedback_id"] for v in votes] == ["f1"]
    assert warnings == [f"{path}:1: not UTF-8 text, skipped"]


# ---------------------------------------------------------------- the command lines when the system fails

@pytest.mark.parametrize("where", ["file", "under-a-file"])
def test_index_build_into_a_path_that_cannot_be_a_folder(tmp_path, where):
    from helpers import TINY

    taken = tmp_path / "taken"
    taken.write_text("a file")
    index = taken if where == "file" else taken / "index"
    result = run_cli("index", "build", "--corpus", TINY, "--index", index, "--quiet")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == f"error: cannot use {index} as the index folder ({taken} is a file)"


@pytest.mark.parametrize("command", ["index", "eval"])
def test_a_reader_that_goes_away_is_no_traceback(tiny_index_template, run_folder, command):
    """`python -m index status | head -1`: the pipe closes before the output is written."""
    import os
    import subprocess
    import sys

    from helpers import REPO

    _, root = tiny_index_template
    args = ["index", "status", "--index", str(root)] if command == "index" else \
        ["eval", "--compare", str(run_folder), str(run_folder)]
    read, write = os.pipe()
    os.close(read)
    with open(write, "wb") as closed:
        result = subprocess.run([sys.executable, "-m", *args], cwd=REPO,
                                env=cli_env(), stdout=closed, stderr=subprocess.PIPE, text=True, timeout=120)
    assert "Traceback" not in result.stderr and "BrokenPipeError" not in result.stderr, result.stderr
    assert result.returncode == 141


# ---------------------------------------------------------------- metadata of the wrong type loses no document

@pytest.mark.parametrize("where", ["sources.yaml", "front matter"])
@pytest.mark.parametrize("value", ["5", "true", "[1, 2]", "{a: 1}", "2024-01-05"])
def test_a_title_or_publisher_that_is_not_text_keeps_its_document(tmp_path, where, value):
    """`title: 5` in sources.yaml dropped the whole document ('unreadable (AttributeError ...)')."""
    from index import load_corpus

    body = "IVIG is given by infusion.\n\nIt takes a few hours in the clinic."
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    if where == "sources.yaml":
        (corpus / "doc.txt").write_text(body)
        (corpus / "sources.yaml").write_text(f"doc:\n  title: {value}\n  publisher: {value}\n")
    else:
        (corpus / "doc.md").write_text(f"---\ntitle: {value}\npublisher: {value}\n---\n{body}\n")
    loaded = load_corpus(corpus)
    assert not loaded.skipped
    [doc] = loaded.documents
    assert isinstance(doc.title, str) and doc.title and "infusion" in doc.text
    assert isinstance(doc.meta["publisher"], str)


# ---------------------------------------------------------------- a damaged manifest is a damaged build

def _damage_manifest(root, change) -> None:
    from index.store import live_build

    path = live_build(root) / "manifest.json"
    manifest = json.loads(path.read_text())
    change(manifest)
    path.write_text(json.dumps(manifest))


@pytest.mark.parametrize("change,names", [
    (lambda m: m["vocabulary"].update(vectors="!!not base64"), "vocabulary"),
    (lambda m: m["vocabulary"].update(vectors=m["vocabulary"]["vectors"][:40]), "vocabulary"),
    (lambda m: m["vocabulary"].update(words=5), "vocabulary"),
    (lambda m: m["vocabulary"].update(generic=[1, 2]), "vocabulary"),
    (lambda m: m.update(model="x"), "model"),
    (lambda m: m.pop("model"), "model"),
    (lambda m: m.update(glossary=[1, 2]), "glossary"),
    (lambda m: m.update(glossary=[{"term": "ITP"}]), "glossary"),
    (lambda m: m.update(aliases=["Gamunex"]), "aliases"),
    (lambda m: m.update(aliases={"IVIG": "Gamunex"}), "aliases"),
    (lambda m: m.update(aliases={"IVIG": [5]}), "aliases"),
])
def test_a_damaged_manifest_is_refused_when_the_build_loads(tiny, change, names):
    """It loaded, and the bot then failed with a traceback (binascii.Error, TypeError) on every start."""
    from index import load_index
    from index.errors import IndexCorruptError

    _, root = tiny
    _damage_manifest(root, change)
    with pytest.raises(IndexCorruptError, match=f"manifest.json: its '{names}' entry is damaged"):
        load_index(root)


def test_the_previous_build_is_served_when_the_live_manifest_is_damaged(tiny, embedder):
    from index import build_index, load_index

    corpus, root = tiny
    build_index(corpus, root, embedder=embedder, progress=False, full=True)     # a PREVIOUS to fall back on
    _damage_manifest(root, lambda m: m["vocabulary"].update(vectors="!!"))
    stored = load_index(root)
    assert stored.warning and "'vocabulary' entry is damaged" in stored.warning
    result = run_cli("index", "verify", "--index", root)
    assert result.returncode == 1 and "'vocabulary' entry is damaged" in result.stdout, result.stdout + result.stderr


# ---------------------------------------------------------------- chunks longer than the model reads

def test_chunks_longer_than_the_model_reads_are_refused(tmp_path, embedder):
    """--max-tokens 1000000000 built chunks whose text past the model's 256 tokens was never embedded."""
    from helpers import TINY
    from index import build_index
    from index.chunking import ChunkingParams
    from index.errors import BuildUsageError

    with pytest.raises(BuildUsageError, match=f"--max-tokens 100000 is more than the model reads \\({embedder.max_tokens}"):
        build_index(TINY, tmp_path / "index", embedder=embedder, progress=False,
                    params=ChunkingParams(max_tokens=100_000))
    assert not (tmp_path / "index" / "CURRENT").exists()


# ---------------------------------------------------------------- --quiet still says what was left out

@pytest.mark.parametrize("up_to_date", [False, True])
def test_quiet_build_still_lists_each_skipped_file(capsys, up_to_date):
    """Exit 3 says files were skipped; with --quiet the reasons were not printed anywhere."""
    from index.__main__ import _print_report
    from index.build import BuildReport
    from index.documents import Skipped

    report = BuildReport("/idx", "b1", False, "", documents=2, chunks=5, up_to_date=up_to_date,
                         skipped=[Skipped("bad.txt", "not UTF-8 text (bad byte at position 3)")])
    _print_report(report, quiet=True)
    out, err = capsys.readouterr()
    assert "skipped bad.txt: not UTF-8 text (bad byte at position 3)" in out + err
    assert len((out + err).strip().splitlines()) == 2


def test_a_corpus_path_that_is_a_file_is_not_called_missing(tmp_path):
    from index import CorpusError, load_corpus

    path = tmp_path / "notes.txt"
    path.write_text("IVIG")
    with pytest.raises(CorpusError, match=f"corpus folder {path} is a file, not a folder"):
        load_corpus(path)


@pytest.mark.parametrize("content,message", [
    (b'{"question": "What is (are) ITP ?", "focus": "ITP", "answer": "x"}\nnot json\n', "qa.jsonl:2: not a JSON line"),
    (b'\xff\xfe\n', "qa.jsonl:1: not a JSON line"),
    (b'[1, 2]\n', "qa.jsonl:1: not a MedQuAD record"),
    (b'{"question": 5, "focus": ["x"]}\n', "qa.jsonl:1: not a MedQuAD record"),
])
def test_glossary_script_names_a_bad_input_line(tmp_path, capsys, content, message):
    from scripts.build_glossary import main

    source = tmp_path / "qa.jsonl"
    source.write_bytes(content)
    assert main(["--medquad", str(source), "--out", str(tmp_path / "g.jsonl.gz")]) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "g.jsonl.gz").exists()


def test_a_file_name_that_is_not_utf8_is_skipped_not_fatal(tmp_path):
    """A Latin-1 file name (old archives) failed the whole build, after the embedding, with a
    UnicodeEncodeError writing documents.jsonl."""
    import os

    from index import load_corpus

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("IVIG is given by infusion over a few hours.")
    with open(os.path.join(os.fsencode(corpus), b"caf\xe9.txt"), "wb") as handle:
        handle.write(b"IVIG notes from the cafe study about infusion.")
    loaded = load_corpus(corpus)
    assert [d.id for d in loaded.documents] == ["good"]
    [skipped] = loaded.skipped
    assert skipped.source == "caf\\xe9.txt"
    assert skipped.reason == "the file name is not UTF-8 text: rename it"
    skipped.source.encode("utf-8")          # printable, and writable to the manifest


def test_lone_surrogates_in_a_record_or_front_matter_lose_no_document(tmp_path):
    """JSON and YAML escapes can spell half a character ("\\ud800"): the tokenizer refused it and the
    whole build failed; now it becomes U+FFFD and the document is indexed."""
    from index import load_corpus

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bulk.jsonl").write_text(
        '{"id": "s1", "title": "Bad \\ud800 title", "text": "IVIG text with a lone \\udc80 surrogate."}\n'
        '{"id": "s\\udfff2", "title": "ok", "text": "IVIG second record.", "url": "http://x/\\ud800"}\n')
    (corpus / "fm.md").write_text('---\ntitle: "Front \\ud800 matter"\npublisher: "P \\udfff"\n---\nIVIG body text.\n')
    loaded = load_corpus(corpus)
    assert not loaded.skipped
    docs = {d.id: d for d in loaded.documents}
    assert set(docs) == {"s1", "s\ufffd2", "fm"}
    assert docs["s1"].title == "Bad \ufffd title" and "lone \ufffd surrogate" in docs["s1"].text
    assert docs["fm"].title == "Front \ufffd matter" and docs["fm"].meta["publisher"] == "P \ufffd"
    for doc in docs.values():
        json.dumps([doc.id, doc.title, doc.text, doc.meta], ensure_ascii=False).encode("utf-8")


def test_lone_surrogates_do_not_stop_a_build(tmp_path, embedder):
    from index import build_index, load_index

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bulk.jsonl").write_text('{"id": "s1", "title": "T \\ud800", "text": "IVIG is given by infusion \\udc80."}\n')
    build_index(corpus, tmp_path / "index", embedder=embedder, progress=False)
    assert load_index(tmp_path / "index").documents["s1"].title == "T \ufffd"


def test_testset_line_with_half_a_character_is_refused_before_the_run(tmp_path):
    """A lone surrogate escape ("\\ud800") in a test set line lost the whole run: results.jsonl could
    not be written after every answer was computed."""
    from eval.runner import TestsetError, load_testset

    path = tmp_path / "testset.jsonl"
    path.write_text('{"id": "a", "question": "What is IVIG?"}\n'
                    '{"id": "b", "question": "What is IVIG?", "expected_facts": ["platelet \\ud800"]}\n')
    with pytest.raises(TestsetError, match="testset.jsonl:2: holds half a character"):
        load_testset(path)


@pytest.mark.parametrize("comment", ["half \ud800 a character", 42])
def test_a_comment_the_browser_could_send_is_saved(tmp_path, comment):
    """A browser's string may hold a lone surrogate; it failed the write (UnicodeEncodeError, not the
    OSError the page catches) and the comment was lost."""
    from ui import feedback

    vote = feedback.record({"question": "How does IVIG work?", "answer": None}, "down")
    path = tmp_path / "feedback.jsonl"
    feedback.save(feedback.with_comment(vote, comment), path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["comment"] == ("half ? a character" if isinstance(comment, str) else "42")


@pytest.mark.parametrize("inside", ["idx", ""])
def test_an_index_folder_inside_the_corpus_is_refused(tmp_path, inside):
    """Its documents.jsonl was read back as a bulk corpus file on the next build, and the real files
    were skipped as its duplicates."""
    import shutil

    from helpers import TINY
    from index import build_index
    from index.errors import BuildUsageError

    corpus = tmp_path / "corpus"
    shutil.copytree(TINY, corpus)
    index = corpus / inside if inside else corpus
    with pytest.raises(BuildUsageError, match="is inside the corpus folder"):
        build_index(corpus, index, progress=False)
    assert not (index / "builds").exists()
    result = run_cli("index", "build", "--corpus", corpus, "--index", index, "--quiet")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr


def test_an_index_in_a_hidden_folder_of_the_corpus_is_not_read_and_still_allowed(tmp_path, embedder):
    import shutil

    from helpers import TINY
    from index import build_index

    corpus = tmp_path / "corpus"
    shutil.copytree(TINY, corpus)
    build_index(corpus, corpus / ".index", embedder=embedder, progress=False)
    again = build_index(corpus, corpus / ".index", embedder=embedder, progress=False)
    assert again.up_to_date and not again.skipped


def test_app_on_a_port_in_use_says_so_in_one_line(tmp_path):
    """Starting the chat twice, or on a busy port: gradio's OSError was a traceback."""
    import socket
    import subprocess
    import sys

    from helpers import REPO

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "app.py", "--index", str(tmp_path / "none"), "--no-build",
                                 "--port", str(port)], cwd=REPO, env=cli_env(), capture_output=True, text=True,
                                timeout=120)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        f"python app.py: error: cannot serve on 127.0.0.1:{port}: the port is taken or the address is not this "
        "machine's; choose another with --port / GRADIO_SERVER_PORT or --host / GRADIO_SERVER_NAME")


@pytest.mark.parametrize("raw", ["5", "-2", "99999999999999999999"])
def test_threshold_outside_the_cosine_range_is_refused(monkeypatch, raw):
    """Past 1 every question was declined, below -1 none was declined by score, without a word."""
    import settings

    monkeypatch.setenv("IVIG_THRESHOLD", raw)
    with pytest.raises(ValueError, match="IVIG_THRESHOLD=.* must be between -1 and 1"):
        settings.threshold()
    monkeypatch.setenv("IVIG_THRESHOLD", "0.3")
    assert settings.threshold() == 0.3 and settings.threshold(-1) == -1


@pytest.mark.parametrize("module", ["index", "eval"])
def test_a_full_disk_is_one_error_line(monkeypatch, capsys, tmp_path, module):
    import errno
    import importlib

    cli = importlib.import_module(f"{module}.__main__")

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", "/idx/builds/.b1.partial/vectors.faiss")

    if module == "index":
        monkeypatch.setattr(cli, "_build", full)
        code = cli.main(["build", "--corpus", str(tmp_path), "--index", str(tmp_path / "idx")])
    else:
        monkeypatch.setattr(cli, "compare_runs", full)
        code = cli.main(["--compare", str(tmp_path), str(tmp_path)])
    assert code == 1
    assert capsys.readouterr().err == "error: No space left on device: /idx/builds/.b1.partial/vectors.faiss\n"


# ---------------------------------------------------------------- the chat's start-up never leaves it waiting

@pytest.fixture
def fresh_app(monkeypatch, embedder):
    import threading

    import app

    monkeypatch.setattr(app, "load_embedder", lambda: embedder)
    monkeypatch.setattr(app, "LOADED", threading.Event())
    monkeypatch.setattr(app, "LIVE", None)
    monkeypatch.setattr(app, "STARTUP_ERROR", "")
    monkeypatch.setenv("IVIG_RELOAD_SECONDS", "0")
    return app


def test_an_index_path_that_is_a_file_says_why_the_chat_cannot_answer(fresh_app, tmp_path):
    """`python app.py --index <a file>`: the start-up thread died on NotADirectoryError, and every
    question then waited five minutes for a bot that never came."""
    from helpers import TINY

    taken = tmp_path / "taken"
    taken.write_text("a file")
    fresh_app.start_bot(str(taken), TINY, build=True)
    assert fresh_app.LOADED.is_set()
    assert fresh_app.STARTUP_ERROR == f"cannot use {taken} as the index folder ({taken} is a file)"
    assert fresh_app.status() == {"ready": False, "loading": False, "error": fresh_app.STARTUP_ERROR,
                                  "documents": 0, "build": None}


def test_an_unexpected_start_up_failure_is_reported_not_waited_for(fresh_app, monkeypatch, tmp_path):
    from helpers import TINY

    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(fresh_app, "ensure_current", broken)
    fresh_app.start_bot(str(tmp_path / "index"), TINY, build=True)
    assert fresh_app.LOADED.is_set()
    assert fresh_app.STARTUP_ERROR == "the start-up failed (RuntimeError: a bug); see the server's log"


# ---------------------------------------------------------------- --from-feedback never writes over its inputs

@pytest.mark.parametrize("over", ["testset", "feedback"])
def test_from_feedback_refuses_to_write_over_the_test_set_or_the_votes(tmp_path, capsys, over):
    """The candidates file is replaced on each run: given the test set or the feedback file as --out,
    it wiped them."""
    from eval.__main__ import main

    testset = tmp_path / "testset.jsonl"
    testset.write_text('{"id": "a", "question": "What is IVIG?"}\n')
    votes = tmp_path / "feedback.jsonl"
    votes.write_text(json.dumps({"query": "How fast does IVIG work?", "vote": "down", "feedback_id": "f1"}) + "\n")
    before = {testset: testset.read_text(), votes: votes.read_text()}
    out = testset if over == "testset" else votes
    assert main(["--from-feedback", str(votes), "--testset", str(testset), "--out", str(out)]) == 1
    assert "error: --out" in capsys.readouterr().err
    assert {testset: testset.read_text(), votes: votes.read_text()} == before
