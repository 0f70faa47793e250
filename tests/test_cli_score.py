"""``composer score``: a story or a cue sheet to files, with the report, exit codes and one-line errors."""

from __future__ import annotations

import io
import json
import sys

import pytest

from composer.cli import main
from tests.story.readback import read_midi, read_musicxml

STORY = "# Dawn\nBirds sang in the quiet garden.\n\n# Raid\nThe alarm screamed! RUN! Fire everywhere!\n"
CUES = "title: Chase\ncues:\n  - {name: calm, duration: 12, emotion: serene}\n  - {name: chase, duration: 9, emotion: terrified}\n"


def test_a_story_to_midi_with_the_report(tmp_path, capsys):
    story = tmp_path / "story.txt"
    story.write_text(STORY)
    out = tmp_path / "story.mid"
    assert main(["score", str(story), "-o", str(out), "--seed", "2", "--report"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("Piece: story: 2 sections") and f"wrote {out}" in printed
    assert "Dawn" in printed and "raw/smooth" in printed and '"Birds sang in the quiet garden."' in printed
    midi = read_midi(out)
    assert midi.notes and abs(midi.end - 20.0) <= 0.5  # two scenes of 10 s (the shortest scene)


def test_a_cue_sheet_to_musicxml_as_json(tmp_path, capsys):
    sheet = tmp_path / "cues.yaml"
    sheet.write_text(CUES)
    out = tmp_path / "cues.musicxml"
    assert main(["score", str(sheet), "-o", str(out), "--json", "--report", "--style", "film"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "Chase" and data["sections"] == 2 and data["style"] == "film"
    assert [r["label"] for r in data["report"]] == ["calm", "chase"] and data["files"] == [str(out)]
    assert [round(s.seconds) for s in read_musicxml(out)] == [12, 9]


def test_existing_files_are_kept_without_force_and_errors_are_one_line(tmp_path, capsys):
    sheet = tmp_path / "cues.yaml"
    sheet.write_text(CUES)
    out = tmp_path / "x.mid"
    out.write_bytes(b"keep")
    assert main(["score", str(sheet), "-o", str(out)]) == 1
    assert "exists" in capsys.readouterr().err and out.read_bytes() == b"keep"
    assert main(["score", str(sheet), "-o", str(out), "--force"]) == 0 and out.read_bytes() != b"keep"
    capsys.readouterr()
    bad = tmp_path / "bad.yaml"
    bad.write_text("cues:\n  - {name: a, duration: -1, emotion: calm}\n")
    assert main(["score", str(bad)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("composer: error:") and "cue 'a'" in err and "duration" in err and "\n" not in err
    assert main(["score", str(tmp_path / "missing.txt")]) == 1
    assert "no such file" in capsys.readouterr().err
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n")
    assert main(["score", str(empty)]) == 1
    assert "nothing to score" in capsys.readouterr().err
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01\x02")
    assert main(["score", str(binary)]) == 1
    assert "binary" in capsys.readouterr().err


def test_usage_errors_exit_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as e:
        main(["score"])
    assert e.value.code == 2
    with pytest.raises(SystemExit) as e:
        main(["score", "x.txt", "--story", "--cues"])
    assert e.value.code == 2
    assert main(["score", "-", "--cues"]) == 2
    assert "cue sheet is read from a file" in capsys.readouterr().err


def test_a_story_from_stdin_and_a_sketch_in_bars(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(STORY.encode())))
    out = tmp_path / "s.musicxml"
    assert main(["score", "-", "--bars", "2", "-o", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["bars"] == 4
    assert [s.label for s in read_musicxml(out)] == ["Dawn", "Raid"]


def test_scene_options_reach_the_story(tmp_path, capsys):
    from tests.story.test_segment import STORM

    story = tmp_path / "storm.txt"
    story.write_text(STORM)
    counts = {}
    for options in (["--scenes", "auto"], ["--scenes", "heading"], ["--scenes", "paragraph"],
                    ["--change-penalty", "100"], ["--min-scene-words", "500"]):
        assert main(["score", str(story), "-o", str(tmp_path / "s.mid"), "--force", "--json", "--bars", "1",
                     "--beam-width", "4", *options]) == 0
        counts[" ".join(options)] = json.loads(capsys.readouterr().out)["sections"]
    assert counts["--scenes auto"] >= 3
    assert counts["--scenes heading"] == counts["--change-penalty 100"] == counts["--min-scene-words 500"] == 1
    assert counts["--scenes paragraph"] == 1  # 166 words close one scene of at least 150 words: the old averaged arc
    with pytest.raises(SystemExit):
        main(["score", str(story), "-o", str(tmp_path / "s.mid"), "--scenes", "chapters"])
    assert main(["score", str(story), "-o", str(tmp_path / "s.mid"), "--force", "--change-penalty", "-1"]) == 1
    assert "change_penalty must be a number >= 0" in capsys.readouterr().err
