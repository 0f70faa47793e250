"""Tempo within a section: one tempo, or a ramp to the next section's tempo over its last bars.

A section's *tempo map* is a tuple of ``(tick, tempo)`` marks: from ``tick`` (sixteenth
notes from the section's start) on, the music moves at ``tempo`` quarter notes per
minute; the first mark is at tick 0.

**Ramps.** When the style's ``tempo_ramp_bars`` (evaluated at the earlier section's
emotion) is ``r > 0`` and the next section's tempo differs by at least
``RAMP_MIN_CHANGE`` (relative), the last ``min(r, bars - 1)`` bars of the section move
towards the next tempo in one step per beat: beat ``k`` of ``m`` takes the tempo
``t_k = T_pre + (T_next - T_pre) * k / (m + 1)``, rounded to a whole number but never
behind ``T_pre`` (so the tempo moves one way only), and the next
section starts at ``T_next`` itself. So that the section still lasts what it was fitted
to last (a cue's duration), the bars before the ramp move at the tempo ``T_pre`` that
makes the total come out right: ``P / 4 * 60 / T_pre + sum_k(b_k / 4 * 60 / t_k) =
seconds``, where ``P`` is the ticks before the ramp and ``b_k`` the ticks of ramp beat
``k`` (found by fixed-point iteration; an accelerando makes ``T_pre`` a little slower than
``T``, a ritardando a little faster). ``T_pre`` is rounded to ``TEMPO_DECIMALS`` decimals
(moving the length by at most a few milliseconds). A ramp that would need ``T_pre``
more than ``RAMP_MAX_SHIFT`` away from ``T`` (or outside [TEMPO_MIN, TEMPO_MAX]) is made over fewer bars,
or not at all.

**Glides.** A section whose emotion moves through it (a scene that builds: ``Section.arc``)
changes tempo bar by bar from its start to its end: bar ``k`` of ``n`` moves at
``c * (T_a + (T_b - T_a) * k / (n - 1))``, where ``T_a`` and ``T_b`` are the tempos the style
gives the scene's starting and ending emotion, and ``c`` scales every bar so that the section
still lasts the seconds it was fitted to (``sum_k bar_quarters * 60 / tempo_k = seconds``).
"""

from __future__ import annotations

__all__ = ["steady", "ramp_to", "glide", "RAMP_MIN_CHANGE", "RAMP_MAX_SHIFT", "TEMPO_DECIMALS"]

import math

from composer.theory.meter import TICKS_PER_QUARTER, get_meter
from composer.theory.tempo import TEMPO_MAX, TEMPO_MIN, TempoMap

#: Smallest relative tempo change that is ramped (a smaller one is not heard as a jump).
RAMP_MIN_CHANGE = 0.04
#: Largest relative change of the tempo before the ramp that keeping the section's length may need;
#: a ramp that needs more is made over fewer bars, or not at all.
RAMP_MAX_SHIFT = 0.15
#: Decimals kept in a tempo computed to keep a length.
TEMPO_DECIMALS = 3
#: Rounds of the fixed-point iteration that finds the pre-ramp tempo.
_FIXED_POINT_ROUNDS = 50


def steady(tempo: float) -> TempoMap:
    """A tempo map with one tempo throughout."""
    return ((0, float(tempo)),)


def ramp_to(tempo: float, next_tempo: float, *, bars: int, meter: str, ramp_bars: int) -> TempoMap:
    """The tempo map of a section of ``bars`` bars at ``tempo`` that ramps towards ``next_tempo``.

    Parameters
    ----------
    tempo : float
        The section's tempo, quarter notes per minute.
    next_tempo : float
        The next section's tempo.
    bars : int
        The section's length in bars.
    meter : str
        Its meter (the ramp moves once per beat: a quarter note, or a dotted quarter in 6/8).
    ramp_bars : int
        The style's ``tempo_ramp_bars``; 0 makes no ramp.

    Returns
    -------
    TempoMap
        ``steady(tempo)`` when no ramp is made (``ramp_bars`` 0, a one-bar section, a change
        under ``RAMP_MIN_CHANGE``, or no pre-ramp tempo within ``RAMP_MAX_SHIFT`` of ``tempo``
        keeps the length, even over fewer bars); otherwise a mark at 0 (``T_pre``) and one per ramp beat, over the
        most bars up to ``ramp_bars`` that work. Either way the section lasts
        ``bars * bar_quarters * 60 / tempo`` seconds (to within rounding).

    Examples
    --------
    >>> m = ramp_to(100.0, 140.0, bars=4, meter="4/4", ramp_bars=1)
    >>> m[0][1] < 100, [t for _, t in m[1:]]
    (True, [104.0, 113.0, 122.0, 131.0])
    >>> from composer.theory.tempo import map_seconds
    >>> round(map_seconds(m, 64), 3) == round(4 * 4 * 60 / 100, 3)
    True
    """
    for r in range(min(int(ramp_bars), int(bars) - 1), 0, -1):
        found = _ramp(float(tempo), float(next_tempo), bars=int(bars), meter=meter, r=r)
        if found is not None:
            return found
    return steady(tempo)


