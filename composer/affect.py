"""An emotion as a value: ``Affect`` (one point on Russell's valence/arousal circumplex), ``as_affect``
and the emotion words.

Valence and arousal are each in [-1, 1]. Anywhere composer accepts an emotion it
accepts what ``as_affect`` reads: an ``Affect``, a ``(valence, arousal)`` pair, a
``{"valence": v, "arousal": a}`` mapping, or an emotion word such as ``"tense"``.

The emotion words ship as ``composer/emotion_words.tsv``: each word has an angle on
Russell's circumplex (0° pleasant, 90° aroused, 180° unpleasant, 270° sleepy), a
radius (intensity) and a source (Russell 1980, Scherer 2005, or a project placement).
``docs/story.md`` prints the table and its sources.

Emotions over time (``AffectCurve``, smoothing) are ``composer.curve``'s; the names are
also readable from here, as before.
"""

from __future__ import annotations

__all__ = ["Affect", "AffectLike", "as_affect", "AXES", "EmotionWord", "emotion_words", "emotion_affect",
           "suggest_emotion"]

import functools
import importlib.resources
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Union

import numpy as np

from composer.errors import AffectError


def _check_axis(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise AffectError(f"{name} must be a number in [-1, 1], got {value!r} ({type(value).__name__})")
    x = float(value)
    if math.isnan(x) or not -1.0 <= x <= 1.0:
        raise AffectError(f"{name} must be in [-1, 1], got {x!r}")
    return x


@dataclass(frozen=True)
class Affect:
    """An emotion as valence and arousal, each in [-1, 1].

    Parameters
    ----------
    valence : float
        Unpleasant (-1) to pleasant (+1).
    arousal : float
        Calm (-1) to excited (+1).

    Raises
    ------
    AffectError
        If either value is not a number or lies outside [-1, 1].

    Examples
    --------
    >>> Affect(0.7, 0.4)
    Affect(valence=0.7, arousal=0.4)
    """

    valence: float
    arousal: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "valence", _check_axis("valence", self.valence))
        object.__setattr__(self, "arousal", _check_axis("arousal", self.arousal))

    def as_dict(self) -> dict[str, float]:
        """Return ``{"valence": v, "arousal": a}``."""
        return {"valence": self.valence, "arousal": self.arousal}


#: What ``as_affect`` reads: an Affect, a (valence, arousal) pair, a mapping, or an emotion word.
AffectLike = Union[Affect, str, Sequence[float], Mapping[str, float]]

#: The two axes of an emotion (Russell's circumplex), in the order every array in composer stores them.
AXES: tuple[str, str] = ("valence", "arousal")


def _axis_number(name: str, value: object) -> object:
    # numpy scalars (float32, int64) are numbers too; Affect itself accepts only Python int/float.
    if isinstance(value, np.generic) and not isinstance(value, np.bool_):
        return value.item()
    return value


def as_affect(value: AffectLike, *, what: str = "affect") -> Affect:
    """Read an emotion given in any of the accepted forms.

    Parameters
    ----------
    value : Affect, str, (float, float) or mapping
        An ``Affect``; an emotion word (``"tense"``, ``"serene"``; see
        ``emotion_words``); a ``(valence, arousal)`` pair (tuple, list
        or array of shape (2,)); or a mapping with exactly the keys ``valence`` and ``arousal``.
    what : str
        How to name the value in error messages (e.g. ``"keyframe 2"``).

    Returns
    -------
    Affect

    Raises
    ------
    AffectError
        If the value has none of these forms, a number is outside [-1, 1], a mapping
        has a missing or unknown key (with a suggestion), or a word is unknown (with a
        suggestion).

    Examples
    --------
    >>> as_affect((0.5, -0.2))
    Affect(valence=0.5, arousal=-0.2)
    >>> as_affect({"valence": -0.4, "arousal": 0.9})
    Affect(valence=-0.4, arousal=0.9)
    >>> as_affect("calm")
    Affect(valence=0.53, arousal=-0.53)
    """
    if isinstance(value, Affect):
        return value
    try:
        if isinstance(value, str):
            return emotion_affect(value)
        if isinstance(value, Mapping):
            keys = [str(k) for k in value]
            for k in keys:
                if k not in AXES:
                    from composer.rules.suggest import hint  # here: composer.rules imports this module

                    raise AffectError(f"unknown key {k!r}{hint(k, AXES)}; an affect mapping has the keys 'valence' "
                                      "and 'arousal'")
            missing = [k for k in AXES if k not in value]
            if missing:
                raise AffectError(f"missing key {missing[0]!r}; an affect mapping has the keys 'valence' and 'arousal'")
            return Affect(_axis_number("valence", value["valence"]), _axis_number("arousal", value["arousal"]))  # type: ignore[arg-type]
        if isinstance(value, np.ndarray):
            if value.shape != (2,):
                raise AffectError(f"an affect array must have shape (2,) (valence, arousal), got shape {value.shape}")
            value = value.tolist()
        if isinstance(value, (tuple, list)):
            if len(value) != 2:
                raise AffectError(f"an affect pair is (valence, arousal), got {len(value)} values")
            return Affect(_axis_number("valence", value[0]), _axis_number("arousal", value[1]))  # type: ignore[arg-type]
    except AffectError as e:
        if what == "affect":
            raise
        raise AffectError(f"{what}: {e}") from None
    raise AffectError(f"{what}: cannot read an emotion from {value!r} ({type(value).__name__}); give an Affect, "
                      "a (valence, arousal) pair, a {'valence': v, 'arousal': a} mapping or an emotion word such as 'tense'")


