"""All numba code of the search: a time-synchronous beam search over (pitch, duration) tokens.

Hypotheses are grouped by the tick at which their last note ends. Ticks are
processed in order; every hypothesis ending at tick ``t`` is extended by every
allowed (pitch, duration) pair into the beam of tick ``t + duration``, which keeps
its best ``beam_width`` entries in a bounded heap. Hypotheses in one beam always
cover the same stretch of time, so their scores compare fairly whatever their
number of notes.

Ordering is total and deterministic: a candidate ranks above another when its
ranking key is higher, or on a tie when it was generated first (lower serial).
``tests/naive.py`` holds the plain Python twin of this module.

Arguments are grouped into a few arrays (see ``composer.search.compile``):

* ``iconf`` (int64): ``[beam_width, bar_ticks, total_ticks, max_leap, fill_bars,
  strong_start, no_double_rest, seed]``
* ``fconf`` (float64): ``[leap_recovery_weight, temperature]``
* ``pitch_rel`` (int64, n_pitch): semitones above the reference tonic; rest: ``NO_PITCH``
* ``pitch_flags`` (int64, n_pitch): bit 1 allowed, bit 2 allowed as the last note
"""

from __future__ import annotations

__all__ = ["beam_search_kernel", "splitmix64", "gumbel", "NO_PITCH", "I_BEAM", "I_BAR", "I_TOTAL", "I_MAX_LEAP",
           "I_FILL_BARS", "I_STRONG_START", "I_NO_DOUBLE_REST", "I_SEED", "F_LEAP_RECOVERY", "F_TEMPERATURE",
           "FLAG_ALLOWED", "FLAG_FINAL", "LEAP_MIN"]

import numpy as np

from composer.search._jit import jit

NO_PITCH = -1000
I_BEAM, I_BAR, I_TOTAL, I_MAX_LEAP, I_FILL_BARS, I_STRONG_START, I_NO_DOUBLE_REST, I_SEED = range(8)
F_LEAP_RECOVERY, F_TEMPERATURE = range(2)
FLAG_ALLOWED = 1
FLAG_FINAL = 2
#: Smallest interval, in semitones, that must be recovered by a step back.
LEAP_MIN = 5


@jit
def splitmix64(x: np.uint64) -> np.uint64:
    """Return the splitmix64 hash of ``x`` (a counter-based random number)."""
    z = x + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


@jit
def gumbel(seed: np.int64, a: np.int64, b: np.int64) -> float:
    """Return a standard Gumbel sample determined by ``(seed, a, b)``."""
    h = splitmix64(np.uint64(seed) ^ splitmix64(np.uint64(a) * np.uint64(0x100000001B3) + np.uint64(b)))
    u = (np.float64(h >> np.uint64(11)) + 0.5) * (1.0 / 9007199254740992.0)
    return -np.log(-np.log(u))


@jit
def _worse(rank_a: float, serial_a: np.int64, rank_b: float, serial_b: np.int64) -> bool:
    if rank_a != rank_b:
        return rank_a < rank_b
    return serial_a > serial_b


@jit
def _sift_down(heap: np.ndarray, hrank: np.ndarray, hserial: np.ndarray, t: np.int64, size: np.int64) -> None:
    # heap[t, :] holds payload slots; the root is the worst entry kept.
    i = 0
    while True:
        left = 2 * i + 1
        if left >= size:
            return
        w = left
        right = left + 1
        if right < size:
            a = heap[t, right]
            b = heap[t, left]
            if _worse(hrank[t, a], hserial[t, a], hrank[t, b], hserial[t, b]):
                w = right
        a = heap[t, w]
        b = heap[t, i]
        if _worse(hrank[t, a], hserial[t, a], hrank[t, b], hserial[t, b]):
            heap[t, i] = a
            heap[t, w] = b
            i = w
        else:
            return


