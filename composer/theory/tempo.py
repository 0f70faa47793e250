"""Tempo maps: tempo marks at ticks, and the time in seconds they give each tick."""

from __future__ import annotations

__all__ = ["TempoMap", "tick_seconds", "map_seconds", "check_tempo_map", "TEMPO_MIN", "TEMPO_MAX"]

import math

import numpy as np

from composer.errors import ArgumentError
from composer.theory.meter import TICKS_PER_QUARTER

#: The legal tempo range, quarter notes per minute (inclusive): the ``tempo`` parameter's, a cue's,
#: a fitted or ramped tempo's.
TEMPO_MIN = 30
TEMPO_MAX = 240

#: A tempo map: ``(tick, quarter notes per minute)`` marks; the first at tick 0, ticks strictly
#: increasing. From a mark's tick on, the music moves at its tempo.
TempoMap = tuple[tuple[int, float], ...]


def check_tempo_map(tempo_map: TempoMap) -> TempoMap:
    """Return ``tempo_map`` as a tuple of ``(int, float)`` after checking it.

    Raises
    ------
    ValueError
        If it is empty, does not start at tick 0, its ticks do not increase, or a tempo is
        not a finite number > 0.
    """
    marks = tuple((int(t), float(b)) for t, b in tempo_map)
    if not marks or marks[0][0] != 0:
        raise ArgumentError("a tempo map starts with a mark at tick 0")
    if any(b[0] <= a[0] for a, b in zip(marks, marks[1:])):
        raise ArgumentError("tempo map ticks must increase")
    if any(not math.isfinite(b) or b <= 0 for _, b in marks):
        raise ArgumentError("tempos must be finite numbers > 0")
    return marks


def map_seconds(tempo_map: TempoMap, total_ticks: int) -> float:
    """Length in seconds of ``total_ticks`` ticks played with ``tempo_map``.

    Examples
    --------
    >>> map_seconds(((0, 120.0), (8, 60.0)), 16)   # two beats at 120, two at 60
    3.0
    """
    return float(tick_seconds(tempo_map, np.array([total_ticks]))[0])


def tick_seconds(tempo_map: TempoMap, ticks: np.ndarray) -> np.ndarray:
    """Seconds from the section's start to each tick.

    Parameters
    ----------
    tempo_map : TempoMap
        The section's marks.
    ticks : ndarray of int, shape (n,)
        Ticks from the section's start, >= 0.

    Returns
    -------
    ndarray of float64, shape (n,)
    """
    ticks = np.asarray(ticks, dtype=np.float64)
    starts = np.array([t for t, _ in tempo_map], dtype=np.float64)
    sec_per_tick = np.array([60.0 / bpm / TICKS_PER_QUARTER for _, bpm in tempo_map])
    # seconds at each mark
    at_mark = np.concatenate(([0.0], np.cumsum(np.diff(starts) * sec_per_tick[:-1])))
    i = np.searchsorted(starts, ticks, side="right") - 1
    i = np.clip(i, 0, len(starts) - 1)
    return at_mark[i] + (ticks - starts[i]) * sec_per_tick[i]
