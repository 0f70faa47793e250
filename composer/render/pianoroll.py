"""Piano roll: a ``Performance`` drawn with matplotlib (optional extra), with bar lines and the emotion curve."""

from __future__ import annotations

__all__ = ["piano_roll_figure", "piano_roll_png", "CurveInput"]

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Union

import numpy as np

from composer.errors import RenderError
from composer.render._optional import require
from composer.render.performance import Performance

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: An emotion curve: rows of (time in seconds, valence, arousal), as a sequence or an (m, 3) array.
CurveInput = Union[Sequence[Sequence[float]], np.ndarray]

_NOTE_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")


def _curve_array(curve: CurveInput | None) -> np.ndarray | None:
    if curve is None:
        return None
    try:
        arr = np.asarray(curve, dtype=np.float64)
    except (TypeError, ValueError):
        raise RenderError(f"curve must be a list of (time_seconds, valence, arousal) rows, got {type(curve).__name__}") \
            from None
    if arr.ndim != 2 or arr.shape[1] != 3 or arr.shape[0] < 1:
        raise RenderError("curve must be a list of (time_seconds, valence, arousal) rows")
    if not np.all(np.isfinite(arr)) or np.any(np.abs(arr[:, 1:]) > 1):
        raise RenderError("curve valence and arousal must be numbers in [-1, 1]")
    return arr[np.argsort(arr[:, 0], kind="stable")]


def piano_roll_figure(performance: Performance, *, curve: CurveInput | None = None) -> "Figure":
    """Draw a piano roll: one bar per note (pitch up, time across, colour by velocity) and the bar lines.

    When an emotion curve is given (or the performance carries one), a second panel
    under the roll, on the same time axis, plots valence and arousal in [-1, 1].

    Parameters
    ----------
    performance : Performance
        The notes in seconds.
    curve : list of (float, float, float) or ndarray, shape (m, 3), optional
        Rows of (time in seconds, valence, arousal); overrides ``performance.curve``.

    Returns
    -------
    matplotlib.figure.Figure
        Not attached to pyplot (nothing is shown or kept in a global figure list). Its
        first axes is the roll: one ``Rectangle`` patch per note and one vertical line per
        bar line; the second axes, when present, has the lines ``valence`` and ``arousal``.

    Raises
    ------
    MissingDependencyError
        If matplotlib is not installed (``pip install matplotlib``).
    RenderError
        If the curve is malformed.
    """
    require("matplotlib", "The piano roll")
    from matplotlib import colormaps
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    arr = _curve_array(curve) if curve is not None else performance.curve
    p = performance
    width = float(np.clip(3.0 + 0.45 * max(p.length, 1.0), 6.0, 24.0))
    fig = Figure(figsize=(width, 4.8 if arr is not None else 3.6), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    if arr is not None:
        roll, panel = fig.subplots(2, 1, sharex=True, height_ratios=(3, 1))
    else:
        roll, panel = fig.subplots(1, 1), None

    colours = colormaps["viridis"]
    for onset, dur, midi, vel in zip(p.onsets, p.durations, p.pitches, p.velocities):
        roll.add_patch(Rectangle((onset, midi - 0.4), dur, 0.8, facecolor=colours(vel / 127.0),
                                 edgecolor="black", linewidth=0.4))
    for t in p.bar_lines:
        roll.axvline(t, color="0.6", linewidth=0.8, zorder=0)
    lo = int(p.pitches.min()) - 2 if p.n_notes else 58
    hi = int(p.pitches.max()) + 2 if p.n_notes else 74
    roll.set_ylim(lo - 0.5, hi + 0.5)
    roll.set_xlim(0, max(p.length, 1e-3))
    ticks = [m for m in range(lo, hi + 1) if m % 12 in (0, 7)] or [lo]
    roll.set_yticks(ticks, [f"{_NOTE_NAMES[m % 12]}{m // 12 - 1}" for m in ticks])
    roll.set_ylabel("pitch")
    if p.title:
        roll.set_title(p.title, fontsize=10)
    if panel is None:
        roll.set_xlabel("time (s)")
    else:
        panel.plot(arr[:, 0], arr[:, 1], label="valence", color="tab:orange")
        panel.plot(arr[:, 0], arr[:, 2], label="arousal", color="tab:blue")
        panel.axhline(0, color="0.7", linewidth=0.6)
        for t in p.bar_lines:
            panel.axvline(t, color="0.85", linewidth=0.6, zorder=0)
        panel.set_ylim(-1.05, 1.05)
        panel.set_ylabel("emotion")
        panel.set_xlabel("time (s)")
        panel.legend(loc="upper right", fontsize=8, ncols=2)
    return fig


def piano_roll_png(performance: Performance, *, curve: CurveInput | None = None, dpi: int = 100) -> bytes:
    """Return the piano roll (see ``piano_roll_figure``) as PNG bytes.

    Parameters
    ----------
    performance : Performance
        The notes in seconds.
    curve : list of (float, float, float) or ndarray, shape (m, 3), optional
        Rows of (time in seconds, valence, arousal) for the panel under the roll.
    dpi : int, optional
        Pixels per inch, 50..600.
    """
    if not 50 <= int(dpi) <= 600:
        raise RenderError(f"dpi must be 50..600, got {dpi}")
    fig = piano_roll_figure(performance, curve=curve)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=int(dpi))
    return buf.getvalue()
