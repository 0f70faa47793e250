"""A user's melody from a file: read back, harmonised, and bad files refused with one clear message."""

import numpy as np
import pytest
from music21 import chord, note, stream

import composer
from composer.cli import main
from composer.errors import HarmonyError
from composer.harmony.readmelody import read_melody


def test_a_written_melody_reads_back_and_harmonises(tmp_path):
    m = composer.compose(valence=0.6, arousal=0.2, bars=4, seed=5)
    path = m.write(tmp_path / "tune.mid")
    before = path.read_bytes()
    r = read_melody(path)
    assert r.pitches[r.pitches >= 0].tolist() == m.pitches[m.pitches >= 0].tolist()
    assert r.parameters.tonic == m.parameters.tonic or r.parameters.mode == "aeolian"
    assert r.total_ticks % 16 == 0
    h = composer.harmonise(r)
    assert len(h.chords) == r.total_ticks // 16
    assert path.read_bytes() == before


def test_cli_harmonise_writes_a_score(tmp_path, capsys):
    m = composer.compose(valence=0.6, arousal=0.2, bars=4, seed=5)
    src = m.write(tmp_path / "tune.mid")
    out = tmp_path / "out.musicxml"
    assert main(["harmonise", str(src), "-o", str(out), "--accompaniment", "arpeggio"]) == 0
    assert out.exists() and "|" in capsys.readouterr().out


def _write(s, path):
    s.write("midi", fp=str(path))
    return path


def test_bad_melodies_get_one_clear_error(tmp_path, capsys):
    s = stream.Stream([note.Note("C4", quarterLength=1), chord.Chord(["E4", "G4"], quarterLength=1)])
    with pytest.raises(HarmonyError, match="not monophonic"):
        read_melody(_write(s, tmp_path / "chords.mid"))
    with pytest.raises(HarmonyError, match="no such file"):
        read_melody(tmp_path / "missing.mid")
    bad = tmp_path / "bad.mid"
    bad.write_bytes(b"MThd garbage")
    with pytest.raises(HarmonyError, match="cannot read melody"):
        read_melody(bad)
    s = stream.Stream([note.Rest(quarterLength=4)])
    with pytest.raises(HarmonyError, match="no notes"):
        read_melody(_write(s, tmp_path / "empty.mid"))
    chromatic = stream.Stream([note.Note(60 + (i * 7) % 12, quarterLength=1) for i in range(12)])  # every pitch once
    with pytest.raises(HarmonyError, match="no clear key"):
        read_melody(_write(chromatic, tmp_path / "atonal.mid"))
    assert main(["harmonise", str(bad), "-o", str(tmp_path / "x.mid")]) == 1
    assert "cannot read melody" in capsys.readouterr().err


def test_harmonise_takes_a_file_path(tmp_path):
    m = composer.compose(valence=-0.4, arousal=0.0, bars=4, seed=2)
    path = m.write(tmp_path / "tune.musicxml")
    h = composer.harmonise(str(path))
    assert len(h.chords) == 4 and np.all(h.lengths == 16)
