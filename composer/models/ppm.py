"""Prediction by Partial Matching (PPM) over integer symbol sequences, as in IDyOM.

A ``PPM`` model counts which symbol followed each context (the last ``k`` symbols)
for every order ``k`` up to ``max_order`` and predicts by *blending* (interpolated
smoothing): from order 0 upwards,

    P_k(s) = c_k(s) / (n_k + e_k) + e_k / (n_k + e_k) * P_{k-1}(s),
    P_{-1}(s) = 1 / alphabet_size,

where ``n_k`` is the number of counts of the context and ``e_k`` its escape count:
method C uses the number of distinct symbols seen (Moffat 1990), method AX the number
of symbols seen once plus one (Witten and Bell 1991). With *update exclusion* a new
event increments the counts of its longest context and goes on to the shorter ones
only while the symbol is new there, so lower orders hold Kneser-Ney-like continuation
counts. With ``ppm_star`` the highest order blended is the shortest *deterministic*
context (only one symbol ever followed it) when there is one, else the longest seen
(Cleary and Teahan 1997). Pearce (2005) found C with update exclusion best for the
long-term model and AX for the short-term model.
"""

from __future__ import annotations

__all__ = ["ESCAPES", "PPM"]

from collections.abc import Sequence

import numpy as np

from composer.errors import ArgumentError

#: Escape methods understood by ``PPM``.
ESCAPES = ("C", "AX")


class PPM:
    """A variable-order blended PPM model of one symbol stream.

    Parameters
    ----------
    alphabet_size : int
        Number of distinct symbols the stream can take (for the order -1 uniform).
    max_order : int
        Longest context used, in symbols (0 = unigram).
    escape : {"C", "AX"}
        Escape method.
    update_exclusion : bool
        Update shorter contexts only while the symbol is new in the longer one.
    ppm_star : bool
        Blend from the shortest deterministic context when there is one.

    Notes
    -----
    Contexts are tuples of the last ``k`` symbols; ``_stats[ctx]`` holds
    ``[n, distinct, singletons, {symbol: count}]``.
    """

    def __init__(
        self,
        alphabet_size: int,
        max_order: int = 5,
        escape: str = "C",
        update_exclusion: bool = True,
        ppm_star: bool = True,
    ) -> None:
        if escape not in ESCAPES:
            raise ArgumentError(f"escape must be one of {ESCAPES}, got {escape!r}")
        if max_order < 0 or alphabet_size < 1:
            raise ArgumentError("max_order must be >= 0 and alphabet_size >= 1")
        self.alphabet_size = int(alphabet_size)
        self.max_order = int(max_order)
        self.escape = escape
        self.update_exclusion = bool(update_exclusion)
        self.ppm_star = bool(ppm_star)
        self._stats: dict[tuple, list] = {}

    def __len__(self) -> int:
        return len(self._stats)

    def add(self, history: Sequence[int], symbol: int) -> None:
        """Count ``symbol`` after ``history`` (the symbols before it, oldest first)."""
        top = min(self.max_order, len(history))
        for k in range(top, -1, -1):
            ctx = tuple(history[len(history) - k:]) if k else ()
            st = self._stats.get(ctx)
            if st is None:
                st = [0, 0, 0, {}]
                self._stats[ctx] = st
            counts = st[3]
            c = counts.get(symbol, 0)
            counts[symbol] = c + 1
            st[0] += 1
            if c == 0:
                st[1] += 1
                st[2] += 1
            elif c == 1:
                st[2] -= 1
            if self.update_exclusion and c > 0:
                break

    def add_sequence(self, symbols: Sequence[int]) -> None:
        """Count every symbol of ``symbols`` after the ones before it."""
        seq = list(symbols)
        for i, s in enumerate(seq):
            self.add(seq[max(0, i - self.max_order):i], s)

    def _top_order(self, history: Sequence[int]) -> int:
        top = -1
        n = len(history)
        for k in range(0, min(self.max_order, n) + 1):
            st = self._stats.get(tuple(history[n - k:]) if k else ())
            if st is None:
                break
            top = k
            if self.ppm_star and st[1] == 1 and k > 0:
                return k
        return top

    def predict(self, history: Sequence[int], symbols: Sequence[int]) -> np.ndarray:
        """Return P(s | history) for each ``s`` in ``symbols``, shape (len(symbols),).

        The values are the model's probabilities of those symbols out of its whole
        alphabet, so they sum to at most 1 over a subset.
        """
        p = np.full(len(symbols), 1.0 / self.alphabet_size)
        top = self._top_order(history)
        n = len(history)
        for k in range(0, top + 1):
            total, distinct, singles, counts = self._stats[tuple(history[n - k:]) if k else ()]
            e = distinct if self.escape == "C" else singles + 1
            c = np.fromiter((counts.get(s, 0) for s in symbols), dtype=np.float64, count=len(symbols))
            denom = total + e
            p = c / denom + (e / denom) * p
        return p
