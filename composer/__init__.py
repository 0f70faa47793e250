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

from types import ModuleType as _ModuleType

from composer.adjust import adjust
from composer.affect import Affect, as_affect
from composer.arrange import Arrangement, arrange
from composer.batches import batch
from composer.compose import compose, compose_variations
from composer.curve import AffectCurve
from composer.errors import (AffectError, ArgumentError, BatchError, ComposerError, CueSheetError, HarmonyError,
                             MissingDependencyError, ModelError, RenderError, RuleError, SearchError, StoryError)
from composer.harmony import Harmony, harmonise
from composer.melody import Melody
from composer.rules import Parameters, Style, list_styles, load_style
from composer.story.scoring.piece import Piece
from composer.story.scoring.score import compose_curve, score_cues, score_story

__all__ = [
    "__version__",
    "adjust",
    "Affect",
    "AffectCurve",
    "Arrangement",
    "AffectError",
    "ArgumentError",
    "BatchError",
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
    "batch",
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


def _check_exports(public: set[str]) -> None:
    # As composer.testing does: __all__ is exactly what the package exports (its submodules aside).
    assert set(__all__) == public, (set(__all__) - public, public - set(__all__))


_check_exports({n for n, v in globals().items()
                if (n[0] != "_" or n == "__version__") and not isinstance(v, _ModuleType)})
del _check_exports, _ModuleType
