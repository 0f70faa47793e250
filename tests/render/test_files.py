"""write_melody: MIDI and MusicXML that read back as the same music, written atomically."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from music21 import articulations, converter, key, meter, stream, tempo

from composer.errors import RenderError
from composer.render import SUPPORTED_EXTENSIONS, write_melody
from composer.render.files import format_for


def _events(score: stream.Score) -> list:
    (part,) = score.parts
    return list(part.recurse().notesAndRests)


def _midi(ev) -> int:
    return -1 if ev.isRest else int(ev.pitch.midi)


# --- MIDI ---------------------------------------------------------------------


@pytest.mark.parametrize("articulation", ["normal", "staccato", "legato"])
def test_midi_round_trip(make_melody, tmp_path, articulation):
    pitches = [60, 62, 64, -1, 67, 65, 64, 62, 60]
    ticks = [4, 4, 4, 4, 2, 2, 2, 2, 8]
    velocities = [100, 90, 80, 0, 70, 60, 50, 40, 1]
    m = make_melody(pitches, ticks, velocities, articulation=articulation, tempo=96)
    path = write_melody(m, tmp_path / "tune.mid")
    assert path == (tmp_path / "tune.mid").resolve() and path.is_file()
    back = converter.parse(path)
    events = _events(back)
    assert [_midi(e) for e in events] == pitches
    assert [float(e.quarterLength) for e in events] == [t / 4 for t in ticks]
    # Exact velocities whatever the articulation: music21 would otherwise shift them by
    # about +-6 for staccato/tenuto, and drop a tenuto note of velocity 1 altogether.
    assert [e.volume.velocity for e in events if not e.isRest] == [v for p, v in zip(pitches, velocities) if p >= 0]
    (mm,) = back.recurse().getElementsByClass(tempo.MetronomeMark)
    assert mm.getQuarterBPM() == pytest.approx(96.0)
    assert back.recurse().getElementsByClass(meter.TimeSignature).first().ratioString == "4/4"


def test_midi_keeps_key_signature_and_six_eight(make_melody, tmp_path):
    m = make_melody([63, 65, 67, 68, 70, 72, 74, 75], [6, 6, 2, 2, 2, 6, 6, 6], meter="6/8", tonic=3)
    back = converter.parse(write_melody(m, tmp_path / "tune.midi"))
    assert back.recurse().getElementsByClass(meter.TimeSignature).first().ratioString == "6/8"
    assert back.recurse().getElementsByClass(key.KeySignature).first().sharps == -3
    events = _events(back)
    assert [_midi(e) for e in events] == m.pitches.tolist()
    assert [float(e.quarterLength) for e in events] == [t / 4 for t in m.ticks.tolist()]


# --- MusicXML -----------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".musicxml", ".xml", ".mxl"])
def test_musicxml_round_trip(make_melody, tmp_path, suffix):
    pitches = [63, 65, 66, -1, 70, 68, 66, 63]
    ticks = [4, 4, 4, 4, 8, 2, 2, 4]
    m = make_melody(pitches, ticks, tonic=3, mode="dorian", tempo=84, articulation="staccato", valence=-0.25, arousal=0.5)
    path = write_melody(m, tmp_path / f"tune{suffix}")
    if suffix == ".mxl":
        assert zipfile.is_zipfile(path)
    back = converter.parse(path)
    k = back.recurse().getElementsByClass(key.Key).first()
    assert (k.tonic.name, k.mode, k.sharps) == ("E-", "dorian", -5)
    assert back.recurse().getElementsByClass(meter.TimeSignature).first().ratioString == "4/4"
    assert back.recurse().getElementsByClass(tempo.MetronomeMark).first().getQuarterBPM() == pytest.approx(84.0)
    events = _events(back)
    assert [_midi(e) for e in events] == pitches
    assert [float(e.quarterLength) for e in events] == [t / 4 for t in ticks]
    names = [e.pitch.name for e in events if not e.isRest]
    assert names == ["E-", "F", "G-", "B-", "A-", "G-", "E-"]
    assert all(any(isinstance(a, articulations.Staccato) for a in e.articulations) for e in events if not e.isRest)
    assert len(back.parts[0].getElementsByClass(stream.Measure)) == m.bars
    assert back.metadata.composer == "composer"
    assert "valence -0.25" in (back.metadata.bestTitle or "")


# --- paths, formats, atomicity -------------------------------------------------


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp" in p.name)


def test_supported_extensions_and_format_for():
    assert SUPPORTED_EXTENSIONS == (".mid", ".midi", ".musicxml", ".xml", ".mxl")
    assert format_for("a/b.MID") == "midi"
    assert format_for("x.mxl") == "musicxml"


@pytest.mark.parametrize("name", ["tune.wav", "tune", "tune.mid.txt"])
def test_unknown_extension(c_major, tmp_path, name):
    with pytest.raises(RenderError, match=r"\.mid, \.midi, \.musicxml, \.xml, \.mxl"):
        write_melody(c_major, tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_no_overwrite_keeps_existing_file(c_major, tmp_path):
    target = tmp_path / "tune.mid"
    target.write_bytes(b"precious")
    with pytest.raises(RenderError, match="exists"):
        write_melody(c_major, target, overwrite=False)
    assert target.read_bytes() == b"precious"
    assert _leftovers(tmp_path) == []


def test_overwrite_replaces_existing_file(c_major, tmp_path):
    target = tmp_path / "tune.mid"
    target.write_bytes(b"old")
    write_melody(c_major, target)
    assert target.read_bytes().startswith(b"MThd")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tune.mid"]


def test_parent_is_a_file(c_major, tmp_path):
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("x")
    with pytest.raises(RenderError, match="not_a_folder") as info:
        write_melody(c_major, blocker / "tune.mid")
    assert "\n" not in str(info.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not_a_folder"]


def test_missing_parent_folder(c_major, tmp_path):
    with pytest.raises(RenderError, match="does not exist"):
        write_melody(c_major, tmp_path / "nowhere" / "tune.musicxml")
    assert list(tmp_path.iterdir()) == []


def test_target_is_a_folder(c_major, tmp_path):
    (tmp_path / "dir.mid").mkdir()
    with pytest.raises(RenderError, match="folder"):
        write_melody(c_major, tmp_path / "dir.mid")


def test_failed_write_leaves_no_partial_file(c_major, tmp_path, monkeypatch):
    target = tmp_path / "tune.mid"
    target.write_bytes(b"old")

    def half_write(self, fmt=None, fp=None, **kwargs):
        Path(fp).write_bytes(b"MThd half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(stream.Score, "write", half_write)
    with pytest.raises(RenderError, match="No space left on device"):
        write_melody(c_major, target)
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_interrupted_write_leaves_no_temp_file(c_major, tmp_path, monkeypatch):
    def interrupted(self, fmt=None, fp=None, **kwargs):
        Path(fp).write_bytes(b"MThd half")
        raise KeyboardInterrupt

    monkeypatch.setattr(stream.Score, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_melody(c_major, tmp_path / "tune.mid")
    assert list(tmp_path.iterdir()) == []


def test_melody_write_delegates_and_accepts_str(c_major, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = c_major.write("tune.musicxml", overwrite=False)
    assert path == (tmp_path / "tune.musicxml").resolve() and path.is_absolute()
    with pytest.raises(RenderError, match="exists"):
        c_major.write("tune.musicxml", overwrite=False)
