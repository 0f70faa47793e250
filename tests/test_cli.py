"""The ``composer`` command: summaries, files, exit codes and one-line errors."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import wave
from pathlib import Path

import music21
import pytest

import composer
from composer.cli import main
from composer.cli._common import numbered_path
from tests.music import read_notes

ROOT = Path(__file__).resolve().parent.parent


def test_generate_writes_midi_and_prints_the_summary(tmp_path, capsys):
    out = tmp_path / "happy.mid"
    code = main(["generate", "--valence", "0.7", "--arousal", "0.4", "--bars", "8", "--seed", "1", "-o", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert printed.startswith("Melody: ") and "8 bars" in printed and f"wrote {out}" in printed
    notes, _ = read_notes(out)
    assert notes and notes[0].onset == 0


def test_generate_json_and_two_outputs(tmp_path, capsys):
    files = [tmp_path / "a.mid", tmp_path / "a.musicxml"]
    code = main(["generate", "-v", "-0.5", "-a", "0.8", "--bars", "4", "--json", "-o", str(files[0]), "-o", str(files[1])])
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["bars"] == 4 and summary["valence"] == -0.5 and len(summary["files"]) == 2
    assert summary["variation"] == 1 and summary["files"] == [str(f) for f in files]
    assert all(f.exists() for f in files)


def test_several_formats_in_one_call_are_the_same_music(tmp_path, capsys):
    pytest.importorskip("verovio")
    out = {ext: tmp_path / f"a.{ext}" for ext in ("mid", "musicxml", "abc", "svg", "wav")}
    argv = ["generate", "-v", "0.4", "-a", "0.2", "--bars", "4", "--seed", "3", "--json"]
    for path in out.values():
        argv += ["-o", str(path)]
    assert main(argv) == 0
    summary = json.loads(capsys.readouterr().out)
    midi_notes, _ = read_notes(out["mid"])
    xml_notes, _ = read_notes(out["musicxml"])
    assert [n.midi for n in midi_notes] == [n.midi for n in xml_notes] and len(midi_notes) == summary["notes"]
    abc = music21.converter.parse(out["abc"].read_text(), format="abc")
    assert [n.pitch.midi for n in abc.flatten().notes] == [n.midi for n in midi_notes]
    assert out["svg"].read_text().count('class="note"') == summary["notes"]
    with wave.open(str(out["wav"])) as w:  # the summary's seconds are rounded to 0.01
        assert abs(w.getnframes() / w.getframerate() - summary["seconds"]) <= 0.005 + 1 / w.getframerate()


def test_variations_are_distinct_and_numbered(tmp_path, capsys):
    argv = ["generate", "-v", "0.2", "-a", "0.1", "--bars", "2", "-n", "3", "--json",
            "-o", str(tmp_path / "idea.mid"), "-o", str(tmp_path / "take{n}.roll.png")]
    assert main(argv) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [s["variation"] for s in lines] == [1, 2, 3]
    assert len({s["seed"] for s in lines}) == 3
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["idea-1.mid", "idea-2.mid", "idea-3.mid", "take1.roll.png", "take2.roll.png", "take3.roll.png"]
    melodies = {tuple((n.midi, n.length) for n in read_notes(tmp_path / f"idea-{i}.mid")[0]) for i in (1, 2, 3)}
    assert len(melodies) == 3


def test_numbered_path():
    assert numbered_path("a/tune.mid", 2, 3) == "a/tune-2.mid"
    assert numbered_path("tune.roll.png", 3, 3) == "tune-3.roll.png"
    assert numbered_path("tune.mid", 1, 1) == "tune.mid"
    assert numbered_path("x{n}/t{n}.wav", 4, 5) == "x4/t4.wav"


def test_existing_output_stops_before_composing(tmp_path, capsys, monkeypatch):
    existing = tmp_path / "x.mid"
    existing.write_bytes(b"keep")
    fresh = tmp_path / "y.svg"

    def no_compose(**kwargs):
        raise AssertionError("composed although an output was refused")

    monkeypatch.setattr(sys.modules["composer.compose"], "compose", no_compose)
    assert main(["generate", "-v", "0", "-a", "0", "-o", str(fresh), "-o", str(existing)]) == 1
    err = capsys.readouterr().err
    assert "exists" in err and "--force" in err and len(err.strip().splitlines()) == 1
    assert existing.read_bytes() == b"keep" and not fresh.exists()


def test_force_replaces(tmp_path):
    existing = tmp_path / "x.mid"
    existing.write_bytes(b"old")
    assert main(["generate", "-v", "0", "-a", "0", "--bars", "2", "--force", "-o", str(existing)]) == 0
    assert existing.read_bytes().startswith(b"MThd")


@pytest.mark.parametrize(("extra", "message"), [
    (["--soundfont", "x.sf2", "-o", "{tmp}/a.mid"], "--soundfont applies to .wav"),
    (["-o", "{tmp}/a.mid", "-o", "{tmp}/a.mid"], "given twice"),
    (["-n", "101"], "at most 100"),
])
def test_bad_combinations_exit_2(tmp_path, capsys, extra, message):
    argv = ["generate", "-v", "0", "-a", "0"] + [a.replace("{tmp}", str(tmp_path)) for a in extra]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_progress_is_quiet_off_a_terminal_and_drawn_on_one(tmp_path, capsys, monkeypatch):
    argv = ["generate", "-v", "0.1", "-a", "0.1", "--bars", "1", "-n", "2", "--json"]
    assert main(argv) == 0
    assert capsys.readouterr().err == ""

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    term = Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    assert main(argv) == 0
    assert "composing [" in term.getvalue() and "2/2" in term.getvalue()
    assert len(capsys.readouterr().out.splitlines()) == 2  # stdout stays clean JSON


def test_same_seed_same_file(tmp_path):
    a, b = tmp_path / "a.mid", tmp_path / "b.mid"
    for path in (a, b):
        assert main(["generate", "-v", "0.1", "-a", "0.1", "--seed", "9", "-o", str(path)]) == 0
    assert [n.midi for n in read_notes(a)[0]] == [n.midi for n in read_notes(b)[0]]


@pytest.mark.parametrize("argv", [
    ["generate", "--valence", "2", "--arousal", "0"],
    ["generate", "--valence", "x", "--arousal", "0"],
    ["generate", "--arousal", "0"],
    ["generate", "-v", "0", "-a", "0", "--bars", "0"],
    ["generate", "-v", "0", "-a", "0", "--bars", "257"],
    ["generate", "-e", "tense", "-v", "0"],
    ["no-such-command"],
])
def test_usage_errors_exit_2(argv, capsys):
    try:
        code = main(argv)
    except SystemExit as exit_:  # found by the argument parser
        code = exit_.code
    assert code == 2
    assert "error" in capsys.readouterr().err


def test_an_emotion_word_on_the_command_line(tmp_path, capsys):
    from composer.emotions import emotion_affect

    assert main(["generate", "--emotion", "tense", "-o", str(tmp_path / "t.mid")]) == 0
    tense = emotion_affect("tense")
    assert f"valence {tense.valence:+.2f}, arousal {tense.arousal:+.2f}" in capsys.readouterr().out
    assert main(["generate", "-e", "tens", "-o", str(tmp_path / "u.mid")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "did you mean 'tense'?" in err and not (tmp_path / "u.mid").exists()


def test_help_states_the_bars_limit(capsys):
    with pytest.raises(SystemExit):
        main(["generate", "--help"])
    assert "1 to 256" in " ".join(capsys.readouterr().out.split())


def test_unknown_style_and_a_name_without_ending_are_one_clear_line(tmp_path, capsys):
    assert main(["generate", "-v", "0", "-a", "0", "--style", "flim", "-o", str(tmp_path / "x.mid")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "did you mean 'film'?" in err
    assert main(["generate", "-v", "0", "-a", "0", "-o", str(tmp_path / "noending")]) == 1
    err = capsys.readouterr().err
    assert "has no ending" in err and "no extension is" not in err
    with pytest.raises(composer.errors.RuleError, match=r"unknown style 'lullaby'\. Shipped styles: default"):
        composer.load_style("lullaby")


def test_user_errors_exit_1_with_one_line(tmp_path, capsys):
    code = main(["generate", "-v", "0", "-a", "0", "--style", "defualt"])
    err = capsys.readouterr().err
    assert code == 1 and "did you mean 'default'?" in err and "Traceback" not in err
    existing = tmp_path / "x.mid"
    existing.write_bytes(b"keep")
    assert main(["generate", "-v", "0", "-a", "0", "-o", str(existing)]) == 1  # refused by default
    assert existing.read_bytes() == b"keep"
    assert main(["generate", "-v", "0", "-a", "0", "-o", str(tmp_path / "x.wav2")]) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 2


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0 and capsys.readouterr().out.strip() == f"composer {composer.__version__}"


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "generate" in capsys.readouterr().err


@pytest.mark.parametrize("command", [[], ["generate"], ["train"]])
def test_help_has_examples(command, capsys):
    with pytest.raises(SystemExit) as info:
        main(command + ["--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    assert "xamples" in text and "composer " in text.split("xamples", 1)[1]


def test_command_line_entry_point_runs_as_a_module(tmp_path):
    out = tmp_path / "m.abc"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "composer.cli", "generate", "-v", "0.5", "-a", "0", "--bars", "1",
                          "-o", str(out)], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert run.returncode == 0, run.stderr
    assert run.stderr == "" and out.read_text().startswith("X:1")
    again = subprocess.run([sys.executable, "-m", "composer.cli", "generate", "-v", "0.5", "-a", "0", "-o", str(out)],
                           capture_output=True, text=True, cwd=tmp_path, env=env)
    assert again.returncode == 1 and again.stderr.startswith("composer: error: ") and "Traceback" not in again.stderr
