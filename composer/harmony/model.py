"""``HarmonyModel``: chord-to-chord and melody-to-chord log-probabilities, learned from chord counts.

Arrays (see ``composer.harmony.train`` for where the counts come from):

- ``transition``: float64, shape (2, N_CHORDS, N_CHORDS), ``log P(next | previous, next != previous)``:
  the chord a change goes to (the diagonal is ``-inf``; the counts come per beat,
  where repeats say little about how often the harmony changes per slot, so how
  often a slot keeps its chord is the harmoniser's own setting);
- ``emission``: float64, shape (2, N_CHORDS, 12), ``log P(melody pitch class | chord)``
  with pitch classes relative to the tonic;
- ``start``: float64, shape (2, N_CHORDS), ``log P(first chord)``.

Index 0 is for major-type modes, 1 for minor-type modes.
"""

from __future__ import annotations

__all__ = ["HarmonyModel", "load_harmony_model", "SHIPPED_MODEL"]

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from composer.errors import ModelError
from composer.harmony.chords import N_CHORDS

#: File name of the shipped model in ``corpora/`` (counts from the Bach chorales).
SHIPPED_MODEL = "harmony_bach.npz"


def _log_normalise(counts: np.ndarray, alpha: float) -> np.ndarray:
    c = counts + alpha
    return np.log(c / c.sum(axis=-1, keepdims=True))


@dataclass(frozen=True)
class HarmonyModel:
    """Log-probability tables of a first-order chord model with melody emissions.

    Attributes
    ----------
    transition : ndarray of float64, shape (2, N_CHORDS, N_CHORDS)
    emission : ndarray of float64, shape (2, N_CHORDS, 12)
    start : ndarray of float64, shape (2, N_CHORDS)
    source : str
        Where the counts came from, for reports.
    """

    transition: np.ndarray
    emission: np.ndarray
    start: np.ndarray
    source: str = ""

    @classmethod
    def from_counts(cls, transitions: np.ndarray, emissions: np.ndarray, starts: np.ndarray, *,
                    alpha: float = 0.1, source: str = "") -> "HarmonyModel":
        """Build a model from count arrays with additive smoothing ``alpha``.

        Parameters
        ----------
        transitions : ndarray, shape (2, N_CHORDS, N_CHORDS)
        emissions : ndarray, shape (2, N_CHORDS, 12)
        starts : ndarray, shape (2, N_CHORDS)
        """
        t = np.asarray(transitions, dtype=np.float64)
        e = np.asarray(emissions, dtype=np.float64)
        s = np.asarray(starts, dtype=np.float64)
        if t.shape != (2, N_CHORDS, N_CHORDS) or e.shape != (2, N_CHORDS, 12) or s.shape != (2, N_CHORDS):
            raise ModelError(f"harmony counts have shapes {t.shape}, {e.shape}, {s.shape}; expected "
                             f"(2, {N_CHORDS}, {N_CHORDS}), (2, {N_CHORDS}, 12), (2, {N_CHORDS})")
        t = t + alpha
        idx = np.arange(N_CHORDS)
        t[:, idx, idx] = 0.0
        with np.errstate(divide="ignore"):
            trans = np.log(t / t.sum(axis=-1, keepdims=True))
        return cls(trans, _log_normalise(e, alpha), _log_normalise(s, alpha), source)


@lru_cache(maxsize=1)
def load_harmony_model() -> HarmonyModel:
    """Return the shipped harmony model (counts from the public-domain Bach chorales in music21)."""
    from composer._resources import corpora_dir

    path = corpora_dir() / SHIPPED_MODEL
    try:
        with path.open("rb") as f:
            data = np.load(f)
            return HarmonyModel.from_counts(data["transitions"], data["emissions"], data["starts"],
                                            source=f"{int(data['chorales'])} Bach chorales (music21 corpus)")
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(f"cannot read the shipped harmony model {SHIPPED_MODEL!r}: {exc}") from exc
