"""Voice-leading predicates over lines given as arrays: parallel perfect intervals, ranges, leading tones.

A line is a pair of 1-D int arrays ``(pitches, ticks)`` of the same length: MIDI pitch
of each event (-1 for a rest) and its length in sixteenth-note ticks, starting at tick 0
(the shape of ``Melody.pitches``/``Melody.ticks``). Two lines are compared at every
tick where either starts a new event.
"""

from __future__ import annotations

__all__ = ["Violation", "sounding", "parallel_perfects", "out_of_range", "unresolved_leading_tones"]

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Violation:
    """One voice-leading fault.

    Attributes
    ----------
    kind : str
        ``"parallel_fifths"``, ``"parallel_octaves"``, ``"range"`` or ``"leading_tone"``.
    tick : int
        Where it happens, in ticks from the beginning (the second chord of a parallel).
    detail : str
        The pitches involved, for messages.
    """

    kind: str
    tick: int
    detail: str

    def where(self, bar_ticks: int) -> str:
        """Return ``"bar B, tick T"`` (1-based bar) for a bar of ``bar_ticks`` ticks."""
        bar, tick = divmod(self.tick, bar_ticks)
        return f"bar {bar + 1}, tick {tick}"


def sounding(pitches: np.ndarray, ticks: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Return the pitch sounding at each tick of ``at`` (int64, shape like ``at``), -1 in rests and after the end."""
    pitches = np.asarray(pitches, dtype=np.int64)
    ends = np.cumsum(np.asarray(ticks, dtype=np.int64))
    idx = np.searchsorted(ends, np.asarray(at), side="right")
    out = np.full(len(at), -1, dtype=np.int64)
    inside = idx < len(pitches)
    out[inside] = pitches[idx[inside]]
    return out


def _onsets(ticks: np.ndarray) -> np.ndarray:
    return np.concatenate(([0], np.cumsum(np.asarray(ticks, dtype=np.int64))[:-1]))


def parallel_perfects(upper: tuple[np.ndarray, np.ndarray], lower: tuple[np.ndarray, np.ndarray]) -> list[Violation]:
    """Return the parallel fifths and octaves (unisons and compound intervals included) between two lines.

    Two lines move in parallel perfect intervals when, from one onset to the next, both
    move in the same direction and the interval between them is a perfect fifth (7
    semitones modulo 12) or an octave/unison (0 modulo 12) before and after. A rest in
    either line breaks the succession.

    Examples
    --------
    >>> import numpy as np
    >>> up = (np.array([67, 69]), np.array([4, 4]))
    >>> low = (np.array([60, 62]), np.array([4, 4]))
    >>> [v.kind for v in parallel_perfects(up, low)]
    ['parallel_fifths']
    """
    times = np.union1d(_onsets(upper[1]), _onsets(lower[1]))
    end = min(int(np.sum(upper[1])), int(np.sum(lower[1])))
    times = times[times < end]
    u = sounding(upper[0], upper[1], times)
    lo = sounding(lower[0], lower[1], times)
    out: list[Violation] = []
    for k in range(1, len(times)):
        a0, a1, b0, b1 = u[k - 1], u[k], lo[k - 1], lo[k]
        if min(a0, a1, b0, b1) < 0 or a0 == a1 or b0 == b1 or (a1 - a0) * (b1 - b0) <= 0:
            continue
        i0, i1 = abs(a0 - b0) % 12, abs(a1 - b1) % 12
        if i0 == i1 and i0 in (0, 7):
            kind = "parallel_fifths" if i0 == 7 else "parallel_octaves"
            out.append(Violation(kind, int(times[k]), f"{a0}/{b0} -> {a1}/{b1}"))
    return out


def out_of_range(line: tuple[np.ndarray, np.ndarray], low: int, high: int) -> list[Violation]:
    """Return a ``"range"`` violation for each note of ``line`` outside ``[low, high]`` (MIDI pitches)."""
    p = np.asarray(line[0])
    on = _onsets(line[1])
    return [Violation("range", int(on[i]), f"{int(p[i])} outside {low}..{high}")
            for i in np.flatnonzero((p >= 0) & ((p < low) | (p > high)))]


def unresolved_leading_tones(line: tuple[np.ndarray, np.ndarray], tonic: int,
                             resolve_at: np.ndarray | None = None) -> list[Violation]:
    """Return a ``"leading_tone"`` violation where ``line``'s leading tone (a semitone below the tonic)
    is followed by anything but the tonic a semitone above.

    Only successions whose second note starts at a tick in ``resolve_at`` (e.g. the onsets of
    tonic chords after a dominant) are checked when given; a rest or the line's end releases it.
    """
    p = np.asarray(line[0])
    on = _onsets(line[1])
    out = []
    for i in range(len(p) - 1):
        if p[i] < 0 or p[i + 1] < 0 or (p[i] - tonic) % 12 != 11 or p[i + 1] == p[i]:
            continue
        if resolve_at is not None and on[i + 1] not in set(np.asarray(resolve_at).tolist()):
            continue
        if p[i + 1] != p[i] + 1:
            out.append(Violation("leading_tone", int(on[i + 1]), f"{int(p[i])} -> {int(p[i + 1])}"))
    return out
