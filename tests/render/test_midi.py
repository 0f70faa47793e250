"""The mido writer (``composer.render.midi``) writes what the music21 path writes, read back
through ``composer.analysis.note_array``: same onsets, sounding (performed) lengths, pitches,
velocities and tempo map, for melodies of every style over the valence/arousal square and for
pieces with tempo, key and metre changes."""

from __future__ import annotations


import mido
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import composer
from composer.analysis import note_array
from composer.errors import RenderError
from composer.render.midi import TICKS_PER_BEAT, midi_file, sections_of
from composer.render.sections import ScoreSection
from composer.render.synth import GATE

from tests.render.readback import EXAMPLES, axis
from tests.render.readback import both_paths as _both


def _assert_same(old, new) -> None:
    a, b = old.notes, new.notes
    assert len(a) == len(b) > 0
    np.testing.assert_array_equal(a["pitch"], b["pitch"])
    np.testing.assert_array_equal(a["velocity"], b["velocity"])
    for field in ("onset", "length", "sounding", "seconds"):  # quarter notes; seconds
        np.testing.assert_allclose(a[field], b[field], atol=2e-3, err_msg=field)
    np.testing.assert_allclose(old.tempi, new.tempi, atol=1e-3)
    assert abs(old.seconds - new.seconds) < 1e-2


@pytest.mark.parametrize("style", composer.list_styles())
@settings(max_examples=4, deadline=None)
@given(valence=axis, arousal=axis, seed=st.integers(0, 50))
def test_melody_midi_matches_the_music21_path(style, valence, arousal, seed, tmp_path_factory):
    m = composer.compose(valence, arousal, bars=4, style=style, seed=seed)
    _assert_same(*_both(m, tmp_path_factory.mktemp("m")))


@pytest.mark.parametrize("source", ["lighthouse.yaml", "lion_and_mouse.md"])
def test_piece_midi_matches_the_music21_path(source, tmp_path):
    path = EXAMPLES / source
    piece = composer.score_cues(path) if source.endswith(".yaml") else composer.score_story(path)
    old, new = _both(piece, tmp_path)
    _assert_same(old, new)
    assert len(new.tempi) == len(old.tempi) > 1 or source.endswith(".md")


def test_piece_carries_markers_key_and_metre_changes(tmp_path):
    piece = composer.score_cues(EXAMPLES / "lighthouse.yaml")
    f = mido.MidiFile(piece.write(tmp_path / "p.mid"))
    conductor = f.tracks[0]
    markers = [m.text for m in conductor if m.type == "marker"]
    assert markers == [s.label for s in piece.sections]
    meters = {f"{m.numerator}/{m.denominator}" for m in conductor if m.type == "time_signature"}
    assert meters == {s.melody.parameters.meter for s in piece.sections}
    assert any(m.type == "key_signature" for m in conductor)
    assert f.ticks_per_beat == TICKS_PER_BEAT


def test_program_and_track_name_are_the_styles_instrument(tmp_path):
    m = composer.compose(0.3, -0.2, bars=2, style="film", seed=0, arrange=False)
    from composer.rules.instruments import gm_program

    f = mido.MidiFile(m.write(tmp_path / "m.mid"))
    programs = [msg.program for msg in f.tracks[1] if msg.type == "program_change"]
    assert programs == [gm_program(m.parameters.instrument)]


def test_performed_lengths_follow_the_gates(tmp_path):
    """Staccato notes sound half their written length; the last note rings to its end."""
    m = composer.compose(valence=0.7, arousal=0.8, bars=4, seed=1)
    assert m.parameters.articulation == "staccato"
    notes = note_array(m.write(tmp_path / "s.mid")).notes
    written = m.ticks[m.pitches >= 0] / 4  # quarter notes; a MIDI file's lengths are as played
    ratio = notes["length"] / written
    np.testing.assert_allclose(ratio[:-1], GATE["staccato"], atol=1e-3)
    assert ratio[-1] == pytest.approx(1.0)


def test_same_pitch_repeated_legato_is_not_cut(tmp_path):
    """At one tick a note-off comes before the next note-on, so a held repeated note keeps both."""
    m = composer.compose(valence=-0.5, arousal=-0.8, bars=4, seed=1)
    f = midi_file(*[sections_of(m)[0]], **sections_of(m)[1])
    now, on = 0, {}
    for msg in f.tracks[1]:
        now += msg.time
        if msg.type == "note_on":
            assert msg.note not in on, "a note started while the same pitch still sounded"
            on[msg.note] = now
        elif msg.type == "note_off":
            assert on.pop(msg.note) < now
    assert not on


def test_no_sections_is_a_clear_error():
    with pytest.raises(RenderError, match="at least one section"):
        midi_file([])


def test_every_sounding_note_is_written_once():
    m = composer.compose(0.5, 0.5, bars=4, seed=2)
    f = midi_file([ScoreSection(m)])
    pitches = [msg.note for msg in f.tracks[1] if msg.type == "note_on"]
    assert pitches == m.pitches[m.pitches >= 0].tolist()


def test_long_file_passes_composers_own_hostile_file_guard(tmp_path):
    """No track holds a silent stretch longer than a corpus file may (``corpus_note_quarters``)."""
    from composer.limits import LIMITS
    from composer.models.midi_scan import scan_midi

    m = composer.compose(0.2, 0.4, bars=80, seed=3)
    scan = scan_midi(m.write(tmp_path / "long.mid").read_bytes())
    assert scan.notes == int((m.pitches >= 0).sum())
    assert scan.longest_quarters <= LIMITS["corpus_note_quarters"].high
