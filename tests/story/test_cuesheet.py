"""Cue sheets: a complete sheet read into a plan, and every kind of mistake named by cue and field."""

from __future__ import annotations

import json
import textwrap

import pytest

from composer.affect import Affect
from composer.emotions import emotion_affect
from composer.errors import CueSheetError
from composer.story import fit_duration, parse_cue_sheet, read_cue_sheet
from composer.story.scoring.cuesheet import parse_key, parse_time
from composer.story.scoring.timing import bar_seconds

SHEET = textwrap.dedent("""\
    title: The Heist
    style: default
    tempo_range: [60, 180]
    cues:
      - name: 1M1 Opening
        start: 0
        duration: 45
        emotion: serene
      - name: chase
        duration: "0:30"
        valence: -0.4
        arousal: 0.9
        key: D minor
        tempo_range: [120, 180]
      - name: aftermath
        start: "1:20"
        emotion: melancholy
        meter: 3/4
      - name: finale
        start: 110
        bars: 16
        tempo: 120
        emotion: triumphant
        key: Bb major
    """)


def test_a_complete_sheet_becomes_a_plan():
    plan = parse_cue_sheet(SHEET, source="heist.yaml")
    assert plan.title == "The Heist" and plan.style == "default" and len(plan) == 4
    opening, chase, aftermath, finale = plan
    assert (opening.start, opening.duration, opening.affect) == (0.0, 45.0, emotion_affect("serene"))
    assert (chase.start, chase.duration, chase.affect) == (45.0, 30.0, Affect(-0.4, 0.9))
    assert dict(chase.overrides) == {"tonic": 2, "mode": "aeolian"} and chase.tempo_range == (120, 180)
    assert (aftermath.start, aftermath.duration) == (80.0, 30.0)  # runs to the finale's start
    assert dict(aftermath.overrides) == {"meter": "3/4"} and aftermath.tempo_range == (60, 180)
    assert finale.bars == 16 and finale.duration == 16 * bar_seconds(120) == 32.0
    assert dict(finale.overrides) == {"tonic": 10, "mode": "ionian", "tempo": 120.0}
    assert plan.duration == 142.0
    curve = plan.affect_curve()
    assert curve.times.tolist() == [22.5, 60.0, 95.0, 126.0]
    # Every cue can be given whole bars and a tempo that last its duration within 0.5 s.
    for s in plan:
        lo, hi = (s.overrides["tempo"],) * 2 if "tempo" in s.overrides else s.tempo_range
        fit = fit_duration(s.duration, meter=s.overrides.get("meter", "4/4"), tempo_range=(lo, hi))
        assert abs(fit.bars * bar_seconds(fit.tempo, s.overrides.get("meter", "4/4")) - s.duration) <= 0.5
    assert json.loads(json.dumps(plan.as_dict()))["sections"][1]["name"] == "chase"


def test_json_and_files(tmp_path):
    p = tmp_path / "cues.json"
    p.write_text(json.dumps({"cues": [{"name": "a", "duration": 10, "emotion": [0.5, 0.5]},
                                      {"name": "b", "duration": 5, "emotion": {"valence": -1, "arousal": 0}}]}))
    plan = read_cue_sheet(p)
    assert [(s.name, s.start, s.affect) for s in plan] == [("a", 0.0, Affect(0.5, 0.5)), ("b", 10.0, Affect(-1.0, 0.0))]
    y = tmp_path / "cues.yaml"
    y.write_text("- {name: only, duration: 3, emotion: calm}\n")  # a bare list of cues is a sheet
    assert read_cue_sheet(y)[0].name == "only"
    with pytest.raises(CueSheetError, match="JSON syntax error"):
        parse_cue_sheet('{"cues": [', format="json")
    with pytest.raises(CueSheetError, match="cannot read cue sheet"):
        read_cue_sheet(tmp_path / "missing.yaml")
    bin_ = tmp_path / "cues.bin"
    bin_.write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(CueSheetError, match="binary"):
        read_cue_sheet(bin_)


def cues(*items: str, head: str = "") -> str:
    return head + "cues:\n" + "".join(f"  - {i}\n" for i in items)


