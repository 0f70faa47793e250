"""melody_to_stream: the music21 score carries the melody's key, meter, tempo, notes, velocities and marks."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from music21 import articulations, bar, clef, converter, dynamics, key, meter, midi, note, spanner, stream, tempo

from composer.errors import RenderError
from composer.render import melody_to_stream
from composer.render.stream import dynamic_for_velocity, music21_key, spell_midi
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
    assert part.getInstrument().instrumentName == "Acoustic Grand Piano" and part.getInstrument().midiProgram == 0


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


@pytest.mark.parametrize(("articulation", "marks"), [("staccato", [articulations.Staccato]), ("legato", [])])
def test_staccato_dots_every_note_and_legato_is_slurred_not_tenuto(make_melody, articulation, marks):
    m = make_melody([60, -1, 64, 67], [4, 4, 4, 4], articulation=articulation)
    score = melody_to_stream(m)
    for e in _events(score):
        assert [type(a) for a in e.articulations] == ([] if e.isRest else marks)
    assert len(score.recurse().getElementsByClass(spanner.Slur)) == (articulation == "legato")


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
    assert mm.number == 97 and mm.getQuarterBPM() == pytest.approx(97.3456)  # printed whole, sounding exact
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


# --- dynamics, accents, phrase marks, metadata, instrument ----------------------


@pytest.mark.parametrize(("velocity", "mark"), [(20, "ppp"), (40, "pp"), (50, "p"), (64, "mp"), (80, "mf"), (100, "f"), (115, "ff")])
def test_dynamic_mark_follows_the_velocity_parameter(make_melody, velocity, mark):
    first = _part(melody_to_stream(make_melody([60, 62], [8, 8], velocity=velocity))).getElementsByClass(stream.Measure).first()
    (dyn,) = first.getElementsByClass(dynamics.Dynamic)
    assert dyn.value == mark and dyn.offset == 0
    assert dynamic_for_velocity(velocity).value == mark


def test_accent_marks_only_notes_well_above_the_median(make_melody):
    m = make_melody([60, 62, 64, 65, 67], [4, 4, 4, 4, 16], [80, 84, 92, 91, 80])  # median 84: accents from 96
    notes = list(_part(melody_to_stream(m)).recurse().notes)
    assert [any(isinstance(a, articulations.Accent) for a in n.articulations) for n in notes] == [False] * 5
    m = make_melody([60, 62, 64, 65, 67], [4, 4, 4, 4, 16], [80, 84, 96, 83, 80])
    notes = list(_part(melody_to_stream(m)).recurse().notes)
    assert [any(isinstance(a, articulations.Accent) for a in n.articulations) for n in notes] == [False, False, True, False, False]


def _ten_bars(make_melody, articulation):
    """Ten bars of 4/4, two half notes each."""
    return make_melody([60 + (i % 5) for i in range(20)], [8] * 20, articulation=articulation)


def test_legato_phrases_get_one_slur_each(make_melody):
    m = _ten_bars(make_melody, "legato")
    assert m.bars == 10
    part = _part(melody_to_stream(m, phrase_bars=4))
    slurs = list(part.spanners.getElementsByClass(spanner.Slur))
    assert len(slurs) == 3  # bars 1-4, 5-8, 9-10
    notes = list(part.recurse().notes)
    measures = list(part.getElementsByClass(stream.Measure))
    for slur, (a, b) in zip(slurs, [(0, 4), (4, 8), (8, 10)]):
        phrase = [n for meas in measures[a:b] for n in meas.notes]
        assert slur.getFirst() is phrase[0] and slur.getLast() is phrase[-1]
    assert not any(isinstance(a, articulations.BreathMark) for n in notes for a in n.articulations)


@pytest.mark.parametrize("articulation", ["normal", "staccato"])
def test_other_phrases_get_breath_marks_between_them(make_melody, articulation):
    m = _ten_bars(make_melody, articulation)
    part = _part(melody_to_stream(m, phrase_bars=4))
    assert not list(part.spanners.getElementsByClass(spanner.Slur))
    measures = list(part.getElementsByClass(stream.Measure))
    breathing = [i for i, meas in enumerate(measures) for n in meas.notes
                 if any(isinstance(a, articulations.BreathMark) for a in n.articulations)]
    assert breathing == [3, 7]  # the last note of bars 4 and 8; none at the very end
    for i in breathing:
        assert any(isinstance(a, articulations.BreathMark) for a in list(measures[i].notes)[-1].articulations)


def test_phrase_bars_must_be_positive(c_major):
    with pytest.raises(RenderError, match="phrase_bars"):
        melody_to_stream(c_major, phrase_bars=0)


def test_metadata_custom_fields(c_major):
    md = melody_to_stream(c_major).metadata
    assert [str(md.getCustom(k)[0]) for k in ("valence", "arousal", "style", "seed")] == ["0.7", "0.4", "default", "7"]


def test_musicxml_keeps_emotion_dynamics_and_phrase_marks(make_melody, tmp_path):
    m = _ten_bars(make_melody, "legato")
    back = converter.parse(m.write(tmp_path / "t.musicxml"))
    assert str(back.metadata.getCustom("valence")[0]) == "0.7"
    assert [d.value for d in back.recurse().getElementsByClass(dynamics.Dynamic)] == ["mf"]
    assert len(list(back.recurse().getElementsByClass(spanner.Slur))) == 3


@pytest.mark.parametrize(("name", "program"), [("Piano", 0), ("Violin", 40), ("Flute", 73)])
def test_midi_carries_the_instrument_program(make_melody, tmp_path, name, program):
    from composer.render.soundfont import score_to_midi_bytes

    m = make_melody([60, 62, 64, 65], [4, 4, 4, 4])
    data = score_to_midi_bytes(melody_to_stream(m, instrument_name=name))
    mf = midi.MidiFile()
    mf.readstr(data)
    programs = [e.data for t in mf.tracks for e in t.events if e.type == midi.ChannelVoiceMessages.PROGRAM_CHANGE]
    assert programs and set(programs) == {program}  # music21 repeats the program change


def test_a_six_eight_tempo_is_written_in_dotted_quarters(make_melody, tmp_path):
    m = make_melody([67, 69, 71, 72], [6, 6, 6, 6], meter="6/8", tempo=120)
    metronome = ET.parse(str(m.write(tmp_path / "m.musicxml"))).getroot().find("part/measure").find("direction/direction-type/metronome")
    assert [e.tag for e in metronome] == ["beat-unit", "beat-unit-dot", "per-minute"]
    assert metronome.find("beat-unit").text == "quarter" and metronome.find("per-minute").text == "80"
    assert "Q:3/8=80" in m.write(tmp_path / "m.abc").read_text()


def test_summaries_spell_the_tonic_as_the_score_does():
    import dataclasses

    import composer
    from composer.render.stream import music21_key
    from composer.theory import MODES

    base = composer.load_style("default").evaluate(composer.Affect(0.0, 0.0)).parameters
    for mode in MODES:
        for tonic in range(12):
            p = dataclasses.replace(base, tonic=tonic, mode=mode)
            assert p.tonic_name == music21_key(tonic, mode).tonic.name, (tonic, mode)
    assert dataclasses.replace(base, tonic=3, mode="phrygian").tonic_name == "D#"  # not "E-" as once printed
