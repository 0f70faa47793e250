"""Combining predictive distributions: entropy-weighted geometric or arithmetic means (Pearce 2005).

Each distribution ``P_m`` over one alphabet of size ``A`` gets the weight

    w_m = (H(P_m) / log2 A) ** -bias,

so a confident (low-entropy) model counts more; ``bias = 0`` gives equal weights. The
geometric mean ``P(x) ∝ prod_m P_m(x) ** (w_m / sum w)`` was the better rule for IDyOM
and is the default here.
"""

from __future__ import annotations

__all__ = ["entropy_bits", "entropy_weights", "combine"]

import numpy as np

from composer.errors import ArgumentError

_TINY = 1e-300


def entropy_bits(p: np.ndarray) -> np.ndarray:
    """Return the entropy in bits of each distribution along the last axis of ``p`` (shape (..., A))."""
    q = np.clip(p, _TINY, 1.0)
    return -(p * np.log2(q)).sum(-1)


def entropy_weights(dists: np.ndarray, bias: float) -> np.ndarray:
    """Return the weights ``(H / Hmax) ** -bias`` of distributions ``dists`` (shape (M, ..., A)) along axis 0."""
    a = dists.shape[-1]
    hmax = np.log2(a) if a > 1 else 1.0
    rel = np.clip(entropy_bits(dists) / hmax, 1e-6, None)
    return rel ** (-float(bias))


def combine(dists: np.ndarray, bias: float = 1.0, rule: str = "geometric",
            weights: np.ndarray | None = None) -> np.ndarray:
    """Combine distributions into one.

    Parameters
    ----------
    dists : ndarray of float64, shape (M, ..., A)
        ``M`` probability distributions over the same alphabet (last axis sums to 1).
    bias : float
        Entropy bias (0: equal weights).
    rule : {"geometric", "arithmetic"}
        Weighted geometric (product of powers, renormalised) or arithmetic mean.
    weights : ndarray, shape (M,), optional
        Fixed extra weights multiplied into the entropy weights.

    Returns
    -------
    ndarray of float64, shape (..., A)
        A distribution (sums to 1 along the last axis).
    """
    d = np.asarray(dists, dtype=np.float64)
    w = entropy_weights(d, bias)
    if weights is not None:
        w = w * np.asarray(weights, dtype=np.float64).reshape((-1,) + (1,) * (w.ndim - 1))
    w = w / w.sum(0, keepdims=True)
    if rule == "geometric":
        logp = (w[..., None] * np.log(np.clip(d, _TINY, 1.0))).sum(0)
        logp -= logp.max(-1, keepdims=True)
        p = np.exp(logp)
    elif rule == "arithmetic":
        p = (w[..., None] * d).sum(0)
    else:
        raise ArgumentError(f"rule must be 'geometric' or 'arithmetic', got {rule!r}")
    return p / p.sum(-1, keepdims=True)
