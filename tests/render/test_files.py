"""write / write_melody: files that read back as the same music, the format chosen by the ending, written atomically."""

from __future__ import annotations

import os
import stat
import tempfile
import wave
import zipfile
from pathlib import Path

import pytest
from music21 import articulations, converter, key, meter, stream, tempo

from composer.errors import RenderError
from composer.render import SUPPORTED_EXTENSIONS, write, write_melody
from composer.render.files import format_for
from composer.render.synth import GATE


def _events(score: stream.Score) -> list:
    (part,) = score.parts
    return list(part.recurse().notesAndRests)


def _midi(ev) -> int:
    return -1 if ev.isRest else int(ev.pitch.midi)


def _assert_performed(back: stream.Score, pitches: list, ticks: list, gate: float) -> None:
    """The MIDI read back has each sounding note at its onset, ``gate`` of its written length
    (the last, which ends the music, its whole length)."""
    onsets = [sum(ticks[:i]) / 4 for i in range(len(ticks))]
    notes = list(back.recurse().notes)
    assert [int(n.pitch.midi) for n in notes] == [p for p in pitches if p >= 0]
    assert [float(n.getOffsetInHierarchy(back)) for n in notes] == pytest.approx(
        [o for o, p in zip(onsets, pitches) if p >= 0], abs=1e-2)
    lengths = [t / 4 * gate for t, p in zip(ticks, pitches) if p >= 0]
    lengths[-1] = ticks[-1] / 4  # the last note rings to the written end
    assert [float(n.quarterLength) for n in notes] == pytest.approx(lengths, abs=1e-2)


# --- MIDI ---------------------------------------------------------------------


@pytest.mark.parametrize("articulation", ["normal", "staccato", "legato"])
def test_midi_round_trip(make_melody, tmp_path, articulation):
    pitches = [60, 62, 64, -1, 67, 65, 64, 62, 60]
    ticks = [4, 4, 4, 4, 2, 2, 2, 2, 8]
    velocities = [100, 90, 80, 0, 70, 60, 50, 40, 1]
    m = make_melody(pitches, ticks, velocities, articulation=articulation, tempo=96)
    path = write_melody(m, tmp_path / "tune.mid")
    assert path == (tmp_path / "tune.mid").resolve() and path.is_file()
    back = converter.parse(path, quantizePost=False)
    # Notes start where written and sound for the articulation's share of their length
    # (the performed MIDI, composer.render.performed); the rest of the time is silence.
    _assert_performed(back, pitches, ticks, GATE[articulation])
    # Exact velocities whatever the articulation: music21 would otherwise shift them by
    # about +-6 for staccato/tenuto, and drop a tenuto note of velocity 1 altogether.
    assert [e.volume.velocity for e in back.recurse().notes] == [v for p, v in zip(pitches, velocities) if p >= 0]
    (mm,) = back.recurse().getElementsByClass(tempo.MetronomeMark)
    assert mm.getQuarterBPM() == pytest.approx(96.0)
    assert back.recurse().getElementsByClass(meter.TimeSignature).first().ratioString == "4/4"


def test_midi_keeps_key_signature_and_six_eight(make_melody, tmp_path):
    m = make_melody([63, 65, 67, 68, 70, 72, 74, 75], [6, 6, 2, 2, 2, 6, 6, 6], meter="6/8", tonic=3)
    back = converter.parse(write_melody(m, tmp_path / "tune.midi"), quantizePost=False)
    assert back.recurse().getElementsByClass(meter.TimeSignature).first().ratioString == "6/8"
    assert back.recurse().getElementsByClass(key.KeySignature).first().sharps == -3
    _assert_performed(back, m.pitches.tolist(), m.ticks.tolist(), GATE[m.parameters.articulation])


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
    assert SUPPORTED_EXTENSIONS == (".mid", ".midi", ".musicxml", ".xml", ".mxl", ".abc", ".svg", ".png", ".roll.png", ".wav")
    assert format_for("a/b.MID") == "midi"
    assert format_for("x.mxl") == "mxl"
    assert format_for("x.png") == "png"
    assert format_for("x.Roll.PNG") == "pianoroll"
    assert format_for("x.wav") == "wav"


