"""``TextAffectEstimator``: valence from VADER, arousal from the arousal lexicon plus intensity cues."""

from __future__ import annotations

__all__ = ["TextAffectEstimator", "AROUSAL_WEIGHTS", "vader_analyzer"]

import functools
import math
import os
from collections.abc import Mapping, Sequence

import numpy as np

from composer.affect import Affect
from composer.errors import StoryError
from composer.story.reading.cues import CUE_NAMES, IntensityCues, intensity_cues
from composer.story.reading.language import english_confidence
from composer.story.reading.vocabulary import shipped_known_words
from composer.story.reading.lexicon import ArousalLexicon
from composer.story.reading.text import split_sentences
from composer.story.reading.text import words as find_words
from composer.rules.suggest import hint

#: Weights of the intensity cues in the arousal estimate (hand-set, checked on EmoBank
#: train; see benchmarks/text_affect.py). The estimate is ``tanh(sum(weight * cue))``.
AROUSAL_WEIGHTS: dict[str, float] = {
    "lexicon": 0.8,
    "exclamation": 2.5,
    "capitals": 0.5,
    "short": 0.1,
    "intensifiers": 0.2,
    "action": 0.2,
    "coverage": 0.5,
    "vader_intensity": 0.3,
}
# A neutral offset so that plain, cue-less prose sits a little below the middle of the scale.
_AROUSAL_BIAS = -0.15


@functools.lru_cache(maxsize=1)
def vader_analyzer():  # -> vaderSentiment.SentimentIntensityAnalyzer
    """The shared VADER analyser (its lexicon ships inside the vaderSentiment package; nothing is downloaded)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


class TextAffectEstimator:
    """Estimate valence and arousal of a text with lexicons and rules, fully offline.

    Valence is VADER's compound score (Hutto & Gilbert 2014) per sentence, averaged with
    weights proportional to sentence length. Arousal is ``tanh`` of a weighted sum of
    intensity cues (``composer.story.reading.cues``): the arousal lexicon's mean value, the share
    of exclamations, capitals, short sentences, intensifiers and action verbs, and VADER's
    absolute compound score (strong feeling either way).

    Parameters
    ----------
    extra_arousal : mapping of str to float, optional
        Extra words and their arousal in [-1, 1] (they override shipped values).
    arousal_files : sequence of paths, optional
        Lexicon files (``word<TAB>arousal[<TAB>kind]``) added to the shipped lexicon.
    extra_valence : mapping of str to float, optional
        Extra words and their valence in [-1, 1], added to VADER's lexicon for this
        estimator only (VADER's own scale is [-4, 4]; values are scaled by 4).
    weights : mapping of str to float, optional
        Override some of ``AROUSAL_WEIGHTS``.

    Examples
    --------
    >>> est = TextAffectEstimator()
    >>> calm = est("The lake was still and quiet. We rested in the warm evening light.")
    >>> panic = est("RUN! The house is burning! They are screaming!")
    >>> calm.arousal < 0 < panic.arousal, calm.valence > 0 > panic.valence
    (True, True)
    """

    def __init__(self, *, extra_arousal: Mapping[str, float] | None = None,
                 arousal_files: Sequence[str | os.PathLike[str]] = (),
                 extra_valence: Mapping[str, float] | None = None,
                 weights: Mapping[str, float] | None = None):
        self.lexicon = ArousalLexicon(extra_arousal, files=tuple(arousal_files))
        self.weights = dict(AROUSAL_WEIGHTS)
        for k, v in (weights or {}).items():
            if k not in self.weights:
                raise StoryError(f"unknown arousal weight {k!r}{hint(k, self.weights)}; known: {', '.join(self.weights)}")
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(float(v)):
                raise StoryError(f"arousal weight {k!r} must be a finite number, got {v!r}")
            self.weights[k] = float(v)
        self._extra_valence: dict[str, float] = {}
        for word, value in (extra_valence or {}).items():
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(float(value)) \
                    or not -1.0 <= float(value) <= 1.0:
                raise StoryError(f"extra_valence[{word!r}] must be a number in [-1, 1], got {value!r}")
            self._extra_valence[str(word).lower()] = 4.0 * float(value)
        self._vader = None

    def _analyzer(self):
        if self._vader is None:
            if self._extra_valence:
                from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

                self._vader = SentimentIntensityAnalyzer()
                self._vader.lexicon.update(self._extra_valence)
            else:
                self._vader = vader_analyzer()
        return self._vader

    def sentence_valences(self, sentences: Sequence[str]) -> np.ndarray:
        """VADER compound score of each sentence, shape (n,), in [-1, 1]."""
        vader = self._analyzer()
        return np.array([vader.polarity_scores(s)["compound"] for s in sentences], dtype=np.float64)

    def cues(self, text: str) -> IntensityCues:
        """The intensity cues of ``text``."""
        return intensity_cues(split_sentences(text), self.lexicon)

    def features(self, sentences: Sequence[str]) -> tuple[float, float, IntensityCues]:
        """``(valence, vader_intensity, cues)`` of a text given as sentences (valence and intensity length-weighted)."""
        if not sentences:
            return 0.0, 0.0, intensity_cues([], self.lexicon)
        compound = self.sentence_valences(sentences)
        length = np.array([max(1, len(find_words(s))) for s in sentences], dtype=np.float64)
        valence = float(np.dot(compound, length) / length.sum())
        intensity = float(np.dot(np.abs(compound), length) / length.sum())
        return valence, intensity, intensity_cues(sentences, self.lexicon)

    def arousal_from(self, cues: IntensityCues, vader_intensity: float) -> float:
        """Combine cues into an arousal in (-1, 1)."""
        total = _AROUSAL_BIAS + self.weights["vader_intensity"] * vader_intensity
        for name, value in zip(CUE_NAMES, cues.as_tuple()):
            total += self.weights[name] * value
        return math.tanh(total)

    def __call__(self, text: str) -> Affect:
        """Estimate the ``Affect`` of ``text`` (a sentence, a scene or a whole story).

        A text without words is neutral, ``Affect(0, 0)``; text that does not look English
        is pulled towards neutral (``composer.story.reading.language``).
        """
        if not isinstance(text, str):
            raise StoryError(f"an estimator reads text (str), got {type(text).__name__}")
        valence, intensity, cues = self.features(split_sentences(text))
        if cues.coverage == 0 and valence == 0 and not find_words(text):
            return Affect(0.0, 0.0)
        trust = english_confidence(text, shipped_known_words())
        return Affect(max(-1.0, min(1.0, valence)) * trust, self.arousal_from(cues, intensity) * trust)
