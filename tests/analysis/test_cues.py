"""composer.analysis reads the cue table's cues back from scores and files."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from music21 import articulations, chord, dynamics, instrument, key, meter, note, stream, tempo

import composer
from composer.analysis import CUE_NAMES, measure_cues, note_array, spearman, within_spearman
from composer.errors import ComposerError
from composer.theory.scales import MODES


def _score(pitches, *, ql=1.0, bpm=90, mode_key=None, marks=(), dyn=None, program=None):
    part = stream.Part()
    if program is not None:
        part.insert(0, program)
    part.append(meter.TimeSignature("4/4"))
    part.append(tempo.MetronomeMark(number=bpm, referent=1.0))
    if mode_key is not None:
        part.append(mode_key)
    if dyn is not None:
        part.append(dynamics.Dynamic(dyn))
    for p in pitches:
        n = note.Note(p, quarterLength=ql)
        for m in marks:
            n.articulations.append(m())
        part.append(n)
    s = stream.Score()
    s.insert(0, part)
    return s


C_MAJOR = [60, 62, 64, 65, 67, 69, 71, 72]
C_MINOR = [60, 62, 63, 65, 67, 68, 70, 72]


def test_scales_read_back_register_range_intervals_and_mode():
    major = measure_cues(_score(C_MAJOR, mode_key=key.Key("C")))
    minor = measure_cues(_score(C_MINOR, mode_key=key.Key("c")))
    assert major["range"] == 12 and major["register"] == pytest.approx(np.mean(C_MAJOR))
    assert major["interval"] == pytest.approx(12 / 7) and major["leaps"] == 0
    assert major["third"] == 1.0 and minor["third"] == 0.0
    assert major["brightness"] > minor["brightness"]


def test_tempo_and_notes_per_second_follow_the_metronome_mark():
    slow = measure_cues(_score(C_MAJOR, bpm=60))
    fast = measure_cues(_score(C_MAJOR, bpm=150))
    assert slow["tempo"] == 60 and fast["tempo"] == 150
    # eight quarter notes: 8 s at 60 bpm, 3.2 s at 150
    assert slow["notes/s"] == pytest.approx(1.0) and fast["notes/s"] == pytest.approx(2.5)


def test_staccato_marks_shorten_the_sounding_length():
    legato = measure_cues(_score(C_MAJOR))
    short = measure_cues(_score(C_MAJOR, marks=(articulations.Staccato,)))
    assert legato["articulation"] == 1.0 and legato["staccato"] == 0.0
    assert short["articulation"] == pytest.approx(0.5) and short["staccato"] == 1.0


def test_velocity_comes_from_notes_or_else_the_dynamic_mark():
    soft, loud = measure_cues(_score(C_MAJOR, dyn="p")), measure_cues(_score(C_MAJOR, dyn="ff"))
    assert soft["velocity"] < loud["velocity"]
    assert np.isnan(measure_cues(_score(C_MAJOR))["velocity"])


def test_melody_line_is_the_skyline_and_percussion_is_left_out():
    s = _score(C_MAJOR)
    accomp = stream.Part()
    for _ in C_MAJOR:
        accomp.append(chord.Chord([36, 43, 48], quarterLength=1.0))
    drums = stream.Part()
    drums.insert(0, instrument.BassDrum())
    for _ in C_MAJOR:
        drums.append(note.Note(35, quarterLength=1.0))
    s.insert(0, accomp)
    s.insert(0, drums)
    na = note_array(s)
    assert set(np.unique(na.notes["part"])) == {0, 1}
    cues = measure_cues(na)
    assert cues["range"] == 12 and cues["register"] == pytest.approx(np.mean(C_MAJOR))


def test_midi_files_carry_what_they_play(tmp_path):
    m = composer.compose(valence=0.5, arousal=0.5, bars=4, seed=2)
    path = tmp_path / "m.mid"
    m.write(path)
    before = path.read_bytes()
    cues = measure_cues(path)
    assert path.read_bytes() == before
    sounding = m.pitches >= 0
    assert cues["register"] == pytest.approx(m.pitches[sounding].mean())
    assert cues["tempo"] == pytest.approx(m.parameters.tempo, abs=0.5)
    assert set(cues) == set(CUE_NAMES)


@pytest.mark.parametrize("bad", [42, "does/not/exist.mid"])
def test_unreadable_input_is_a_clear_error(bad):
    with pytest.raises(ComposerError, match="cannot read music|no such file"):
        measure_cues(bad)


def test_an_empty_score_has_no_cues():
    with pytest.raises(ComposerError, match="no pitched notes"):
        measure_cues(stream.Score([stream.Part()]))


@settings(max_examples=12)
@given(v=st.floats(-1, 1), a=st.floats(-1, 0.5), da=st.floats(0.3, 0.5))
def test_read_back_tempo_and_loudness_rise_with_arousal(v, a, da):
    low = measure_cues(composer.compose(valence=v, arousal=a, bars=4, seed=0))
    high = measure_cues(composer.compose(valence=v, arousal=a + da, bars=4, seed=0))
    assert high["tempo"] >= low["tempo"]
    assert high["velocity"] >= low["velocity"]


def test_correlations():
    x = np.arange(10.0)
    assert spearman(x, x ** 3) == pytest.approx(1.0)
    assert spearman(x, -x) == pytest.approx(-1.0)
    assert np.isnan(spearman(x, np.ones(10)))
    other = np.repeat([0.0, 1.0], 5)
    axis = np.tile(np.arange(5.0), 2)
    assert within_spearman(axis, other, axis * 2 + other * 100) == pytest.approx(1.0)


@pytest.mark.parametrize("mode, brightness_sign", [("phrygian", -1), ("dorian", 0), ("lydian", +1), ("mixolydian", +1)])
def test_a_modal_midi_file_is_read_from_its_final_not_its_signature(tmp_path, mode, brightness_sign):
    """A MIDI key signature cannot say "E phrygian" (it reads back as C major); the final does."""
    k = key.Key("E", mode)
    scale = [64 + step for step in MODES[mode]] + [76]
    line = scale + scale[::-1]  # up and down, ending on the final E
    path = tmp_path / f"{mode}.mid"
    _score(line, mode_key=k).write("midi", fp=path)
    na = note_array(path)
    assert (na.tonic, na.mode) == (4, mode)
    assert np.sign(round(measure_cues(na)["brightness"], 6)) == brightness_sign
    written = note_array(_score(line, mode_key=k))
    assert (written.tonic, written.mode) == (4, mode)


def test_a_midi_final_outside_the_signature_keeps_the_signature(tmp_path):
    path = tmp_path / "m.mid"
    _score(C_MAJOR + [61], mode_key=key.Key("C")).write("midi", fp=path)  # ends on C#, not in C major
    na = note_array(path)
    assert (na.tonic, na.mode) == (0, "major")


def test_melody_part_reads_the_melodic_cues_from_the_tune_and_the_rest_from_all_parts():
    """A step-wise C major tune over a C minor arpeggio an octave up in 16ths: merged, the arpeggio's
    leaps and E-flats are read as melody; parts-aware, the tune's steps and major brightness come back."""
    tune = stream.Part()
    tune.append(meter.TimeSignature("4/4"))
    tune.append(tempo.MetronomeMark(number=90, referent=1.0))
    tune.append(key.Key("C"))
    for p in C_MAJOR:
        tune.append(note.Note(p, quarterLength=1.0))
    arp = stream.Part()
    for _ in range(8):
        for p in (72, 75, 79, 84):
            arp.append(note.Note(p, quarterLength=0.25))
    s = stream.Score()
    s.insert(0, tune)
    s.insert(0, arp)
    merged, aware = measure_cues(s), measure_cues(s, melody_part=0)
    alone = measure_cues(_score(C_MAJOR, mode_key=key.Key("C")))
    for cue in ("interval", "leaps", "range", "brightness"):
        assert aware[cue] == pytest.approx(alone[cue]), cue       # the tune's line, as if alone
    assert aware["interval"] < merged["interval"] and aware["brightness"] > merged["brightness"]
    for cue in ("tempo", "register", "notes/s", "articulation", "third"):
        assert aware[cue] == pytest.approx(merged[cue], nan_ok=True), cue   # the whole texture
    assert aware["third"] < 1.0                                              # the arpeggio's E-flats count
    assert measure_cues(s, melody_part=5) == pytest.approx(merged, nan_ok=True)   # no such part: all parts


@pytest.mark.parametrize("style", ["film", "game", "hymn"])
def test_an_arrangements_midi_read_parts_aware_gives_its_melodys_line_and_key(style, tmp_path):
    """The modal final of the file is the melody's last note (not an accompaniment's), so the
    tune's brightness, steps and leaps read from the arrangement equal those of the tune alone."""
    a = composer.compose(0.6, 0.5, bars=8, style=style, seed=1)
    whole = a.write(tmp_path / "a.mid")
    tune = measure_cues(a.melody.write(tmp_path / "m.mid"))
    aware = measure_cues(whole, melody_part=0)
    assert note_array(whole, melody_part=0).tonic == a.parameters.tonic
    for cue in ("brightness", "interval", "leaps", "range"):
        assert aware[cue] == pytest.approx(tune[cue]), cue
