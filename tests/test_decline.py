"""A decline is short on any corpus size: the few closest documents (or a maintainer's topics), cleaned."""
from __future__ import annotations

import pytest

from bot.types import MAX_COVERS, Answer, clean_topic

LIMIT = 600


def test_decline_stays_short_whatever_it_is_given():
    answer = Answer("q", abstained=True, abstain_reason="they don't mention " + "word, " * 300,
                    covers=tuple(f"Title {i} [4] " + "long words " * 50 for i in range(2000)))
    assert len(answer.decline) < LIMIT
    assert "[4]" not in answer.decline and "Title 2" in answer.decline and "Title 3" not in answer.decline


def test_titles_lose_reference_markers():
    assert clean_topic("IVIG in ITP [4] and MG [2, 3] [5-7].") == "IVIG in ITP and MG"


@pytest.fixture(scope="module")
def many(tmp_path_factory, embedder):
    """40 documents whose titles carry reference markers; the first ten have maintainer topics."""
    from bot import Bot
    from index import build_index

    base = tmp_path_factory.mktemp("many")
    corpus = base / "corpus"
    corpus.mkdir()
    subjects = ["kidney", "headache", "vaccine", "platelet", "pregnancy", "muscle", "fever", "rash", "liver",
                "lung", "heart", "skin", "nerve", "bone", "blood", "eye", "ear", "sleep", "diet", "joint"]
    sidecar = []
    for i in range(40):
        subject = subjects[i % len(subjects)]
        (corpus / f"doc{i:02d}.txt").write_text(
            f"Notes on {subject} care, part {i} [4]\n\nThe {subject} is checked before each infusion of "
            f"immunoglobulin. Doctors look at the {subject} again after the infusion, part {i}.\n")
        if i < 10:
            sidecar.append(f"doc{i:02d}:\n  topic: {subject} care during infusions\n")
    (corpus / "sources.yaml").write_text("".join(sidecar))
    build_index(corpus, base / "index", embedder=embedder, progress=False)
    return Bot(str(base / "index"), embedder=embedder)


def test_bot_decline_names_the_closest_few(many):
    answer = many.ask("What is the capital of Australia?")
    assert answer.abstained and len(answer.decline) < LIMIT
    assert 1 <= len(answer.covers) <= MAX_COVERS and "[4]" not in answer.decline
    assert answer.covers[0] in answer.decline


def test_maintainer_topic_named_instead_of_title(many):
    answer = many.ask("How is the kidney checked during a trip to Mars?")
    assert answer.abstained
    assert "kidney care during infusions" in answer.covers      # doc00's topic, the closest document
    assert not any(c.startswith("Notes on kidney") for c in answer.covers)
