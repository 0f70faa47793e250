"""The checks of a style's ``max_repeats`` and ``cadence`` constraints agree with the search's own plain check."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import composer
from composer.rules.constraints import Constraint
from composer.search.check import hard_violations
from composer.testing import (
    assert_constraints,
    assert_limited_repeats,
    assert_phrase_cadences,
    has_limited_repeats,
    has_phrase_cadences,
    melodies,
)


def _with(melody: composer.Melody, pitches, ticks) -> composer.Melody:
    return composer.Melody(np.array(pitches), np.array(ticks), np.full(len(pitches), 80), melody.parameters,
                           melody.affect)


@settings(max_examples=60)
@given(melodies(max_bars=4), st.integers(1, 3), st.integers(1, 2))
def test_predicates_agree_with_the_search_check(m, count, phrase_bars):
    cons = [Constraint("max_repeats", 0.0, {"count": count}), Constraint("cadence", 0.0, {"phrase_bars": phrase_bars})]
    found = hard_violations(m.pitches, m.ticks, m.parameters, cons, bars=m.bars, no_double_rest=False)
    assert has_limited_repeats(m, count=count) == (not any(v.startswith("max_repeats") for v in found))
    assert has_phrase_cadences(m, phrase_bars=phrase_bars) == (not any(v.startswith("cadence") for v in found))


def test_messages_name_bar_beat_and_notes():
    base = composer.compose(valence=0.5, arousal=0.0, bars=1, seed=1)
    tonic = 60 + base.parameters.tonic
    m = _with(base, [tonic, tonic, tonic, tonic], [4, 4, 4, 4]) if base.parameters.meter == "4/4" else None
    if m is None:
        pytest.skip("the drawn meter is not 4/4")
    with pytest.raises(AssertionError, match="bar 1 beat 3: .* sounds 3 times in a row; at most 2"):
        assert_limited_repeats(m, count=2)
    short_end = _with(base, [tonic + 2, tonic + 4, tonic + 2, tonic], [4, 4, 6, 2])
    with pytest.raises(AssertionError, match="lasts at least a beat"):
        assert_phrase_cadences(short_end, phrase_bars=1)


@settings(max_examples=10)
@given(v=st.floats(-1, 1), a=st.floats(-1, 1), seed=st.integers(0, 1000))
def test_composed_hymns_keep_every_hard_constraint_of_their_style(v, a, seed):
    m = composer.compose(valence=v, arousal=a, bars=4, style="hymn", seed=seed, arrange=False)
    assert_constraints(m, composer.load_style("hymn").evaluate(m.affect, seed=seed).constraints)
