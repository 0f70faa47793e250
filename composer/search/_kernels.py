"""All numba code of the search: a time-synchronous beam search, its stochastic variant, and Viterbi.

Hypotheses are grouped by the tick at which their last event ends. Ticks are
processed in order; every hypothesis ending at tick ``t`` is extended by every
allowed (pitch, duration) pair into the beam of tick ``t + duration``, which keeps
its best ``beam_width`` entries (a buffer cut back by quickselect when full). Hypotheses in one beam always
cover the same stretch of time, so their scores compare fairly whatever their
number of notes. Backpointers, not copied histories, rebuild the winners; each
expanded hypothesis carries its models' context (its last few events), made from its
parent's by one shift.

Ordering is total and deterministic: a candidate ranks above another when its
ranking key is higher, or on a tie when it was generated first. Candidates are
generated hypothesis by hypothesis (best first), then duration token, then pitch
token. ``tests/naive.py`` holds the plain Python twins of this module.

Arguments are a few named groups of arrays and scalars (``typing.NamedTuple`` s, see
``composer.search.compile`` for how they are built); ``KernelArgs`` holds them all:

* ``Markov``: ``pitch_logp`` (float64, (n_pitch + 1, n_pitch + 1, n_pitch)) and ``dur_logp``
  (float64, (n_dur + 1, n_dur + 1, n_dur)), the order-2 tables (index ``n_pitch`` / ``n_dur`` =
  start), and the variable-order models (``composer.models.varorder.CompiledPPM``, see
  ``ppm_row``): ``ppm_keys``, ``ppm_start``, ``ppm_logp`` (n_ctx, n_pitch) over pitch tokens and
  ``dppm_keys``, ``dppm_start``, ``dppm_logp`` (n_ctx, n_dur) over duration tokens. When
  ``ppm_logp`` has rows, the pitch Markov term is its row for the longest stored suffix of
  the hypothesis's pitch tokens (the context before the melody included, ``START``
  ending it) instead of ``pitch_logp``; likewise ``dppm_logp`` for durations. Their
  longest order must not exceed ``init_hist``'s length.
* ``Neural``: ``first`` (C, n_pitch * n_dur + 1, H), ``b1`` (H,), ``w2`` (H, n_pitch),
  ``b2`` (n_pitch,); ``C = 0`` means no neural scorer (``w_neural`` must then be 0).
* ``Tables`` (per token): ``pitch_rel`` (int64, n_pitch): semitones above the reference
  tonic, the rest ``NO_PITCH``; ``pitch_flags`` (int64, n_pitch): ``FLAG_ALLOWED``,
  ``FLAG_FINAL`` (may end the melody), ``FLAG_CADENCE`` (may sound at an inner phrase end),
  never ``FLAG_FINAL`` or ``FLAG_CADENCE`` on the rest; ``pitch_bias`` (float64, n_pitch):
  score per pitch token (the rest's weight); ``dur_ticks`` (int64, n_dur): ticks per duration
  token; ``dur_bias`` (float64, n_dur): score per duration token (the rhythm_vocabulary term).
* ``Timeline`` (per tick, shape (total + 1,)): ``next_phrase`` (int64): the first phrase
  end after tick ``t`` (``total + 1`` when the cadence constraint is off); ``strong``
  (int64): 1 where tick ``t`` (taken within its bar) is a strong beat; ``contour``
  (float64): the contour's target pitch (semitones above the reference tonic) for a note
  starting at tick ``t``; ``fall`` (float64): the phrase_fall ceiling (semitones above the
  reference tonic) a note starting at tick ``t`` is pulled under (``NO_FALL`` where none);
  ``back`` (int64): the form_repeat offset in ticks, the event starting at tick ``t`` asked to
  copy the one starting ``back[t]`` ticks before (0: nothing to copy);
  ``forced`` (int64): the joint event ``pitch * n_dur + dur`` a
  hypothesis at tick ``t`` must continue with (a given motif), or -1; ``metric`` (float64,
  (total + 1, n_dur)): the metric_rhythm score of duration token ``d`` starting at tick ``t``.
* ``Context``: ``init_hist`` (int64, ≥ max(2, C)): the joint events before the melody,
  most recent first, ``START`` (``n_pitch * n_dur``) where there are none; ``last_rel`` and
  ``last_int``: the context's last sounding pitch (``NO_PITCH`` if none) and last interval.
* ``Rules``: the meter (``bar``, ``beat``, ``total`` in ticks), the hard constraints'
  settings and the soft constraints' weights (natural-log score units).
* ``Search``: ``beam``, ``seed``, ``temperature`` and the models' weights.

The score of an event is (``_pitch_score`` plus the duration's terms, shared by both
kernels and ``score_terms_kernel``; ``tests/naive.py`` has its plain twin, the same order
of floating-point operations)::

    w_markov * markov_pitch + w_neural * neural_pitch + pitch_bias
      - leap_recovery - step_motion - leap_size - contour - phrase_fall   (notes only)
    + markov_duration + dur_bias + metric[t, d]
    - density                          (per note; or, per bar, on the event closing a bar only)
    - rhythmic_regularity                              (syncopated notes only)
    - form_repeat (pitch and duration parts: what differs from the event ``back[t]`` ticks before)
"""

from __future__ import annotations

__all__ = [
    "beam_search_kernel", "viterbi_kernel", "score_terms_kernel", "splitmix64", "gumbel", "neural_logp_kernel",
    "ppm_row", "neural_pitch_logp", "NO_PITCH", "NO_FALL", "FLAG_ALLOWED", "FLAG_FINAL", "FLAG_CADENCE",
    "Markov", "Neural", "Tables", "Timeline", "Context", "Rules", "Search", "KernelArgs", "N_TERMS", "typed",
]

from typing import NamedTuple, get_type_hints

import numpy as np

from composer.search._jit import jit, jit_inline

NO_PITCH = -1000
#: ``Timeline.fall`` where no phrase_fall ceiling applies (above every pitch token).
NO_FALL = 1.0e9
FLAG_ALLOWED = 1
FLAG_FINAL = 2
FLAG_CADENCE = 4
#: Columns of ``score_terms_kernel``'s result, in ``composer.search.beam.TERMS`` order.
(T_PITCH_MODEL, T_NEURAL, T_DURATION_MODEL, T_RESTS, T_DENSITY, T_LEAP_RECOVERY, T_CONTOUR, T_RHYTHM, T_STEP,
 T_LEAP_SIZE, T_PHRASE_FALL, T_FORM, T_METRIC, T_VOCABULARY) = range(14)
N_TERMS = 14


class Markov(NamedTuple):
    """The Markov models: dense order-2 tables, or variable-order models (rows > 0)."""

    pitch_logp: np.ndarray
    dur_logp: np.ndarray
    ppm_keys: np.ndarray
    ppm_start: np.ndarray
    ppm_logp: np.ndarray
    dppm_keys: np.ndarray
    dppm_start: np.ndarray
    dppm_logp: np.ndarray


