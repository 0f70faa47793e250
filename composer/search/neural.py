"""``NeuralScorer``: the form in which a neural next-pitch model enters the search.

The contract (what a trained model exports; the search reads nothing else):

* context of ``C`` previous events; an event is the joint token
  ``pitch_token * N_DUR + dur_token``; ``START = N_PITCH * N_DUR`` stands for the
  positions before the melody (and before any context);
* the first layer precomputed as tables ``first`` of shape ``(C, N_PITCH * N_DUR + 1, H)``
  (float64; table ``c`` is for the event ``c + 1`` steps back: embeddings, their
  concatenation and the first weight matrix folded into look-ups) plus a bias ``b1``
  of shape ``(H,)`` (conditioning on attributes such as valence and arousal is folded
  into ``b1`` by the model before the search);
* a ReLU hidden layer: ``h = max(0, b1 + sum_c first[c, event_{-c-1}])``;
* the output layer ``w2`` ``(H, N_PITCH)`` and ``b2`` ``(N_PITCH,)`` giving pitch
  logits ``h @ w2 + b2``, turned into log-probabilities by a log-softmax over the
  pitch tokens (the rest included).

The search's pitch score is ``w_markov * markov_logp + w_neural * neural_logp``. The
forward pass runs inside the kernel, batched over the whole beam at each tick (the
output layer is one BLAS matrix product), so only ReLU, look-ups and additions are
scalar work.
"""

from __future__ import annotations

__all__ = ["NeuralScorer"]

from dataclasses import dataclass

import numpy as np

from composer.errors import SearchError
from composer.models.tokens import N_DUR, N_PITCH

#: Joint event vocabulary: every (pitch token, duration token) pair plus START.
N_EVENTS = N_PITCH * N_DUR + 1


@dataclass(frozen=True)
class NeuralScorer:
    """A neural next-pitch model in the search's precomputed form.

    Attributes
    ----------
    first : ndarray of float64, shape (C, N_PITCH * N_DUR + 1, H)
        First-layer tables; ``first[c]`` is for the event ``c + 1`` steps back.
    b1 : ndarray of float64, shape (H,)
        First-layer bias, with any conditioning folded in.
    w2 : ndarray of float64, shape (H, N_PITCH)
        Output weights.
    b2 : ndarray of float64, shape (N_PITCH,)
        Output bias.
    """

    first: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray

    def __post_init__(self) -> None:
        arrays = {}
        for name in ("first", "b1", "w2", "b2"):
            a = np.ascontiguousarray(getattr(self, name), dtype=np.float64)
            if not np.all(np.isfinite(a)):
                raise SearchError(f"neural scorer: {name} holds NaN or infinite values")
            arrays[name] = a
        first, b1, w2, b2 = arrays["first"], arrays["b1"], arrays["w2"], arrays["b2"]
        if first.ndim != 3 or first.shape[0] < 1 or first.shape[1] != N_EVENTS:
            raise SearchError(f"neural scorer: first must have shape (C >= 1, {N_EVENTS}, H), got {first.shape}")
        h = first.shape[2]
        if b1.shape != (h,) or w2.shape != (h, N_PITCH) or b2.shape != (N_PITCH,):
            raise SearchError(f"neural scorer: expected b1 ({h},), w2 ({h}, {N_PITCH}), b2 ({N_PITCH},); "
                              f"got {b1.shape}, {w2.shape}, {b2.shape}")
        for name, a in arrays.items():
            object.__setattr__(self, name, a)

    @property
    def context(self) -> int:
        """Number of previous events the model reads (``C``)."""
        return int(self.first.shape[0])

    @property
    def hidden(self) -> int:
        """Number of hidden units (``H``)."""
        return int(self.first.shape[2])

    def multiply_adds(self) -> int:
        """Multiply-adds of one forward pass (one hypothesis, one step): look-up additions plus the output layer."""
        return self.context * self.hidden + self.hidden * N_PITCH

    def logp(self, history: np.ndarray) -> np.ndarray:
        """Return pitch log-probabilities, shape (n, N_PITCH), for histories ``history`` (n, ≥ C), most recent first.

        The plain NumPy forward pass (used to explain scores; the search runs its own).
        """
        history = np.asarray(history, dtype=np.int64)
        h = self.b1 + sum(self.first[c, history[:, c]] for c in range(self.context))
        logits = np.maximum(h, 0.0) @ self.w2 + self.b2
        mx = logits.max(axis=1, keepdims=True)
        return logits - (mx + np.log(np.exp(logits - mx).sum(axis=1, keepdims=True)))

    @classmethod
    def random(cls, *, context: int = 4, hidden: int = 128, embed: int = 16, seed: int = 0) -> NeuralScorer:
        """An untrained scorer with random weights (for tests and benchmarks), shaped like a real one.

        Builds embeddings ``(N_EVENTS, embed)`` and a first weight matrix ``(context * embed, hidden)``
        and folds them into the per-position tables, as a trained model's export does.
        """
        rng = np.random.default_rng(seed)
        emb = rng.normal(0, 1, size=(N_EVENTS, embed))
        w1 = rng.normal(0, 1 / np.sqrt(context * embed), size=(context * embed, hidden))
        first = np.stack([emb @ w1[c * embed:(c + 1) * embed] for c in range(context)])
        return cls(first=first, b1=rng.normal(0, 0.1, size=hidden),
                   w2=rng.normal(0, 1 / np.sqrt(hidden), size=(hidden, N_PITCH)), b2=np.zeros(N_PITCH))
