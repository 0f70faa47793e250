"""The examples in the docstrings of the affect and story modules run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["composer.affect", "composer.emotions", "composer.story", "composer.story.text", "composer.story.lexicon",
           "composer.story.cues", "composer.story.lexicon_estimator", "composer.story.language", "composer.story.model",
           "composer.story.timing", "composer.story.cuesheet", "composer.story.storyplan", "composer.story.joins",
           "composer.story.ramps", "composer.story.piece", "composer.story.score", "composer.theory.keys",
           "composer.theory.tempo", "composer.rules.style"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