class Neural(NamedTuple):
    """The neural pitch scorer's tables (``first`` with C = 0 rows: none)."""

    first: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray


class Tables(NamedTuple):
    """Per-token arrays: pitch tokens' intervals, masks and biases; duration tokens' lengths and biases."""

    pitch_rel: np.ndarray
    pitch_flags: np.ndarray
    pitch_bias: np.ndarray
    dur_ticks: np.ndarray
    dur_bias: np.ndarray


class Timeline(NamedTuple):
    """Per-tick arrays, shape (total + 1,)."""

    next_phrase: np.ndarray
    strong: np.ndarray
    contour: np.ndarray
    forced: np.ndarray
    fall: np.ndarray
    back: np.ndarray
    metric: np.ndarray


class Context(NamedTuple):
    """What comes before the melody."""

    init_hist: np.ndarray
    last_rel: int
    last_int: int


class Rules(NamedTuple):
    """The meter, the hard constraints' settings and the soft constraints' weights."""

    bar: int
    beat: int
    total: int
    max_leap: int
    fill_bars: bool
    strong_start: bool
    no_double_rest: bool
    max_repeats: int
    cadence: bool
    min_leap: int
    w_recover: float
    w_contour: float
    w_rhythm: float
    w_step: float
    w_leap: float
    leap_target: float
    w_fall: float
    w_form: float
    w_density: float
    density_target: float
    w_note_density: float
    note_target: float


class Search(NamedTuple):
    """How to search: beam width, seed, temperature, and the models' weights."""

    beam: int
    seed: int
    temperature: float
    w_markov: float
    w_neural: float


def typed(group: type, **values: object) -> tuple:
    """Build a scalar group (``Rules``, ``Search``) with each field converted to its annotated type.

    The kernels are compiled for one type per field (int64, bool, float64): a ``numpy.int32``
    or a float given for an integer field would compile (and cache) another version.
    """
    types = get_type_hints(group)
    return group(**{k: types[k](v) for k, v in values.items()})


class KernelArgs(NamedTuple):
    """Every argument of ``beam_search_kernel``, in order (``*args`` calls it)."""

    markov: Markov
    neural: Neural
    tables: Tables
    timeline: Timeline
    context: Context
    rules: Rules
    search: Search

    def viterbi(self) -> tuple:
        """The arguments of ``viterbi_kernel``, in order."""
        return self.markov, self.tables, self.timeline, self.rules, self.search


_NEG_INF = -np.inf


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
def _select(idx, fp, ip, t, n, k):
    """Reorder ``idx[t, :n]`` so that its first ``k`` entries are the ``k`` best (unordered) and
    ``idx[t, k - 1]`` is the worst of them (quickselect under the total order). ``fp[t, slot, 0]`` is a
    payload slot's rank and ``ip[t, slot, 0]`` its serial (the beam kernel's records)."""
    lo = 0
    hi = n - 1
    kk = k - 1
    while lo < hi:
        # Median of three as the pivot.
        mid = (lo + hi) // 2
        a = idx[t, lo]
        b = idx[t, mid]
        c = idx[t, hi]
        if _worse(fp[t, a, 0], ip[t, a, 0], fp[t, b, 0], ip[t, b, 0]):
            a, b = b, a
        if _worse(fp[t, b, 0], ip[t, b, 0], fp[t, c, 0], ip[t, c, 0]):
            b, c = c, b
            if _worse(fp[t, a, 0], ip[t, a, 0], fp[t, b, 0], ip[t, b, 0]):
                a, b = b, a
        pr = fp[t, b, 0]
        ps = ip[t, b, 0]
        i = lo
        j = hi
        while i <= j:
            while _worse(pr, ps, fp[t, idx[t, i], 0], ip[t, idx[t, i], 0]):
                i += 1
            while _worse(fp[t, idx[t, j], 0], ip[t, idx[t, j], 0], pr, ps):
                j -= 1
            if i <= j:
                tmp = idx[t, i]
                idx[t, i] = idx[t, j]
                idx[t, j] = tmp
                i += 1
                j -= 1
        if kk <= j:
            hi = j
        elif kk >= i:
            lo = i
        else:
            return


