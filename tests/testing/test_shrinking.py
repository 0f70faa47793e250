"""Shrinking works: false properties shrink to short, stepwise, tonic counterexamples of a few notes."""

from __future__ import annotations

import numpy as np
from hypothesis import find, settings

from composer.testing import (
    has_no_forbidden_intervals,
    has_resolved_leaps,
    is_within_max_leap,
    melodies,
    rhythms,
)

# derandomize: the same minimal example on every run, as CI needs.
FIND = settings(derandomize=True, database=None, max_examples=500)


def tonic_pc(m) -> int:
    return m.parameters.tonic


def test_false_max_leap_claim_shrinks_to_two_notes_in_one_bar():
    # "No melody leaps more than a major third" is false; the smallest counterexample is two notes.
    m = find(melodies(), lambda m: not is_within_max_leap(m, max_leap=4), settings=FIND)
    notes = m.pitches[m.pitches >= 0]
    assert len(notes) == 2 and m.bars == 1
    assert abs(int(notes[1]) - int(notes[0])) > 4
    assert (m.parameters.mode, m.parameters.meter, m.parameters.tonic) == ("ionian", "4/4", 0)
    assert notes[-1] % 12 == tonic_pc(m)


def test_false_stepwise_claim_shrinks_to_a_few_notes():
    m = find(melodies(), lambda m: not has_resolved_leaps(m), settings=FIND)
    assert m.n_notes == 3 and m.bars == 1 and not (m.pitches < 0).any()


def test_false_forbidden_interval_claim_shrinks_to_a_few_notes():
    m = find(melodies(), lambda m: not has_no_forbidden_intervals(m), settings=FIND)
    assert m.n_notes <= 3 and m.bars == 1


def test_melodies_with_many_notes_shrink_to_repeated_tonics():
    # Asking only for length leaves nothing to move: the counterexample repeats the home tonic.
    m = find(melodies(), lambda m: m.n_notes >= 5, settings=FIND)
    assert m.n_notes == 5 and len(set(m.pitches.tolist())) == 1 and m.pitches[0] % 12 == tonic_pc(m)


def test_rhythms_shrink_to_one_note_per_bar():
    r = find(rhythms(min_bars=2), lambda r: True, settings=FIND)
    assert r.meter == "4/4" and r.ticks == (16, 16)
    r = find(rhythms(meter="3/4"), lambda r: any(t < 4 for t in r.ticks), settings=FIND)
    assert r.bars == 1 and len(r.ticks) <= 3 and sum(r.ticks) == 12 and r.ticks[0] == 12 - sum(r.ticks[1:])
    assert np.all(np.array(r.ticks) > 0)
