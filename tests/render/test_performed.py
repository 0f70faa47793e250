"""MIDI files carry the performed articulation and loudness the score asks for, read back
through ``composer.analysis`` (the project's one cue reader)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import composer
from composer.analysis import measure_cues, note_array
from composer.render.files import write
from composer.render.synth import GATE

axis = st.floats(min_value=-1.0, max_value=1.0, allow_nan=False)


def _midi(melody, tmp_path, name="m.mid"):
    return note_array(write(melody, tmp_path / name, overwrite=True))


def test_staccato_point_is_short_in_the_midi_file(tmp_path):
    m = composer.compose(valence=0.7, arousal=0.8, bars=8, seed=1)
    assert m.parameters.articulation == "staccato"
    cues = measure_cues(_midi(m, tmp_path))
    assert cues["articulation"] < 0.7
    assert cues["staccato"] > 0.8


def test_legato_point_is_held_in_the_midi_file(tmp_path):
    m = composer.compose(valence=-0.5, arousal=-0.8, bars=8, seed=1)
    assert m.parameters.articulation == "legato"
    cues = measure_cues(_midi(m, tmp_path))
    assert cues["articulation"] > 0.95
    assert cues["staccato"] == 0.0


def test_writing_midi_leaves_the_written_score_full_length(tmp_path):
    m = composer.compose(valence=0.7, arousal=0.8, bars=4, seed=2)
    _midi(m, tmp_path)
    written = note_array(write(m, tmp_path / "m.musicxml")).notes
    sounding = m.pitches >= 0
    np.testing.assert_allclose(written["length"], m.ticks[sounding] / 4)


@settings(max_examples=12)
@given(valence=axis, arousal=axis, style=st.sampled_from(["default", "film", "folk", "game", "hymn"]))
def test_every_midi_note_sounds_its_gate_at_its_velocity(tmp_path_factory, valence, arousal, style):
    """Whatever the emotion: each note of the MIDI file starts on time, sounds for the
    style's articulation gate of its written length (the last to the written end), at the
    velocity the melody gives it."""
    m = composer.compose(valence=valence, arousal=arousal, bars=4, seed=0, style=style, arrange=False)
    notes = _midi(m, tmp_path_factory.mktemp("midi")).notes
    sounding = m.pitches >= 0
    written = m.ticks[sounding] / 4.0
    assert len(notes) == int(sounding.sum())
    np.testing.assert_allclose(notes["onset"], m.onsets[sounding] / 4.0, atol=1e-2)
    gate = np.full(len(written), GATE[m.parameters.articulation])
    gate[-1] = 1.0
    np.testing.assert_allclose(notes["sounding"], written * gate, atol=1e-2)
    assert notes["onset"][-1] + notes["sounding"][-1] == pytest.approx(m.total_ticks / 4.0)
    np.testing.assert_array_equal(notes["velocity"], np.clip(m.velocities[sounding], 1, 127))


def test_accents_and_dynamics_reach_the_midi_file(tmp_path):
    """A note the score marks with an accent is as loud in the MIDI file as the score says."""
    import dataclasses

    from music21 import articulations

    m = composer.compose(valence=0.3, arousal=0.2, bars=4, seed=3)
    vel = m.velocities.copy()
    loud = int(np.flatnonzero(m.pitches >= 0)[2])
    vel[loud] = min(127, int(vel.max()) + 25)
    m = dataclasses.replace(m, velocities=vel)
    score_notes = list(m.to_stream().recurse().notes)
    assert any(isinstance(a, articulations.Accent) for a in score_notes[2].articulations)
    midi_vel = _midi(m, tmp_path).notes["velocity"]
    assert midi_vel[2] == vel[loud]
    assert midi_vel[2] == midi_vel.max() and np.sum(midi_vel == midi_vel.max()) == 1
