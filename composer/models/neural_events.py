"""The neural pitch model used for evaluation, over absolute note events (``EventMelody``).

This is the richer of the project's two networks (the other, ``composer.models.neural``,
works in the search's token alphabet and ships in the wheel). It predicts the pitch
of each note, relative to the key signature's tonic placed in octave 4 (MIDI 60 to
71: known before the first note, unlike a median), from

* the ``context`` notes before it: pitch, interval into it and duration;
* what is known of the current note before its pitch: the time since the previous
  onset, its position in the bar, the meter, whether a rest precedes it, and how
  far into the melody it is;
* *copy features* per candidate pitch: how often that pitch followed the same last
  1-4 pitches, or the same last 1-3 intervals, earlier in this melody, and how often
  it occurred at all (log(1 + count)). They let the network learn that folk songs
  repeat their phrases, which is the short-term model's job in IDyOM.

The network is ``composer.models.mlp.MLP``; the output is masked to the pitch
alphabet of the evaluation, so each prediction is a distribution over it.
"""

from __future__ import annotations

__all__ = ["EventNeuralModel", "copy_features", "N_COPY"]

from collections.abc import Sequence

import numpy as np

from composer.errors import ModelError
from composer.models.events import EventMelody
from composer.models.mlp import MLP, Samples, TrainReport, train_mlp

#: Duration and inter-onset classes, in ticks (48 per quarter); values snap to the nearest.
_TIME_CLASSES = np.array([6, 12, 18, 24, 36, 48, 72, 96, 144, 192, 288], dtype=np.int64)
_METERS = ("2/4", "3/4", "4/4", "6/8", "3/8", "2/2", "6/4", "3/2")
_MAX_INT = 12
_PITCH_ORDERS = (1, 2, 3, 4)
_INTERVAL_ORDERS = (1, 2, 3)
#: Number of copy features per candidate pitch.
N_COPY = 1 + len(_PITCH_ORDERS) + len(_INTERVAL_ORDERS)


def _time_class(ticks: np.ndarray) -> np.ndarray:
    return np.abs(np.asarray(ticks)[:, None] - _TIME_CLASSES[None, :]).argmin(1)


def _matches(seq: np.ndarray, orders: Sequence[int]) -> list[np.ndarray]:
    """For each order k, M[i, j] = the k values before position i equal the k before j, for j < i."""
    n = len(seq)
    eq = seq[:, None] == seq[None, :]
    earlier = np.tril(np.ones((n, n), dtype=bool), -1)
    out = []
    m = earlier.copy()
    for k in range(1, max(orders) + 1):
        shifted = np.zeros((n, n), dtype=bool)
        if n > k:
            shifted[k:, k:] = eq[:-k, :-k]
        m = m & shifted
        if k in orders:
            out.append(m.copy())
    return out


def copy_features(rel: np.ndarray, n_out: int) -> np.ndarray:
    """Return the copy features of a melody, shape (n, n_out, N_COPY), float64.

    Parameters
    ----------
    rel : ndarray of int64, shape (n,)
        Output index (pitch relative to the reference, offset to start at 0) of each note.
    n_out : int
        Number of outputs.

    Notes
    -----
    Feature 0 counts the candidate among the notes before ``i``; features
    ``1..4`` count it after the same last 1-4 pitches; the rest count it after the same
    last 1-3 intervals (the candidate reached by the interval that followed). Each is
    ``log(1 + count)``; only notes before ``i`` are used.
    """
    n = len(rel)
    onehot = np.zeros((n, n_out))
    onehot[np.arange(n), rel] = 1.0
    feats = np.zeros((n, n_out, N_COPY))
    earlier = np.tril(np.ones((n, n)), -1)
    feats[:, :, 0] = earlier @ onehot
    for f, m in enumerate(_matches(rel, _PITCH_ORDERS), start=1):
        feats[:, :, f] = m.astype(np.float64) @ onehot
    if n > 1:
        ints = np.concatenate([[10_000], np.diff(rel)])  # interval into each note; none into the first
        for f, m in enumerate(_matches(ints, _INTERVAL_ORDERS), start=1 + len(_PITCH_ORDERS)):
            m = m.copy()
            m[:, 0] = False
            counts = np.zeros((n, n_out))
            ii, jj = np.nonzero(m)
            # after the same intervals, the interval into j applied to the note before i
            target = rel[ii - 1] + ints[jj]
            ok = (target >= 0) & (target < n_out)
            np.add.at(counts, (ii[ok], target[ok]), 1.0)
            feats[:, :, f] = counts
    return np.log1p(feats)


