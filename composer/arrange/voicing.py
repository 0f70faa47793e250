"""Voices for a harmony: a bass line and chord voicings chosen by dynamic programming for smallest motion.

Inputs are a ``Harmony`` (S slots) and the melody as a line ``(pitches, ticks)``.
Outputs are arrays:

- ``bass_line``: int64, shape (S,), one MIDI pitch per slot;
- ``chord_voicings``: int64, shape (S, k), ``k`` ascending MIDI pitches per slot;
- ``chorale_voices``: int64, shape (S, 2), tenor and alto per slot.

Hard rules (a candidate breaking one is never chosen; they are the voice-leading kinds of
the registry, ``composer.rules.constraints.ARRANGEMENT_KINDS``, and an error names the
kind and the bar when no voicing keeps them): every pitch is a chord tone inside its range
(``part_ranges``); the bass makes no parallel fifth or octave with the melody
(``outer_voices``); the bass and the chorale's inner voices resolve a leading tone to the
tonic from a dominant to the tonic chord (``leading_tone``); no accompaniment or inner voice
moves more than ``MAX_VOICE_MOTION`` semitones between chords (``smallest_motion``); the last
chord's bass is its root. Soft rules (costs): inversions, motion (the smallest wins),
leaps, parallels between other voice pairs.
"""

from __future__ import annotations

__all__ = ["bass_line", "walking_bass", "chord_voicings", "chorale_voices", "BASS_RANGE", "TENOR_RANGE", "ALTO_RANGE"]

from collections.abc import Callable, Sequence
from itertools import combinations, product

import numpy as np

from composer.arrange.voiceleading import is_parallel, sounding
from composer.errors import HarmonyError
from composer.harmony.progression import Harmony

#: Inclusive MIDI ranges of the voices (a cello/left-hand bass; SATB tenor and alto).
BASS_RANGE = (36, 55)
TENOR_RANGE = (48, 67)
ALTO_RANGE = (55, 74)

_INVERSION_COST = (0.0, 1.2, 2.5, 2.0)   # root, third, fifth, seventh in the bass
#: The ``smallest_motion`` kind's default: the largest move of an accompaniment or inner voice between chords.
MAX_VOICE_MOTION = 7


def _unresolved(harmony: Harmony, s: int, before: int, now: int) -> bool:
    """Whether a voice moving ``before -> now`` into slot ``s`` leaves a leading tone unresolved (``leading_tone``)."""
    from composer.arrange.check import is_dominant_to_tonic

    return (s > 0 and (before - harmony.tonic) % 12 == 11 and now != before + 1
            and is_dominant_to_tonic(int(harmony.chords[s - 1]), int(harmony.chords[s])))


def _cheapest(cands: Sequence[Sequence[object]], unary: Callable[[int, object], float],
              pair: Callable[[int, object, object], float]) -> tuple[list | None, int]:
    """Cheapest path through ``cands`` (one candidate per step; ``inf`` costs forbid).

    Returns the path, or None and the first step no finite path reaches.
    """
    cost = [np.array([unary(0, c) for c in cands[0]])]
    back: list[np.ndarray] = []
    for s in range(1, len(cands)):
        u = np.array([unary(s, c) for c in cands[s]])
        m = np.array([[pair(s, p, c) for c in cands[s]] for p in cands[s - 1]]) + cost[-1][:, None]
        b = np.argmin(m, axis=0)
        back.append(b)
        cost.append(m[b, np.arange(len(cands[s]))] + u)
    if not np.isfinite(cost[-1].min()):
        return None, next(i for i, c in enumerate(cost) if not np.isfinite(c.min()))
    k = int(np.argmin(cost[-1]))
    path = [k]
    for b in reversed(back):
        k = int(b[k])
        path.append(k)
    path.reverse()
    return [cands[s][k] for s, k in enumerate(path)], -1


def _dp(cands: Sequence[Sequence[object]], unary: Callable[[int, object], float],
        pair: Callable[[int, object, object], float], what: str, harmony: Harmony, bar_ticks: int,
        hard: str = "outer_voices") -> list:
    """Cheapest path with one candidate per harmony slot; errors name the rule (a voice-leading kind) and the bar.

    ``hard`` names the kinds ``pair`` forbids (infinite costs), for the message.
    """
    for s, c in enumerate(cands):
        if not c:
            bar = int(harmony.onsets[s]) // bar_ticks + 1
            raise HarmonyError(f"part_ranges: {what}: no pitch in range fits chord {harmony.names[s]} at bar {bar}; "
                               "widen the range")
    path, bad = _cheapest(cands, unary, pair)
    if path is None:
        bar = int(harmony.onsets[bad]) // bar_ticks + 1
        raise HarmonyError(f"{hard}: {what}: no voicing keeps {hard.replace(', ', ' and ')} into chord "
                           f"{harmony.names[bad]} at bar {bar}")
    return path


