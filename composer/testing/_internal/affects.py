"""Strategies for emotions: ``affects()`` (one point) and ``affect_curves()`` (keyframes over time)."""

from __future__ import annotations

__all__ = ["affects", "affect_curves", "axis_floats", "check_affect_bounds"]

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from composer.affect import Affect
from composer.testing._internal.registry import composite_strategy, defines_strategy
from composer.testing._internal.validation import check_integer, check_interval, check_number
from composer.testing._internal.values import Keyframes


def axis_floats(low: float, high: float) -> st.SearchStrategy[float]:
    # floats() shrinks toward 0 when 0 is allowed: toward the neutral emotion.
    # + 0.0 turns -0.0 into 0.0: floats(0.0, -0.0) is an empty interval to hypothesis.
    return st.floats(min_value=low + 0.0, max_value=high + 0.0, allow_nan=False, allow_infinity=False)


def check_affect_bounds(min_valence: float, max_valence: float, min_arousal: float, max_arousal: float) -> tuple[float, ...]:
    lv = check_number(min_valence, "min_valence", -1.0, 1.0)
    hv = check_number(max_valence, "max_valence", -1.0, 1.0)
    la = check_number(min_arousal, "min_arousal", -1.0, 1.0)
    ha = check_number(max_arousal, "max_arousal", -1.0, 1.0)
    check_interval(lv, hv, "min_valence", "max_valence")
    check_interval(la, ha, "min_arousal", "max_arousal")
    return lv, hv, la, ha


@defines_strategy
def affects(
    *,
    min_valence: float = -1.0,
    max_valence: float = 1.0,
    min_arousal: float = -1.0,
    max_arousal: float = 1.0,
) -> st.SearchStrategy[Affect]:
    """Emotions: ``composer.Affect`` points with valence and arousal inside the given bounds.

    Parameters
    ----------
    min_valence, max_valence, min_arousal, max_arousal : float
        Inclusive bounds, each in [-1, 1].

    Shrinks toward the neutral emotion ``Affect(0, 0)`` (or the bound nearest it).

    Raises
    ------
    InvalidArgument
        If a bound is not a number in [-1, 1], or a minimum is above its maximum.

    Examples
    --------
    >>> a = affects(min_valence=0.5).example()
    >>> a.valence >= 0.5
    True
    """
    lv, hv, la, ha = check_affect_bounds(min_valence, max_valence, min_arousal, max_arousal)
    return st.builds(Affect, valence=axis_floats(lv, hv), arousal=axis_floats(la, ha))


def _curve_validate(
    *,
    min_size: int = 1,
    max_size: int = 6,
    max_time: float = 600.0,
    min_gap: float = 0.5,
    min_valence: float = -1.0,
    max_valence: float = 1.0,
    min_arousal: float = -1.0,
    max_arousal: float = 1.0,
) -> tuple:
    lo = check_integer(min_size, "min_size", 1)
    hi = check_integer(max_size, "max_size", 1)
    check_interval(lo, hi, "min_size", "max_size")
    t = check_number(max_time, "max_time", 0.0, 1e9)
    gap = check_number(min_gap, "min_gap", 1e-3, 1e9)
    if (hi - 1) * gap > t:
        raise InvalidArgument(f"max_size={hi} keyframes at least min_gap={gap:g} s apart "
                              f"do not fit in max_time={t:g} s")
    return lo, hi, t, gap, check_affect_bounds(min_valence, max_valence, min_arousal, max_arousal)


@composite_strategy(_curve_validate)
def affect_curves(
    draw: st.DrawFn,
    *,
    min_size: int = 1,
    max_size: int = 6,
    max_time: float = 600.0,
    min_gap: float = 0.5,
    min_valence: float = -1.0,
    max_valence: float = 1.0,
    min_arousal: float = -1.0,
    max_arousal: float = 1.0,
) -> Keyframes:
    """Emotion curves as keyframes: ``((0.0, Affect), (t1, Affect), ...)``, times in seconds.

    ``composer`` has no ``AffectCurve`` type yet; until it has, a curve is this plain
    tuple of ``(time, Affect)`` pairs, sorted, the first at time 0.0, each later one at
    least ``min_gap`` seconds after the one before, none after ``max_time``. When
    ``composer.affect.AffectCurve`` arrives, this strategy will yield it, built from the
    same keyframes.

    Parameters
    ----------
    min_size, max_size : int
        Number of keyframes (at least 1).
    max_time : float
        Latest keyframe time in seconds.
    min_gap : float
        Smallest time between consecutive keyframes in seconds (> 0).
    min_valence, max_valence, min_arousal, max_arousal : float
        Bounds of every keyframe's emotion, as in :func:`affects`.

    Shrinks toward a single neutral keyframe ``((0.0, Affect(0, 0)),)``.

    Raises
    ------
    InvalidArgument
        For bad bounds, or when ``max_size`` keyframes ``min_gap`` apart cannot fit in ``max_time``.
    """
    lo, hi, t_max, gap, (lv, hv, la, ha) = _curve_validate(
        min_size=min_size, max_size=max_size, max_time=max_time, min_gap=min_gap,
        min_valence=min_valence, max_valence=max_valence, min_arousal=min_arousal, max_arousal=max_arousal)
    n = draw(st.integers(lo, hi))
    point = st.builds(Affect, valence=axis_floats(lv, hv), arousal=axis_floats(la, ha))
    frames: list[tuple[float, Affect]] = [(0.0, draw(point))]
    t = 0.0
    for i in range(1, n):
        # Leave room for the keyframes still to come; extra time shrinks toward 0 (evenly min_gap apart).
        room = t_max - t - (n - i) * gap
        t = t + gap + draw(st.floats(0.0, max(room, 0.0), allow_nan=False, allow_infinity=False))
        frames.append((t, draw(point)))
    return tuple(frames)