@jit
def _sift_up(heap: np.ndarray, hrank: np.ndarray, hserial: np.ndarray, t: np.int64, i: np.int64) -> None:
    while i > 0:
        parent = (i - 1) // 2
        a = heap[t, i]
        b = heap[t, parent]
        if _worse(hrank[t, a], hserial[t, a], hrank[t, b], hserial[t, b]):
            heap[t, i] = b
            heap[t, parent] = a
            i = parent
        else:
            return


@jit
def _best_first(heap: np.ndarray, rank: np.ndarray, serial: np.ndarray, t: np.int64, n: np.int64) -> np.ndarray:
    # Payload slots of tick t ordered best first: rank descending, then serial ascending.
    idx = heap[t, :n].copy()
    idx = idx[np.argsort(serial[t, idx])]
    return idx[np.argsort(-rank[t, idx], kind="mergesort")]


@jit
def beam_search_kernel(pitch_logp, dur_logp, pitch_rel, pitch_flags, pitch_bias, dur_ticks, dur_bias, iconf, fconf):
    """Run the beam search; return the finished hypotheses, best first.

    Parameters
    ----------
    pitch_logp : ndarray of float64, shape (n_pitch + 1, n_pitch + 1, n_pitch)
        Log-probability of the next pitch token given the two before (index ``n_pitch`` = start).
    dur_logp : ndarray of float64, shape (n_dur + 1, n_dur + 1, n_dur)
        Log-probability of the next duration token given the two before (index ``n_dur`` = start).
    pitch_rel : ndarray of int64, shape (n_pitch,)
        Semitones above the reference tonic of each pitch token; ``NO_PITCH`` marks the rest.
    pitch_flags : ndarray of int64, shape (n_pitch,)
        ``FLAG_ALLOWED`` and ``FLAG_FINAL`` bits per pitch token.
    pitch_bias, dur_bias : ndarray of float64, shapes (n_pitch,), (n_dur,)
        Score added per pitch token and per duration token (soft constraints such as density).
    dur_ticks : ndarray of int64, shape (n_dur,)
        Length of each duration token in ticks.
    iconf : ndarray of int64, shape (8,)
        Integer configuration (see the module docstring).
    fconf : ndarray of float64, shape (2,)
        Float configuration (see the module docstring).

    Returns
    -------
    pitches, durations : ndarray of int64, shape (n_found, total_ticks)
        Token sequences, padded with -1 after each one's length.
    lengths : ndarray of int64, shape (n_found,)
        Number of events in each sequence.
    scores : ndarray of float64, shape (n_found,)
        Total score of each sequence.
    ranks : ndarray of float64, shape (n_found,)
        Ranking key (the score plus the stochastic perturbation; equal to the score at temperature 0).
    """
    beam = iconf[I_BEAM]
    bar = iconf[I_BAR]
    total = iconf[I_TOTAL]
    max_leap = iconf[I_MAX_LEAP]
    fill_bars = iconf[I_FILL_BARS] != 0
    strong_start = iconf[I_STRONG_START] != 0
    no_double_rest = iconf[I_NO_DOUBLE_REST] != 0
    seed = iconf[I_SEED]
    w_recover = fconf[F_LEAP_RECOVERY]
    temperature = fconf[F_TEMPERATURE]
    n_pitch = pitch_rel.shape[0]
    n_dur = dur_ticks.shape[0]

    # Per tick and payload slot: the hypothesis state and its backpointer.
    shape = (total + 1, beam)
    score = np.zeros(shape)
    rank = np.zeros(shape)
    serial = np.zeros(shape, dtype=np.int64)
    p1 = np.zeros(shape, dtype=np.int64)
    p2 = np.zeros(shape, dtype=np.int64)
    d1 = np.zeros(shape, dtype=np.int64)
    d2 = np.zeros(shape, dtype=np.int64)
    last_rel = np.zeros(shape, dtype=np.int64)
    last_int = np.zeros(shape, dtype=np.int64)
    back_t = np.zeros(shape, dtype=np.int64)
    back_k = np.zeros(shape, dtype=np.int64)
    tok = np.zeros(shape, dtype=np.int64)
    dtok = np.zeros(shape, dtype=np.int64)
    heap = np.zeros(shape, dtype=np.int64)
    size = np.zeros(total + 1, dtype=np.int64)

    # The empty hypothesis at tick 0.
    size[0] = 1
    heap[0, 0] = 0
    p1[0, 0] = n_pitch
    p2[0, 0] = n_pitch
    d1[0, 0] = n_dur
    d2[0, 0] = n_dur
    last_rel[0, 0] = NO_PITCH
    back_t[0, 0] = -1
    back_k[0, 0] = -1

    next_serial = np.int64(0)
    for t in range(total):
        n = size[t]
        if n == 0:
            continue
        order = _best_first(heap, rank, serial, t, n)
        bar_pos = t % bar
        for oi in range(n):
            k = order[oi]
            c1 = p1[t, k]
            c2 = p2[t, k]
            e1 = d1[t, k]
            e2 = d2[t, k]
            lr = last_rel[t, k]
            li = last_int[t, k]
            base_score = score[t, k]
            base_rank = rank[t, k]
            for p in range(n_pitch):
                flags = pitch_flags[p]
                if (flags & 1) == 0:
                    continue
                rel = pitch_rel[p]
                is_rest = rel == NO_PITCH
                if is_rest:
                    if t == 0 and strong_start:
                        continue
                    if no_double_rest and c1 < n_pitch and pitch_rel[c1] == NO_PITCH:
                        continue
                    new_rel = lr
                    new_int = li
                else:
                    if lr != NO_PITCH and abs(rel - lr) > max_leap:
                        continue
                    new_rel = rel
                    new_int = 0 if lr == NO_PITCH else rel - lr
                s_pitch = pitch_logp[c2, c1, p] + pitch_bias[p]
                if not is_rest:
                    if w_recover != 0.0 and abs(li) >= LEAP_MIN:
                        if not (1 <= abs(new_int) <= 2 and (new_int > 0) != (li > 0)):
                            s_pitch -= w_recover
                for d in range(n_dur):
                    length = dur_ticks[d]
                    end = t + length
                    if end > total:
                        continue
                    if fill_bars and bar_pos + length > bar:
                        continue
                    if end == total and (flags & 2) == 0:
                        continue
                    delta = s_pitch + dur_logp[e2, e1, d] + dur_bias[d]
                    s = base_score + delta
                    r = base_rank + delta
                    if temperature > 0.0:
                        r += temperature * gumbel(seed, t * beam + oi, p * n_dur + d)
                    cs = next_serial
                    next_serial += 1
                    m = size[end]
                    if m < beam:
                        slot = m
                        size[end] = m + 1
                        heap[end, m] = slot
                        pos = m
                    else:
                        root = heap[end, 0]
                        if not _worse(rank[end, root], serial[end, root], r, cs):
                            continue
                        slot = root
                        pos = -1
                    score[end, slot] = s
                    rank[end, slot] = r
                    serial[end, slot] = cs
                    p1[end, slot] = p
                    p2[end, slot] = c1
                    d1[end, slot] = d
                    d2[end, slot] = e1
                    last_rel[end, slot] = new_rel
                    last_int[end, slot] = new_int
                    back_t[end, slot] = t
                    back_k[end, slot] = k
                    tok[end, slot] = p
                    dtok[end, slot] = d
                    if pos >= 0:
                        _sift_up(heap, rank, serial, end, pos)
                    else:
                        _sift_down(heap, rank, serial, end, size[end])

    n_found = size[total]
    final = _best_first(heap, rank, serial, total, n_found)
    out_p = np.full((n_found, total), -1, dtype=np.int64)
    out_d = np.full((n_found, total), -1, dtype=np.int64)
    lengths = np.zeros(n_found, dtype=np.int64)
    scores = np.zeros(n_found)
    ranks = np.zeros(n_found)
    rev_p = np.empty(total, dtype=np.int64)
    rev_d = np.empty(total, dtype=np.int64)
    for i in range(n_found):
        k = final[i]
        scores[i] = score[total, k]
        ranks[i] = rank[total, k]
        t = total
        m = 0
        while back_t[t, k] >= 0:
            rev_p[m] = tok[t, k]
            rev_d[m] = dtok[t, k]
            m += 1
            nt = back_t[t, k]
            k = back_k[t, k]
            t = nt
        lengths[i] = m
        for j in range(m):
            out_p[i, j] = rev_p[m - 1 - j]
            out_d[i, j] = rev_d[m - 1 - j]
    return out_p, out_d, lengths, scores, ranks


