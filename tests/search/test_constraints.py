"""Every hard constraint holds on every returned melody; soft constraints push the music their way."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import composer
from composer.errors import SearchError
from composer.models.markov import default_model
from composer.rules.constraints import Constraint
from composer.search import beam_search, compile_problem, hard_violations, sample_variations, score_breakdown

axis = st.floats(-1, 1, allow_nan=False)

HARD = ["in_scale", "range", "max_leap", "fill_bars", "final_tonic", "strong_start", "max_repeats", "cadence"]


@st.composite
def constraint_sets(draw):
    cons = []
    for kind in HARD:
        if draw(st.booleans()):
            options = {}
            if kind == "max_repeats" and draw(st.booleans()):
                options = {"count": draw(st.integers(1, 3))}
            if kind == "cadence" and draw(st.booleans()):
                options = {"phrase_bars": draw(st.integers(1, 2))}
            if kind == "max_leap" and draw(st.booleans()):
                options = {"semitones": draw(st.integers(2, 9))}
            cons.append(Constraint(kind, 0.0, options))
    for kind in ["density", "leap_recovery", "contour", "rhythmic_regularity", "step_motion", "leap_size"]:
        if draw(st.booleans()):
            options = {"shape": draw(st.sampled_from(["arch", "ascending", "descending", "flat"]))} if kind == "contour" else {}
            if kind == "leap_size":
                options = {"semitones": draw(st.sampled_from([2.0, 4.5, 7.0]))}
            cons.append(Constraint(kind, draw(st.sampled_from([0.5, 2.0])), options))
    return cons


def melody_of(problem, cand):
    return problem.midi(cand.pitch_tokens), problem.dur_ticks[cand.dur_tokens]


@settings(max_examples=30, deadline=None)
@given(valence=axis, arousal=axis, seed=st.integers(0, 2**31), bars=st.integers(1, 4), cons=constraint_sets(),
       temperature=st.sampled_from([0.0, 0.8]))
def test_every_returned_melody_keeps_every_hard_constraint(valence, arousal, seed, bars, cons, temperature):
    params = composer.load_style("default").evaluate(composer.Affect(valence, arousal), seed=seed).parameters
    try:
        problem = compile_problem(params, cons, default_model(), bars=bars, beam_width=16, seed=seed,
                                  temperature=temperature)
        found = beam_search(problem, n_best=16)
    except SearchError:
        return  # some drawn constraint sets admit no melody (say, a tiny range with a repeat limit)
    for cand in found:
        midi, ticks = melody_of(problem, cand)
        assert hard_violations(midi, ticks, params, cons, bars=bars) == []
        parts = score_breakdown(problem, cand.pitch_tokens, cand.dur_tokens)
        assert sum(float(v.sum()) for v in parts.values()) == pytest.approx(cand.score, abs=1e-9)


def default_problem(cons=None, bars=8, **kw):
    ev = composer.load_style("default").evaluate(composer.Affect(0.4, 0.3), seed=5)
    return ev.parameters, compile_problem(ev.parameters, ev.constraints if cons is None else cons, default_model(),
                                          bars=bars, **kw)


BASE = [Constraint(k) for k in ("in_scale", "range", "max_leap", "fill_bars", "final_tonic", "strong_start")]


def test_cadence_lands_phrase_ends_on_long_stable_notes_on_strong_beats():
    params, problem = default_problem(BASE + [Constraint("cadence", 0.0, {"phrase_bars": 2})])
    cand = beam_search(problem)[0]
    midi, ticks = melody_of(problem, cand)
    onsets = np.concatenate(([0], np.cumsum(ticks)[:-1]))
    meter = composer.theory.get_meter(params.meter)
    for end in range(2 * meter.bar_ticks, 8 * meter.bar_ticks + 1, 2 * meter.bar_ticks):
        i = np.flatnonzero(onsets < end)[-1]
        assert onsets[i] + ticks[i] == end and ticks[i] >= meter.beat_ticks
        assert (midi[i] - params.tonic) % 12 in ({0} if end == 8 * meter.bar_ticks else {0, 2, 3, 4, 7})


def test_max_repeats_bounds_runs_of_one_pitch():
    _, problem = default_problem(BASE + [Constraint("max_repeats", 0.0, {"count": 1})])
    midi, _ = melody_of(problem, beam_search(problem)[0])
    notes = midi[midi >= 0]
    assert np.all(notes[1:] != notes[:-1])


def mean_abs_interval(problem, cand):
    midi, _ = melody_of(problem, cand)
    notes = midi[midi >= 0]
    return float(np.abs(np.diff(notes)).mean())


def test_step_motion_weight_makes_intervals_smaller():
    _, loose = default_problem(BASE)
    _, stepwise = default_problem(BASE + [Constraint("step_motion", 6.0)])
    assert mean_abs_interval(stepwise, beam_search(stepwise)[0]) < mean_abs_interval(loose, beam_search(loose)[0])


def test_leap_size_makes_intervals_larger_and_its_target_sets_how_much():
    _, loose = default_problem(BASE)
    _, wide = default_problem(BASE + [Constraint("leap_size", 4.0, {"semitones": 4.0})])
    _, wider = default_problem(BASE + [Constraint("leap_size", 4.0, {"semitones": 7.0})])
    sizes = [mean_abs_interval(p, beam_search(p)[0]) for p in (loose, wide, wider)]
    assert sizes[0] < sizes[1] < sizes[2]
    cand = beam_search(wider)[0]
    midi, _ = melody_of(wider, cand)
    shortfall = np.maximum(7.0 - np.abs(np.diff(midi[midi >= 0])), 0.0)
    parts = score_breakdown(wider, cand.pitch_tokens, cand.dur_tokens)
    assert parts["leap_size"].sum() == pytest.approx(-4.0 * shortfall.sum() / 12.0)


def test_contour_pulls_ascending_melodies_up_and_descending_down():
    slopes = {}
    for shape in ("ascending", "descending"):
        _, problem = default_problem([c for c in BASE if c.kind != "final_tonic"]
                                     + [Constraint("contour", 8.0, {"shape": shape})])
        midi, ticks = melody_of(problem, beam_search(problem)[0])
        onsets = np.concatenate(([0], np.cumsum(ticks)[:-1]))[midi >= 0]
        slopes[shape] = np.polyfit(onsets, midi[midi >= 0], 1)[0]
    assert slopes["ascending"] > 0 > slopes["descending"]


def test_rhythmic_regularity_removes_syncopation():
    _, problem = default_problem(BASE + [Constraint("rhythmic_regularity", 50.0)])
    cand = beam_search(problem)[0]
    parts = score_breakdown(problem, cand.pitch_tokens, cand.dur_tokens)
    assert np.all(parts["rhythmic_regularity"] == 0.0)


@pytest.mark.parametrize("cons,message", [
    ([Constraint("no_such_kind")], "no_such_kind"),
    ([Constraint("contour", 1.0, {"shape": "zigzag"})], "shape must be one of"),
    ([Constraint("max_repeats", 0.0, {"count": 0})], "count must be an integer"),
    ([Constraint("step_motion", -1.0)], "weight must be"),
    ([Constraint("leap_size", 1.0, {"semitones": 30})], "semitones must be a number"),
])
def test_bad_constraints_get_clear_errors(cons, message):
    with pytest.raises(SearchError, match=message):
        default_problem(BASE + cons)


def test_variations_are_distinct_reproducible_and_keep_the_constraints():
    params, problem = default_problem(bars=4, seed=9, temperature=1.0)
    a = sample_variations(problem, 6)
    b = sample_variations(problem, 6)
    keys = [tuple(c.pitch_tokens) + (-1,) + tuple(c.dur_tokens) for c in a]
    assert len(set(keys)) == 6
    assert keys == [tuple(c.pitch_tokens) + (-1,) + tuple(c.dur_tokens) for c in b]
    assert [c.rank for c in a] == sorted((c.rank for c in a), reverse=True)
    other = sample_variations(problem.with_settings(seed=10), 6)
    assert keys != [tuple(c.pitch_tokens) + (-1,) + tuple(c.dur_tokens) for c in other]
    for c in a:
        assert hard_violations(*melody_of(problem, c), params, problem.constraints, bars=4) == []


def test_low_temperature_variations_score_higher_than_high_temperature_ones():
    _, problem = default_problem(bars=4, seed=3)
    cold = np.mean([c.score for c in sample_variations(problem, 8, temperature=0.3)])
    hot = np.mean([c.score for c in sample_variations(problem, 8, temperature=2.0)])
    assert cold > hot
