"""Every constraint kind of the registry has its compiler, its checker or term, and its ``composer.testing`` check.

The registry (``composer.rules.constraints.CONSTRAINT_KINDS``) is the one description of a
kind; adding one means a row there plus the pieces these tests look for.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import composer
from composer.errors import SearchError
from composer.models.markov import default_model
from composer.models.tokens import DURATION_TICKS, REL_LO
from composer.rules.constraints import CONSTRAINT_KINDS, HARD_KINDS, SOFT_KINDS, Constraint
from composer.search import TERMS, compile_problem, score_breakdown
from composer.search.check import CHECKERS, hard_violations, read_events
from composer.search.kinds import COMPILERS
from composer.testing import (
    CONSTRAINT_CHECKS,
    has_complete_bars,
    has_limited_repeats,
    has_phrase_cadences,
    has_strong_start,
    ends_on_tonic,
    is_in_range,
    is_in_scale,
    is_within_max_leap,
    melodies,
)

KINDS = [k for k, spec in CONSTRAINT_KINDS.items() if spec.scope == "melody"]   # arrangement kinds: tests/arrange


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
OPTIONS = {"form_repeat": {"phrase_bars": 1}, "rhythm_vocabulary": {"long": -1.0}}


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


#: Each hard kind's worded public predicate, with the option a drawn ``Constraint`` gives.
PREDICATES = {
    "in_scale": lambda m, c: is_in_scale(m),
    "range": lambda m, c: is_in_range(m),
    "max_leap": lambda m, c: is_within_max_leap(m, max_leap=c.options.get("semitones", m.parameters.max_leap)),
    "fill_bars": lambda m, c: has_complete_bars(m),
    "final_tonic": lambda m, c: ends_on_tonic(m),
    "strong_start": lambda m, c: has_strong_start(m),
    "max_repeats": lambda m, c: has_limited_repeats(m, count=c.options.get("count", 2)),
    "cadence": lambda m, c: has_phrase_cadences(m, phrase_bars=c.options.get("phrase_bars", m.parameters.phrase_bars)),
}


@st.composite
def broken_melodies(draw):
    """Melodies that keep every hard kind, then up to three events changed: a pitch anywhere, a rest, a length."""
    m = draw(melodies(max_bars=3))
    pitches, ticks = m.pitches.copy(), m.ticks.copy()
    for _ in range(draw(st.integers(0, 3))):
        i = draw(st.integers(0, len(pitches) - 1))
        change = draw(st.sampled_from(["pitch", "rest", "length"]))
        if change == "pitch":
            pitches[i] = draw(st.integers(40, 90))
        elif change == "rest":
            pitches[i] = -1
        else:
            ticks[i] = draw(st.integers(1, 8))
    return dataclasses.replace(m, pitches=pitches, ticks=ticks)


@st.composite
def drawn_constraints(draw, kind):
    options = {"max_leap": {"semitones": st.integers(1, 12)}, "max_repeats": {"count": st.integers(1, 3)},
               "cadence": {"phrase_bars": st.integers(1, 2)}}.get(kind, {})
    return Constraint(kind, 0.0, {k: draw(v) for k, v in options.items() if draw(st.booleans())})


def test_testing_takes_its_checks_from_the_search_s_table():
    assert list(CONSTRAINT_CHECKS) == list(CHECKERS) and set(PREDICATES) == set(HARD_KINDS)


@pytest.mark.parametrize("kind", HARD_KINDS)
@settings(max_examples=150)
@given(m=broken_melodies(), data=st.data())
def test_the_checker_the_testing_check_and_the_worded_predicate_agree(kind, m, data):
    constraint = data.draw(drawn_constraints(kind))
    found = CHECKERS[kind](read_events(m.pitches, m.ticks, m.parameters), constraint)
    try:
        CONSTRAINT_CHECKS[kind](m, constraint)
        passed = True
    except AssertionError as e:
        passed = False
        assert str(e), kind
    assert passed == (not found) == PREDICATES[kind](m, constraint), (kind, found)
