"""Stories and cue sheets: text → scenes → emotion, cue sheets → sections → one ``Piece`` in sections.

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

from composer.story.cues import IntensityCues, intensity_cues
from composer.story.cuesheet import parse_cue_sheet, read_cue_sheet
from composer.story.estimator import Estimator, default_estimator
from composer.story.lexicon import ArousalLexicon
from composer.story.lexicon_estimator import TextAffectEstimator
from composer.story.model import ModelAffectEstimator, load_text_model
from composer.story.plan import Plan, Section
from composer.story.storyplan import SceneReport, StoryPlan, story_plan
from composer.story.text import Scene, iter_lines, iter_scenes, split_sentences
from composer.story.timing import DurationFit, bar_seconds, fit_duration
from composer.story.joins import KeyJoin, choose_key
from composer.story.piece import Piece, PieceSection, Silence
from composer.story.multisection import compose_plan
from composer.story.score import compose_curve, score_cues, score_story
