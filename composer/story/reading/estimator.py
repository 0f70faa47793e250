"""The estimator interface (any callable ``str -> Affect``) and the default estimator."""

from __future__ import annotations

__all__ = ["Estimator", "default_estimator"]

import functools
from collections.abc import Callable

from composer.affect import Affect

#: An estimator: any callable that takes a text and returns its ``Affect``.
Estimator = Callable[[str], Affect]


@functools.lru_cache(maxsize=1)
def default_estimator() -> Estimator:
    """The estimator used when none is given: the trained ``ModelAffectEstimator`` (shipped weights).

    It beats the lexicon-and-rules ``TextAffectEstimator`` on EmoBank's development split
    for both valence and arousal (see benchmarks/text_affect.py and docs/story.md).
    """
    from composer.story.reading.model import ModelAffectEstimator

    return ModelAffectEstimator()
