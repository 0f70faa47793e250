"""Accompaniment patterns: chord voicings and a bass turned into timed notes, in the style's idiom.

Every pattern takes, per harmony slot ``s`` (onset ``onsets[s]`` and length
``lengths[s]`` in ticks), the voicing ``voicings[s]`` (ascending MIDI pitches) and the
bass ``bass[s]``, and returns notes as four int64 arrays of one length
``(onsets, lengths, pitches, velocities)``. The pulse (ticks between strikes) comes from
``pulse_ticks``: longer when calm, shorter when excited.

- ``block``: the chord struck on every pulse;
- ``alberti``: low–high–middle–high in pulses (Alberti bass);
- ``arpeggio``: the chord broken upwards then down, one note per pulse;
- ``pad``: the chord held through the slot;
- ``chorale``: the inner voices held through the slot (the four-part chorale's tenor and alto);
- ``chiptune``: a fast upward arpeggio over the chord, an octave higher, one note per sixteenth.

The bass part is returned by ``bass_notes``: the slot's bass held (calm) or repeated on
each beat (excited), never moving inside a slot, so the outer-voice check between
slots covers it.
"""

from __future__ import annotations

__all__ = ["PATTERNS", "pulse_ticks", "accompaniment_notes", "bass_notes", "Notes"]

import numpy as np

from composer.rules.parameters import ACCOMPANIMENTS

#: Notes as parallel int64 arrays of one length: onsets (ticks), lengths (ticks), MIDI pitches, velocities.
Notes = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]

#: The patterns, in the order of ``composer.rules.parameters.ACCOMPANIMENTS``.
PATTERNS: tuple[str, ...] = ACCOMPANIMENTS


def pulse_ticks(pattern: str, beat_ticks: int, arousal: float) -> int:
    """Return the ticks between strikes of ``pattern``: a beat when calm, half a beat above arousal 0.3
    (a quarter of a beat for arpeggios above 0.7); ``chiptune`` always a sixteenth, ``pad``/``chorale`` 0 (held)."""
    if pattern in ("pad", "chorale"):
        return 0
    if pattern == "chiptune":
        return 1
    if pattern == "alberti":
        return max(1, beat_ticks // 2)
    if pattern == "arpeggio" and arousal > 0.7:
        return max(1, beat_ticks // 4)
    return max(1, beat_ticks // 2) if arousal > 0.3 else beat_ticks


def _notes(rows: list[tuple[int, int, int, int]]) -> Notes:
    a = np.array(rows, dtype=np.int64).reshape(-1, 4)
    return a[:, 0].copy(), a[:, 1].copy(), a[:, 2].copy(), a[:, 3].copy()


def accompaniment_notes(pattern: str, onsets: np.ndarray, lengths: np.ndarray, voicings: np.ndarray, *,
                        beat_ticks: int, arousal: float, velocity: int) -> Notes:
    """Return the accompaniment's notes for ``pattern`` (see the module docstring).

    Parameters
    ----------
    pattern : str
        One of ``PATTERNS``.
    onsets, lengths : ndarray of int64, shape (S,)
        The harmony slots in ticks.
    voicings : ndarray of int64, shape (S, k)
        Ascending pitches of each slot's chord.
    beat_ticks : int
        Ticks per beat of the metre.
    arousal : float
        In [-1, 1]; sets the pulse.
    velocity : int
        MIDI velocity of the strikes (the first of each slot is 6 louder).
    """
    if pattern not in PATTERNS:
        raise ValueError(f"unknown accompaniment {pattern!r}; use one of {', '.join(PATTERNS)}")
    pulse = pulse_ticks(pattern, beat_ticks, arousal)
    rows: list[tuple[int, int, int, int]] = []
    for s, (on, length) in enumerate(zip(onsets.tolist(), lengths.tolist())):
        chord = [int(p) for p in voicings[s]]
        if pattern == "chiptune":
            chord = [p + 12 for p in chord]
        if pulse == 0:
            rows += [(on, length, p, velocity) for p in chord]
            continue
        if pattern == "alberti":
            order = [chord[0], chord[-1], chord[len(chord) // 2], chord[-1]]
        elif pattern == "arpeggio":
            order = chord + chord[-2:0:-1]
        elif pattern == "chiptune":
            order = chord + [chord[0] + 12]
        else:
            order = []
        for k, t in enumerate(range(on, on + length, pulse)):
            dur = min(pulse, on + length - t)
            v = min(127, velocity + (6 if k == 0 else 0))
            if pattern == "block":
                rows += [(t, dur, p, v) for p in chord]
            else:
                rows.append((t, dur, order[k % len(order)], v))
    return _notes(rows)


def bass_notes(onsets: np.ndarray, lengths: np.ndarray, bass: np.ndarray, *, beat_ticks: int, arousal: float,
               velocity: int, pulse: bool = False) -> Notes:
    """Return the bass part: each slot's pitch held, or struck on each beat when ``pulse`` or arousal > 0.5.

    Returns
    -------
    Notes
        The pitch never changes inside a slot.
    """
    rows: list[tuple[int, int, int, int]] = []
    step = beat_ticks if (pulse or arousal > 0.5) else 0
    for on, length, p in zip(onsets.tolist(), lengths.tolist(), bass.tolist()):
        if step == 0:
            rows.append((on, length, p, velocity))
        else:
            rows += [(t, min(step, on + length - t), p, velocity) for t in range(on, on + length, step)]
    return _notes(rows)
