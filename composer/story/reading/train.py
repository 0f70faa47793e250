"""Train the text model (``composer/story/reading/text_model.npz``) on EmoBank's training split, with numpy only.

Run ``python -m composer.story.reading.train PATH/TO/emobank/train.csv [-o OUT.npz]``. The
regularisation of each target (valence, arousal) is chosen by 5-fold cross-validation
on the training file itself (highest mean Pearson r); the development split is never
read here, so that ``benchmarks/text_affect.py`` can report honest figures on it.

EmoBank: Sven Buechel and Udo Hahn. 2017. EmoBank: Studying the Impact of Annotation
Perspective and Representation Format on Dimensional Emotion Analysis. EACL 2017,
Volume 2 (Short Papers), pages 578–585. Licence CC-BY-SA 4.0: the trained weights are
shared under the same licence (see NOTICE).
"""

from __future__ import annotations

__all__ = ["read_emobank", "train_text_model", "ridge_cg", "sparse_rows", "LAMBDAS", "MIN_COUNT", "main"]

import argparse
import csv
import math
import os
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from composer.errors import ArgumentError, ComposerError, ModelError
from composer.story.reading.lexicon_estimator import TextAffectEstimator
from composer.story.reading.model import DENSE_FEATURES, DENSE_SCALE, TARGET_SPREAD, TextModel, dense_features, ngrams

#: Regularisation strengths tried by cross-validation.
LAMBDAS: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0, 8.0)
#: N-grams seen in fewer training sentences than this are left out of the vocabulary.
MIN_COUNT = 2


def read_emobank(path: str | os.PathLike[str]) -> tuple[list[str], np.ndarray]:
    """Read an EmoBank CSV (``id,V,A,D,text``).

    Returns
    -------
    texts : list of str
    targets : numpy.ndarray of shape (n, 2)
        Valence and arousal mapped from 1..5 to -1..1 with ``(x - 3) / 2``.
    """
    texts, rows = [], []
    try:
        with open(path, newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                texts.append(r["text"])
                rows.append(((float(r["V"]) - 3) / 2, (float(r["A"]) - 3) / 2))
    except (OSError, KeyError, ValueError) as e:
        raise ModelError(f"cannot read EmoBank file {path}: {e}") from None
    return texts, np.array(rows, dtype=np.float64).reshape(-1, 2)


def sparse_rows(texts: Sequence[str], vocabulary: dict[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """N-gram features as coordinate arrays ``(rows, cols, values)``: ``1 + log(count)``, rows of unit length."""
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for i, t in enumerate(texts):
        c = ngrams(t)
        items = [(vocabulary[g], 1.0 + math.log(k)) for g, k in c.items() if g in vocabulary]
        if not items:
            continue
        norm = math.sqrt(sum(v * v for _, v in items))
        for j, v in items:
            rows.append(i)
            cols.append(j)
            vals.append(v / norm)
    return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), np.array(vals, dtype=np.float64)


class _Design:
    """The design matrix [sparse n-grams | dense block] with the two products ridge needs."""

    def __init__(self, n: int, n_vocab: int, sparse: tuple[np.ndarray, np.ndarray, np.ndarray], dense: np.ndarray):
        self.n, self.n_vocab = n, n_vocab
        self.rows, self.cols, self.vals = sparse
        self.dense = dense
        self.d = n_vocab + dense.shape[1]

    def subset(self, idx: np.ndarray) -> _Design:
        keep = np.isin(self.rows, idx)
        remap = np.full(self.n, -1, dtype=np.int64)
        remap[idx] = np.arange(len(idx))
        return _Design(len(idx), self.n_vocab, (remap[self.rows[keep]], self.cols[keep], self.vals[keep]), self.dense[idx])

    def matvec(self, w: np.ndarray) -> np.ndarray:
        sparse = np.bincount(self.rows, weights=self.vals * w[self.cols], minlength=self.n)
        return sparse + self.dense @ w[self.n_vocab:]

    def rmatvec(self, r: np.ndarray) -> np.ndarray:
        out = np.empty(self.d)
        out[:self.n_vocab] = np.bincount(self.cols, weights=self.vals * r[self.rows], minlength=self.n_vocab)
        out[self.n_vocab:] = self.dense.T @ r
        return out


def ridge_cg(design: _Design, y: np.ndarray, lam: float, *, tol: float = 1e-6, max_iter: int = 500) -> tuple[np.ndarray, float]:
    """Ridge regression by conjugate gradients: minimise ``|X w + b - y|^2 + lam |w|^2`` over ``w`` and ``b``.

    The intercept ``b`` is not penalised. Equivalently the columns of ``X`` are centred,
    which is done implicitly (``X_c w = X w - mean(X) . w``) so the sparse block stays sparse.

    Returns
    -------
    w : numpy.ndarray of shape (d,)
    b : float
    """
    n = design.n
    mu = design.rmatvec(np.ones(n)) / n  # column means of X, shape (d,)

    def xc(w: np.ndarray) -> np.ndarray:
        return design.matvec(w) - float(mu @ w)

    def xct(r: np.ndarray) -> np.ndarray:
        return design.rmatvec(r) - mu * float(r.sum())

    y_mean = float(y.mean())
    rhs = xct(y - y_mean)
    w = np.zeros(design.d)
    r = rhs.copy()
    p = r.copy()
    rr = float(r @ r)
    stop = tol * tol * max(rr, 1e-300)
    for _ in range(max_iter):
        if rr <= stop:
            break
        ap = xct(xc(p)) + lam * p
        alpha = rr / float(p @ ap)
        w += alpha * p
        r -= alpha * ap
        rr_new = float(r @ r)
        p = r + (rr_new / rr) * p
        rr = rr_new
    return w, y_mean - float(mu @ w)


def _pearson(a: np.ndarray, b: np.ndarray) -> float:
    if a.std() == 0 or b.std() == 0:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])


