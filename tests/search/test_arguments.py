"""The search checks its own arguments once, with the limits of composer.limits, as SearchArgumentError."""

from __future__ import annotations

import pytest

import composer
from composer.errors import ArgumentError, LimitError, SearchArgumentError, SearchError
from composer.limits import LIMITS
from composer.models.markov import default_model
from composer.search import compile_problem, search_models
from composer.compose import search_problem


@pytest.fixture(scope="module")
def evaluation():
    return composer.load_style("default").evaluate(composer.Affect(0.2, 0.1), seed=1)


@pytest.mark.parametrize("kwargs, message", [
    ({"bars": 0}, "bars must be an integer from 1 to 256, got 0"),
    ({"bars": 257}, "bars must be an integer from 1 to 256, got 257"),
    ({"bars": True}, "bars must be an integer"),
    ({"bars": 2, "beam_width": 0}, "beam_width must be an integer from 1 to 4096, got 0"),
    ({"bars": 2, "beam_width": 4097}, "beam_width must be an integer from 1 to 4096"),
    ({"bars": 2, "temperature": -1.0}, "temperature must be"),
])
def test_compile_problem_owns_bars_beam_width_and_temperature(evaluation, kwargs, message):
    with pytest.raises(SearchArgumentError, match=message) as info:
        compile_problem(evaluation.parameters, evaluation.constraints, default_model(), **kwargs)
    assert isinstance(info.value, SearchError) and isinstance(info.value, ArgumentError)
    # compose's stage hands them on unchecked and gets the same error from the search
    with pytest.raises(SearchArgumentError, match=message):
        search_problem(evaluation, **kwargs)


def test_the_limits_are_composer_limits(evaluation):
    assert (LIMITS["bars"].low, LIMITS["bars"].high, LIMITS["beam_width"].high) == (1, 256, 4096)
    cells = int(LIMITS["beam_cells"].high)
    with pytest.raises(LimitError, match="beam_cells"):
        compile_problem(evaluation.parameters, evaluation.constraints, default_model(), bars=cells // 4096 + 1,
                        beam_width=4096)
    problem = compile_problem(evaluation.parameters, evaluation.constraints, default_model(), bars=2)
    with pytest.raises(SearchArgumentError, match="beam_width must be an integer from 1 to 4096"):
        problem.with_settings(beam_width=5000)


def test_one_model_check_for_search_models_and_compile_problem(evaluation):
    with pytest.raises(SearchArgumentError, match="model must be a MarkovModel or a VariableOrderMarkov, got str") as a:
        search_models(model="markov")
    with pytest.raises(SearchArgumentError, match="model must be a MarkovModel or a VariableOrderMarkov, got str") as b:
        compile_problem(evaluation.parameters, evaluation.constraints, "markov", bars=2)
    assert str(a.value) == str(b.value)


def test_compose_checks_the_model_once(evaluation, monkeypatch):
    # search_models checks the model; compile_problem trusts the SearchModels it returns.
    import composer.search.compile as compile_module
    import composer.search.scoring as scoring_module

    calls = []

    def counting(model):
        calls.append(model)
        compile_module.check_model.__wrapped__(model)

    counting.__wrapped__ = compile_module.check_model
    monkeypatch.setattr(compile_module, "check_model", counting)
    monkeypatch.setattr(scoring_module, "check_model", counting)
    model = default_model()
    problem = search_problem(evaluation, bars=2, seed=0, beam_width=4, temperature=0.0, model=model,
                             after=None, motif=None, neural=False, neural_weight=None)
    assert calls == [model] and problem.pitch_logp.shape[0] > 0
    calls.clear()
    compile_problem(evaluation.parameters, evaluation.constraints, bars=2, **search_models(model, neural=False))
    assert calls == [model, model]  # unpacked, the model is a plain argument again: checked as one


def test_a_search_models_bundle_brings_its_own_weights(evaluation):
    models = search_models(default_model(), neural=False)
    assert dict(models) == {"model": models.model, "neural": None, "markov_weight": 1.0, "neural_weight": 0.0}
    whole = compile_problem(evaluation.parameters, evaluation.constraints, models, bars=2)
    unpacked = compile_problem(evaluation.parameters, evaluation.constraints, bars=2, **models)
    assert whole.pitch_logp.tobytes() == unpacked.pitch_logp.tobytes()
    assert whole.settings == unpacked.settings and (whole.settings.w_markov, whole.settings.w_neural) == (1.0, 0.0)
    with pytest.raises(SearchArgumentError, match="come with the SearchModels"):
        compile_problem(evaluation.parameters, evaluation.constraints, models, bars=2, neural_weight=0.5)