@jit
def _best_first(slots, fp, ip, t, n):
    # Payload slots of tick t ordered best first (rank descending, then serial ascending), by heapsort
    # under the total order: any correct sort gives the same order, and this one compiles fast.
    idx = slots[t, :n].copy()
    for start in range(n // 2 - 1, -1, -1):
        _sift(idx, fp, ip, t, start, n)
    for end in range(n - 1, 0, -1):
        tmp = idx[0]
        idx[0] = idx[end]
        idx[end] = tmp
        _sift(idx, fp, ip, t, np.int64(0), end)  # not a literal 0: one specialisation to compile
    return idx


@jit
def _sift(idx, fp, ip, t, i, n):
    # Sift idx[i] down a heap whose root is the worst entry (so heapsort leaves the best first).
    while True:
        c = 2 * i + 1
        if c >= n:
            return
        a = idx[c]
        if c + 1 < n:
            b = idx[c + 1]
            if _worse(fp[t, b, 0], ip[t, b, 0], fp[t, a, 0], ip[t, a, 0]):
                c += 1
                a = b
        x = idx[i]
        if _worse(fp[t, a, 0], ip[t, a, 0], fp[t, x, 0], ip[t, x, 0]):
            idx[i] = a
            idx[c] = x
            i = c
        else:
            return


# exp by range reduction and a polynomial, in branch-free loops over contiguous arrays that LLVM
# vectorises (numba's own exp is a scalar libm call: without SVML it does not vectorise). exp(x) =
# 2**k * exp(r), k = round(x / ln 2), r = x - k ln 2 (Cody-Waite: ln 2 split in two so k * _LN2_HI is
# exact), |r| <= ln(2) / 2, exp(r) by its Taylor series to degree 13 (truncation below 1e-17 relative):
# within a few ulp of libm's exp, far below what can move a ranking (see _log_softmax_rows).
_LOG2E = 1.4426950408889634
_LN2_HI = 6.93147180369123816490e-01
_LN2_LO = 1.90821492927058770002e-10
_SHIFTER = 6755399441055744.0  # 1.5 * 2**52: x + _SHIFTER holds round(x) in its low mantissa bits
_SHIFTER_BITS = 0x4338000000000000
_EXP_FLOOR = -700.0  # exp below this is < 1e-304: nothing to a sum of at least 1


@jit
def _exp_into(x, n):
    """Overwrite ``x[:n]`` (float64, contiguous, every entry in [-700, 0]) with its exponential."""
    kf = np.empty(n)
    for q in range(n):
        kf[q] = x[q] * _LOG2E + _SHIFTER
    kb = kf.view(np.int64)
    bits = np.empty(n, dtype=np.int64)
    for q in range(n):
        bits[q] = (kb[q] - _SHIFTER_BITS + 1023) << 52
    scale = bits.view(np.float64)
    for q in range(n):
        k = kf[q] - _SHIFTER
        r = (x[q] - k * _LN2_HI) - k * _LN2_LO
        p = 1.0 / 6227020800.0
        p = p * r + 1.0 / 479001600.0
        p = p * r + 1.0 / 39916800.0
        p = p * r + 1.0 / 3628800.0
        p = p * r + 1.0 / 362880.0
        p = p * r + 1.0 / 40320.0
        p = p * r + 1.0 / 5040.0
        p = p * r + 1.0 / 720.0
        p = p * r + 1.0 / 120.0
        p = p * r + 1.0 / 24.0
        p = p * r + 1.0 / 6.0
        p = p * r + 0.5
        p = p * r + 1.0
        p = p * r + 1.0
        x[q] = p * scale[q]


@jit
def _log_softmax_rows(logits, n, out):
    # out[i, :] = logits[i, :] - logsumexp(logits[i, :]) for the first n rows of a C-contiguous logits.
    # The normaliser's exponentials go through _exp_into for all rows at once (vectorised); they move
    # lse by a few 1e-16 against libm's exp, and lse is the same for all of a hypothesis's children
    # and a function of its network context alone, so ties and orders among children are unchanged.
    m_cols = logits.shape[1]
    mx = np.empty(n)
    for i in range(n):
        m = logits[i, 0]
        for j in range(1, m_cols):
            m = max(m, logits[i, j])
        mx[i] = m
    e = np.empty(n * m_cols)
    for i in range(n):
        for j in range(m_cols):
            e[i * m_cols + j] = max(logits[i, j] - mx[i], _EXP_FLOOR)
    _exp_into(e, n * m_cols)
    for i in range(n):
        s = 0.0
        for j in range(m_cols):
            s += e[i * m_cols + j]
        lse = mx[i] + np.log(s)
        for j in range(m_cols):
            out[i, j] = logits[i, j] - lse


@jit
def _neural_forward(first, b1, w2, b2, hist, n, hidden, out):
    """Neural pitch log-probabilities for the first ``n`` histories, batched.

    ``hist`` (≥ n, ≥ C) holds joint events, most recent first; ``hidden`` (≥ n, H) is
    scratch; ``out`` (≥ n, n_pitch) receives the log-softmax over pitch tokens.
    """
    n_ctx = first.shape[0]
    h_dim = first.shape[2]
    for i in range(n):
        for j in range(h_dim):
            hidden[i, j] = b1[j]
        for c in range(n_ctx):
            row = hist[i, c]
            for j in range(h_dim):
                hidden[i, j] += first[c, row, j]
        for j in range(h_dim):
            if hidden[i, j] < 0.0:
                hidden[i, j] = 0.0
    # The output layer for the whole beam at once: one BLAS matrix product.
    logits = np.dot(hidden[:n], w2)
    for i in range(n):
        for j in range(logits.shape[1]):
            logits[i, j] += b2[j]
    _log_softmax_rows(logits, n, out)


@jit
def neural_logp_kernel(first, b1, w2, b2, hist):
    """Return the neural pitch log-probabilities, shape (n, n_pitch), for histories ``hist`` (n, C)."""
    n = hist.shape[0]
    hidden = np.empty((n, first.shape[2]))
    out = np.empty((n, w2.shape[1]))
    _neural_forward(first, b1, w2, b2, hist, n, hidden, out)
    return out


@jit_inline
def _duration_fit(rules, timeline, t, length):
    """Whether an event of ``length`` ticks may start at tick ``t`` (it ends by the melody's end,
    crosses no bar line under fill_bars, and at a phrase end starts on a strong beat and lasts a
    beat), the ``FLAG_*`` bits its pitch must carry there, and whether it is syncopated."""
    end = t + length
    ok = end <= rules.total and not (rules.fill_bars and t % rules.bar + length > rules.bar)
    req = 0
    if ok and end == rules.total:
        req |= FLAG_FINAL
    if ok and rules.cadence and timeline.next_phrase[t] <= end:
        if timeline.strong[t] == 0 or length < rules.beat:
            ok = False
        if timeline.next_phrase[t] < rules.total:
            req |= FLAG_CADENCE
    sync = (t % rules.beat != 0) and end > (t // rules.beat + 1) * rules.beat
    return ok, req, sync


@jit_inline
def _pitch_allowed(rules, t, rel, prev_rest, lr, rn):
    """Whether the pitch ``rel`` (``NO_PITCH``: a rest) may come at tick ``t`` after an event that
    was a rest (``prev_rest``), the sounding note ``lr`` and a run of ``rn`` repeats of it."""
    if rel == NO_PITCH:
        if t == 0 and rules.strong_start:
            return False
        return not (rules.no_double_rest and prev_rest)
    if lr != NO_PITCH and abs(rel - lr) > rules.max_leap:
        return False
    return not (rules.max_repeats > 0 and rel == lr and rn + 1 > rules.max_repeats)


@jit_inline
def _note_penalties(rules, rel, lr, li, target, ceiling):
    """The soft constraints' penalties (each >= 0, natural-log units) of a note ``rel`` semitones above
    the reference tonic, after the sounding note ``lr`` (``NO_PITCH``: none) reached by interval ``li``,
    with the contour's target ``target`` and the phrase_fall ``ceiling``:
    ``(leap_recovery, step_motion, leap_size, contour, phrase_fall)``."""
    recover = 0.0
    step = 0.0
    leap = 0.0
    if lr != NO_PITCH:
        new_int = rel - lr
        # A leap of at least min_leap semitones not followed by a step the other way.
        if rules.w_recover != 0.0 and abs(li) >= rules.min_leap:
            if not (1 <= abs(new_int) <= 2 and (new_int > 0) != (li > 0)):
                recover = rules.w_recover
        if rules.w_step != 0.0:
            step = rules.w_step * (abs(new_int) / 12.0)
        # An interval smaller than the target costs w_leap per twelfth of the shortfall.
        if rules.w_leap != 0.0:
            leap = rules.w_leap * (max(rules.leap_target - abs(new_int), 0.0) / 12.0)
    contour = 0.0
    if rules.w_contour != 0.0:
        contour = rules.w_contour * (abs(rel - target) / 12.0)
    fall = 0.0
    if rules.w_fall != 0.0 and rel > ceiling:
        fall = rules.w_fall * ((rel - ceiling) / 12.0)
    return recover, step, leap, contour, fall


@jit_inline
def _pitch_score(markov_lp, neural_lp, use_neural, bias, rel, lr, li, target, ceiling, rules, search):
    """The score of a pitch token: weighted model log-probabilities, its bias and, for a note, the
    soft penalties of ``_note_penalties`` (subtracting a zero penalty leaves the sum's bits unchanged)."""
    s = search.w_markov * markov_lp
    if use_neural:
        s += search.w_neural * neural_lp
    s += bias
    if rel != NO_PITCH:
        recover, step, leap, contour, fall = _note_penalties(rules, rel, lr, li, target, ceiling)
        s -= recover
        s -= step
        s -= leap
        s -= contour
        s -= fall
    return s


@jit_inline
def _rhythm_penalty(rules, sync, rel):
    """The rhythmic_regularity penalty (>= 0) of an event that is syncopated (``sync``) or not."""
    if sync and rules.w_rhythm != 0.0 and rel != NO_PITCH:
        return rules.w_rhythm
    return 0.0


@jit_inline
def _bar_density(rules, n_before, t, length):
    """The density penalty (>= 0) of an event of ``length`` ticks starting at tick ``t`` after
    ``n_before`` events of its bar, and the count the next event starts from: only the event that
    closes its bar (ends on or past the bar line, or at the melody's end) pays, weight × density_target
    × log2(events in the bar / density_target)² (what a per-note pull to the target length would charge
    a bar of equal notes), and resets the count to 0."""
    end = t + length
    if end < (t // rules.bar + 1) * rules.bar and end < rules.total:
        return 0.0, n_before + 1
    if rules.w_density == 0.0:
        return 0.0, np.int64(0)
    r = np.log2((n_before + 1) / rules.density_target)
    return rules.w_density * rules.density_target * (r * r), np.int64(0)


@jit_inline
def _note_density(rules, length):
    """The per-note density penalty (>= 0) of an event of ``length`` ticks: weight × log2(length /
    note_target)², the pull of every note to the target length (density's ``per: note``)."""
    if rules.w_note_density == 0.0:
        return 0.0
    r = np.log2(length / rules.note_target)
    return rules.w_note_density * (r * r)


@jit_inline
def _form_penalties(rules, kind, f_int, rel, lr):
    """The form_repeat penalty (>= 0) of the pitch ``rel`` (after the sounding note ``lr``) where the
    event to copy is ``kind``: 0 none (or no event starts there), 1 a rest, 2 a note reached by the
    interval ``f_int``, 3 a note with no note before it. A rest copies a rest; a note copies a note
    by its interval (a transposed repeat) when both have a note before them."""
    if kind == 0:
        return 0.0
    if kind == 1:
        return rules.w_form if rel != NO_PITCH else 0.0
    if rel == NO_PITCH:
        return rules.w_form
    if kind == 2 and lr != NO_PITCH and rel - lr != f_int:
        return rules.w_form
    return 0.0


@jit
def _ctx_slot(key, k, mask):
    # Home slot of the context (order k, encoded key) in a table of mask + 1 slots (a power of two).
    h = np.uint64(key) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(k) * np.uint64(0xC2B2AE3D27D4EB4F)
    h ^= h >> np.uint64(31)
    return np.int64(h & np.uint64(mask))


@jit
def _ctx_table(keys, order_start):
    """Open-addressed hash table (linear probing, load at most 1/2) over a compiled variable-order
    model's contexts: (order, key) -> row, the row ``ppm_row``'s binary search would find.

    Returns ``tkey``, ``tord``, ``trow`` (int64, shape (size,), ``tord`` -1 where empty) and ``size - 1``.
    """
    size = 16
    while size < 2 * keys.shape[0]:
        size *= 2
    mask = size - 1
    tkey = np.zeros(size, dtype=np.int64)
    tord = np.full(size, -1, dtype=np.int64)
    trow = np.zeros(size, dtype=np.int64)
    for k in range(1, order_start.shape[0] - 1):
        for i in range(order_start[k], order_start[k + 1]):
            h = _ctx_slot(keys[i], k, mask)
            while tord[h] >= 0 and not (tord[h] == k and tkey[h] == keys[i]):
                h = (h + 1) & mask
            if tord[h] < 0:  # a repeated key keeps its first row, as the binary search does
                tkey[h] = keys[i]
                tord[h] = k
                trow[h] = i
    return tkey, tord, trow, mask


@jit
def _history_row(tkey, tord, trow, mask, max_order, base, hist, i, start, n_dur, pitch):
    # ppm_row for hypothesis i's history through the hash table of _ctx_table: its pitch (or duration)
    # tokens, most recent first in hist[i] as joint events up to the first START; the longest stored
    # suffix, stopping at the first order that is not stored.
    best = np.int64(0)
    key = np.int64(0)
    mult = np.int64(1)
    for k in range(1, max_order + 1):
        if k > hist.shape[1]:
            break
        ev = hist[i, k - 1]
        if ev == start:
            break
        key += (ev // n_dur if pitch else ev % n_dur) * mult
        mult *= base
        h = _ctx_slot(key, k, mask)
        found = -1
        while tord[h] >= 0:
            if tord[h] == k and tkey[h] == key:
                found = trow[h]
                break
            h = (h + 1) & mask
        if found < 0:
            break
        best = found
    return best


@jit
def _nctx_slot(hist, i, n_ctx, mask):
    # Home slot of hypothesis i's network context hist[i, :n_ctx] in a table of mask + 1 slots.
    h = np.uint64(0)
    for c in range(n_ctx):
        h = (h ^ np.uint64(hist[i, c])) * np.uint64(0x9E3779B97F4A7C15)
    h ^= h >> np.uint64(31)
    return np.int64(h & np.uint64(mask))


@jit
def _cached_neural(first, b1, w2, b2, hist, n, hidden, miss_hist, ctx_tok, ctx_row, mask, lp, n_rows, rows):
    """Neural log-probabilities for the first ``n`` hypotheses, each context computed once per search.

    The network's output is a function of its context (the last C joint events) alone, and the
    hypotheses of a search share few distinct contexts (at beam 256, about 4,000 among 65,000), so
    ``lp`` keeps every row computed so far: ``lp[rows[i]]`` receives hypothesis i's row. ``ctx_tok``
    (slots, C) and ``ctx_row`` (slots,; -1 where empty) are an open-addressed hash table from context
    to row of ``lp``; ``n_rows[0]`` counts the rows in use. ``lp`` has ``beam`` rows beyond the
    table's capacity, used for this tick's new contexts once the cache is full. Only the new
    contexts go through the forward pass (``miss_hist`` is its scratch).
    """
    n_ctx = first.shape[0]
    cap = lp.shape[0] - hist.shape[0]
    nm = np.int64(0)  # typed from the start: a literal 0 would compile _neural_forward twice
    for i in range(n):
        h = _nctx_slot(hist, i, n_ctx, mask)
        found = -1
        while ctx_row[h] >= 0:
            same = True
            for c in range(n_ctx):
                if ctx_tok[h, c] != hist[i, c]:
                    same = False
                    break
            if same:
                found = ctx_row[h]
                break
            h = (h + 1) & mask
        if found < 0:
            if n_rows[0] < cap:
                found = n_rows[0]
                n_rows[0] += 1
                for c in range(n_ctx):
                    ctx_tok[h, c] = hist[i, c]
                ctx_row[h] = found
            else:
                found = cap + nm
            for c in range(n_ctx):
                miss_hist[nm, c] = hist[i, c]
            rows[nm + n] = found  # where the nm-th new context's row goes (scratch beyond rows[:n])
            nm += 1
        rows[i] = found
    if nm > 0:
        out = np.empty((nm, lp.shape[1]))
        _neural_forward(first, b1, w2, b2, miss_hist, nm, hidden, out)
        for q in range(nm):
            r = rows[n + q]
            for j in range(lp.shape[1]):
                lp[r, j] = out[q, j]


@jit
def _key_floor(g_parent, zmax, thr):
    """A Gumbel below which a child's truncated key is certainly below ``thr`` (stochastic beam).

    The truncated key ``-log(exp(-g_parent) - exp(-zmax) + exp(-g))`` rises with the child's Gumbel ``g``
    and reaches ``thr`` at ``g = g_parent - log(exp(g_parent - thr) - 1 + exp(g_parent - zmax))``; the
    floor is that less a margin (1e-9 relative) far above the rounding of either side, so a child it
    skips would also have failed the exact comparison. Returns -inf where it cannot say (the parent's
    key not above ``thr``, or an overflow).
    """
    if not g_parent > thr:
        return _NEG_INF
    x = np.exp(g_parent - thr) - 1.0 + np.exp(g_parent - zmax)
    if not (x > 0.0 and x < np.inf):
        return _NEG_INF
    g = g_parent - np.log(x)
    return g - 1e-9 * (1.0 + abs(g) + abs(g_parent))


@jit
def beam_search_kernel(markov, neural, tables, timeline, context, rules, search):
    """Run the beam search; return the finished hypotheses, best first.

    Parameters
    ----------
    markov : Markov
    neural : Neural
    tables : Tables
    timeline : Timeline
    context : Context
    rules : Rules
    search : Search
        The groups of the module docstring (``KernelArgs`` in order).

    Returns
    -------
    joint : ndarray of int64, shape (n_found, total)
        Joint event sequences (``pitch * n_dur + dur``), padded with -1.
    lengths : ndarray of int64, shape (n_found,)
        Number of events in each sequence.
    scores : ndarray of float64, shape (n_found,)
        Total score of each sequence.
    ranks : ndarray of float64, shape (n_found,)
        Ranking key: the score for the deterministic beam, the perturbed log-probability
        (a Gumbel sample) for the stochastic beam.
    stats : ndarray of int64, shape (3,)
        Hypotheses expanded; candidates in their reach (valid pitch × fitting duration,
        before the bound prunes most of them unscored); candidates stored in a beam buffer.
    """
    pitch_logp, dur_logp, ppm_keys, ppm_start, ppm_logp, dppm_keys, dppm_start, dppm_logp = markov
    first, b1, w2, b2 = neural
    pitch_rel, pitch_flags, pitch_bias, dur_ticks, dur_bias = tables
    next_phrase, strong, contour, forced, fall, f_back, metric = timeline
    init_hist = context.init_hist
    beam = search.beam
    total = rules.total
    stochastic = search.temperature > 0.0
    n_pitch = pitch_rel.shape[0]
    n_dur = dur_ticks.shape[0]
    start = n_pitch * n_dur
    n_ctx = first.shape[0]
    n_hist = init_hist.shape[0]
    use_ppm = ppm_logp.shape[0] > 0
    use_dppm = dppm_logp.shape[0] > 0

    # Per tick and payload slot, a candidate as two records (allocated once): fp[t, slot] = (rank, score,
    # phi: the stochastic beam's unperturbed sampling log-probability) and ip[t, slot] = (serial, back_t,
    # back_k, tok), so that storing one touches two cache lines rather than one per field. Each tick
    # collects candidates in a buffer of 2 * beam slots; a full buffer is cut to its best ``beam`` by
    # quickselect, and the worst kept becomes the threshold later candidates must beat. Most stored
    # candidates are displaced, so the melodic state (last_rel, last_int, run, bar_n: events so far in
    # the current bar) is derived from the parent's only for the survivors, when their tick is expanded.
    cap = 2 * beam
    shape = (total + 1, cap)
    fp = np.empty((total + 1, cap, 3))
    ip = np.empty((total + 1, cap, 4), dtype=np.int64)
    last_rel = np.empty(shape, dtype=np.int64)
    last_int = np.empty(shape, dtype=np.int64)
    run = np.empty(shape, dtype=np.int64)
    bar_n = np.empty(shape, dtype=np.int64)
    slots = np.empty(shape, dtype=np.int64)  # slots[t, :size[t]] are the live payload slots
    for i in range(total + 1):
        for j in range(cap):
            slots[i, j] = j
    size = np.zeros(total + 1, dtype=np.int64)
    thr_rank = np.full(total + 1, _NEG_INF)
    thr_serial = np.full(total + 1, -1, dtype=np.int64)
    has_thr = np.zeros(total + 1, dtype=np.bool_)
    # Each survivor's context (its last n_hist events, most recent first; see _history_row) in the order
    # it is expanded: hists[t, oi] for the survivor at order position pos[t, slot] = oi, made from its
    # parent's by one shift rather than by walking backpointers.
    hists = np.empty((total + 1, beam, n_hist), dtype=np.int64)
    pos = np.empty(shape, dtype=np.int64)
    for m in range(n_hist):
        hists[0, 0, m] = init_hist[m]
    pos[0, 0] = 0
    # Per-tick scratch.
    hidden = np.empty((beam, first.shape[2]))
    # The neural rows computed so far, by context (see _cached_neural): room for every hypothesis the
    # search can expand, at most 2**16 contexts, plus a tick's worth once that is full.
    n_cache = min(total * beam, 1 << 16) if n_ctx > 0 else 0
    n_slots = 16
    while n_slots < 2 * n_cache:
        n_slots *= 2
    nlp = np.empty((n_cache + beam, n_pitch))
    nlp_row = np.zeros(2 * beam, dtype=np.int64)
    ctx_tok = np.empty((n_slots, max(n_ctx, 1)), dtype=np.int64)
    ctx_row = np.full(n_slots, -1, dtype=np.int64)
    n_rows = np.zeros(1, dtype=np.int64)
    miss_hist = np.empty((beam, max(n_ctx, 1)), dtype=np.int64)
    sd = np.empty(n_dur)
    vd = np.zeros(n_dur, dtype=np.bool_)
    req = np.zeros(n_dur, dtype=np.int64)
    sync = np.zeros(n_dur, dtype=np.bool_)
    gbuf = np.empty((n_dur, n_pitch))
    cs = np.empty(n_pitch)  # per hypothesis: scores of its valid pitch tokens, best first
    cp = np.empty(n_pitch, dtype=np.int64)
    # The variable-order models' contexts as hash tables (built once per search, a few µs per thousand contexts).
    p_tkey, p_tord, p_trow, p_mask = _ctx_table(ppm_keys, ppm_start)
    d_tkey, d_tord, d_trow, d_mask = _ctx_table(dppm_keys, dppm_start)
    p_max_order = ppm_start.shape[0] - 2
    d_max_order = dppm_start.shape[0] - 2
    allowed = np.flatnonzero((pitch_flags & FLAG_ALLOWED) != 0)
    n_allowed = allowed.shape[0]

    # The empty hypothesis at tick 0.
    size[0] = 1
    fp[0, 0, 0] = 0.0  # rank
    fp[0, 0, 1] = 0.0  # score
    fp[0, 0, 2] = 0.0  # phi
    ip[0, 0, 0] = -1  # serial
    ip[0, 0, 1] = -1  # back_t
    ip[0, 0, 2] = -1  # back_k
    ip[0, 0, 3] = start  # tok
    last_rel[0, 0] = context.last_rel
    last_int[0, 0] = context.last_int
    run[0, 0] = 0
    bar_n[0, 0] = 0

    stats = np.zeros(3, dtype=np.int64)
    for t in range(total):
        n = size[t]
        if n == 0:
            continue
        if n > beam:
            _select(slots, fp, ip, t, n, beam)
            n = beam
            size[t] = n
        order = _best_first(slots, fp, ip, t, n)
        # The survivors' melodic state from their parents' (expanded at earlier ticks, so already derived).
        if t > 0:
            for oi in range(n):
                k = order[oi]
                pt = ip[t, k, 1]
                pk = ip[t, k, 2]
                ev = ip[t, k, 3]
                rel = pitch_rel[ev // n_dur]
                lr = last_rel[pt, pk]
                if rel == NO_PITCH:
                    last_rel[t, k] = lr
                    last_int[t, k] = last_int[pt, pk]
                    run[t, k] = run[pt, pk]
                else:
                    last_rel[t, k] = rel
                    last_int[t, k] = 0 if lr == NO_PITCH else rel - lr
                    run[t, k] = run[pt, pk] + 1 if rel == lr else 1
                bar_n[t, k] = _bar_density(rules, bar_n[pt, pk], pt, dur_ticks[ev % n_dur])[1]
        # Contexts from the parents' (the event, then the parent's context shifted by one), then the
        # batched neural forward pass.
        hist = hists[t]
        if t > 0:
            for oi in range(n):
                k = order[oi]
                pos[t, k] = oi
                po = pos[ip[t, k, 1], ip[t, k, 2]]
                pt = ip[t, k, 1]
                hist[oi, 0] = ip[t, k, 3]
                for m in range(1, n_hist):
                    hist[oi, m] = hists[pt, po, m - 1]
        if n_ctx > 0:
            _cached_neural(first, b1, w2, b2, hist, n, hidden, miss_hist, ctx_tok, ctx_row, n_slots - 1, nlp,
                           n_rows, nlp_row)
        # Duration tokens: which fit here, and what a phrase end asks of them (same for every hypothesis).
        f_joint = forced[t]
        for d in range(n_dur):
            ok, rq, sy = _duration_fit(rules, timeline, t, dur_ticks[d])
            vd[d] = ok and not (f_joint >= 0 and d != f_joint % n_dur)
            req[d] = rq
            sync[d] = sy

        for oi in range(n):
            k = order[oi]
            c1j = hist[oi, 0]
            c2j = hist[oi, 1]
            c1 = n_pitch if c1j == start else c1j // n_dur
            c2 = n_pitch if c2j == start else c2j // n_dur
            e1 = n_dur if c1j == start else c1j % n_dur
            e2 = n_dur if c2j == start else c2j % n_dur
            row = 0
            if use_ppm:
                row = _history_row(p_tkey, p_tord, p_trow, p_mask, p_max_order, n_pitch, hist, oi, start, n_dur, np.bool_(True))
            drow = 0
            if use_dppm:
                drow = _history_row(d_tkey, d_tord, d_trow, d_mask, d_max_order, n_dur, hist, oi, start, n_dur, np.bool_(False))
            lr = last_rel[t, k]
            li = last_int[t, k]
            rn = run[t, k]
            bn = bar_n[t, k]
            prev_rest = c1 < n_pitch and pitch_rel[c1] == NO_PITCH
            # form_repeat: the event of this hypothesis starting f_back[t] ticks before, by its backpointers.
            f_on = rules.w_form != 0.0 and f_back[t] > 0 and t >= f_back[t]
            f_kind = 0
            f_dur = -1
            f_int = 0
            if f_on:
                s0 = t - f_back[t]
                bt = t
                bk = k
                while ip[bt, bk, 1] > s0:
                    nt = ip[bt, bk, 1]
                    bk = ip[bt, bk, 2]
                    bt = nt
                if ip[bt, bk, 1] == s0:
                    f_dur = ip[bt, bk, 3] % n_dur
                    f_rel = pitch_rel[ip[bt, bk, 3] // n_dur]
                    f_lr = last_rel[s0, ip[bt, bk, 2]]
                    if f_rel == NO_PITCH:
                        f_kind = 1
                    elif f_lr == NO_PITCH:
                        f_kind = 3
                    else:
                        f_kind = 2
                        f_int = f_rel - f_lr
            base_rank = fp[t, k, 0]
            base_score = fp[t, k, 1]
            # Serials follow the canonical generation order (hypothesis, duration, pitch), whatever
            # order the loops below visit candidates in, so ties break as in the plain twin.
            serial0 = (t * beam + oi) * n_dur * n_pitch
            # Pitch tokens: validity and score (independent of the duration), kept best first.
            nv = 0
            for ai in range(n_allowed):
                p = allowed[ai]
                if f_joint >= 0 and p != f_joint // n_dur:
                    continue
                rel = pitch_rel[p]
                if not _pitch_allowed(rules, t, rel, prev_rest, lr, rn):
                    continue
                markov_lp = ppm_logp[row, p] if use_ppm else pitch_logp[c2, c1, p]
                neural_lp = nlp[nlp_row[oi], p] if n_ctx > 0 else 0.0
                s = _pitch_score(markov_lp, neural_lp, n_ctx > 0, pitch_bias[p], rel, lr, li, contour[t], fall[t],
                                 rules, search)
                if f_on:
                    s -= _form_penalties(rules, f_kind, f_int, rel, lr)
                # Insertion into the best-first list (score descending, token ascending).
                j = nv
                while j > 0 and cs[j - 1] < s:
                    cs[j] = cs[j - 1]
                    cp[j] = cp[j - 1]
                    j -= 1
                cs[j] = s
                cp[j] = p
                nv += 1
            if nv == 0:
                continue
            stats[0] += 1
            for d in range(n_dur):
                if vd[d]:
                    if use_dppm:
                        sd[d] = dppm_logp[drow, d] + dur_bias[d] + metric[t, d]
                    else:
                        sd[d] = dur_logp[e2, e1, d] + dur_bias[d] + metric[t, d]
                    if f_on and d != f_dur:
                        sd[d] -= rules.w_form
                    sd[d] -= _bar_density(rules, bn, t, dur_ticks[d])[0]
                    sd[d] -= _note_density(rules, dur_ticks[d])
                    stats[1] += nv

            g_parent = base_rank
            log_z = 0.0
            zmax = _NEG_INF
            base_phi = fp[t, k, 2]
            if stochastic:
                # Stochastic beam search (Kool et al. 2019): children's sampling log-probabilities
                # are the softmax of delta / temperature over the allowed children.
                # Skip a parent none of whose children can enter a full beam (child keys never exceed the parent's).
                can = False
                for d in range(n_dur):
                    if vd[d]:
                        end = t + dur_ticks[d]
                        if not has_thr[end] or g_parent > thr_rank[end]:
                            can = True
                if not can:
                    continue
                mx = _NEG_INF
                for d in range(n_dur):
                    if not vd[d]:
                        continue
                    for j in range(nv):
                        p = cp[j]
                        if (pitch_flags[p] & req[d]) != req[d]:
                            continue
                        delta = cs[j] + sd[d]
                        delta -= _rhythm_penalty(rules, sync[d], pitch_rel[p])
                        x = delta / search.temperature
                        gbuf[d, j] = x
                        if x > mx:
                            mx = x
                if mx == _NEG_INF:
                    continue
                tot = 0.0
                for d in range(n_dur):
                    if not vd[d]:
                        continue
                    for j in range(nv):
                        if (pitch_flags[cp[j]] & req[d]) != req[d]:
                            continue
                        tot += np.exp(gbuf[d, j] - mx)
                log_z = mx + np.log(tot)
                for d in range(n_dur):
                    if not vd[d]:
                        continue
                    for j in range(nv):
                        p = cp[j]
                        if (pitch_flags[p] & req[d]) != req[d]:
                            continue
                        g = (base_phi + (gbuf[d, j] - log_z)) + gumbel(search.seed, t * beam + oi, p * n_dur + d)
                        gbuf[d, j] = g
                        if g > zmax:
                            zmax = g
            for d in range(n_dur):
                if not vd[d]:
                    continue
                end = t + dur_ticks[d]
                sdd = sd[d]
                g_min = _NEG_INF
                if stochastic and has_thr[end]:
                    g_min = _key_floor(g_parent, zmax, thr_rank[end])
                for j in range(nv):
                    p = cp[j]
                    if stochastic and gbuf[d, j] < g_min:
                        continue  # its truncated key falls below the threshold: no need to compute it
                    if has_thr[end] and not stochastic:
                        # Pitches come best first and rhythm only lowers a score: once even this bound
                        # falls below the threshold, no later pitch can enter either.
                        if base_rank + (cs[j] + sdd) < thr_rank[end]:
                            break
                    if (pitch_flags[p] & req[d]) != req[d]:
                        continue
                    rel = pitch_rel[p]
                    delta = cs[j] + sdd
                    delta -= _rhythm_penalty(rules, sync[d], rel)
                    if stochastic:
                        gt = gbuf[d, j]
                        # The child's key: a Gumbel with location phi, truncated at the parent's key.
                        if gt >= zmax:
                            r = g_parent
                        else:
                            v = g_parent - gt + np.log1p(-np.exp(gt - zmax))
                            r = g_parent - max(v, 0.0) - np.log1p(np.exp(-abs(v)))
                    else:
                        r = base_rank + delta
                    cser = serial0 + d * n_pitch + p
                    if has_thr[end] and not _worse(thr_rank[end], thr_serial[end], r, cser):
                        continue
                    m = size[end]
                    if m == cap:
                        _select(slots, fp, ip, end, m, beam)
                        w = slots[end, beam - 1]
                        thr_rank[end] = fp[end, w, 0]
                        thr_serial[end] = ip[end, w, 0]
                        has_thr[end] = True
                        m = beam
                        if not _worse(thr_rank[end], thr_serial[end], r, cser):
                            size[end] = m
                            continue
                    slot = slots[end, m]
                    size[end] = m + 1
                    stats[2] += 1
                    fp[end, slot, 0] = r
                    fp[end, slot, 1] = base_score + delta
                    if stochastic:
                        fp[end, slot, 2] = base_phi + (delta / search.temperature - log_z)
                    ip[end, slot, 0] = cser
                    ip[end, slot, 1] = t
                    ip[end, slot, 2] = k
                    ip[end, slot, 3] = p * n_dur + d
    n_found = size[total]
    if n_found > beam:
        _select(slots, fp, ip, total, n_found, beam)
        n_found = beam
    final = _best_first(slots, fp, ip, total, n_found)
    out = np.full((n_found, total), -1, dtype=np.int64)
    lengths = np.zeros(n_found, dtype=np.int64)
    scores = np.zeros(n_found)
    ranks = np.zeros(n_found)
    rev = np.empty(total, dtype=np.int64)
    for i in range(n_found):
        k = final[i]
        scores[i] = fp[total, k, 1]
        ranks[i] = fp[total, k, 0]
        t = total
        m = 0
        while ip[t, k, 1] >= 0:
            rev[m] = ip[t, k, 3]
            m += 1
            nt = ip[t, k, 1]
            k = ip[t, k, 2]
            t = nt
        lengths[i] = m
        for j in range(m):
            out[i, j] = rev[m - 1 - j]
    return out, lengths, scores, ranks, stats


@jit
def viterbi_kernel(markov, tables, timeline, rules, search):
    """Exact best sequence under a first-order model with every hard constraint, by dynamic programming.

    Takes the groups of the module docstring (``KernelArgs.viterbi()``). Reads
    ``pitch_logp[n_pitch, prev, next]`` and ``dur_logp[n_dur, prev, next]``: exact for
    first-order tables (those that do not depend on the token two back). The state is
    (tick, last pitch token, last sounding pitch token, last duration token). Supports
    every term of the beam search except those that need more history (leap recovery,
    max repeats, the neural scorer) and context before the melody; the caller checks that.
    Ties go to the first transition found (states in token order, then duration, then pitch).

    Returns
    -------
    joint : ndarray of int64, shape (n,)
        The best joint event sequence (empty if none satisfies the constraints).
    best : float
        Its score (``-inf`` if none).
    """
    pitch_logp = markov.pitch_logp
    dur_logp = markov.dur_logp
    pitch_rel, pitch_flags, pitch_bias, dur_ticks, dur_bias = tables
    next_phrase, strong, contour, forced, fall, f_back, metric = timeline
    total = rules.total
    n_pitch = pitch_rel.shape[0]
    n_dur = dur_ticks.shape[0]
    ns = n_pitch + 1  # last token / last sounding token, n_pitch = none yet
    value = np.full((total + 1, ns, ns, n_dur + 1), _NEG_INF)
    back = np.full((total + 1, ns, ns, n_dur + 1), -1, dtype=np.int64)
    value[0, n_pitch, n_pitch, n_dur] = 0.0
    for t in range(total):
        f_joint = forced[t]
        for c1 in range(ns):
            for q in range(ns):
                for e1 in range(n_dur + 1):
                    base = value[t, c1, q, e1]
                    if base == _NEG_INF:
                        continue
                    lr = NO_PITCH if q == n_pitch else pitch_rel[q]
                    prev_rest = c1 < n_pitch and pitch_rel[c1] == NO_PITCH
                    for d in range(n_dur):
                        length = dur_ticks[d]
                        end = t + length
                        ok, r, sync = _duration_fit(rules, timeline, t, length)
                        if not ok or (f_joint >= 0 and d != f_joint % n_dur):
                            continue
                        sdur = dur_logp[n_dur, e1, d] + dur_bias[d] + metric[t, d]
                        sdur -= _note_density(rules, length)
                        for p in range(n_pitch):
                            flags = pitch_flags[p]
                            if (flags & FLAG_ALLOWED) == 0 or (flags & r) != r:
                                continue
                            if f_joint >= 0 and p != f_joint // n_dur:
                                continue
                            rel = pitch_rel[p]
                            is_rest = rel == NO_PITCH
                            if not _pitch_allowed(rules, t, rel, prev_rest, lr, 0):
                                continue
                            s = _pitch_score(pitch_logp[n_pitch, c1, p], 0.0, False, pitch_bias[p], rel, lr, 0,
                                             contour[t], fall[t], rules, search)
                            delta = s + sdur
                            delta -= _rhythm_penalty(rules, sync, rel)
                            v = base + delta
                            nq = q if is_rest else p
                            if v > value[end, p, nq, d]:
                                value[end, p, nq, d] = v
                                back[end, p, nq, d] = ((t * ns + c1) * ns + q) * (n_dur + 1) + e1
    # The best final state, then walk back.
    best = _NEG_INF
    bc = -1
    bq = -1
    be = -1
    for c1 in range(ns):
        for q in range(ns):
            for e1 in range(n_dur + 1):
                if value[total, c1, q, e1] > best:
                    best = value[total, c1, q, e1]
                    bc = c1
                    bq = q
                    be = e1
    if bc < 0:
        return np.zeros(0, dtype=np.int64), best
    rev = np.empty(total, dtype=np.int64)
    m = 0
    t = total
    while t > 0:
        rev[m] = bc * n_dur + be
        m += 1
        b = back[t, bc, bq, be]
        e1 = b % (n_dur + 1)
        b //= n_dur + 1
        q = b % ns
        b //= ns
        c1 = b % ns
        t = b // ns
        bc = c1
        bq = q
        be = e1
    out = np.empty(m, dtype=np.int64)
    for j in range(m):
        out[j] = rev[m - 1 - j]
    return out, best


@jit
def score_terms_kernel(markov, tables, timeline, context, rules, search, neural_lp, joint):
    """Split the score of one event sequence into its terms, event by event.

    Parameters
    ----------
    markov, tables, timeline, context, rules, search
        The groups of the module docstring.
    neural_lp : ndarray of float64, shape (n, n_pitch) or (0, n_pitch)
        The neural pitch log-probabilities before each event (no rows: no neural scorer).
    joint : ndarray of int64, shape (n,)
        The joint events ``pitch * n_dur + dur``.

    Returns
    -------
    ndarray of float64, shape (n, N_TERMS)
        Columns in ``composer.search.beam.TERMS`` order (``T_*``), each by the same
        arithmetic as the kernels' event score; penalties are negative.
    """
    pitch_rel, pitch_flags, pitch_bias, dur_ticks, dur_bias = tables
    n = joint.shape[0]
    n_pitch = pitch_rel.shape[0]
    n_dur = dur_ticks.shape[0]
    start = n_pitch * n_dur
    init_hist = context.init_hist
    n_hist = init_hist.shape[0]
    use_ppm = markov.ppm_logp.shape[0] > 0
    use_dppm = markov.dppm_logp.shape[0] > 0
    out = np.zeros((n, N_TERMS))
    hist = np.empty(n_hist, dtype=np.int64)
    stream = np.empty(n_hist, dtype=np.int64)
    lr = context.last_rel
    li = context.last_int
    t = 0
    bn = np.int64(0)
    starts = np.empty(n, dtype=np.int64)  # onset tick of each event
    lrs = np.empty(n, dtype=np.int64)  # the sounding note before each event
    for i in range(n):
        for m in range(n_hist):  # the events before event i, most recent first, padded with the context
            hist[m] = joint[i - 1 - m] if m < i else init_hist[m - i]
        p = joint[i] // n_dur
        d = joint[i] % n_dur
        c1 = n_pitch if hist[0] == start else hist[0] // n_dur
        c2 = n_pitch if hist[1] == start else hist[1] // n_dur
        e1 = n_dur if hist[0] == start else hist[0] % n_dur
        e2 = n_dur if hist[1] == start else hist[1] % n_dur
        n_known = 0
        while n_known < n_hist and hist[n_known] != start:
            n_known += 1
        if use_ppm:
            for m in range(n_known):
                stream[m] = hist[n_known - 1 - m] // n_dur
            markov_lp = markov.ppm_logp[ppm_row(markov.ppm_keys, markov.ppm_start, n_pitch, stream, n_known), p]
        else:
            markov_lp = markov.pitch_logp[c2, c1, p]
        if use_dppm:
            for m in range(n_known):
                stream[m] = hist[n_known - 1 - m] % n_dur
            out[i, T_DURATION_MODEL] = markov.dppm_logp[ppm_row(markov.dppm_keys, markov.dppm_start, n_dur, stream,
                                                                n_known), d]
        else:
            out[i, T_DURATION_MODEL] = markov.dur_logp[e2, e1, d]
        out[i, T_PITCH_MODEL] = search.w_markov * markov_lp
        if neural_lp.shape[0] > 0:
            out[i, T_NEURAL] = search.w_neural * neural_lp[i, p]
        out[i, T_RESTS] = pitch_bias[p]
        out[i, T_METRIC] = timeline.metric[t, d]
        out[i, T_VOCABULARY] = dur_bias[d]
        rel = pitch_rel[p]
        length = dur_ticks[d]
        dpen, bn = _bar_density(rules, bn, t, length)
        out[i, T_DENSITY] = -dpen - _note_density(rules, length)
        starts[i] = t
        lrs[i] = lr
        if rules.w_form != 0.0 and timeline.back[t] > 0 and t >= timeline.back[t]:
            s0 = t - timeline.back[t]
            f_kind = 0
            f_int = 0
            f_dur = -1
            for j in range(i):
                if starts[j] == s0:
                    f_dur = joint[j] % n_dur
                    f_rel = pitch_rel[joint[j] // n_dur]
                    if f_rel == NO_PITCH:
                        f_kind = 1
                    elif lrs[j] == NO_PITCH:
                        f_kind = 3
                    else:
                        f_kind = 2
                        f_int = f_rel - lrs[j]
            pen = _form_penalties(rules, f_kind, f_int, rel, lr)
            if d != f_dur:
                pen += rules.w_form
            out[i, T_FORM] = -pen
        if rel != NO_PITCH:
            recover, step, leap, contour, fall = _note_penalties(rules, rel, lr, li, timeline.contour[t],
                                                                 timeline.fall[t])
            out[i, T_LEAP_RECOVERY] = -recover
            out[i, T_STEP] = -step
            out[i, T_LEAP_SIZE] = -leap
            out[i, T_CONTOUR] = -contour
            out[i, T_PHRASE_FALL] = -fall
            li = 0 if lr == NO_PITCH else rel - lr
            lr = rel
        sync = (t % rules.beat != 0) and t + length > (t // rules.beat + 1) * rules.beat
        out[i, T_RHYTHM] = -_rhythm_penalty(rules, sync, rel)
        t += length
    return out


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
