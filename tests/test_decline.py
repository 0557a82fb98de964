"""A decline is short on any corpus size: the few closest documents (or a maintainer's topics), cleaned."""
from __future__ import annotations

import pytest

from bot.__main__ import render_text
from bot.types import MAX_COVERS, Answer, clean_topic

LIMIT = 600


def test_decline_stays_short_whatever_it_is_given():
    answer = Answer("q", abstained=True, abstain_reason="they don't mention " + "word, " * 300,
                    covers=tuple(f"Title {i} [4] " + "long words " * 50 for i in range(2000)))
    assert len(answer.decline) < LIMIT
    assert "[4]" not in answer.decline and "Title 2" in answer.decline and "Title 3" not in answer.decline


def test_a_title_that_is_a_question_ends_the_list_without_a_second_stop():
    answer = Answer("q", abstained=True, abstain_reason="they don't mention gout",
                    covers=("IVIG for long COVID", "How does IVIG work in ITP?"))
    assert "They cover: IVIG for long COVID; How does IVIG work in ITP? " in answer.decline
    assert "?." not in answer.decline
    assert "They cover: IVIG for long COVID. " in Answer("q", abstained=True, covers=("IVIG for long COVID",)).decline


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


# ---------------------------------------------------------------- a message whose parts are all declined

LONG = 300      # characters of each document's title, reference markers included


@pytest.fixture(scope="module")
def long_titles(tmp_path_factory, embedder):
    """30 documents whose titles are 300 characters of snippet text with `[4]` markers, no maintainer topics."""
    from bot import Bot
    from index import build_index

    base = tmp_path_factory.mktemp("long-titles")
    corpus = base / "corpus"
    corpus.mkdir()
    subjects = ["kidney", "headache", "vaccine", "platelet", "pregnancy", "muscle", "fever", "rash", "liver", "lung"]
    for i in range(30):
        subject = subjects[i % len(subjects)]
        title = f"Monitoring the {subject} during immunoglobulin infusions, part {i} [4] "
        title = (title * (LONG // len(title) + 1))[:LONG]
        (corpus / f"doc{i:02d}.txt").write_text(
            f"{title}\n\nThe {subject} is checked before each infusion of immunoglobulin [4]. Nurses look at the "
            f"{subject} again after the infusion [2, 3], part {i}.\n")
    build_index(corpus, base / "index", embedder=embedder, progress=False)
    return Bot(str(base / "index"), embedder=embedder)


THREE_DECLINED = ("What is the capital of Australia? And who won the football world cup in 1966? "
                  "Also how do I bake sourdough bread?")


def test_a_message_declined_in_every_part_is_one_short_decline(long_titles):
    from ui.render import announcement, answer_message

    answer = long_titles.ask(THREE_DECLINED)
    assert len(answer.parts) == 3 and all(p.abstained and p.abstain_reason for p in answer.parts)
    assert answer.abstained and answer.shown_parts == ()
    # one decline for the whole message, under the limit with everything the edges show
    assert answer.text == answer.decline and len(answer.text) < LIMIT
    assert len(announcement(answer)) < LIMIT and answer_message(answer).count('class="ivig-decline"') == 1
    assert render_text(answer).count("don't cover") == 1
    # it names what was not covered, and a few of the documents that are there, without markers
    assert answer.parts[0].abstain_reason in answer.decline
    assert "[4]" not in answer.decline and 1 <= len(answer.covers) <= MAX_COVERS
    assert all(clean_topic(c) in answer.decline for c in answer.covers)
    # the structured answer keeps each part's own reason and closest topics for the edges
    record = answer.to_record(1.0)
    assert [p["abstain_reason"] for p in record["parts"]] == [p.abstain_reason for p in answer.parts]
    assert all(p.covers for p in answer.parts)


def test_a_merged_decline_stays_short_whatever_its_parts_say():
    from bot.types import combine

    parts = [Answer(f"question {i}?", abstained=True, abstain_reason=f"they don't mention thing{i} " + "x" * 200,
                    covers=tuple(f"Title {i}.{j} [4] " + "long words " * 40 for j in range(3))) for i in range(3)]
    answer = combine("one message", parts)
    assert answer.abstained and len(answer.text) < LIMIT and "[4]" not in answer.text
    # each part's closest topic comes before any part's second one
    assert [c.split(" [")[0] for c in answer.covers] == ["Title 0.0", "Title 1.0", "Title 2.0"]
    assert [p.abstain_reason for p in answer.parts] == [p.abstain_reason for p in parts]


def test_an_answered_part_keeps_the_other_parts_own_decline(bot):
    answer = bot.ask("Is IVIG used for myasthenia gravis? And does it cure diabetes?")
    assert not answer.abstained and answer.shown_parts == answer.parts
    assert answer.parts[1].decline in answer.text and answer.text.count("don't cover") == 1
