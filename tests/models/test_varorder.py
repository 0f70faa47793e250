"""Tests of the variable-order Markov model compiled to flat arrays, and its numba lookup."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from composer.errors import ModelError
from composer.models.ppm import PPM
from composer.models.tokens import N_PITCH
from composer.models.varorder import VariableOrderMarkov, compile_ppm, default_varorder, train_varorder
from composer.search import _kernels as K
from tests import naive
from tests.models.tiny import token_corpus

SEQS = [np.array(m.pitch) for m in token_corpus()]


@pytest.fixture(scope="module")
def compiled():
    return compile_ppm(SEQS, N_PITCH, max_order=4, min_count=1)


histories = st.lists(st.sampled_from(sorted({int(t) for s in SEQS for t in s}) + [0, 5]), max_size=7)


@settings(max_examples=60)
@given(histories)
def test_numba_lookup_equals_the_naive_twin_and_python(compiled, history):
    h = np.array(history, dtype=np.int64)
    got = K.ppm_row(compiled.keys, compiled.order_start, compiled.base, h, len(h))
    assert got == naive.ppm_row(compiled.keys, compiled.order_start, compiled.base, h, len(h))
    assert got == compiled.row(history)
    assert abs(np.exp(compiled.logp[got]).sum() - 1) < 1e-9


def test_rows_are_the_blended_ppm(compiled):
    ppm = PPM(N_PITCH, 4, "C", ppm_star=False)
    for s in SEQS:
        ppm.add_sequence(s.tolist())
    for history in ([], SEQS[0][:1].tolist(), SEQS[0][:3].tolist(), SEQS[2][:6].tolist()):
        expected = ppm.predict(history[-4:], list(range(N_PITCH)))
        assert np.allclose(np.exp(compiled.logprob(history)), expected, atol=1e-12)


def test_longer_contexts_are_used(compiled):
    assert compiled.max_order == 4
    h = SEQS[0][:5].tolist()
    row = compiled.row(h)
    assert compiled.order_start[4] <= row < compiled.order_start[5]


def test_pruning_keeps_the_set_closed_under_suffixes():
    c = compile_ppm(SEQS, N_PITCH, max_order=4, min_count=2)
    stored = set(c.keys[c.order_start[1]:].tolist())
    for k in range(2, c.max_order + 1):
        for key in c.keys[c.order_start[k]:c.order_start[k + 1]]:
            assert int(key) % c.base ** (k - 1) in stored


def test_save_load_gives_identical_scores(tmp_path):
    model = train_varorder(token_corpus(), max_order=3, min_count=1)
    again = VariableOrderMarkov.load(model.save(tmp_path / "v.npz"))
    for m in token_corpus():
        a, b = model.pitch_sequence_logprob(m), again.pitch_sequence_logprob(m)
        assert np.allclose(a, b, atol=1e-6)  # stored as float32
        assert np.array_equal(again.pitch_sequence_logprob(m), VariableOrderMarkov.load(tmp_path / "v.npz")
                              .pitch_sequence_logprob(m))


def test_training_is_deterministic():
    a = train_varorder(token_corpus(), max_order=3, min_count=1)
    b = train_varorder(token_corpus(), max_order=3, min_count=1)
    for x, y in zip(a.pitch + a.duration, b.pitch + b.duration):
        assert np.array_equal(x.keys, y.keys) and np.array_equal(x.logp, y.logp)


def test_bad_files_are_named(tmp_path):
    with pytest.raises(ModelError, match="not found"):
        VariableOrderMarkov.load(tmp_path / "none.npz")
    np.savez(tmp_path / "other.npz", x=np.zeros(2))
    with pytest.raises(ModelError, match="other.npz"):
        VariableOrderMarkov.load(tmp_path / "other.npz")


def test_shipped_model_loads_and_beats_uniform():
    m = default_varorder()
    assert m.pitch[0].max_order >= 4
    assert m.bits_per_note(token_corpus()) < np.log2(N_PITCH)
