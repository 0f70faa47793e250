"""Sheet music: a music21 score as MusicXML, as SVG engraved by verovio, and as PNG through cairosvg."""

from __future__ import annotations

__all__ = ["score_to_musicxml", "score_to_svg", "svg_to_png", "SVG_SCALE"]

import re

from music21 import stream
from music21.exceptions21 import Music21Exception
from music21.musicxml.m21ToXml import GeneralObjectExporter

from composer.errors import RenderError
from composer.render._optional import require

#: Verovio's zoom in percent: 40 gives a staff about 7 px high per space on screen.
SVG_SCALE = 40
#: Page width in verovio units for long music; shorter music gets a narrower page.
_MAX_PAGE_WIDTH = 2100
_MIN_PAGE_WIDTH = 1400  # the title must fit
#: Taller than any piece, so that every system lands on the one page cropped by
#: ``adjustPageHeight``: one SVG sized to the music.
_PAGE_HEIGHT = 60000
#: SMuFL characters verovio writes as text in its Leipzig font (tempo marks), and the
#: Unicode music symbols that any text font can draw instead (Cairo cannot use the
#: web font verovio embeds in the SVG).
_SMUFL_TEXT = {
    "\ueca3": "\U0001d15e",  # metNoteHalfUp
    "\ueca5": "\u2669",  # metNoteQuarterUp
    "\ueca7": "\u266a",  # metNote8thUp
    "\uecb7": ".",  # metAugmentationDot
}


def score_to_musicxml(score: stream.Score) -> str:
    """Return ``score`` as a MusicXML document (text).

    Raises
    ------
    RenderError
        If music21 cannot export the score.
    """
    try:
        return GeneralObjectExporter(score).parse().decode("utf-8")
    except Music21Exception as exc:
        raise RenderError(f"cannot export MusicXML: music21 failed: {exc}") from exc


def _page_width(score: stream.Score) -> int:
    """Verovio page width: about 380 units a measure, between the title's width and a full page."""
    parts = list(score.parts)
    n_measures = len(parts[0].getElementsByClass(stream.Measure)) if parts else 1
    return max(_MIN_PAGE_WIDTH, min(_MAX_PAGE_WIDTH, 600 + 380 * n_measures))


def score_to_svg(score: stream.Score, *, scale: int = SVG_SCALE) -> str:
    """Engrave ``score`` with verovio as one SVG image sized to the music.

    The page is as wide as the music needs (up to a full page, then systems break) and
    exactly as tall as its systems, title included. Each note is an SVG group of class
    ``note`` holding a ``notehead`` group.

    Parameters
    ----------
    score : music21.stream.Score
        The music (see ``composer.render.melody_to_stream``).
    scale : int, optional
        Verovio's zoom in percent (10..200).

    Returns
    -------
    str
        An SVG document.

    Raises
    ------
    MissingDependencyError
        If verovio is not installed (``pip install verovio``).
    RenderError
        If verovio cannot read the score.
    """
    if not 10 <= int(scale) <= 200:
        raise RenderError(f"scale must be 10..200 percent, got {scale}")
    verovio = require("verovio", "SVG sheet music")
    xml = score_to_musicxml(score)
    tk = verovio.toolkit()
    tk.setOptions({
        "pageWidth": _page_width(score),
        "pageHeight": _PAGE_HEIGHT,
        "adjustPageHeight": True,
        "scale": int(scale),
        "breaks": "auto",
        "header": "auto",
        "footer": "none",
        "bottomMarginHeader": 6,
        "pageMarginTop": 50,
        "pageMarginBottom": 50,
        "pageMarginLeft": 50,
        "pageMarginRight": 50,
    })
    if not tk.loadData(xml):
        raise RenderError("verovio could not read the MusicXML of the score")
    pages = tk.getPageCount()
    if pages != 1:  # cannot happen with the page height above; never drop music silently
        raise RenderError(f"verovio laid the music out on {pages} pages, expected one")
    return str(tk.renderToSVG(1))


def _plain_text_symbols(svg: str) -> str:
    """Replace verovio's SMuFL text glyphs (tempo marks) with Unicode symbols in a common font."""

    def swap(match: re.Match[str]) -> str:
        text = "".join(_SMUFL_TEXT.get(ch, ch) for ch in match.group(2))
        return f'<tspan font-family="DejaVu Sans, sans-serif"{match.group(1)}>{text}</tspan>'

    return re.sub(r'<tspan font-family="Leipzig"([^>]*)>([^<]*)</tspan>', swap, svg)


def svg_to_png(svg: str, *, zoom: float = 2.0) -> bytes:
    """Rasterise an SVG document (from ``score_to_svg``) to PNG bytes with cairosvg.

    Parameters
    ----------
    svg : str
        The SVG document.
    zoom : float, optional
        Pixels per SVG pixel (2 gives a sharp image on high-density screens), 0.25..8.

    Returns
    -------
    bytes
        A PNG file on a white background.

    Raises
    ------
    MissingDependencyError
        If cairosvg (``pip install cairosvg``) or the Cairo library is missing.
    """
    if not 0.25 <= float(zoom) <= 8:
        raise RenderError(f"zoom must be 0.25..8, got {zoom}")
    cairosvg = require("cairosvg", "PNG sheet music")
    try:
        return bytes(cairosvg.svg2png(bytestring=_plain_text_symbols(svg).encode("utf-8"), scale=float(zoom),
                                      background_color="white"))
    except (ValueError, TypeError) as exc:
        raise RenderError(f"cairosvg could not rasterise the SVG: {exc}") from exc
