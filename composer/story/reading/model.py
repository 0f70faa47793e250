"""The trained text model: ridge regression over word n-grams plus the lexicon and cue features.

The shipped weights (``composer/story/reading/text_model.npz``) were trained by
``python -m composer.story.reading.train`` on the EmoBank training split (Buechel & Hahn 2017,
CC-BY-SA 4.0; see NOTICE), so the weights are a derived work under CC-BY-SA 4.0.
Only numpy is needed to use them.

Features of one sentence (shape ``(n_vocab + n_dense,)``):

* word unigrams and bigrams of the lower-cased sentence (``!``, ``?``, ``...`` and quotes
  count as words), plus each word's crude stem (``~peace`` for "peacefully", ``~sleep``
  for "slept", so that inflections unseen in training still count) and, after a negation ("not", "never",
  "n't" …) up to the next punctuation, each word marked as negated (``not_happy``);
  weighted ``1 + log(count)`` and scaled to unit length;
* ``DENSE_FEATURES``: VADER's compound and absolute compound, the lexicon estimator's
  arousal and its seven intensity cues, standardised with the training means and
  deviations and scaled by ``DENSE_SCALE``.

Reading a text (``ModelAffectEstimator.reading``):

1. **Calibration.** Ridge shrinks its predictions toward the mean, and EmoBank's ratings
   are themselves compressed (most lie within ±0.3 after mapping 1..5 to -1..1). Each
   sentence's prediction ``p`` is put in units of the human ratings' spread: ``z = (p -
   m_p) / s_p``, where ``m_p`` and ``s_p`` are the mean and standard deviation of the
   model's *out-of-fold* predictions on the training split, so that ``m_y + z * s_y`` (the
   variance-matched recalibration) has the ratings' mean ``m_y`` and deviation ``s_y``.
2. **Intensity.** A scene's ``z`` is the mean of its sentences' ``z`` weighted by
   ``words * exp(INTENSITY * |z|)`` (per axis), so one screaming sentence among calm ones
   pulls the scene more than its share of words, and a plain scene is its plain mean.
3. **The square.** ``affect = tanh(z / EDGE)``: a text ``EDGE`` human standard deviations
   from the mean reads ``tanh(1) = 0.76``, so the ratings' whole spread uses the square.
"""

from __future__ import annotations

__all__ = ["TextModel", "ModelAffectEstimator", "Reading", "load_text_model", "tokens", "ngrams", "DENSE_FEATURES",
           "DENSE_SCALE", "TARGET_SPREAD", "MODEL_FILE", "MODEL_VERSION", "EDGE", "INTENSITY", "stem"]

import functools
import importlib.resources
import io
import math
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from composer.affect import Affect
from composer.errors import ModelError, StoryError
from composer.story.reading.cues import CUE_NAMES
from composer.story.reading.irregular import base_form
from composer.story.reading.language import english_confidence
from composer.story.reading.vocabulary import MODEL_FILE, decode_vocabulary, shipped_known_words
from composer.story.reading.lexicon_estimator import TextAffectEstimator
from composer.story.reading.text import split_sentences
from composer.story.reading.text import words as find_words

#: Format version of model files.
MODEL_VERSION = 2
#: Names of the dense features, in column order after the vocabulary.
DENSE_FEATURES: tuple[str, ...] = ("vader_valence", "vader_intensity", "lexicon_arousal") + tuple(f"cue_{n}" for n in CUE_NAMES)
#: Scale of the standardised dense features relative to the unit-length n-gram block.
DENSE_SCALE = 0.3
#: Standard deviation of the spread predictions on the training sentences (models without a calibration).
TARGET_SPREAD = 0.4
#: Human-rating standard deviations that map to tanh(1) = 0.76 on the affect square.
EDGE = 1.5
#: How much a sentence far from neutral outweighs a plain one: weight ``words * exp(INTENSITY * |z|)``.
INTENSITY = 1.0

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+|[!?]|\.\.\.|…|[\"“”]", re.UNICODE)


def tokens(sentence: str) -> list[str]:
    """Lower-cased word tokens of a sentence, with ``!``, ``?``, ``...`` and quotes as tokens.

    Examples
    --------
    >>> tokens('"Run!" she said... Don’t.')
    ['"', 'run', '!', '"', 'she', 'said', '...', 'don’t']
    """
    return _TOKEN.findall(sentence.lower())


