"""Documents sharing a title (several answers about one subject) meet the fusion with their group's best BM25 score
(bot/title_groups.py): the subject's name, repeated in one answer, must not decide which of its answers comes first."""
from __future__ import annotations

import json

import numpy as np
import pytest

from bot.retrieval import DEFAULT_ALPHA, HybridRetriever, ranked_documents
from bot.title_groups import UNGROUPED, chunk_groups, grouped_max, title_key

# Three answers about gout (one of them titled in lower case), and two other subjects. The treatment answer says
# "gout" over and over, the symptoms answer describes the attack and names it once.
ANSWERS = [
    ("gout-what", "Gout", "Gout is a kind of arthritis. It happens when uric acid, a waste product in the blood, "
                          "forms sharp crystals inside a joint."),
    ("gout-signs", "Gout", "The first signs are sudden, severe pain and swelling in one joint, very often the big "
                           "toe, usually starting at night. The skin over the joint looks red or purple and feels "
                           "hot, and even the weight of a bed sheet hurts. An attack of gout fades within a week or "
                           "two."),
    ("gout-care", "gout", "Gout care: a gout flare is treated with anti-inflammatory pills, colchicine or steroid "
                          "shots. To prevent gout from coming back, gout patients take allopurinol, which lowers "
                          "uric acid, and gout clinics advise less beer and red meat. Gout that is left untreated "
                          "can lead to more gout attacks."),
    ("stones", "Kidney stones", "Kidney stones are hard deposits of minerals and salts that form inside the "
                                "kidneys. Passing a stone can be very painful."),
    ("psoriasis", "Psoriasis", "Psoriasis is a skin disease that causes red, itchy, scaly patches, most commonly "
                               "on the knees, elbows, trunk and scalp."),
]
# the story names the drug of the treatment answer, which pulls BM25 (and the plain fusion) to it
QUESTION = "My father's doctor thinks he has gout and put him on allopurinol. What symptoms should we watch for?"


@pytest.fixture(scope="module")
def answers(tmp_path_factory, embedder):
    from index import build_index, load_index

    base = tmp_path_factory.mktemp("title-groups")
    corpus = base / "corpus"
    corpus.mkdir()
    with open(corpus / "answers.jsonl", "w", encoding="utf-8") as handle:
        for doc_id, title, text in ANSWERS:
            handle.write(json.dumps({"_id": doc_id, "title": title, "text": text}) + "\n")
    build_index(corpus, base / "index", embedder=embedder, progress=False, full=True)
    return load_index(base / "index")


def _first(stored, embedder, alpha=DEFAULT_ALPHA, *, grouped=True):
    retriever = HybridRetriever(stored, embedder, alpha=alpha)
    if not grouped:
        retriever.groups[:] = UNGROUPED
    return ranked_documents(retriever.search(QUESTION, 10))


def test_a_shared_title_groups_its_documents_whatever_the_case(answers):
    groups = chunk_groups(answers.documents, answers.chunks)
    by_doc = {c.doc_id: int(g) for c, g in zip(answers.chunks, groups)}
    assert by_doc["gout-what"] == by_doc["gout-signs"] == by_doc["gout-care"] != UNGROUPED
    assert by_doc["stones"] == by_doc["psoriasis"] == UNGROUPED
    assert title_key("Cat  Scratch Disease") == title_key("cat scratch disease")
    assert title_key("Sjögren syndrome") == title_key("Sjogren Syndrome")


def test_the_answer_to_the_question_comes_first_not_the_one_repeating_the_name(answers, embedder):
    # the corpus does what the module's docstring says: BM25 alone, and the plain fusion, put the repeating answer
    # first (so the next assertion fails if the groups are dropped)
    assert _first(answers, embedder, 0.0)[0] == "gout-care"
    assert _first(answers, embedder, grouped=False)[0] == "gout-care"
    assert _first(answers, embedder)[0] == "gout-signs"
    assert _first(answers, embedder, 1.0)[0] == "gout-signs"


def test_bm25_still_picks_the_subject_against_other_subjects(answers, embedder):
    ranked = _first(answers, embedder)
    assert set(ranked[:3]) == {"gout-what", "gout-signs", "gout-care"}


def test_pure_bm25_and_pure_dense_keep_their_own_order(answers, embedder):
    vector = embedder.encode_query(QUESTION)
    for alpha in (0.0, 1.0):
        retriever = HybridRetriever(answers, embedder, alpha=alpha)
        grouped = [h.chunk.id for h in retriever.search(QUESTION, 10, query_vector=vector)]
        retriever.groups[:] = UNGROUPED
        assert [h.chunk.id for h in retriever.search(QUESTION, 10, query_vector=vector)] == grouped


def test_distinct_titles_change_nothing(stored):
    # the IVIG documents: each title its own, so every chunk is ungrouped and the fusion is the plain one
    assert (chunk_groups(stored.documents, stored.chunks) == UNGROUPED).all()


def test_grouped_max():
    scores = np.array([1.0, 5.0, 2.0, 3.0, 0.5])
    groups = np.array([0, 0, UNGROUPED, 1, 1])
    assert grouped_max(scores, groups).tolist() == [5.0, 5.0, 2.0, 3.0, 3.0]
    assert grouped_max(scores, np.full(5, UNGROUPED)) is scores
