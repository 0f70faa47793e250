"""Rhythm that knows the metre: the metric rhythm model, density per bar, metric_rhythm and rhythm_vocabulary.

Measured on melodies composed with the default style's other constraints over the
valence/arousal square: how many note values a melody uses, and its notes per second
against the density parameter.
"""

from __future__ import annotations

import numpy as np
import pytest

import composer
from composer.errors import ModelError
from composer.models.rhythm import MetricRhythm, default_rhythm, metric_table
from composer.models.tokens import DURATION_TICKS
from composer.rules.constraints import Constraint
from composer.search import beam_search, compile_problem
from composer.search.check import hard_violations
from composer.search.scoring import search_models

BARS = 8
POINTS = [(-0.7, -0.7), (0.0, 0.0), (0.7, 0.7), (-0.5, 0.6), (0.6, -0.5)]


def _compose(valence, arousal, rhythm: bool):
    ev = composer.load_style("default").evaluate(composer.Affect(valence, arousal), seed=0)
    cons = [c for c in ev.constraints if c.kind != "density"]
    if rhythm:
        cons += [Constraint("density", 3.0, {"per": "bar"}), Constraint("metric_rhythm", 1.4)]
    else:
        cons += [Constraint("density", 3.0, {"per": "note"})]
    problem = compile_problem(ev.parameters, cons, search_models(), bars=BARS, beam_width=32)
    best = beam_search(problem)[0]
    midi, ticks = problem.midi(best.pitch_tokens), problem.dur_ticks[best.dur_tokens]
    return ev.parameters, cons, midi, ticks


def test_the_corpus_lengthens_phrase_ends():
    # Learnt, not imposed: a half note on the downbeat is likelier in a phrase's last bar than elsewhere.
    table = metric_table(default_rhythm(), "4/4", 16, 4, 64, 64)
    half = int(np.flatnonzero(DURATION_TICKS == 8)[0])
    assert table.shape == (65, len(DURATION_TICKS))
    assert table[48, half] > table[16, half] + 0.5


def test_a_bad_model_file_is_refused_with_its_name(tmp_path):
    bad = tmp_path / "rhythm.npz"
    np.savez(bad, logp=np.zeros((2, 2)), marginal=np.zeros(3))
    with pytest.raises(ModelError, match="rhythm.npz.*shapes"):
        MetricRhythm.load(bad)


def test_per_bar_density_with_metric_rhythm_varies_the_note_values_and_keeps_the_rate():
    # Measured (beam 32, 8 bars): the rate follows arousal but falls short of fast targets (5.06 notes/s
    # asked, 2.85 given, where the per-note pull gives 4.64): the bar's count is charged only at its end,
    # so a beam of hypotheses full of longer notes reaches it; docs/benchmarks.md, issue 15.
    varied, plain, rates = [], [], {}
    for v, a in POINTS:
        params, cons, midi, ticks = _compose(v, a, rhythm=True)
        assert hard_violations(midi, ticks, params, cons, bars=BARS) == []
        varied.append(len(set(ticks.tolist())))
        seconds = ticks.sum() / 4 * 60 / params.tempo
        rates[(v, a)] = (midi >= 0).sum() / seconds
        assert 0.5 * params.density <= rates[(v, a)] <= 1.5 * params.density, (v, a, rates[(v, a)], params.density)
        plain.append(len(set(_compose(v, a, rhythm=False)[3].tolist())))
    assert rates[(0.7, 0.7)] > rates[(0.0, 0.0)] > rates[(-0.7, -0.7)]
    assert np.median(varied) >= 3 and np.mean(varied) > np.mean(plain)


@pytest.mark.parametrize("style", ["default", "folk", "game"])
def test_shipped_styles_vary_their_note_values_and_keep_the_rate(style):
    # default, folk and game ship metric_rhythm and a dotted bonus beside the per-note density pull
    # (docs/benchmarks.md, issue 15): melodies are no longer one note value throughout, and notes per
    # second still follow the density parameter (the arousal cue).
    from composer.analysis import features, line_from_melody

    shares, lengths, rates = [], [], {}
    for v, a in POINTS:
        melody = composer.compose(v, a, style=style, bars=16, seed=0, arrange=False)
        feats = features(line_from_melody(melody))
        shares.append(feats["modal_share"])
        lengths.append(feats["durations"])
        seconds = melody.ticks.sum() / 4 * 60 / melody.parameters.tempo
        rates[(v, a)] = (melody.pitches >= 0).sum() / seconds
        assert 0.5 * melody.parameters.density <= rates[(v, a)] <= 1.5 * melody.parameters.density, (v, a)
    assert np.median(shares) <= 0.80 and np.median(lengths) >= 3
    assert rates[(0.7, 0.7)] > rates[(0.0, 0.0)] > rates[(-0.7, -0.7)]


def test_film_and_hymn_do_not_take_the_default_rhythm_terms():
    # Their valence cue judge fell by more than 0.01 with them (docs/benchmarks.md, issue 15).
    for style in ("film", "hymn"):
        kinds = {c.kind for c in composer.load_style(style).evaluate(composer.Affect(0.0, 0.0), seed=0).constraints}
        assert "density" in kinds and not kinds & {"metric_rhythm", "rhythm_vocabulary"}, style
    kinds = {c.kind for c in composer.load_style("default").evaluate(composer.Affect(0.0, 0.0), seed=0).constraints}
    assert {"metric_rhythm", "rhythm_vocabulary"} <= kinds
