"""The multi-section hook: several melodies as one score (marks only where things change) and one performance."""

from __future__ import annotations

import numpy as np
import pytest
from music21 import expressions, key, meter, stream, tempo

from composer.errors import RenderError
from composer.render.sections import ScoreSection, sections_performance, sections_to_stream


@pytest.fixture
def three(make_melody):
    a = make_melody([60, 62, 64, 65, 67, 65, 64, 60], [4] * 8, tempo=100.0)  # 2 bars of C major, 4/4
    b = make_melody([69, 71, 72, 69], [4, 4, 4, 4], tempo=100.0, tonic=9, mode="aeolian")  # 1 bar, A minor
    c = make_melody([67, 69, 67, 64, 62, 67], [6, 6, 4, 4, 4, 12], tempo=132.0, tonic=9, mode="aeolian",
                    meter="6/8")  # 3 bars of 6/8... 36 ticks
    return [ScoreSection(a, "Intro", ((0, 100.0), (8, 104.0), (12, 108.0))),
            ScoreSection(b, None),  # no mark, the melody's own tempo
            ScoreSection(c, "Dance")]


def _part(score):
    return score.parts[0]


def test_measures_follow_on_with_marks_only_where_things_change(three):
    score = sections_to_stream(three, title="Three")
    part = _part(score)
    measures = list(part.getElementsByClass(stream.Measure))
    assert [m.number for m in measures] == [1, 2, 3, 4, 5, 6]
    assert score.metadata.title == "Three"
    marks = [(m.number, r.content) for m in measures for r in m.getElementsByClass(expressions.RehearsalMark)]
    assert marks == [(1, "Intro"), (4, "Dance")]
    keys = [(m.number, k.tonic.name, k.mode) for m in measures for k in m.getElementsByClass(key.Key)]
    assert keys == [(1, "C", "major"), (3, "A", "minor")]  # the Dance keeps A minor: no new signature
    sigs = [(m.number, t.ratioString) for m in measures for t in m.getElementsByClass(meter.TimeSignature)]
    assert sigs == [(1, "4/4"), (4, "6/8")]
    mms = [(m.number, float(x.offset), x.number, round(x.getQuarterBPM(), 9))
           for m in measures for x in m.getElementsByClass(tempo.MetronomeMark)]
    # the ramp inside bar 1..2 sounds but is not printed (number None); section b's 100 is shown again
    # (108 sounds before it); the dance at 132 quarters is 88 dotted quarters in 6/8
    assert mms == [(1, 0.0, 100, 100.0), (1, 2.0, None, 104.0), (1, 3.0, None, 108.0), (3, 0.0, 100, 100.0),
                   (4, 0.0, 88, 132.0)]
    words = [w.content for m in measures for w in m.getElementsByClass(expressions.TextExpression)]
    assert words == ["accel."]
    assert [m.rightBarline.type if m.rightBarline else None for m in measures] == \
        [None, "double", "double", None, None, "final"]


def test_the_performance_times_every_note_with_the_tempo_maps(three):
    perf = sections_performance(three, title="x", curve=np.array([[0.0, 0.1, 0.2]]))
    q = 60.0 / 100
    # quarter notes at 100, 100, then 104 from tick 8 and 108 from tick 12 on (bar 2 too)
    expected = [0, q, 2 * q, 2 * q + 60 / 104, 2 * q + 60 / 104 + 60 / 108]
    assert np.allclose(perf.onsets[:5], expected)
    a_len = 2 * q + 60 / 104 + 5 * 60 / 108
    b_len = 4 * q
    c_len = 36 / 4 * 60 / 132
    assert perf.length == pytest.approx(a_len + b_len + c_len)
    assert perf.n_notes == 8 + 4 + 6 and perf.curve.shape == (1, 3)
    assert np.isclose(perf.bar_lines, a_len).any() and np.isclose(perf.bar_lines, a_len + b_len).any()


def test_bad_input_is_a_render_error(three, make_melody):
    with pytest.raises(RenderError, match="at least one section"):
        sections_to_stream([])
    with pytest.raises(RenderError, match="at least one section"):
        sections_performance([])
    m = three[0].melody
    with pytest.raises(RenderError, match="starts with a mark at tick 0"):
        sections_to_stream([ScoreSection(m, "x", ((4, 100.0),))])
    with pytest.raises(RenderError, match="ticks must increase"):
        sections_performance([ScoreSection(m, "x", ((0, 100.0), (8, 90.0), (8, 80.0)))])
    with pytest.raises(RenderError, match="after its last bar"):
        sections_to_stream([ScoreSection(m, "x", ((0, 100.0), (400, 90.0)))])
