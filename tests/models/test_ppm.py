"""Tests of the PPM engine and the entropy-weighted combination."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from composer.models.combine import combine, entropy_weights
from composer.models.ppm import PPM

SEQS = [[0, 1, 2, 0, 1, 2, 3], [2, 1, 0, 1, 2], [3, 3, 0, 1, 2, 0]]


def _model(escape="C", star=True, order=3):
    m = PPM(5, order, escape, ppm_star=star)
    for s in SEQS:
        m.add_sequence(s)
    return m


@settings(max_examples=50)
@given(st.lists(st.integers(0, 4), max_size=6), st.sampled_from(["C", "AX"]), st.booleans(), st.integers(0, 4))
def test_predictions_sum_to_one(history, escape, star, order):
    p = _model(escape, star, order).predict(history, list(range(5)))
    assert abs(p.sum() - 1.0) < 1e-12
    assert np.all(p > 0)


def test_escape_c_by_hand():
    m = PPM(4, 1, "C", update_exclusion=False, ppm_star=False)
    m.add_sequence([0, 1, 0, 2])
    # order 0: counts {0: 2, 1: 1, 2: 1}, n=4, q=3; order 1 after 0: {1: 1, 2: 1}, n=2, q=2
    p0 = np.array([2, 1, 1, 0]) / 7 + 3 / 7 * 0.25
    p1 = np.array([0, 1, 1, 0]) / 4 + 2 / 4 * p0
    assert np.allclose(m.predict([0], [0, 1, 2, 3]), p1)


def test_update_exclusion_counts_only_new_symbols_below():
    m = PPM(4, 1, "C", update_exclusion=True, ppm_star=False)
    m.add_sequence([0, 1, 0, 1])
    # the second 0 -> 1 is not new after 0, so the order-0 count of 1 stays 1
    assert m._stats[()][3] == {0: 2, 1: 1}
    assert m._stats[(0,)][3] == {1: 2}


def test_ppm_star_uses_the_shortest_deterministic_context():
    m = PPM(3, 3, "C", ppm_star=True)
    m.add_sequence([0, 1, 2, 0, 1, 2, 0, 1])
    p = m.predict([2, 0, 1], [0, 1, 2])
    assert p.argmax() == 2 and p[2] > 0.6


def test_bad_arguments():
    with pytest.raises(ValueError, match="escape"):
        PPM(3, 2, "B")


@settings(max_examples=40)
@given(st.integers(2, 4), st.floats(0.0, 5.0), st.sampled_from(["geometric", "arithmetic"]), st.integers(0, 10**6))
def test_combination_is_a_distribution(m, bias, rule, seed):
    rng = np.random.default_rng(seed)
    d = rng.dirichlet(np.ones(7), size=m)
    p = combine(d, bias, rule)
    assert p.shape == (7,) and abs(p.sum() - 1) < 1e-12 and np.all(p >= 0)


def test_combination_rules():
    d = np.array([[0.7, 0.2, 0.1], [0.1, 0.2, 0.7]])
    geo = np.sqrt(d[0] * d[1])
    assert np.allclose(combine(d, 0.0), geo / geo.sum())
    assert np.allclose(combine(d, 0.0, "arithmetic"), d.mean(0))
    sharp = np.array([[0.98, 0.01, 0.01], [1 / 3, 1 / 3, 1 / 3]])
    w = entropy_weights(sharp, 2.0)
    assert w[0] > w[1]  # the confident model weighs more
