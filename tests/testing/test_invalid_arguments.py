"""Invalid arguments raise hypothesis's InvalidArgument when the strategy is created, naming the argument."""

from __future__ import annotations

import pytest
from hypothesis.errors import InvalidArgument

from composer.testing import (
    Key,
    Rhythm,
    affect_curves,
    affects,
    composed_melodies,
    keys,
    melodies,
    meters,
    modes,
    pitches,
    rhythms,
    style_documents,
    styles,
)

CASES = [
    (affects, {"min_valence": -2}, "min_valence=-2 must be in [-1, 1]"),
    (affects, {"min_valence": 0.5, "max_valence": 0.1}, "cannot have min_valence=0.5 > max_valence=0.1"),
    (affects, {"max_arousal": float("nan")}, "max_arousal=nan"),
    (affects, {"min_arousal": "0"}, "must be a real number"),
    (affect_curves, {"min_size": 0}, "min_size=0 must be an integer >= 1"),
    (affect_curves, {"min_size": 3, "max_size": 2}, "cannot have min_size=3 > max_size=2"),
    (affect_curves, {"max_size": 10, "max_time": 1.0, "min_gap": 1.0}, "do not fit in max_time=1 s"),
    (affect_curves, {"min_gap": 0}, "min_gap=0"),
    (modes, {"family": "happy"}, "family='happy' must be None, 'major' or 'minor'"),
    (modes, {"allow_pentatonic": 1}, "allow_pentatonic=1 must be True or False"),
    (keys, {"family": "sad"}, "family='sad'"),
    (meters, {"compound": "yes"}, "compound='yes'"),
    (pitches, {"key": "H"}, "key='H'"),
    (pitches, {"mode": "dorian"}, "mode='dorian' needs a key"),
    (pitches, {"key": "C", "mode": "dorain"}, "did you mean 'dorian'?"),
    (pitches, {"min_pitch": 80, "max_pitch": 70}, "cannot have min_pitch=80 > max_pitch=70"),
    (pitches, {"min_pitch": -1}, "min_pitch=-1 must be an integer from 0 to 127"),
    (pitches, {"key": "C", "min_pitch": 61, "max_pitch": 61}, "no note of C ionian lies in min_pitch=61..max_pitch=61"),
    (rhythms, {"meter": "5/4"}, "meter='5/4' is not a supported meter"),
    (rhythms, {"bars": 0}, "bars=0 must be an integer >= 1"),
    (rhythms, {"bars": 2, "min_bars": 1}, "give bars=2 or min_bars/max_bars, not both"),
    (rhythms, {"min_bars": 3, "max_bars": 2}, "cannot have min_bars=3 > max_bars=2"),
    (rhythms, {"durations": []}, "must be a non-empty sequence"),
    (rhythms, {"durations": "4"}, "must be a non-empty sequence"),
    (rhythms, {"durations": [0, 4]}, "durations[]=0 must be an integer >= 1"),
    (rhythms, {"durations": [4, 4]}, "has repeated values"),
    (rhythms, {"meter": "6/8", "durations": [8]}, "cannot fill a bar of 6/8"),
    (melodies, {"max_leap": 0}, "max_leap=0 must be an integer from 1 to 24"),
    (melodies, {"max_leap": 25}, "max_leap=25"),
    (melodies, {"bars": 1.5}, "bars=1.5 must be an integer"),
    (melodies, {"key": "C", "min_pitch": 61, "max_pitch": 70}, "no tonic of key='C' lies in min_pitch=61..max_pitch=70"),
    (melodies, {"key": Key("D", "dorian"), "mode": "ionian"}, "already has mode 'dorian'"),
    (melodies, {"allow_rests": "yes"}, "allow_rests='yes' must be True or False"),
    (melodies, {"meter": "7/8"}, "meter='7/8'"),
    (melodies, {"mode": "major"}, "mode='major' is not a known mode"),
    (styles, {"shipped": False, "generated": False}, "has nothing to draw from"),
    (style_documents, {"max_regions": -1}, "max_regions=-1"),
    (composed_melodies, {"style": "no_such_style"}, "unknown style 'no_such_style'"),
    (composed_melodies, {"style": 3}, "style=3 must be a style name"),
    (composed_melodies, {"bars": 0}, "bars=0"),
    (composed_melodies, {"max_bars": 300}, "max_bars=300 is more than compose() accepts"),
    (composed_melodies, {"beam_width": 0}, "beam_width=0"),
]


@pytest.mark.parametrize("strategy,kwargs,message", CASES, ids=lambda x: getattr(x, "__name__", None))
def test_invalid_arguments_raise_when_the_strategy_is_created(strategy, kwargs, message):
    with pytest.raises(InvalidArgument) as info:
        strategy(**kwargs)
    assert message in str(info.value)


@pytest.mark.parametrize("strategy", [affects, melodies, rhythms, pitches, composed_melodies])
def test_arguments_are_keyword_only(strategy):
    with pytest.raises(TypeError):
        strategy(1)


@pytest.mark.parametrize("kwargs,message", [
    ({"tonic": 12, "mode": "ionian"}, "tonic=12"),
    ({"tonic": "C", "mode": "major"}, "mode='major'"),
])
def test_key_values_are_validated(kwargs, message):
    with pytest.raises(InvalidArgument, match=message):
        Key(**kwargs)


@pytest.mark.parametrize("meter,ticks,message", [
    ("4/4", (12, 8, 12), "an event of 8 ticks at tick 12 crosses a bar line"),
    ("3/4", (4, 4), "durations total 8 ticks, not a whole number of 3/4 bars"),
    ("3/4", (), "durations total 0 ticks"),
    ("4/4", (16, 0), "ticks[]=0 must be an integer >= 1"),
])
def test_rhythm_values_are_validated(meter, ticks, message):
    with pytest.raises(InvalidArgument) as info:
        Rhythm(meter, ticks)
    assert message in str(info.value)


def test_strategies_have_hypothesis_style_reprs():
    assert repr(melodies(bars=2, key="D")) == "melodies(key='D', bars=2)"
    assert repr(rhythms(meter="3/4")) == "rhythms(meter='3/4')"
