"""Tests of the shipped neural model: distributions, the search export, the numba twin, files, determinism."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from composer.errors import ModelError
from composer.models.mlp import MLP, Samples, train_mlp
from composer.models.neural import JOINT_START, N_JOINT, NeuralModel, default_neural, train_neural
from composer.models.tokens import N_PITCH
from composer.search import _kernels as K
from tests import naive
from tests.models.tiny import token_corpus


@pytest.fixture(scope="module")
def model() -> NeuralModel:
    m, _ = train_neural(token_corpus(), context=3, hidden=16, epochs=5, batch_size=16, seed=1)
    return m


histories = st.lists(st.integers(0, N_JOINT - 1), max_size=6)
attributes = st.fixed_dictionaries({"mode_family": st.integers(0, 1), "meter_family": st.integers(0, 1)})


def _context(history: list[int], c: int) -> np.ndarray:
    ctx = np.full(c, JOINT_START, dtype=np.int64)
    for back in range(1, min(c, len(history)) + 1):
        ctx[back - 1] = history[-back]
    return ctx


@settings(max_examples=40)
@given(histories, attributes)
def test_distribution_sums_to_one(model, history, attrs):
    lp = model.logprob(history, attrs)
    assert lp.shape == (N_PITCH,) and abs(np.exp(lp).sum() - 1) < 1e-9


@settings(max_examples=40)
@given(histories, attributes)
def test_search_tables_numba_and_naive_agree_with_the_model(model, history, attrs):
    first, b1, w2, b2 = model.search_tables(attrs)
    assert first.shape == (3, N_JOINT + 1, 16) and first.dtype == np.float64 and first.flags.c_contiguous
    assert b1.shape == (16,) and w2.shape == (16, N_PITCH) and b2.shape == (N_PITCH,)
    ctx = _context(history, 3)
    out = np.empty(N_PITCH)
    K.neural_pitch_logp(first, b1, w2, b2, ctx, out)
    assert np.allclose(out, naive.neural_pitch_logp(first, b1, w2, b2, ctx), atol=1e-10)
    assert np.allclose(out, model.logprob(history, attrs), atol=1e-10)


def test_attributes_steer_the_model(model):
    major = model.search_tables({"mode": "ionian", "meter": "6/8"})[1]
    minor = model.search_tables({"mode": "aeolian", "meter": "6/8"})[1]
    assert not np.allclose(major, minor)
    with pytest.raises(ModelError, match="unknown model attribute"):
        model.search_tables({"tempo": 3})


def test_save_load_gives_identical_scores(model, tmp_path):
    path = model.save(tmp_path / "n.npz")
    again = NeuralModel.load(path)
    for m in token_corpus():
        assert np.array_equal(model.pitch_sequence_logprob(m), again.pitch_sequence_logprob(m))
    assert again.metadata == model.metadata


def test_training_is_deterministic_for_a_seed():
    kw = dict(context=2, hidden=8, epochs=3, batch_size=8)
    a, _ = train_neural(token_corpus(), seed=4, **kw)
    b, _ = train_neural(token_corpus(), seed=4, **kw)
    c, _ = train_neural(token_corpus(), seed=5, **kw)
    assert np.array_equal(a.net.W1, b.net.W1) and np.array_equal(a.net.W2, b.net.W2)
    assert not np.array_equal(a.net.W1, c.net.W1)


def test_trainer_learns_and_keeps_the_best_epoch():
    rng = np.random.default_rng(0)
    idx = rng.integers(0, 4, size=(400, 1))
    s = Samples(idx, (idx[:, 0] + 1) % 4)  # the output is a function of the input
    net, rep = train_mlp(s.take(np.arange(300)), s.take(np.arange(300, 400)), n_rows=4, n_out=4, hidden=8,
                         epochs=40, batch_size=32, lr=0.03, seed=0)
    assert net.nll(s.take(np.arange(300, 400))) < 0.1
    assert rep.valid_loss[rep.best_epoch - 1] == min(rep.valid_loss)


def test_gradients_match_finite_differences():
    rng = np.random.default_rng(3)
    net = MLP.init(6, 5, 4, 2, rng)
    net.g[:] = [0.3, -0.2]
    s = Samples(rng.integers(0, 6, size=(7, 2)), rng.integers(0, 4, size=7), rng.random((7, 4)) > 0.0,
                rng.random((7, 4, 2)))
    _, grads = net.loss_and_grads(s, 0.0)
    for name in ("W1", "b1", "W2", "b2", "g"):
        arr = getattr(net, name)
        for i in range(min(arr.size, 6)):
            flat = arr.reshape(-1)
            old = flat[i]
            flat[i] = old + 1e-6
            up = net.loss_and_grads(s, 0.0)[0]
            flat[i] = old - 1e-6
            down = net.loss_and_grads(s, 0.0)[0]
            flat[i] = old
            assert abs((up - down) / 2e-6 - grads[name].reshape(-1)[i]) < 1e-5, name


def test_bad_files_are_named(tmp_path):
    with pytest.raises(ModelError, match="not found"):
        NeuralModel.load(tmp_path / "none.npz")
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"junk")
    with pytest.raises(ModelError, match="bad.npz"):
        NeuralModel.load(bad)
    np.savez(tmp_path / "other.npz", x=np.zeros(2))
    with pytest.raises(ModelError, match="not a neural model"):
        NeuralModel.load(tmp_path / "other.npz")


def test_shipped_model_loads_and_exports():
    m = default_neural()
    assert m.hidden <= 128
    first, b1, w2, b2 = m.search_tables({"mode": "ionian", "meter": "4/4"})
    assert first.shape[1] == N_JOINT + 1 and np.all(np.isfinite(first))
    assert "default" in m.metadata.get("corpora", [])
