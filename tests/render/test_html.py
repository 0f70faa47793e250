"""Notebook display: the HTML holds the sheet music as <svg> and the audio as an <audio> element with a WAV inside."""

from __future__ import annotations

import base64
import io
import sys
import wave
from html.parser import HTMLParser

import pytest

from composer.render.html import NOTEBOOK_SAMPLE_RATE


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def _elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.found


def _audio_seconds(elements) -> float:
    (audio,) = [attrs for tag, attrs in elements if tag == "audio"]
    assert "controls" in audio
    prefix = "data:audio/wav;base64,"
    assert audio["src"].startswith(prefix)
    with wave.open(io.BytesIO(base64.b64decode(audio["src"][len(prefix):]))) as w:
        assert w.getframerate() == NOTEBOOK_SAMPLE_RATE
        return w.getnframes() / w.getframerate()


def test_repr_html_has_svg_and_audio(c_major):
    pytest.importorskip("verovio")
    html = c_major._repr_html_()
    elements = _elements(html)
    tags = [tag for tag, _ in elements]
    assert "svg" in tags and "audio" in tags
    assert sum(1 for tag, attrs in elements if tag == "g" and attrs.get("class") == "note") == c_major.n_notes
    assert _audio_seconds(elements) == pytest.approx(c_major.seconds, abs=1 / NOTEBOOK_SAMPLE_RATE)
    assert "Melody: C ionian" in html


def test_without_verovio_the_audio_stays_and_the_html_says_what_to_install(c_major, monkeypatch):
    monkeypatch.setitem(sys.modules, "verovio", None)
    html = c_major._repr_html_()
    elements = _elements(html)
    assert "svg" not in [tag for tag, _ in elements]
    assert "pip install verovio" in html and "composer-emotion[notation]" in html
    assert _audio_seconds(elements) == pytest.approx(c_major.seconds, abs=1 / NOTEBOOK_SAMPLE_RATE)
