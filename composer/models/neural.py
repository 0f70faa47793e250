"""The shipped neural pitch model, in the search's token alphabet, exportable to the search kernel.

An ``MLP`` (``composer.models.mlp``) reads the ``context`` events before a note, each
as one *joint event* token ``pitch_token * N_DUR + dur_token`` of
``composer.models.tokens`` (``JOINT_START = N_PITCH * N_DUR`` for positions before
the melody), plus two attribute fields (mode family, meter family), and predicts the
next pitch token. Its first layer is a sum of table rows, so it exports exactly as the
search kernel evaluates it (``search_tables``)::

    h = relu(b1' + sum_c first[c, event c+1 steps back])      first: (C, N_JOINT + 1, H)
    log P(pitch) = log_softmax(h @ W2 + b2)                    W2: (H, N_PITCH), b2: (N_PITCH,)

with the attributes folded into ``b1'``. ``neural_default.npz`` is trained on the
public-domain ``default`` corpus; the richer network measured against IDyOM is
``composer.models.neural_events``.
"""

from __future__ import annotations

__all__ = [
    "NEURAL_FORMAT_VERSION",
    "N_JOINT",
    "JOINT_START",
    "NeuralModel",
    "joint_tokens",
    "train_neural",
    "default_neural",
]

import datetime as _dt
import functools
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from composer.errors import ArgumentError, ModelError
from composer.models.markov import meter_family, mode_family
from composer.models.model_file import load_shipped, read_model_file, write_model_file
from composer.models.mlp import MLP, Samples, TrainReport, train_mlp
from composer.models.tokens import N_DUR, N_PITCH, TokenMelody

#: Version of the ``.npz`` layout written by ``NeuralModel.save``.
NEURAL_FORMAT_VERSION = 1
#: Number of joint (pitch, duration) event tokens.
N_JOINT = N_PITCH * N_DUR
#: The joint token for "before the first note".
JOINT_START = N_JOINT
#: Most hidden units of a shipped model (the search runs it for every beam entry at every step).
MAX_HIDDEN = 128
_DEFAULT_FILE = "neural_default.npz"


def joint_tokens(melody: TokenMelody) -> np.ndarray:
    """Return the joint event tokens ``pitch * N_DUR + duration`` of ``melody``, int64, shape (n,)."""
    return melody.pitch * N_DUR + melody.duration


def _family_of(attributes: Mapping[str, Any] | None) -> tuple[int, int]:
    a = dict(attributes or {})
    unknown = sorted(set(a) - {"mode", "meter", "mode_family", "meter_family"})
    if unknown:
        raise ModelError(f"unknown model attribute {unknown[0]!r}; known: mode, meter, mode_family, meter_family")
    mf = int(a["mode_family"]) if "mode_family" in a else mode_family(a.get("mode"))
    tf = int(a["meter_family"]) if "meter_family" in a else meter_family(a.get("meter"))
    if mf not in (0, 1) or tf not in (0, 1):
        raise ModelError(f"mode_family and meter_family must be 0 or 1, got {mf} and {tf}")
    return mf, tf