_NEGATIONS = frozenset("not no never nothing nobody none nor neither without cannot".split())
_STEM_SUFFIXES = ("ingly", "edly", "fully", "ness", "ing", "ly", "ed", "es", "s")
_SCOPE_END = frozenset(["!", "?", "...", "…", '"', "“", "”"])


def stem(word: str) -> str:
    """A crude stem: an irregular verb form's base form (``composer.story.reading.irregular``), else
    the first of ``_STEM_SUFFIXES`` removed when at least three letters remain.

    Examples
    --------
    >>> stem("peacefully"), stem("screaming"), stem("sad"), stem("slept")
    ('peace', 'scream', 'sad', 'sleep')
    """
    base = base_form(word)
    if base is not None:
        return base
    for suffix in _STEM_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[:-len(suffix)]
    return word


def ngrams(sentence: str) -> Counter:
    """Feature counts of a sentence: unigrams, bigrams (joined by a space), stems (``~stem``) and negated words (``not_w``).

    Examples
    --------
    >>> sorted(ngrams("Not happy!"))
    ['!', 'happy', 'happy !', 'not', 'not happy', 'not_happy']
    """
    t = tokens(sentence)
    c = Counter(t)
    c.update(a + " " + b for a, b in zip(t, t[1:]))
    negated = False
    for w in t:
        if w in _SCOPE_END:
            negated = False
            continue
        if w.isalpha():
            root = stem(w)
            if root != w:
                c["~" + root] += 1
        if negated:
            c["not_" + w] += 1
        if w in _NEGATIONS or w.endswith(("n't", "n’t")):
            negated = True
    return c


