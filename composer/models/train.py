"""Training the shipped models from a corpus manifest (what ``composer train`` runs)."""

from __future__ import annotations

__all__ = ["SHIPPED_FILES", "holdout_split", "train_default", "train_shipped"]

import os
import time
from collections.abc import Sequence
from pathlib import Path

from composer._resources import corpora_dir
from composer.errors import ArgumentError, ModelError
from composer.models.corpus import CorpusReading, load_corpus
from composer.models.markov import MarkovModel, default_model, train_markov
from composer.models.tokens import TokenMelody


def holdout_split(
    melodies: Sequence[TokenMelody], fraction: float = 0.1
) -> tuple[list[TokenMelody], list[TokenMelody]]:
    """Split ``melodies`` deterministically into (training, held-out).

    Every ``round(1 / fraction)``-th melody (counting from the last of each block) is held
    out, so the held-out set samples every source evenly without randomness.
    """
    if not 0 < fraction < 1:
        raise ArgumentError(f"fraction must be in (0, 1), got {fraction}")
    step = max(2, round(1 / fraction))
    train = [m for i, m in enumerate(melodies) if i % step != step - 1]
    held = [m for i, m in enumerate(melodies) if i % step == step - 1]
    return train, held


def _default_out() -> Path:
    folder = corpora_dir()
    if not isinstance(folder, Path) and not hasattr(folder, "__fspath__"):
        raise ModelError("the shipped corpora folder is not a plain folder; pass out= to say where to save")
    return Path(str(folder)) / "markov_default.npz"


def train_default(
    corpus: str | os.PathLike = "default",
    out: str | os.PathLike | None = None,
    progress: bool | None = True,
    *,
    use_cache: bool = True,
    holdout: float | None = 0.1,
) -> tuple[MarkovModel, float]:
    """Read a corpus, train the Markov model on it and save it.

    Parameters
    ----------
    corpus : str or path-like
        A shipped manifest's name (``"default"``) or a manifest path.
    out : path-like, optional
        Where to write the ``.npz``; by default ``corpora/markov_default.npz`` (the
        shipped model, which ``default_model()`` then reloads).
    progress : bool or None
        Draw progress bars (None: only on a terminal).
    use_cache : bool
        Use the on-disk parse cache.
    holdout : float or None
        When given, first train on all but this fraction of the melodies and store the
        held-out pitch cross-entropy (bits per note) in the metadata, then train on all.

    Returns
    -------
    model : MarkovModel
        The model trained on the whole corpus (already saved).
    seconds : float
        Wall time of the whole run, parsing included.

    Raises
    ------
    ModelError
        If the manifest cannot be used or the corpus holds no melodies.
    """
    t0 = time.perf_counter()
    report = CorpusReading()
    melodies = load_corpus(corpus, progress=progress, use_cache=use_cache, report=report)
    if not melodies:
        raise ModelError(f"corpus {str(corpus)!r} holds no usable melodies")
    parse_seconds = time.perf_counter() - t0
    meta: dict = {
        "corpora": [str(corpus)],
        "parse_seconds": round(parse_seconds, 3),
        "files_unreadable": len(report.problems),
        "tunes_skipped": dict(sorted(report.skipped.items())),
    }
    if holdout:
        train, held = holdout_split(melodies, holdout)
        if train and held:
            meta["heldout_fraction"] = holdout
            meta["heldout_bits_per_note"] = round(train_markov(train).bits_per_note(held), 4)
    model = train_markov(melodies, progress=progress, metadata=meta)
    target = Path(out) if out is not None else _default_out()
    model.save(target)
    if out is None:
        default_model.cache_clear()
    return model, time.perf_counter() - t0


#: The shipped model files, by model name.
SHIPPED_FILES = {"markov": "markov_default.npz", "varorder": "varorder_default.npz", "neural": "neural_default.npz"}


def train_shipped(
    corpus: str | os.PathLike = "default",
    out_dir: str | os.PathLike | None = None,
    models: Sequence[str] = tuple(SHIPPED_FILES),
    progress: bool | None = True,
    *,
    seed: int = 0,
    use_cache: bool = True,
) -> tuple[dict[str, object], dict[str, float]]:
    """Train the search's models on a corpus and save them.

    Parameters
    ----------
    corpus : str or path-like
        A corpus manifest name or path. The shipped files must come from public-domain
        material (``default``); Essen manifests (``kinder``, ``fink``) are for research use.
    out_dir : path-like, optional
        Folder for the files (names in ``SHIPPED_FILES``); by default the shipped ``corpora/``
        folder, whose models ``default_model()`` and friends then reload.
    models : sequence of str
        Which of ``SHIPPED_FILES`` to train.
    progress : bool or None
        Draw progress bars (None: only on a terminal).
    seed : int
        Seeds the neural model's training.
    use_cache : bool
        Use the on-disk parse cache.

    Returns
    -------
    trained : dict
        Model name to the trained model (already saved).
    seconds : dict
        Model name to training seconds, plus ``"parse"``.

    Raises
    ------
    ModelError
        If a model name is unknown, the manifest cannot be used or the corpus holds no melodies.
    """
    from composer.models.neural import default_neural, train_neural
    from composer.models.varorder import default_varorder, train_varorder

    unknown = [m for m in models if m not in SHIPPED_FILES]
    if unknown:
        raise ModelError(f"unknown model {unknown[0]!r}; known: {', '.join(SHIPPED_FILES)}")
    t0 = time.perf_counter()
    melodies = load_corpus(corpus, progress=progress, use_cache=use_cache)
    if not melodies:
        raise ModelError(f"corpus {str(corpus)!r} holds no usable melodies")
    seconds = {"parse": time.perf_counter() - t0}
    folder = Path(out_dir) if out_dir is not None else _default_out().parent
    meta = {"corpora": [str(corpus)]}
    trained: dict[str, object] = {}
    for name in models:
        t1 = time.perf_counter()
        if name == "markov":
            model: object = train_markov(melodies, progress=progress, metadata=meta)
        elif name == "varorder":
            model = train_varorder(melodies, metadata=meta)
        else:
            model, _ = train_neural(melodies, seed=seed, progress=progress, metadata=meta)
        model.save(folder / SHIPPED_FILES[name])  # type: ignore[attr-defined]
        trained[name] = model
        seconds[name] = time.perf_counter() - t1
    if out_dir is None:
        default_model.cache_clear()
        default_varorder.cache_clear()
        default_neural.cache_clear()
    return trained, seconds
