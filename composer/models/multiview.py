"""A multiple-viewpoint variable-order Markov model of pitch, after IDyOM (Pearce 2005).

For each viewpoint there are two PPM models: a *long-term* model (LTM) trained on a
corpus, and a *short-term* model (STM) that starts empty for each melody and learns
it note by note (folk songs repeat their phrases). Each viewpoint's prediction over
its own symbols is turned into one over candidate pitches (a symbol's probability
shared evenly among the pitches that give it). The viewpoints are combined within
the LTM and within the STM, then the two are combined, all by entropy-weighted
geometric means (``composer.models.combine``).
"""

from __future__ import annotations

__all__ = ["MultiViewpointModel", "pitch_alphabet"]

from collections.abc import Sequence

import numpy as np

from composer.errors import ArgumentError, ModelError
from composer.models.combine import combine
from composer.models.events import EventMelody
from composer.models.ppm import PPM
from composer.models.viewpoints import DEFAULT_VIEWPOINTS, UNDEFINED, Viewpoint


def pitch_alphabet(melodies: Sequence[EventMelody]) -> np.ndarray:
    """Return every MIDI pitch from the lowest to the highest note of ``melodies``, int64, shape (A,).

    Raises
    ------
    ModelError
        If there are no notes.
    """
    notes = [m.midi for m in melodies if len(m)]
    if not notes:
        raise ModelError("no notes to build a pitch alphabet from")
    allm = np.concatenate(notes)
    return np.arange(int(allm.min()), int(allm.max()) + 1, dtype=np.int64)


class MultiViewpointModel:
    """Long-term plus short-term multiple-viewpoint PPM model predicting pitch.

    Parameters
    ----------
    alphabet : ndarray of int64, shape (A,)
        Candidate MIDI pitches (``pitch_alphabet`` of the whole data set, as IDyOM does).
    viewpoints : sequence of Viewpoint
        Viewpoints to combine.
    ltm_order, stm_order : int
        Longest contexts of the long- and short-term models.
    ltm_escape, stm_escape : {"C", "AX"}
        Escape methods.
    viewpoint_bias, ltm_stm_bias : float
        Entropy biases of the two combinations.
    use_ltm, use_stm : bool
        Which of the two models to use (at least one).
    """

    def __init__(
        self,
        alphabet: np.ndarray,
        viewpoints: Sequence[Viewpoint] = DEFAULT_VIEWPOINTS,
        *,
        ltm_order: int = 5,
        stm_order: int = 5,
        ltm_escape: str = "C",
        stm_escape: str = "AX",
        viewpoint_bias: float = 0.0,
        ltm_stm_bias: float = 0.0,
        use_ltm: bool = True,
        use_stm: bool = True,
    ) -> None:
        if not (use_ltm or use_stm):
            raise ArgumentError("use at least one of the long-term and short-term models")
        if not viewpoints:
            raise ArgumentError("give at least one viewpoint")
        self.alphabet = np.asarray(alphabet, dtype=np.int64)
        self.viewpoints = tuple(viewpoints)
        self.ltm_order, self.stm_order = int(ltm_order), int(stm_order)
        self.ltm_escape, self.stm_escape = ltm_escape, stm_escape
        self.viewpoint_bias, self.ltm_stm_bias = float(viewpoint_bias), float(ltm_stm_bias)
        self.use_ltm, self.use_stm = bool(use_ltm), bool(use_stm)
        # A generous symbol-alphabet size per viewpoint for the order -1 uniform.
        self._sizes = [self._size(v) for v in self.viewpoints]
        self.ltm = [PPM(s, self.ltm_order, self.ltm_escape) for s in self._sizes]

    def _size(self, vp: Viewpoint) -> int:
        sizes = {"cpitch": len(self.alphabet), "cpint": 2 * len(self.alphabet) - 1, "cpintfref": 12, "contour": 3,
                 "ioi": 12, "posinbar": 12, "fib": 2, "pdur": 12}
        return int(np.prod([sizes[c] for c in vp.components]))

    def fit(self, melodies: Sequence[EventMelody]) -> MultiViewpointModel:
        """Train the long-term models on ``melodies`` (adds to what they already counted); returns self."""
        for m in melodies:
            for vp, ppm in zip(self.viewpoints, self.ltm):
                actual, _ = vp.symbols(m, self.alphabet)
                ppm.add_sequence([int(s) for s in actual if s != UNDEFINED])
        return self

    def predict(self, melody: EventMelody, *, parts: bool = False) -> np.ndarray | dict[str, np.ndarray]:
        """Return the predictive distribution over ``alphabet`` before each note of ``melody``.

        Parameters
        ----------
        melody : EventMelody
            Its pitches must lie in ``alphabet``.
        parts : bool
            Also return the long-term and short-term distributions.

        Returns
        -------
        ndarray of float64, shape (n, A)
            Row ``i`` is P(pitch of note i | notes before it); each row sums to 1.
            With ``parts``, a dict with keys ``"both"``, ``"ltm"``, ``"stm"`` instead.
        """
        a = len(self.alphabet)
        n = len(melody)
        stm = [PPM(s, self.stm_order, self.stm_escape) for s in self._sizes]
        syms = [vp.symbols(melody, self.alphabet) for vp in self.viewpoints]
        hist: list[list[int]] = [[] for _ in self.viewpoints]
        out_both = np.empty((n, a))
        out_ltm = np.empty((n, a))
        out_stm = np.empty((n, a))
        uniform = np.full(a, 1.0 / a)
        for i in range(n):
            lt, st = [], []
            for v, (actual, cand) in enumerate(syms):
                if actual[i] == UNDEFINED:
                    continue
                uniq, inv = np.unique(cand[i], return_inverse=True)
                mult = np.bincount(inv).astype(np.float64)
                keys = uniq.tolist()
                h = hist[v][-max(self.ltm_order, self.stm_order):]
                if self.use_ltm:
                    p = (self.ltm[v].predict(h[len(h) - min(len(h), self.ltm_order):], keys) / mult)[inv]
                    lt.append(p / p.sum())
                if self.use_stm:
                    p = (stm[v].predict(h[len(h) - min(len(h), self.stm_order):], keys) / mult)[inv]
                    st.append(p / p.sum())
            ltm_p = combine(np.array(lt), self.viewpoint_bias) if lt else uniform
            stm_p = combine(np.array(st), self.viewpoint_bias) if st else uniform
            if self.use_ltm and self.use_stm:
                both = combine(np.stack([ltm_p, stm_p]), self.ltm_stm_bias)
            else:
                both = ltm_p if self.use_ltm else stm_p
            out_both[i], out_ltm[i], out_stm[i] = both, ltm_p, stm_p
            for v, (actual, _) in enumerate(syms):
                s = int(actual[i])
                if s != UNDEFINED:
                    if self.use_stm:
                        stm[v].add(hist[v][len(hist[v]) - min(len(hist[v]), self.stm_order):], s)
                    hist[v].append(s)
        if parts:
            return {"both": out_both, "ltm": out_ltm, "stm": out_stm}
        return out_both
