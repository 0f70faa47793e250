"""Performance: a melody's notes in seconds, checked against its ticks and tempo; joining sections."""

from __future__ import annotations

import numpy as np
import pytest

from composer.errors import RenderError
from composer.render import Performance, concatenate, melody_performance


def test_melody_performance_times(c_major):
    p = melody_performance(c_major)  # 120 bpm: a tick (sixteenth) is 0.125 s
    sounding = c_major.pitches >= 0
    assert p.n_notes == 8
    np.testing.assert_allclose(p.onsets, c_major.onsets[sounding] * 0.125)
    np.testing.assert_allclose(p.durations, c_major.ticks[sounding] * 0.125)
    assert p.pitches.tolist() == c_major.pitches[sounding].tolist()
    assert p.velocities.tolist() == c_major.velocities[sounding].tolist()
    assert p.articulations == ("normal",) * 8
    assert p.length == pytest.approx(4.0) == pytest.approx(c_major.seconds)
    np.testing.assert_allclose(p.bar_lines, [0.0, 2.0, 4.0])
    assert p.curve is None and "valence +0.70" in p.title


def test_six_eight_bar_lines(make_melody):
    m = make_melody([67, 69, 71, 72], [6, 6, 6, 6], meter="6/8", tempo=90, articulation="staccato")
    p = m.to_performance()
    np.testing.assert_allclose(p.bar_lines, [0, 2.0, 4.0])  # 3 quarters at 90 bpm
    assert p.articulations == ("staccato",) * 4


def test_concatenate_shifts_sections_and_curves(c_major, make_melody):
    a = melody_performance(c_major)
    b = melody_performance(make_melody([62, 64], [8, 8], tempo=60))  # 4 s
    b = Performance(b.onsets, b.durations, b.pitches, b.velocities, b.articulations, b.length, b.bar_lines,
                    curve=[(0, 0.5, -0.5), (4, -0.2, 0.3)])
    ab = concatenate([a, b], title="two")
    assert ab.n_notes == 10 and ab.length == pytest.approx(8.0) and ab.title == "two"
    np.testing.assert_allclose(ab.onsets[-2:], [4.0, 6.0])
    np.testing.assert_allclose(ab.bar_lines, [0, 2, 4, 8])
    np.testing.assert_allclose(ab.curve, [[4, 0.5, -0.5], [8, -0.2, 0.3]])
    with pytest.raises(RenderError):
        concatenate([])


@pytest.mark.parametrize(("changes", "message"), [
    (dict(onsets=[1.0, 0.5]), "time order"),
    (dict(durations=[0.5, 0.0]), "positive"),
    (dict(pitches=[60, 128]), "0..127"),
    (dict(velocities=[0, 64]), "1..127"),
    (dict(articulations=("normal", "pizzicato")), "pizzicato"),
    (dict(length=0.5), "cover"),
    (dict(pitches=[60]), "one entry per note"),
    (dict(curve=[(0, 2.0, 0)]), r"\[-1, 1\]"),
])
def test_bad_performances_are_refused(changes, message):
    base = dict(onsets=[0.0, 0.5], durations=[0.5, 0.5], pitches=[60, 62], velocities=[64, 64],
                articulations=("normal", "normal"), length=1.0, bar_lines=[0.0, 1.0])
    with pytest.raises(RenderError, match=message):
        Performance(**{**base, **changes})
