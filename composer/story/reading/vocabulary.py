"""The shipped text model's vocabulary, read without the model: what the estimators count as known words.

``composer.story.reading.language`` judges how English a text looks from a set of known words it
is given; both estimators give it the unigrams of the shipped model's vocabulary
(``shipped_known_words``), read here so that the language check and the lexicon estimator
need not import the model (which imports them).
"""

from __future__ import annotations

__all__ = ["MODEL_FILE", "decode_vocabulary", "shipped_known_words"]

import functools
import importlib.resources
import io

import numpy as np

from composer.story.reading.language import FUNCTION_WORDS, known_words

#: The shipped model file inside ``composer.story``.
MODEL_FILE = "text_model.npz"


def decode_vocabulary(stored: np.ndarray) -> list[str]:
    """The vocabulary as a model file stores it (UTF-8 bytes, one n-gram a line) → the n-grams, in order."""
    return bytes(stored).decode("utf-8").split("\n") if stored.size else []


@functools.lru_cache(maxsize=1)
def shipped_known_words() -> frozenset[str]:
    """The unigrams of the shipped model's vocabulary and the function words (the function words
    alone when the model file is missing or unreadable)."""
    try:
        data = importlib.resources.files("composer.story.reading").joinpath(MODEL_FILE).read_bytes()
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            return known_words(decode_vocabulary(z["vocabulary"]))
    except (OSError, KeyError, ValueError, EOFError):
        return FUNCTION_WORDS
