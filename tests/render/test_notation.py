"""Sheet music: verovio's SVG has one note head per note, PNG rasterises it, and missing packages say what to install."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET

import pytest

import composer
from composer.errors import MissingDependencyError, RenderError
from composer.render import melody_to_stream
from composer.render.notation import score_to_svg, svg_to_png

pytest.importorskip("verovio")

SVG_NS = "{http://www.w3.org/2000/svg}"


def note_heads(svg: str) -> int:
    """Count verovio's note-head groups (``<g class="notehead">`` inside each ``<g class="note">``)."""
    root = ET.fromstring(svg)
    return sum(1 for g in root.iter(f"{SVG_NS}g") if g.get("class", "").split()[:1] == ["notehead"])


def svg_size(svg: str) -> tuple[float, float]:
    root = ET.fromstring(svg)
    return float(root.get("width").removesuffix("px")), float(root.get("height").removesuffix("px"))


@pytest.mark.parametrize(("valence", "arousal", "bars", "seed"), [(0.7, 0.4, 8, 1), (-0.6, -0.5, 4, 3), (-0.3, 0.9, 16, 2)])
def test_svg_has_a_note_head_per_note(tmp_path, valence, arousal, bars, seed):
    m = composer.compose(valence=valence, arousal=arousal, bars=bars, seed=seed)
    svg = m.write(tmp_path / "m.svg").read_text()
    assert note_heads(svg) == m.n_notes
    assert svg.count('class="note"') == m.n_notes  # the note groups themselves


def test_rests_and_six_eight(make_melody):
    m = make_melody([67, -1, 71, 72, 74, -1, 71, 67], [6, 6, 2, 2, 2, 6, 6, 6], meter="6/8", tonic=7)
    svg = score_to_svg(melody_to_stream(m))
    assert note_heads(svg) == m.n_notes == 6
    assert len(re.findall(r'class="rest"', svg)) == 2


def test_svg_is_sized_to_the_music():
    short = composer.compose(valence=0.2, arousal=0.1, bars=1, seed=1)
    long = composer.compose(valence=0.2, arousal=0.1, bars=24, seed=1)
    (w1, h1), (w2, h2) = svg_size(score_to_svg(short.to_stream())), svg_size(score_to_svg(long.to_stream()))
    assert w1 < w2 and h1 < h2  # a short tune is a narrow single system; a long one wraps onto more systems
    assert h2 > 2.5 * h1


def test_png_sheet_music(c_major, tmp_path):
    pytest.importorskip("cairosvg")
    data = c_major.write(tmp_path / "t.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    w, h = svg_size(score_to_svg(c_major.to_stream()))
    assert (width, height) == (round(2 * w), round(2 * h))  # zoom 2


def test_png_draws_the_tempo_glyph_with_a_text_font():
    from composer.render.notation import _plain_text_symbols

    svg = '<text><tspan font-family="Leipzig" font-size="720px">\ueca5</tspan><tspan> = 120</tspan></text>'
    assert _plain_text_symbols(svg) == ('<text><tspan font-family="DejaVu Sans, sans-serif" font-size="720px">\u2669'
                                        '</tspan><tspan> = 120</tspan></text>')


@pytest.mark.parametrize(("modules", "name", "install"), [
    (["verovio"], "t.svg", "pip install verovio (or the extra notation of composer-emotion: pip install 'composer-emotion[notation]')"),
    (["verovio"], "t.png", "pip install verovio (or the extra notation of"),
    (["cairosvg"], "t.png", "pip install cairosvg (or the extra png of composer-emotion: pip install 'composer-emotion[png]')"),
    (["verovio", "cairosvg"], "t.png", "pip install verovio cairosvg (or the extras notation and png of composer-emotion: "
                                       "pip install 'composer-emotion[notation,png]')"),
])
def test_missing_package_names_every_missing_piece_and_writes_nothing(c_major, tmp_path, monkeypatch, modules, name,
                                                                      install):
    for module in modules:
        monkeypatch.setitem(sys.modules, module, None)  # import now fails as if it were not installed
    with pytest.raises(MissingDependencyError) as info:
        c_major.write(tmp_path / name)
    assert install in str(info.value)
    assert isinstance(info.value, RenderError) and isinstance(info.value, ImportError)
    assert list(tmp_path.iterdir()) == []


def test_bad_scale_and_zoom(c_major):
    with pytest.raises(RenderError, match="scale"):
        score_to_svg(c_major.to_stream(), scale=5)
    with pytest.raises(RenderError, match="zoom"):
        svg_to_png("<svg/>", zoom=100)
