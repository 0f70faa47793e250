"""Rank and linear correlation for cue measurements (nan-aware, no scipy).

>>> import numpy as np
>>> round(spearman(np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 4.0, 9.0, 16.0])), 6)
1.0
"""

from __future__ import annotations

__all__ = ["pearson", "spearman", "within_spearman"]

import numpy as np


def _ranks(x: np.ndarray) -> np.ndarray:
    """Ranks from 1, ties given their average rank; ``x`` shape (n,) -> (n,) float64."""
    order = np.argsort(x, kind="stable")
    ranks = np.empty(len(x))
    xs = x[order]
    i = 0
    while i < len(x):
        j = i
        while j + 1 < len(x) and xs[j + 1] == xs[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson correlation of two shape-(n,) arrays.

    Pairs where either value is not finite are dropped; nan when fewer than 3 pairs
    remain or either side is constant (a flat cue has no direction).
    """
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    if x.size < 3 or x.std() == 0 or y.std() == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman rank correlation (Pearson of average ranks); non-finite pairs dropped."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    ok = np.isfinite(x) & np.isfinite(y)
    return pearson(_ranks(x[ok]), _ranks(y[ok]))


def within_spearman(axis: np.ndarray, other: np.ndarray, x: np.ndarray) -> float:
    """Mean Spearman rho of ``x`` with ``axis`` within each level of ``other``.

    Holding the other axis fixed keeps a small cue (tempo with valence) from being
    drowned by a large one (tempo with arousal). All arrays have shape (n,); nan when no
    level gives a finite rho.
    """
    axis, other, x = (np.asarray(a, dtype=np.float64) for a in (axis, other, x))
    rhos = [spearman(axis[other == o], x[other == o]) for o in np.unique(other)]
    rhos = [r for r in rhos if np.isfinite(r)]
    return float(np.mean(rhos)) if rhos else float("nan")