@dataclass(frozen=True)
class TextModel:
    """A trained text → (valence, arousal) model.

    Attributes
    ----------
    vocabulary : dict of str to int
        N-gram to column.
    weights : numpy.ndarray of shape (n_vocab + n_dense, 2), float64
        Column 0 valence, column 1 arousal, on EmoBank's -1..1 scale.
    intercept : numpy.ndarray of shape (2,)
    dense_mean, dense_std : numpy.ndarray of shape (n_dense,)
        Standardisation of the dense features.
    gain : numpy.ndarray of shape (2,)
        Spread applied before ``tanh`` (``spread``; kept for older callers).
    info : dict
        Training details (data set, regularisation, cross-validated r).
    calibration : numpy.ndarray of shape (2, 4), optional
        Per axis (valence, arousal): mean and standard deviation of the out-of-fold
        predictions on the training split, then of the human ratings. None for a model
        trained without it: then derived from ``gain`` (mean 0, deviation ``TARGET_SPREAD / gain``).
    """

    vocabulary: dict[str, int]
    weights: np.ndarray
    intercept: np.ndarray
    dense_mean: np.ndarray
    dense_std: np.ndarray
    gain: np.ndarray
    info: dict[str, str]
    calibration: np.ndarray | None = None

    def calibration_table(self) -> np.ndarray:
        """``calibration``, or the one implied by ``gain``, shape (2, 4)."""
        if self.calibration is not None:
            return self.calibration
        pred_std = TARGET_SPREAD / np.maximum(self.gain, 1e-12)
        return np.stack([np.zeros(2), pred_std, np.zeros(2), pred_std], axis=1)

    def standardise(self, raw: np.ndarray) -> np.ndarray:
        """Raw predictions (shape (n, 2)) in human-rating standard deviations from the ratings' mean."""
        cal = self.calibration_table()
        return (raw - cal[:, 0]) / cal[:, 1]

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the model as a compressed ``.npz`` (no pickles)."""
        words = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        vocab_bytes = np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8)
        info_keys = sorted(self.info)
        np.savez_compressed(
            path, version=np.array(MODEL_VERSION), vocabulary=vocab_bytes,
            weights=self.weights.astype(np.float32), intercept=self.intercept, dense_mean=self.dense_mean,
            dense_std=self.dense_std, gain=self.gain, dense_names=np.array(DENSE_FEATURES),
            **({} if self.calibration is None else {"calibration": self.calibration}),
            info_keys=np.array(info_keys), info_values=np.array([self.info[k] for k in info_keys]),
        )

    @classmethod
    def load(cls, source: str | os.PathLike[str] | bytes) -> TextModel:
        """Read a model written by ``save`` (a path, or the file's bytes).

        Raises
        ------
        ModelError
            If the file is missing, corrupt, of another version, or made for other dense features.
        """
        try:
            handle = io.BytesIO(source) if isinstance(source, bytes) else source
            with np.load(handle, allow_pickle=False) as z:
                version = int(z["version"])
                if version != MODEL_VERSION:
                    raise ModelError(f"text model has format version {version}; this composer reads version {MODEL_VERSION}")
                if tuple(str(x) for x in z["dense_names"]) != DENSE_FEATURES:
                    raise ModelError("text model was trained with other dense features; retrain it with python -m composer.story.reading.train")
                words = decode_vocabulary(z["vocabulary"])
                weights = z["weights"].astype(np.float64)
                model = cls(
                    vocabulary={w: i for i, w in enumerate(words)}, weights=weights,
                    intercept=z["intercept"].astype(np.float64), dense_mean=z["dense_mean"].astype(np.float64),
                    dense_std=z["dense_std"].astype(np.float64), gain=z["gain"].astype(np.float64),
                    info=dict(zip((str(k) for k in z["info_keys"]), (str(v) for v in z["info_values"]))),
                    calibration=z["calibration"].astype(np.float64).reshape(2, 4) if "calibration" in z.files else None,
                )
        except ModelError:
            raise
        except (OSError, KeyError, ValueError, EOFError) as e:
            raise ModelError(f"cannot read text model {source if not isinstance(source, bytes) else '<bytes>'}: {e}") from None
        if model.weights.shape != (len(model.vocabulary) + len(DENSE_FEATURES), 2):
            raise ModelError(f"text model weights have shape {model.weights.shape}, expected "
                             f"({len(model.vocabulary) + len(DENSE_FEATURES)}, 2)")
        return model

    def raw_predict(self, sentences: Sequence[str], dense: np.ndarray) -> np.ndarray:
        """Unspread predictions on EmoBank's scale for each sentence, shape (n, 2).

        Parameters
        ----------
        sentences : sequence of str
        dense : numpy.ndarray of shape (n, n_dense)
            The sentences' dense features (``dense_features``), not yet standardised.
        """
        n_vocab = len(self.vocabulary)
        out = np.empty((len(sentences), 2))
        zd = (dense - self.dense_mean) / self.dense_std * DENSE_SCALE
        dense_part = zd @ self.weights[n_vocab:]
        for i, s in enumerate(sentences):
            counts = ngrams(s)
            cols = [self.vocabulary[g] for g in counts if g in self.vocabulary]
            acc = self.intercept + dense_part[i]
            if cols:
                vals = np.array([1.0 + math.log(counts[g]) for g in counts if g in self.vocabulary])
                vals /= math.sqrt(float(vals @ vals))
                acc = acc + vals @ self.weights[cols]
            out[i] = acc
        return out

    def spread(self, raw: np.ndarray) -> np.ndarray:
        """Map raw predictions to the affect scale: ``tanh(gain * raw)``, shape kept."""
        return np.tanh(raw * self.gain)


def dense_features(sentences: Sequence[str], lexicon_estimator: TextAffectEstimator) -> np.ndarray:
    """The dense features (``DENSE_FEATURES``) of each sentence, shape (n, n_dense)."""
    out = np.zeros((len(sentences), len(DENSE_FEATURES)))
    if not sentences:
        return out
    compound = lexicon_estimator.sentence_valences(sentences)
    for i, s in enumerate(sentences):
        cues = lexicon_estimator.cues(s) if s else None
        intensity = abs(float(compound[i]))
        arousal = lexicon_estimator.arousal_from(cues, intensity) if cues is not None else 0.0
        out[i, 0], out[i, 1], out[i, 2] = compound[i], intensity, arousal
        if cues is not None:
            out[i, 3:] = cues.as_tuple()
    return out


@dataclass(frozen=True)
class Reading:
    """How ``ModelAffectEstimator`` read a text.

    Attributes
    ----------
    affect : Affect
        The result.
    z : numpy.ndarray of shape (n_sentences, 2)
        Each sentence's calibrated value, in human-rating standard deviations.
    weights : numpy.ndarray of shape (n_sentences, 2)
        Each sentence's share of the scene's value per axis (columns sum to 1).
    trust : float
        The English-language confidence that scaled the result (1 for English prose).
    """

    affect: Affect
    z: np.ndarray
    weights: np.ndarray
    trust: float

    def describe(self) -> str:
        """One line: sentences, the heaviest sentence's share, calibration, language trust."""
        n = len(self.z)
        if n == 0:
            return "no words: neutral"
        top = self.weights.max(axis=0) if n else np.zeros(2)
        out = (f"{n} sentence{'s' if n != 1 else ''}, calibrated (z in rating deviations, valence "
               f"{self.z[:, 0].min():+.1f}..{self.z[:, 0].max():+.1f}, arousal {self.z[:, 1].min():+.1f}.."
               f"{self.z[:, 1].max():+.1f}), intensity-weighted mean (heaviest sentence {top[0]:.0%} / {top[1]:.0%})"
               f", tanh(z/{EDGE:g})")
        if self.trust < 1.0:
            out += f", x{self.trust:.2f} (English confidence)"
        return out


@functools.lru_cache(maxsize=1)
def load_text_model() -> TextModel:
    """The shipped text model (read once).

    Raises
    ------
    ModelError
        If the shipped file is missing or corrupt.
    """
    try:
        data = importlib.resources.files("composer.story.reading").joinpath(MODEL_FILE).read_bytes()
    except (FileNotFoundError, OSError) as e:
        raise ModelError(f"the shipped text model {MODEL_FILE} is missing ({e}); "
                         "rebuild it with python -m composer.story.reading.train") from None
    return TextModel.load(data)


class ModelAffectEstimator:
    """Estimate valence and arousal of a text with the trained model (the default estimator).

    Parameters
    ----------
    model : TextModel or path, optional
        A model, or a model file; the shipped model by default.
    lexicon_estimator : TextAffectEstimator, optional
        Computes the dense features; pass one built with ``extra_arousal`` /
        ``extra_valence`` to let your own words count.
    intensity : float
        How much sentences far from neutral outweigh plain ones in a text's value (weight
        ``words * exp(intensity * |z|)``); 0 gives the plain length-weighted mean.

    Examples
    --------
    >>> est = ModelAffectEstimator()
    >>> calm = est("The lake was still and quiet. We rested in the warm evening light.")
    >>> panic = est("RUN! The house is burning! They are screaming!")
    >>> calm.arousal < panic.arousal, calm.valence > panic.valence
    (True, True)
    """

    def __init__(self, model: TextModel | str | os.PathLike[str] | None = None, *,
                 lexicon_estimator: TextAffectEstimator | None = None, intensity: float = INTENSITY):
        if model is None:
            model = load_text_model()
        elif not isinstance(model, TextModel):
            model = TextModel.load(Path(model))
        self.model = model
        self.lexicon_estimator = lexicon_estimator if lexicon_estimator is not None else TextAffectEstimator()
        if isinstance(intensity, bool) or not isinstance(intensity, (int, float)) or not 0 <= intensity <= 10:
            raise StoryError(f"intensity must be a number in [0, 10], got {intensity!r}")
        self.intensity = float(intensity)

    def sentence_affects(self, sentences: Sequence[str]) -> np.ndarray:
        """Calibrated values per sentence, shape (n, 2): valence, arousal in (-1, 1) (``tanh(z / EDGE)``)."""
        if not sentences:
            return np.zeros((0, 2))
        dense = dense_features(sentences, self.lexicon_estimator)
        return np.tanh(self.model.standardise(self.model.raw_predict(sentences, dense)) / EDGE)

    def reading(self, text: str) -> Reading:
        """Read ``text``: its ``Affect`` and how it was obtained (see the module's docstring)."""
        if not isinstance(text, str):
            raise StoryError(f"an estimator reads text (str), got {type(text).__name__}")
        sentences = [s for s in split_sentences(text) if find_words(s)]
        if not sentences:
            return Reading(Affect(0.0, 0.0), np.zeros((0, 2)), np.zeros((0, 2)), 1.0)
        dense = dense_features(sentences, self.lexicon_estimator)
        z = self.model.standardise(self.model.raw_predict(sentences, dense))
        length = np.array([len(find_words(s)) for s in sentences], dtype=np.float64)
        weights = length[:, None] * np.exp(self.intensity * np.minimum(np.abs(z), 6.0))
        weights /= weights.sum(axis=0)
        trust = english_confidence(text, shipped_known_words())
        v, a = np.tanh((weights * z).sum(axis=0) / EDGE) * trust
        return Reading(Affect(float(v), float(a)), z, weights, float(trust))

    def __call__(self, text: str) -> Affect:
        """Estimate the ``Affect`` of ``text``; a text without words is neutral, ``Affect(0, 0)``.

        Text that does not look English is pulled towards neutral (``composer.story.reading.language``).
        """
        return self.reading(text).affect
