"""Stories and cue sheets, as two stacks.

* ``composer.story.reading``: text → emotion (splitting text into scenes and
  sentences, the arousal lexicon, the trained text model, the estimators, the
  vocabulary and language checks, the model's training);
* ``composer.story.scoring``: plan → piece (cue sheets, plans of sections, timing,
  key joins, tempo ramps, composing the sections in order, the ``Piece``).

The public names of both are exported here. The modules' old flat paths
(``composer.story.joins``, ``composer.story.model`` …) stay importable: they name the
same module objects as their new homes (see ``_MOVED``).

>>> from composer.story import story_plan
>>> plan = story_plan("# Dawn\\nBirds sang in the quiet garden.\\n\\n# Raid\\nThe alarm screamed! RUN!")
>>> [s.name for s in plan]
['Dawn', 'Raid']
"""

from __future__ import annotations

__all__ = [
    # text
    "Scene",
    "iter_lines",
    "iter_scenes",
    "split_sentences",
    "change_points",
    # estimators
    "Estimator",
    "TextAffectEstimator",
    "ModelAffectEstimator",
    "ArousalLexicon",
    "IntensityCues",
    "intensity_cues",
    "default_estimator",
    "load_text_model",
    # plans
    "Section",
    "Plan",
    "SceneReport",
    "StoryPlan",
    "story_plan",
    "read_cue_sheet",
    "parse_cue_sheet",
    "DurationFit",
    "fit_duration",
    "bar_seconds",
    # pieces
    "Piece",
    "PieceSection",
    "Silence",
    "KeyJoin",
    "choose_key",
    "compose_plan",
    "score_story",
    "score_cues",
    "compose_curve",
]

import importlib
import sys

from composer.story.reading.cues import IntensityCues, intensity_cues
from composer.story.reading.estimator import Estimator, default_estimator
from composer.story.reading.lexicon import ArousalLexicon
from composer.story.reading.lexicon_estimator import TextAffectEstimator
from composer.story.reading.model import ModelAffectEstimator, load_text_model
from composer.story.reading.segment import change_points
from composer.story.reading.text import Scene, iter_lines, iter_scenes, split_sentences
from composer.story.scoring.cuesheet import parse_cue_sheet, read_cue_sheet
from composer.story.scoring.joins import KeyJoin, choose_key
from composer.story.scoring.multisection import compose_plan
from composer.story.scoring.piece import Piece, PieceSection, Silence
from composer.story.scoring.plan import Plan, Section
from composer.story.scoring.score import compose_curve, score_cues, score_story
from composer.story.scoring.storyplan import SceneReport, StoryPlan, story_plan
from composer.story.scoring.timing import DurationFit, bar_seconds, fit_duration

#: Where each module of the old flat layout lives now (old name -> new dotted path).
_MOVED: dict[str, str] = {
    **{name: f"composer.story.reading.{name}" for name in (
        "text", "lexicon", "lexicon_estimator", "model", "estimator", "vocabulary", "language", "cues")},
    **{name: f"composer.story.scoring.{name}" for name in (
        "cuesheet", "plan", "storyplan", "timing", "joins", "ramps", "multisection", "piece", "score")},
}

# (``train`` keeps a file of its own, composer/story/train.py, so that ``python -m
# composer.story.train`` still runs and nothing imports the trainer at start-up.)
# The old paths (``import composer.story.joins``, ``from composer.story.model import …``)
# name the very same module objects, so patches and isinstance checks agree.
for _old, _new in _MOVED.items():
    sys.modules[f"{__name__}.{_old}"] = globals()[_old] = importlib.import_module(_new)
del _old, _new