def _ramp(tempo: float, next_tempo: float, *, bars: int, meter: str, r: int) -> TempoMap | None:
    if abs(next_tempo - tempo) < RAMP_MIN_CHANGE * tempo:
        return None
    m = get_meter(meter)
    total = bars * m.bar_ticks
    ramp_start = (bars - r) * m.bar_ticks
    beats = list(range(ramp_start, total, m.beat_ticks))
    n = len(beats)
    seconds = total / TICKS_PER_QUARTER * 60.0 / tempo
    pre = float(tempo)
    # The ramp starts from the pre-ramp tempo, which depends on the ramp: a fixed point,
    # reached in a few rounds because a ramp of a few beats moves the pre-ramp tempo little.
    for _ in range(_FIXED_POINT_ROUNDS):
        steps = _steps(pre, next_tempo, n)
        if min(steps) <= 0:
            return None
        left = seconds - sum(m.beat_ticks / TICKS_PER_QUARTER * 60.0 / t for t in steps)
        if left <= 0:
            return None
        new = ramp_start / TICKS_PER_QUARTER * 60.0 / left
        if abs(new - pre) < 1e-6:
            break
        pre = new
    pre = round(pre, TEMPO_DECIMALS)
    steps = _steps(pre, next_tempo, n)
    left = seconds - sum(m.beat_ticks / TICKS_PER_QUARTER * 60.0 / t for t in steps)
    if left <= 0:
        return None
    pre = round(ramp_start / TICKS_PER_QUARTER * 60.0 / left, TEMPO_DECIMALS)
    if not TEMPO_MIN <= pre <= TEMPO_MAX or abs(next_tempo - pre) < RAMP_MIN_CHANGE * pre \
            or abs(pre - tempo) > RAMP_MAX_SHIFT * tempo or steps != _steps(pre, next_tempo, n):
        return None
    return ((0, pre),) + tuple(zip(beats, steps))


def _steps(pre: float, next_tempo: float, n: int) -> list[float]:
    """The ``n`` whole-number ramp tempos from ``pre`` towards ``next_tempo``, never behind ``pre``.

    Rounding alone can put the first step behind a fractional ``pre`` (40.3 -> 40 in a ramp up
    to 42); each step is kept on the far side of ``pre`` (rounded up in an accelerando, down in
    a ritardando), so the tempo moves one way only.
    """
    up = next_tempo > pre
    edge = math.ceil(pre) if up else math.floor(pre)
    steps = [round(pre + (next_tempo - pre) * (k + 1) / (n + 1)) for k in range(n)]
    return [float(max(s, edge) if up else min(s, edge)) for s in steps]


def glide(tempo_start: float, tempo_end: float, *, bars: int, meter: str, seconds: float) -> TempoMap:
    """The tempo map of a section that moves from ``tempo_start`` to ``tempo_end`` bar by bar.

    Parameters
    ----------
    tempo_start, tempo_end : float
        The tempos (quarter notes per minute) the style gives the emotion at the section's
        start and at its end; only their ratio and shape matter, the level is set by ``seconds``.
    bars : int
        The section's length in bars.
    meter : str
        Its meter.
    seconds : float
        How long the section must last, > 0.

    Returns
    -------
    TempoMap
        One mark per bar (at its first tick), tempos proportional to the straight line from
        ``tempo_start`` to ``tempo_end`` and scaled so that the section lasts ``seconds``
        (to within ``TEMPO_DECIMALS`` rounding), clipped to [TEMPO_MIN, TEMPO_MAX].
        ``steady`` (the tempo that lasts ``seconds``) for one bar, or when the two tempos
        differ by less than ``RAMP_MIN_CHANGE`` (relative).

    Examples
    --------
    >>> m = glide(80.0, 120.0, bars=4, meter="4/4", seconds=12.0)
    >>> [round(t, 1) for _, t in m]
    [65.5, 76.4, 87.3, 98.2]
    >>> from composer.theory.tempo import map_seconds
    >>> round(map_seconds(m, 64), 2)
    12.0
    """
    m = get_meter(meter)
    quarters = m.bar_ticks / TICKS_PER_QUARTER
    bars = int(bars)
    if bars < 2 or abs(tempo_end - tempo_start) < RAMP_MIN_CHANGE * min(tempo_start, tempo_end):
        return steady(round(bars * quarters * 60.0 / seconds, TEMPO_DECIMALS))
    shape = [tempo_start + (tempo_end - tempo_start) * k / (bars - 1) for k in range(bars)]
    c = sum(quarters * 60.0 / a for a in shape) / seconds
    tempos = [round(min(TEMPO_MAX, max(TEMPO_MIN, c * a)), TEMPO_DECIMALS) for a in shape]
    return tuple((k * m.bar_ticks, t) for k, t in enumerate(tempos))