@pytest.mark.parametrize("name", ["tune.wav2", "tune", "tune.mid.txt", "tune.mp3"])
def test_unknown_extension(c_major, tmp_path, name):
    with pytest.raises(RenderError, match=r"\.mid, \.midi, \.musicxml, \.xml, \.mxl, \.abc, \.svg, \.png, \.roll\.png, \.wav"):
        write_melody(c_major, tmp_path / name)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["tune.mid", "tune.musicxml", "tune.abc", "tune.svg", "tune.wav", "tune.roll.png"])
def test_existing_file_is_kept_by_default(c_major, tmp_path, name):
    target = tmp_path / name
    target.write_bytes(b"precious")
    with pytest.raises(RenderError, match="exists") as info:
        write_melody(c_major, target)
    assert "overwrite=True" in str(info.value) and "\n" not in str(info.value)
    assert target.read_bytes() == b"precious"
    assert _leftovers(tmp_path) == []
    with pytest.raises(RenderError, match="exists"):
        c_major.write(target)
    assert target.read_bytes() == b"precious"


def test_overwrite_replaces_existing_file(c_major, tmp_path):
    target = tmp_path / "tune.mid"
    target.write_bytes(b"old")
    write_melody(c_major, target, overwrite=True)
    assert target.read_bytes().startswith(b"MThd")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tune.mid"]


def test_written_file_gets_ordinary_permissions(c_major, tmp_path):
    # mkstemp makes 0600 files; the renamed file must get what open() would give it.
    mask = os.umask(0)
    os.umask(mask)
    path = write_melody(c_major, tmp_path / "tune.abc")
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask


@pytest.mark.parametrize(("option", "value", "name"), [("soundfont", "x.sf2", "a.mid"), ("curve", [(0, 0, 0)], "a.wav")])
def test_option_for_another_format_is_refused(c_major, tmp_path, option, value, name):
    with pytest.raises(RenderError, match="applies to"):
        write(c_major, tmp_path / name, **{option: value})
    assert list(tmp_path.iterdir()) == []


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
    target = tmp_path / "tune.musicxml"  # written by music21 (MIDI is written by mido: the byte test below)
    target.write_bytes(b"old")

    def half_write(self, fmt=None, fp=None, **kwargs):
        Path(fp).write_bytes(b"MThd half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(stream.Score, "write", half_write)
    with pytest.raises(RenderError, match="No space left on device"):
        write_melody(c_major, target, overwrite=True)
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("name", ["tune.mid", "tune.abc", "tune.svg", "tune.png", "tune.wav", "tune.roll.png"])
def test_failed_byte_write_leaves_no_partial_file(c_major, tmp_path, monkeypatch, name):
    real_write_bytes = Path.write_bytes

    def half_write(self, data):
        real_write_bytes(self, data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    def half_frames(self, data):
        real_frames(self, data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    real_frames = wave.Wave_write.writeframes
    monkeypatch.setattr(Path, "write_bytes", half_write)
    monkeypatch.setattr(wave.Wave_write, "writeframes", half_frames)  # .wav is streamed in chunks
    with pytest.raises(RenderError, match="No space left on device"):
        write_melody(c_major, tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_interrupted_write_leaves_no_temp_file(c_major, tmp_path, monkeypatch):
    def interrupted(self, fmt=None, fp=None, **kwargs):
        Path(fp).write_bytes(b"MThd half")
        raise KeyboardInterrupt

    monkeypatch.setattr(stream.Score, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_melody(c_major, tmp_path / "tune.musicxml")  # a music21-written format
    assert list(tmp_path.iterdir()) == []


def test_interrupted_midi_write_leaves_no_temp_file(c_major, tmp_path, monkeypatch):
    def interrupted(self, data):
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "write_bytes", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_melody(c_major, tmp_path / "tune.mid")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write into a read-only folder")
def test_read_only_folder(c_major, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(RenderError, match="Permission denied"):
            write_melody(c_major, folder / "tune.wav")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_unwritable_folder_gives_one_line_and_no_file(c_major, tmp_path, monkeypatch):
    # The same failure as a read-only folder, made so that it also happens as root.
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(RenderError, match="Permission denied") as info:
        write_melody(c_major, tmp_path / "tune.svg")
    assert str(tmp_path / "tune.svg") in str(info.value) and "\n" not in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_melody_write_delegates_and_accepts_str(c_major, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = c_major.write("tune.musicxml")
    assert path == (tmp_path / "tune.musicxml").resolve() and path.is_absolute()
    with pytest.raises(RenderError, match="exists"):
        c_major.write("tune.musicxml")
    assert c_major.write("tune.musicxml", overwrite=True) == path
