"""The five shipped styles over the whole valence/arousal square: legal values, cue directions, distinct sounds."""

from __future__ import annotations

import itertools

import numpy as np

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import composer
from composer.rules import CONSTRAINT_KINDS, PARAMETER_SPECS, list_styles, load_style
from composer.rules.constraints import MAX_WEIGHT
from composer.render.synth import GATE
from composer.theory.scales import MODE_BRIGHTNESS

STYLES = ("default", "film", "folk", "game", "hymn")
axis = st.floats(-1, 1, allow_nan=False)
seeds = st.integers(0, 2**31)


def brightness(mode: str) -> int:
    """Higher is brighter (lydian highest)."""
    return len(MODE_BRIGHTNESS) - MODE_BRIGHTNESS.index(mode)


def params(style: str, v: float, a: float, seed: int = 0):
    return load_style(style).evaluate(composer.Affect(v, a), seed=seed).parameters


def test_the_five_styles_are_shipped_with_descriptions():
    styles = list_styles()
    assert set(STYLES) <= set(styles)
    assert all(len(styles[s]) > 30 for s in STYLES)
    assert len({styles[s] for s in STYLES}) == len(STYLES)


@pytest.mark.parametrize("style", STYLES)
def test_shipped_style_passes_its_own_grid_check(style):
    assert load_style(style).check(steps=5, seeds=(0, 1)) == []


@settings(max_examples=40)
@given(style=st.sampled_from(STYLES), v=axis, a=axis, seed=seeds)
def test_every_value_is_legal_everywhere(style, v, a, seed):
    ev = load_style(style).evaluate(composer.Affect(v, a), seed=seed)
    values = ev.parameters.as_dict()
    for name, spec in PARAMETER_SPECS.items():
        value = values[name]
        if spec.numeric:
            assert spec.low <= value <= spec.high, (name, value)
            if spec.kind == "integer":
                assert isinstance(value, int)
        else:
            assert value in spec.choices, (name, value)
    assert len({c.kind for c in ev.constraints}) == len(ev.constraints)
    for c in ev.constraints:
        kind = CONSTRAINT_KINDS[c.kind]
        assert c.hard == kind.hard
        assert (c.weight == 0.0) if kind.hard else (0.0 <= c.weight <= MAX_WEIGHT)
        assert set(c.options) == {o.name for o in kind.options}
        for o in kind.options:
            value = c.options[o.name]
            assert (o.low <= value <= o.high) if o.numeric else (value in o.choices)


@settings(max_examples=60)
@given(v=axis, a1=axis, a2=axis, seed=seeds)
def test_default_tempo_density_loudness_rise_with_arousal(v, a1, a2, seed):
    lo, hi = sorted((a1, a2))
    p_lo, p_hi = params("default", v, lo, seed), params("default", v, hi, seed)
    assert p_lo.tempo <= p_hi.tempo
    assert p_lo.density <= p_hi.density
    assert p_lo.velocity <= p_hi.velocity


@settings(max_examples=60)
@given(v1=axis, v2=axis, a=axis, seed=seeds)
def test_default_mode_brightness_and_register_rise_with_valence(v1, v2, a, seed):
    lo, hi = sorted((v1, v2))
    p_lo, p_hi = params("default", lo, a, seed), params("default", hi, a, seed)
    assert brightness(p_lo.mode) <= brightness(p_hi.mode), (p_lo.mode, p_hi.mode)
    assert p_lo.register <= p_hi.register


@settings(max_examples=60)
@given(style=st.sampled_from(STYLES), v=axis, a1=axis, a2=axis, seed=seeds)
def test_every_style_tempo_rises_with_arousal(style, v, a1, a2, seed):
    lo, hi = sorted((a1, a2))
    assert params(style, v, lo, seed).tempo <= params(style, v, hi, seed).tempo


@settings(max_examples=60)
@given(style=st.sampled_from(STYLES), v1=axis, v2=axis, a=axis, seed=seeds)
def test_every_style_brightness_and_register_rise_with_valence(style, v1, v2, a, seed):
    lo, hi = sorted((v1, v2))
    p_lo, p_hi = params(style, lo, a, seed), params(style, hi, a, seed)
    assert brightness(p_lo.mode) <= brightness(p_hi.mode), (p_lo.mode, p_hi.mode)
    assert p_lo.register <= p_hi.register


@settings(max_examples=60)
@given(style=st.sampled_from(STYLES), v1=axis, v2=axis, a=axis, seed=seeds)
def test_every_style_plays_softer_and_shorter_as_valence_rises(style, v1, v2, a, seed):
    """At a fixed arousal: loud slightly less pleasant, staccato slightly more (the cue table)."""
    lo, hi = sorted((v1, v2))
    p_lo, p_hi = params(style, lo, a, seed), params(style, hi, a, seed)
    assert p_hi.velocity <= p_lo.velocity
    assert GATE[p_hi.articulation] <= GATE[p_lo.articulation], (p_lo.articulation, p_hi.articulation)


@settings(max_examples=60)
@given(style=st.sampled_from(STYLES), v=axis, a1=axis, a2=axis, seed=seeds)
def test_every_style_plays_louder_and_shorter_and_keeps_its_register_as_arousal_rises(style, v, a1, a2, seed):
    """Register carries valence only; folk's stated arousal term only corrects a drift (folk.yaml)."""
    lo, hi = sorted((a1, a2))
    p_lo, p_hi = params(style, v, lo, seed), params(style, v, hi, seed)
    assert p_lo.velocity <= p_hi.velocity
    assert GATE[p_hi.articulation] <= GATE[p_lo.articulation], (p_lo.articulation, p_hi.articulation)
    if style != "folk":
        assert p_lo.register == p_hi.register
    else:
        assert 0 <= p_hi.register - p_lo.register <= 3 * (hi - lo) + 1e-9


