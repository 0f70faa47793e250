"""Notebook display: sheet music (inline SVG) and an audio player (base64 WAV) as one HTML fragment."""

from __future__ import annotations

__all__ = ["notebook_html", "NOTEBOOK_SAMPLE_RATE"]

import base64
import html
from typing import TYPE_CHECKING

from composer.errors import MissingDependencyError
from composer.render.synth import normalize_peak, synthesize, wav_bytes

if TYPE_CHECKING:
    from composer.render.protocols import Renderable

#: Half the CD rate: the notebook's audio is embedded in the page, and this halves its size.
NOTEBOOK_SAMPLE_RATE = 22_050


def notebook_html(source: "Renderable", *, caption: str = "", sample_rate: int = NOTEBOOK_SAMPLE_RATE) -> str:
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
    audio = wav_bytes(normalize_peak(synthesize(source.to_performance(), sample_rate=sample_rate)),
                      sample_rate=sample_rate)
    b64 = base64.b64encode(audio).decode("ascii")
    parts.append(f'<audio controls preload="metadata" src="data:audio/wav;base64,{b64}"></audio>')
    parts.append("</div>")
    return "\n".join(parts)
