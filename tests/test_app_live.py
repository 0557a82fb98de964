"""The chat stays up: a failed build at start-up leaves it answering from the existing index, a build
made from outside goes live without a restart, and a full queue is refused cleanly ("busy").

Two apps run as `python app.py` subprocesses (test_app's helpers) on copies of the real corpus:
- "swap": started while this test holds the build lock and the corpus has gained a document; it
  answers from the old build, then the test builds the new one from here (another process) and the
  app's next answer comes from it;
- "strained": a corpus broken after its index was built, and a queue of one (IVIG_QUEUE_SIZE=1,
  IVIG_CONCURRENCY=1) that a burst of questions overflows.
"""
from __future__ import annotations

import shutil
import time

import pytest

from test_app import ROOT, start_app, stop, wait_ready

NEW_DOC = "ivig-multifocal-motor-neuropathy"
NEW_TEXT = """IVIG for multifocal motor neuropathy

Multifocal motor neuropathy is a rare nerve disorder that slowly weakens the hands and arms without any \
loss of feeling. IVIG is the first-line treatment for multifocal motor neuropathy. Most patients with \
multifocal motor neuropathy regain grip strength within three weeks of their first IVIG infusion, and \
they usually need maintenance infusions every two to four weeks to keep that strength.
"""
NEW_QUESTION = "Does IVIG help multifocal motor neuropathy?"
SWAP_SECONDS = 180


@pytest.fixture(scope="module")
def swap(tmp_path_factory, embedder):
    from gradio_client import Client

    from index.build import build_index
    from index.lock import BuildLock

    tmp = tmp_path_factory.mktemp("swap")
    corpus, index, log = tmp / "corpus", tmp / "index", tmp / "app.log"
    shutil.copytree(ROOT / "corpus", corpus)
    build_index(corpus, index, embedder=embedder, progress=False)
    (corpus / f"{NEW_DOC}.txt").write_text(NEW_TEXT)          # the index is stale now
    with BuildLock(index):                                      # ... and "another build" is running
        process, url = start_app(["--index", str(index), "--corpus", str(corpus)], log,
                                 {"IVIG_RELOAD_SECONDS": "0.5"})
        try:
            wait_ready(process, url, log)
            client = Client(url, verbose=False)
            first = client.predict(NEW_QUESTION, [], api_name="/ask")    # waits until start-up is over
        except BaseException:
            stop(process)
            raise
    try:
        yield {"client": client, "log": log, "process": process, "corpus": corpus, "index": index, "first": first}
    finally:
        stop(process)


@pytest.fixture(scope="module")
def strained(tmp_path_factory, embedder):
    from gradio_client import Client

    from index.build import build_index

    tmp = tmp_path_factory.mktemp("strained")
    corpus, index, log = tmp / "corpus", tmp / "index", tmp / "app.log"
    shutil.copytree(ROOT / "corpus", corpus)
    build_index(corpus, index, embedder=embedder, progress=False)
    for document in corpus.glob("*.txt"):                       # nothing usable is left to build from
        document.unlink()
    (corpus / "notes.txt").write_text("")
    process, url = start_app(["--index", str(index), "--corpus", str(corpus)], log,
                             {"IVIG_QUEUE_SIZE": "1", "IVIG_CONCURRENCY": "1"})
    try:
        wait_ready(process, url, log)
        yield {"client": Client(url, verbose=False, ssl_verify=False), "log": log}
    finally:
        stop(process)


def test_a_held_lock_leaves_the_chat_answering_from_the_existing_index(swap):
    assert NEW_DOC not in swap["first"]["retrieved"]            # served from the build made before
    answer = swap["client"].predict("How does IVIG work in ITP?", [], api_name="/ask")
    assert not answer["abstained"] and answer["citations"][0]["doc_id"] == "ivig-immune-thrombocytopenia"
    log = swap["log"].read_text()
    assert "warning: the index could not be brought up to date (another build is running" in log
    assert "answering from the existing build" in log and "Traceback" not in log


def test_a_build_made_elsewhere_goes_live_without_a_restart(swap, embedder):
    from index.build import build_index
    from index.lifecycle import live_version

    client = swap["client"]
    old = client.predict(api_name="/status")["build"]
    report = build_index(swap["corpus"], swap["index"], embedder=embedder, progress=False)
    assert report.added == [NEW_DOC] and live_version(swap["index"]) == report.build != old
    deadline = time.monotonic() + SWAP_SECONDS
    while client.predict(api_name="/status")["build"] != report.build:
        if time.monotonic() > deadline:
            pytest.fail(f"the app did not load {report.build}:\n{swap['log'].read_text()}")
        time.sleep(0.2)
    answer = client.predict(NEW_QUESTION, [], api_name="/ask")
    assert answer["retrieved"][0] == NEW_DOC and not answer["abstained"]
    assert {c["doc_id"] for c in answer["citations"]} == {NEW_DOC}
    follow = client.predict("how soon does it work?", [NEW_QUESTION], api_name="/ask")
    assert follow["citations"] and follow["citations"][0]["doc_id"] == NEW_DOC
    assert swap["process"].poll() is None                      # the same process, never restarted
    assert f"New index build {report.build} is live" in swap["log"].read_text()


def test_a_broken_corpus_leaves_the_chat_answering_from_the_existing_index(strained):
    answer = strained["client"].predict("How does IVIG work in ITP?", [], api_name="/ask")
    assert not answer["abstained"] and answer["citations"][0]["doc_id"] == "ivig-immune-thrombocytopenia"
    state = strained["client"].predict(api_name="/status")
    assert state["ready"] and state["documents"] == 5 and not state["error"]
    log = strained["log"].read_text()
    assert "warning: the index could not be brought up to date (no usable documents" in log
    assert "Traceback" not in log


def test_a_full_queue_is_refused_cleanly(strained):
    from gradio_client.utils import QueueError

    client = strained["client"]
    client.predict("What is IVIG?", [], api_name="/ask")        # the bot is loaded
    jobs = [client.submit("What are the side effects of IVIG?", [], api_name="/ask") for _ in range(40)]
    answered, refused = [], []
    for job in jobs:
        try:
            answered.append(job.result(timeout=SWAP_SECONDS))
        except QueueError as exc:
            refused.append(str(exc))
    assert refused and set(refused) == {"Queue is full! Please try again."}
    assert answered and all(a["citations"] and not a["abstained"] for a in answered)
    assert client.predict("How does IVIG work in ITP?", [], api_name="/ask")["citations"]   # and after the burst
    assert "Traceback" not in strained["log"].read_text()
