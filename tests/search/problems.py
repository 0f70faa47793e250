"""Hypothesis strategies: small random models and constraint sets in the kernels' array form."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from composer.models.varorder import compile_ppm
from composer.search import _kernels as K


def log_table(rng, shape, first_order=False):
    """A random conditional log-probability table over the last axis (independent of axis 0 if ``first_order``)."""
    x = rng.normal(size=shape)
    if first_order:
        x = np.broadcast_to(x[:1], shape).copy()
    return x - np.log(np.exp(x).sum(-1, keepdims=True))


def random_ppm(rng, vocab, max_order, min_count, ties):
    """A compiled variable-order model trained on a few random token sequences: (keys, order_start, logp).

    With ``ties``, log-probabilities are rounded to one decimal (no longer normalised, which the kernel does
    not need) so that candidates tie exactly.
    """
    seqs = [rng.integers(0, vocab, size=int(rng.integers(3, 25))) for _ in range(int(rng.integers(1, 6)))]
    ppm = compile_ppm(seqs, vocab, max_order=max_order, min_count=min_count)
    return ppm.keys, ppm.order_start, np.round(ppm.logp, 1) if ties else ppm.logp


@st.composite
def problems(draw, *, first_order=False, neural=None, stochastic=None, varorder=None, max_beam=6, max_bars=2):
    """Kernel arguments (``_kernels.KernelArgs``, the groups in ``beam_search_kernel``'s order) for a small random problem.

    ``first_order=True`` draws problems the Viterbi kernel solves exactly (first-order
    tables, no leap recovery, no repeat limit, no neural scorer, no context, no
    variable-order model). ``varorder`` asks for (True) or forbids (False) compiled
    variable-order pitch and duration models (``None``: drawn, each on its own).
    """
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    n_rel = draw(st.integers(2, 6))
    n_pitch = n_rel + 1  # the last token is the rest
    ticks = np.array(sorted(draw(st.sets(st.sampled_from([1, 2, 3, 4, 6, 8]), min_size=1, max_size=4))),
                     dtype=np.int64)
    n_dur = len(ticks)
    pitch_logp = log_table(rng, (n_pitch + 1, n_pitch + 1, n_pitch), first_order)
    dur_logp = log_table(rng, (n_dur + 1, n_dur + 1, n_dur), first_order)
    ties = draw(st.booleans())
    if ties:  # exact ties, to exercise the deterministic tie-break
        pitch_logp = np.round(pitch_logp, 1)
        dur_logp = np.round(dur_logp, 1)
    rel = np.array(sorted(rng.choice(np.arange(-12, 13), size=n_rel, replace=False)), dtype=np.int64)
    pitch_rel = np.concatenate([rel, [K.NO_PITCH]]).astype(np.int64)
    flags = np.array([draw(st.sampled_from([0, 1, 3, 5, 7, 7])) for _ in range(n_pitch)], dtype=np.int64)
    flags[-1] &= K.FLAG_ALLOWED  # a rest never ends a melody nor a phrase
    pitch_bias = np.zeros(n_pitch)
    pitch_bias[-1] = draw(st.sampled_from([0.0, -0.5, -2.0]))
    dur_bias = -rng.random(n_dur) * draw(st.sampled_from([0.0, 1.0]))
    bar, beat = draw(st.sampled_from([(4, 2), (6, 3), (8, 4), (8, 2)]))
    total = bar * draw(st.integers(1, max_bars))
    cadence = draw(st.booleans())
    phrase = bar * draw(st.integers(1, 2))
    next_phrase = np.full(total + 1, total + 1, dtype=np.int64)
    if cadence:
        for t in range(total + 1):
            next_phrase[t] = min(total, (t // phrase + 1) * phrase)
    strong = np.array([int((t % bar) % beat == 0 and (t % bar) in (0, bar // 2)) for t in range(total + 1)],
                      dtype=np.int64)
    contour = rng.uniform(-12, 12, size=total + 1)
    back = np.where(rng.random(total + 1) < 0.5, 0, rng.integers(1, total + 1, size=total + 1))
    fall = np.where(rng.random(total + 1) < 0.5, K.NO_FALL, rng.uniform(-8, 8, size=total + 1))
    forced = np.full(total + 1, -1, dtype=np.int64)
    if draw(st.booleans()):  # a one- or two-event motif
        t = 0
        for _ in range(draw(st.integers(1, 2))):
            p = int(rng.integers(0, n_pitch))
            d = int(rng.integers(0, n_dur))
            if t + ticks[d] > total:
                break
            forced[t] = p * n_dur + d
            t += int(ticks[d])
    use_neural = draw(st.booleans()) if neural is None else neural
    if first_order:
        use_neural = False
    n_ctx = draw(st.integers(1, 3)) if use_neural else 0
    h_dim = draw(st.integers(1, 5)) if use_neural else 0
    vocab = n_pitch * n_dur + 1
    first = rng.normal(size=(n_ctx, vocab, h_dim))
    b1 = rng.normal(size=h_dim)
    w2 = rng.normal(size=(h_dim, n_pitch))
    b2 = rng.normal(size=n_pitch)
    start = n_pitch * n_dur
    use_ppm = use_dppm = False
    if not first_order:
        use_ppm = draw(st.booleans()) if varorder is None else varorder
        use_dppm = draw(st.booleans()) if varorder is None else varorder
    orders = [0, 0]
    ppm = (np.zeros(0, dtype=np.int64), np.zeros(2, dtype=np.int64), np.zeros((0, n_pitch)))
    dppm = (np.zeros(0, dtype=np.int64), np.zeros(2, dtype=np.int64), np.zeros((0, n_dur)))
    if use_ppm:
        ppm = random_ppm(rng, n_pitch, draw(st.integers(1, 4)), draw(st.sampled_from([1, 2])), ties)
        orders[0] = len(ppm[1]) - 2
        pitch_logp = np.zeros((0, 0, 0))  # as compile_problem passes it: the kernel must not read it
    if use_dppm:
        dppm = random_ppm(rng, n_dur, draw(st.integers(1, 4)), draw(st.sampled_from([1, 2])), ties)
        orders[1] = len(dppm[1]) - 2
        dur_logp = np.zeros((0, 0, 0))
    n_hist = max(2, n_ctx, *orders)
    init_hist = np.full(n_hist, start, dtype=np.int64)
    ctx_rel, ctx_int = K.NO_PITCH, 0
    if not first_order and draw(st.booleans()):  # context before the melody
        m = draw(st.integers(1, n_hist))
        init_hist[:m] = rng.integers(0, start, size=m)
        ctx_rel = int(rng.integers(-12, 13))
        ctx_int = int(rng.integers(-7, 8))
    temperature = 0.0
    if not first_order:
        temperature = draw(st.sampled_from([0.0, 0.0, 0.7, 1.3])) if stochastic is None else (0.8 if stochastic else 0.0)
    metric = np.ascontiguousarray(rng.normal(size=(total + 1, n_dur)) * draw(st.sampled_from([0.0, 0.0, 1.0])))
    w_density = 0.0 if first_order else draw(st.sampled_from([0.0, 0.0, 1.5]))
    density_target = draw(st.sampled_from([1.0, 2.5, 4.0]))
    w_note_density = draw(st.sampled_from([0.0, 0.0, 2.0]))
    note_target = draw(st.sampled_from([1.5, 3.0]))
    rules = K.typed(
        K.Rules, bar=bar, beat=beat, total=total, max_leap=draw(st.integers(1, 12)), fill_bars=draw(st.booleans()),
        strong_start=draw(st.booleans()), no_double_rest=draw(st.booleans()),
        max_repeats=0 if first_order else draw(st.sampled_from([0, 1, 2])), cadence=cadence,
        min_leap=draw(st.sampled_from([3, 5])),
        w_recover=0.0 if first_order else draw(st.sampled_from([0.0, 1.5])),
        w_contour=draw(st.sampled_from([0.0, 0.8])), w_rhythm=draw(st.sampled_from([0.0, 1.0])),
        w_step=draw(st.sampled_from([0.0, 0.6])), w_leap=draw(st.sampled_from([0.0, 0.0, 1.2])),
        leap_target=draw(st.sampled_from([2.0, 3.5, 6.0])), w_fall=draw(st.sampled_from([0.0, 0.0, 2.0])),
        w_form=0.0 if first_order else draw(st.sampled_from([0.0, 0.0, 1.5])), w_density=w_density,
        density_target=density_target, w_note_density=w_note_density, note_target=note_target)
    search = K.typed(K.Search, beam=draw(st.integers(1, max_beam)), seed=draw(st.integers(0, 2**40)),
                     temperature=temperature, w_markov=draw(st.sampled_from([1.0, 0.5])),
                     w_neural=draw(st.sampled_from([1.0, 0.5])) if use_neural else 0.0)
    return K.KernelArgs(
        markov=K.Markov(pitch_logp, dur_logp, *ppm, *dppm), neural=K.Neural(first, b1, w2, b2),
        tables=K.Tables(pitch_rel, flags, pitch_bias, ticks, dur_bias),
        timeline=K.Timeline(next_phrase, strong, contour, forced, fall, back, metric),
        context=K.Context(init_hist, ctx_rel, ctx_int), rules=rules, search=search)
