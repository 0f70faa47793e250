"""Tests of the cross-validation (folds, no leakage), the neural event model and ``composer evaluate``."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from composer.cli import main
from composer.errors import ModelError
from composer.models import evaluate as E
from composer.models.multiview import MultiViewpointModel
from composer.models.neural_events import EventNeuralModel, copy_features
from tests.models.tiny import event_corpus, event_melody

CORPUS = event_corpus(12)
ALPHABET = np.arange(50, 90)
FAST = {"epochs": 4, "hidden": 8, "context": 3}


@settings(max_examples=30)
@given(st.integers(2, 40), st.integers(0, 100))
def test_folds_partition_the_melodies(n, seed):
    k = min(n, 10)
    parts = E.folds(n, k, seed)
    allidx = np.concatenate(parts)
    assert len(parts) == k and sorted(allidx.tolist()) == list(range(n))
    assert max(map(len, parts)) - min(map(len, parts)) <= 1
    assert all(np.array_equal(a, b) for a, b in zip(parts, E.folds(n, k, seed)))


def test_too_many_folds_is_an_error():
    with pytest.raises(ModelError, match="cannot make 5 folds of 3"):
        E.folds(3, 5)


def test_no_test_melody_is_ever_trained_on(monkeypatch):
    seen: list[set[int]] = []
    predicted: list[set[int]] = []

    def record(cls_fit):
        def fit(self, melodies, **kw):
            seen.append({id(m) for m in melodies})
            return cls_fit(self, melodies, **kw)
        return fit

    monkeypatch.setattr(MultiViewpointModel, "fit", record(MultiViewpointModel.fit))
    monkeypatch.setattr(EventNeuralModel, "fit", record(EventNeuralModel.fit))
    real_predict = MultiViewpointModel.predict

    def predict(self, melody, **kw):
        predicted.append(id(melody))
        return real_predict(self, melody, **kw)

    monkeypatch.setattr(MultiViewpointModel, "predict", predict)
    cv = E.cross_validate(CORPUS, n_folds=4, neural_options=FAST)
    assert len(seen) == 8  # one Markov and one neural fit per fold
    folds = E.folds(len(CORPUS), 4, 0)
    for f, test in enumerate(folds):
        test_ids = {id(CORPUS[i]) for i in test}
        for trained in seen[2 * f: 2 * f + 2]:
            assert not trained & test_ids
            assert len(trained) == len(CORPUS) - len(test)
    assert sorted(predicted) == sorted(id(m) for m in CORPUS)  # every melody predicted exactly once
    assert set(cv.bits) == {"markov", "neural", "combined"}
    assert all(len(b) == cv.n_notes == sum(len(m) for m in CORPUS) for b in cv.bits.values())
    assert all(np.all(np.isfinite(b)) and np.all(b >= 0) for b in cv.bits.values())


def test_unknown_model_is_named():
    with pytest.raises(ModelError, match="unknown model 'lstm'"):
        E.cross_validate(CORPUS, n_folds=3, models=["lstm"])


@pytest.fixture(scope="module")
def neural():
    return EventNeuralModel(ALPHABET, **FAST).fit(CORPUS, seed=0)


@settings(max_examples=15)
@given(st.lists(st.integers(52, 86), min_size=3, max_size=10), st.integers(0, 11))
def test_neural_rows_are_distributions_and_causal(neural, pitches, tonic):
    m = event_melody(pitches, [0.5] * len(pitches), tonic=tonic)
    p = neural.predict(m)
    assert p.shape == (len(pitches), len(ALPHABET)) and np.allclose(p.sum(1), 1.0)
    changed = event_melody(pitches[:-1] + [pitches[0]], [0.5] * len(pitches), tonic=tonic)
    assert np.array_equal(p[:-1], neural.predict(changed)[:-1])


def test_copy_features_count_only_the_past():
    rel = np.array([0, 2, 4, 0, 2, 4, 0, 2])
    f = copy_features(rel, 6)
    assert np.all(f[0] == 0)
    # note 4 follows (0, 2) as note 1..2 did: the order-2 pitch feature points at 4
    assert f[5, 4, 2] == pytest.approx(np.log(2)) and f[5, 0, 2] == 0
    # changing the last note does not change any feature
    other = rel.copy()
    other[-1] = 5
    assert np.array_equal(f, copy_features(other, 6))


def test_neural_training_is_deterministic_for_a_seed():
    a = EventNeuralModel(ALPHABET, **FAST).fit(CORPUS, seed=3)
    b = EventNeuralModel(ALPHABET, **FAST).fit(CORPUS, seed=3)
    assert np.array_equal(a.net.W1, b.net.W1) and np.array_equal(a.predict(CORPUS[0]), b.predict(CORPUS[0]))


def test_evaluate_command_on_a_small_corpus(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COMPOSER_CACHE_DIR", str(tmp_path / "cache"))
    songs = tmp_path / "songs"
    songs.mkdir()
    tunes = []
    for i, body in enumerate(["CDEF GABc | cBAG FEDC |", "GABc dcBA | GFED C4 |", "EFGA GFED | CDEF G4 |",
                              "cBAG FGAB | c2G2 E2C2 |", "CEGc GEC2 | DFAd AFD2 |", "GGAA BBcc | dcBA G4 |"]):
        tunes.append(f"X:{i + 1}\nT:t{i}\nM:4/4\nL:1/8\nK:C\n{body} {body}]\n")
    (songs / "tunes.abc").write_text("\n".join(tunes))
    manifest = tmp_path / "mine.yaml"
    manifest.write_text("name: mine\nlicence: mine\nsources:\n  - path: songs\n")
    assert main(["evaluate", "--corpus", str(manifest), "--folds", "3", "--models", "markov", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["melodies"] == 6 and out["notes"] == 2 * (16 + 13 + 13 + 12 + 14 + 13) and out["folds"] == 3
    assert 0 < out["bits_per_note"]["markov"] < np.log2(13)
    assert main(["evaluate", "--corpus", str(manifest), "--folds", "30"]) == 1
    assert "cannot make 30 folds" in capsys.readouterr().err