def _melody_at_slots(harmony: Harmony, melody: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    on = harmony.onsets
    before = sounding(melody[0], melody[1], np.maximum(on - 1, 0))
    before[0] = -1
    return before, sounding(melody[0], melody[1], on)


def bass_line(harmony: Harmony, melody: tuple[np.ndarray, np.ndarray], *, bar_ticks: int,
              low: int = BASS_RANGE[0], high: int = BASS_RANGE[1]) -> np.ndarray:
    """Return one bass pitch per slot, int64 shape (S,): chord tones, root position preferred, smallest motion,
    no parallel fifths or octaves with the melody, the last chord in root position.

    Raises
    ------
    HarmonyError
        When the range holds no tone of some chord, or every choice makes parallels (names the bar).
    """
    m_before, m_at = _melody_at_slots(harmony, melody)
    last = len(harmony.chords) - 1
    cands = []
    for s in range(len(harmony.chords)):
        pcs = harmony.pitch_classes(s)
        cands.append([(p, pcs.index(p % 12)) for p in range(low, high + 1) if p % 12 in pcs])
    centre = (low + high) / 2

    def unary(s: int, c: tuple[int, int]) -> float:
        if s == last and c[1] != 0:
            return np.inf
        return _INVERSION_COST[c[1]] + 0.02 * abs(c[0] - centre)

    def pair(s: int, p: tuple[int, int], c: tuple[int, int]) -> float:
        if is_parallel(int(m_before[s]), int(m_at[s]), p[0], c[0]) or _unresolved(harmony, s, p[0], c[0]):
            return np.inf
        leap = abs(c[0] - p[0])
        return 0.15 * leap + (1.5 if leap > 7 else 0.0)

    return np.array([c[0] for c in _dp(cands, unary, pair, "bass range", harmony, bar_ticks,
                                       "outer_voices, leading_tone")], dtype=np.int64)


def chord_voicings(harmony: Harmony, *, low: int, high: int, bar_ticks: int,
                   max_motion: int = MAX_VOICE_MOTION) -> np.ndarray:
    """Return close voicings (within an octave), int64 shape (S, 3): root, third and fifth of a triad, or root,
    third and seventh of a seventh chord, between ``low`` and ``high``, moving as little as possible (no voice
    more than ``max_motion`` semitones: ``smallest_motion``)."""
    cands = []
    for s in range(len(harmony.chords)):
        pcs = harmony.pitch_classes(s)
        need = pcs if len(pcs) == 3 else (pcs[0], pcs[1], pcs[3])
        options = [[p for p in range(low, high + 1) if p % 12 == pc] for pc in need]
        cands.append(sorted({tuple(sorted(v)) for v in product(*options) if max(v) - min(v) <= 12}))
    centre = (low + high) / 2

    def unary(s: int, c: tuple) -> float:
        return 0.05 * abs(sum(c) / len(c) - centre)

    def pair(s: int, p: tuple, c: tuple) -> float:
        moves = [abs(a - b) for a, b in zip(p, c)]
        return np.inf if max(moves) > max_motion else float(sum(moves))

    return np.array(_dp(cands, unary, pair, "accompaniment range", harmony, bar_ticks, "smallest_motion"),
                    dtype=np.int64)


def chorale_voices(harmony: Harmony, melody: tuple[np.ndarray, np.ndarray], bass: np.ndarray, *,
                   bar_ticks: int, max_motion: int = MAX_VOICE_MOTION) -> np.ndarray:
    """Return tenor and alto per slot, int64 shape (S, 2), for a four-part chorale over ``bass`` under the melody.

    Voices do not cross (hard); as costs: the chord complete (root, third and any
    seventh among the four voices), the leading tone never doubled, upper voices within
    an octave of each other, smallest motion, no parallels between any two voices; and as
    hard rules a leading tone moving up to the tonic when a dominant goes to the tonic chord
    (``leading_tone``) and no voice moving more than ``max_motion`` semitones (``smallest_motion``).
    """
    m_before, m_at = _melody_at_slots(harmony, melody)
    fallback = int(np.max(melody[0]))
    sop = [int(m) if m >= 0 else fallback for m in m_at]
    tonic = harmony.tonic
    cands = []
    for s in range(len(harmony.chords)):
        pcs = harmony.pitch_classes(s)
        # preferred ranges, widened down to the bass when the melody sits low (costed in unary)
        tenor = [p for p in range(max(int(bass[s]), BASS_RANGE[0] + 7), TENOR_RANGE[1] + 1) if p % 12 in pcs]
        alto = [p for p in range(TENOR_RANGE[0], min(ALTO_RANGE[1], sop[s]) + 1) if p % 12 in pcs]
        ok = [(t, a) for t, a in product(tenor, alto) if t <= a <= sop[s]]
        cands.append(ok)

    def unary(s: int, c: tuple) -> float:
        pcs = harmony.pitch_classes(s)
        voiced = {bass[s] % 12, c[0] % 12, c[1] % 12, sop[s] % 12}
        need = {pcs[0], pcs[1]} | ({pcs[3]} if len(pcs) == 4 else set())
        cost = 0.0 if set(pcs) <= voiced else 0.5
        cost += 0.0 if need <= voiced else 4.0                       # root and third (and seventh) present
        leading = sum((x - tonic) % 12 == 11 for x in (bass[s], c[0], c[1], sop[s]))
        cost += 3.0 * max(0, leading - 1)                            # never double the leading tone
        cost += 1.0 * (max(0, c[1] - c[0] - 12) + max(0, sop[s] - c[1] - 12))   # upper voices within an octave
        return cost + 0.3 * (max(0, TENOR_RANGE[0] - c[0]) + max(0, ALTO_RANGE[0] - c[1]))

    def pair(s: int, p: tuple, c: tuple) -> float:
        if max(abs(p[0] - c[0]), abs(p[1] - c[1])) > max_motion or any(
                _unresolved(harmony, s, p[v], c[v]) for v in (0, 1)):
            return np.inf
        cost = float(abs(p[0] - c[0]) + abs(p[1] - c[1]))
        # just before the change: the lower voices held since the last chord, the melody's last note
        prev = (int(bass[s - 1]), p[0], p[1], int(m_before[s]))
        now = (int(bass[s]), c[0], c[1], sop[s])
        for i, j in combinations(range(4), 2):
            if is_parallel(prev[j], now[j], prev[i], now[i]):
                cost += 5.0
        return cost

    return np.array(_dp(cands, unary, pair, "tenor/alto range", harmony, bar_ticks, "leading_tone, smallest_motion"),
                    dtype=np.int64)


def walking_bass(harmony: Harmony, melody: tuple[np.ndarray, np.ndarray], bass: np.ndarray, *, beat_ticks: int,
                 scale: frozenset[int] | set[int]) -> tuple[np.ndarray, np.ndarray] | None:
    """Return a walking bass, one note per beat, as ``(onsets, pitches)`` int64 arrays of one length, or None.

    Each slot's first beat plays ``bass[s]``; the other beats walk through the slot's
    chord tones, and the last beat before a new chord may take a scale tone (absolute
    pitch classes ``scale``) a step from the next bass note, approaching it. Steps cost
    least, repeated notes and leaps more; no move makes parallel fifths or octaves with
    the melody, and a leading tone walks to the tonic from a dominant to the tonic chord. None when no such walk exists (the caller keeps the held bass).
    """
    onsets: list[int] = []
    cands: list[list[int]] = []
    starts: dict[int, int] = {}     # beat index -> slot, for each slot's first beat
    n = len(harmony.chords)
    for s in range(n):
        pcs = harmony.pitch_classes(s)
        beats = range(int(harmony.onsets[s]), int(harmony.onsets[s] + harmony.lengths[s]), beat_ticks)
        for k, t in enumerate(beats):
            onsets.append(t)
            if k == 0:
                starts[len(onsets) - 1] = s
                cands.append([int(bass[s])])
                continue
            opts = {p for p in range(BASS_RANGE[0], BASS_RANGE[1] + 1) if p % 12 in pcs}
            if s + 1 < n and t + beat_ticks >= harmony.onsets[s] + harmony.lengths[s]:
                nxt = int(bass[s + 1])
                opts |= {nxt + d for d in (-2, -1, 1, 2) if (nxt + d) % 12 in scale
                         and BASS_RANGE[0] <= nxt + d <= BASS_RANGE[1]}
            cands.append(sorted(opts))
    at = np.array(onsets, dtype=np.int64)
    m_at = sounding(melody[0], melody[1], at)
    m_before = sounding(melody[0], melody[1], np.maximum(at - 1, 0))

    def unary(i: int, c: int) -> float:
        return 0.0

    def pair(i: int, p: int, c: int) -> float:
        if is_parallel(int(m_before[i]), int(m_at[i]), p, c) or (i in starts and _unresolved(harmony, starts[i], p, c)):
            return np.inf
        step = abs(c - p)
        return 1.5 if step == 0 else 0.0 if step <= 2 else 0.3 * step

    path, _ = _cheapest(cands, unary, pair)
    if path is None:
        return None
    return at, np.array(path, dtype=np.int64)
