"""Emotion words (``"tense"``, ``"serene"``, …) as points on the valence/arousal circumplex.

The table ships as ``composer/emotion_words.tsv``: each word has an angle on
Russell's circumplex (0° pleasant, 90° aroused, 180° unpleasant, 270° sleepy), a
radius (intensity) and a source (Russell 1980, Scherer 2005, or a project placement).
``docs/story.md`` prints the table and its sources.
"""

from __future__ import annotations

__all__ = ["EmotionWord", "emotion_words", "emotion_affect", "suggest_emotion"]

import functools
import importlib.resources
import math
from dataclasses import dataclass

from composer.affect import Affect
from composer.errors import AffectError

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
