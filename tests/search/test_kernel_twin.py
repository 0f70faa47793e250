"""The numba kernels agree with their plain Python twins (tests/naive.py) on small random problems."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from composer.search import _kernels as K
from tests import naive
from tests.search.problems import problems

# Without numba (NUMBA_DISABLE_JIT=1) the splitmix64 hash runs on NumPy scalars, which warn when they wrap; the
# wrap-around is the hash's arithmetic.
pytestmark = pytest.mark.filterwarnings("ignore:overflow encountered in scalar:RuntimeWarning")


def assert_same(problem):
    joint, lengths, scores, ranks, _ = K.beam_search_kernel(*problem)
    expected = naive.beam_search(*problem)
    assert len(lengths) == len(expected)
    for i, (events, score, rank) in enumerate(expected):
        assert joint[i, : lengths[i]].tolist() == events
        assert np.isclose(scores[i], score, rtol=0, atol=1e-9)
        assert np.isclose(ranks[i], rank, rtol=0, atol=1e-9)


@settings(max_examples=120, deadline=None)
@given(problems(neural=False, stochastic=False))
def test_deterministic_beam_matches_twin(problem):
    assert_same(problem)


@settings(max_examples=60, deadline=None)
@given(problems(stochastic=True))
def test_stochastic_beam_matches_twin(problem):
    assert_same(problem)


@settings(max_examples=60, deadline=None)
@given(problems(neural=True))
def test_beam_with_neural_scorer_matches_twin(problem):
    assert_same(problem)


@settings(max_examples=60, deadline=None)
@given(problems(neural=True))
def test_batched_neural_forward_matches_twin(problem):
    first, b1, w2, b2 = problem.neural
    rng = np.random.default_rng(0)
    hist = rng.integers(0, first.shape[1], size=(5, first.shape[0]))
    got = K.neural_logp_kernel(first, b1, w2, b2, hist)
    for i in range(5):
        assert np.allclose(got[i], naive.neural_logp(first, b1, w2, b2, hist[i]), rtol=0, atol=1e-12)
        assert math.isclose(np.exp(got[i]).sum(), 1.0, abs_tol=1e-12)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**62), st.integers(0, 10**6), st.integers(0, 10**6))
def test_gumbel_matches_python_twin(seed, a, b):
    # Bitwise equal when compiled (numba calls libm's log, as math does); NumPy's own log, used when
    # NUMBA_DISABLE_JIT=1, may differ in the last bit.
    assert math.isclose(K.gumbel(seed, a, b), naive.gumbel(seed, a, b), rel_tol=1e-14, abs_tol=1e-14)


@settings(max_examples=80, deadline=None)
@given(problems(varorder=True))
def test_beam_with_variable_order_models_matches_twin(problem):
    assert_same(problem)


@settings(max_examples=40, deadline=None)
@given(problems(neural=True), st.integers(0, 6), st.integers(0, 2**32))
def test_cached_neural_rows_match_twin(problem, cap, seed):
    # The search's context cache (filled over several ticks, some contexts repeated, and the cache
    # full after ``cap`` contexts) hands every hypothesis the row of its own context.
    first, b1, w2, b2 = problem.neural
    n_ctx, n_tok, _ = first.shape
    beam = 5
    rng = np.random.default_rng(seed)
    slots = 16
    ctx_tok = np.empty((slots, n_ctx), dtype=np.int64)
    ctx_row = np.full(slots, -1, dtype=np.int64)
    n_rows = np.zeros(1, dtype=np.int64)
    lp = np.empty((cap + beam, w2.shape[1]))
    rows = np.zeros(2 * beam, dtype=np.int64)
    for _ in range(4):
        hist = rng.integers(0, min(n_tok, 3), size=(beam, n_ctx))
        n = int(rng.integers(1, beam + 1))
        K._cached_neural(first, b1, w2, b2, hist, n, np.empty((beam, first.shape[2])),
                         np.empty((beam, n_ctx), dtype=np.int64), ctx_tok, ctx_row, slots - 1, lp, n_rows, rows)
        assert n_rows[0] <= cap
        for i in range(n):
            assert np.allclose(lp[rows[i]], naive.neural_logp(first, b1, w2, b2, hist[i]), rtol=0, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**6), st.integers(0, 7), st.lists(st.integers(0, 40), max_size=2), st.integers(1, 3))
def test_hashed_context_lookup_equals_ppm_row(pick, length, junk, n_dur):
    # The search finds variable-order rows through a hash table of the contexts; ppm_row (whose twin is
    # naive.ppm_row) defines the row. Histories mix stored contexts with tokens the corpus never saw.
    from composer.models.tokens import N_PITCH
    from composer.models.varorder import compile_ppm
    from tests.models.tiny import token_corpus

    seqs = [np.array(m.pitch) for m in token_corpus()]
    model = compile_ppm(seqs, N_PITCH, max_order=4, min_count=1)
    seen = sorted({int(t) for s in seqs for t in s})
    # A stretch of a training melody (its contexts are stored), after a few arbitrary tokens.
    seq = seqs[pick % len(seqs)].tolist()
    at = pick % max(1, len(seq) - length)
    tokens = [seen[t % len(seen)] if t < 30 else t % N_PITCH for t in junk] + seq[at:at + length]
    tkey, tord, trow, mask = K._ctx_table(model.keys, model.order_start)
    start = N_PITCH * n_dur
    hist = np.full((1, 6), start, dtype=np.int64)  # joint events, most recent first, START before the melody
    for j, t in enumerate(reversed(tokens[-6:])):
        hist[0, j] = t * n_dur + (j % n_dur)
    got = K._history_row(tkey, tord, trow, mask, model.order_start.shape[0] - 2, N_PITCH, hist, 0, start, n_dur, True)
    h = np.array(tokens[-6:], dtype=np.int64)
    assert got == K.ppm_row(model.keys, model.order_start, model.base, h, len(h))


@settings(max_examples=60, deadline=None)
@given(problems(stochastic=False))
def test_score_terms_kernel_matches_twin(problem):
    # The jitted breakdown shares the kernels' event score: its terms add up to the twin's delta per event.
    joint, lengths, _, _, _ = K.beam_search_kernel(*problem)
    if len(lengths) == 0:
        return
    events = joint[0, : lengths[0]]
    first, b1, w2, b2 = problem.neural
    init = [int(x) for x in problem.context.init_hist]
    if first.shape[0]:
        hists = [([int(e) for e in events[:i]][::-1] + init)[: len(init)] for i in range(len(events))]
        nlp = np.array([naive.neural_logp(first, b1, w2, b2, h) for h in hists])
    else:
        nlp = np.zeros((0, w2.shape[1]))
    terms = K.score_terms_kernel(problem.markov, problem.tables, problem.timeline, problem.context, problem.rules,
                                 problem.search, nlp, events)
    assert terms.shape == (len(events), K.N_TERMS)
    expected = naive.event_deltas(*problem, events=events)
    assert np.allclose(terms.sum(axis=1), expected, rtol=0, atol=1e-9)
