"""Cross-validated cross-entropy of pitch prediction, the way IDyOM is measured (Pearce 2005).

Protocol: the melodies are split into ``k`` folds; for each fold, the models are
trained on the other folds and predict every note of the fold's melodies knowing only
the notes before it (pitch, duration, rests), the time signature, the key signature
and when the note starts. Each note costs ``-log2 P(actual pitch)`` over the pitch
alphabet of the whole data set (every MIDI pitch from its lowest to its highest note,
as IDyOM takes its alphabets from the data set); the figure is the mean over all notes.

Three models are measured: the multiple-viewpoint variable-order Markov model
(``composer.models.multiview``, long- plus short-term), the neural model
(``composer.models.neural_events``), and their combination, a weighted geometric mean.
"""

from __future__ import annotations

__all__ = ["MODELS", "COMBINED_WEIGHT", "folds", "CrossValidation", "cross_validate"]

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from composer._progress import progress as _progress
from composer.errors import ModelError
from composer.models.combine import combine
from composer.models.events import EventMelody
from composer.models.multiview import MultiViewpointModel, pitch_alphabet
from composer.models.neural_events import EventNeuralModel

#: The models ``cross_validate`` can measure.
MODELS = ("markov", "neural", "combined")
#: Weight of the neural model in the geometric combination (the Markov model gets 1 - this).
COMBINED_WEIGHT = 0.5


def folds(n: int, k: int, seed: int = 0) -> list[np.ndarray]:
    """Split melody indices ``0..n-1`` into ``k`` disjoint folds of near-equal size.

    The order is a seeded random permutation, so the split is reproducible.

    Raises
    ------
    ModelError
        If ``k`` is below 2 or above ``n``.
    """
    if not 2 <= k <= n:
        raise ModelError(f"cannot make {k} folds of {n} melodies (need 2 <= folds <= melodies)")
    order = np.random.default_rng(seed).permutation(n)
    return [np.sort(f) for f in np.array_split(order, k)]


@dataclass
class CrossValidation:
    """Per-note costs and timings of a cross-validation.

    Attributes
    ----------
    bits : dict of str to ndarray of float64, shape (n_notes,)
        ``-log2 P(actual pitch)`` of every note, per model, in melody order.
    seconds : dict of str to float
        Wall time spent training and predicting, per model ("combined" is the combination only).
    n_melodies, n_notes, n_folds : int
    alphabet : ndarray of int64
        The pitch alphabet.
    """

    bits: dict[str, np.ndarray]
    seconds: dict[str, float]
    n_melodies: int
    n_notes: int
    n_folds: int
    alphabet: np.ndarray
    settings: dict = field(default_factory=dict)

    def mean(self, model: str) -> float:
        """Return the mean bits per note of ``model``."""
        return float(self.bits[model].mean())

    def table(self) -> str:
        """Return a small text table: model, bits/note, seconds."""
        lines = [f"{'model':<10} {'bits/note':>9} {'seconds':>8}"]
        for name in self.bits:
            lines.append(f"{name:<10} {self.mean(name):9.3f} {self.seconds.get(name, 0.0):8.1f}")
        return "\n".join(lines)


def cross_validate(
    melodies: Sequence[EventMelody],
    *,
    n_folds: int = 10,
    models: Sequence[str] = MODELS,
    seed: int = 0,
    markov_options: dict | None = None,
    neural_options: dict | None = None,
    neural_weight: float = COMBINED_WEIGHT,
    progress: bool | None = False,
) -> CrossValidation:
    """Measure the models by ``n_folds``-fold cross-validation over melodies.

    Parameters
    ----------
    melodies : sequence of EventMelody
    n_folds : int
        Number of folds (10 in the literature).
    models : sequence of str
        Any of ``MODELS``; "combined" needs the other two and computes them.
    seed : int
        Seeds the fold split and the network's training.
    markov_options, neural_options : dict, optional
        Keyword arguments of ``MultiViewpointModel`` and ``EventNeuralModel``.
    neural_weight : float
        Weight of the neural model in the combination.
    progress : bool or None
        Draw a progress bar over folds (None: only on a terminal).

    Raises
    ------
    ModelError
        On an unknown model name or too few melodies for the folds.
    """
    unknown = [m for m in models if m not in MODELS]
    if unknown:
        raise ModelError(f"unknown model {unknown[0]!r}; known: {', '.join(MODELS)}")
    wanted = set(models)
    if "combined" in wanted:
        wanted |= {"markov", "neural"}
    mels = [m for m in melodies if len(m)]
    alphabet = pitch_alphabet(mels)
    parts = folds(len(mels), n_folds, seed)
    per_note: dict[str, list[np.ndarray | None]] = {m: [None] * len(mels) for m in MODELS if m in wanted}
    seconds = {m: 0.0 for m in per_note}
    for f, test_idx in enumerate(_progress(parts, label="folds", enabled=progress)):
        test = set(test_idx.tolist())
        train = [m for i, m in enumerate(mels) if i not in test]
        dists: dict[str, list[np.ndarray]] = {}
        if "markov" in wanted:
            t0 = time.perf_counter()
            mv = MultiViewpointModel(alphabet, **(markov_options or {})).fit(train)
            dists["markov"] = [mv.predict(mels[i]) for i in test_idx]
            seconds["markov"] += time.perf_counter() - t0
        if "neural" in wanted:
            t0 = time.perf_counter()
            nn = EventNeuralModel(alphabet, **(neural_options or {})).fit(train, seed=seed + f)
            dists["neural"] = [nn.predict(mels[i]) for i in test_idx]
            seconds["neural"] += time.perf_counter() - t0
        if "combined" in wanted:
            t0 = time.perf_counter()
            w = np.array([1.0 - neural_weight, neural_weight])
            dists["combined"] = [combine(np.stack([a, b]), 0.0, weights=w)
                                 for a, b in zip(dists["markov"], dists["neural"])]
            seconds["combined"] += time.perf_counter() - t0
        for name, ds in dists.items():
            for i, d in zip(test_idx, ds):
                m = mels[i]
                per_note[name][i] = -np.log2(d[np.arange(len(m)), m.midi - alphabet[0]])
    bits = {name: np.concatenate(v) for name, v in per_note.items() if name in models}  # type: ignore[arg-type]
    return CrossValidation(
        bits=bits,
        seconds={k: v for k, v in seconds.items() if k in models},
        n_melodies=len(mels),
        n_notes=int(sum(len(m) for m in mels)),
        n_folds=n_folds,
        alphabet=alphabet,
        settings={"seed": seed, "markov": dict(markov_options or {}), "neural": dict(neural_options or {}),
                  "neural_weight": neural_weight},
    )