def train_text_model(texts: Sequence[str], targets: np.ndarray, *, lambdas: Sequence[float] = LAMBDAS,
                     min_count: int = MIN_COUNT, folds: int = 5, seed: int = 0,
                     lexicon_estimator: TextAffectEstimator | None = None, log=None) -> TextModel:
    """Train a ``TextModel`` on sentences and their (valence, arousal) ratings in [-1, 1].

    Parameters
    ----------
    texts : sequence of str
        Training sentences.
    targets : numpy.ndarray of shape (n, 2)
        Valence and arousal of each.
    lambdas : sequence of float
        Regularisation strengths tried; each target gets the one with the best
        cross-validated Pearson r.
    min_count : int
        Keep n-grams found in at least this many sentences.
    folds : int
        Cross-validation folds (at least 2).
    seed : int
        Shuffles the folds.
    lexicon_estimator : TextAffectEstimator, optional
        Computes the dense features (the default one otherwise).
    log : callable, optional
        Called with progress lines.
    """
    y = np.asarray(targets, dtype=np.float64)
    if y.shape != (len(texts), 2):
        raise ArgumentError(f"targets must have shape ({len(texts)}, 2), got {y.shape}")
    if len(texts) < 2 * folds or folds < 2:
        raise ArgumentError(f"need at least {2 * max(folds, 2)} sentences and folds >= 2")
    say = log or (lambda s: None)
    est = lexicon_estimator if lexicon_estimator is not None else TextAffectEstimator()
    df: Counter = Counter()
    for t in texts:
        df.update(ngrams(t).keys())
    words = sorted(g for g, c in df.items() if c >= min_count)
    vocabulary = {g: i for i, g in enumerate(words)}
    say(f"{len(texts)} sentences, {len(vocabulary)} n-grams seen in >= {min_count} sentences")
    dense_raw = dense_features(list(texts), est)
    mean, std = dense_raw.mean(axis=0), dense_raw.std(axis=0)
    std[std == 0] = 1.0
    design = _Design(len(texts), len(vocabulary), sparse_rows(texts, vocabulary), (dense_raw - mean) / std * DENSE_SCALE)

    order = np.random.default_rng(seed).permutation(len(texts))
    parts = np.array_split(order, folds)
    chosen, cv_r = [], []
    calibration = np.zeros((2, 4))  # per axis: out-of-fold prediction mean, std; rating mean, std
    for j, name in enumerate(("valence", "arousal")):
        scores = []
        oofs = []
        for lam in lambdas:
            rs = []
            oof = np.zeros(len(texts))
            for k in range(folds):
                test = np.sort(parts[k])
                train = np.sort(np.concatenate([parts[m] for m in range(folds) if m != k]))
                w, b = ridge_cg(design.subset(train), y[train, j], lam)
                oof[test] = design.subset(test).matvec(w) + b
                rs.append(_pearson(oof[test], y[test, j]))
            scores.append(float(np.mean(rs)))
            oofs.append(oof)
            say(f"{name}: lambda {lam:g}: cross-validated r = {scores[-1]:.4f}")
        best = int(np.argmax(scores))
        chosen.append(float(lambdas[best]))
        cv_r.append(scores[best])
        calibration[j] = (oofs[best].mean(), max(float(oofs[best].std()), 1e-6), y[:, j].mean(), y[:, j].std())
    weights = np.zeros((design.d, 2))
    intercept = np.zeros(2)
    gain = np.zeros(2)
    for j in range(2):
        weights[:, j], intercept[j] = ridge_cg(design, y[:, j], chosen[j])
        pred = design.matvec(weights[:, j]) + intercept[j]
        gain[j] = TARGET_SPREAD / max(float(pred.std()), 1e-6)
    info = {
        "data": "EmoBank train.csv (Buechel & Hahn 2017), CC-BY-SA 4.0",
        "sentences": str(len(texts)),
        "ngrams": str(len(vocabulary)),
        "lambda_valence": f"{chosen[0]:g}",
        "lambda_arousal": f"{chosen[1]:g}",
        "cv_r_valence": f"{cv_r[0]:.4f}",
        "cv_r_arousal": f"{cv_r[1]:.4f}",
        "dense_features": ",".join(DENSE_FEATURES),
        "calibration": "out-of-fold predictions of the chosen lambda, variance-matched to the ratings",
    }
    return TextModel(vocabulary, weights, intercept, mean, std, gain, info, calibration)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: train on an EmoBank train.csv and write the model file."""
    parser = argparse.ArgumentParser(prog="python -m composer.story.reading.train", description=__doc__.split("\n\n")[0])
    parser.add_argument("train_csv", type=Path, help="EmoBank train.csv (columns id,V,A,D,text)")
    parser.add_argument("-o", "--output", type=Path, default=Path(__file__).with_name("text_model.npz"),
                        help="where to write the model (default: the shipped composer/story/reading/text_model.npz)")
    args = parser.parse_args(argv)
    try:
        texts, targets = read_emobank(args.train_csv)
        model = train_text_model(texts, targets, log=lambda s: print(s, file=sys.stderr, flush=True))
        model.save(args.output)
    except ComposerError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"wrote {args.output} ({args.output.stat().st_size // 1024} KiB): " +
          ", ".join(f"{k}={v}" for k, v in model.info.items() if k.startswith(("cv_", "lambda"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
