"""Yang & Lerch's (2018) set-level comparison of melodies: how much a generated set's
features overlap a reference set's.

For each feature of :data:`YL_FEATURES`, the distances between every generated melody
and every reference melody (inter-set) are compared with the distances between pairs of
reference melodies (intra-set): both distance samples are smoothed with a Gaussian kernel
density estimate and the overlapping area ``∫ min(p, q)`` of the two densities is
reported (1 = the generated set sits among the reference melodies as they sit among
themselves). Features (Yang & Lerch 2018, "On the evaluation of generative models in
music", absolute measurements), per melody:

* ``pitch_count``: distinct pitches; ``pitch_range``: semitones; ``interval``: mean
  absolute interval; ``pc_histogram``: 12 pitch classes relative to the tonic, normalised;
  ``pc_transitions``: 12 x 12 transition counts of those, normalised;
* ``note_count``; ``ioi``: mean inter-onset interval in quarter notes;
  ``length_histogram``: note lengths in the classes of ``LENGTH_CLASSES`` (sixteenths)
  plus one class for any other length, normalised; ``length_transitions``: their
  transitions, normalised.

Distances are Euclidean (vectors and matrices flattened).
"""

from __future__ import annotations

__all__ = ["LENGTH_CLASSES", "YL_FEATURES", "overlap", "overlaps", "yl_features"]

from typing import Sequence

import numpy as np

from composer.analysis.form import Line

#: Note lengths (in sixteenth notes) that get a class of their own.
LENGTH_CLASSES: tuple[int, ...] = (1, 2, 3, 4, 6, 8, 12, 16, 24, 32)

YL_FEATURES: tuple[str, ...] = (
    "pitch_count", "pitch_range", "interval", "pc_histogram", "pc_transitions",
    "note_count", "ioi", "length_histogram", "length_transitions",
)


def _length_class(duration: np.ndarray, slot: int) -> np.ndarray:
    six = duration / slot
    out = np.full(duration.shape, len(LENGTH_CLASSES), dtype=np.int64)
    for i, c in enumerate(LENGTH_CLASSES):
        out[six == c] = i
    return out


def _transitions(seq: np.ndarray, k: int) -> np.ndarray:
    m = np.zeros((k, k))
    np.add.at(m, (seq[:-1], seq[1:]), 1.0)
    return (m / m.sum()).ravel() if m.sum() else m.ravel()


def yl_features(line: Line, tonic: int) -> dict[str, np.ndarray]:
    """The Yang–Lerch features of one melody; ``tonic`` is the key's pitch class 0..11."""
    pc = (line.midi - tonic) % 12
    hist = np.bincount(pc, minlength=12) / len(pc)
    lc = _length_class(line.duration, line.slot)
    k = len(LENGTH_CLASSES) + 1
    ioi = np.diff(line.onset) / (4 * line.slot)
    return {
        "pitch_count": np.array([np.unique(line.midi).size], float),
        "pitch_range": np.array([line.midi.max() - line.midi.min()], float),
        "interval": np.array([np.abs(np.diff(line.midi)).mean() if len(line.midi) > 1 else 0.0]),
        "pc_histogram": hist,
        "pc_transitions": _transitions(pc, 12),
        "note_count": np.array([len(line.midi)], float),
        "ioi": np.array([ioi.mean() if ioi.size else 0.0]),
        "length_histogram": np.bincount(lc, minlength=k) / len(lc),
        "length_transitions": _transitions(lc, k),
    }


def _kde(samples: np.ndarray, grid: np.ndarray, bandwidth: float) -> np.ndarray:
    # Gaussian KDE evaluated in chunks (samples can number tens of thousands)
    out = np.zeros_like(grid)
    for i in range(0, len(samples), 4096):
        z = (grid[:, None] - samples[None, i:i + 4096]) / bandwidth
        out += np.exp(-0.5 * z * z).sum(axis=1)
    return out / (len(samples) * bandwidth * np.sqrt(2 * np.pi))


def _bandwidth(x: np.ndarray, span: float) -> float:
    # Scott's rule, floored so that a constant sample still has a density
    return max(1.06 * x.std() * len(x) ** -0.2, 0.01 * span, 1e-6)


def overlap(intra: np.ndarray, inter: np.ndarray) -> float:
    """Overlapping area of the Gaussian KDEs of two 1-D distance samples, in [0, 1].

    Two samples of one constant value overlap fully; a constant sample is given a
    narrow density (1% of the joint span, or of its own size) rather than none.
    """
    lo, hi = min(intra.min(), inter.min()), max(intra.max(), inter.max())
    if hi - lo < 1e-12:
        return 1.0
    span = hi - lo
    grid = np.linspace(lo - 0.25 * span, hi + 0.25 * span, 512)
    p = _kde(intra, grid, _bandwidth(intra, span))
    q = _kde(inter, grid, _bandwidth(inter, span))
    return float(np.clip(np.trapezoid(np.minimum(p, q), grid), 0.0, 1.0))


def _stack(feats: Sequence[dict[str, np.ndarray]], name: str) -> np.ndarray:
    return np.stack([f[name] for f in feats])


def overlaps(generated: Sequence[dict[str, np.ndarray]], reference: Sequence[dict[str, np.ndarray]],
             *, max_pairs: int = 20_000, seed: int = 0) -> dict[str, float]:
    """Overlapping area per Yang–Lerch feature of ``generated`` against ``reference``.

    Parameters
    ----------
    generated, reference : sequences of dicts from :func:`yl_features`
        At least 2 melodies each.
    max_pairs : int
        Distance pairs drawn at most per sample (a fixed random subset beyond it).
    seed : int
        Seed of that subset.

    Returns
    -------
    dict of str to float
        One overlapping area per name in :data:`YL_FEATURES`.
    """
    if len(generated) < 2 or len(reference) < 2:
        raise ValueError("each set needs at least 2 melodies")
    rng = np.random.default_rng(seed)
    out = {}
    for name in YL_FEATURES:
        g, r = _stack(generated, name), _stack(reference, name)
        i, j = np.triu_indices(len(r), 1)
        if len(i) > max_pairs:
            pick = rng.choice(len(i), max_pairs, replace=False)
            i, j = i[pick], j[pick]
        intra = np.linalg.norm(r[i] - r[j], axis=1)
        gi = rng.integers(0, len(g), max_pairs)
        ri = rng.integers(0, len(r), max_pairs)
        inter = np.linalg.norm(g[gi] - r[ri], axis=1)
        out[name] = overlap(intra, inter)
    return out
