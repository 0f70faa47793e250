"""Every strategy yields only valid values for its arguments, checked with the toolkit's predicates and by hand."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import composer
from composer.rules.parameters import PARAMETER_SPECS
from composer.testing import (
    Key,
    Rhythm,
    affect_curves,
    affects,
    assert_complete_bars,
    assert_ends_on_tonic,
    assert_in_range,
    assert_in_scale,
    assert_strong_start,
    assert_within_max_leap,
    ends_on_tonic,
    keys,
    melodies,
    meters,
    modes,
    pitches,
    rhythms,
    style_documents,
    styles,
)
from composer.testing._internal.styles import style_from_document
from composer.theory import METERS, MODES, get_meter, is_major_type

unit = st.floats(-1, 1, allow_nan=False)


@given(st.data(), unit, unit, unit, unit)
def test_affects_stay_inside_their_bounds(data, a, b, c, d):
    (lv, hv), (la, ha) = sorted((a, b)), sorted((c, d))
    e = data.draw(affects(min_valence=lv, max_valence=hv, min_arousal=la, max_arousal=ha))
    assert isinstance(e, composer.Affect)
    assert lv <= e.valence <= hv and la <= e.arousal <= ha


@given(st.data(), st.integers(1, 5), st.integers(0, 4), st.floats(0.1, 5), unit, unit)
def test_affect_curves_are_sorted_keyframes_inside_their_bounds(data, lo, extra, gap, a, b):
    lv, hv = sorted((a, b))
    hi = lo + extra
    max_time = (hi - 1) * gap + 10.0
    curve = data.draw(affect_curves(min_size=lo, max_size=hi, min_gap=gap, max_time=max_time,
                                    min_valence=lv, max_valence=hv))
    assert lo <= len(curve) <= hi
    times = [t for t, _ in curve]
    assert times[0] == 0.0 and times[-1] <= max_time + 1e-9
    assert all(t1 - t0 >= gap - 1e-9 for t0, t1 in zip(times, times[1:]))
    assert all(isinstance(e, composer.Affect) and lv <= e.valence <= hv for _, e in curve)


@given(affect_curves(min_valence=0.0, max_valence=-0.0, min_arousal=-0.0, max_arousal=0.0))
def test_signed_zero_bounds_are_one_neutral_point(curve):
    # Regression (explore profile): sorted((0.0, -0.0)) keeps -0.0 last, an interval hypothesis
    # took for empty; st.data() above cannot appear in an @example, so the case stands here.
    assert all(e.valence == 0.0 and e.arousal == 0.0 for _, e in curve)


@given(st.data(), st.sampled_from([None, "major", "minor"]), st.booleans())
def test_modes_and_keys_respect_family_and_pentatonic(data, family, pentatonic):
    mode = data.draw(modes(family=family, allow_pentatonic=pentatonic))
    key = data.draw(keys(family=family, allow_pentatonic=pentatonic))
    assert isinstance(key, Key) and 0 <= key.tonic <= 11
    for m in (mode, key.mode):
        assert m in MODES
        assert family is None or is_major_type(m) == (family == "major")
        assert pentatonic or len(MODES[m]) == 7


@given(st.data(), st.sampled_from([None, True, False]))
def test_meters_respect_compound(data, compound):
    name = data.draw(meters(compound=compound))
    assert name in METERS
    assert compound is None or (get_meter(name).beat_ticks == 6) == compound


@given(st.data(), st.one_of(st.none(), keys()), st.integers(0, 115), st.integers(12, 40))
def test_pitches_are_in_the_scale_and_range(data, key, low, span):
    high = min(127, low + span)
    p = data.draw(pitches(key=key, min_pitch=low, max_pitch=high))
    assert low <= p <= high
    if key is not None:
        assert p % 12 in key.pitch_classes


@given(st.data(), st.one_of(st.none(), meters()), st.integers(1, 3), st.integers(0, 2))
def test_rhythms_fill_whole_bars(data, meter, lo, extra):
    durations = data.draw(st.sampled_from([(1, 2, 3, 4, 6, 8, 12, 16), (2, 4), (4, 8, 12), (1, 3, 6), (1,)]))
    r = data.draw(rhythms(meter=meter, min_bars=lo, max_bars=lo + extra, durations=durations))
    assert isinstance(r, Rhythm)
    assert meter is None or r.meter == meter
    assert lo <= r.bars <= lo + extra and set(r.ticks) <= set(durations)
    bar = get_meter(r.meter).bar_ticks
    assert sum(r.ticks) == r.bars * bar
    for onset, d in zip(r.onsets, r.ticks):  # no event across a bar line, checked by hand
        assert onset // bar == (onset + d - 1) // bar


@st.composite
def melody_arguments(draw):
    """Arguments for melodies(), each present or left to its default."""
    kwargs: dict = {}
    if draw(st.booleans()):
        key = draw(keys())
        if draw(st.booleans()):
            kwargs["key"] = key
        else:
            kwargs["key"], kwargs["mode"] = key.tonic_name.replace("♯", "#").replace("♭", "b"), key.mode
    if draw(st.booleans()):
        kwargs["meter"] = draw(meters())
    if draw(st.booleans()):
        kwargs["bars"] = draw(st.integers(1, 4))
    if draw(st.booleans()):
        kwargs["max_leap"] = draw(st.integers(1, 14))
    if draw(st.booleans()):
        low = draw(st.integers(36, 80))
        kwargs["min_pitch"], kwargs["max_pitch"] = low, low + draw(st.integers(11, 30))
    if draw(st.booleans()):
        kwargs["durations"] = draw(st.sampled_from([(4, 8, 16), (2, 4, 6, 12), (1, 2, 3, 4, 6, 8, 12, 16)]))
    for flag in ("allow_rests", "end_on_tonic"):
        if draw(st.booleans()):
            kwargs[flag] = draw(st.booleans())
    return kwargs


@settings(max_examples=150)
@given(st.data(), melody_arguments())
def test_melodies_keep_every_hard_constraint_and_their_arguments(data, kwargs):
    m = data.draw(melodies(**kwargs))
    p = m.parameters
    assert_in_scale(m)
    assert_in_range(m)
    assert_within_max_leap(m)
    assert_complete_bars(m, bars=kwargs.get("bars"))
    assert_strong_start(m)
    if kwargs.get("end_on_tonic", True):
        assert_ends_on_tonic(m)
    key = kwargs.get("key")
    if isinstance(key, Key):
        assert (p.tonic, p.mode) == (key.tonic, key.mode)
    elif key is not None:
        assert p.mode == kwargs["mode"] and composer.theory.pitch_class(key) == p.tonic
    assert p.meter == kwargs.get("meter", p.meter)
    assert (p.low, p.high) == (kwargs.get("min_pitch", 55), kwargs.get("max_pitch", 79))
    assert p.max_leap == kwargs.get("max_leap", 12)
    assert set(m.ticks.tolist()) <= set(kwargs.get("durations", (1, 2, 3, 4, 6, 8, 12, 16)))
    rests = m.pitches < 0
    if not kwargs.get("allow_rests", True):
        assert not rests.any()
    assert not (rests[1:] & rests[:-1]).any(), "two rests in a row"
    assert ((m.velocities == 0) == rests).all()
    assert not rests[-1] or not kwargs.get("end_on_tonic", True)


@given(melodies(bars=2, meter="3/4", key="F#", mode="harmonic_minor", max_leap=3, allow_rests=False))
def test_melodies_with_small_leaps_in_harmonic_minor_still_reach_the_tonic(m):
    # The augmented second (3 semitones) is the only way across degrees 6-7: the walk must plan for it.
    assert m.bars == 2 and ends_on_tonic(m) and (abs(m.pitches[1:] - m.pitches[:-1]) <= 3).all()


@settings(max_examples=40)
@given(style_documents())
def test_style_documents_validate_and_evaluate_in_range_everywhere(document):
    style = style_from_document(document)
    for valence in (-1.0, -0.5, 0.0, 0.5, 1.0):
        for arousal in (-1.0, -0.3, 0.3, 1.0):
            params = style.evaluate(composer.Affect(valence, arousal), seed=3).parameters
            for name, spec in PARAMETER_SPECS.items():
                if spec.kind != "choice":
                    assert spec.low <= getattr(params, name) <= spec.high, name
            assert params.range >= 12


@settings(max_examples=30)
@given(styles(), affects())
def test_styles_evaluate_at_any_emotion(style, affect):
    assert isinstance(style, composer.Style)
    style.evaluate(affect, seed=1)  # a generated or shipped style never evaluates out of range