# --- model scoring (issue 4) ---
# Lookups of the models in composer.models that the search kernels can call: the
# compiled variable-order Markov model (composer.models.varorder.CompiledPPM) and the
# shipped neural pitch model (composer.models.neural.NeuralModel.search_tables).
# Plain Python twins: tests/naive.py (ppm_row, neural_pitch_logp).


@jit
def ppm_row(keys, order_start, base, history, n_hist):
    """Return the ``logp`` row of the longest stored suffix of ``history[:n_hist]``.

    Parameters
    ----------
    keys : ndarray of int64, shape (n_ctx,)
        Encoded contexts, sorted within each order's block.
    order_start : ndarray of int64, shape (max_order + 2,)
        Block boundaries of ``keys`` per order (block 0 is the empty context, row 0).
    base : int
        Radix of the encoding (the token alphabet size).
    history : ndarray of int64, shape (>= n_hist,)
        Tokens so far, oldest first; only the first ``n_hist`` are the melody.
    n_hist : int
        Number of tokens of ``history`` to use.

    Returns
    -------
    int
        Row index into the model's ``logp`` (shape (n_ctx, V)).
    """
    max_order = order_start.shape[0] - 2
    best = np.int64(0)
    key = np.int64(0)
    mult = np.int64(1)
    for k in range(1, max_order + 1):
        if k > n_hist:
            break
        key += history[n_hist - k] * mult
        mult *= base
        lo = order_start[k]
        hi = order_start[k + 1]
        while lo < hi:  # first index with keys[i] >= key
            mid = (lo + hi) // 2
            if keys[mid] < key:
                lo = mid + 1
            else:
                hi = mid
        if lo < order_start[k + 1] and keys[lo] == key:
            best = lo
        else:
            break
    return best


