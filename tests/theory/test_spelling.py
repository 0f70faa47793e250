"""Spelling without music21 agrees with the rendered score's spelling and with music21's interval names."""

from __future__ import annotations

import music21
import pytest
from hypothesis import given
from hypothesis import strategies as st

from composer.affect import Affect
from composer.melody import Melody
from composer.rules.parameters import Parameters
from composer.theory import MODES
from composer.theory.spelling import SpelledPitch, spell_interval, spell_pitch

CHROMATIC = list(range(58, 75))  # every pitch class, and the octave edges around C4 (B#3, C-5 ...)


def rendered_names(tonic: int, mode: str) -> list[str]:
    params = Parameters(tempo=100.0, meter="4/4", mode=mode, tonic=tonic, register=66.0, range=20, density=2.0,
                        velocity=80, articulation="normal", max_leap=12, rests=0.0)
    melody = Melody(pitches=CHROMATIC, ticks=[4] * len(CHROMATIC), velocities=[80] * len(CHROMATIC),
                    parameters=params, affect=Affect(0.0, 0.0))
    notes = melody.to_stream().flatten().notes
    return [n.pitch.nameWithOctave for n in notes]


def as_music21(p: SpelledPitch) -> str:
    return p.letter + {-2: "--", -1: "-", 0: "", 1: "#", 2: "##"}[p.alter] + str(p.octave)


@pytest.mark.parametrize("mode", list(MODES))
def test_spelling_matches_the_rendered_score_in_every_key(mode):
    for tonic in range(12):
        ours = [as_music21(spell_pitch(m, tonic, mode)) for m in CHROMATIC]
        assert ours == rendered_names(tonic, mode), (tonic, mode)
        assert all(spell_pitch(m, tonic, mode).midi == m for m in CHROMATIC)


def test_scales_use_one_letter_per_degree():
    for mode, steps in MODES.items():
        if len(steps) != 7:
            continue
        for tonic in range(12):
            letters = [spell_pitch(60 + tonic + s, tonic, mode).letter for s in steps]
            assert len(set(letters)) == 7, (tonic, mode, letters)


spelled = st.builds(SpelledPitch, letter=st.sampled_from("CDEFGAB"), alter=st.integers(-1, 1), octave=st.integers(2, 6))


@given(spelled, spelled)
def test_interval_names_match_music21(a, b):
    ours = spell_interval(a, b)
    low, high = sorted((a, b), key=lambda p: (p.step, p.midi))
    theirs = music21.interval.Interval(music21.pitch.Pitch(as_music21(low)), music21.pitch.Pitch(as_music21(high)))
    assert ours.semitones == abs(theirs.semitones)
    if ours.generic <= 8 and "doubly" not in ours.quality and "(" not in ours.quality:
        expected = theirs.niceName.lower()
        assert ours.name == expected, (a, b, theirs.niceName)


def test_known_intervals():
    e4, cs5 = SpelledPitch("E", 0, 4), SpelledPitch("C", 1, 5)
    assert spell_interval(e4, cs5).name == "major sixth"
    assert spell_interval(SpelledPitch("C", 0, 4), SpelledPitch("G", 0, 5)).name == "perfect twelfth"
    assert spell_interval(SpelledPitch("F", 0, 4), SpelledPitch("B", 0, 4)).name == "augmented fourth"
    assert spell_interval(SpelledPitch("B", 0, 3), SpelledPitch("F", 0, 4)).name == "diminished fifth"
    assert spell_interval(SpelledPitch("C", 0, 4), SpelledPitch("D", 0, 5)).simple_name == "major second"