class NeuralModel:
    """Next-pitch network over joint event tokens.

    Parameters
    ----------
    net : MLP
        Its ``W1`` stacks ``context`` tables of ``N_JOINT + 1`` rows, then 2 mode-family
        rows and 2 meter-family rows.
    context : int
        Number of events ``C`` before the note that it reads.
    metadata : dict, optional
        JSON-serialisable facts about training.
    """

    def __init__(self, net: MLP, context: int, metadata: dict | None = None) -> None:
        self.net = net
        self.context = int(context)
        expected = self.context * (N_JOINT + 1) + 4
        if net.W1.shape[0] != expected or net.W2.shape[1] != N_PITCH or net.W1.shape[1] > MAX_HIDDEN:
            raise ArgumentError(f"W1 must have {expected} rows, W2 {N_PITCH} columns, and at most {MAX_HIDDEN} hidden units")
        self.metadata: dict[str, Any] = dict(metadata or {})

    @property
    def hidden(self) -> int:
        """Number of hidden units ``H``."""
        return int(self.net.W1.shape[1])

    def __repr__(self) -> str:
        return f"NeuralModel(context={self.context}, hidden={self.hidden}, notes={self.metadata.get('n_notes', '?')})"

    # ----------------------------------------------------------------- examples

    def _idx(self, joint: np.ndarray, mf: int, tf: int) -> np.ndarray:
        """Field rows for predicting every note of a joint-token sequence, shape (n, C + 2)."""
        n, c = len(joint), self.context
        cols = []
        for back in range(1, c + 1):
            col = np.full(n, JOINT_START, dtype=np.int64)
            if n > back:
                col[back:] = joint[:-back]
            cols.append(col + (back - 1) * (N_JOINT + 1))
        base = c * (N_JOINT + 1)
        cols.append(np.full(n, base + mf, dtype=np.int64))
        cols.append(np.full(n, base + 2 + tf, dtype=np.int64))
        return np.stack(cols, axis=1)

    def samples(self, melodies: Sequence[TokenMelody]) -> Samples:
        """Return the training examples of every note of ``melodies``."""
        idx, tgt = [], []
        for m in melodies:
            if len(m) == 0:
                continue
            idx.append(self._idx(joint_tokens(m), mode_family(m.mode), meter_family(m.meter)))
            tgt.append(m.pitch)
        if not idx:
            raise ModelError("no notes to make examples from")
        return Samples(np.concatenate(idx), np.concatenate(tgt))

    # ----------------------------------------------------------------- queries

    def logprob(self, history: Sequence[int], attributes: Mapping[str, Any] | None = None) -> np.ndarray:
        """Return log P(next pitch token | history), shape (N_PITCH,), natural log.

        Parameters
        ----------
        history : sequence of int
            Joint event tokens of the melody so far, oldest first (only the last
            ``context`` are read; fewer means the melody has just begun).
        attributes : mapping, optional
            ``mode`` / ``meter`` names, or ``mode_family`` / ``meter_family`` (0 or 1).
        """
        h = [int(t) for t in history]
        bad = [t for t in h if not 0 <= t < N_JOINT]
        if bad:
            raise ModelError(f"joint event token {bad[0]} is outside 0..{N_JOINT - 1}")
        mf, tf = _family_of(attributes)
        seq = np.array(h[-self.context:] + [0], dtype=np.int64)  # a dummy last event to predict
        idx = self._idx(seq, mf, tf)[-1:]
        return self.net.logprob(Samples(idx, np.zeros(1, dtype=np.int64)))[0]

    def pitch_sequence_logprob(self, melody: TokenMelody) -> np.ndarray:
        """Return the natural-log probability of each pitch token of ``melody``, shape (n,)."""
        s = self.samples([melody])
        return self.net.logprob(s)[np.arange(len(s)), s.target]

    def bits_per_note(self, melodies: Sequence[TokenMelody]) -> float:
        """Return the mean pitch cross-entropy over all notes of ``melodies``, in bits per note."""
        s = self.samples(melodies)
        return self.net.nll(s) / np.log(2.0)

    def search_tables(self, attributes: Mapping[str, Any] | None = None
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Export the network in the form the search kernel evaluates.

        Returns
        -------
        first : ndarray of float64, shape (C, N_JOINT + 1, H)
            ``first[c, t]``: the first-layer contribution of joint token ``t`` (or
            ``JOINT_START``) ``c + 1`` events back.
        b1 : ndarray of float64, shape (H,)
            First-layer bias with the attributes folded in.
        W2 : ndarray of float64, shape (H, N_PITCH)
        b2 : ndarray of float64, shape (N_PITCH,)
            ``log_softmax(relu(b1 + sum_c first[c, tok_c]) @ W2 + b2)`` is the log P of
            the next pitch token. All arrays are C-contiguous float64.
        """
        mf, tf = _family_of(attributes)
        c = self.context
        w1 = self.net.W1
        first = np.ascontiguousarray(w1[: c * (N_JOINT + 1)].reshape(c, N_JOINT + 1, self.hidden))
        base = c * (N_JOINT + 1)
        b1 = np.ascontiguousarray(self.net.b1 + w1[base + mf] + w1[base + 2 + tf])
        return first, b1, np.ascontiguousarray(self.net.W2), np.ascontiguousarray(self.net.b2)

    # ----------------------------------------------------------------- files

    def save(self, path: str | os.PathLike) -> Path:
        """Write the model to ``path`` (compressed ``.npz``, no pickle) and return the path."""
        return write_model_file(path, version=NEURAL_FORMAT_VERSION, metadata=self.metadata,
                                arrays={"context": np.int64(self.context), **self.net.arrays()})

    @classmethod
    def load(cls, path: str | os.PathLike) -> NeuralModel:
        """Read a model written by ``save``.

        Raises
        ------
        ModelError
            If the file is missing, corrupt, of another format version or malformed; the message names the file.
        """
        p = Path(path)
        stored, metadata = read_model_file(p, what="neural model", version=NEURAL_FORMAT_VERSION,
                                           keys=("context", "W1", "b1", "W2", "b2", "g"))
        try:
            context = int(stored["context"])
            arrays = {k: np.array(stored[k], dtype=np.float64) for k in ("W1", "b1", "W2", "b2", "g")}
        except (TypeError, ValueError) as exc:
            raise ModelError(f"{p}: malformed neural model ({exc})") from exc
        if not all(np.all(np.isfinite(a)) for a in arrays.values()):
            raise ModelError(f"{p}: neural model holds non-finite weights")
        try:
            return cls(MLP(**arrays), context, metadata)
        except ValueError as exc:
            raise ModelError(f"{p}: malformed neural model ({exc})") from exc


def train_neural(
    melodies: Sequence[TokenMelody],
    *,
    context: int = 4,
    hidden: int = 64,
    epochs: int = 30,
    batch_size: int = 256,
    lr: float = 3e-3,
    l2: float = 1e-5,
    valid_fraction: float = 0.05,
    seed: int = 0,
    progress: bool | None = False,
    metadata: dict | None = None,
) -> tuple[NeuralModel, TrainReport]:
    """Train a ``NeuralModel``; deterministic for a given ``seed``.

    Every ``round(1 / valid_fraction)``-th melody is held out for early stopping.

    Raises
    ------
    ModelError
        If there are no notes or ``hidden`` exceeds ``MAX_HIDDEN``.
    """
    if not 1 <= hidden <= MAX_HIDDEN:
        raise ModelError(f"hidden must be in 1..{MAX_HIDDEN}, got {hidden}")
    if context < 1:
        raise ModelError(f"context must be at least 1, got {context}")
    mels = [m for m in melodies if len(m)]
    if not mels:
        raise ModelError("cannot train a neural model on no notes")
    step = max(2, round(1 / valid_fraction))
    train = [m for i, m in enumerate(mels) if i % step != step - 1] or mels
    valid = [m for i, m in enumerate(mels) if i % step == step - 1] or mels[-1:]
    shell = NeuralModel(MLP.init(context * (N_JOINT + 1) + 4, hidden, N_PITCH, 0, np.random.default_rng(0)),
                        context)
    net, report = train_mlp(shell.samples(train), shell.samples(valid), n_rows=context * (N_JOINT + 1) + 4,
                            n_out=N_PITCH, hidden=hidden, epochs=epochs, batch_size=batch_size, lr=lr, l2=l2,
                            seed=seed, progress=progress, label="training neural")
    meta = {
        "context": context,
        "hidden": hidden,
        "n_melodies": len(mels),
        "n_notes": int(sum(len(m) for m in mels)),
        "best_epoch": report.best_epoch,
        "valid_bits_per_note": round(min(report.valid_loss) / np.log(2.0), 4) if report.valid_loss else None,
        "training_seconds": round(report.seconds, 3),
        "seed": seed,
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
    }
    meta.update(metadata or {})
    return NeuralModel(net, context, meta), report


@functools.lru_cache(maxsize=1)
def default_neural() -> NeuralModel:
    """Return the shipped neural model (``corpora/neural_default.npz``), loaded once and shared.

    Raises
    ------
    ModelError
        If the shipped file is missing or unusable (run ``composer train`` to rebuild it).
    """
    return load_shipped(_DEFAULT_FILE, NeuralModel.load)
