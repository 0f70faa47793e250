"""SoundFont audio: a music21 score played through a ``.sf2`` file by the midirenderer wheel (optional extra)."""

from __future__ import annotations

__all__ = ["render_soundfont", "score_to_midi_bytes"]

import io
import os
import wave
from pathlib import Path

import numpy as np

from music21 import stream
from music21.exceptions21 import Music21Exception
from music21.midi import translate

from composer.errors import RenderError
from composer.render._optional import require
from composer.render.synth import normalize_peak
from composer.safe_read import check_regular, read_limited


def score_to_midi_bytes(score: stream.Score) -> bytes:
    """Return ``score`` as a Standard MIDI file (bytes), as ``write('x.mid')`` would write it.

    Raises
    ------
    RenderError
        If music21 cannot translate the score.
    """
    try:
        return bytes(translate.streamToMidiFile(score).writestr())
    except Music21Exception as exc:
        raise RenderError(f"cannot make MIDI: music21 failed: {exc}") from exc


def render_soundfont(score: stream.Score, soundfont: str | os.PathLike[str]) -> bytes:
    """Play ``score`` through a SoundFont and return the audio as WAV bytes.

    The score goes through MIDI (velocities, instrument program and tempo included) and is
    rendered by ``midirenderer`` (a Rust synthesiser wheel, no system library); the WAV is
    stereo at the synthesiser's rate and lasts until the last note has died away, scaled by
    one gain to the built-in synthesiser's peak target (``TARGET_PEAK_DBFS``, -1 dBFS).

    Parameters
    ----------
    score : music21.stream.Score
        The music.
    soundfont : str or path-like
        A SoundFont 2 file (``.sf2``) whose presets cover the score's instrument programs.

    Returns
    -------
    bytes
        A complete WAV file.

    Raises
    ------
    MissingDependencyError
        If midirenderer is not installed (``pip install midirenderer``).
    RenderError
        If the SoundFont file is missing, unreadable or not a SoundFont.
    """
    path = Path(soundfont).expanduser()
    check_regular(path, "SoundFont", RenderError)
    midirenderer = require("midirenderer", "SoundFont audio")
    data = read_limited(path, "soundfont_bytes", "SoundFont", RenderError)
    if data[:4] != b"RIFF" or data[8:12] != b"sfbk":
        raise RenderError(f"{str(path)!r} is not a SoundFont 2 file (no RIFF 'sfbk' header)")
    try:
        rendered = bytes(midirenderer.render_wave_from(data, score_to_midi_bytes(score)))
    except (ValueError, RuntimeError) as exc:
        raise RenderError(f"cannot render with SoundFont {str(path)!r}: {exc}") from None
    return _normalized_wav(rendered)


def _normalized_wav(data: bytes) -> bytes:
    """A 16-bit PCM WAV scaled to the built-in synthesiser's peak target (other encodings as they are)."""
    with wave.open(io.BytesIO(data), "rb") as r:
        params = r.getparams()
        frames = r.readframes(r.getnframes())
    if params.sampwidth != 2:
        return data
    x = normalize_peak(np.frombuffer(frames, dtype="<i2").astype(np.float64) / 32767)
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setparams(params)
        w.writeframes(np.round(x * 32767).astype("<i2").tobytes())
    return buf.getvalue()
