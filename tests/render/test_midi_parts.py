"""Arrangements through the mido writer (``composer.render.midi_parts``): one track per part,
each on its own channel with its program, written as the music21 path writes them, read back
through ``composer.analysis.note_array`` part by part; drums on General MIDI's channel 10."""

from __future__ import annotations

from pathlib import Path

import mido
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import composer
from composer.analysis import note_array
from composer.errors import RenderError
from composer.render.midi import DRUM_CHANNEL, TrackNotes, midi_file, sections_of
from composer.render.sections import ScoreSection
from composer.rules.instruments import gm_program

from tests.render.readback import EXAMPLES, axis
from tests.render.readback import both_paths as _both


def _assert_same(old, new, parts: int) -> None:
    a, b = old.notes, new.notes
    assert len(a) == len(b) > 0
    assert set(b["part"].tolist()) == set(range(parts))
    for field in ("part", "pitch", "velocity"):
        np.testing.assert_array_equal(a[field], b[field], err_msg=field)
    for field in ("onset", "length", "sounding", "seconds"):  # quarter notes; seconds
        np.testing.assert_allclose(a[field], b[field], atol=2e-3, err_msg=field)
    np.testing.assert_allclose(old.tempi, new.tempi, atol=1e-3)
    assert abs(old.seconds - new.seconds) < 1e-2


def _messages(track: mido.MidiTrack, kind: str) -> list[mido.Message]:
    return [m for m in track if m.type == kind]


@pytest.mark.parametrize("style", composer.list_styles())
@settings(max_examples=3, deadline=None)
@given(valence=axis, arousal=axis, seed=st.integers(0, 50))
def test_arrangement_midi_matches_the_music21_path(style, valence, arousal, seed, tmp_path_factory):
    a = composer.arrange(composer.compose(valence, arousal, bars=4, style=style, seed=seed, arrange=False))
    _assert_same(*_both(a, tmp_path_factory.mktemp("a")), parts=len(a.parts))


def test_arranged_piece_midi_matches_the_music21_path(tmp_path):
    ap = composer.score_cues(EXAMPLES / "lighthouse.yaml")   # film: arranged by default
    old, new = _both(ap, tmp_path)
    _assert_same(old, new, parts=3)
    assert len(new.tempi) > 1


def test_each_part_has_its_track_channel_and_program(tmp_path):
    a = composer.arrange(composer.compose(0.4, 0.5, bars=4, style="game", seed=1, arrange=False))
    f = mido.MidiFile(a.write(tmp_path / "a.mid"))
    assert len(f.tracks) == 1 + len(a.parts)
    for track, part in zip(f.tracks[1:], a.parts):
        assert _messages(track, "track_name")[0].name == part.name
        assert [m.program for m in _messages(track, "program_change")] == [gm_program(part.program)]
        ons = _messages(track, "note_on")
        assert sorted(m.note for m in ons) == sorted(part.pitches.tolist())
    channels = [{m.channel for m in t if m.type in ("note_on", "note_off", "program_change")} for t in f.tracks[1:]]
    assert channels == [{0}, {1}, {2}]


def test_piece_parts_change_program_where_a_section_changes_instrument(tmp_path):
    """The lighthouse's accompaniment moves between instruments; each change is on the part's own
    channel, at its section's first tick, so the melody's instrument is never changed with it."""
    ap = composer.score_cues(EXAMPLES / "lighthouse.yaml")   # film: arranged by default
    sections, options = sections_of(ap)
    f = midi_file(sections, **options)
    starts = np.cumsum([0] + [s.melody.total_ticks * 240 for s in sections[:-1]])
    want = []
    for start, arr in zip(starts.tolist(), ap.arrangements):
        if arr is not None and (not want or want[-1][1] != gm_program(arr.parts[1].program)):
            want.append((start if want else 0, gm_program(arr.parts[1].program)))
    now, got = 0, []
    for m in f.tracks[2]:
        now += m.time
        if m.type == "program_change":
            got.append((now, m.program))
            assert m.channel == 1
    assert got == want and len(got) > 1
    assert [m.channel for m in _messages(f.tracks[1], "program_change")] == [0]


def _melody_with(parts, tmp_path: Path) -> Path:
    m = composer.compose(0.2, 0.2, bars=2, seed=4)
    sections, options = sections_of(m)
    path = tmp_path / "d.mid"
    midi_file(sections, parts=parts, **options).save(path)
    return path


def test_drum_part_plays_on_channel_10_without_a_program(tmp_path):
    kick_snare = np.array([36, 38, 36, 38])
    drums = TrackNotes("Drums", np.arange(4) * 960, np.full(4, 240), kick_snare, np.full(4, 100), drums=True)
    pad = TrackNotes("Pad", np.array([0]), np.array([3840]), np.array([48]), np.array([60]), programs=((0, 48),))
    path = _melody_with([drums, pad], tmp_path)
    f = mido.MidiFile(path)
    drum_track, pad_track = f.tracks[2], f.tracks[3]
    assert {m.channel for m in drum_track if m.type == "note_on"} == {DRUM_CHANNEL}
    assert not _messages(drum_track, "program_change")
    assert [m.note for m in _messages(drum_track, "note_on")] == kick_snare.tolist()
    assert {m.channel for m in pad_track if m.type in ("note_on", "program_change")} == {1}
    # read back, the drums are percussion (left out of the pitched notes); the pad is part 2
    notes = note_array(path).notes
    assert 36 not in notes["pitch"].tolist() and 38 not in notes["pitch"].tolist()
    assert notes[notes["pitch"] == 48]["length"].tolist() == [4.0]


def test_too_many_parts_or_bad_notes_are_clear_errors():
    m = composer.compose(0.2, 0.2, bars=2, seed=4)
    one = TrackNotes("P", np.array([0]), np.array([240]), np.array([60]), np.array([80]))
    with pytest.raises(RenderError, match="at most 14 accompanying parts"):
        midi_file([ScoreSection(m)], parts=[one] * 15)
    bad = TrackNotes("Loud", np.array([0]), np.array([240]), np.array([128]), np.array([80]))
    with pytest.raises(RenderError, match="'Loud': pitches must be MIDI numbers"):
        midi_file([ScoreSection(m)], parts=[bad])
    ragged = TrackNotes("Ragged", np.array([0, 240]), np.array([240]), np.array([60]), np.array([80]))
    with pytest.raises(RenderError, match="'Ragged'.*one length"):
        midi_file([ScoreSection(m)], parts=[ragged])


def test_arrangement_file_passes_composers_own_hostile_file_guard(tmp_path):
    from composer.models.midi_scan import scan_midi

    a = composer.arrange(composer.compose(0.1, -0.3, bars=24, style="film", seed=5, arrange=False))
    scan = scan_midi(a.write(tmp_path / "a.mid").read_bytes())
    assert scan.notes == sum(len(p.pitches) for p in a.parts)
