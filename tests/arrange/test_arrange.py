"""Arrangements: clean outer voices over the square, chord tones in every voice, patterns, and written parts."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from music21 import converter, midi

import composer
from composer.arrange.patterns import accompaniment_notes, pulse_ticks
from composer.arrange.voicing import BASS_RANGE, bass_line, chorale_voices
from composer.errors import HarmonyError
from composer.rules.instruments import gm_program
from composer.testing import assert_clean_outer_voices, has_no_parallels
from composer.theory.meter import get_meter


@settings(max_examples=15)
@given(st.floats(-1, 1), st.floats(-1, 1), st.sampled_from(["default", "film", "game", "hymn", "folk"]),
       st.integers(0, 40))
def test_outer_voices_never_move_in_parallel_fifths_or_octaves(valence, arousal, style, seed):
    m = composer.compose(valence=valence, arousal=arousal, bars=4, style=style, seed=seed, arrange=False)
    a = composer.arrange(m)
    assert_clean_outer_voices(a)                       # the user-facing predicate, independent of the search
    bass = a.part("Bass")
    assert BASS_RANGE[0] <= bass.pitches.min() and bass.pitches.max() <= BASS_RANGE[1]
    h = a.harmony
    for on, p in zip(bass.onsets, bass.pitches):       # every bass note is a tone of its chord
        assert p % 12 in h.pitch_classes(h.chord_at(int(on)))
    assert bass.pitches[-1] % 12 == h.pitch_classes(len(h.chords) - 1)[0]   # the last chord in root position
    acc = a.parts[1]
    for on, p in zip(acc.onsets, acc.pitches):
        assert p % 12 in h.pitch_classes(h.chord_at(int(on)))
    bar = get_meter(m.parameters.meter).bar_ticks
    for part in a.parts:                                # nothing sounds past the melody's last bar
        assert int((part.onsets + part.lengths).max()) <= m.total_ticks
        assert m.total_ticks % bar == 0


def test_chorale_voices_are_ordered_complete_and_resolve_the_leading_tone():
    m = composer.compose(valence=0.4, arousal=-0.4, bars=8, style="hymn", seed=3, arrange=False)
    a = composer.arrange(m, accompaniment="chorale")
    h = a.harmony
    bar = get_meter(m.parameters.meter).bar_ticks
    bass = bass_line(h, (m.pitches, m.ticks), bar_ticks=bar)
    inner = chorale_voices(h, (m.pitches, m.ticks), bass, bar_ticks=bar)
    from composer.arrange.voiceleading import sounding
    sop = sounding(m.pitches, m.ticks, h.onsets)
    for s in range(len(h.chords)):
        tenor, alto = inner[s]
        assert bass[s] <= tenor <= alto
        if sop[s] >= 0:
            assert alto <= sop[s] and sop[s] - alto <= 12
        pcs = set(h.pitch_classes(s))
        assert {tenor % 12, alto % 12} <= pcs
        assert h.pitch_classes(s)[1] in {bass[s] % 12, tenor % 12, alto % 12, sop[s] % 12}   # the third is there
    tenor_line = (inner[:, 0], h.lengths)
    alto_line = (inner[:, 1], h.lengths)
    bass_m = a.part_melody("Bass")
    assert has_no_parallels(a.melody, bass_m)
    assert len(tenor_line[0]) == len(alto_line[0]) == len(h.chords)


def test_a_range_too_narrow_names_the_constraint_and_the_bar():
    m = composer.compose(valence=0.5, arousal=0.0, bars=2, seed=1)
    h = composer.harmonise(m)
    with pytest.raises(HarmonyError, match=r"bass range.*bar 1"):
        bass_line(h, (m.pitches, m.ticks), bar_ticks=16, low=42, high=42)


def test_patterns_follow_their_idiom_and_arousal():
    on, length = np.array([0, 16]), np.array([16, 16])
    v = np.array([[60, 64, 67], [59, 62, 67]])
    o, ln, p, _ = accompaniment_notes("alberti", on, length, v, beat_ticks=4, arousal=0.0, velocity=60)
    assert p[:4].tolist() == [60, 67, 64, 67] and set(ln.tolist()) == {2}
    o, ln, p, _ = accompaniment_notes("block", on, length, v, beat_ticks=4, arousal=-0.5, velocity=60)
    assert len(p) == 2 * 4 * 3 and o[:3].tolist() == [0, 0, 0]
    o, ln, p, _ = accompaniment_notes("pad", on, length, v, beat_ticks=4, arousal=0.0, velocity=60)
    assert ln.tolist() == [16] * 6
    o, ln, p, _ = accompaniment_notes("chiptune", on, length, v, beat_ticks=4, arousal=0.0, velocity=60)
    assert set(ln.tolist()) == {1} and p[:4].tolist() == [72, 76, 79, 84]   # an octave up, then the top
    assert pulse_ticks("block", 4, 0.9) < pulse_ticks("block", 4, -0.9)
    assert pulse_ticks("arpeggio", 4, 0.9) < pulse_ticks("arpeggio", 4, 0.0)


def test_styles_choose_their_accompaniment():
    def pattern(style, v, a):
        return composer.load_style(style).evaluate(composer.Affect(v, a)).parameters.accompaniment
    assert pattern("hymn", 0, 0) == "chorale"
    assert pattern("game", 0.5, 0.5) == "chiptune"
    assert pattern("film", 0, -0.5) == "pad"


def _programs(path):
    mf = midi.MidiFile()
    mf.open(str(path))
    mf.read()
    mf.close()
    out = []
    for track in mf.tracks:
        progs = [e.data for e in track.events if e.type == midi.ChannelVoiceMessages.PROGRAM_CHANGE]
        notes = [e for e in track.events if e.type == midi.ChannelVoiceMessages.NOTE_ON and e.velocity > 0]
        if notes:
            out.append((progs[0] if progs else None, len(notes)))
    return out


def test_written_midi_has_one_track_and_program_per_part(tmp_path):
    m = composer.compose(valence=-0.3, arousal=-0.6, bars=4, style="film", seed=2, arrange=False)
    a = composer.arrange(m)
    path = a.write(tmp_path / "cue.mid")
    tracks = _programs(path)
    assert [t[0] for t in tracks] == [gm_program(p.program) for p in a.parts]
    assert [t[1] for t in tracks] == [len(p.pitches) for p in a.parts]
    score = converter.parse(str(a.write(tmp_path / "cue.musicxml")))
    assert [p.partName for p in score.parts] == [p.name for p in a.parts]
    bar_ql = get_meter(m.parameters.meter).bar_ticks / 4
    for part in score.parts:
        assert all(meas.duration.quarterLength == bar_ql for meas in part.getElementsByClass("Measure"))
    assert a.write(tmp_path / "cue.wav").stat().st_size > 1000


def test_generate_arrange_flag_writes_a_multi_part_score(tmp_path):
    from composer.cli import main

    out = tmp_path / "a.musicxml"
    assert main(["generate", "-v", "0.4", "-a", "0.1", "--bars", "2", "--seed", "1", "--arrange", "-o", str(out)]) == 0
    assert len(converter.parse(str(out)).parts) == 3


def test_compose_with_arrange_returns_the_arrangement_of_the_same_melody():
    a = composer.compose(valence=0.2, arousal=0.3, bars=2, seed=1, arrange=True)
    m = composer.compose(valence=0.2, arousal=0.3, bars=2, seed=1)
    assert isinstance(a, composer.Arrangement) and a.melody.pitches.tolist() == m.pitches.tolist()


@settings(max_examples=10)
@given(st.floats(-1, 1), st.floats(-1, 1), st.integers(0, 40), st.sampled_from(["walking", "pedal"]))
def test_walking_and_pedal_basses_keep_the_outer_voices_clean(valence, arousal, seed, bass):
    m = composer.compose(valence=valence, arousal=arousal, bars=4, seed=seed)
    a = composer.arrange(m, bass=bass)
    assert_clean_outer_voices(a)
    b = a.part("Bass")
    h = a.harmony
    beat = get_meter(m.parameters.meter).beat_ticks
    if bass == "pedal":
        assert set((b.pitches % 12).tolist()) == {m.parameters.tonic}
        return
    held = bass_line(h, (m.pitches, m.ticks), bar_ticks=get_meter(m.parameters.meter).bar_ticks)
    starts = dict(zip(b.onsets.tolist(), b.pitches.tolist()))
    if len(b.pitches) > len(h.chords):                 # the walk was found: one note per beat
        assert np.all(b.onsets % beat == 0)
        assert [starts[int(o)] for o in h.onsets] == held.tolist()
        for on, p in zip(b.onsets, b.pitches):
            s = h.chord_at(int(on))
            nxt = held[s + 1] if s + 1 < len(held) else None
            assert p % 12 in h.pitch_classes(s) or (nxt is not None and 1 <= abs(int(p) - int(nxt)) <= 2)


def test_piano_accompaniment_and_bass_share_a_grand_staff(tmp_path):
    a = composer.arrange(composer.compose(valence=0.3, arousal=0.1, bars=2, seed=2), accompaniment="alberti")
    path = a.write(tmp_path / "p.musicxml")
    assert "<staves>2</staves>" in path.read_text()
    parts = converter.parse(str(path)).parts
    assert [type(p).__name__ for p in parts] == ["Part", "PartStaff", "PartStaff"]
    assert [t[0] for t in _programs(a.write(tmp_path / "p.mid"))] == [gm_program(p.program) for p in a.parts]


def test_a_cue_sheet_is_arranged_section_by_section(tmp_path):
    from pathlib import Path

    from composer.arrange import ArrangedPiece
    from composer.testing import has_no_parallels

    sheet = Path(__file__).resolve().parents[2] / "examples" / "lighthouse.yaml"
    piece = composer.score_cues(sheet, arrange=False)
    ap = composer.arrange(piece)
    assert isinstance(ap, ArrangedPiece)
    notes = [a for a in ap.arrangements if a is not None]
    assert len(notes) == sum(s.melody.n_notes > 0 for s in ap.arranged_sections)
    for a in notes:
        assert has_no_parallels(a.melody, a.part_melody("Bass"))
    score = converter.parse(str(ap.write(tmp_path / "lh.musicxml")))
    bars = [len(p.getElementsByClass("Measure")) for p in score.parts]
    assert len(bars) == 3 and len(set(bars)) == 1 and bars[0] == piece.bars
    perf = ap.to_performance()
    assert perf.onsets.max() < perf.length <= piece.seconds + 1e-6
    # every section's accompaniment is in that section's key: its pitch classes are tones of its chords
    total = 0
    for section, a in zip(ap.arranged_sections, ap.arrangements):
        if a is None:
            continue
        acc = a.parts[1]
        for on, p in zip(acc.onsets, acc.pitches):
            assert p % 12 in a.harmony.pitch_classes(a.harmony.chord_at(int(on)))
        total += 1
    assert total >= 2


def test_score_arrange_flag(tmp_path):
    from pathlib import Path

    from composer.cli import main

    sheet = Path(__file__).resolve().parents[2] / "examples" / "lighthouse.yaml"
    out = tmp_path / "lh.mid"
    assert main(["score", str(sheet), "--arrange", "-o", str(out)]) == 0
    assert len([t for t in _programs(out)]) >= 3


def test_an_impossible_bass_range_is_refused_naming_the_rule_and_the_bar():
    m = composer.compose(valence=0.5, arousal=0.0, bars=2, seed=1)
    with pytest.raises(HarmonyError, match=r"bass range: no pitch in range fits chord .* at bar \d"):
        composer.arrange(m, bass_range=(42, 42))
    with pytest.raises(HarmonyError, match="bass_range"):
        composer.arrange(m, bass_range=(50, 40))
    with pytest.raises(HarmonyError, match="unknown accompaniment 'polka'.*block"):
        composer.arrange(m, accompaniment="polka")
