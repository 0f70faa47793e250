"""MusicXML with the notation made measure by measure (``composer.render.musicxml``): the same
file as music21's own exporter writes (which remakes the notation of the whole score) for
melodies of every style over the valence/arousal square, pieces and arrangements."""

from __future__ import annotations

import gc
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from music21 import meter, note, stream
from music21.musicxml.m21ToXml import GeneralObjectExporter

import composer
from composer.render.musicxml import gc_paused, notated_in_place, write_musicxml

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
axis = st.floats(min_value=-1.0, max_value=1.0, allow_nan=False)


def _normal(xml: str) -> str:
    """The file without what differs between two writes of one score: the date and music21's random part ids."""
    xml = re.sub(r"<encoding-date>.*?</encoding-date>", "", xml)
    return re.sub(r"\b[PI][0-9a-f]{32}\b", "ID", xml)


def _music21(source) -> str:
    return _normal(GeneralObjectExporter(source.to_stream()).parse().decode("utf-8"))


def _ours(source, tmp_path: Path) -> str:
    path = tmp_path / "ours.musicxml"
    write_musicxml(source.to_stream(), path)
    return _normal(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("style", composer.list_styles())
@settings(max_examples=3, deadline=None)
@given(valence=axis, arousal=axis, seed=st.integers(0, 50), bars=st.integers(1, 12))
def test_melody_musicxml_is_music21s_file(style, valence, arousal, seed, bars, tmp_path_factory):
    m = composer.compose(valence, arousal, bars=bars, style=style, seed=seed, arrange=False)
    assert notated_in_place(m.to_stream())
    ours = _ours(m, tmp_path_factory.mktemp("x"))
    assert ours == _music21(m)


@pytest.mark.parametrize("make", [
    lambda: composer.score_cues(EXAMPLES / "lighthouse.yaml", arrange=False),
    lambda: composer.arrange(composer.compose(0.3, 0.6, bars=8, style="game", seed=1, arrange=False)),
    lambda: composer.arrange(composer.compose(0.3, -0.2, bars=8, style="hymn", seed=1, arrange=False)),
], ids=["piece", "arrangement", "chorale"])
def test_pieces_and_arrangements_are_music21s_file(make, tmp_path):
    source = make()
    assert notated_in_place(source.to_stream())  # key, metre and clef changes, grand staves: all measure by measure
    assert _ours(source, tmp_path) == _music21(source)


def test_a_score_not_in_full_measures_falls_back_to_music21(tmp_path):
    """A flat part (no measures) is left to music21's own notation, unchanged, and still written."""
    part = stream.Part([meter.TimeSignature("3/4")] + [note.Note("C5", quarterLength=0.5) for _ in range(9)])
    score = stream.Score([part])
    assert not notated_in_place(score)
    assert not score.parts[0].getElementsByClass(stream.Measure)
    path = tmp_path / "flat.musicxml"
    write_musicxml(score, path)
    text = path.read_text(encoding="utf-8")
    assert text.count("<measure ") == 2 and text.count("<note") == 9


def test_compressed_when_named_mxl(tmp_path):
    import zipfile

    m = composer.compose(0.1, 0.1, bars=2, seed=1)
    path = m.write(tmp_path / "m.mxl")
    with zipfile.ZipFile(path) as z:
        assert any(n.endswith(".musicxml") or n.endswith(".xml") for n in z.namelist())


@pytest.mark.parametrize("enabled", [True, False])
def test_gc_paused_restores_the_collector(enabled):
    (gc.enable if enabled else gc.disable)()
    try:
        with gc_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(ValueError), gc_paused():
            raise ValueError
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
