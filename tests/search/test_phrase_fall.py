"""The phrase_fall soft constraint: phrases of composed melodies fall to their close.

The ceiling is checked on the compiled arrays; the music on melodies composed over the
valence/arousal square with the default style's constraints, with and without the kind,
measured by the same feature the musicality benchmark prints (``composer.analysis.form``).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import composer
from composer.analysis.form import Line, features
from composer.models.markov import default_model
from composer.rules.constraints import Constraint
from composer.search import beam_search, compile_problem
from composer.search import _kernels as K
from composer.search.check import hard_violations
from composer.theory.meter import get_meter

BARS = 8
UNIT = st.floats(-1.0, 1.0, allow_nan=False)


def _evaluation(valence: float, arousal: float):
    return composer.load_style("default").evaluate(composer.Affect(valence, arousal), seed=0)


def _melody(params, constraints):
    problem = compile_problem(params, constraints, default_model(), bars=BARS, beam_width=16)
    best = beam_search(problem)[0]
    midi = problem.midi(best.pitch_tokens)
    ticks = problem.dur_ticks[best.dur_tokens]
    return problem, midi, ticks


def _fall(params, midi, ticks) -> float:
    starts = np.concatenate([[0], np.cumsum(ticks)[:-1]])
    notes = midi >= 0
    bar = get_meter(params.meter).bar_ticks
    line = Line(midi[notes], starts[notes], ticks[notes], bar, slot=1)
    return features(line, phrase_bars=4)["phrase_fall"]


def test_the_ceiling_sinks_over_each_phrases_last_bar_only():
    ev = _evaluation(0.0, 0.0)
    params = dataclasses.replace(ev.parameters, meter="4/4")
    problem = compile_problem(params, [Constraint("phrase_fall", 2.0, {"semitones": 3.0, "phrase_bars": 2})],
                              default_model(), bars=4)
    bar, centre = 16, params.register - problem.reference
    fall = problem.fall
    assert fall.shape == (4 * bar + 1,)
    for phrase_start in (0, 2 * bar):
        assert np.all(fall[phrase_start:phrase_start + bar] == K.NO_FALL)  # the phrase's first bar is free
        last = fall[phrase_start + bar:phrase_start + 2 * bar]
        assert last[0] == pytest.approx(centre)  # the last bar starts at the level...
        assert np.all(np.diff(last) <= 0)  # ...sinks...
        assert np.all(last[bar // 2:] == pytest.approx(centre - 3.0))  # ...and is 3 below from its middle
    assert problem.rules.w_fall == 2.0


def test_without_the_kind_nothing_is_pulled():
    params = _evaluation(0.0, 0.0).parameters
    problem = compile_problem(params, [], default_model(), bars=2)
    assert np.all(problem.fall == K.NO_FALL) and problem.rules.w_fall == 0.0


def test_phrases_close_lower_with_the_kind_than_without_over_the_square():
    with_kind, without = [], []
    for v in (-0.8, 0.0, 0.8):
        for a in (-0.8, 0.0, 0.8):
            ev = _evaluation(v, a)
            cons = [c for c in ev.constraints if c.kind != "phrase_fall"]
            on = cons + [Constraint("phrase_fall", 3.0)]
            _, midi, ticks = _melody(ev.parameters, on)
            with_kind.append(_fall(ev.parameters, midi, ticks))
            _, midi, ticks = _melody(ev.parameters, cons)
            without.append(_fall(ev.parameters, midi, ticks))
    # Real tunes close their phrases 1-2 semitones below the phrase mean (docs/benchmarks.md).
    assert np.median(with_kind) <= -0.5
    assert np.mean(with_kind) < np.mean(without) - 0.5


@settings(max_examples=8, deadline=None)
@given(UNIT, UNIT, st.floats(0.5, 8.0))
def test_every_hard_constraint_holds_under_a_strong_pull(valence, arousal, weight):
    ev = _evaluation(valence, arousal)
    cons = [c for c in ev.constraints if c.kind != "phrase_fall"] + [Constraint("phrase_fall", weight)]
    problem, midi, ticks = _melody(ev.parameters, cons)
    assert hard_violations(midi, ticks, ev.parameters, cons, bars=BARS) == []
