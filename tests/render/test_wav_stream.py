"""WAV written in chunks equals the whole-file encoding, and audio length is bounded."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from composer.errors import LimitError
from composer.render import synth
from composer.render.synth import synthesize, wav_bytes, write_wav


def test_chunked_wav_equals_wav_bytes(tmp_path, monkeypatch):
    monkeypatch.setattr(synth, "_WAV_CHUNK", 1000)  # many chunks, one of them partial
    rng = np.random.default_rng(3)
    samples = rng.uniform(-1.3, 1.3, size=10_501)
    write_wav(tmp_path / "a.wav", samples, sample_rate=22050)
    assert (tmp_path / "a.wav").read_bytes() == wav_bytes(samples, sample_rate=22050)


def test_audio_length_is_bounded_before_allocation(c_major):
    perf = c_major.to_performance()
    long = dataclasses.replace(perf, onsets=perf.onsets + 1000.0, length=perf.length + 1000.0)
    with pytest.raises(LimitError, match="audio_seconds"):
        synthesize(long)
