"""composer: turn emotion into music.

Valence and arousal go through declarative YAML style rules into musical
parameters and constraints; a numba beam search over a Markov model composes
melodies that satisfy them.

>>> import composer
>>> m = composer.compose(valence=0.7, arousal=0.4, bars=4, seed=1)
>>> m.parameters.mode in ("ionian", "mixolydian", "lydian")
True
"""

__version__ = "0.1.0"

from composer.affect import Affect
from composer.compose import compose, compose_variations
from composer.errors import AffectError, ComposerError, ModelError, RenderError, RuleError, SearchError
from composer.errors import MissingDependencyError
from composer.melody import Melody
from composer.rules import Parameters, Style, list_styles, load_style

__all__ = [
    "__version__",
    "Affect",
    "AffectError",
    "ComposerError",
    "Melody",
    "MissingDependencyError",
    "ModelError",
    "Parameters",
    "RenderError",
    "RuleError",
    "SearchError",
    "Style",
    "compose",
    "compose_variations",
    "list_styles",
    "load_style",
]
