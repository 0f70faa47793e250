"""SoundFont audio: a melody played through a (tiny, generated) .sf2 has the melody's pitch; clear errors otherwise."""

from __future__ import annotations

import io
import sys
import wave

import numpy as np
import pytest

from composer.errors import MissingDependencyError, RenderError
from tests.render.sf2 import sine_soundfont


@pytest.fixture
def sf2(tmp_path):
    path = tmp_path / "sine.sf2"
    path.write_bytes(sine_soundfont())
    return path


def test_soundfont_wav_plays_the_melody(make_melody, tmp_path, sf2):
    pytest.importorskip("midirenderer")
    m = make_melody([69, 76, -1, 64], [4, 4, 4, 4], tempo=60)  # A4, E5, rest, E4: one second each
    path = m.write(tmp_path / "t.wav", soundfont=sf2)
    with wave.open(str(path)) as w:
        rate, channels = w.getframerate(), w.getnchannels()
        x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").reshape(-1, channels)[:, 0].astype(float)
    assert x.size >= 4 * rate * 0.99  # the written length at least (plus the synthesiser's release)
    assert 20 * np.log10(np.abs(x).max() / 32767) == pytest.approx(-1.0, abs=0.01)  # the peak target

    def pitch(start: float) -> float:
        seg = x[int((start + 0.1) * rate):int((start + 0.8) * rate)]
        spectrum = np.abs(np.fft.rfft(seg * np.hanning(seg.size)))
        return float(np.fft.rfftfreq(seg.size, 1 / rate)[np.argmax(spectrum)])

    assert pitch(0) == pytest.approx(440.0, rel=0.01)
    assert pitch(1) == pytest.approx(659.26, rel=0.01)
    assert pitch(3) == pytest.approx(329.63, rel=0.01)
    rest = x[int(2.5 * rate):int(2.9 * rate)]
    assert np.sqrt(np.mean(rest**2)) < 0.05 * np.sqrt(np.mean(x[int(0.1 * rate):int(0.8 * rate)] ** 2))


def test_missing_midirenderer_names_the_extra(c_major, tmp_path, sf2, monkeypatch):
    monkeypatch.setitem(sys.modules, "midirenderer", None)
    with pytest.raises(MissingDependencyError, match=r"pip install midirenderer .*'composer-emotion\[soundfont\]'"):
        c_major.write(tmp_path / "t.wav", soundfont=sf2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sine.sf2"]


def test_missing_and_bad_soundfont_files(c_major, tmp_path):
    with pytest.raises(RenderError, match="no such file"):
        c_major.write(tmp_path / "t.wav", soundfont=tmp_path / "nope.sf2")
    bad = tmp_path / "bad.sf2"
    bad.write_bytes(b"RIFF\0\0\0\0WAVEjunk")
    with pytest.raises(RenderError, match="not a SoundFont"):
        c_major.write(tmp_path / "t.wav", soundfont=bad)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.sf2"]


def test_builtin_synth_is_the_default(c_major, tmp_path):
    with wave.open(io.BytesIO(c_major.write(tmp_path / "t.wav").read_bytes())) as w:
        assert (w.getnchannels(), w.getframerate()) == (1, 44100)
