"""compose in stages: evaluate → search_problem → beam_search → melody_from, each public, and
compose_plan hands each section its own evaluation instead of evaluating its style again."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import composer
from composer.compose import melody_from, search_problem
from composer.rules.style import Style
from composer.search import beam_search
from composer.story import compose_plan, story_plan
from composer.testing import affects


@settings(max_examples=8, deadline=None)
@given(affects(), st.integers(0, 1000))
def test_the_stages_run_by_hand_give_compose_s_melody(affect, seed):
    style = composer.load_style("default")
    evaluation = style.evaluate(affect, seed=seed)
    problem = search_problem(evaluation, bars=2, seed=seed)
    by_hand = melody_from(problem, beam_search(problem)[0], affect=affect, style=style.name, seed=seed)
    whole = composer.compose(affect=affect, bars=2, seed=seed)
    assert np.array_equal(by_hand.pitches, whole.pitches) and np.array_equal(by_hand.ticks, whole.ticks)
    assert by_hand.parameters == whole.parameters and by_hand.score == whole.score


def test_search_problem_owns_bars_and_beam_width():
    evaluation = composer.load_style("default").evaluate(composer.Affect(0.2, 0.1))
    with pytest.raises(composer.ArgumentError, match="bars must be an integer from 1 to 256"):
        search_problem(evaluation, bars=0)
    with pytest.raises(composer.ArgumentError, match="beam_width must be an integer from 1 to 4096"):
        search_problem(evaluation, bars=1, beam_width=5000)


def test_compose_plan_evaluates_each_section_twice_unless_its_register_moves(monkeypatch):
    calls = []
    real = Style.evaluate

    def counting(self, affect, *, seed=0):
        calls.append(affect)
        return real(self, affect, seed=seed)

    monkeypatch.setattr(Style, "evaluate", counting)
    piece = compose_plan(story_plan("# Dawn\nBirds sang in the quiet garden.\n\n# Raid\nThe alarm screamed! RUN!"),
                         bars=2, seed=1)
    moved = sum(s.register is not None for s in piece.sections)
    # Planning (tempo, key) once, the section's own evaluation once, once more for a moved register.
    assert len(calls) == 2 * len(piece.sections) + moved
