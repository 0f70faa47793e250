"""The built-in synthesiser: a ``Performance`` as audio samples and WAV bytes, with numpy only.

Each note is a band-limited additive tone (harmonics ``k = 1, 2, ...`` below 45% of the
sample rate) under an attack-decay-sustain-release envelope, in the timbre of the
performance's instrument (``composer.render.timbres``: piano, plucked, organ, bowed, pad,
lead, flute; the harmonics, envelope and vibrato are the timbre's), or, for music of several
parts (a ``Performance`` with ``programs``, such as an arrangement's), in each note's own
part's timbre, the parts mixed by adding their samples:

- **velocity** sets the level (amplitude ``PEAK × (velocity / 127) ** 1.5``, about 19 dB
  from velocity 30 to 127) and the brightness (louder notes have stronger upper
  harmonics), as on a real instrument;
- **articulation** sets how long the note sounds: staccato sounds for ``GATE["staccato"]``
  (half) of its written length, normal for 90%, legato (tenuto) for all of it, and each
  then dies away over its ``RELEASE`` time, so legato notes overlap the next one slightly.

**Loudness.** ``synthesize`` keeps the level that velocities give; a written WAV (``.wav``
files, the notebook's player) is then scaled by one gain so that its peak is
``TARGET_PEAK_DBFS`` (-1 dBFS, 0.891 of full scale; :func:`normalize_peak`). One gain for the
whole piece keeps its dynamics relative: a ``p`` section stays quieter than an ``f`` one.

The audio lasts exactly the written length of the music, ``round(length × sample_rate)``
samples (for a melody, ``bars × quarter notes per bar × 60 / tempo`` seconds, tempo in
quarter notes per minute), plus ``tail`` seconds when asked, so that the last note can ring
out. The last 5 ms are faded to silence so that a note cut by the end does not click.
"""

from __future__ import annotations

__all__ = [
    "SAMPLE_RATE",
    "GATE",
    "RELEASE",
    "PEAK",
    "TARGET_PEAK_DBFS",
    "synthesize",
    "normalize_peak",
    "wav_bytes",
    "write_wav",
    "expected_samples",
]

import io
import os
import wave

import numpy as np

from composer.errors import RenderError
from composer.limits import check_at_most
from composer.render.performance import Performance
from composer.render.timbres import Timbre, timbre_for

#: CD-quality sample rate, Hz.
SAMPLE_RATE = 44_100
#: Fraction of the written length a note sounds before its release, by articulation (also the
#: performed note lengths of MIDI files, ``composer.render.performed``).
GATE: dict[str, float] = {"staccato": 0.5, "normal": 0.9, "legato": 1.0}
#: Release time in seconds, by articulation.
RELEASE: dict[str, float] = {"staccato": 0.03, "normal": 0.06, "legato": 0.12}
#: Amplitude of a velocity-127 note (full scale is 1); two overlapping notes stay below 1.
PEAK = 0.42
#: Peak level of a written WAV in dB relative to full scale.
TARGET_PEAK_DBFS = -1.0
_MIN_SOUNDING = 0.025  # s: even a very short staccato note is heard
_MAX_HARMONICS = 12
_END_FADE = 0.005  # s


def expected_samples(length: float, *, sample_rate: int = SAMPLE_RATE, tail: float = 0.0) -> int:
    """Number of samples ``synthesize`` returns for music ``length`` seconds long plus ``tail``."""
    return int(round((length + tail) * sample_rate))


def normalize_peak(samples: np.ndarray, *, peak_dbfs: float = TARGET_PEAK_DBFS) -> np.ndarray:
    """Scale audio by one gain so that its largest absolute sample is ``peak_dbfs`` dB of full scale.

    Parameters
    ----------
    samples : ndarray of float, any shape
        Audio in [-1, 1]; silence (all zeros) is returned unchanged.
    peak_dbfs : float, optional
        The target peak, -60..0 dBFS.

    Returns
    -------
    ndarray of float64, the same shape
        ``samples × 10 ** (peak_dbfs / 20) / max|samples|``.
    """
    if not -60.0 <= float(peak_dbfs) <= 0.0:
        raise RenderError(f"peak_dbfs must be -60..0 dB, got {peak_dbfs}")
    x = np.asarray(samples, dtype=np.float64)
    peak = float(np.abs(x).max()) if x.size else 0.0
    return x if peak == 0.0 else x * (10 ** (float(peak_dbfs) / 20) / peak)


def _held(t: np.ndarray, timbre: Timbre) -> np.ndarray:
    """Envelope of a held note at times ``t`` (s): a linear attack, then a decay to the sustain level."""
    a, s = timbre.attack, timbre.sustain
    return np.where(t < a, t / a, s + (1 - s) * np.exp(-(t - a) / timbre.decay))


