"""A one-hidden-layer network over categorical fields, and its trainer (numpy only).

The network reads ``F`` categorical fields (the token ``c`` steps back, the bar
position, …). Field ``f`` with value ``v`` selects row ``offset[f] + v`` of one
stacked embedding table ``W1``; the selected rows are summed with ``b1`` and passed
through a ReLU:

    h = relu(sum_f W1[idx_f] + b1)                      (H,)
    logits = h @ W2 + b2 + cand @ g                     (K,)
    log P = log_softmax(logits over the allowed outputs)

``cand`` (shape (K, G)) holds optional per-output features (e.g. "this pitch followed
the same context earlier in the melody"), which lets the network copy from the
melody so far. Because the first layer is a sum of table rows, it can be exported as
one table per field, which is what the search kernel evaluates.

Training: mini-batches, Adam (Kingma and Ba 2015), L2 weight decay, early stopping on
a validation set (the parameters of the best validation epoch are kept), a progress
bar, and full determinism for a given seed.
"""

from __future__ import annotations

__all__ = ["MLP", "Samples", "TrainReport", "train_mlp"]

import time
from dataclasses import dataclass, field

import numpy as np

from composer._progress import progress as _progress

_NEG = -1e30


@dataclass
class Samples:
    """Training or evaluation examples for an ``MLP``.

    Attributes
    ----------
    idx : ndarray of int64, shape (N, F)
        Row of ``W1`` selected by each field (offsets already added).
    target : ndarray of int64, shape (N,)
        The output index to predict.
    mask : ndarray of bool, shape (N, K), optional
        Allowed outputs (the target must be allowed); all allowed when None.
    cand : ndarray of float64, shape (N, K, G), optional
        Per-output features.
    """

    idx: np.ndarray
    target: np.ndarray
    mask: np.ndarray | None = None
    cand: np.ndarray | None = None

    def __len__(self) -> int:
        return int(self.idx.shape[0])

    def take(self, rows: np.ndarray) -> Samples:
        """Return the examples at ``rows``."""
        return Samples(self.idx[rows], self.target[rows],
                       None if self.mask is None else self.mask[rows],
                       None if self.cand is None else self.cand[rows])


@dataclass
class MLP:
    """Parameters of the network.

    Attributes
    ----------
    W1 : ndarray of float64, shape (V, H)
        Stacked field embeddings (V = total rows over all fields).
    b1 : ndarray of float64, shape (H,)
    W2 : ndarray of float64, shape (H, K)
    b2 : ndarray of float64, shape (K,)
    g : ndarray of float64, shape (G,)
        Weights of the per-output features (G may be 0).
    """

    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    b2: np.ndarray
    g: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @classmethod
    def init(cls, n_rows: int, hidden: int, n_out: int, n_cand: int, rng: np.random.Generator) -> MLP:
        """Return small random parameters (He-style scales) drawn from ``rng``."""
        return cls(
            W1=rng.normal(0.0, 0.1, (n_rows, hidden)),
            b1=np.full(hidden, 0.01),
            W2=rng.normal(0.0, np.sqrt(2.0 / hidden), (hidden, n_out)),
            b2=np.zeros(n_out),
            g=np.zeros(n_cand),
        )

    def arrays(self) -> dict[str, np.ndarray]:
        """Return the parameters by name."""
        return {"W1": self.W1, "b1": self.b1, "W2": self.W2, "b2": self.b2, "g": self.g}

    def copy(self) -> MLP:
        """Return a deep copy."""
        return MLP(**{k: v.copy() for k, v in self.arrays().items()})

    def hidden(self, idx: np.ndarray) -> np.ndarray:
        """Return the hidden activations, shape (N, H), for field rows ``idx`` (N, F)."""
        return np.maximum(self.W1[idx].sum(1) + self.b1, 0.0)

    def logprob(self, s: Samples) -> np.ndarray:
        """Return log P over outputs, shape (N, K), natural log; disallowed outputs get -inf."""
        logits = self.hidden(s.idx) @ self.W2 + self.b2
        if s.cand is not None and self.g.size:
            logits = logits + s.cand @ self.g
        if s.mask is not None:
            logits = np.where(s.mask, logits, -np.inf)
        m = logits.max(1, keepdims=True)
        return logits - m - np.log(np.exp(logits - m).sum(1, keepdims=True))

    def loss_and_grads(self, s: Samples, l2: float) -> tuple[float, dict[str, np.ndarray]]:
        """Return the mean negative log-likelihood (nats) of ``s`` plus the L2 term, and its gradients."""
        n = len(s)
        pre = self.W1[s.idx].sum(1) + self.b1
        h = np.maximum(pre, 0.0)
        logits = h @ self.W2 + self.b2
        if s.cand is not None and self.g.size:
            logits = logits + s.cand @ self.g
        if s.mask is not None:
            logits = np.where(s.mask, logits, _NEG)
        m = logits.max(1, keepdims=True)
        e = np.exp(logits - m)
        z = e.sum(1, keepdims=True)
        p = e / z
        rows = np.arange(n)
        nll = float(-(logits[rows, s.target] - m[:, 0] - np.log(z[:, 0])).mean())
        dlog = p
        dlog[rows, s.target] -= 1.0
        dlog /= n
        grads = {
            "W2": h.T @ dlog + l2 * self.W2,
            "b2": dlog.sum(0),
            "g": (np.einsum("nk,nkg->g", dlog, s.cand) if s.cand is not None and self.g.size
                  else np.zeros_like(self.g)),
        }
        dpre = (dlog @ self.W2.T) * (pre > 0)
        grads["b1"] = dpre.sum(0)
        gw1 = np.zeros_like(self.W1)
        f = s.idx.shape[1]
        np.add.at(gw1, s.idx.ravel(), np.repeat(dpre, f, axis=0))
        used = np.zeros(self.W1.shape[0], dtype=bool)
        used[s.idx.ravel()] = True
        gw1[used] += l2 * self.W1[used]  # decay only the rows this batch used (lazy L2)
        grads["W1"] = gw1
        penalty = 0.5 * l2 * (float((self.W2 ** 2).sum()) + float((self.W1[used] ** 2).sum())) / max(n, 1)
        return nll + penalty, grads

    def nll(self, s: Samples, batch: int = 4096) -> float:
        """Return the mean negative log-likelihood of ``s`` in nats."""
        total = 0.0
        for a in range(0, len(s), batch):
            part = s.take(np.arange(a, min(a + batch, len(s))))
            lp = self.logprob(part)
            total -= float(lp[np.arange(len(part)), part.target].sum())
        return total / max(len(s), 1)


