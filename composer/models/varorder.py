"""The variable-order Markov model compiled to flat arrays for the search kernels.

A ``CompiledPPM`` freezes a blended PPM model (``composer.models.ppm``, escape method
C, update exclusion, orders 0..``max_order``) of one token stream into three arrays:

* ``keys`` (int64, shape (n_ctx,)): every stored context encoded as the integer
  ``sum_j token_{-j} * base ** (j - 1)`` (the most recent token is the lowest digit),
  sorted within each order's block;
* ``order_start`` (int64, shape (max_order + 2,)): block ``k`` of ``keys`` is
  ``keys[order_start[k]:order_start[k + 1]]`` (block 0 is the empty context);
* ``logp`` (float64, shape (n_ctx, V)): the natural-log distribution of the next token
  after each stored context, already blended with all shorter ones.

A lookup finds the longest stored suffix of the history by binary search, order by
order (the stored set is closed under suffixes, so the search stops at the first
miss), and returns that row: ``composer.search._kernels.ppm_row`` does it in numba,
``CompiledPPM.row`` in Python. Contexts of order 2 and above seen fewer than
``min_count`` times are pruned, which keeps the shipped file small.

``VariableOrderMarkov`` pairs a pitch-token model and a duration-token model per mode
and meter family, like ``MarkovModel`` but with longer contexts.
"""

from __future__ import annotations

__all__ = ["VARORDER_FORMAT_VERSION", "CompiledPPM", "compile_ppm", "VariableOrderMarkov", "train_varorder",
           "default_varorder"]

import datetime as _dt
import functools
import os
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from composer.errors import ArgumentError, ModelError
from composer.models.markov import meter_family, mode_family
from composer.models.model_file import load_shipped, read_model_file, write_model_file
from composer.models.ppm import PPM
from composer.models.tokens import N_DUR, N_PITCH, TokenMelody

#: Version of the ``.npz`` layout written by ``VariableOrderMarkov.save``.
VARORDER_FORMAT_VERSION = 1
_DEFAULT_FILE = "varorder_default.npz"


class CompiledPPM:
    """A frozen variable-order model of one token stream (see the module docstring).

    Parameters
    ----------
    keys : ndarray of int64, shape (n_ctx,)
    order_start : ndarray of int64, shape (max_order + 2,)
    logp : ndarray of float64, shape (n_ctx, V)
    base : int
        The radix of the context encoding (``V``).
    """

    def __init__(self, keys: np.ndarray, order_start: np.ndarray, logp: np.ndarray, base: int) -> None:
        self.keys = np.ascontiguousarray(keys, dtype=np.int64)
        self.order_start = np.ascontiguousarray(order_start, dtype=np.int64)
        self.logp = np.ascontiguousarray(logp, dtype=np.float64)
        self.base = int(base)
        if self.order_start[0] != 0 or self.order_start[-1] != len(self.keys) or self.logp.shape[0] != len(self.keys):
            raise ArgumentError("order_start must run from 0 to len(keys), and logp have one row per key")
        if self.order_start[1] != 1:
            raise ArgumentError("order 0 must hold exactly the empty context")

    @property
    def max_order(self) -> int:
        """Longest stored context."""
        return len(self.order_start) - 2

    @property
    def vocab(self) -> int:
        """Number of tokens ``V``."""
        return int(self.logp.shape[1])

    def row(self, history: Sequence[int]) -> int:
        """Return the row of ``logp`` for the longest stored suffix of ``history`` (oldest first)."""
        best, key, mult = 0, 0, 1
        n = len(history)
        for k in range(1, self.max_order + 1):
            if k > n:
                break
            key += int(history[n - k]) * mult
            mult *= self.base
            lo, hi = int(self.order_start[k]), int(self.order_start[k + 1])
            i = lo + int(np.searchsorted(self.keys[lo:hi], key))
            if i < hi and self.keys[i] == key:
                best = i
            else:
                break
        return best

    def logprob(self, history: Sequence[int]) -> np.ndarray:
        """Return log P(next token | history), shape (V,), natural log."""
        return self.logp[self.row(history)].copy()


