"""Tempo marks as an engraver writes them, read from the written MusicXML of multi-section pieces."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

import composer
from composer.affect import AffectCurve


def _measures(path) -> list[ET.Element]:
    return ET.parse(str(path)).getroot().find("part").findall("measure")


@pytest.mark.parametrize("style", ["default", "film", "hymn"])
def test_one_whole_number_mark_per_bar_and_ramps_as_words_then_the_target(style, tmp_path):
    curve = AffectCurve([(0, (0.3, -0.8)), (10, (0.3, 0.8)), (20, (-0.4, -0.6))], interpolation="step")
    piece = composer.compose_curve(curve, sections=[0, 10, 20, 30], seconds=30, seed=1, style=style)
    measures = _measures(piece.write(tmp_path / "p.musicxml"))
    ramps = 0
    for i, m in enumerate(measures):
        shown = m.findall("direction/direction-type/metronome")
        assert len(shown) <= 1, f"bar {i + 1}: {len(shown)} metronome marks"
        for mark in shown:
            assert re.fullmatch(r"\d+", mark.find("per-minute").text), mark.find("per-minute").text  # whole numbers
        words = [w.text for w in m.findall("direction/direction-type/words") if w.text]
        if any(w in ("accel.", "rit.") for w in words):
            ramps += 1
            # the target is the next shown mark, and it goes the way the words say
            before = [int(x.find("per-minute").text) for mm in measures[:i + 1]
                      for x in mm.findall("direction/direction-type/metronome")][-1]
            after = next(int(x.find("per-minute").text) for mm in measures[i + 1:]
                         for x in mm.findall("direction/direction-type/metronome"))
            assert (after > before) == ("accel." in words), (i + 1, words, before, after)
    assert ramps == sum(1 for s in piece.sections if len(s.tempo_map) > 1) >= 1

