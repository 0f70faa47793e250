"""Every constraint kind of the registry has its compiler, its checker or term, and its ``composer.testing`` check.

The registry (``composer.rules.constraints.CONSTRAINT_KINDS``) is the one description of a
kind; adding one means a row there plus the pieces these tests look for.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import composer
from composer.errors import SearchError
from composer.models.markov import default_model
from composer.models.tokens import DURATION_TICKS, REL_LO
from composer.rules.constraints import CONSTRAINT_KINDS, HARD_KINDS, SOFT_KINDS, Constraint
from composer.search import TERMS, compile_problem, score_breakdown
from composer.search.check import CHECKERS, hard_violations
from composer.search.kinds import COMPILERS
from composer.testing import CONSTRAINT_CHECKS

KINDS = list(CONSTRAINT_KINDS)


def _parameters():
    ev = composer.load_style("default").evaluate(composer.Affect(0.4, 0.3), seed=5)
    return dataclasses.replace(ev.parameters, meter="4/4")


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_its_row_compiler_and_checker_or_term(kind):
    spec = CONSTRAINT_KINDS[kind]
    assert kind in COMPILERS
    assert (kind in HARD_KINDS) == spec.hard and (kind in SOFT_KINDS) == (not spec.hard)
    if spec.hard:
        assert kind in CHECKERS and kind in CONSTRAINT_CHECKS
    else:
        assert kind in TERMS


def test_no_table_names_a_kind_the_registry_lacks():
    assert set(COMPILERS) == set(KINDS)
    assert set(CHECKERS) == set(CONSTRAINT_CHECKS) == set(HARD_KINDS)
    assert set(SOFT_KINDS) <= set(TERMS)


# A 4/4 bar, tonic-relative: a fifth up then a step up (an unrecovered leap), a quarter from tick 2
# (syncopated), intervals smaller than leap_size's default target of 4 semitones, lengths off density's target.
# A second bar that does not repeat the first (form_repeat, with 1-bar phrases, asks it to).
RELS = [0, 7, 9, 4, 0] + [2, 4, 0]
TICKS = [2, 4, 2, 4, 4] + [4, 8, 4]
#: Options beyond the defaults, for kinds that need them to act within these two bars.
OPTIONS = {"form_repeat": {"phrase_bars": 1}}


@pytest.mark.parametrize("kind", SOFT_KINDS)
def test_each_soft_kind_moves_its_own_term_and_no_other(kind):
    params = _parameters()
    problem = compile_problem(params, [Constraint(kind, 1.5, OPTIONS.get(kind, {}))], default_model(), bars=2)
    pitch = np.array([r - REL_LO for r in RELS])
    dur = np.array([int(np.flatnonzero(DURATION_TICKS == t)[0]) for t in TICKS])
    parts = score_breakdown(problem, pitch, dur)
    assert np.any(parts[kind] < 0), kind
    for other in SOFT_KINDS:
        if other != kind:
            assert np.all(parts[other] == 0), other
    off = score_breakdown(compile_problem(params, [Constraint(kind, 0.0, OPTIONS.get(kind, {}))], default_model(),
                                          bars=2), pitch, dur)
    assert np.all(off[kind] == 0)


@pytest.mark.parametrize("kind", HARD_KINDS)
def test_each_hard_checker_judges_its_own_kind_alone(kind):
    # The bar breaks every hard kind at once: off the scale, out of range, a wide leap, repeats, a
    # note across the bar line, a rest first, no tonic at the end. Each checker reports only its own kind.
    params = dataclasses.replace(_parameters(), tonic=0, mode="ionian", register=66, range=12,
                                 max_leap=5, phrase_bars=1)
    midi = [-1, 61, 61, 61, 90, 62]
    ticks = [2, 2, 2, 2, 4, 20]  # the last note crosses into the second bar and ends it
    found = hard_violations(midi, ticks, params, [Constraint(kind, 0.0, {"count": 2} if kind == "max_repeats"
                                                                     else {})], bars=2, no_double_rest=False)
    assert found and all(v.startswith(kind + ":") for v in found), found


@pytest.mark.parametrize("kind", [k for k in KINDS if CONSTRAINT_KINDS[k].options])
def test_option_ranges_are_the_registry_s(kind):
    params = _parameters()
    for spec in CONSTRAINT_KINDS[kind].options:
        if spec.kind == "choice":
            bad, good = "zigzag", spec.choices[-1]
        else:
            bad, good = spec.high + 1, spec.high
        with pytest.raises(SearchError, match=f"{spec.name} must be"):
            compile_problem(params, [Constraint(kind, 1.0, {spec.name: bad})], default_model(), bars=1)
        compile_problem(params, [Constraint(kind, 1.0, {spec.name: good})], default_model(), bars=1)
