"""melody_to_stream: the music21 score carries the melody's key, meter, tempo, notes, velocities and marks."""

from __future__ import annotations

import pytest
from music21 import articulations, bar, clef, key, meter, note, stream, tempo

from composer.errors import RenderError
from composer.render import melody_to_stream
from composer.render.stream import music21_key, spell_midi
from composer.theory.scales import MODES


def _part(score: stream.Score) -> stream.Part:
    parts = list(score.parts)
    assert len(parts) == 1
    return parts[0]


def _events(score: stream.Score) -> list[note.GeneralNote]:
    return list(_part(score).recurse().notesAndRests)


def _midi(ev: note.GeneralNote) -> int:
    return -1 if ev.isRest else int(ev.pitch.midi)


def test_c_major_header(c_major):
    score = melody_to_stream(c_major)
    part = _part(score)
    first = part.getElementsByClass(stream.Measure).first()
    (k,) = first.getElementsByClass(key.Key)
    assert (k.tonic.name, k.mode, k.sharps) == ("C", "major", 0)
    (ts,) = first.getElementsByClass(meter.TimeSignature)
    assert ts.ratioString == "4/4"
    (mm,) = first.getElementsByClass(tempo.MetronomeMark)
    assert mm.number == 120 and mm.referent.quarterLength == 1.0
    assert mm.getQuarterBPM() == pytest.approx(120.0)
    assert first.getElementsByClass(clef.Clef).first().sign == "G"
    assert part.getInstrument().instrumentName == "Piano"


def test_c_major_measures_and_notes(c_major):
    score = melody_to_stream(c_major)
    measures = list(_part(score).getElementsByClass(stream.Measure))
    assert len(measures) == c_major.bars == 2
    assert [m.number for m in measures] == [1, 2]
    for m in measures:
        assert m.duration.quarterLength == 4.0
        assert m.barDuration.quarterLength == 4.0
    events = _events(score)
    assert [_midi(e) for e in events] == c_major.pitches.tolist()
    assert [e.quarterLength for e in events] == [t / 4 for t in c_major.ticks.tolist()]
    offsets = [float(e.getOffsetInHierarchy(score)) for e in events]
    assert offsets == [t / 4 for t in c_major.onsets.tolist()]
    notes = [e for e in events if not e.isRest]
    assert [n.volume.velocity for n in notes] == [v for p, v in zip(c_major.pitches, c_major.velocities) if p >= 0]
    # Articulation "normal": no marks but accents on the notes at least ACCENT_ABOVE (12)
    # louder than the median (65): velocities 100, 90 and 80.
    assert [[type(a) for a in n.articulations] for n in notes] == [[articulations.Accent]] * 3 + [[]] * 5
    assert isinstance(measures[-1].rightBarline, bar.Barline) and measures[-1].rightBarline.type == "final"


def test_metadata_names_emotion_style_and_seed(c_major):
    md = melody_to_stream(c_major).metadata
    assert md.title == "composer: valence +0.70, arousal +0.40"
    assert md.composer == "composer"
    assert "style default" in md.description and "seed 7" in md.description


@pytest.mark.parametrize(("articulation", "mark"), [("staccato", articulations.Staccato), ("legato", articulations.Tenuto)])
def test_articulation_marks_every_note(make_melody, articulation, mark):
    m = make_melody([60, -1, 64, 67], [4, 4, 4, 4], articulation=articulation)
    events = _events(melody_to_stream(m))
    for e in events:
        if e.isRest:
            assert not e.articulations
        else:
            assert [type(a) for a in e.articulations] == [mark]


def test_six_eight_dotted_quarters(make_melody):
    m = make_melody([67, 69, 71, 72, 74, 72, 71, 67], [6, 6, 6, 2, 2, 2, 6, 6], meter="6/8", tonic=7)
    score = melody_to_stream(m)
    measures = list(_part(score).getElementsByClass(stream.Measure))
    assert len(measures) == m.bars == 3
    assert measures[0].getElementsByClass(meter.TimeSignature).first().ratioString == "6/8"
    for meas in measures:
        assert meas.duration.quarterLength == 3.0
    assert [[e.quarterLength for e in meas.notesAndRests] for meas in measures] == [
        [1.5, 1.5],
        [1.5, 0.5, 0.5, 0.5],
        [1.5, 1.5],
    ]
    assert measures[0].notes[0].duration.dots == 1
    assert measures[0].getElementsByClass(key.Key).first().sharps == 1  # G major


def test_e_flat_major_spells_flats(make_melody):
    pitches = [63, 65, 67, 68, 70, 72, 74, 75]
    m = make_melody(pitches, [2] * 8, tonic=3)
    score = melody_to_stream(m)
    k = _part(score).recurse().getElementsByClass(key.Key).first()
    assert (k.tonic.name, k.sharps) == ("E-", -3)
    names = [n.pitch.nameWithOctave for n in _part(score).recurse().notes]
    assert names == ["E-4", "F4", "G4", "A-4", "B-4", "C5", "D5", "E-5"]
    assert [n.pitch.midi for n in _part(score).recurse().notes] == pitches


