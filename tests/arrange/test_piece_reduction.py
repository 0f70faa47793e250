"""Piano reduction of an arranged piece: two staves through every section, each hand playable over the whole
piece, the harmony kept but for the counted drops, silences silent and section tempos and marks read back."""

from __future__ import annotations

import json

import mido
import pytest
from music21 import converter, layout

import composer
from composer.arrange import ArrangedPiece, PieceReduction
from composer.cli import main
from composer.story.scoring.score import score_cues

SHEET = {"cues": [{"name": "calm", "duration": 8, "emotion": "serene"},
                  {"name": "chase", "duration": 6, "emotion": "terrified", "start": "0:11"}]}


@pytest.fixture(scope="module")
def reduced():
    ap = score_cues({**SHEET, "style": "film"}, seed=1)
    assert isinstance(ap, ArrangedPiece)
    return ap, ap.piano_reduction()


def _held(notes, t):
    return sorted(p for on, end, ps in notes for p in ps if on <= t < end)


def _written(part):
    """``(onset, end, midi pitches)`` in quarter notes of every note or chord of a read-back part."""
    return [(float(n.getOffsetInHierarchy(part)), float(n.getOffsetInHierarchy(part) + n.quarterLength),
             [p.midi for p in n.pitches]) for n in part.recurse().notes]


def test_the_written_score_is_one_playable_piano_through_every_section(reduced, tmp_path):
    ap, r = reduced
    score = converter.parse(str(r.write(tmp_path / "r.musicxml")))
    assert len(score.parts) == 2
    assert [type(p.recurse().getElementsByClass("Clef").first()).__name__ for p in score.parts] == \
        ["TrebleClef", "BassClef"]
    assert any(g.symbol == "brace" for g in score.recurse().getElementsByClass(layout.StaffGroup))
    starts = [t / 4 for t in r.starts]
    ends = starts[1:] + [starts[-1] + ap.arranged_sections[-1].melody.total_ticks / 4]
    for part, hand in zip(score.parts, r.parts):
        notes = _written(part)
        assert sum(len(ps) for _, _, ps in notes) == len(hand.pitches)
        for t in {on for on, _, _ in notes}:               # every moment a note starts, over the whole piece
            held = _held(notes, t)
            assert len(held) <= 5 and held[-1] - held[0] <= 12, (part.partName, t, held)
        for (s, e), red in zip(zip(starts, ends), r.reductions):
            inside = [n for n in notes if s <= n[0] < e]
            assert all(end <= e + 1e-9 for _, end, _ in inside)    # nothing rings into the next section
            if red is None:                                         # the silence between the cues
                assert not inside
    right = score.parts[0]
    marks = {float(m.getOffsetInHierarchy(right)): m.content
             for m in right.recurse().getElementsByClass("RehearsalMark")}
    assert marks == {starts[0]: "calm", starts[2]: "chase"}
    tempi = {float(m.getOffsetInHierarchy(right)): m.number
             for m in right.recurse().getElementsByClass("MetronomeMark")}
    assert tempi == {s: sec.marks()[0][1] for s, sec in zip(starts, ap.arranged_sections)}


def test_each_section_keeps_melody_bass_and_pitch_classes_but_the_counted_drops(reduced):
    ap, r = reduced
    right, left = r.parts
    missing = 0
    for start, a in zip(r.starts, ap.arrangements):
        if a is None:
            continue
        mel, bass = a.parts[0], a.part("Bass")
        assert {(start + o, p) for o, p in zip(mel.onsets.tolist(), mel.pitches.tolist())} <= \
            set(zip(right.onsets.tolist(), right.pitches.tolist()))
        assert {(start + o, p) for o, p in zip(bass.onsets.tolist(), bass.pitches.tolist())} <= \
            set(zip(left.onsets.tolist(), left.pitches.tolist()))
        for part in a.parts[1:]:
            for on, p in zip(part.onsets.tolist(), part.pitches.tolist()):
                t = start + on
                classes = {int(q) % 12 for h in (right, left)
                           for o, ln, q in zip(h.onsets, h.lengths, h.pitches) if o <= t < o + ln}
                missing += p % 12 not in classes
    assert missing <= r.dropped
    assert r.dropped == sum(x.dropped for x in r.reductions if x is not None)