def compile_ppm(seqs: Sequence[np.ndarray], vocab: int, max_order: int = 4, min_count: int = 2,
                escape: str = "C") -> CompiledPPM:
    """Train a blended PPM on ``seqs`` and compile it.

    Parameters
    ----------
    seqs : sequence of ndarray of int64
        Token sequences with values in ``0..vocab-1``.
    vocab : int
        Alphabet size ``V``.
    max_order : int
        Longest context (``base ** max_order`` must fit in int64).
    min_count : int
        Contexts of order 2 and above seen fewer times are not stored.
    escape : {"C", "AX"}
        PPM escape method.

    Returns
    -------
    CompiledPPM
    """
    if vocab ** max_order >= 2 ** 62:
        raise ArgumentError(f"max_order {max_order} is too long for {vocab} tokens")
    ppm = PPM(vocab, max_order, escape, update_exclusion=True, ppm_star=False)
    seen: list[Counter] = [Counter() for _ in range(max_order + 1)]
    for s in seqs:
        s = [int(t) for t in s]
        ppm.add_sequence(s)
        for i in range(len(s) + 1):  # contexts that precede a prediction (and the end)
            for k in range(1, min(max_order, i) + 1):
                seen[k][tuple(s[i - k:i])] += 1
    symbols = list(range(vocab))
    blocks_keys: list[np.ndarray] = [np.zeros(1, dtype=np.int64)]
    blocks_rows: list[np.ndarray] = [np.log(ppm.predict((), symbols))[None, :]]
    for k in range(1, max_order + 1):
        ctxs = [c for c, n in seen[k].items() if (k < 2 or n >= min_count) and c in ppm._stats]
        # keep the set suffix-closed: a stored context's suffix must be stored too
        if k >= 2:
            prev = set(int(x) for x in blocks_keys[k - 1])
            ctxs = [c for c in ctxs if _encode(c[1:], vocab) in prev]
        if not ctxs:
            break
        enc = np.array([_encode(c, vocab) for c in ctxs], dtype=np.int64)
        order = np.argsort(enc)
        rows = np.array([np.log(ppm.predict(ctxs[i], symbols)) for i in order])
        blocks_keys.append(enc[order])
        blocks_rows.append(rows)
    starts = np.concatenate([[0], np.cumsum([len(b) for b in blocks_keys])]).astype(np.int64)
    logp = np.concatenate(blocks_rows)
    logp -= np.log(np.exp(logp).sum(1, keepdims=True))
    return CompiledPPM(np.concatenate(blocks_keys), starts, logp, vocab)


def _encode(ctx: Sequence[int], base: int) -> int:
    key, mult = 0, 1
    for t in reversed(ctx):
        key += int(t) * mult
        mult *= base
    return key


