"""Fitting a cue's length in seconds with whole bars: choose the bar count and the tempo.

A bar of a meter with ``q`` quarter notes (4/4: 4, 3/4: 3, 6/8: 3, 2/4: 2) lasts
``q * 60 / tempo`` seconds at ``tempo`` quarter notes per minute, so ``n`` bars last
``n * q * 60 / tempo`` seconds. For a requested duration ``D``, the tempo that makes
``n`` bars last exactly ``D`` is ``tempo = n * q * 60 / D``; it lies in
``[tempo_low, tempo_high]`` exactly when ``n`` lies in
``[D * tempo_low / (60 q), D * tempo_high / (60 q)]``. ``fit_duration`` picks the whole
``n`` in that interval nearest to the preferred tempo (preferring multiples of
``bar_multiple``, for regular phrases), then the tempo, rounded to ``TEMPO_DECIMALS``
decimals. The rounding moves the duration by at most ``D * 0.0005 / tempo`` seconds
(under 8 ms for a ten-minute cue at 40 quarter notes per minute).

When no whole number of bars fits (a cue shorter than one bar at the fastest tempo, or
a fixed tempo), the nearest whole bar count is taken, and the fit is refused when it
misses ``D`` by more than ``tolerance`` seconds.
"""

from __future__ import annotations

__all__ = ["DurationFit", "fit_duration", "bar_seconds", "DEFAULT_TEMPO_RANGE", "DURATION_TOLERANCE", "TEMPO_DECIMALS"]

import math
from dataclasses import dataclass

from composer.errors import ArgumentError
from composer.theory.meter import get_meter
from composer.theory.tempo import TEMPO_MAX, TEMPO_MIN

#: Tempo range used when a cue sets none, in quarter notes per minute (the legal range is ``theory.tempo``'s).
DEFAULT_TEMPO_RANGE: tuple[float, float] = (40.0, 200.0)
#: Largest allowed difference between a cue's requested and fitted length, in seconds.
DURATION_TOLERANCE = 0.5
#: Decimals kept in a fitted tempo.
TEMPO_DECIMALS = 3


@dataclass(frozen=True)
class DurationFit:
    """Bars and tempo that give a cue its length.

    Attributes
    ----------
    bars : int
        Whole bars, at least 1.
    tempo : float
        Quarter notes per minute.
    seconds : float
        The length they give: ``bars * bar_quarters * 60 / tempo``.
    error : float
        ``seconds`` minus the requested duration.
    """

    bars: int
    tempo: float
    seconds: float
    error: float


def bar_seconds(tempo: float, meter: str = "4/4") -> float:
    """Length of one bar in seconds at ``tempo`` quarter notes per minute.

    Examples
    --------
    >>> bar_seconds(120, "4/4"), bar_seconds(90, "6/8")
    (2.0, 2.0)
    """
    return get_meter(meter).bar_quarters * 60.0 / float(tempo)


def _check_tempo(name: str, x: object) -> float:
    if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(float(x)) \
            or not TEMPO_MIN <= float(x) <= TEMPO_MAX:
        raise ArgumentError(f"{name} must be a tempo in [{TEMPO_MIN}, {TEMPO_MAX}] quarter notes per minute, got {x!r}")
    return float(x)