@pytest.mark.parametrize(
    ("tonic", "mode", "name", "m21_mode", "sharps"),
    [
        (1, "ionian", "D-", "major", -5),  # not C# major (7 sharps)
        (8, "aeolian", "G#", "minor", 5),  # not A- minor (7 flats)
        (6, "ionian", "F#", "major", 6),  # tie with G- major: the usual name wins
        (2, "dorian", "D", "dorian", 0),
        (11, "locrian", "B", "locrian", 0),
        (9, "harmonic_minor", "A", "minor", 0),
        (7, "major_pentatonic", "G", "major", 1),
        (4, "minor_pentatonic", "E", "minor", 1),
        (5, "lydian", "F", "lydian", 0),
        (4, "phrygian", "E", "phrygian", 0),
        (7, "mixolydian", "G", "mixolydian", 0),
    ],
)
def test_music21_key(tonic, mode, name, m21_mode, sharps):
    k = music21_key(tonic, mode)
    assert (k.tonic.name, k.mode, k.sharps) == (name, m21_mode, sharps)


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("tonic", [0, 3, 6, 10])
def test_scales_spelled_one_letter_per_degree(make_melody, tonic, mode):
    steps = MODES[mode]
    pitches = [60 + tonic + s for s in steps]
    m = make_melody(pitches + [-1] * (16 - len(pitches)), [1] * 16, tonic=tonic, mode=mode)
    notes = list(_part(melody_to_stream(m)).recurse().notes)
    assert [n.pitch.midi for n in notes] == pitches
    letters = [n.pitch.step for n in notes]
    assert len(set(letters)) == len(steps)  # a scale never writes one letter twice
    assert all(n.pitch.accidental is None or abs(n.pitch.accidental.alter) <= 1 for n in notes)  # no double sharps/flats


def test_harmonic_minor_raises_the_seventh(make_melody):
    m = make_melody([57, 59, 60, 62, 64, 65, 68, 69], [2] * 8, tonic=9, mode="harmonic_minor")
    names = [n.pitch.name for n in _part(melody_to_stream(m)).recurse().notes]
    assert names == ["A", "B", "C", "D", "E", "F", "G#", "A"]
    m = make_melody([60, 62, 63, 65, 67, 68, 71, 72], [2] * 8, tonic=0, mode="harmonic_minor")
    names = [n.pitch.name for n in _part(melody_to_stream(m)).recurse().notes]
    assert names == ["C", "D", "E-", "F", "G", "A-", "B", "C"]


def test_chromatic_notes_follow_the_key_signature(make_melody):
    # C# / D- outside the scale: sharps in G major, flats in F major.
    g = make_melody([61, 66], [8, 8], tonic=7)
    f = make_melody([61, 66], [8, 8], tonic=5)
    assert [n.pitch.name for n in _part(melody_to_stream(g)).recurse().notes] == ["C#", "F#"]
    assert [n.pitch.name for n in _part(melody_to_stream(f)).recurse().notes] == ["D-", "G-"]


def test_octave_of_enharmonic_edge_spellings():
    # B#3 is MIDI 60 and C-5 is MIDI 71: the octave follows the letter, not the pitch class.
    b_sharp = spell_midi(60, {0: "B#"}, prefer_flats=False)
    c_flat = spell_midi(71, {11: "C-"}, prefer_flats=True)
    assert (b_sharp.nameWithOctave, b_sharp.midi) == ("B#3", 60)
    assert (c_flat.nameWithOctave, c_flat.midi) == ("C-5", 71)
    assert spell_midi(66, {}, prefer_flats=True).nameWithOctave == "G-4"
    assert spell_midi(66, {}, prefer_flats=False).nameWithOctave == "F#4"


def test_event_across_bar_line_is_split_and_tied(make_melody):
    m = make_melody([60, 62, 64], [12, 8, 12], tonic=0)
    measures = list(_part(melody_to_stream(m)).getElementsByClass(stream.Measure))
    assert len(measures) == 2
    firsts = list(measures[0].notes)
    seconds = list(measures[1].notes)
    assert [(n.pitch.midi, n.quarterLength) for n in firsts] == [(60, 3.0), (62, 1.0)]
    assert [(n.pitch.midi, n.quarterLength) for n in seconds] == [(62, 1.0), (64, 3.0)]
    assert firsts[1].tie.type == "start" and seconds[0].tie.type == "stop"


def test_velocities_are_absolute_and_clipped(make_melody):
    m = make_melody([60, 62, 64, 65], [4, 4, 4, 4], [0, 1, 127, 300], articulation="legato")
    notes = list(_part(melody_to_stream(m)).recurse().notes)
    assert [n.volume.velocity for n in notes] == [1, 1, 127, 127]
    assert all(n.volume.velocityIsRelative is False for n in notes)


def test_low_melody_uses_bass_clef(make_melody):
    m = make_melody([43, 45, 47, 48], [4, 4, 4, 4], register=45.0)
    first = _part(melody_to_stream(m)).getElementsByClass(stream.Measure).first()
    assert first.getElementsByClass(clef.Clef).first().sign == "F"


def test_fractional_tempo_and_other_instrument(make_melody):
    m = make_melody([60, 62, 64, 65], [4, 4, 4, 4], tempo=97.3456)
    score = melody_to_stream(m, instrument_name="Violin")
    mm = score.recurse().getElementsByClass(tempo.MetronomeMark).first()
    assert mm.number == pytest.approx(97.35)
    assert _part(score).getInstrument().instrumentName == "Violin"
    with pytest.raises(RenderError, match="unknown instrument"):
        melody_to_stream(m, instrument_name="no such thing")


@pytest.mark.parametrize(
    ("pitches", "ticks", "message"),
    [([128], [16], "0..127"), ([-2], [16], "0..127"), ([60, 62], [16, 0], "at least one tick")],
)
def test_bad_arrays_raise_render_error(make_melody, pitches, ticks, message):
    with pytest.raises(RenderError, match=message):
        melody_to_stream(make_melody(pitches, ticks))


def test_empty_melody_gives_one_empty_measure(make_melody):
    score = melody_to_stream(make_melody([], []))
    measures = list(_part(score).getElementsByClass(stream.Measure))
    assert len(measures) == 1 and not list(measures[0].notesAndRests)


def test_to_stream_delegates(c_major):
    assert [_midi(e) for e in _events(c_major.to_stream())] == c_major.pitches.tolist()