@pytest.mark.parametrize("text, message, cue, field", [
    (cues("{name: a, duration: 10, emotion: calm}", "{name: b, duration: 10, emotion: calm}",
          "{name: chase, duration: -3, emotion: tense}"),
     "cues.yaml:4: cue 'chase' (cues[2]): duration must be > 0, got -3", "chase", "duration"),
    (cues("{name: a, start: 20, duration: 5, emotion: calm}", "{name: b, start: 10, duration: 5, emotion: calm}"),
     "cue 'b' (cues[1]): start 10 s comes before the start of cue 'a' (cues[0]) at 20 s", "b", "start"),
    (cues("{name: a, start: 0, duration: 15, emotion: calm}", "{name: b, start: 10, duration: 5, emotion: calm}"),
     "cue 'b' (cues[1]): starts at 10 s, before cue 'a' (cues[0]) ends at 15 s; cues may not overlap", "b", "start"),
    (cues("{name: a, duration: 5, emotion: calm, durration: 3}"),
     "cue 'a' (cues[0]): unknown key 'durration' (did you mean 'duration'?)", "a", "durration"),
    (cues("{name: a, duration: 5}"), "cue 'a' (cues[0]): missing emotion", "a", "emotion"),
    (cues("{name: a, duration: 5, emotion: anxius}"),
     "cue 'a' (cues[0]): emotion: unknown emotion word 'anxius' (did you mean 'anxious'?)", "a", "emotion"),
    (cues("{name: a, duration: 5, valence: 0.2}"), "cue 'a' (cues[0]): valence needs arousal too", "a", "arousal"),
    (cues("{name: a, duration: 5, valence: 2, arousal: 0}"), "cue 'a' (cues[0]): valence must be a number in [-1, 1]", "a", "valence"),
    (cues("{name: a, duration: 5, emotion: calm, valence: 0.1, arousal: 0}"), "either emotion or valence and arousal", "a", "valence"),
    (cues("{name: a, emotion: calm}"), "cue 'a' (cues[0]): has no length: give duration, end or bars", "a", "duration"),
    (cues("{name: a, emotion: calm}", "{name: b, duration: 3, emotion: calm}"),
     "or a start for the next cue 'b'", "a", "duration"),
    (cues("{name: a, duration: 5, end: 9, emotion: calm}"), "give one of duration, end or bars, not duration and end", "a", "end"),
    (cues("{name: a, start: 10, end: 5, emotion: calm}"), "cue 'a' (cues[0]): end 5 s must be after start 10 s", "a", "end"),
    (cues("{name: a, bars: 8, emotion: calm}"), "cue 'a' (cues[0]): bars needs a tempo", "a", "bars"),
    (cues("{name: a, bars: 0, tempo: 100, emotion: calm}"), "bars must be a whole number >= 1, got 0", "a", "bars"),
    (cues("{name: a, duration: 10, tempo: 60, emotion: calm}"),
     "cue 'a' (cues[0]): at tempo 60 a bar of 4/4 lasts 4 s, so 10 s cannot be met", "a", "tempo"),
    (cues("{name: a, duration: 5, tempo: 300, emotion: calm}"), "tempo must be a tempo in [30, 240]", "a", "tempo"),
    (cues("{name: a, duration: 5, meter: 5/4, emotion: calm}"), "meter '5/4' is not supported", "a", "meter"),
    (cues("{name: a, duration: 5, key: H minor, emotion: calm}"), "cue 'a' (cues[0]): key: unknown tonic 'H'", "a", "key"),
    (cues("{name: a, duration: 5, key: D minr, emotion: calm}"), "(did you mean 'minor'?)", "a", "key"),
    (cues("{name: a, duration: 5, mode: dorain, emotion: calm}"), "unknown mode 'dorain' (did you mean 'dorian'?)", "a", "mode"),
    (cues("{name: a, duration: 5, style: defualt, emotion: calm}"), "unknown style 'defualt' (did you mean 'default'?)", "a", "style"),
    (cues("{name: a, duration: 5, style: mine.yaml, emotion: calm}"), "style file 'mine.yaml' not found", "a", "style"),
    (cues("{name: a, duration: 5, emotion: calm}", "{name: a, duration: 5, emotion: calm}"),
     "cue 'a' (cues[1]): name repeats cue 'a' (cues[0])", "a", "name"),
    (cues("{name: a, start: '1:75', duration: 5, emotion: calm}"), "more than 59", "a", "start"),
    (cues("{name: a, start: soon, duration: 5, emotion: calm}"), "start: expected seconds or a timecode", "a", "start"),
    (cues("{name: a, start: -1, duration: 5, emotion: calm}"), "start must be >= 0", "a", "start"),
    (cues("{name: a, duration: 5, tempo: 100, tempo_range: [90, 110], emotion: calm}"), "not both", "a", "tempo_range"),
    (cues("{name: a, duration: 5, emotion: calm}", head="tempo_rnage: [60, 120]\n"),
     "cues.yaml:1: unknown key 'tempo_rnage' (did you mean 'tempo_range'?)", None, "tempo_rnage"),
    ("title: x\n", "has no 'cues' list", None, "cues"),
    ("cues: []\n", "cues must be a non-empty list", None, "cues"),
    ("", "the cue sheet is empty", None, None),
    ("cues: [\n", "YAML syntax error", None, None),
    ("- 3\n", "cues[0] must be a mapping", None, None),
])
def test_mistakes_name_the_cue_and_the_field(text, message, cue, field):
    with pytest.raises(CueSheetError) as e:
        parse_cue_sheet(text, source="cues.yaml")
    assert message in str(e.value)
    assert e.value.cue == cue and e.value.field == field


def test_a_sheet_tempo_fixes_cues_that_choose_none():
    plan = parse_cue_sheet(cues("{name: a, duration: 8, emotion: calm}", "{name: b, bars: 2, emotion: calm}",
                                "{name: c, duration: 10, tempo_range: [100, 140], emotion: calm}", head="tempo: 120\n"))
    assert [s.overrides.get("tempo") for s in plan] == [120.0, 120.0, None]
    assert plan[1].duration == 4.0 and plan[2].tempo_range == (100, 140)
    with pytest.raises(CueSheetError, match="cue 'a' .*at tempo 120 a bar of 4/4 lasts 2 s"):
        parse_cue_sheet(cues("{name: a, duration: 9, emotion: calm}", head="tempo: 120\n"))
    with pytest.raises(CueSheetError, match="not both"):
        parse_cue_sheet(cues("{name: a, duration: 8, emotion: calm}", head="tempo: 120\ntempo_range: [60, 90]\n"))


def test_times_and_keys():
    assert parse_time("2:03.5") == 123.5 and parse_time(7) == 7.0
    with pytest.raises(ValueError):
        parse_time(True)
    assert parse_key("F#") == (6, "ionian") and parse_key("e- harmonic minor") == (3, "harmonic_minor")
