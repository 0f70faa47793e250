"""Where a note falls in the bar: the metric rhythm model (duration given metrical position).

The model counts duration tokens by their onset's place in the metre, in the training
corpus, and stores natural-log probabilities ``logp`` of shape
``(2, 2, 3, 6, N_DUR)`` (float64), indexed by

* the meter family (``composer.models.markov.meter_family``: 0 simple, 1 compound);
* whether the onset lies in the last bar of a four-bar phrase (1) or not (0), phrases
  counted from the first full bar, which is how phrase-end lengthening is learnt;
* the beat's class: 0 the downbeat's beat, 1 another strong beat (the bar's middle in
  bars of an even number of beats), 2 a weak beat;
* the tick within the beat (a beat is 4 ticks in simple metres, 6 in compound ones;
  simple-metre positions 4 and 5 never occur).

``marginal`` (shape ``(2, N_DUR)``) holds log P(duration) per family. The search reads
the pointwise mutual information ``logp - marginal``: what the position adds to a
duration's probability beyond the duration model's own (``metric_table``).

Counts are smoothed by adding ``ALPHA`` to every cell. The shipped table
(``corpora/rhythm_default.npz``) is trained on the same public-domain corpus as the
other shipped models; ``python -m composer.models.rhythm`` rebuilds it.
"""

from __future__ import annotations

__all__ = ["MetricRhythm", "train_rhythm", "default_rhythm", "metric_table", "beat_class", "PHRASE_BARS",
           "ALPHA", "RHYTHM_FILE"]

import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from composer.errors import ModelError
from composer.models.markov import meter_family
from composer.models.model_file import load_shipped
from composer.models.tokens import DURATION_TICKS, N_DUR, TokenMelody
from composer.theory.meter import TICKS_PER_QUARTER

#: Bars per phrase assumed when counting phrase ends in the corpus.
PHRASE_BARS = 4
#: Add-alpha smoothing of the counts.
ALPHA = 0.5
#: The shipped file, in ``corpora/``.
RHYTHM_FILE = "rhythm_default.npz"
_SHAPE = (2, 2, 3, 6, N_DUR)


@dataclass(frozen=True)
class MetricRhythm:
    """Duration log-probabilities by metrical position (shapes in the module docstring)."""

    logp: np.ndarray
    marginal: np.ndarray

    def save(self, path: str | os.PathLike) -> None:
        """Write the model as an ``.npz`` file."""
        np.savez_compressed(path, logp=self.logp, marginal=self.marginal)

    @classmethod
    def load(cls, path: str | os.PathLike) -> "MetricRhythm":
        """Read a model written by :meth:`save`.

        Raises
        ------
        ModelError
            If the file is missing or its arrays have the wrong shapes.
        """
        try:
            with np.load(path) as f:
                logp, marginal = np.asarray(f["logp"], np.float64), np.asarray(f["marginal"], np.float64)
        except (OSError, KeyError, ValueError) as e:
            raise ModelError(f"{path}: not a metric rhythm model ({e}); run python -m composer.models.rhythm") from e
        if logp.shape != _SHAPE or marginal.shape != (2, N_DUR):
            raise ModelError(f"{path}: metric rhythm arrays have shapes {logp.shape} and {marginal.shape}, "
                             f"expected {_SHAPE} and (2, {N_DUR})")
        return cls(logp, marginal)


def _bar_and_beat(meter: str) -> tuple[int, int]:
    # Bar and beat length in ticks of a time signature such as "9/8" or "2/2".
    num, _, den = meter.partition("/")
    bar = int(num) * TICKS_PER_QUARTER * 4 // int(den)
    return bar, (6 if meter_family(meter) else TICKS_PER_QUARTER)


def beat_class(pos: int, bar: int, beat: int) -> int:
    """Class of the beat holding tick ``pos`` of a bar: 0 the downbeat's, 1 the middle of a bar of an
    even number of beats, 2 any other.

    Examples
    --------
    >>> [beat_class(p, 16, 4) for p in (0, 3, 4, 8, 13)]
    [0, 0, 2, 1, 2]
    """
    b = pos // beat
    if b == 0:
        return 0
    n_beats = bar // beat
    return 1 if n_beats % 2 == 0 and b == n_beats // 2 else 2


def train_rhythm(melodies: Sequence[TokenMelody]) -> MetricRhythm:
    """Count the corpus's durations by metrical position (see the module docstring).

    Melodies without a usable time signature are skipped.

    Raises
    ------
    ModelError
        If no melody has a usable time signature.
    """
    counts = np.zeros(_SHAPE)
    used = 0
    for m in melodies:
        if not m.meter:
            continue
        try:
            bar, beat = _bar_and_beat(m.meter)
        except ValueError:
            continue
        if bar <= 0 or bar % beat:
            continue
        fam = meter_family(m.meter)
        first_full = 1 if m.offset % bar else 0
        onset = m.offset % bar
        for d in m.duration:
            pos = onset % bar
            phrase_end = int(((onset // bar) - first_full) % PHRASE_BARS == PHRASE_BARS - 1)
            counts[fam, phrase_end, beat_class(pos, bar, beat), pos % beat, d] += 1
            onset += int(DURATION_TICKS[d])
        used += 1
    if not used:
        raise ModelError("no melody with a usable time signature to learn the metric rhythm from")
    logp = np.log((counts + ALPHA) / (counts + ALPHA).sum(axis=-1, keepdims=True))
    fam_counts = counts.sum(axis=(1, 2, 3)) + ALPHA
    marginal = np.log(fam_counts / fam_counts.sum(axis=-1, keepdims=True))
    return MetricRhythm(logp, marginal)


@functools.lru_cache(maxsize=1)
def default_rhythm() -> MetricRhythm:
    """Return the shipped metric rhythm model (``corpora/rhythm_default.npz``), loaded once.

    Raises
    ------
    ModelError
        If the shipped file is missing or unusable.
    """
    return load_shipped(RHYTHM_FILE, MetricRhythm.load)


def metric_table(model: MetricRhythm, meter: str, bar: int, beat: int, total: int, phrase: int) -> np.ndarray:
    """Score per (onset tick, duration token) for a melody: the model's PMI at each tick's position.

    Parameters
    ----------
    model : MetricRhythm
    meter : str
        The time signature (its family picks the table).
    bar, beat, total, phrase : int
        Bar, beat, melody and phrase lengths in ticks.

    Returns
    -------
    ndarray of float64, shape (total + 1, N_DUR)
        log P(duration | position) - log P(duration), natural-log units.
    """
    fam = meter_family(meter)
    out = np.zeros((total + 1, N_DUR))
    for t in range(total + 1):
        pos = t % bar
        end = int(phrase > bar and (t % phrase) >= phrase - bar)
        out[t] = model.logp[fam, end, beat_class(pos, bar, beat), pos % beat] - model.marginal[fam]
    return out


def _main() -> None:  # pragma: no cover - a training script
    from composer._resources import corpora_dir
    from composer.models.corpus import load_corpus

    model = train_rhythm(load_corpus("default", progress=False))
    path = Path(str(corpora_dir())) / RHYTHM_FILE
    model.save(path)
    print(f"wrote {path}")


if __name__ == "__main__":  # pragma: no cover
    _main()