GRID = list(itertools.product([-1, -0.5, 0, 0.5, 1], repeat=2))


def _all(style: str, seeds_: range = range(4)):
    return [(v, a, params(style, v, a, s)) for v, a in GRID for s in seeds_]


def test_hymn_is_slower_and_sparser_and_game_faster_and_busier_than_default():
    for v, a in GRID:
        d, h, g = params("default", v, a), params("hymn", v, a), params("game", v, a)
        assert h.tempo < d.tempo < g.tempo, (v, a)
        assert h.density < d.density < g.density, (v, a)


def test_film_is_wider_and_slower_than_default():
    for v, a in GRID:
        d, f = params("default", v, a), params("film", v, a)
        assert f.range >= d.range + 4 and f.tempo < d.tempo and f.density <= d.density, (v, a)


def test_folk_dances_in_6_8_and_2_4_in_modal_keys():
    found = _all("folk")
    assert {p.meter for _, _, p in found} == {"6/8", "2/4"}
    modes = [p.mode for _, _, p in found]
    assert set(modes) <= {"dorian", "mixolydian", "aeolian", "ionian"}
    # the middle of the valence axis is dorian (shade) and mixolydian (light)
    assert all(p.mode in ("dorian", "mixolydian") for v, _, p in found if v in (-0.5, 0))
    assert all(p.meter == "6/8" for _, a, p in found if a >= 0.5)



@pytest.mark.parametrize("arousal", [0.0, 0.45])
def test_folk_bowing_and_loudness_tell_apart_the_valences_its_modes_cannot(arousal, tmp_path):
    """Ionian serves folk's two brightest valence bands, and its dorian tunes seldom play
    the sixth that tells them from aeolian: there the written MIDI is played with shorter
    notes (performed length / time to the next onset) and more softly as valence rises."""
    from composer.analysis import measure_cues
    from composer.render.files import write

    def played(v: float) -> tuple[str, float, float]:
        arts, vels = [], []
        for seed in range(2):
            m = composer.compose(valence=v, arousal=arousal, bars=4, style="folk", seed=seed)
            cues = measure_cues(write(m, tmp_path / f"{v}_{seed}.mid"))
            arts.append(cues["articulation"])
            vels.append(cues["velocity"])
        return m.parameters.mode, float(np.mean(arts)), float(np.mean(vels))

    for sad, happy in ((-0.9, -0.45), (0.45, 0.9)):
        (mode_lo, art_lo, vel_lo), (mode_hi, art_hi, vel_hi) = played(sad), played(happy)
        assert art_hi < art_lo - 0.05, (sad, happy, art_lo, art_hi)
        assert vel_hi < vel_lo - 4, (sad, happy, vel_lo, vel_hi)
    assert mode_lo == mode_hi == "ionian"

def test_hymn_is_legato_in_4_4_or_3_4_with_small_leaps():
    found = _all("hymn")
    assert {p.meter for _, _, p in found} == {"4/4", "3/4"}
    assert all(p.articulation in ("legato", "normal") and p.max_leap <= 7 and p.range <= 14 for _, _, p in found)
    # legato unless the hymn is both lively and joyful (sung detached, never staccato)
    assert all(p.articulation == "legato" for v, a, p in found if a <= 0 and v <= 0.5)


def test_game_is_bright_staccato_and_leaps_widely():
    found = _all("game")
    assert all(p.mode in ("mixolydian", "major_pentatonic", "lydian") for v, _, p in found if v >= 0)
    assert all(p.articulation == "staccato" for _, a, p in found if a >= 0.3)
    assert all(p.max_leap >= params("default", v, a).max_leap + 2 for v, a, p in found)


def test_styles_differ_in_constraints_and_instrument():
    def kinds(style: str) -> set[str]:
        return {c.kind for c in load_style(style).evaluate(composer.Affect(0.3, 0.3)).constraints}

    assert "leap_recovery" in kinds("default") and "leap_recovery" not in kinds("game")
    assert {"cadence", "step_motion", "rhythmic_regularity", "contour"} <= kinds("hymn")
    assert {"cadence", "step_motion", "rhythmic_regularity"} <= kinds("folk")
    assert {"cadence", "contour"} <= kinds("film") and "step_motion" not in kinds("film")
    instruments = {s: params(s, 0.3, 0.3).instrument for s in STYLES}
    assert len(set(instruments.values())) == len(STYLES), instruments


def test_default_melodies_leap_wider_when_excited_and_stay_stepwise_when_calm():
    # The leap_size constraint makes the range/leap cue audible in the written notes.
    def mean_interval(a: float) -> float:
        sizes = []
        for v in (-0.5, 0.5):
            for s in range(3):
                p = composer.compose(valence=v, arousal=a, bars=8, seed=s).pitches
                sizes.append(np.abs(np.diff(p[p >= 0])).mean())
        return float(np.mean(sizes))

    calm, excited = mean_interval(-0.8), mean_interval(0.8)
    assert calm < 2.5 and excited > calm + 0.4
