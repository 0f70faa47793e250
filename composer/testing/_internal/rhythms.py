"""``rhythms()``: durations that fill bars exactly, built bar by bar so they shrink toward fewer, longer notes."""

from __future__ import annotations

__all__ = ["rhythms", "DEFAULT_DURATIONS", "check_bars", "check_durations", "draw_bar"]

from collections.abc import Sequence

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from composer.models.tokens import DURATION_TICKS
from composer.testing._internal.keys import METER_ORDER
from composer.testing._internal.registry import composite_strategy
from composer.testing._internal.validation import check_integer, check_interval, check_meter
from composer.testing._internal.values import Rhythm
from composer.theory.meter import get_meter

#: The durations the search uses, in sixteenth-note ticks (16th to whole note).
DEFAULT_DURATIONS: tuple[int, ...] = tuple(int(t) for t in DURATION_TICKS)

#: Default bounds on the number of bars drawn.
MIN_BARS, MAX_BARS = 1, 4


def check_bars(bars: object, min_bars: object, max_bars: object) -> tuple[int, int]:
    """Return the (low, high) number of bars from ``bars=`` or ``min_bars=``/``max_bars=`` (not both)."""
    if bars is not None:
        if min_bars is not None or max_bars is not None:
            raise InvalidArgument(f"give bars={bars!r} or min_bars/max_bars, not both")
        n = check_integer(bars, "bars", 1)
        return n, n
    lo = MIN_BARS if min_bars is None else check_integer(min_bars, "min_bars", 1)
    hi = max(lo, MAX_BARS) if max_bars is None else check_integer(max_bars, "max_bars", 1)
    check_interval(lo, hi, "min_bars", "max_bars")
    return lo, hi


def check_durations(durations: object) -> tuple[int, ...]:
    """Return the allowed durations, longest first, after checking they are distinct positive integers."""
    if isinstance(durations, (str, bytes)) or not isinstance(durations, Sequence) or not durations:
        raise InvalidArgument(f"durations={durations!r} must be a non-empty sequence of tick counts")
    values = [check_integer(d, "durations[]", 1) for d in durations]
    if len(set(values)) != len(values):
        raise InvalidArgument(f"durations={durations!r} has repeated values")
    return tuple(sorted(values, reverse=True))


def fillable(bar_ticks: int, durations: tuple[int, ...]) -> list[bool]:
    """``fillable[r]``: whether ``r`` ticks can be split exactly into ``durations``."""
    ok = [False] * (bar_ticks + 1)
    ok[0] = True
    for r in range(1, bar_ticks + 1):
        ok[r] = any(d <= r and ok[r - d] for d in durations)
    return ok


def draw_bar(draw: st.DrawFn, bar_ticks: int, durations: tuple[int, ...], ok: list[bool]) -> list[int]:
    """Split one bar into durations; each choice is an index into the durations that still fit, longest first,
    so every choice shrinks toward the note that fills the rest of the bar."""
    out: list[int] = []
    left = bar_ticks
    while left:
        fits = [d for d in durations if d <= left and ok[left - d]]
        d = fits[draw(st.integers(0, len(fits) - 1))]
        out.append(d)
        left -= d
    return out


def _rhythm_plan(*, meter: object = None, bars: object = None, min_bars: object = None, max_bars: object = None,
                 durations: object = DEFAULT_DURATIONS) -> tuple:
    meters = (check_meter(meter),) if meter is not None else METER_ORDER
    lo, hi = check_bars(bars, min_bars, max_bars)
    durs = check_durations(durations)
    usable = tuple(m for m in meters if fillable(get_meter(m).bar_ticks, durs)[-1])
    if not usable:
        raise InvalidArgument(f"durations={list(durations)!r} cannot fill a bar of "  # type: ignore[call-overload]
                              f"{' or '.join(meters)}")
    return usable, lo, hi, durs


@composite_strategy(_rhythm_plan)
def rhythms(
    draw: st.DrawFn,
    *,
    meter: str | None = None,
    bars: int | None = None,
    min_bars: int | None = None,
    max_bars: int | None = None,
    durations: Sequence[int] = DEFAULT_DURATIONS,
) -> Rhythm:
    """Rhythms: durations in sixteenth-note ticks that fill whole bars, none crossing a bar line.

    Parameters
    ----------
    meter : str or None
        A meter name (``"3/4"``); None draws one (meters whose bars the durations can fill).
    bars : int or None
        Exact number of bars; or give ``min_bars`` / ``max_bars`` (default 1 to 4).
    min_bars, max_bars : int or None
        Bounds on the number of bars.
    durations : sequence of int
        Allowed durations in ticks (default the search's: 1, 2, 3, 4, 6, 8, 12, 16).

    Each bar is split left to right, each step choosing among the durations that still
    fit (longest first), so a rhythm shrinks toward one note per bar.

    Raises
    ------
    InvalidArgument
        For an unknown meter, bad bar counts, giving both ``bars`` and ``min_bars``/``max_bars``,
        bad durations, or durations that cannot fill the meter's bar.
    """
    usable, lo, hi, durs = _rhythm_plan(meter=meter, bars=bars, min_bars=min_bars, max_bars=max_bars,
                                        durations=durations)
    name = draw(st.sampled_from(usable))
    bar_ticks = get_meter(name).bar_ticks
    ok = fillable(bar_ticks, durs)
    n = draw(st.integers(lo, hi))
    ticks: list[int] = []
    for _ in range(n):
        ticks.extend(draw_bar(draw, bar_ticks, durs, ok))
    return Rhythm(name, tuple(ticks))
