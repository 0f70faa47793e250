"""Tests of the multiple-viewpoint long- plus short-term model (the evaluation's Markov model)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from composer.models.multiview import MultiViewpointModel, pitch_alphabet
from composer.models.viewpoints import DEFAULT_VIEWPOINTS, UNDEFINED, parse_viewpoint
from tests.models.tiny import event_corpus, event_melody

CORPUS = event_corpus(12)
ALPHABET = np.arange(50, 90)


@pytest.fixture(scope="module")
def model():
    return MultiViewpointModel(ALPHABET).fit(CORPUS)


@settings(max_examples=25)
@given(st.lists(st.integers(55, 84), min_size=1, max_size=10), st.integers(0, 11))
def test_rows_are_distributions(model, pitches, tonic):
    m = event_melody(pitches, [0.5] * len(pitches), tonic=tonic)
    out = model.predict(m, parts=True)
    for part in out.values():
        assert part.shape == (len(pitches), len(ALPHABET))
        assert np.allclose(part.sum(1), 1.0) and np.all(part > 0)


@settings(max_examples=15)
@given(st.lists(st.integers(55, 84), min_size=4, max_size=10), st.integers(1, 3), st.integers(55, 84))
def test_prediction_uses_only_the_past(model, pitches, cut, other):
    """Changing a note changes no prediction of it or of the notes before it."""
    k = len(pitches) - cut
    changed = pitches[:k] + [other] + pitches[k + 1:]
    a = model.predict(event_melody(pitches, [0.5] * len(pitches)))
    b = model.predict(event_melody(changed, [0.5] * len(pitches)))
    assert np.array_equal(a[: k + 1], b[: k + 1])


def test_short_term_model_learns_the_repeat(model):
    """The second statement of a phrase is predicted better than the first."""
    m = CORPUS[0]
    half = len(m) // 2
    bits = -np.log2(model.predict(m)[np.arange(len(m)), m.midi - ALPHABET[0]])
    assert bits[half:].mean() < bits[:half].mean()


def test_viewpoint_symbols():
    m = event_melody([60, 62, 59], [0.5, 0.5, 1.0], tonic=0)
    alphabet = np.array([59, 60, 62])
    actual, cand = parse_viewpoint("cpint").symbols(m, alphabet)
    assert actual[0] == UNDEFINED and (actual[1:] - 128).tolist() == [2, -3]
    assert (cand[2] - 128).tolist() == [-3, -2, 0]
    actual, cand = parse_viewpoint("cpintfref").symbols(m, alphabet)
    assert actual.tolist() == [0, 2, 11] and cand[0].tolist() == [11, 0, 2]
    with pytest.raises(ValueError, match="does not depend on pitch"):
        parse_viewpoint("ioixfib")
    with pytest.raises(ValueError, match="unknown viewpoint component"):
        parse_viewpoint("cpitchxnope")
    assert [v.name for v in DEFAULT_VIEWPOINTS][0] == "cpitch"


def test_alphabet_covers_every_note():
    a = pitch_alphabet(CORPUS)
    allm = np.concatenate([m.midi for m in CORPUS])
    assert a[0] == allm.min() and a[-1] == allm.max() and np.all(np.diff(a) == 1)