@jit
def neural_pitch_logp(first, b1, w2, b2, context, out):
    """Write log P(next pitch token) of the neural model into ``out``.

    Parameters
    ----------
    first : ndarray of float64, shape (C, N_JOINT + 1, H)
        First-layer tables; ``first[c]`` is for the event ``c + 1`` steps back.
    b1 : ndarray of float64, shape (H,)
        First-layer bias with the attributes folded in.
    w2 : ndarray of float64, shape (H, N_PITCH)
    b2 : ndarray of float64, shape (N_PITCH,)
    context : ndarray of int64, shape (C,)
        ``context[c]``: the joint event token ``c + 1`` steps back (``N_JOINT`` before the melody).
    out : ndarray of float64, shape (N_PITCH,)
        Receives the natural-log probabilities.
    """
    n_ctx = first.shape[0]
    hidden = first.shape[2]
    n_out = w2.shape[1]
    h = b1.copy()
    for c in range(n_ctx):
        row = first[c, context[c]]
        for j in range(hidden):
            h[j] += row[j]
    for k in range(n_out):
        out[k] = b2[k]
    for j in range(hidden):
        hj = h[j]
        if hj > 0.0:
            for k in range(n_out):
                out[k] += hj * w2[j, k]
    m = out[0]
    for k in range(1, n_out):
        if out[k] > m:
            m = out[k]
    s = 0.0
    for k in range(n_out):
        s += np.exp(out[k] - m)
    lse = m + np.log(s)
    for k in range(n_out):
        out[k] -= lse
