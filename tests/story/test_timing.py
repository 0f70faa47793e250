"""Fitting cue durations with whole bars and a tempo."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from composer.errors import ComposerError
from composer.story.scoring.timing import DURATION_TOLERANCE, bar_seconds, fit_duration
from composer.theory.meter import METERS, get_meter


@settings(max_examples=200)
@given(st.floats(2.0, 3600.0), st.sampled_from(list(METERS)), st.floats(30, 240), st.floats(0, 120),
       st.floats(0, 1), st.integers(1, 8))
def test_fits_last_their_duration_within_half_a_second(seconds, meter, lo, width, where, multiple):
    hi = min(240.0, lo + width)
    try:
        fit = fit_duration(seconds, meter=meter, tempo_range=(lo, hi), preferred_tempo=lo + where * (hi - lo),
                           bar_multiple=multiple)
    except ComposerError:
        # Refusal is allowed only when no whole bar count fits inside the range, and none at
        # either end of the range comes within tolerance.
        q = get_meter(meter).bar_quarters
        n_lo, n_hi = lo * seconds / (60 * q), hi * seconds / (60 * q)
        assert not any(n_lo <= n <= n_hi for n in range(1, int(n_hi) + 1))
        assert not any(abs(n * 60 * q / t - seconds) <= DURATION_TOLERANCE
                       for t in (lo, hi) for n in range(1, int(n_hi) + 2))
        return
    # Read back from the fit, not from internal figures: bars × bar length at that tempo.
    assert fit.bars >= 1
    assert lo - 1e-9 <= fit.tempo <= hi + 1e-9
    assert abs(fit.bars * bar_seconds(fit.tempo, meter) - seconds) <= DURATION_TOLERANCE
    assert fit.seconds == pytest.approx(fit.bars * bar_seconds(fit.tempo, meter))


@settings(max_examples=100)
@given(st.floats(10.0, 600.0), st.sampled_from(list(METERS)))
def test_a_wide_range_always_fits_long_cues_nearly_exactly(seconds, meter):
    fit = fit_duration(seconds, meter=meter, tempo_range=(40, 200))
    assert abs(fit.error) < 0.01


def test_preferred_tempo_and_phrase_multiples_are_honoured():
    fast = fit_duration(60, tempo_range=(40, 200), preferred_tempo=180)
    slow = fit_duration(60, tempo_range=(40, 200), preferred_tempo=50)
    assert fast.tempo > 160 and slow.tempo < 60
    assert fit_duration(60, preferred_tempo=120, bar_multiple=4).bars % 4 == 0
    # 6/8 bars are three quarters long: 20 bars at 120 last 30 s.
    assert fit_duration(30, meter="6/8", preferred_tempo=120) == fit_duration(30, meter="6/8", tempo_range=(120, 120))
    assert fit_duration(30, meter="6/8", tempo_range=(120, 120)).bars == 20


def test_impossible_fits_explain_themselves():
    with pytest.raises(ComposerError, match="cannot be filled with whole bars"):
        fit_duration(10, tempo_range=(60, 60))  # 4 s bars: 8 s or 12 s
    with pytest.raises(ComposerError, match="> 0"):
        fit_duration(-3)
    with pytest.raises(ComposerError, match="unsupported meter"):
        fit_duration(10, meter="7/8")
    with pytest.raises(ComposerError, match="low <= high"):
        fit_duration(10, tempo_range=(120, 60))
    with pytest.raises(ComposerError, match=r"\[30, 240\]"):
        fit_duration(10, tempo_range=(10, 60))
    # A cue shorter than a bar at the fastest tempo, but within tolerance of one bar, is one bar.
    assert fit_duration(1.2, tempo_range=(200, 240)).bars == 1
