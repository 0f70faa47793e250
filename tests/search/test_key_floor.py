"""The stochastic beam's key floor: a child it skips has a truncated key below the threshold."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from composer.search import _kernels as K

keys = st.floats(-400.0, 50.0, allow_nan=False)


def truncated_key(g_parent: float, zmax: float, g: float) -> float:
    """The kernel's truncated Gumbel key of a child (``beam_search_kernel``, stochastic branch)."""
    if g >= zmax:
        return g_parent
    v = g_parent - g + np.log1p(-np.exp(g - zmax))
    return g_parent - max(v, 0.0) - np.log1p(np.exp(-abs(v)))


@given(keys, st.floats(0.0, 30.0), st.floats(-30.0, 30.0), st.floats(0.0, 1.0))
def test_children_below_the_floor_fail_the_threshold(g_parent, below, z_off, frac):
    zmax = g_parent + z_off
    thr = g_parent - below
    floor = K._key_floor(g_parent, zmax, thr)
    if floor == -np.inf:  # it declines (nothing is skipped then)
        return
    # Children just below the floor, and far below it, all have keys under the threshold.
    for g in (np.nextafter(floor, -np.inf), floor - frac, floor - 10.0 * frac - 1e-6):
        if g < zmax:
            assert truncated_key(g_parent, zmax, g) < thr


@given(keys, st.floats(0.01, 30.0), st.floats(-30.0, 30.0))
def test_the_floor_is_tight(g_parent, below, z_off):
    # A child a little above the floor reaches the threshold (the floor is not a loose bound).
    zmax = g_parent + z_off
    thr = g_parent - below
    floor = K._key_floor(g_parent, zmax, thr)
    g = floor + 1e-6 * (1.0 + abs(floor))
    if floor > -np.inf and g < zmax:
        assert truncated_key(g_parent, zmax, g) >= thr - 1e-6 * (1.0 + abs(thr))


def test_no_floor_when_the_parent_cannot_beat_the_threshold():
    assert K._key_floor(-5.0, 0.0, -5.0) == -np.inf
    assert K._key_floor(-6.0, 0.0, -5.0) == -np.inf
