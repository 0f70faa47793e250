"""The models compose scores with by default (search_models), and the search with a variable-order model."""

from __future__ import annotations

import numpy as np
import pytest

import composer
from composer.errors import SearchError
from composer.models import default_model, default_neural, default_varorder
from composer.rules.constraints import Constraint
from composer.search import (DEFAULT_NEURAL_WEIGHT, NeuralScorer, beam_search, compile_problem, first_order,
                             score_breakdown, search_models, viterbi)
from composer.search.exact import UNSUPPORTED_KINDS
from composer.testing import assert_constraints


def evaluated(valence=0.3, arousal=0.2, seed=1):
    ev = composer.load_style("default").evaluate(composer.Affect(valence, arousal), seed=seed)
    return ev.parameters, ev.constraints


def test_default_is_the_shipped_variable_order_and_neural_models_with_the_measured_weights():
    kw = search_models()
    assert kw["model"] is default_varorder() and kw["neural"] is default_neural()
    assert kw["neural_weight"] == DEFAULT_NEURAL_WEIGHT and kw["markov_weight"] == 1 - DEFAULT_NEURAL_WEIGHT
    params, cons = evaluated()
    problem = compile_problem(params, cons, **kw, bars=2)
    assert problem.pitch_ppm is default_varorder().pitch[0]  # F ionian: the major-type family
    assert problem.dur_ppm is default_varorder().duration[0]  # 4/4: the simple-meter family
    assert problem.neural is not None and problem.init_hist.shape == (4,)


def test_the_neural_model_is_conditioned_on_the_styles_mode_and_meter():
    params, cons = evaluated(valence=0.5)
    minor, _ = evaluated(valence=-0.6)
    assert params.mode != minor.mode
    first, b1, _, _ = default_neural().search_tables({"mode": params.mode, "meter": params.meter})
    problem = compile_problem(params, cons, **search_models(), bars=1)
    assert np.array_equal(problem.neural.b1, b1) and np.array_equal(problem.neural.first, first)
    other = compile_problem(minor, cons, **search_models(), bars=1)
    assert not np.array_equal(other.neural.b1, problem.neural.b1)


@pytest.mark.parametrize("kwargs", [{"neural": False}, {"neural_weight": 0}, {"neural_weight": 0.0}])
def test_neural_off_costs_nothing_and_gives_the_markov_melody(kwargs):
    kw = search_models(**kwargs)
    assert kw["neural"] is None and kw["markov_weight"] == 1.0 and kw["neural_weight"] == 0.0
    m = composer.compose(valence=0.3, arousal=0.2, bars=4, seed=3, **kwargs)
    assert "neural" not in m.explain().splitlines()[0]
    assert np.all(m.breakdown["neural"] == 0)
    off = composer.compose(valence=0.3, arousal=0.2, bars=4, seed=3, neural=False)
    assert m.pitches.tolist() == off.pitches.tolist() and m.score == off.score


def test_explain_adds_up_with_the_default_models_and_shows_the_neural_term():
    m = composer.compose(valence=-0.4, arousal=0.5, bars=4, seed=2)
    assert "neural" in m.explain().splitlines()[0]
    assert np.all(m.breakdown["neural"] < 0) and np.all(m.breakdown["pitch_model"] <= 0)
    assert sum(v.sum() for v in m.breakdown.values()) == pytest.approx(m.score, abs=1e-9)


def test_weights_mix_geometrically():
    kw = search_models(neural_weight=0.25)
    assert kw["markov_weight"] == 0.75 and kw["neural_weight"] == 0.25
    kw = search_models(model=default_model(), neural=NeuralScorer.random(seed=1), neural_weight=1)
    assert kw["markov_weight"] == 0.0 and isinstance(kw["neural"], NeuralScorer)


@pytest.mark.parametrize("kwargs, message", [
    ({"neural_weight": 1.5}, "from 0 to 1"),
    ({"neural_weight": -0.1}, "from 0 to 1"),
    ({"neural_weight": float("nan")}, "from 0 to 1"),
    ({"neural": False, "neural_weight": 0.3}, "turns the neural model off"),
    ({"neural": "yes"}, "neural must be"),
    ({"model": "markov"}, "model must be"),
])
def test_bad_model_arguments_get_clear_errors(kwargs, message):
    with pytest.raises(SearchError, match=message):
        search_models(**kwargs)
    with pytest.raises(composer.ComposerError, match=message):
        composer.compose(valence=0.1, arousal=0.1, bars=1, **kwargs)


def test_variable_order_problem_breakdown_adds_up_with_a_context():
    params, cons = evaluated()
    problem = compile_problem(params, cons, **search_models(), bars=4, beam_width=16,
                              context_midi=[65, 67, -1, 69, 70, 72], context_ticks=[4, 4, 2, 2, 4, 4])
    assert problem.init_hist.shape == (4,)
    best = beam_search(problem)[0]
    terms = score_breakdown(problem, best.pitch_tokens, best.dur_tokens)
    assert sum(v.sum() for v in terms.values()) == pytest.approx(best.score, abs=1e-9)
    midi = problem.midi(best.pitch_tokens)
    melody = composer.Melody(pitches=midi, ticks=problem.dur_ticks[best.dur_tokens],
                             velocities=np.where(midi < 0, 0, 64), parameters=params,
                             affect=composer.Affect(0.3, 0.2), style="default", seed=0, score=best.score,
                             breakdown=terms)
    assert_constraints(melody, ("in_scale", "range", "max_leap", "fill_bars", "final_tonic"))


def test_context_reaches_the_variable_order_model():
    params, cons = evaluated()
    kw = search_models(neural=False)
    plain = compile_problem(params, cons, **kw, bars=1)
    after = compile_problem(params, cons, **kw, bars=1, context_midi=[72, 70, 69], context_ticks=[4, 4, 4])
    a, b = beam_search(plain)[0], beam_search(after)[0]
    first_plain = score_breakdown(plain, a.pitch_tokens[:1], a.dur_tokens[:1])["pitch_model"][0]
    first_after = score_breakdown(after, a.pitch_tokens[:1], a.dur_tokens[:1])["pitch_model"][0]
    assert first_plain != first_after  # the first note's probability depends on the notes before it
    assert b.score != a.score or b.pitch_tokens.tolist() != a.pitch_tokens.tolist()


def test_beam_on_the_shipped_variable_order_model_is_near_viterbi():
    params, cons = evaluated()
    cons = [c for c in cons if c.kind not in UNSUPPORTED_KINDS] + [Constraint("cadence")]
    problem = compile_problem(params, cons, default_varorder(), bars=4, beam_width=64)
    with pytest.raises(SearchError, match="variable-order"):
        viterbi(problem)
    exact = viterbi(first_order(problem))
    found = beam_search(first_order(problem))[0]
    assert found.score <= exact.score + 1e-9
    assert (exact.score - found.score) / abs(exact.score) < 0.005
