"""The form_repeat soft constraint: phrases copy earlier phrases' rhythm and intervals by a plan.

The plan is checked on the compiled offsets; the music on melodies composed over the
valence/arousal square with the default style's other constraints, with and without the
kind, by reading back where bar 5 repeats bar 1 (rhythm and intervals, transposed or not).
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import composer
from composer.models.markov import default_model
from composer.rules.constraints import Constraint
from composer.search import beam_search, compile_problem
from composer.search.check import hard_violations
from composer.theory.meter import get_meter

BARS = 8
BAR = 16  # 4/4: 16 sixteenth-note ticks a bar
UNIT = st.floats(-1.0, 1.0, allow_nan=False)


def _evaluation(valence: float, arousal: float):
    return composer.load_style("default").evaluate(composer.Affect(valence, arousal), seed=0)


def _melody(params, constraints):
    problem = compile_problem(params, constraints, default_model(), bars=BARS, beam_width=16)
    best = beam_search(problem)[0]
    return problem.midi(best.pitch_tokens), problem.dur_ticks[best.dur_tokens]


def _bar(midi, ticks, b, bar):
    """Bar ``b``'s events (bars of ``bar`` ticks) as (onset within the bar, length, interval from the
    previous note or None)."""
    starts = np.concatenate([[0], np.cumsum(ticks)[:-1]])
    out, prev = [], None
    for m, s, t in zip(midi, starts, ticks):
        if b * bar <= s < (b + 1) * bar:
            out.append((int(s) - b * bar, int(t), None if m < 0 or prev is None else int(m - prev)))
        if m >= 0:
            prev = m
    return out


def _repeats(midi, ticks, b, back, bar):
    """Whether bar ``b`` repeats bar ``b - back``: same onsets, lengths and intervals (its first
    note's interval from the note before is free: a transposed repeat)."""
    now, then = _bar(midi, ticks, b, bar), _bar(midi, ticks, b - back, bar)
    return len(now) == len(then) and all(x[:2] == y[:2] and (i == 0 or x[2] == y[2])
                                         for i, (x, y) in enumerate(zip(now, then)))


def test_the_plan_copies_each_repeated_phrase_but_its_last_bar():
    ev = _evaluation(0.0, 0.0)
    assert ev.parameters.meter == "4/4"
    problem = compile_problem(ev.parameters, [Constraint("form_repeat", 2.0, {"form": "AABA", "phrase_bars": 2})],
                              default_model(), bars=8)
    back = problem.back
    phrase = 2 * BAR
    assert np.all(back[:phrase] == 0)  # A: nothing before it
    assert np.all(back[phrase:phrase + BAR] == phrase) and np.all(back[phrase + BAR:2 * phrase] == 0)  # A'
    assert np.all(back[2 * phrase:3 * phrase] == 0)  # B: a new letter
    assert np.all(back[3 * phrase:3 * phrase + BAR] == 2 * phrase)  # A': the latest A, two phrases back
    assert np.all(back[3 * phrase + BAR:] == 0)
    assert problem.rules.w_form == 2.0


def test_bar_five_repeats_bar_one_with_the_kind_more_often_than_without_over_the_square():
    with_kind, without = 0, 0
    for v in (-0.8, 0.0, 0.8):
        for a in (-0.8, 0.0, 0.8):
            ev = _evaluation(v, a)
            bar = get_meter(ev.parameters.meter).bar_ticks
            cons = [c for c in ev.constraints if c.kind != "form_repeat"]
            midi, ticks = _melody(ev.parameters, cons + [Constraint("form_repeat", 2.0, {"form": "AABA"})])
            with_kind += _repeats(midi, ticks, 4, 4, bar)
            midi, ticks = _melody(ev.parameters, cons)
            without += _repeats(midi, ticks, 4, 4, bar)
    # Real tunes: bar 5 repeats an earlier bar in about 41% of O'Neill's and Essen's (docs/benchmarks.md).
    assert with_kind >= 5 and with_kind > without


@settings(max_examples=8, deadline=None)
@given(UNIT, UNIT, st.floats(0.5, 8.0), st.sampled_from(["AABA", "ABAB", "AAAA"]))
def test_every_hard_constraint_holds_under_a_strong_pull(valence, arousal, weight, form):
    ev = _evaluation(valence, arousal)
    cons = [c for c in ev.constraints if c.kind != "form_repeat"] + [Constraint("form_repeat", weight, {"form": form})]
    midi, ticks = _melody(ev.parameters, cons)
    assert hard_violations(midi, ticks, ev.parameters, cons, bars=BARS) == []