@dataclass
class TrainReport:
    """What training did: losses per epoch (nats per example), the best epoch, seconds."""

    train_loss: list[float]
    valid_loss: list[float]
    best_epoch: int
    seconds: float


def train_mlp(
    train: Samples,
    valid: Samples,
    *,
    n_rows: int,
    n_out: int,
    hidden: int = 64,
    epochs: int = 60,
    batch_size: int = 64,
    lr: float = 3e-3,
    l2: float = 1e-4,
    patience: int = 6,
    seed: int = 0,
    progress: bool | None = False,
    label: str = "training",
) -> tuple[MLP, TrainReport]:
    """Train an ``MLP`` with Adam and early stopping; deterministic for a given ``seed``.

    Parameters
    ----------
    train, valid : Samples
        Training examples and validation examples (for early stopping).
    n_rows : int
        Rows of ``W1`` (all fields' vocabularies together).
    n_out : int
        Number of outputs ``K``.
    hidden : int
        Hidden units ``H``.
    epochs : int
        Most passes over ``train``.
    batch_size : int
        Examples per Adam step.
    lr : float
        Adam step size.
    l2 : float
        Weight decay.
    patience : int
        Stop after this many epochs without a better validation loss.
    seed : int
        Seeds initialisation and shuffling.
    progress : bool or None
        Draw a progress bar over epochs (None: only on a terminal).
    label : str
        Progress-bar label.

    Returns
    -------
    model : MLP
        The parameters of the epoch with the lowest validation loss.
    report : TrainReport
    """
    t0 = time.perf_counter()
    rng = np.random.default_rng(seed)
    g_dim = 0 if train.cand is None else train.cand.shape[2]
    model = MLP.init(n_rows, hidden, n_out, g_dim, rng)
    params = model.arrays()
    m1 = {k: np.zeros_like(v) for k, v in params.items()}
    m2 = {k: np.zeros_like(v) for k, v in params.items()}
    b1_, b2_, eps = 0.9, 0.999, 1e-8
    step = 0
    best, best_loss, best_epoch, waited = model.copy(), model.nll(valid) if len(valid) else np.inf, 0, 0
    tr_hist: list[float] = []
    va_hist: list[float] = []
    for epoch in _progress(range(1, epochs + 1), label=label, enabled=progress):
        order = rng.permutation(len(train))
        total = 0.0
        for a in range(0, len(order), batch_size):
            batch = train.take(order[a:a + batch_size])
            loss, grads = model.loss_and_grads(batch, l2)
            total += loss * len(batch)
            step += 1
            for k, gr in grads.items():
                m1[k] = b1_ * m1[k] + (1 - b1_) * gr
                m2[k] = b2_ * m2[k] + (1 - b2_) * gr * gr
                mh = m1[k] / (1 - b1_ ** step)
                vh = m2[k] / (1 - b2_ ** step)
                params[k] -= lr * mh / (np.sqrt(vh) + eps)
        tr_hist.append(total / len(train))
        vl = model.nll(valid) if len(valid) else tr_hist[-1]
        va_hist.append(vl)
        if vl < best_loss - 1e-6:
            best, best_loss, best_epoch, waited = model.copy(), vl, epoch, 0
        else:
            waited += 1
            if waited >= patience:
                break
    return best, TrainReport(tr_hist, va_hist, best_epoch, time.perf_counter() - t0)
