"""Which models score a search, and with what weights: the shipped combination and the rules for overriding it.

``composer.compose`` scores pitches with the weighted geometric mean (weights summing
to 1, so the model term stays on the scale the styles' penalty weights were set
against) of two shipped models, both trained on the public-domain ``default`` corpus:

* the compiled variable-order Markov model (``default_varorder()``, orders 0-4, pitch
  and duration), looked up by the kernel over each hypothesis's history;
* the neural pitch model (``default_neural()``), conditioned on the style's mode and
  meter families.

``DEFAULT_NEURAL_WEIGHT`` was chosen by held-out log-likelihood of real melodies scored
as the search scores them (``benchmarks/scoring_weights.py``; figures in
``docs/benchmarks.md``). ``search_models()`` turns ``compose``'s ``model``, ``neural``
and ``neural_weight`` arguments into the keyword arguments of ``compile_problem``, so a
caller of ``compile_problem`` gets the same models as ``compose`` with
``compile_problem(parameters, constraints, bars=8, **search_models())``.
"""

from __future__ import annotations

__all__ = ["DEFAULT_NEURAL_WEIGHT", "search_models"]

import math

from composer.errors import SearchArgumentError
from composer.models.markov import MarkovModel
from composer.models.neural import NeuralModel, default_neural
from composer.models.varorder import VariableOrderMarkov, default_varorder
from composer.search.compile import SearchModels, check_model
from composer.search.neural import NeuralScorer

#: Weight of the neural model's log-probabilities in the pitch score; the Markov model gets ``1 -`` this.
#: Held out on ``default`` (every tenth tune), the variable-order and neural models' geometric mean scores
#: 2.283 bits/note at 0.5 (2.289 at 0.4, 2.287 at 0.6), against 2.412 and 2.416 for either alone.
DEFAULT_NEURAL_WEIGHT = 0.5


def search_models(
    model: MarkovModel | VariableOrderMarkov | None = None,
    neural: NeuralModel | NeuralScorer | bool | None = None,
    neural_weight: float | None = None,
) -> SearchModels:
    """Return the scoring models and weights, checked, for ``compile_problem``.

    Parameters
    ----------
    model : MarkovModel or VariableOrderMarkov, optional
        The Markov model; the shipped variable-order model (``default_varorder()``) by default.
    neural : NeuralModel, NeuralScorer or bool, optional
        The neural pitch model: ``None`` or ``True`` for the shipped one
        (``default_neural()``), ``False`` for none (the Markov model alone, weight 1), or
        your own (a ``NeuralModel`` is conditioned on the style's mode and meter).
    neural_weight : float, optional
        In [0, 1]: the pitch score is ``(1 - neural_weight) * markov + neural_weight *
        neural`` (log-probabilities). ``DEFAULT_NEURAL_WEIGHT`` by default; 0 turns the
        neural model off (the search then pays nothing for it).

    Returns
    -------
    SearchModels
        ``model``, ``neural`` (``None`` when off), ``markov_weight`` and ``neural_weight``:
        pass it whole as ``compile_problem``'s ``model`` (which then trusts the model's
        type, checked here once), or unpack it as keyword arguments (``**search_models()``).

    Raises
    ------
    SearchArgumentError
        If a weight is outside [0, 1], a weight is given with ``neural=False``, or an
        argument has the wrong type.
    """
    if model is None:
        model = default_varorder()
    else:
        check_model(model)
    if neural is False:
        if neural_weight not in (None, 0, 0.0):
            raise SearchArgumentError(f"neural_weight is {neural_weight!r} but neural=False turns the neural model off")
        return SearchModels(model, None, 1.0, 0.0)
    if neural is None or neural is True:
        neural = default_neural()
    elif not isinstance(neural, (NeuralModel, NeuralScorer)):
        raise SearchArgumentError(f"neural must be a NeuralModel, a NeuralScorer, True or False, got {type(neural).__name__}")
    w = DEFAULT_NEURAL_WEIGHT if neural_weight is None else neural_weight
    if isinstance(w, bool) or not isinstance(w, (int, float)) or not (math.isfinite(w) and 0.0 <= w <= 1.0):
        raise SearchArgumentError(f"neural_weight must be a number from 0 to 1, got {neural_weight!r}")
    if w == 0.0:
        return SearchModels(model, None, 1.0, 0.0)
    return SearchModels(model, neural, 1.0 - float(w), float(w))
