"""Notebook display: the HTML holds the sheet music as <svg> and the audio as an <audio> element with a WAV inside."""

from __future__ import annotations

import base64
import io
import sys
import wave
from html.parser import HTMLParser

import numpy as np
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


def test_long_music_embeds_only_the_first_minute_and_says_so(monkeypatch):
    """A 40-bar slow melody lasts minutes; the page carries 60 s of audio (2.6 MB of WAV at most) and a note."""
    import composer
    from composer.render.html import NOTEBOOK_AUDIO_SECONDS, notebook_html

    monkeypatch.setitem(sys.modules, "verovio", None)
    m = composer.compose(-0.8, -0.8, bars=40, seed=1)
    assert m.seconds > 2 * NOTEBOOK_AUDIO_SECONDS
    html = notebook_html(m)
    assert _audio_seconds(_elements(html)) == pytest.approx(NOTEBOOK_AUDIO_SECONDS, abs=1 / NOTEBOOK_SAMPLE_RATE)
    assert len(html) < NOTEBOOK_AUDIO_SECONDS * NOTEBOOK_SAMPLE_RATE * 2 * 4 / 3 + 10_000
    whole = int(round(m.seconds))
    assert f"the first 1:00 of {whole // 60}:{whole % 60:02d}" in html
    short = notebook_html(m, max_audio_seconds=2.5)
    assert _audio_seconds(_elements(short)) == pytest.approx(2.5, abs=1 / NOTEBOOK_SAMPLE_RATE)
    with pytest.raises(composer.RenderError, match="max_audio_seconds"):
        notebook_html(m, max_audio_seconds=0)


def test_short_music_has_no_cut_note(c_major, monkeypatch):
    monkeypatch.setitem(sys.modules, "verovio", None)
    assert "composer-audio-cut" not in c_major._repr_html_()


def test_first_seconds_keeps_the_notes_that_start_before_the_cut():
    import composer
    from composer.render.html import first_seconds

    p = composer.compose(0.3, 0.2, bars=8, seed=2).to_performance()
    cut = p.length / 3
    q = first_seconds(p, cut)
    starts = p.onsets < cut
    np.testing.assert_array_equal(q.onsets, p.onsets[starts])
    np.testing.assert_array_equal(q.pitches, p.pitches[starts])
    assert q.length == cut and (q.onsets + q.durations <= cut + 1e-9).all()
    assert q.articulations == tuple(a for a, s in zip(p.articulations, starts) if s)
    assert first_seconds(p, p.length + 1) is p
