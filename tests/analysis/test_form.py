"""Rhythm, repetition and contour features, and the Yang–Lerch overlap, on melodies built by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import composer
from composer.analysis import FEATURE_NAMES, Line, features, line_from_melody, overlaps, yl_features
from composer.analysis.overlap import overlap


def _line(bars: list[list[tuple[int, int]]], bar_ticks: int = 16) -> Line:
    """A line from bars of (pitch, length in sixteenths)."""
    midi, onset, dur = [], [], []
    for b, notes in enumerate(bars):
        t = b * bar_ticks
        for p, d in notes:
            midi.append(p); onset.append(t); dur.append(d); t += d
    return Line(midi, onset, dur, bar_ticks)


MOTIF = [(60, 4), (62, 2), (64, 2), (65, 4), (67, 4)]
UP_A_STEP = [(p + 2, d) for p, d in MOTIF]


def test_a_period_repeats_its_first_bar_transposed_at_bar_five_and_falls_to_its_cadences():
    bars = [MOTIF, [(69, 8), (67, 8)], [(65, 4), (64, 4), (62, 4), (64, 4)], [(62, 16)],
            UP_A_STEP, [(69, 8), (67, 8)], [(65, 4), (64, 4), (62, 4), (59, 4)], [(60, 16)]]
    f = features(_line(bars))
    assert f["bar5_repeat"] == 1.0
    assert f["sim_back4"] > f["sim_back1"]
    assert f["phrase_end_length"] == pytest.approx(16 / 8)
    assert f["phrase_fall"] < -1
    assert f["durations"] == 4 and f["range"] == 69 - 59


def test_one_note_value_throughout_has_no_rhythmic_variability():
    bars = [[(60 + (b + i) % 5, 4) for i in range(4)] for b in range(8)]
    f = features(_line(bars))
    assert f["modal_share"] == 1.0 and f["npvi"] == 0.0 and f["durations"] == 1
    assert f["bar_rhythms"] == pytest.approx(1 / 8)


def test_npvi_of_alternating_long_short_is_the_textbook_value():
    # |4-2| / 3 = 2/3 for every pair: nPVI = 66.7
    bars = [[(60, 4), (62, 2), (64, 4), (65, 2), (67, 4)]]
    assert features(_line(bars))["npvi"] == pytest.approx(200 / 3)


def test_a_different_fifth_bar_is_no_repeat():
    bars = [MOTIF] * 4 + [[(72, 2)] * 8]
    assert features(_line(bars))["bar5_repeat"] == 0.0


@given(v=st.floats(-1, 1), a=st.floats(-1, 1), seed=st.integers(0, 3))
def test_every_composed_melody_has_every_feature_in_its_range(v, a, seed):
    m = composer.compose(valence=v, arousal=a, bars=8, seed=seed)
    f = features(line_from_melody(m))
    assert set(f) == set(FEATURE_NAMES)
    assert 0 < f["modal_share"] <= 1 and 0 < f["bar_rhythms"] <= 1
    assert 0 <= f["sim_back1"] <= 1 and 0 <= f["sim_back4"] <= 1
    assert f["range"] == m.pitches[m.pitches >= 0].max() - m.pitches[m.pitches >= 0].min()


def test_overlap_is_one_for_the_same_sample_and_small_for_far_apart_ones():
    rng = np.random.default_rng(0)
    x = rng.normal(size=2000)
    assert overlap(x, x) == pytest.approx(1.0, abs=1e-6)
    assert overlap(x, x + 10) < 0.01


def test_a_set_overlaps_itself_more_than_a_transposed_set():
    rng = np.random.default_rng(1)

    def tune(low: int, lengths: list[int]) -> Line:
        return _line([[(int(low + rng.integers(0, 12)), int(d)) for d in rng.permutation(lengths)]
                      for _ in range(4)])

    lines = [tune(60, [4, 4, 2, 2, 2, 2]) for _ in range(16)]
    far = [tune(30, [8, 1, 1, 1, 1, 4]) for _ in range(16)]
    ref = [yl_features(ln, 0) for ln in lines]
    same = overlaps(ref[:6], ref[6:])
    other = overlaps([yl_features(ln, 0) for ln in far], ref)
    assert np.mean(list(same.values())) > np.mean(list(other.values()))


def test_bad_lines_are_refused():
    with pytest.raises(ValueError, match="one length"):
        Line([60, 62], [0], [4, 4], 16)
    with pytest.raises(ValueError, match="at least 2 notes"):
        features(Line([60], [0], [4], 16))
