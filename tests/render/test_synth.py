"""The built-in synthesiser: WAV length by the documented rule, pitch, loudness and articulation you can measure."""

from __future__ import annotations

import io
import wave

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from composer.errors import RenderError
from composer.render import Performance, synthesize, wav_bytes
from composer.render.synth import SAMPLE_RATE, TARGET_PEAK_DBFS, expected_samples
from composer.theory.meter import METERS, get_meter


def read_wav(path_or_bytes) -> tuple[np.ndarray, int]:
    """Samples in [-1, 1] and the sample rate of a mono 16-bit WAV."""
    src = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else str(path_or_bytes)
    with wave.open(src, "rb") as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32767
        return data, w.getframerate()


def rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(x**2))) if x.size else 0.0


def one_note(velocity=100, articulation="normal", midi=69, dur=1.0, length=2.0) -> Performance:
    return Performance([0.0], [dur], [midi], [velocity], (articulation,), length, [0.0, length])


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])  # make_melody is stateless
@given(meter=st.sampled_from(sorted(METERS)), tempo=st.floats(30, 240), bars=st.integers(1, 4),
       events=st.lists(st.tuples(st.sampled_from([1, 2, 3, 4, 6, 8]), st.integers(-1, 90)), min_size=1, max_size=40))
# A quiet melody (one sixteenth note, then rests) once had an RMS under 0.01: WAVs are now peak-normalised.
@example(meter="4/4", tempo=240.0, bars=4, events=[(1, 0)])
def test_wav_lasts_bars_times_beats_times_60_over_tempo(make_melody, tmp_path_factory, meter, tempo, bars, events):
    bar_ticks = get_meter(meter).bar_ticks
    ticks, pitches, left = [], [], bars * bar_ticks  # the drawn events, cycled and cut to fill the bars exactly
    while left:
        t, p = events[len(ticks) % len(events)]
        ticks.append(min(t, left))
        pitches.append(p if p >= 40 else -1)
        left -= ticks[-1]
    pitches[0] = 60
    m = make_melody(pitches, ticks, tempo=tempo, meter=meter)
    path = m.write(tmp_path_factory.mktemp("w") / "m.wav")
    samples, rate = read_wav(path)
    quarters_per_bar = bar_ticks / 4
    seconds = bars * quarters_per_bar * 60 / tempo
    assert rate == SAMPLE_RATE
    assert samples.size == round(seconds * rate)  # the documented rule, to the sample
    assert np.abs(samples).max() == pytest.approx(10 ** (TARGET_PEAK_DBFS / 20), abs=1e-4)  # -1 dBFS


def test_composed_melody_wav_is_loud_enough_and_not_clipped(tmp_path):
    import composer

    m = composer.compose(valence=0.7, arousal=0.4, bars=4, seed=1)
    samples, rate = read_wav(m.write(tmp_path / "m.wav"))
    assert samples.size == round(m.bars * 4 * 60 / m.parameters.tempo * rate)
    assert 0.02 < rms(samples) and np.abs(samples).max() < 0.99


def test_tail_adds_ring_out():
    p = one_note(articulation="legato", dur=2.0, length=2.0)
    plain, ringing = synthesize(p), synthesize(p, tail=0.5)
    assert plain.size == expected_samples(2.0) == 88200
    assert ringing.size == expected_samples(2.0, tail=0.5) == 88200 + 22050
    assert rms(ringing[88200:88200 + 2000]) > 0.001  # the release sounds after the written end


@pytest.mark.parametrize("midi", [45, 60, 69, 84])
def test_pitch_is_the_notes_frequency(midi):
    x = synthesize(one_note(midi=midi))
    seg = x[2205:2205 + 16384]
    spectrum = np.abs(np.fft.rfft(seg * np.hanning(seg.size)))
    peak = np.fft.rfftfreq(seg.size, 1 / SAMPLE_RATE)[np.argmax(spectrum)]
    assert peak == pytest.approx(440 * 2 ** ((midi - 69) / 12), rel=0.01)


def test_velocity_is_audible():
    quiet, loud = synthesize(one_note(velocity=40)), synthesize(one_note(velocity=110))
    assert rms(loud) > 3 * rms(quiet)


def _sounding_until(x: np.ndarray, threshold: float = 1e-3) -> float:
    """Seconds until the last sample whose 10 ms window is above ``threshold`` RMS."""
    win = 441
    frames = x[: x.size // win * win].reshape(-1, win)
    loud = np.flatnonzero(np.sqrt((frames**2).mean(axis=1)) > threshold)
    return (loud[-1] + 1) * win / SAMPLE_RATE if loud.size else 0.0


def test_articulation_is_audible():
    ends = {a: _sounding_until(synthesize(one_note(articulation=a, dur=1.0, length=2.0))) for a in ("staccato", "normal", "legato")}
    assert 0.45 < ends["staccato"] < 0.6  # half the note, then a short release
    assert 0.85 < ends["normal"] < 1.0
    assert 1.0 < ends["legato"] < 1.15  # held to the end, then released over the next note


def test_empty_and_bad_arguments():
    silent = synthesize(Performance([], [], [], [], (), 1.0, [0.0, 1.0]))
    assert silent.size == SAMPLE_RATE and not silent.any()
    with pytest.raises(RenderError, match="sample_rate"):
        synthesize(one_note(), sample_rate=100)
    with pytest.raises(RenderError, match="tail"):
        synthesize(one_note(), tail=-1)


def test_wav_bytes_header_and_clipping():
    data = wav_bytes(np.array([0.0, 0.5, -2.0, 2.0]), sample_rate=8000)
    samples, rate = read_wav(data)
    assert rate == 8000 and data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    np.testing.assert_allclose(samples, [0.0, 0.5, -1.0, 1.0], atol=1e-4)


def test_wav_option_sample_rate_and_tail(c_major, tmp_path):
    samples, rate = read_wav(c_major.write(tmp_path / "t.wav", sample_rate=22050, tail=0.25))
    assert rate == 22050 and samples.size == round((4.0 + 0.25) * 22050)
