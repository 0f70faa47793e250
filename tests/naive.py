"""Plain, obviously correct Python twins of the numba kernels, for comparison on small inputs."""

from __future__ import annotations

import math

import numpy as np

from composer.search import _kernels as K

MASK64 = (1 << 64) - 1


def splitmix64(x: int) -> int:
    z = (x + 0x9E3779B97F4A7C15) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


def gumbel(seed: int, a: int, b: int) -> float:
    h = splitmix64((seed & MASK64) ^ splitmix64((a * 0x100000001B3 + b) & MASK64))
    u = ((h >> 11) + 0.5) * (1.0 / 9007199254740992.0)
    return -math.log(-math.log(u))


def beam_search(pitch_logp, dur_logp, pitch_rel, pitch_flags, pitch_bias, dur_ticks, dur_bias, iconf, fconf):
    """Same contract as ``composer.search._kernels.beam_search_kernel``, as lists of hypotheses.

    Returns a list of ``(pitch_tokens, dur_tokens, score, rank)``, best first.
    """
    beam, bar, total, max_leap, fill_bars, strong_start, no_double_rest, seed = (int(x) for x in iconf)
    w_recover, temperature = float(fconf[0]), float(fconf[1])
    n_pitch, n_dur = len(pitch_rel), len(dur_ticks)
    # A hypothesis: (rank, serial, score, pitches, durs, last_rel, last_int)
    beams: list[list[tuple]] = [[] for _ in range(total + 1)]
    beams[0] = [(0.0, -1, 0.0, [], [], K.NO_PITCH, 0)]
    serial = 0
    for t in range(total):
        hyps = sorted(beams[t], key=lambda h: (-h[0], h[1]))[:beam]
        for oi, (rank, _, score, ps, ds, lr, li) in enumerate(hyps):
            c1 = ps[-1] if ps else n_pitch
            c2 = ps[-2] if len(ps) > 1 else n_pitch
            e1 = ds[-1] if ds else n_dur
            e2 = ds[-2] if len(ds) > 1 else n_dur
            for p in range(n_pitch):
                if not pitch_flags[p] & K.FLAG_ALLOWED:
                    continue
                rel = int(pitch_rel[p])
                if rel == K.NO_PITCH:
                    if t == 0 and strong_start:
                        continue
                    if no_double_rest and c1 < n_pitch and pitch_rel[c1] == K.NO_PITCH:
                        continue
                    new_rel, new_int = lr, li
                    penalty = 0.0
                else:
                    if lr != K.NO_PITCH and abs(rel - lr) > max_leap:
                        continue
                    new_rel = rel
                    new_int = 0 if lr == K.NO_PITCH else rel - lr
                    recovered = 1 <= abs(new_int) <= 2 and (new_int > 0) != (li > 0)
                    penalty = w_recover if (w_recover != 0.0 and abs(li) >= K.LEAP_MIN and not recovered) else 0.0
                s_pitch = pitch_logp[c2, c1, p] + pitch_bias[p]
                if penalty:
                    s_pitch -= penalty
                for d in range(n_dur):
                    end = t + int(dur_ticks[d])
                    if end > total or (fill_bars and t % bar + dur_ticks[d] > bar):
                        continue
                    if end == total and not pitch_flags[p] & K.FLAG_FINAL:
                        continue
                    delta = s_pitch + dur_logp[e2, e1, d] + dur_bias[d]
                    r = rank + delta
                    if temperature > 0.0:
                        r += temperature * gumbel(seed, t * beam + oi, p * n_dur + d)
                    beams[end].append((r, serial, score + delta, ps + [p], ds + [d], new_rel, new_int))
                    serial += 1
    final = sorted(beams[total], key=lambda h: (-h[0], h[1]))[:beam]
    return [(np.array(h[3]), np.array(h[4]), h[2], h[0]) for h in final]


# --- model scoring (issue 4) ---


def ppm_row(keys, order_start, base, history, n_hist):
    """Twin of ``_kernels.ppm_row``: try every order's contexts one by one."""
    best = 0
    hist = [int(t) for t in history[:n_hist]]
    for k in range(1, len(order_start) - 1):
        if k > len(hist):
            break
        key = sum(t * base ** j for j, t in enumerate(reversed(hist[len(hist) - k:])))
        block = [int(x) for x in keys[order_start[k]:order_start[k + 1]]]
        if key in block:
            best = int(order_start[k]) + block.index(key)
        else:
            break
    return best


def neural_pitch_logp(first, b1, w2, b2, context):
    """Twin of ``_kernels.neural_pitch_logp``, returning the log-probabilities as a list."""
    n_ctx, _, hidden = first.shape
    h = [float(b1[j]) + sum(float(first[c, context[c], j]) for c in range(n_ctx)) for j in range(hidden)]
    h = [max(v, 0.0) for v in h]
    logits = [float(b2[k]) + sum(h[j] * float(w2[j, k]) for j in range(hidden)) for k in range(w2.shape[1])]
    m = max(logits)
    lse = m + math.log(sum(math.exp(v - m) for v in logits))
    return [v - lse for v in logits]
