"""Piecewise-linear curves over one emotion axis."""

from __future__ import annotations

__all__ = ["piecewise_linear"]

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
