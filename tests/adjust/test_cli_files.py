"""``composer adjust`` on files: MusicXML in and out with spelling, JSON report, cue sheets."""

import json

from music21 import converter, key

import composer
from composer.cli import main


def test_musicxml_round_trip_spells_the_new_mode(tmp_path, capsys):
    src = tmp_path / "tune.musicxml"
    composer.compose(valence=0.7, arousal=0.4, bars=4, seed=1).write(src)   # F ionian
    out = tmp_path / "sad.musicxml"
    assert main(["adjust", str(src), "-v", "-0.7", "-a", "-0.4", "-o", str(out), "--json", "--keep", "register"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["bars"] == 4 and {c["aspect"] for c in report["changes"]} >= {"mode", "tempo"}
    assert all(c["style_rule"] and c["adjust_rule"] for c in report["changes"])
    score = converter.parse(str(out))
    names = {p.name for p in score.flatten().pitches}
    assert "A" not in names and "D" not in names and names & {"A-", "D-"}   # F minor: A-flat, D-flat
    assert {str(k) for k in score.recurse().getElementsByClass(key.KeySignature)} <= {"<music21.key.KeySignature of 4 flats>", "f minor"}


def test_cue_sheet_spans(tmp_path, capsys):
    src = tmp_path / "tune.mid"
    m = composer.compose(valence=0.5, arousal=0.4, bars=8, seed=1)   # an ionian tune (the default style's band)
    assert m.parameters.mode == "ionian"
    m.write(src)
    half = m.total_ticks / 4 * 60 / m.parameters.tempo / 2                 # seconds of its first 4 bars
    sheet = tmp_path / "cues.yaml"
    sheet.write_text(f"cues:\n  - name: bright\n    emotion: [0.5, 0.4]\n    duration: {half:.2f}\n"
                     f"  - name: dark\n    emotion: [-0.8, -0.6]\n    duration: {half:.2f}\n")
    assert main(["adjust", str(src), "--cues", str(sheet), "-o", str(tmp_path / "o.mid"), "--report"]) == 0
    text = capsys.readouterr().out
    assert "bars 5-8 (dark): mode ionian -> phrygian" in text and "(bright): mode" not in text
    assert "bars 1-4 (bright): articulation" in text


def test_drums_left_alone_in_a_multi_track_midi(tmp_path):
    from music21 import instrument, note, stream

    from composer.adjust import adjust

    score = stream.Score()
    lead = stream.Part()
    lead.insert(0, instrument.Piano())
    for name in ["C5", "E5", "G5", "E5"] * 4:
        lead.append(note.Note(name, quarterLength=1))
    drums = stream.Part()
    drums.insert(0, instrument.BassDrum())
    for _ in range(16):
        drums.append(note.Note("C2", quarterLength=1))
    score.insert(0, lead)
    score.insert(0, drums)
    src = tmp_path / "loop.mid"
    score.write("midi", fp=str(src))
    from music21.midi import translate

    def drum_hits(sc):
        part = next(p for p in sc.parts if any(not n.pitches for n in p.recurse().notes))
        return part, [(float(n.offset), n.volume.velocity, str(n)) for n in part.recurse().notes]

    out = adjust(src, (-0.8, -0.5), keep=("register",))
    parts = list(out.score.parts)
    assert len(parts) == 2
    drum_part, hits = drum_hits(out.score)
    lead_part = next(p for p in parts if p is not drum_part)
    assert len(hits) == 16
    assert hits == drum_hits(translate.midiStringToStream(src.read_bytes(), quantizePost=True))[1]   # untouched
    assert {n.volume.velocity for n in lead_part.recurse().notes} != {90}                         # the lead got softer
    names = {p.name for p in lead_part.flatten().pitches}
    assert names <= {"C", "E-", "G"} and "E-" in names                     # C major -> C minor in the lead only


def test_dynamic_marks_follow_the_velocity(tmp_path):
    from music21 import dynamics

    from composer.adjust import adjust

    src = tmp_path / "t.musicxml"
    composer.compose(valence=0.7, arousal=0.4, bars=4, seed=1).write(src)
    marks_in = [d.value for d in converter.parse(str(src)).recurse().getElementsByClass(dynamics.Dynamic)]
    out = adjust(src, (-0.6, -0.8))
    delta = next(c for c in out.report.changes if c.aspect == "velocity")
    assert "-" in delta.after                                     # softer
    out.write(tmp_path / "o.musicxml")
    marks_out = [d.value for d in converter.parse(str(tmp_path / "o.musicxml")).recurse()
                 .getElementsByClass(dynamics.Dynamic)]
    order = ["ppp", "pp", "p", "mp", "mf", "f", "ff", "fff"]
    assert marks_in and len(marks_out) == len(marks_in)
    assert all(order.index(b) < order.index(a) for a, b in zip(marks_in, marks_out))


def test_rules_check_validates_a_styles_adjust_section(tmp_path, capsys):
    style = tmp_path / "s.yaml"
    style.write_text("name: s\nextends: default\nadjust:\n  toward: farthr\n  aspects:\n"
                     "    tempo:\n      max_ratio: 9\n    registr: {enabled: true}\n")
    assert main(["rules", "check", str(style)]) == 1
    out = capsys.readouterr().out
    assert f"{style}:4 [adjust.toward]: must be one of style, difference, farther, got 'farthr'; " \
           "did you mean 'farther'?" in out
    assert f"{style}:7 [adjust.aspects.tempo.max_ratio]: must be a number in [1, 4], got 9" in out
    assert f"{style}:8 [adjust.aspects.registr]: unknown aspect 'registr'; did you mean 'register'?" in out
    style.write_text("name: s\nextends: default\nadjust:\n  aspects:\n    tempo: {enabled: false}\n")
    assert main(["rules", "check", str(style)]) == 0
    assert "ok" in capsys.readouterr().out