class VariableOrderMarkov:
    """Variable-order pitch and duration models per family, compiled for the search.

    Parameters
    ----------
    pitch : list of CompiledPPM
        One per mode family (0 major-type, 1 minor-type), over pitch tokens (V = N_PITCH).
    duration : list of CompiledPPM
        One per meter family (0 simple, 1 compound), over duration tokens (V = N_DUR).
    metadata : dict, optional
    """

    def __init__(self, pitch: Sequence[CompiledPPM], duration: Sequence[CompiledPPM],
                 metadata: dict | None = None) -> None:
        if len(pitch) != 2 or len(duration) != 2:
            raise ArgumentError("give two pitch models (mode families) and two duration models (meter families)")
        if any(p.vocab != N_PITCH for p in pitch) or any(d.vocab != N_DUR for d in duration):
            raise ArgumentError(f"pitch models need {N_PITCH} tokens, duration models {N_DUR}")
        self.pitch = list(pitch)
        self.duration = list(duration)
        self.metadata: dict[str, Any] = dict(metadata or {})

    def __repr__(self) -> str:
        return (f"VariableOrderMarkov(max_order={self.pitch[0].max_order}, "
                f"contexts={sum(len(p.keys) for p in self.pitch)})")

    def pitch_sequence_logprob(self, melody: TokenMelody) -> np.ndarray:
        """Return the natural-log probability of each pitch token of ``melody``, shape (n,)."""
        model = self.pitch[mode_family(melody.mode)]
        p = melody.pitch.tolist()
        return np.array([model.logp[model.row(p[:i]), p[i]] for i in range(len(p))])

    def bits_per_note(self, melodies: Sequence[TokenMelody]) -> float:
        """Return the mean pitch cross-entropy over all notes of ``melodies``, in bits per note."""
        total = sum(float(self.pitch_sequence_logprob(m).sum()) for m in melodies)
        n = sum(len(m) for m in melodies)
        if n == 0:
            raise ArgumentError("no notes to evaluate")
        return -total / n / np.log(2.0)

    def save(self, path: str | os.PathLike) -> Path:
        """Write the model to ``path`` (compressed ``.npz``, no pickle) and return the path."""
        arrays: dict[str, np.ndarray] = {}
        for kind, models in (("pitch", self.pitch), ("duration", self.duration)):
            for f, m in enumerate(models):
                arrays[f"{kind}{f}_keys"] = m.keys
                arrays[f"{kind}{f}_order_start"] = m.order_start
                arrays[f"{kind}{f}_logp"] = m.logp.astype(np.float32)  # halves the file; ample precision
        return write_model_file(path, version=VARORDER_FORMAT_VERSION, metadata=self.metadata, arrays=arrays)

    @classmethod
    def load(cls, path: str | os.PathLike) -> VariableOrderMarkov:
        """Read a model written by ``save``.

        Raises
        ------
        ModelError
            If the file is missing, corrupt, of another format version or malformed; the message names the file.
        """
        p = Path(path)
        names = [f"{kind}{f}_{part}" for kind in ("pitch", "duration") for f in range(2)
                 for part in ("keys", "order_start", "logp")]
        z, metadata = read_model_file(p, what="variable-order model", version=VARORDER_FORMAT_VERSION, keys=names)
        models: dict[str, list[CompiledPPM]] = {"pitch": [], "duration": []}
        try:
            for kind, vocab in (("pitch", N_PITCH), ("duration", N_DUR)):
                for f in range(2):
                    logp = np.array(z[f"{kind}{f}_logp"], dtype=np.float64)
                    logp -= np.log(np.exp(logp).sum(1, keepdims=True))  # exact after float32 storage
                    models[kind].append(CompiledPPM(z[f"{kind}{f}_keys"], z[f"{kind}{f}_order_start"], logp, vocab))
            return cls(models["pitch"], models["duration"], metadata)
        except ValueError as exc:
            raise ModelError(f"{p}: malformed variable-order model ({exc})") from exc


def train_varorder(melodies: Sequence[TokenMelody], *, max_order: int = 4, min_count: int = 3,
                   metadata: dict | None = None) -> VariableOrderMarkov:
    """Train and compile a ``VariableOrderMarkov``; deterministic.

    A family with no melodies gets the model of all melodies.

    Raises
    ------
    ModelError
        If there are no notes.
    """
    t0 = time.perf_counter()
    mels = [m for m in melodies if len(m)]
    if not mels:
        raise ModelError("cannot train a variable-order model on no notes")
    pitch, duration = [], []
    for f in range(2):
        chosen = [m.pitch for m in mels if mode_family(m.mode) == f] or [m.pitch for m in mels]
        pitch.append(compile_ppm(chosen, N_PITCH, max_order, min_count))
        chosen = [m.duration for m in mels if meter_family(m.meter) == f] or [m.duration for m in mels]
        duration.append(compile_ppm(chosen, N_DUR, max_order, min_count))
    meta = {
        "max_order": max_order,
        "min_count": min_count,
        "smoothing": "blended PPM, escape C, update exclusion",
        "n_melodies": len(mels),
        "n_notes": int(sum(len(m) for m in mels)),
        "training_seconds": round(time.perf_counter() - t0, 3),
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
    }
    meta.update(metadata or {})
    return VariableOrderMarkov(pitch, duration, meta)


@functools.lru_cache(maxsize=1)
def default_varorder() -> VariableOrderMarkov:
    """Return the shipped variable-order model (``corpora/varorder_default.npz``), loaded once and shared.

    Raises
    ------
    ModelError
        If the shipped file is missing or unusable (run ``composer train`` to rebuild it).
    """
    return load_shipped(_DEFAULT_FILE, VariableOrderMarkov.load)
