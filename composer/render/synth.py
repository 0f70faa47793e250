"""The built-in synthesiser: a ``Performance`` as audio samples and WAV bytes, with numpy only.

Each note is a band-limited additive tone (harmonics ``k = 1, 2, ...`` below 45% of the
sample rate) under an attack-decay-sustain-release envelope:

- **velocity** sets the level (amplitude ``PEAK × (velocity / 127) ** 1.5``, about 28 dB
  from velocity 30 to 127) and the brightness (louder notes have stronger upper
  harmonics), as on a real instrument;
- **articulation** sets how long the note sounds: staccato sounds for ``GATE["staccato"]``
  (half) of its written length, normal for 90%, legato (tenuto) for all of it, and each
  then dies away over its ``RELEASE`` time, so legato notes overlap the next one slightly.

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
    "synthesize",
    "wav_bytes",
    "expected_samples",
]

import io
import wave

import numpy as np

from composer.errors import RenderError
from composer.render.performance import Performance

#: CD-quality sample rate, Hz.
SAMPLE_RATE = 44_100
#: Fraction of the written length a note sounds before its release, by articulation (also the
#: performed note lengths of MIDI files, ``composer.render.performed``).
GATE: dict[str, float] = {"staccato": 0.5, "normal": 0.9, "legato": 1.0}
#: Release time in seconds, by articulation.
RELEASE: dict[str, float] = {"staccato": 0.03, "normal": 0.06, "legato": 0.12}
#: Amplitude of a velocity-127 note (full scale is 1); two overlapping notes stay below 1.
PEAK = 0.42
_ATTACK = 0.008  # s
_DECAY = 0.18  # s, time constant of the fall from the attack peak to the sustain level
_SUSTAIN = 0.55
_MIN_SOUNDING = 0.025  # s: even a very short staccato note is heard
_MAX_HARMONICS = 12
_END_FADE = 0.005  # s


def expected_samples(length: float, *, sample_rate: int = SAMPLE_RATE, tail: float = 0.0) -> int:
    """Number of samples ``synthesize`` returns for music ``length`` seconds long plus ``tail``."""
    return int(round((length + tail) * sample_rate))


def _held(t: np.ndarray) -> np.ndarray:
    """Envelope of a held note at times ``t`` (s): a linear attack, then a decay to the sustain level."""
    return np.where(t < _ATTACK, t / _ATTACK, _SUSTAIN + (1 - _SUSTAIN) * np.exp(-(t - _ATTACK) / _DECAY))


def _note(freq: float, velocity: int, sounding: float, release: float, sample_rate: int) -> np.ndarray:
    """Samples of one note: ``sounding`` seconds held, then ``release`` seconds dying away."""
    n = max(1, int(round((sounding + release) * sample_rate)))
    t = np.arange(n) / sample_rate
    env = _held(t)
    after = t >= sounding
    env[after] = _held(np.array(sounding)) * np.clip(1 - (t[after] - sounding) / release, 0, 1) ** 2
    loud = velocity / 127.0
    k = np.arange(1, _MAX_HARMONICS + 1, dtype=np.float64)
    k = k[k * freq < 0.45 * sample_rate]
    weights = k ** -(2.4 - 1.3 * loud)  # brighter when louder
    partials = weights[:, None] * np.exp(-np.outer(k - 1, t) * 1.5) * np.sin(2 * np.pi * freq * np.outer(k, t))
    tone = partials.sum(axis=0) / weights.sum()
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
    total = expected_samples(performance.length, sample_rate=sample_rate, tail=tail)
    out = np.zeros(total, dtype=np.float64)
    for onset, dur, midi, vel, art in zip(performance.onsets, performance.durations, performance.pitches,
                                          performance.velocities, performance.articulations):
        start = int(round(onset * sample_rate))
        if start >= total:
            continue
        sounding = max(_MIN_SOUNDING, dur * GATE[art])
        samples = _note(440.0 * 2 ** ((midi - 69) / 12), int(vel), sounding, RELEASE[art], sample_rate)
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
