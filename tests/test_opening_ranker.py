"""The opening's learned ranker (bot/extractive/opening.py) and its training script (bot/train_opening.py).

No ranker file ships (it did not beat the hand rules on sets it had not seen: the script's table), so these check
that the machinery measures what it claims: the candidates it records are the ones the answer opens among, a file
that is named is read and chooses the opening, a file of other features is refused, and the fit learns a feature
that tells positives from negatives.
"""
from __future__ import annotations

import json

import numpy as np
import pytest

import settings
from bot import train_opening
from bot.extractive import opening

QUESTION = "How fast does IVIG work in ITP?"


@pytest.fixture()
def recording():
    opening.RECORD = []
    yield opening.RECORD
    opening.RECORD = None


def _write(path, weights, features=opening.FEATURES):
    np.savez(path, features=np.array(features), weights=np.asarray(weights, dtype=float),
             mean=np.zeros(len(features)), scale=np.ones(len(features)),
             trained_on=np.array(json.dumps(["a test"])), source=np.array("a test"))
    return path


def test_no_ranker_file_is_named_by_default(monkeypatch):
    monkeypatch.delenv(settings.OPENING_MODEL_ENV, raising=False)
    assert settings.opening_model() is None and opening.load() is None


def test_the_recorded_candidates_are_those_the_answer_opens_among(bot, recording, monkeypatch):
    monkeypatch.delenv(settings.OPENING_MODEL_ENV, raising=False)
    answer = bot.ask(QUESTION)
    assert recording, "compose() recorded nothing"
    group = recording[0]
    assert group["texts"][0] == answer.sentences[0].text          # the rules' opening comes first
    rows = np.asarray(group["rows"])
    assert rows.shape == (len(group["texts"]), len(opening.FEATURES)) and np.isfinite(rows).all()
    rule = opening.FEATURES.index("rule_pick")
    assert rows[0, rule] == 1.0 and rows[1:, rule].sum() == 0


def test_a_named_ranker_file_chooses_the_opening(bot, recording, monkeypatch, tmp_path):
    """A ranker that prefers the shortest candidate opens with it, where the rules open with another."""
    monkeypatch.delenv(settings.OPENING_MODEL_ENV, raising=False)
    rules = bot.ask(QUESTION).sentences[0].text
    texts = recording[0]["texts"]
    shortest = min(texts, key=lambda t: len(t.split()))
    assert shortest != rules                      # otherwise this test could not tell the ranker from the rules
    weights = [-1.0 if name == "words" else 0.0 for name in opening.FEATURES]
    monkeypatch.setenv(settings.OPENING_MODEL_ENV, str(_write(tmp_path / "shortest.npz", weights)))
    assert bot.ask(QUESTION).sentences[0].text == shortest


def test_a_ranker_file_of_other_features_is_not_read(tmp_path):
    path = _write(tmp_path / "old.npz", [1.0, 0.0], features=("gap", "something else"))
    assert opening.load(str(path)) is None
    assert opening.load(str(_write(tmp_path / "new.npz", np.ones(len(opening.FEATURES))))) is not None


def test_the_fit_learns_which_feature_tells_the_opening():
    """Questions whose positive candidate is the one with the highest second feature (the first is noise): the fit
    weighs the second, and picks the positive of questions it was not trained on."""
    rng = np.random.default_rng(0)

    def question():
        rows = rng.normal(size=(5, 2))
        labels = [bool(x) for x in rows[:, 1] == rows[:, 1].max()]
        return {"set": "s", "rows": rows.tolist(), "labels": labels, "opened": labels[0]}

    model = train_opening.fit([question() for _ in range(60)], l2=1.0)
    assert model[0][1] > abs(model[0][0])
    unseen = [question() for _ in range(40)]
    assert sum(train_opening.chosen(r, model) for r in unseen) >= 36
    assert sum(train_opening.chosen(r, None) for r in unseen) < 20          # the first candidate, by chance


def test_the_script_wants_features_to_reuse(tmp_path):
    with pytest.raises(SystemExit) as exit_:
        train_opening.main(["--reuse", "--dump", str(tmp_path / "none.json")])
    assert exit_.value.code == 2
