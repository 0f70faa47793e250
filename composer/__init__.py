"""composer: turn emotion into music.

Valence and arousal (or a story's text, a cue sheet, an emotion curve) go through
declarative YAML style rules into musical parameters and constraints; a numba beam
search scored by a variable-order Markov model and a small neural network composes
melodies that satisfy them.

>>> import composer
>>> m = composer.compose(valence=0.7, arousal=0.4, bars=4, seed=1)
>>> m.parameters.mode in ("ionian", "mixolydian", "lydian")
True
"""

__version__ = "0.1.0"

from composer.adjust import adjust
from composer.affect import Affect, AffectCurve, as_affect
from composer.arrange import Arrangement, arrange
from composer.compose import compose, compose_variations
from composer.errors import (AffectError, ComposerError, CueSheetError, MissingDependencyError, ModelError, RenderError,
                             RuleError, SearchError, StoryError)
from composer.errors import HarmonyError
from composer.harmony import Harmony, harmonise
from composer.melody import Melody
from composer.rules import Parameters, Style, list_styles, load_style
from composer.story.piece import Piece
from composer.story.score import compose_curve, score_cues, score_story

__all__ = [
    "__version__",
    "adjust",
    "Affect",
    "AffectCurve",
    "Arrangement",
    "AffectError",
    "ComposerError",
    "Harmony",
    "HarmonyError",
    "CueSheetError",
    "Melody",
    "MissingDependencyError",
    "ModelError",
    "Parameters",
    "Piece",
    "RenderError",
    "RuleError",
    "SearchError",
    "StoryError",
    "Style",
    "arrange",
    "as_affect",
    "compose",
    "compose_curve",
    "compose_variations",
    "harmonise",
    "list_styles",
    "load_style",
    "score_cues",
    "score_story",
]