class EventNeuralModel:
    """Next-pitch network over note events, with copy features.

    Parameters
    ----------
    alphabet : ndarray of int64, shape (A,)
        Candidate MIDI pitches of the evaluation.
    context : int
        Notes of context.
    hidden : int
        Hidden units.
    copy : bool
        Use the copy features.
    """

    def __init__(self, alphabet: np.ndarray, *, context: int = 8, hidden: int = 96, copy: bool = True,
                 l2: float = 1e-4, epochs: int = 60, lr: float = 3e-3, batch_size: int = 64) -> None:
        self.alphabet = np.asarray(alphabet, dtype=np.int64)
        self.context, self.hidden, self.copy = int(context), int(hidden), bool(copy)
        self.l2, self.epochs, self.lr, self.batch_size = float(l2), int(epochs), float(lr), int(batch_size)
        # Output k is the pitch rel_lo + k above the reference; wide enough for every key.
        self.rel_lo = int(self.alphabet.min()) - 71
        self.rel_hi = int(self.alphabet.max()) - 60
        self.n_out = self.rel_hi - self.rel_lo + 1
        nt = len(_TIME_CLASSES)
        c = self.context
        self._fields = ([self.n_out + 1] * c + [2 * _MAX_INT + 2] * c + [nt + 1] * c
                        + [nt + 1, 33, len(_METERS) + 1, 2, 16])
        self._offsets = np.concatenate([[0], np.cumsum(self._fields)[:-1]]).astype(np.int64)
        self.net: MLP | None = None
        self.report: TrainReport | None = None

    # ----------------------------------------------------------------- features

    def _samples(self, m: EventMelody) -> Samples:
        n, c = len(m), self.context
        ref = 60 + m.tonic
        rel = np.clip(m.midi - ref, self.rel_lo, self.rel_hi) - self.rel_lo
        ints = np.clip(np.diff(m.midi, prepend=m.midi[:1]), -_MAX_INT, _MAX_INT) + _MAX_INT
        ints[0] = 2 * _MAX_INT + 1
        dcls = _time_class(m.duration)
        cols = []
        for seq, start in ((rel, self.n_out), (ints, 2 * _MAX_INT + 1), (dcls, len(_TIME_CLASSES))):
            for back in range(1, c + 1):
                col = np.full(n, start, dtype=np.int64)
                if n > back:
                    col[back:] = seq[:-back]
                cols.append(col)
        ioi = _time_class(m.ioi)
        ioi[0] = len(_TIME_CLASSES)
        cols.append(ioi)
        cols.append(np.clip(m.bar_pos // 12, 0, 32))
        meter = _METERS.index(m.meter) if m.meter in _METERS else len(_METERS)
        cols.append(np.full(n, meter, dtype=np.int64))
        cols.append(m.rest_before.astype(np.int64))
        cols.append(np.minimum(np.arange(n), 15))
        idx = np.stack(cols, axis=1) + self._offsets[None, :]
        allowed = np.zeros(self.n_out, dtype=bool)
        ok = (self.alphabet - ref >= self.rel_lo) & (self.alphabet - ref <= self.rel_hi)
        allowed[self.alphabet[ok] - ref - self.rel_lo] = True
        mask = np.broadcast_to(allowed, (n, self.n_out))
        cand = copy_features(rel, self.n_out) if self.copy else None
        return Samples(idx, rel, mask, cand)

    def samples(self, melodies: Sequence[EventMelody]) -> Samples:
        """Return the examples of every note of ``melodies``."""
        parts = [self._samples(m) for m in melodies if len(m)]
        if not parts:
            raise ModelError("no notes to make examples from")
        cat = (lambda xs: None if xs[0] is None else np.concatenate(xs))
        return Samples(np.concatenate([p.idx for p in parts]), np.concatenate([p.target for p in parts]),
                       np.concatenate([p.mask for p in parts]), cat([p.cand for p in parts]))

    # ----------------------------------------------------------------- training and prediction

    def fit(self, melodies: Sequence[EventMelody], *, valid_fraction: float = 0.1, seed: int = 0,
            progress: bool | None = False) -> EventNeuralModel:
        """Train on ``melodies``; every ``round(1/valid_fraction)``-th melody is the early-stopping set."""
        step = max(2, round(1 / valid_fraction))
        train = [m for i, m in enumerate(melodies) if i % step != step - 1]
        valid = [m for i, m in enumerate(melodies) if i % step == step - 1] or train[-1:]
        self.net, self.report = train_mlp(
            self.samples(train), self.samples(valid), n_rows=int(sum(self._fields)), n_out=self.n_out,
            hidden=self.hidden, epochs=self.epochs, batch_size=self.batch_size, lr=self.lr, l2=self.l2,
            seed=seed, progress=progress, label="training neural",
        )
        return self

    def predict(self, melody: EventMelody) -> np.ndarray:
        """Return P(pitch of note i | before it) over ``alphabet``, shape (n, A); rows sum to 1."""
        if self.net is None:
            raise ModelError("the neural model is not trained; call fit() first")
        s = self._samples(melody)
        lp = self.net.logprob(s)
        ref = 60 + melody.tonic
        cols = np.clip(self.alphabet - ref, self.rel_lo, self.rel_hi) - self.rel_lo
        p = np.exp(lp[:, cols])
        inside = (self.alphabet - ref >= self.rel_lo) & (self.alphabet - ref <= self.rel_hi)
        p[:, ~inside] = 0.0
        return p / p.sum(1, keepdims=True)