def fit_duration(seconds: float, *, meter: str = "4/4", tempo_range: tuple[float, float] = DEFAULT_TEMPO_RANGE,
                 preferred_tempo: float | None = None, bar_multiple: int = 1,
                 tolerance: float = DURATION_TOLERANCE) -> DurationFit:
    """Choose whole bars and a tempo so that a cue lasts ``seconds``.

    Parameters
    ----------
    seconds : float
        Requested length, > 0.
    meter : str
        Time signature (``"2/4"``, ``"3/4"``, ``"4/4"``, ``"6/8"``).
    tempo_range : (float, float)
        Lowest and highest acceptable tempo, quarter notes per minute, within [30, 240];
        equal ends fix the tempo.
    preferred_tempo : float, optional
        The tempo the music would like (for example the style's tempo for the cue's
        emotion); the bar count whose tempo is nearest to it wins. Defaults to the middle
        of ``tempo_range``.
    bar_multiple : int
        Prefer bar counts that are multiples of this (e.g. 4 for four-bar phrases) when one fits.
    tolerance : float
        Largest accepted ``|error|`` in seconds.

    Returns
    -------
    DurationFit

    Raises
    ------
    ComposerError
        If an argument is invalid, or no whole number of bars within the tempo range
        comes within ``tolerance`` of ``seconds`` (the message gives the nearest fits).

    Examples
    --------
    >>> fit_duration(30.0, preferred_tempo=100)
    DurationFit(bars=13, tempo=104.0, seconds=30.0, error=0.0)
    >>> fit_duration(30.0, preferred_tempo=100, bar_multiple=4).bars
    12
    """
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not math.isfinite(float(seconds)) or seconds <= 0:
        raise ArgumentError(f"duration must be a number of seconds > 0, got {seconds!r}")
    d = float(seconds)
    try:
        q = get_meter(meter).bar_quarters
    except ValueError as e:
        raise ArgumentError(str(e)) from None
    if not isinstance(tempo_range, (tuple, list)) or len(tempo_range) != 2:
        raise ArgumentError(f"tempo_range must be (low, high), got {tempo_range!r}")
    lo, hi = _check_tempo("tempo_range low", tempo_range[0]), _check_tempo("tempo_range high", tempo_range[1])
    if lo > hi:
        raise ArgumentError(f"tempo_range must be (low, high) with low <= high, got {tempo_range!r}")
    pref = (lo + hi) / 2 if preferred_tempo is None else min(hi, max(lo, _check_tempo("preferred_tempo", preferred_tempo)))
    if isinstance(bar_multiple, bool) or not isinstance(bar_multiple, int) or bar_multiple < 1:
        raise ArgumentError(f"bar_multiple must be a whole number >= 1, got {bar_multiple!r}")
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not tolerance >= 0:
        raise ArgumentError(f"tolerance must be a number of seconds >= 0, got {tolerance!r}")

    per_tempo = d / (60.0 * q)  # bars per unit of tempo: n = tempo * per_tempo
    n_lo, n_hi = max(1, math.ceil(lo * per_tempo - 1e-9)), math.floor(hi * per_tempo + 1e-9)
    if n_lo <= n_hi:
        n_pref = pref * per_tempo
        first_m = -(-n_lo // bar_multiple) * bar_multiple
        last_m = (n_hi // bar_multiple) * bar_multiple
        if first_m <= last_m:  # a multiple of bar_multiple fits: the one nearest the preferred tempo
            n = min(last_m, max(first_m, int(math.floor(n_pref / bar_multiple + 0.5)) * bar_multiple))
        else:
            n = min(n_hi, max(n_lo, int(math.floor(n_pref + 0.5))))
        tempo = round(n / per_tempo, TEMPO_DECIMALS)
        tempo = min(hi, max(lo, tempo))
    else:
        # No whole bar count fits the range exactly: take the nearest at either end.
        options = []
        for t in (lo, hi):
            for n in {max(1, math.floor(t * per_tempo)), max(1, math.ceil(t * per_tempo))}:
                options.append((abs(n * 60.0 * q / t - d), n, t))
        _, n, tempo = min(options)
    got = n * 60.0 * q / tempo
    if abs(got - d) > tolerance:
        raise ArgumentError(
            f"{d:g} s cannot be filled with whole bars of {meter} at a tempo in [{lo:g}, {hi:g}] "
            f"within {tolerance:g} s: the nearest is {n} bar{'s' if n != 1 else ''} at {tempo:g} = {got:.2f} s; "
            "widen the tempo range, change the meter or the duration")
    return DurationFit(bars=int(n), tempo=float(tempo), seconds=got, error=got - d)
