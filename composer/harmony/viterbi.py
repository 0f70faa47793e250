"""Exact best chord sequence under a first-order chain: Viterbi over (slot, chord) score arrays.

Arrays (natural-log scores, higher is better; ``-inf`` forbids):

- ``unary``: float64, shape (S, C), the score of chord ``c`` in slot ``s`` (fit to the
  melody, the style's weights, cadences);
- ``transition``: float64, shape (C, C), the score of chord ``b`` following chord ``a``
  at ``[a, b]``;
- ``start``: float64, shape (C,), the score of the first chord.

S slots times C² transitions; at C = 96 and a few hundred slots this is milliseconds
in NumPy, so no kernel is needed.
"""

from __future__ import annotations

__all__ = ["viterbi"]

import numpy as np


def viterbi(unary: np.ndarray, transition: np.ndarray, start: np.ndarray) -> tuple[np.ndarray, float]:
    """Return the best path and its total score.

    Parameters
    ----------
    unary : ndarray of float64, shape (S, C)
    transition : ndarray of float64, shape (C, C)
    start : ndarray of float64, shape (C,)

    Returns
    -------
    path : ndarray of int64, shape (S,)
        The chord of each slot; ties go to the lowest index.
    score : float
        ``start[path[0]] + sum(unary[s, path[s]]) + sum(transition[path[s-1], path[s]])``;
        ``-inf`` when every path is forbidden.
    """
    unary = np.asarray(unary, dtype=np.float64)
    s_count, c_count = unary.shape
    if s_count == 0:
        return np.zeros(0, dtype=np.int64), 0.0
    delta = start + unary[0]
    back = np.zeros((s_count, c_count), dtype=np.int64)
    for s in range(1, s_count):
        cand = delta[:, None] + transition          # (C prev, C next)
        back[s] = np.argmax(cand, axis=0)
        delta = cand[back[s], np.arange(c_count)] + unary[s]
    path = np.zeros(s_count, dtype=np.int64)
    path[-1] = int(np.argmax(delta))
    score = float(delta[path[-1]])
    for s in range(s_count - 1, 0, -1):
        path[s - 1] = back[s, path[s]]
    return path, score
