"""The search: compile parameters and models into arrays, then run the numba beam search.

* ``compile_problem`` builds a ``SearchProblem`` (arrays) from parameters, constraints,
  the Markov model (order-2 or variable-order) and optionally a neural model, a context
  and a motif; ``search_models`` gives the models and weights ``compose`` uses;
* ``beam_search`` (deterministic) and ``sample_variations`` (stochastic beam search)
  run the kernel; ``score_breakdown`` splits a score into its terms;
* ``viterbi`` gives the exact optimum of first-order problems (``first_order``);
* ``hard_violations`` checks a melody against every hard constraint, in plain Python.
"""

from types import ModuleType as _ModuleType

from composer.search.beam import TERMS, Candidate, beam_search, sample_variations, score_breakdown
from composer.search.check import hard_violations
from composer.search.compile import SearchModels, SearchProblem, compile_problem
from composer.search.exact import first_order, viterbi
from composer.search.neural import NeuralScorer
from composer.search.scoring import DEFAULT_NEURAL_WEIGHT, search_models

__all__ = ["DEFAULT_NEURAL_WEIGHT", "TERMS", "Candidate", "NeuralScorer", "SearchModels", "SearchProblem", "beam_search",
           "compile_problem", "first_order", "hard_violations", "sample_variations", "score_breakdown", "search_models",
           "viterbi"]


def _check_exports(public: set[str]) -> None:
    # As composer.testing does: __all__ is exactly what the package exports (its submodules aside).
    assert set(__all__) == public, (set(__all__) - public, public - set(__all__))


_check_exports({n for n, v in globals().items() if n[0] != "_" and not isinstance(v, _ModuleType)})
del _check_exports, _ModuleType
