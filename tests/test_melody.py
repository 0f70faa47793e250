"""``Melody.explain``: the per-event, per-term breakdown of a composed melody's score."""

from __future__ import annotations

import numpy as np
import pytest

import composer
from composer.search import NeuralScorer


def test_explain_lists_every_event_and_its_terms_add_up_to_the_score():
    m = composer.compose(valence=-0.3, arousal=0.6, bars=2, seed=4)
    text = m.explain()
    lines = text.splitlines()
    assert len(lines) == 1 + len(m.pitches) + 1
    head = lines[0].split()
    terms = [k for k, v in m.breakdown.items() if np.any(v != 0)]
    assert head == ["event", "bar.tick", "pitch", "ticks"] + terms + ["total"]
    last = lines[-1].split()
    assert float(last[-1]) == pytest.approx(m.score, abs=1e-3)
    assert sum(float(x) for x in last[2:-1]) == pytest.approx(m.score, abs=1e-2)
    rows = [line.split() for line in lines[1:-1]]
    for row, midi in zip(rows, m.pitches):
        assert (row[2] == "rest") == (midi < 0)
        assert float(row[-1]) == pytest.approx(sum(float(x) for x in row[4:-1]), abs=2e-3)


def test_explain_shows_the_neural_term_when_a_scorer_is_used():
    m = composer.compose(valence=0.5, arousal=0.0, bars=2, seed=1, neural=NeuralScorer.random(seed=2),
                         neural_weight=0.5)
    assert "neural" in m.explain().splitlines()[0]
    assert sum(float(v.sum()) for v in m.breakdown.values()) == pytest.approx(m.score, abs=1e-9)
    assert np.all(m.breakdown["neural"] < 0)
