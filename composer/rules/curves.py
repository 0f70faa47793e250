"""Piecewise-linear curves over one input and bilinear grids over valence and arousal."""

from __future__ import annotations

__all__ = ["piecewise_linear", "bilinear"]

from collections.abc import Sequence


def piecewise_linear(points: Sequence[Sequence[float]], x: float) -> float:
    """Evaluate the curve through ``points`` at ``x``; flat beyond the first and last points.

    Parameters
    ----------
    points : sequence of (x, y) pairs
        Knots with strictly increasing ``x``.
    x : float
        Where to evaluate.

    Examples
    --------
    >>> piecewise_linear([(-1, 60), (0, 100), (1, 170)], 0.5)
    135.0
    >>> piecewise_linear([(-1, 60), (1, 170)], 2.0)
    170.0
    """
    if x <= points[0][0]:
        return float(points[0][1])
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if x <= x1:
            t = (x - x0) / (x1 - x0)
            return float(y0 + t * (y1 - y0))
    return float(points[-1][1])


def _locate(knots: Sequence[float], x: float) -> tuple[int, float]:
    """Return (i, t): ``x`` lies between ``knots[i]`` and ``knots[i + 1]`` at fraction ``t`` (clamped)."""
    if len(knots) == 1 or x <= knots[0]:
        return 0, 0.0
    for i in range(len(knots) - 1):
        if x <= knots[i + 1]:
            return i, (x - knots[i]) / (knots[i + 1] - knots[i])
    return len(knots) - 2, 1.0


def bilinear(
    valence_knots: Sequence[float],
    arousal_knots: Sequence[float],
    values: Sequence[Sequence[float]],
    valence: float,
    arousal: float,
) -> float:
    """Interpolate a grid bilinearly; flat beyond its edges.

    Parameters
    ----------
    valence_knots : sequence of float, length n
        Strictly increasing valence positions of the columns.
    arousal_knots : sequence of float, length m
        Strictly increasing arousal positions of the rows.
    values : sequence of m rows of n numbers
        ``values[i][j]`` is the value at ``arousal_knots[i]``, ``valence_knots[j]``.
    valence, arousal : float
        Where to evaluate.

    Examples
    --------
    >>> bilinear([-1, 1], [-1, 1], [[0, 10], [20, 30]], 0.0, 0.0)
    15.0
    >>> bilinear([-1, 1], [-1, 1], [[0, 10], [20, 30]], 1.0, -1.0)
    10.0
    """
    j, tv = _locate(valence_knots, valence)
    i, ta = _locate(arousal_knots, arousal)
    j1 = min(j + 1, len(valence_knots) - 1)
    i1 = min(i + 1, len(arousal_knots) - 1)
    low = values[i][j] + tv * (values[i][j1] - values[i][j])
    high = values[i1][j] + tv * (values[i1][j1] - values[i1][j])
    return float(low + ta * (high - low))
