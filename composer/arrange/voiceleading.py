"""The voice-leading rule the arrangement's searches apply, on single moves, and where a line sounds.

A line is a pair of 1-D int arrays ``(pitches, ticks)`` of the same length: MIDI pitch
of each event (-1 for a rest) and its length in sixteenth-note ticks, starting at tick 0
(the shape of ``Melody.pitches``/``Melody.ticks``). Whole lines are checked by the
user-facing predicates of ``composer.testing`` (``has_no_parallels``), which the tests
use to check the searches independently.
"""

from __future__ import annotations

__all__ = ["sounding", "is_parallel"]

import numpy as np


def sounding(pitches: np.ndarray, ticks: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Return the pitch sounding at each tick of ``at`` (int64, shape like ``at``), -1 in rests and after the end."""
    pitches = np.asarray(pitches, dtype=np.int64)
    ends = np.cumsum(np.asarray(ticks, dtype=np.int64))
    idx = np.searchsorted(ends, np.asarray(at), side="right")
    out = np.full(len(at), -1, dtype=np.int64)
    inside = idx < len(pitches)
    out[inside] = pitches[idx[inside]]
    return out


def is_parallel(a0: int, a1: int, b0: int, b1: int) -> bool:
    """Whether voice a moving ``a0 -> a1`` and voice b moving ``b0 -> b1`` at the same moment make parallel
    fifths or octaves: both move the same way, and the interval is a fifth (7 semitones modulo 12), or an
    octave or unison (0 modulo 12), before and after. A rest (-1) or a held note is never parallel.

    Examples
    --------
    >>> is_parallel(67, 69, 60, 62), is_parallel(67, 69, 60, 58), is_parallel(72, 74, 60, 62)
    (True, False, True)
    """
    if min(a0, a1, b0, b1) < 0 or a0 == a1 or b0 == b1 or (a1 - a0) * (b1 - b0) <= 0:
        return False
    i0, i1 = abs(a0 - b0) % 12, abs(a1 - b1) % 12
    return i0 == i1 and i0 in (0, 7)