def _note(freq: float, velocity: int, sounding: float, release: float, sample_rate: int,
          timbre: Timbre) -> np.ndarray:
    """Samples of one note: ``sounding`` seconds held, then ``release`` seconds dying away."""
    n = max(1, int(round((sounding + release) * sample_rate)))
    t = np.arange(n) / sample_rate
    env = _held(t, timbre)
    after = t >= sounding
    env[after] = _held(np.array(sounding), timbre) * np.clip(1 - (t[after] - sounding) / release, 0, 1) ** 2
    loud = velocity / 127.0
    k = np.arange(1, _MAX_HARMONICS + 1, dtype=np.float64)
    k = k[k * freq < 0.45 * sample_rate]
    weights = timbre.weights(k.size, loud)
    keep = weights > 0
    k, weights = k[keep], weights[keep]
    phase = 2 * np.pi * freq * t
    if timbre.vibrato_depth:  # frequency × (1 + depth × cos(2π rate t)), integrated
        phase = phase + timbre.vibrato_depth * freq / timbre.vibrato_rate * np.sin(2 * np.pi * timbre.vibrato_rate * t)
    partials = np.sin(np.outer(k, phase))
    if timbre.partial_decay:
        partials *= np.exp(-np.outer(k - 1, t) * timbre.partial_decay)
    tone = weights @ partials / weights.sum()
    return PEAK * loud**1.5 * env * tone


def synthesize(performance: Performance, *, sample_rate: int = SAMPLE_RATE, tail: float = 0.0) -> np.ndarray:
    """Render a performance to mono audio with the built-in synthesiser.

    Parameters
    ----------
    performance : Performance
        The notes in seconds.
    sample_rate : int, optional
        Samples per second, 8000..192000.
    tail : float, optional
        Seconds of audio after the written end, so the last note can ring out (0..10).

    Returns
    -------
    ndarray of float64, shape (round((length + tail) × sample_rate),)
        Samples in [-1, 1].
    """
    if not 8000 <= int(sample_rate) <= 192_000:
        raise RenderError(f"sample_rate must be 8000..192000 Hz, got {sample_rate}")
    if not 0.0 <= float(tail) <= 10.0:
        raise RenderError(f"tail must be 0..10 seconds, got {tail}")
    check_at_most("audio_seconds", float(performance.length) + float(tail), "audio length in seconds")
    total = expected_samples(performance.length, sample_rate=sample_rate, tail=tail)
    out = np.zeros(total, dtype=np.float64)
    programs = performance.programs or (performance.instrument,) * performance.n_notes
    timbres = {name: timbre_for(name) for name in set(programs)}
    for onset, dur, midi, vel, art, program in zip(performance.onsets, performance.durations, performance.pitches,
                                                   performance.velocities, performance.articulations, programs):
        timbre = timbres[program]
        start = int(round(onset * sample_rate))
        if start >= total:
            continue
        sounding = max(_MIN_SOUNDING, dur * GATE[art])
        samples = _note(440.0 * 2 ** ((midi - 69) / 12), int(vel), sounding, RELEASE[art], sample_rate, timbre)
        stop = min(total, start + samples.size)
        out[start:stop] += samples[: stop - start]
    fade = min(total, int(_END_FADE * sample_rate))
    if fade:
        out[total - fade:] *= np.linspace(1.0, 0.0, fade)
    return np.clip(out, -1.0, 1.0)


def wav_bytes(samples: np.ndarray, *, sample_rate: int = SAMPLE_RATE) -> bytes:
    """Encode mono samples in [-1, 1] as a 16-bit PCM WAV file.

    Parameters
    ----------
    samples : ndarray of float, shape (n,)
        Audio in [-1, 1] (values outside are clipped).
    sample_rate : int, optional
        Samples per second.

    Returns
    -------
    bytes
        A complete WAV file (RIFF header and data).
    """
    pcm = np.round(np.clip(np.asarray(samples, dtype=np.float64), -1.0, 1.0) * 32767).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(int(sample_rate))
        w.writeframes(pcm.tobytes())
    return buf.getvalue()


#: Samples converted to 16-bit PCM at a time by ``write_wav`` (bounds the extra memory to a few MB).
_WAV_CHUNK = 1 << 18


def write_wav(path: str | os.PathLike[str], samples: np.ndarray, *, sample_rate: int = SAMPLE_RATE) -> None:
    """Write mono samples in [-1, 1] as a 16-bit PCM WAV file, converting a chunk at a time.

    The same file as ``wav_bytes``, without holding the whole PCM data (or a copy of it)
    in memory: peak memory is the float samples plus one chunk.

    Parameters
    ----------
    path : path-like
        The file to write.
    samples : ndarray of float, shape (n,)
        Audio in [-1, 1] (values outside are clipped).
    sample_rate : int, optional
        Samples per second.
    """
    samples = np.asarray(samples, dtype=np.float64)
    with wave.open(os.fspath(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(int(sample_rate))
        for i in range(0, samples.size, _WAV_CHUNK):
            chunk = np.round(np.clip(samples[i:i + _WAV_CHUNK], -1.0, 1.0) * 32767).astype("<i2")
            w.writeframes(chunk.tobytes())
