"""Readings that use the whole square: calibration, intensity weighting, the story's range, and what the music does."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import composer
from composer.errors import StoryError
from composer.rules import load_style
from composer.story import ModelAffectEstimator, load_text_model, story_plan
from composer.story.reading.model import EDGE, dense_features, ngrams, stem
from composer.story.scoring.storyplan import RANGE_DEAD_ZONE, RANGE_MAX_GAIN, RANGE_TARGET, stretch_to_range
from composer.theory import is_major_type, scale_pitch_classes
from tests.story.test_segment import STORM, UNIFORM

TERRIFIED = ("She was terrified. The monster screamed and chased her through the dark woods! "
             "Blood everywhere! She ran for her life!")
SAD = ["He wept alone at the grave. His wife was dead and he would never see her again. The house was empty and cold.",
       "The old dog died in the winter. The children were heartbroken and the farm felt lonely and grey."]
CALM = "The lake was still. She slept peacefully under the warm quilt."


def test_the_model_carries_its_calibration_from_out_of_fold_predictions():
    m = load_text_model()
    cal = m.calibration_table()
    assert m.calibration is not None and cal.shape == (2, 4)
    # ridge shrinks: its out-of-fold predictions spread less than the human ratings
    assert np.all(cal[:, 1] < cal[:, 3]) and np.all(cal[:, 1] > 0)
    est = ModelAffectEstimator()
    sentences = ["The lake was still.", "RUN! The house is burning!"]
    raw = m.raw_predict(sentences, dense_features(sentences, est.lexicon_estimator))
    np.testing.assert_allclose(est.sentence_affects(sentences), np.tanh((raw - cal[:, 0]) / cal[:, 1] / EDGE))


def test_stems_and_negation_are_features():
    assert stem("peacefully") == "peace" and stem("screamed") == "scream" and stem("sad") == "sad"
    c = ngrams("I was not happy, never again! Then joy.")
    assert c["not_happy"] == 1 and c["not_again"] == 1 and "not_then" not in c and "not_joy" not in c


def test_one_screaming_sentence_is_not_averaged_away():
    text = ("The garden was quiet. Bees hummed over the roses. The old man read his paper. "
            "Tea cooled on the table. Then a scream tore through the house and glass shattered everywhere!")
    weighted, plain = ModelAffectEstimator(), ModelAffectEstimator(intensity=0.0)
    reading = weighted.reading(text)
    assert reading.affect.arousal > plain(text).arousal
    np.testing.assert_allclose(reading.weights.sum(axis=0), 1.0)
    # the scream (the last sentence) carries more than its share of words
    words = np.array([4, 5, 6, 5, 11], dtype=float)
    assert reading.weights[-1, 1] > words[-1] / words.sum()
    assert "intensity-weighted" in reading.describe()
    with pytest.raises(StoryError, match="intensity"):
        ModelAffectEstimator(intensity=-1)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.floats(-1, 1), st.floats(-1, 1)), min_size=1, max_size=12))
def test_the_story_range_keeps_sides_and_order(values):
    x = np.array(values)
    out, gain = stretch_to_range(x)
    assert np.all(np.abs(out) <= 1.0) and np.all(gain >= 1.0) and np.all(gain <= RANGE_MAX_GAIN)
    assert np.all(np.sign(out) == np.sign(x))
    for j in range(2):
        assert np.all(np.diff(out[np.argsort(x[:, j], kind="stable"), j]) >= -1e-12)
        m = np.abs(x[:, j]).max()
        if m < RANGE_DEAD_ZONE or m >= RANGE_TARGET:
            assert gain[j] == 1.0
        else:
            assert np.abs(out[:, j]).max() == pytest.approx(min(RANGE_TARGET, m * RANGE_MAX_GAIN))


def test_the_report_says_how_each_value_was_obtained():
    plan = story_plan(STORM)
    assert all("calibrated" in s.how and "intensity-weighted" in s.how for s in plan.scenes)
    assert any("story range gain" in s.how for s in plan.scenes)
    assert plan.as_dict()["scenes"][0]["how"] == plan.scenes[0].how
    custom = story_plan(STORM, estimator=lambda t: (0.1, 0.2), scenes="heading")
    assert custom.scenes[0].how.startswith("function on the scene's text")


def test_the_calm_to_storm_story_speeds_up_by_half_again():
    piece = composer.score_story(STORM, bars=1, beam_width=8, seed=0)
    tempos = [s.tempo for s in piece.sections]
    assert len(tempos) >= 3 and tempos[-1] >= 1.5 * tempos[0]
    assert not any(s.label == "Scene 1" and s.scene.words < 10 for s in piece.sections)  # no title-only scene
    assert len(composer.score_story(UNIFORM, bars=1, beam_width=8)) == 1


def test_a_terrified_passage_is_fast_and_sad_ones_are_minor():
    fast = composer.score_story(TERRIFIED, bars=1, beam_width=8)
    assert fast[0].tempo >= 140
    for text in SAD:
        sad = composer.score_story(text, bars=1, beam_width=8)
        assert not is_major_type(sad[0].melody.parameters.mode), (text, sad[0].melody.parameters.mode)
    calm = composer.score_story(CALM, bars=1, beam_width=8)
    assert calm[0].tempo < fast[0].tempo


words = st.sampled_from(["The", "lake", "was", "still", "she", "screamed", "RUN", "joy", "dark", "storm", "grave",
                         "laughed", "quietly", "thunder", "!", ".", "?", "\n\n", "\n# Part\n", "\n---\n", "Chapter 2\n\n"])


@settings(max_examples=8, deadline=None)
@given(st.lists(words, min_size=1, max_size=60), st.integers(0, 20))
def test_any_story_gives_a_lawful_piece_and_the_same_seed_the_same_midi(tokens, seed):
    text = " ".join(tokens)
    try:
        piece = composer.score_story(text, bars=1, beam_width=4, seed=seed)
    except StoryError as e:
        assert "no words" in str(e)
        return
    for s in piece.sections:
        p = s.melody.parameters
        notes = s.melody.pitches[s.melody.pitches >= 0]
        assert set(int(n) % 12 for n in notes) <= scale_pitch_classes(p.tonic, p.mode)
        assert p.mode == load_style("default").parameters(s.affect, seed=seed).mode
        assert abs(s.affect.valence) <= 1 and abs(s.affect.arousal) <= 1
    again = composer.score_story(text, bars=1, beam_width=4, seed=seed)
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / "a.mid", Path(tmp) / "b.mid"
        piece.write(a)
        again.write(b)
        assert a.read_bytes() == b.read_bytes()
