"""Viterbi is exact (against exhaustive enumeration), and a wide beam reaches its optimum."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings

import composer
from composer.errors import SearchError
from composer.models.markov import default_model
from composer.rules.constraints import Constraint
from composer.search import _kernels as K
from composer.search import beam_search, compile_problem, first_order, viterbi
from composer.search.exact import UNSUPPORTED_KINDS
from tests import naive
from tests.search.problems import problems

# Without numba (NUMBA_DISABLE_JIT=1) the splitmix64 hash runs on NumPy scalars, which warn when they wrap; the
# wrap-around is the hash's arithmetic.
pytestmark = pytest.mark.filterwarnings("ignore:overflow encountered in scalar:RuntimeWarning")


@settings(max_examples=80, deadline=None)
@given(problems(first_order=True, max_bars=1))
def test_viterbi_matches_exhaustive_search(problem):
    best, winners = naive.exhaustive_best(*problem)
    joint, value = K.viterbi_kernel(*problem.viterbi())
    if best == -math.inf:
        assert len(joint) == 0
        return
    assert math.isclose(value, best, abs_tol=1e-9)
    assert joint.tolist() in winners  # the same sums in the same order: exactly one of the optimal sequences


@settings(max_examples=50, deadline=None)
@given(problems(first_order=True, max_bars=1))
def test_wide_beam_reaches_the_exact_optimum(problem):
    best, _ = naive.exhaustive_best(*problem)
    assume(best > -math.inf)
    wide = problem._replace(search=problem.search._replace(beam=4096))  # wider than these problems' hypotheses
    _, lengths, scores, _, _ = K.beam_search_kernel(*wide)
    assert math.isclose(scores[0], best, abs_tol=1e-9)


def test_beam_on_the_shipped_model_is_within_half_a_percent_of_viterbi_at_width_64():
    ev = composer.load_style("default").evaluate(composer.Affect(0.3, 0.2), seed=1)
    cons = [c for c in ev.constraints if c.kind not in UNSUPPORTED_KINDS] + [Constraint("cadence")]
    problem = first_order(compile_problem(ev.parameters, cons, default_model(), bars=4, beam_width=64))
    exact = viterbi(problem)
    found = beam_search(problem)[0]
    assert found.score <= exact.score + 1e-9
    assert (exact.score - found.score) / abs(exact.score) < 0.005
    wide = beam_search(problem.with_settings(beam_width=2048))[0]
    assert wide.score == pytest.approx(exact.score, abs=1e-9)


def test_viterbi_refuses_what_it_cannot_solve():
    ev = composer.load_style("default").evaluate(composer.Affect(0.3, 0.2), seed=1)
    problem = compile_problem(ev.parameters, ev.constraints, default_model(), bars=2)
    with pytest.raises(SearchError, match="leap_recovery"):
        viterbi(first_order(problem))
    cons = [c for c in ev.constraints if c.kind not in UNSUPPORTED_KINDS]
    with pytest.raises(SearchError, match="first-order"):
        viterbi(compile_problem(ev.parameters, cons, default_model(), bars=2))
