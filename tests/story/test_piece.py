"""A piece's emotional arc, timing and joins, measured from the files it writes (MusicXML and MIDI read back)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import composer
from composer.affect import Affect
from composer.curve import AffectCurve
from composer.rules import load_style
from composer.theory import MODE_BRIGHTNESS, common_tones, scale_pitch_classes
from tests.story.readback import join_intervals, read_midi, read_musicxml

#: Brightness rank of a written mode: higher is brighter.
RANK = {m: len(MODE_BRIGHTNESS) - i for i, m in enumerate(MODE_BRIGHTNESS)}


def _write(piece, tmp_path, name="piece"):
    xml, mid = tmp_path / f"{name}.musicxml", tmp_path / f"{name}.mid"
    piece.write(xml)
    piece.write(mid)
    return read_musicxml(xml), read_midi(mid)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_tempo_and_note_density_rise_with_arousal(tmp_path, seed):
    curve = AffectCurve([(0, (0.2, -0.9)), (100, (0.2, 0.9))])
    piece = composer.compose_curve(curve, sections=4, bars=4, seed=seed)
    written, _ = _write(piece, tmp_path)
    assert [s.label for s in written] == ["A", "B", "C", "D"]
    tempo = [s.mean_tempo for s in written]
    density = [s.notes_per_second for s in written]
    assert all(b > a for a, b in zip(tempo, tempo[1:])), tempo
    assert all(b > a for a, b in zip(density, density[1:])), density
    assert density[-1] > 2.5 * density[0]


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_the_mode_brightens_with_valence(tmp_path, seed):
    curve = AffectCurve([(0, (-0.95, 0.0)), (100, (0.95, 0.0))])
    piece = composer.compose_curve(curve, sections=5, bars=2, seed=seed)
    written, _ = _write(piece, tmp_path)
    ranks = [RANK[s.mode] for s in written]
    assert all(b >= a for a, b in zip(ranks, ranks[1:])), [s.mode for s in written]
    assert ranks[-1] > ranks[0]
    assert written[0].mode in ("phrygian", "aeolian", "locrian") and written[-1].mode in ("ionian", "lydian")


def test_a_curve_sweeping_both_axes_moves_every_cue_together(tmp_path):
    curve = AffectCurve([(0, "depressed"), (30, "melancholy"), (60, "content"), (90, "triumphant")], interpolation="smooth")
    piece = composer.compose_curve(curve, sections=4, seconds=64, seed=5)
    written, mid = _write(piece, tmp_path)
    tempo = [s.mean_tempo for s in written]
    density = [s.notes_per_second for s in written]
    ranks = [RANK[s.mode] for s in written]
    arousal = [s.affect.arousal for s in piece]
    assert arousal == sorted(arousal)
    assert tempo[-1] > tempo[0] and density[-1] > density[0] and ranks[-1] > ranks[0]
    assert abs(mid.end - 64) < 0.5


CUES = {
    "title": "Heist",
    "cues": [
        {"name": "1M1 Lobby", "start": 0, "duration": 13.5, "emotion": "calm"},
        {"name": "1M2 Vault", "duration": "0:09.2", "emotion": "suspenseful", "key": "D minor"},
        {"name": "1M3 Alarm", "start": 26, "duration": 7.3, "emotion": "terrified", "tempo_range": [150, 200]},
        {"name": "1M4 Escape", "duration": 11, "valence": 0.6, "arousal": 0.7, "meter": "6/8"},
        {"name": "1M5 Home", "start": 46, "bars": 4, "tempo": 80, "emotion": "relaxed"},
    ],
}


def test_cue_durations_and_starts_are_met_within_half_a_second_in_the_written_files(tmp_path):
    piece = composer.score_cues(CUES, seed=3)
    written, mid = _write(piece, tmp_path)
    assert [s.label for s in written] == [c["name"] for c in CUES["cues"]]
    plan = piece.plan
    for w, s in zip(written, plan):
        assert abs(w.seconds - s.duration) <= 0.5, (w.label, w.seconds, s.duration)
        assert abs(w.start - s.start) <= 0.5, (w.label, w.start, s.start)
        # The MIDI file, timed by its own tempo events, puts the section at the same place.
        assert abs(mid.seconds_at(w.start_q) - w.start) < 0.01
        assert abs(mid.seconds_at(w.end_q) - w.end) < 0.01
    assert abs(mid.end - plan.duration) <= 0.5
    # The gap between the vault and the alarm (22.7 s to 26 s) is rest bars, not music.
    assert written[2].start - written[1].end > 2.5
    # Fixed values are kept: D minor, the bars and tempo of the last cue, the alarm's tempo range.
    assert written[1].mode == "aeolian" and piece[1].melody.parameters.tonic_name == "D"
    assert written[4].tempo_marks[0] == 80 and piece[4].melody.bars == 4
    assert 150 <= written[2].mean_tempo <= 200


def _max_leaps(piece):
    """The style's max_leap at each section's emotion (what the next section's first note must respect)."""
    style = load_style(piece.style)
    return [style.parameters(s.affect, seed=piece.seed).max_leap for s in piece]


@pytest.mark.parametrize("seed", range(4))
def test_section_joins_never_leap_further_than_the_style_allows(tmp_path, seed):
    # Valence jumps from one end of the square to the other at every section: the register
    # moves by 18 semitones, more than any leap the style allows.
    curve = AffectCurve([(0, (-1, -0.9)), (10, (1, -0.9)), (20, (-1, -0.9)), (30, (1, 0.2)), (40, (-1, -0.9))],
                        interpolation="step")
    piece = composer.compose_curve(curve, sections=[0, 10, 20, 30, 40, 50], bars=2, seed=seed)
    written, _ = _write(piece, tmp_path)
    intervals = join_intervals(written)
    limits = _max_leaps(piece)[1:]
    assert len(intervals) == 4
    for interval, limit in zip(intervals, limits):
        assert abs(interval) <= limit, (intervals, limits)
    assert [s.join_interval for s in piece[1:]] == intervals
    assert any(s.register is not None for s in piece)  # the range had to move to keep a join within reach


def test_keys_change_by_common_tone_or_pivot(tmp_path):
    curve = AffectCurve([(0, (0.8, 0.0)), (10, (-0.8, 0.0)), (20, (0.3, 0.5)), (30, (-0.4, -0.6))], interpolation="step")
    for seed in range(6):
        piece = composer.compose_curve(curve, sections=[0, 10, 20, 30, 40], bars=2, seed=seed)
        for prev, cur in zip(piece, piece.sections[1:]):
            a, b = prev.melody.parameters, cur.melody.parameters
            shared = common_tones(a.tonic, a.mode, b.tonic, b.mode)
            assert a.tonic == b.tonic or shared >= 6, (seed, cur.key.reason)
            last = prev.melody.pitches[prev.melody.pitches >= 0][-1]
            assert int(last) % 12 in scale_pitch_classes(b.tonic, b.mode), (seed, cur.key.reason)


def test_tempo_ramps_where_the_style_asks_and_jumps_where_it_does_not(tmp_path):
    curve = AffectCurve([(0, (0.3, -0.8)), (10, (0.3, 0.8))], interpolation="step")
    ramped = composer.compose_curve(curve, sections=[0, 10, 20], seconds=20, seed=1)
    jumped = composer.compose_curve(curve, sections=[0, 10, 20], seconds=20, seed=1, style="game")
    for piece, name in ((ramped, "ramped"), (jumped, "jumped")):
        written, mid = _write(piece, tmp_path, name)
        first = written[0]
        if name == "ramped":
            marks = first.tempo_marks
            assert len(marks) > 2 and all(b > a for a, b in zip(marks[1:], marks[2:]))  # accelerando
            assert marks[-1] < written[1].tempo_marks[0]
        else:
            assert len(first.tempo_marks) == 1
        # Either way each section lasts its 10 s, and the MIDI agrees.
        assert [round(w.seconds, 1) for w in written] == [10.0, 10.0]
        assert abs(mid.end - 20) < 0.05


def test_the_same_seed_gives_the_same_piece_and_file(tmp_path):
    curve = AffectCurve([(0, "sad"), (40, "joyful")])
    a = composer.compose_curve(curve, sections=3, seconds=30, seed=7)
    b = composer.compose_curve(curve, sections=3, seconds=30, seed=7)
    c = composer.compose_curve(curve, sections=3, seconds=30, seed=8)
    assert a.write(tmp_path / "a.mid").read_bytes() == b.write(tmp_path / "b.mid").read_bytes()
    assert a.report() == b.report()
    assert any(not np.array_equal(x.melody.pitches, y.melody.pitches) for x, y in zip(a, c))


def test_every_format_a_melody_supports_is_written(tmp_path):
    piece = composer.compose_curve(AffectCurve([(0, "calm"), (10, "tense")]), sections=2, bars=2, seed=1)
    for ending in (".mid", ".musicxml", ".xml", ".mxl", ".abc", ".wav"):
        path = piece.write(tmp_path / f"p{ending}")
        assert path.stat().st_size > 100, ending
    abc = (tmp_path / "p.abc").read_text()
    assert abc.count("K:") >= 1 and "Q:" in abc
    with pytest.raises(composer.RenderError, match="exists"):
        piece.write(tmp_path / "p.mid")
    html = piece._repr_html_()
    assert "<audio" in html and "Piece:" in html


def test_the_performance_matches_the_written_timing():
    curve = AffectCurve([(0, (0.0, -0.7)), (10, (0.0, 0.7))], interpolation="step")
    piece = composer.compose_curve(curve, sections=[0, 10, 20], seconds=20, seed=2)
    perf = piece.to_performance()
    assert perf.length == pytest.approx(piece.seconds) and perf.n_notes == piece.n_notes
    assert perf.curve is not None and perf.curve.shape == (2, 3)
    starts = [s.start for s in piece]
    assert np.all(np.diff(perf.onsets) >= 0) and perf.onsets[0] == 0.0
    assert np.isclose(perf.bar_lines, starts[1]).any()


def test_the_report_holds_what_was_found_and_chosen():
    piece = composer.score_story("# Calm\nThe lake was still and the birds sang softly.\n\n"
                                 "# Storm\nThunder! The boat was sinking! RUN!", bars=2, seed=0,
                                 smoothing=0.6)
    report = piece.report()
    assert [r["label"] for r in report] == ["Calm", "Storm"]
    calm, storm = report
    assert calm["excerpt"].startswith("The lake was still")
    assert storm["raw"]["arousal"] > calm["raw"]["arousal"]
    assert calm["smoothed"] == piece[0].affect.as_dict() and calm["raw"] != calm["smoothed"]
    assert storm["parameters"]["tempo"] > calm["parameters"]["tempo"]
    assert {"key", "mode", "tempo", "meter", "bars", "register", "density"} <= set(calm["parameters"])
    text = piece.report_text()
    assert "Calm" in text and "The lake was still" in text and "raw/smooth" in text
    import json

    data = json.loads(piece.report_json())
    assert data["summary"]["sections"] == 2 and data["sections"][1]["label"] == "Storm"
    assert str(piece).startswith("Piece: 2 sections")


def test_emotions_the_plan_asked_for_are_the_ones_composed():
    piece = composer.compose_curve(AffectCurve([(0, (0.5, 0.5))]), sections=2, bars=1)
    assert all(s.affect == Affect(0.5, 0.5) for s in piece)


def test_small_timing_errors_do_not_add_up_over_many_cues(tmp_path):
    # At a fixed 240 bpm in 2/4 a bar lasts 0.5 s, so 10.2 s is 10 s or 10.5 s: each cue alone
    # would take 10 s and the sixth would start a whole second early.
    sheet = {"tempo": 240, "meter": "2/4", "cues": [{"name": f"c{i}", "duration": 10.2, "emotion": "calm"} for i in range(6)]}
    piece = composer.score_cues(sheet)
    written, _ = _write(piece, tmp_path)
    for w, s in zip(written, piece.plan):
        assert abs(w.seconds - s.duration) <= 0.5 and abs(w.start - s.start) <= 0.25, (w.label, w.start, s.start)


axis = st.floats(-1, 1, allow_nan=False)


@settings(max_examples=15)
@given(points=st.lists(st.tuples(axis, axis), min_size=2, max_size=4), seed=st.integers(0, 50),
       style=st.sampled_from(["default", "film", "folk", "game", "hymn"]))
def test_any_curve_over_the_square_gives_a_lawful_piece(points, seed, style):
    curve = AffectCurve([(10.0 * i, p) for i, p in enumerate(points)], interpolation="step")
    piece = composer.compose_curve(curve, sections=len(points), bars=2, seed=seed, style=style)
    styled = load_style(style)
    t = 0.0
    for prev, cur in zip([None] + list(piece.sections), piece.sections):
        p = cur.melody.parameters
        assert cur.start == pytest.approx(t)
        t += cur.seconds
        notes = cur.melody.pitches[cur.melody.pitches >= 0]
        assert set(int(n) % 12 for n in notes) <= scale_pitch_classes(p.tonic, p.mode)
        assert p.mode == styled.parameters(cur.affect, seed=seed).mode  # the mode follows the emotion
        if prev is not None:
            last = prev.melody.pitches[prev.melody.pitches >= 0][-1]
            assert abs(int(notes[0]) - int(last)) <= p.max_leap
    assert piece.seconds == pytest.approx(t)
