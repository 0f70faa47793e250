"""Affect coercion, the emotion-word table, and AffectCurve interpolation, sections and smoothing."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import composer
from composer.affect import Affect, as_affect
from composer.curve import INTERPOLATIONS, AffectCurve, smooth_affects
from composer.emotions import emotion_affect, emotion_words
from composer.errors import AffectError, ComposerError

unit = st.floats(-1.0, 1.0, allow_nan=False)
affects = st.tuples(unit, unit)


@st.composite
def curves(draw, min_size=1, max_size=8):
    n = draw(st.integers(min_size, max_size))
    gaps = draw(st.lists(st.floats(0.01, 100.0), min_size=n, max_size=n))
    t0 = draw(st.floats(-50.0, 50.0))
    times = t0 + np.cumsum(gaps)
    values = draw(st.lists(affects, min_size=n, max_size=n))
    interpolation = draw(st.sampled_from(INTERPOLATIONS))
    return AffectCurve(list(zip(times.tolist(), values)), interpolation=interpolation)


# -- as_affect -------------------------------------------------------------------------------

def test_as_affect_reads_every_form():
    a = Affect(0.25, -0.5)
    assert as_affect(a) is a
    assert as_affect((0.25, -0.5)) == a
    assert as_affect([0.25, -0.5]) == a
    assert as_affect(np.array([0.25, -0.5])) == a
    assert as_affect(np.array([0.25, -0.5], dtype=np.float32)) == a
    assert as_affect({"valence": 0.25, "arousal": -0.5}) == a
    assert as_affect("Serene") == emotion_words()["serene"].affect
    assert as_affect("at_ease") == emotion_words()["at ease"].affect


@pytest.mark.parametrize("value, message", [
    ("tnese", "did you mean 'tense'"),
    ({"valance": 0.1, "arousal": 0.2}, "did you mean 'valence'"),
    ({"valence": 0.1}, "missing key 'arousal'"),
    ((0.1, 0.2, 0.3), "got 3 values"),
    ((1.5, 0.0), "valence must be in [-1, 1]"),
    (np.zeros(3), "shape (2,)"),
    (42, "cannot read an emotion"),
    ((True, 0.0), "valence must be a number"),
])
def test_as_affect_errors_say_what_is_wrong(value, message):
    with pytest.raises(AffectError) as e:
        as_affect(value)
    assert message in str(e.value)


def test_compose_accepts_an_emotion_word():
    m = composer.compose(affect="tense", bars=1, beam_width=4, seed=0)
    assert m.affect == emotion_affect("tense")
    with pytest.raises(AffectError, match="did you mean 'sad'"):
        composer.compose(affect="sadd", bars=1)
    with pytest.raises(ComposerError):
        composer.compose(0.1, 0.2, affect="calm")


# -- emotion words ---------------------------------------------------------------------------

def test_emotion_table_is_large_sourced_and_on_the_circumplex():
    table = emotion_words()
    assert len(table) >= 40
    for w in table.values():
        assert w.source in {"R80", "S05", "P"}
        assert 0 <= w.radius <= 1
        assert math.hypot(w.affect.valence, w.affect.arousal) == pytest.approx(w.radius, abs=2e-3)
    assert sum(w.source == "R80" for w in table.values()) == 28  # Russell's 28 affect words
    # Quadrants the issue names.
    assert table["tense"].affect.arousal > 0.5
    assert table["triumphant"].affect.valence > 0.5 and table["triumphant"].affect.arousal > 0.3
    assert table["melancholy"].affect.valence < -0.3 and table["melancholy"].affect.arousal < 0
    assert table["serene"].affect.valence > 0.3 and table["serene"].affect.arousal < -0.3


def test_emotion_table_valence_agrees_with_vader_human_ratings():
    # An independent check of the table's valence: VADER's lexicon holds the mean of ten
    # human ratings (-4..4) for many of these words; strong ratings must agree in sign.
    from composer.story.reading.lexicon_estimator import vader_analyzer

    lex = vader_analyzer().lexicon
    pairs = [(w.affect.valence, lex[k]) for k, w in emotion_words().items() if k in lex and abs(lex[k]) >= 1.0]
    assert len(pairs) >= 25
    agree = sum(np.sign(v) == np.sign(r) for v, r in pairs if abs(v) >= 0.1)
    considered = sum(abs(v) >= 0.1 for v, _ in pairs)
    assert agree / considered >= 0.9
    assert np.corrcoef(*zip(*pairs))[0, 1] > 0.7


# -- AffectCurve -----------------------------------------------------------------------------

@pytest.mark.parametrize("keyframes, message", [
    ([], "at least one keyframe"),
    ([(0, (0, 0)), (0, (0.1, 0.1))], "keyframe 1 (t=0): times must increase"),
    ([(0, (0, 0)), (float("nan"), (0, 0))], "keyframe 1: time must be finite"),
    ([(0, (0, 0)), (1, (0, 2))], "keyframe 1 (t=1): arousal must be in [-1, 1]"),
    ([(0, "joyfull")], "keyframe 0 (t=0): unknown emotion word 'joyfull' (did you mean 'joyful'?)"),
    ([(0, 1, 2)], "keyframe 0: expected a (time, affect) pair"),
    ([("soon", (0, 0))], "keyframe 0: time must be a number"),
])
def test_curve_validation_names_the_keyframe(keyframes, message):
    with pytest.raises(AffectError) as e:
        AffectCurve(keyframes)
    assert message in str(e.value)


def test_curve_unknown_interpolation_suggests():
    with pytest.raises(AffectError, match="did you mean 'smooth'"):
        AffectCurve([(0, (0, 0))], interpolation="smoth")


@settings(max_examples=60)
@given(curves())
def test_curve_passes_through_its_keyframes(curve):
    got = curve.sample(curve.times)
    np.testing.assert_allclose(got, curve.values, atol=1e-12)


@settings(max_examples=60)
@given(curves(min_size=2), st.lists(st.floats(0, 1), min_size=1, max_size=20))
def test_curve_stays_between_neighbouring_keyframes(curve, fractions):
    # Never outside [-1, 1], and (no overshoot) never outside the values of the two keyframes around t.
    ts = curve.start + np.array(fractions) * curve.duration
    got = curve.sample(ts)
    assert np.all(np.abs(got) <= 1.0)
    piece = np.clip(np.searchsorted(curve.times, ts, side="right") - 1, 0, len(curve) - 2)
    lo = np.minimum(curve.values[piece], curve.values[piece + 1])
    hi = np.maximum(curve.values[piece], curve.values[piece + 1])
    assert np.all(got >= lo - 1e-12) and np.all(got <= hi + 1e-12)


@settings(max_examples=40)
@given(curves(), st.floats(-1e4, 1e4))
def test_curve_holds_its_end_values_outside(curve, t):
    v = curve.sample([curve.start - abs(t) - 1, curve.end + abs(t) + 1])
    np.testing.assert_allclose(v, curve.values[[0, -1]], atol=1e-12)


def test_interpolations_differ_as_documented():
    keys = [(0, (-1, -1)), (10, (1, 1)), (20, (1, 1)), (30, (-1, 0))]
    lin, smooth, step = (AffectCurve(keys, interpolation=i) for i in INTERPOLATIONS)
    assert lin(5) == Affect(0.0, 0.0)
    assert step(5) == Affect(-1.0, -1.0) and step(10) == Affect(1.0, 1.0)
    # The monotone cubic is flat on the plateau between equal keyframes (no overshoot above 1).
    assert smooth(15) == Affect(1.0, 1.0)
    s = smooth.sample(np.linspace(0, 10, 101))[:, 0]
    assert np.all(np.diff(s) >= -1e-12)  # monotone where the keyframes are


@settings(max_examples=40)
@given(curves(min_size=2))
def test_curve_means_match_fine_numerical_integration(curve):
    a, b = curve.start - 1.0, curve.end + 1.0
    got = curve.mean(a, b)
    ts = np.linspace(a, b, 200_001)
    ref = curve.sample(ts).mean(axis=0)
    assert got.valence == pytest.approx(ref[0], abs=2e-3) and got.arousal == pytest.approx(ref[1], abs=2e-3)


def test_segments_by_count_and_by_boundaries():
    curve = AffectCurve([(0, (0, -1)), (60, (0, 1))])
    thirds = curve.segments(3)
    assert [round(s.arousal, 6) for s in thirds] == [round(-2 / 3, 6), 0.0, round(2 / 3, 6)]
    assert curve.segments([0, 30, 60]) == curve.segments(2)
    with pytest.raises(AffectError):
        curve.segments([10, 5])
    with pytest.raises(AffectError):
        curve.segments(0)
    assert AffectCurve([(5, "calm")]).segments(2) == [emotion_affect("calm")] * 2


def test_from_bars_uses_tempo_and_meter():
    c = AffectCurve.from_bars([(0, "sad"), (4, "happy")], tempo=90, meter="3/4")
    assert c.times.tolist() == [0.0, 8.0]  # a 3/4 bar at 90 is 2 s
    with pytest.raises(AffectError, match="unsupported meter"):
        AffectCurve.from_bars([(0, "sad")], tempo=90, meter="5/4")


@settings(max_examples=60)
@given(st.lists(affects, min_size=1, max_size=30), st.floats(0, 10), st.sampled_from(["gaussian", "exponential"]))
def test_smoothing_never_leaves_the_range_of_its_inputs(values, sigma, method):
    y = np.array(values, dtype=np.float64)
    out = smooth_affects(y, sigma, method=method)
    assert out.shape == y.shape
    assert np.all(out >= y.min(axis=0) - 1e-12) and np.all(out <= y.max(axis=0) + 1e-12)
    assert np.all(np.abs(out) <= 1)


def test_smoothing_damps_a_single_outlier_and_exponential_is_causal():
    y = np.zeros((9, 2))
    y[4] = 1.0
    g = smooth_affects(y, 1.0)
    assert 0 < g[4, 0] < 0.5 and g[3, 0] > 0 and g[0, 0] < 1e-3
    e = smooth_affects(y, 1.0, method="exponential")
    assert np.all(e[:4] == 0) and e[4, 0] > e[5, 0] > 0
    np.testing.assert_array_equal(smooth_affects(y, 0), y)
    with pytest.raises(AffectError, match="did you mean 'gaussian'"):
        smooth_affects(y, 1.0, method="gauss")
    with pytest.raises(AffectError):
        smooth_affects(y, -1.0)


def test_curve_smoothed_keeps_times_and_interpolation():
    c = AffectCurve([(0, (-1, -1)), (1, (1, 1)), (2, (-1, -1))], interpolation="smooth")
    s = c.smoothed(1.0)
    assert s.interpolation == "smooth" and s.times.tolist() == [0, 1, 2]
    assert abs(s(1).valence) < 1
