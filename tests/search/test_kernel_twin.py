"""The numba beam search agrees with its plain Python twin (tests/naive.py) on small random problems."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from composer.search import _kernels as K
from tests import naive


@st.composite
def problems(draw):
    """Small random models and constraint sets in the kernel's array form."""
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    n_rel = draw(st.integers(2, 7))
    n_pitch = n_rel + 1  # the last token is the rest
    ticks = np.array(sorted(draw(st.sets(st.sampled_from([1, 2, 3, 4, 6, 8]), min_size=1, max_size=4))), dtype=np.int64)
    n_dur = len(ticks)

    def table(shape):
        x = rng.normal(size=shape)
        return x - np.log(np.exp(x).sum(-1, keepdims=True))

    pitch_logp = table((n_pitch + 1, n_pitch + 1, n_pitch))
    dur_logp = table((n_dur + 1, n_dur + 1, n_dur))
    if draw(st.booleans()):  # exact ties, to exercise the deterministic tie-break
        pitch_logp = np.round(pitch_logp, 1)
        dur_logp = np.round(dur_logp, 1)
    rel = np.array(sorted(rng.choice(np.arange(-12, 13), size=n_rel, replace=False)), dtype=np.int64)
    pitch_rel = np.concatenate([rel, [K.NO_PITCH]]).astype(np.int64)
    flags = np.array([draw(st.sampled_from([0, 1, 3, 3])) for _ in range(n_pitch)], dtype=np.int64)
    flags[-1] &= K.FLAG_ALLOWED  # a rest is never a last note
    pitch_bias = np.zeros(n_pitch)
    pitch_bias[-1] = draw(st.sampled_from([0.0, -0.5, -2.0]))
    dur_bias = -rng.random(n_dur) * draw(st.sampled_from([0.0, 1.0]))
    bar = draw(st.sampled_from([4, 6, 8]))
    iconf = np.array([
        draw(st.integers(1, 6)),                # beam width
        bar,
        bar * draw(st.integers(1, 2)),          # total ticks
        draw(st.integers(1, 12)),               # max leap
        draw(st.booleans()),                    # fill bars
        draw(st.booleans()),                    # strong start
        draw(st.booleans()),                    # no double rest
        draw(st.integers(0, 2**40)),            # seed
    ], dtype=np.int64)
    fconf = np.array([draw(st.sampled_from([0.0, 1.5])), draw(st.sampled_from([0.0, 0.0, 0.7]))])
    return pitch_logp, dur_logp, pitch_rel, flags, pitch_bias, ticks, dur_bias, iconf, fconf


@settings(max_examples=150, deadline=None)
@given(problems())
def test_kernel_matches_python_twin(problem):
    out_p, out_d, lengths, scores, ranks = K.beam_search_kernel(*problem)
    expected = naive.beam_search(*problem)
    assert len(lengths) == len(expected)
    for i, (ps, ds, score, rank) in enumerate(expected):
        n = lengths[i]
        assert out_p[i, :n].tolist() == ps.tolist()
        assert out_d[i, :n].tolist() == ds.tolist()
        assert np.isclose(scores[i], score, rtol=0, atol=1e-9)
        assert np.isclose(ranks[i], rank, rtol=0, atol=1e-9)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**62), st.integers(0, 10**6), st.integers(0, 10**6))
def test_gumbel_matches_python_twin(seed, a, b):
    assert K.gumbel(seed, a, b) == naive.gumbel(seed, a, b)
