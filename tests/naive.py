"""Plain, obviously correct Python twins of the numba kernels, for comparison on small inputs.

Same contracts as ``composer.search._kernels``, written without pruning, heaps or
backpointers: every candidate is generated, each beam is a sorted list, each
hypothesis carries its whole history.
"""

from __future__ import annotations

import math


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


def neural_logp(first, b1, w2, b2, hist):
    """Neural pitch log-probabilities for one history (joint events, most recent first), plain loops."""
    n_ctx, _, h_dim = first.shape
    hidden = []
    for j in range(h_dim):
        h = float(b1[j])
        for c in range(n_ctx):
            h += float(first[c, hist[c], j])
        hidden.append(max(h, 0.0))
    logits = [sum(hidden[j] * float(w2[j, p]) for j in range(h_dim)) + float(b2[p]) for p in range(w2.shape[1])]
    mx = max(logits)
    lse = mx + math.log(sum(math.exp(x - mx) for x in logits))
    return [x - lse for x in logits]


class Problem:
    """The kernel's argument groups (``_kernels.KernelArgs``) unpacked into plain names."""

    def __init__(self, markov, neural, tables, timeline, context, rules, search):
        (self.pitch_logp, self.dur_logp, self.ppm_keys, self.ppm_start, self.ppm_logp,
         self.dppm_keys, self.dppm_start, self.dppm_logp) = markov
        self.first, self.b1, self.w2, self.b2 = neural
        self.pitch_rel, self.pitch_flags, self.pitch_bias, self.dur_ticks, self.dur_bias = tables
        self.next_phrase, self.strong, self.contour, self.forced, self.fall, self.back, self.metric = timeline
        self.init_hist = context.init_hist
        self.ctx_rel, self.ctx_int = int(context.last_rel), int(context.last_int)
        self.bar, self.total, self.beat = int(rules.bar), int(rules.total), int(rules.beat)
        self.max_leap, self.fill_bars = int(rules.max_leap), bool(rules.fill_bars)
        self.strong_start, self.no_double_rest = bool(rules.strong_start), bool(rules.no_double_rest)
        self.max_repeats, self.min_leap = int(rules.max_repeats), int(rules.min_leap)
        self.cadence = bool(rules.cadence)
        self.w_recover, self.w_contour, self.w_rhythm, self.w_step = (
            float(rules.w_recover), float(rules.w_contour), float(rules.w_rhythm), float(rules.w_step))
        self.w_leap, self.leap_target = float(rules.w_leap), float(rules.leap_target)
        self.w_fall, self.w_form = float(rules.w_fall), float(rules.w_form)
        self.w_density, self.density_target = float(rules.w_density), float(rules.density_target)
        self.w_note_density, self.note_target = float(rules.w_note_density), float(rules.note_target)
        self.beam, self.seed, self.temperature = int(search.beam), int(search.seed), float(search.temperature)
        self.w_markov, self.w_neural = float(search.w_markov), float(search.w_neural)
        self.n_pitch, self.n_dur = len(self.pitch_rel), len(self.dur_ticks)
        self.start = self.n_pitch * self.n_dur
        self.n_ctx = self.first.shape[0]

    def markov_rows(self, hist):
        """Rows of the variable-order pitch and duration models for a history (None where a dense table is used)."""
        n = next((i for i, e in enumerate(hist) if e == self.start), len(hist))
        events = [int(e) for e in hist[:n]][::-1]  # oldest first, up to START
        row = drow = None
        if len(self.ppm_logp):
            row = ppm_row(self.ppm_keys, self.ppm_start, self.n_pitch, [e // self.n_dur for e in events], n)
        if len(self.dppm_logp):
            drow = ppm_row(self.dppm_keys, self.dppm_start, self.n_dur, [e % self.n_dur for e in events], n)
        return row, drow

    def form_target(self, t, done):
        """form_repeat: ``(on, kind, interval, duration token)`` of the event of ``done`` (oldest first)
        starting ``back[t]`` ticks before ``t``; kind 0 where none starts there, 1 a rest, 2 a note
        reached by ``interval``, 3 a note with no sounding note before it (context included)."""
        if self.w_form == 0.0 or self.back[t] <= 0 or t < self.back[t]:
            return False, 0, 0, -1
        s0 = t - int(self.back[t])
        onset, lr = 0, self.ctx_rel
        for e in done:
            p, d = int(e) // self.n_dur, int(e) % self.n_dur
            rel = int(self.pitch_rel[p])
            if onset == s0:
                if rel == K.NO_PITCH:
                    return True, 1, 0, d
                if lr == K.NO_PITCH:
                    return True, 3, 0, d
                return True, 2, rel - lr, d
            if rel != K.NO_PITCH:
                lr = rel
            onset += int(self.dur_ticks[d])
        return True, 0, 0, -1

    def density_penalty(self, t, length, done):
        """density: weight × target × log2(events in the bar / target)² if the event of ``length`` ticks starting at
        ``t`` closes its bar (ends on or past the next bar line, or at the melody's end), else 0; the bar's
        events counted afresh from ``done`` (the melody so far, oldest first)."""
        end = t + length
        if self.w_density == 0.0 or (end < (t // self.bar + 1) * self.bar and end < self.total):
            return 0.0
        onset, n = 0, 1  # this event
        for e in done:
            if onset // self.bar == t // self.bar:
                n += 1
            onset += int(self.dur_ticks[int(e) % self.n_dur])
        r = math.log2(n / self.density_target)
        return self.w_density * self.density_target * (r * r)

    def children(self, t, hist, lr, li, rn, done=()):
        """Yield ``(p, d, delta, new_state)`` for every allowed continuation of a hypothesis at tick ``t``.

        ``hist`` lists the joint events before, most recent first (padded with the context);
        ``done`` the melody's events so far, oldest first (for form_repeat).
        Order: duration token, then pitch token, as the kernel generates them.
        """
        n_pitch, n_dur, start = self.n_pitch, self.n_dur, self.start
        c1 = n_pitch if hist[0] == start else hist[0] // n_dur
        c2 = n_pitch if hist[1] == start else hist[1] // n_dur
        e1 = n_dur if hist[0] == start else hist[0] % n_dur
        e2 = n_dur if hist[1] == start else hist[1] % n_dur
        nlp = neural_logp(self.first, self.b1, self.w2, self.b2, hist) if self.n_ctx else None
        row, drow = self.markov_rows(hist)
        forced = int(self.forced[t])
        f_on, f_kind, f_int, f_dur = self.form_target(t, done)
        for d in range(n_dur):
            length = int(self.dur_ticks[d])
            end = t + length
            if end > self.total or (self.fill_bars and t % self.bar + length > self.bar):
                continue
            if forced >= 0 and d != forced % n_dur:
                continue
            req = K.FLAG_FINAL if end == self.total else 0
            if self.cadence and self.next_phrase[t] <= end:
                if not self.strong[t] or length < self.beat:
                    continue
                if self.next_phrase[t] < self.total:
                    req |= K.FLAG_CADENCE
            sync = t % self.beat != 0 and end > (t // self.beat + 1) * self.beat
            for p in range(n_pitch):
                flags = int(self.pitch_flags[p])
                if not flags & K.FLAG_ALLOWED or (flags & req) != req:
                    continue
                if forced >= 0 and p != forced // n_dur:
                    continue
                rel = int(self.pitch_rel[p])
                is_rest = rel == K.NO_PITCH
                if is_rest:
                    if t == 0 and self.strong_start:
                        continue
                    if self.no_double_rest and c1 < n_pitch and self.pitch_rel[c1] == K.NO_PITCH:
                        continue
                else:
                    if lr != K.NO_PITCH and abs(rel - lr) > self.max_leap:
                        continue
                    if self.max_repeats > 0 and rel == lr and rn + 1 > self.max_repeats:
                        continue
                markov = self.pitch_logp[c2, c1, p] if row is None else self.ppm_logp[row, p]
                s = self.w_markov * float(markov)
                if self.n_ctx:
                    s += self.w_neural * nlp[p]
                s += float(self.pitch_bias[p])
                if not is_rest:
                    if lr != K.NO_PITCH:
                        new_int = rel - lr
                        if self.w_recover != 0.0 and abs(li) >= self.min_leap:
                            if not (1 <= abs(new_int) <= 2 and (new_int > 0) != (li > 0)):
                                s -= self.w_recover
                        if self.w_step != 0.0:
                            s -= self.w_step * (abs(new_int) / 12.0)
                        if self.w_leap != 0.0 and abs(new_int) < self.leap_target:
                            s -= self.w_leap * ((self.leap_target - abs(new_int)) / 12.0)
                    if self.w_contour != 0.0:
                        s -= self.w_contour * (abs(rel - float(self.contour[t])) / 12.0)
                    if self.w_fall != 0.0 and rel > float(self.fall[t]):
                        s -= self.w_fall * ((rel - float(self.fall[t])) / 12.0)
                if f_on:
                    if f_kind == 1 and not is_rest:
                        s -= self.w_form
                    elif f_kind >= 2 and (is_rest or (f_kind == 2 and lr != K.NO_PITCH and rel - lr != f_int)):
                        s -= self.w_form
                dur_markov = self.dur_logp[e2, e1, d] if drow is None else self.dppm_logp[drow, d]
                sdur = float(dur_markov) + float(self.dur_bias[d]) + float(self.metric[t, d])
                if f_on and d != f_dur:
                    sdur -= self.w_form
                sdur -= self.density_penalty(t, length, done)
                if self.w_note_density != 0.0:
                    r = math.log2(length / self.note_target)
                    sdur -= self.w_note_density * (r * r)
                delta = s + sdur
                if sync and self.w_rhythm != 0.0 and not is_rest:
                    delta -= self.w_rhythm
                if is_rest:
                    state = (lr, li, rn)
                else:
                    state = (rel, 0 if lr == K.NO_PITCH else rel - lr, rn + 1 if rel == lr else 1)
                yield p, d, delta, state


def beam_search(*args):
    """Same contract as ``composer.search._kernels.beam_search_kernel``, as a list of hypotheses.

    Returns a list of ``(joint_events, score, rank)``, best first.
    """
    pr = Problem(*args)
    init = [int(x) for x in pr.init_hist]
    # A hypothesis: (rank, serial, score, phi, events, last_rel, last_int, run)
    beams: list[list[tuple]] = [[] for _ in range(pr.total + 1)]
    beams[0] = [(0.0, -1, 0.0, 0.0, [], pr.ctx_rel, pr.ctx_int, 0)]
    serial = 0
    for t in range(pr.total):
        hyps = sorted(beams[t], key=lambda h: (-h[0], h[1]))[: pr.beam]
        for oi, (rank, _, score, phi, events, lr, li, rn) in enumerate(hyps):
            hist = (events[::-1] + init)[: len(init)]
            kids = list(pr.children(t, hist, lr, li, rn, events))
            if not kids:
                continue
            if pr.temperature > 0.0:
                xs = [delta / pr.temperature for _, _, delta, _ in kids]
                mx = max(xs)
                log_z = mx + math.log(sum(math.exp(x - mx) for x in xs))
                gs = [(phi + (x - log_z)) + gumbel(pr.seed, t * pr.beam + oi, p * pr.n_dur + d)
                      for (p, d, _, _), x in zip(kids, xs)]
                zmax = max(gs)
            for i, (p, d, delta, (nr, ni, nrun)) in enumerate(kids):
                if pr.temperature > 0.0:
                    gt = gs[i]
                    if gt >= zmax:
                        r = rank
                    else:
                        v = rank - gt + math.log1p(-math.exp(gt - zmax))
                        r = rank - max(v, 0.0) - math.log1p(math.exp(-abs(v)))
                    new_phi = phi + (delta / pr.temperature - log_z)
                else:
                    r = rank + delta
                    new_phi = 0.0
                end = t + int(pr.dur_ticks[d])
                beams[end].append((r, serial, score + delta, new_phi, events + [p * pr.n_dur + d], nr, ni, nrun))
                serial += 1
    final = sorted(beams[pr.total], key=lambda h: (-h[0], h[1]))[: pr.beam]
    return [(h[4], h[2], h[0]) for h in final]


def event_deltas(*args, events):
    """The score of each event of ``events`` (joint events, oldest first) as ``Problem.children`` gives it.

    The twin of ``_kernels.score_terms_kernel`` summed over its terms.
    """
    pr = Problem(*args)
    init = [int(x) for x in pr.init_hist]
    out, done, t = [], [], 0
    lr, li, rn = pr.ctx_rel, pr.ctx_int, 0
    for e in events:
        hist = (done[::-1] + init)[: len(init)]
        p, d = int(e) // pr.n_dur, int(e) % pr.n_dur
        delta, (lr, li, rn) = next((dl, st) for pp, dd, dl, st in pr.children(t, hist, lr, li, rn, done)
                         if (pp, dd) == (p, d))
        out.append(delta)
        done.append(int(e))
        t += int(pr.dur_ticks[d])
    return out


def exhaustive_best(*args):
    """The best score over every complete sequence satisfying the hard constraints (tiny problems only).

    Returns ``(best_score, best_sequences)``: every sequence reaching the best score.
    """
    pr = Problem(*args)
    init = [int(x) for x in pr.init_hist]
    best, winners = -math.inf, []

    def walk(t, events, score, lr, li, rn):
        nonlocal best, winners
        if t == pr.total:
            if score > best:
                best, winners = score, [list(events)]
            elif score == best:
                winners.append(list(events))
            return
        hist = (events[::-1] + init)[: len(init)]
        for p, d, delta, (nr, ni, nrun) in pr.children(t, hist, lr, li, rn, events):
            walk(t + int(pr.dur_ticks[d]), events + [p * pr.n_dur + d], score + delta, nr, ni, nrun)

    walk(0, [], 0.0, pr.ctx_rel, pr.ctx_int, 0)
    return best, winners


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
