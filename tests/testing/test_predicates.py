"""Predicates find exactly the violations a plain reading of each rule finds, and explain them musically."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from composer.affect import Affect
from composer.melody import Melody
from composer.rules.parameters import Parameters
from composer.testing import (
    Key,
    assert_cadences,
    assert_complete_bars,
    assert_constraints,
    assert_ends_on_tonic,
    assert_in_range,
    assert_in_scale,
    assert_no_forbidden_intervals,
    assert_no_parallels,
    assert_resolved_leaps,
    assert_strong_start,
    assert_within_max_leap,
    ends_on_tonic,
    has_cadences,
    has_complete_bars,
    has_no_forbidden_intervals,
    has_no_parallels,
    has_resolved_leaps,
    is_in_range,
    is_in_scale,
    is_within_max_leap,
    melodies,
    satisfies_constraints,
)
from composer.theory import MODES


def make(pitches, ticks, *, tonic=0, mode="ionian", meter="4/4", low=55, high=79, max_leap=7) -> Melody:
    params = Parameters(tempo=100.0, meter=meter, mode=mode, tonic=tonic, register=(low + high) / 2,
                        range=high - low, density=2.0, velocity=80, articulation="normal", max_leap=max_leap,
                        rests=0.5)
    return Melody(pitches=pitches, ticks=ticks, velocities=[0 if p < 0 else 80 for p in pitches],
                  parameters=params, affect=Affect(0.0, 0.0))


def message(assertion, *args, **kwargs) -> str:
    with pytest.raises(AssertionError) as info:
        assertion(*args, **kwargs)
    return str(info.value)


def test_max_leap_message_names_bar_beat_notes_and_rule():
    # A major: E4 -> C#5 on beat 2 of bar 3 is a major sixth.
    m = make([69, 64, 73, 69], [16, 16 + 4, 4, 24], tonic=9, max_leap=7)
    assert not is_within_max_leap(m)
    assert message(assert_within_max_leap, m) == \
        "bar 3 beat 2: E4→C♯5 is a major sixth (9 semitones); max_leap is a perfect fifth (7)"
    assert is_within_max_leap(m, max_leap=9)


def test_several_violations_are_listed():
    m = make([60, 79, 60, 79, 60], [4, 4, 4, 4, 16], max_leap=7)
    text = message(assert_within_max_leap, m)
    assert text.startswith("4 violations:\n  bar 1 beat 2: C4→G5 is a perfect twelfth (19 semitones)")
    assert text.count("\n") == 4


def test_leaps_are_measured_across_rests():
    m = make([60, -1, 72, 72], [4, 4, 4, 4], max_leap=7)
    assert message(assert_within_max_leap, m).startswith("bar 1 beat 3: C4→C5 is a perfect octave")


def test_in_scale_names_the_note_and_the_scale():
    m = make([62, 65, 66, 62], [4, 4, 4, 4], tonic=2, mode="dorian")
    assert message(assert_in_scale, m) == "bar 1 beat 3: F♯4 is not in D dorian (D E F G A B C)"
    assert is_in_scale(m, key="D", mode="ionian") is False and is_in_scale(m, key=Key(7, "ionian")) is False
    assert is_in_scale(make([62, 66, 62], [4, 4, 8], tonic=2), key="D")


def test_in_range_names_the_side():
    m = make([60, 81, 60], [4, 4, 8], low=55, high=79)
    assert message(assert_in_range, m) == "bar 1 beat 2: A5 (MIDI 81) is above the range G3–G5 (MIDI 55–79)"
    assert is_in_range(m, max_pitch=81) and not is_in_range(m, min_pitch=61, max_pitch=90)


def test_unresolved_leap():
    m = make([60, 67, 69, 67, 65, 60], [4, 4, 4, 4, 8, 8])
    assert message(assert_resolved_leaps, m) == ("bar 1 beat 3: C4→G4 leaps up a perfect fifth, then G4→A4 moves up "
                                                 "a major second; a leap should be followed by a step back down")
    assert has_resolved_leaps(make([60, 67, 65, 64, 60], [4, 4, 4, 4, 16]))
    assert has_resolved_leaps(make([67, 60], [8, 8])), "a leap into the last note needs no resolution"


def test_ends_on_tonic():
    assert ends_on_tonic(make([64, 62, 60], [4, 4, 8]))
    assert message(assert_ends_on_tonic, make([64, 62], [8, 8])) == "bar 1 beat 3: the melody ends on D4, not the tonic C"
    assert "ends with a rest" in message(assert_ends_on_tonic, make([60, -1], [8, 8]))
    assert "empty" in message(assert_ends_on_tonic, make([], []))
    assert ends_on_tonic(make([64, 62], [8, 8]), key="D")


def test_complete_bars():
    assert has_complete_bars(make([60, 62, 64], [4, 4, 8]), bars=1)
    assert message(assert_complete_bars, make([60, 62, 64, 60], [4, 8, 8, 12])) == \
        "bar 1 beat 4: E4 (a half note, 8 ticks) crosses the bar line into bar 2"
    assert message(assert_complete_bars, make([60, 62], [12, 8], meter="3/4")) == \
        "the melody lasts 1 bars of 3/4 and 8 sixteenths (20 ticks); it should fill whole bars of 12 ticks"
    assert message(assert_complete_bars, make([60], [16]), bars=2) == "the melody fills 1 bars of 4/4, not 2"
    assert "a rest (a dotted half note" in message(assert_complete_bars, make([60, -1, 60], [8, 12, 12]))


def test_strong_start():
    assert_strong_start(make([60], [16]))
    assert message(assert_strong_start, make([-1, 60], [8, 8])) == \
        "bar 1 beat 1: the melody starts with a rest; it should start with a note on the downbeat"


def test_forbidden_intervals_are_spelled_in_the_key():
    # C harmonic minor: A-flat to B is an augmented second; F to B a tritone (augmented fourth).
    m = make([67, 68, 71, 72], [4, 4, 4, 4], mode="harmonic_minor")
    assert message(assert_no_forbidden_intervals, m) == \
        "bar 1 beat 3: A♭4→B4 is an augmented second, a forbidden melodic interval (augmented second)"
    assert has_no_forbidden_intervals(m, forbidden=["tritone", "seventh"])
    assert not has_no_forbidden_intervals(make([65, 71, 72], [4, 4, 8]), forbidden=["tritone"])
    assert not has_no_forbidden_intervals(make([62, 72], [8, 8]), forbidden=["minor seventh"])
    assert not has_no_forbidden_intervals(make([60, 74], [8, 8]), forbidden=["second"]), "a ninth is a compound second"
    # Chromatic notes are spelled as the score spells them: D-sharp in C major, E-flat in F major.
    assert not has_no_forbidden_intervals(make([60, 63, 60], [4, 4, 8]), forbidden=["augmented second"])
    assert has_no_forbidden_intervals(make([60, 63, 60], [4, 4, 8], tonic=5), forbidden=["augmented second"])
    with pytest.raises(InvalidArgument, match="unknown interval name 'big leap'"):
        has_no_forbidden_intervals(m, forbidden=["big leap"])
    with pytest.raises(InvalidArgument, match="not one string"):
        has_no_forbidden_intervals(m, forbidden="tritone")


def test_cadences():
    # Two 2-bar phrases: the first ends on G (half close), the last on C reached by step.
    good = make([60, 64, 62, 67, 64, 65, 62, 60], [4, 4, 4, 4, 4, 4, 4, 4], meter="2/4")
    assert has_cadences(good, phrase_bars=2)
    bad_half = make([60, 64, 62, 65, 64, 65, 62, 60], [4, 4, 4, 4, 4, 4, 4, 4], meter="2/4")
    assert message(assert_cadences, bad_half, phrase_bars=2) == (
        "bar 2 beat 2: phrase 1 (bars 1–2) ends on F4, a perfect fourth above the tonic; "
        "a phrase ends on a note of the tonic or dominant triad")
    leap_in = make([60, 64, 57, 60], [4, 4, 4, 4])
    assert "the final tonic C4 is reached from A3, a minor third away" in message(assert_cadences, leap_in)
    assert has_cadences(make([60, 64, 67, 60], [4, 4, 4, 4])), "from the dominant is a cadence"
    short = make([60, 64, 62, 60], [4, 4, 6, 2])
    assert "off the beat" in message(assert_cadences, short)
    assert "a sixteenth note; a cadence note lasts at least a beat" in \
        message(assert_cadences, make([60, 64, 62, 60, -1], [4, 4, 4, 1, 3]))


def test_parallel_fifths_and_octaves():
    upper = make([72, 74, 76, 77], [16, 16, 16, 16])
    lower = make([65, 67, 60, 62], [16, 16, 16, 16])
    assert message(assert_no_parallels, upper, lower) == "bar 2 beat 1: C5/F4 → D5/G4: parallel fifths"
    octaves = make([48, 50, 64, 62], [16, 16, 16, 16])
    text = message(assert_no_parallels, make([60, 62, 52, 50], [16, 16, 16, 16]), octaves)
    assert "bar 2 beat 1: C4/C3 → D4/D3: parallel octaves" in text
    contrary = make([72, 79], [16, 16]), make([65, 60], [16, 16])
    assert has_no_parallels(*contrary)
    assert not has_no_parallels(*contrary, contrary=True)
    # Oblique motion into a fifth and rests are not parallels.
    assert has_no_parallels(make([72, 72, 74], [8, 4, 4]), make([60, 65, 67], [8, 4, 4])) is False
    assert has_no_parallels(make([72, -1, 74], [8, 4, 4]), make([65, 65, 67], [8, 4, 4]))


def test_assert_constraints_maps_kinds_to_checks():
    m = make([60, 62, 64, 66], [4, 4, 4, 4])
    text = message(assert_constraints, m, ["in_scale", "final_tonic", "density"])
    assert text.splitlines() == ["in_scale: bar 1 beat 4: F♯4 is not in C ionian (C D E F G A B)",
                                 "final_tonic: bar 1 beat 4: the melody ends on F♯4, not the tonic C"]
    assert satisfies_constraints(m, ["range", "max_leap", "fill_bars", "strong_start", "leap_recovery"])
    with pytest.raises(InvalidArgument, match="no check for constraint kind 'sparkle'"):
        satisfies_constraints(m, ["sparkle"])


# --- each predicate against a plain reading of its rule, on melodies with one note broken ----------
def naive_sounding(m):
    return [int(p) for p in m.pitches if p >= 0]


@given(melodies(), st.data())
def test_predicates_agree_with_plain_definitions_on_perturbed_melodies(m, data):
    i = data.draw(st.integers(0, len(m.pitches) - 1))
    shift = data.draw(st.integers(-13, 13))
    pitches = m.pitches.copy()
    if pitches[i] >= 0:
        pitches[i] = min(127, max(0, pitches[i] + shift))
    broken = dataclasses.replace(m, pitches=pitches)
    p = broken.parameters
    notes = naive_sounding(broken)
    scale = {(p.tonic + s) % 12 for s in MODES[p.mode]}
    assert is_in_scale(broken) == all(n % 12 in scale for n in notes)
    assert is_in_range(broken) == all(p.low <= n <= p.high for n in notes)
    assert is_within_max_leap(broken) == all(abs(b - a) <= p.max_leap for a, b in zip(notes, notes[1:]))
    assert ends_on_tonic(broken) == (broken.pitches[-1] >= 0 and broken.pitches[-1] % 12 == p.tonic)
    resolved = all(abs(b - a) < 5 or (1 <= abs(c - b) <= 2 and (c > b) != (b > a))
                   for a, b, c in zip(notes, notes[1:], notes[2:]))
    assert has_resolved_leaps(broken) == resolved


@given(melodies(), st.data())
def test_complete_bars_agrees_with_a_plain_definition(m, data):
    ticks = m.ticks.copy()
    i = data.draw(st.integers(0, len(ticks) - 1))
    ticks[i] = data.draw(st.integers(1, 16))
    broken = dataclasses.replace(m, ticks=ticks)
    bar = {"4/4": 16, "3/4": 12, "2/4": 8, "6/8": 12}[m.parameters.meter]
    onsets = np.concatenate(([0], np.cumsum(ticks)[:-1]))
    plain = ticks.sum() % bar == 0 and all(o // bar == (o + d - 1) // bar for o, d in zip(onsets, ticks))
    assert has_complete_bars(broken) == plain
