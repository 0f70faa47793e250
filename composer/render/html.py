"""Notebook display: sheet music (inline SVG) and an audio player (base64 WAV) as one HTML fragment.

The audio is embedded in the page (so a saved notebook still plays), at about 44 kB per
second of music before base64 (59 kB after): 3.5 MB per minute. Only the first
``NOTEBOOK_AUDIO_SECONDS`` are embedded, and a line under the player says so; ``write`` a
``.wav`` for the whole piece.
"""

from __future__ import annotations

__all__ = ["notebook_html", "NOTEBOOK_SAMPLE_RATE", "NOTEBOOK_AUDIO_SECONDS", "first_seconds"]

import base64
import dataclasses
import html
from typing import TYPE_CHECKING

import numpy as np

from composer.errors import MissingDependencyError, RenderError
from composer.render.performance import Performance
from composer.render.synth import normalize_peak, synthesize, wav_bytes

if TYPE_CHECKING:
    from composer.render.protocols import Renderable

#: Half the CD rate: the notebook's audio is embedded in the page, and this halves its size.
NOTEBOOK_SAMPLE_RATE = 22_050
#: Longest audio a notebook fragment embeds, in seconds: at most about 2.6 MB of WAV (3.5 MB as base64).
NOTEBOOK_AUDIO_SECONDS = 60.0


def first_seconds(performance: Performance, seconds: float) -> Performance:
    """The first ``seconds`` of ``performance``: the notes that start before then, cut at it.

    Parameters
    ----------
    performance : Performance
    seconds : float
        Where to cut, > 0; a performance no longer than this is returned as it is.

    Returns
    -------
    Performance
        ``length`` ``min(seconds, performance.length)``; bar lines up to it.
    """
    if performance.length <= seconds:
        return performance
    keep = performance.onsets < seconds
    onsets = performance.onsets[keep]
    return dataclasses.replace(
        performance, onsets=onsets, durations=np.minimum(performance.durations[keep], seconds - onsets),
        pitches=performance.pitches[keep], velocities=performance.velocities[keep],
        articulations=tuple(a for a, k in zip(performance.articulations, keep.tolist()) if k),
        length=float(seconds), bar_lines=performance.bar_lines[performance.bar_lines <= seconds])


def _clock(seconds: float) -> str:
    """``m:ss`` for a time in seconds."""
    whole = int(round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def notebook_html(source: "Renderable", *, caption: str = "", sample_rate: int = NOTEBOOK_SAMPLE_RATE,
                  max_audio_seconds: float = NOTEBOOK_AUDIO_SECONDS) -> str:
    """Return an HTML fragment that shows ``source``'s sheet music and plays it.

    The sheet music is verovio's SVG inline (when verovio is installed; otherwise a line
    says how to install it); the audio is the built-in synthesiser's WAV in an ``<audio
    controls>`` element with a ``data:audio/wav;base64`` source, so the fragment works
    offline and in a saved notebook.

    Parameters
    ----------
    source : Renderable
        A ``Melody`` or anything with ``to_stream()`` and ``to_performance()``.
    caption : str, optional
        A line of text above the music (escaped).
    sample_rate : int, optional
        Sample rate of the embedded audio.
    max_audio_seconds : float, optional
        Embed at most this many seconds of audio (> 0): the piece's beginning, with a line
        under the player giving both lengths (``NOTEBOOK_AUDIO_SECONDS`` by default).

    Returns
    -------
    str
        ``<div class="composer">...</div>``.
    """
    parts = ['<div class="composer">']
    if caption:
        parts.append(f"<p>{html.escape(caption)}</p>")
    try:
        from composer.render.notation import score_to_svg

        svg = score_to_svg(source.to_stream())
        parts.append(f'<div class="composer-score" style="overflow-x:auto">{svg}</div>')
    except MissingDependencyError as exc:
        parts.append(f'<p class="composer-no-score"><em>{html.escape(str(exc))}</em></p>')
    if not max_audio_seconds > 0:
        raise RenderError(f"max_audio_seconds must be > 0, got {max_audio_seconds}")
    whole = source.to_performance()
    played = first_seconds(whole, float(max_audio_seconds))
    audio = wav_bytes(normalize_peak(synthesize(played, sample_rate=sample_rate)), sample_rate=sample_rate)
    b64 = base64.b64encode(audio).decode("ascii")
    parts.append(f'<audio controls preload="metadata" src="data:audio/wav;base64,{b64}"></audio>')
    if played is not whole:
        parts.append(f'<p class="composer-audio-cut"><em>Audio: the first {_clock(played.length)} of '
                     f'{_clock(whole.length)}; write a .wav file for the whole piece.</em></p>')
    parts.append("</div>")
    return "\n".join(parts)
