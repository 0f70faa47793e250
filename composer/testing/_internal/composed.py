"""``composed_melodies()``: melodies from the real search, for a drawn emotion, seed and length."""

from __future__ import annotations

__all__ = ["composed_melodies"]

from pathlib import Path

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from composer.compose import DEFAULT_BEAM_WIDTH, compose
from composer.errors import RuleError
from composer.melody import Melody
from composer.rules.style import Style, load_style
from composer.testing._internal.affects import axis_floats, check_affect_bounds
from composer.testing._internal.registry import composite_strategy
from composer.testing._internal.rhythms import check_bars
from composer.testing._internal.validation import check_integer

#: Default bounds on the number of bars: short, so that each example composes quickly.
MIN_BARS, MAX_BARS = 1, 2


def _plan(
    *,
    style: object = "default",
    bars: object = None,
    min_bars: object = None,
    max_bars: object = None,
    beam_width: object = DEFAULT_BEAM_WIDTH,
    min_valence: float = -1.0,
    max_valence: float = 1.0,
    min_arousal: float = -1.0,
    max_arousal: float = 1.0,
) -> tuple:
    if not isinstance(style, (str, Path, Style)):
        raise InvalidArgument(f"style={style!r} must be a style name, a path to a style file, or a Style")
    try:
        style_obj = load_style(style)
    except RuleError as e:
        raise InvalidArgument(f"style={style!r} cannot be used: {e}") from e
    if bars is None and min_bars is None and max_bars is None:
        lo, hi = MIN_BARS, MAX_BARS
    else:
        lo, hi = check_bars(bars, min_bars, max_bars)
    if hi > 256:
        raise InvalidArgument(f"max_bars={hi} is more than compose() accepts (256)")
    width = check_integer(beam_width, "beam_width", 1, 4096)
    return style_obj, lo, hi, width, check_affect_bounds(min_valence, max_valence, min_arousal, max_arousal)


@composite_strategy(_plan)
def composed_melodies(
    draw: st.DrawFn,
    *,
    style: str | Path | Style = "default",
    bars: int | None = None,
    min_bars: int | None = None,
    max_bars: int | None = None,
    beam_width: int = DEFAULT_BEAM_WIDTH,
    min_valence: float = -1.0,
    max_valence: float = 1.0,
    min_arousal: float = -1.0,
    max_arousal: float = 1.0,
) -> Melody:
    """Melodies composed by ``composer.compose`` for a drawn emotion, seed and number of bars.

    Parameters
    ----------
    style : str, Path or Style
        A shipped style name, a path to a style file, or a ``Style`` (loaded and validated
        when the strategy is created).
    bars : int or None
        Exact number of bars; or ``min_bars``/``max_bars`` (default 1 to 2: the search
        runs once per example, so keep melodies short).
    beam_width : int
        Passed to ``compose``.
    min_valence, max_valence, min_arousal, max_arousal : float
        Bounds of the emotion drawn, as in :func:`affects`.

    The melody's ``affect`` and ``seed`` say what it was composed for, so
    ``style.evaluate(m.affect, seed=m.seed)`` gives its parameters and constraints again.
    Shrinks toward the neutral emotion, seed 0 and the fewest bars. Errors from
    ``compose`` itself (a ``RuleError`` when a style evaluates outside a legal range at
    some emotion, a ``SearchError`` when its constraints leave no melody) are not
    caught: they are failures of the style under test.

    Raises
    ------
    InvalidArgument
        For a style that cannot be loaded, bad bar counts or emotion bounds.
    """
    style_obj, lo, hi, width, (lv, hv, la, ha) = _plan(
        style=style, bars=bars, min_bars=min_bars, max_bars=max_bars, beam_width=beam_width,
        min_valence=min_valence, max_valence=max_valence, min_arousal=min_arousal, max_arousal=max_arousal)
    valence = draw(axis_floats(lv, hv))
    arousal = draw(axis_floats(la, ha))
    seed = draw(st.integers(0, 2**31 - 1))
    n_bars = draw(st.integers(lo, hi))
    return compose(valence, arousal, bars=n_bars, style=style_obj, seed=seed, beam_width=width, arrange=False)
