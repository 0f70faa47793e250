"""The ``composer`` command: summaries, files, exit codes and one-line errors."""

from __future__ import annotations

import json

import pytest

from composer.cli import main
from tests.music import read_notes


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
    assert all(f.exists() for f in files)


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
    ["no-such-command"],
])
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert "error" in capsys.readouterr().err


def test_user_errors_exit_1_with_one_line(tmp_path, capsys):
    code = main(["generate", "-v", "0", "-a", "0", "--style", "defualt"])
    err = capsys.readouterr().err
    assert code == 1 and "did you mean 'default'?" in err and "Traceback" not in err
    existing = tmp_path / "x.mid"
    existing.write_bytes(b"keep")
    assert main(["generate", "-v", "0", "-a", "0", "--no-overwrite", "-o", str(existing)]) == 1
    assert existing.read_bytes() == b"keep"
    assert main(["generate", "-v", "0", "-a", "0", "-o", str(tmp_path / "x.wav2")]) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 2


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0 and capsys.readouterr().out.startswith("composer ")