def test_midi_and_wav_keep_the_sections_tempos_and_silence(reduced, tmp_path):
    ap, r = reduced
    midi = mido.MidiFile(r.write(tmp_path / "r.mid"))
    per_quarter = midi.ticks_per_beat
    tempos, notes = [], []
    for track in midi.tracks:
        now = 0
        for msg in track:
            now += msg.time
            if msg.type == "set_tempo":
                tempos.append((now, round(mido.tempo2bpm(msg.tempo), 3)))
            elif msg.type == "note_on" and msg.velocity:
                notes.append(now)
    want = [(round(start / 4 * per_quarter), sec.marks()[0][1]) for start, sec in zip(r.starts, ap.arranged_sections)]
    assert sorted(set(tempos)) == want
    assert len(notes) == sum(len(h.pitches) for h in r.parts)
    s, e = r.starts[1] / 4 * per_quarter, r.starts[2] / 4 * per_quarter
    assert not [t for t in notes if s <= t < e]                      # the silence between the cues
    assert r.write(tmp_path / "r.wav").stat().st_size > 1000
    assert abs(r.to_performance().length - ap.to_performance().length) < 1e-9


def test_limits_reach_every_section_and_are_checked(reduced):
    ap, _ = reduced
    tight = ap.piano_reduction(max_notes=3, max_span=9)
    assert isinstance(tight, PieceReduction)
    for hand in tight.parts:
        for t in set(hand.onsets.tolist()):
            held = sorted(int(p) for o, ln, p in zip(hand.onsets, hand.lengths, hand.pitches) if o <= t < o + ln)
            assert len(held) <= 3 and held[-1] - held[0] <= 9
    with pytest.raises(composer.HarmonyError, match="max_notes must be 2..10"):
        ap.piano_reduction(max_notes=1)


def test_score_cli_piano_reduction(tmp_path, capsys):
    sheet = tmp_path / "cues.json"
    sheet.write_text(json.dumps(SHEET), encoding="utf-8")
    out = tmp_path / "p.musicxml"
    assert main(["score", str(sheet), "--piano-reduction", "-o", str(out), "--json"]) == 0   # default style: arranged
    summary = json.loads(capsys.readouterr().out)
    assert summary["parts"] == ["Melody", "Accompaniment", "Bass"] and summary["dropped"] >= 0
    assert len(converter.parse(str(out)).parts) == 2
    assert main(["score", str(sheet), "--melody-only", "--piano-reduction", "-o", str(tmp_path / "x.mid")]) == 2
    assert not (tmp_path / "x.mid").exists()


def test_a_curves_tempo_ramps_sound_in_the_reduction(tmp_path):
    arc = composer.compose_curve(composer.AffectCurve([(0, "sad"), (60, "triumphant")]), sections=3, bars=2,
                                 arrange=True, seed=2)
    r = arc.piano_reduction()
    ramp = arc.arranged_sections[0].marks()
    assert len(ramp) > 1                                               # the first section ramps to the second
    midi = mido.MidiFile(r.write(tmp_path / "c.mid"))
    now, tempos = 0, []
    for msg in midi.tracks[0]:
        now += msg.time
        if msg.type == "set_tempo":
            tempos.append((now * 4 // midi.ticks_per_beat, round(mido.tempo2bpm(msg.tempo), 3)))
    assert [t for t in tempos if t[0] < r.starts[1]] == [(tick, bpm) for tick, bpm in ramp]
    score = converter.parse(str(r.write(tmp_path / "c.musicxml")))
    words = [w.content for w in score.parts[0].recurse().getElementsByClass("TextExpression")]
    assert "accel." in words
    assert abs(r.to_performance().length - arc.to_performance().length) < 1e-9