_TABLE = "emotion_words.tsv"


@dataclass(frozen=True)
class EmotionWord:
    """One row of the emotion-word table.

    Attributes
    ----------
    word : str
        The word, lower case.
    angle : float
        Degrees counter-clockwise from "pleasant" on the circumplex.
    radius : float
        Distance from the neutral centre, 0 to 1.
    source : str
        ``"R80"`` (Russell 1980), ``"S05"`` (Scherer 2005) or ``"P"`` (project placement).
    affect : Affect
        ``Affect(radius * cos(angle), radius * sin(angle))``, rounded to 3 decimals.
    """

    word: str
    angle: float
    radius: float
    source: str
    affect: Affect


@functools.lru_cache(maxsize=1)
def emotion_words() -> dict[str, EmotionWord]:
    """Return the shipped emotion-word table, keyed by word (lower case), in file order.

    Examples
    --------
    >>> emotion_words()["serene"].affect
    Affect(valence=0.693, arousal=-0.4)
    >>> len(emotion_words()) >= 40
    True
    """
    text = importlib.resources.files("composer").joinpath(_TABLE).read_text(encoding="utf-8")
    table: dict[str, EmotionWord] = {}
    header_seen = False
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            header_seen = True
            continue
        word, angle, radius, source = cells[0].strip().lower(), float(cells[1]), float(cells[2]), cells[3].strip()
        rad = math.radians(angle)
        v = round(radius * math.cos(rad), 3) + 0.0  # + 0.0 turns -0.0 into 0.0
        a = round(radius * math.sin(rad), 3) + 0.0
        table[word] = EmotionWord(word, angle, radius, source, Affect(v, a))
    return table


def suggest_emotion(word: str) -> str:
    """Return `` (did you mean 'x'?)`` for the closest known emotion word, or ``""``."""
    from composer.rules.suggest import hint  # here: composer.rules imports composer.affect, which this module needs

    return hint(word.strip().lower(), emotion_words())


def emotion_affect(word: str) -> Affect:
    """Return the ``Affect`` of an emotion word such as ``"tense"`` or ``"at ease"``.

    Matching ignores case, surrounding spaces, and ``_``/``-`` versus a space.

    Raises
    ------
    AffectError
        If the word is not in the table; the message suggests the closest word.

    Examples
    --------
    >>> emotion_affect("Triumphant")
    Affect(valence=0.778, arousal=0.545)
    >>> emotion_affect("sadd")
    Traceback (most recent call last):
    ...
    composer.errors.AffectError: unknown emotion word 'sadd' (did you mean 'sad'?); see composer.emotions.emotion_words() for the 75 known words
    """
    key = " ".join(word.strip().lower().replace("_", " ").replace("-", " ").split())
    table = emotion_words()
    if key in table:
        return table[key].affect
    raise AffectError(f"unknown emotion word {word!r}{suggest_emotion(key)}; "
                      f"see composer.emotions.emotion_words() for the {len(table)} known words")


#: Names of ``composer.curve`` that this module used to hold, still readable from here.
_CURVE_NAMES = ("AffectCurve", "INTERPOLATIONS", "SMOOTHING_METHODS", "smooth_affects")


def __getattr__(name: str) -> Any:
    # The curve machinery moved to composer.curve (which imports this module); read lazily.
    if name in _CURVE_NAMES:
        from composer import curve

        return getattr(curve, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
