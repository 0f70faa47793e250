"""A style's instrument reaches every output: the MIDI program, the MusicXML part, the built-in timbre; WAV loudness."""

from __future__ import annotations

import itertools
import re

import music21
import numpy as np
import pytest

import composer
from composer.render.instruments import display_name, gm_instrument
from composer.render.performance import Performance
from composer.render.synth import SAMPLE_RATE, TARGET_PEAK_DBFS, synthesize
from composer.render.timbres import TIMBRES, timbre_for
from composer.rules.instruments import GM_PROGRAMS, gm_program
from tests.render.test_synth import read_wav

STYLES = composer.list_styles()
NEUTRAL = composer.Affect(0.0, 0.0)


def _style_instrument(style: str, affect: composer.Affect = NEUTRAL) -> str:
    return composer.load_style(style).evaluate(affect).parameters.instrument


def _midi_programs(path) -> list[int]:
    mf = music21.midi.MidiFile()
    mf.open(str(path))
    mf.read()
    mf.close()
    return [e.data for t in mf.tracks for e in t.events if e.type == music21.midi.ChannelVoiceMessages.PROGRAM_CHANGE]


@pytest.mark.parametrize("style", STYLES)
def test_each_style_writes_its_instrument_in_midi_and_musicxml(style, tmp_path):
    m = composer.compose(affect=NEUTRAL, bars=2, seed=1, style=style, arrange=False)
    name = m.parameters.instrument
    assert name == _style_instrument(style)
    assert set(_midi_programs(m.write(tmp_path / "m.mid"))) == {gm_program(name)}
    xml = m.write(tmp_path / "m.musicxml").read_text()
    assert re.findall(r"<part-name>(.*?)</part-name>", xml) == [display_name(name)]
    assert re.findall(r"<instrument-name>(.*?)</instrument-name>", xml) == [display_name(name)]
    assert re.findall(r"<midi-program>(\d+)</midi-program>", xml) == [str(gm_program(name) + 1)]  # 1-based in MusicXML


def test_the_shipped_styles_have_different_instruments_and_timbres():
    instruments = {s: _style_instrument(s) for s in STYLES}
    assert {s: timbre_for(i).name for s, i in instruments.items()} == {
        "default": "piano", "film": "pad", "folk": "bowed", "game": "lead", "hymn": "organ"}


def test_every_program_has_a_timbre_and_a_music21_instrument():
    for name in GM_PROGRAMS:
        assert timbre_for(name).name in TIMBRES
        assert gm_instrument(name).midiProgram == gm_program(name)


def _harmonics(x: np.ndarray, freq: float, n: int = 8) -> np.ndarray:
    """Magnitudes of harmonics 1..n over 16384 samples from 0.3 s, as a unit vector."""
    seg = x[int(0.3 * SAMPLE_RATE):int(0.3 * SAMPLE_RATE) + 16384]
    spec = np.abs(np.fft.rfft(seg * np.hanning(seg.size)))
    f = np.fft.rfftfreq(seg.size, 1 / SAMPLE_RATE)
    h = np.array([spec[np.abs(f - k * freq) < 0.3 * freq].max() for k in range(1, n + 1)])
    return h / np.linalg.norm(h)


def _one_note(instrument: str, midi: int = 57) -> np.ndarray:
    return synthesize(Performance([0.0], [1.5], [midi], [90], ("normal",), 2.0, [0.0, 2.0], instrument=instrument))


def _rms(x: np.ndarray, a: float, b: float) -> float:
    return float(np.sqrt(np.mean(x[int(a * SAMPLE_RATE):int(b * SAMPLE_RATE)] ** 2)))


def test_the_styles_sound_different_by_their_spectra():
    # The same note (A3, 1.5 s) in each style's instrument: harmonic profile plus how the level moves.
    freq = 440 * 2 ** ((57 - 69) / 12)
    features = {}
    for style in STYLES:
        x = _one_note(_style_instrument(style))
        grows = np.log(_rms(x, 1.1, 1.3) / _rms(x, 0.05, 0.25))
        features[style] = np.append(_harmonics(x, freq), grows)
    for a, b in itertools.combinations(STYLES, 2):
        assert np.linalg.norm(features[a] - features[b]) > 0.15, (a, b)
    h = {s: f[:8] for s, f in features.items()}
    assert h["game"][1] < 0.02 and h["game"][3] < 0.02 and h["game"][2] > 0.2  # square wave: odd harmonics only
    assert h["hymn"][4] < 0.02 and h["hymn"][5] > 0.1  # drawbars 1, 2, 3, 4, 6, 8: no fifth harmonic
    assert h["default"][0] > 0.95 and h["folk"][0] < 0.9  # the piano's round tone, the fiddle's bright saw
    assert features["film"][8] > 0.2  # the pad swells


def test_plucked_notes_die_away_and_organ_notes_hold():
    guitar, organ = _one_note("acoustic_guitar_nylon"), _one_note("church_organ")
    assert _rms(guitar, 1.1, 1.3) < 0.2 * _rms(guitar, 0.02, 0.2)
    assert _rms(organ, 1.1, 1.3) == pytest.approx(_rms(organ, 0.1, 0.3), rel=0.1)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("affect", [composer.Affect(-1.0, -1.0), composer.Affect(1.0, 1.0)], ids=["quietest", "loudest"])
def test_wav_peak_is_the_stated_target_for_every_style_and_extreme(style, affect, tmp_path):
    m = composer.compose(affect=affect, bars=2, seed=1, style=style)
    samples, _ = read_wav(m.write(tmp_path / "m.wav"))
    peak_db = 20 * np.log10(np.abs(samples).max())
    assert peak_db == pytest.approx(TARGET_PEAK_DBFS, abs=0.01)


def test_one_gain_keeps_the_dynamics_relative(tmp_path):
    # Two notes, velocity 40 then 110: after normalising, the loud one is still louder by as much.
    p = Performance([0.0, 1.0], [0.9, 0.9], [69, 69], [40, 110], ("normal", "normal"), 2.0, [0.0, 2.0])
    raw = synthesize(p)
    from composer.render.synth import normalize_peak

    out = normalize_peak(raw)
    assert _rms(out, 1.0, 1.5) / _rms(out, 0.0, 0.5) == pytest.approx(_rms(raw, 1.0, 1.5) / _rms(raw, 0.0, 0.5))
    assert np.abs(out).max() == pytest.approx(10 ** (TARGET_PEAK_DBFS / 20))
