"""The arousal lexicon, intensity cues, the lexicon estimator, the trained model and its training."""

from __future__ import annotations

import numpy as np
import pytest

from composer.affect import Affect
from composer.errors import ModelError, StoryError
from composer.story import (ArousalLexicon, ModelAffectEstimator, TextAffectEstimator, default_estimator,
                            intensity_cues, load_text_model, split_sentences)
from composer.story.reading.language import english_confidence
from composer.story.reading.model import DENSE_FEATURES, TextModel, ngrams
from composer.story.reading.train import _Design, ridge_cg, sparse_rows, train_text_model

CALM = "The lake was still and quiet. We rested in the warm evening light, and the children slept."
PANIC = "RUN! The house is burning! They are screaming and the soldiers are shooting!"
HAPPY = "It was a wonderful day. Everyone laughed and celebrated the wedding with joy and love."
SAD = "She died alone. He wept at the grave, lost in grief and misery, and nothing would ever be good again."


def test_lexicon_knows_inflections_and_takes_user_words(tmp_path):
    lex = ArousalLexicon()
    assert lex.arousal("screams") == lex.arousal("scream") > 0.5
    assert lex.arousal("running") == lex.arousal("run")
    assert lex.arousal("Sleepy") < -0.5 and lex.arousal("table") is None
    assert lex.kind("very") == "intensifier" and "chased" in lex
    f = tmp_path / "mine.tsv"
    f.write_text("# my words\nword\tarousal\tkind\ndragon\t0.9\tdanger\nlullaby\t-1\n")
    mine = ArousalLexicon({"dragon": 0.5}, files=[f])
    assert mine.arousal("dragons") == 0.5 and mine.lookup("lullaby") == (-1.0, "user")
    bad = tmp_path / "bad.tsv"
    bad.write_text("dragon\t2\n")
    with pytest.raises(StoryError, match=r"bad.tsv:1: arousal of 'dragon' must be in \[-1, 1\]"):
        ArousalLexicon(files=[bad])
    with pytest.raises(StoryError):
        ArousalLexicon({"dragon": "high"})  # type: ignore[dict-item]


def test_intensity_cues_count_what_they_say():
    c = intensity_cues(split_sentences("STOP! He grabbed the very sharp knife. Then he ran."), ArousalLexicon())
    assert c.exclamation == pytest.approx(1 / 3) and c.short == pytest.approx(2 / 3)
    assert c.capitals == pytest.approx(1 / 10) and c.intensifiers == pytest.approx(1 / 3)
    assert c.action > 0 and c.lexicon > 0
    assert intensity_cues([], ArousalLexicon()).as_tuple() == (0.0,) * 7


@pytest.mark.parametrize("make", [TextAffectEstimator, ModelAffectEstimator], ids=["lexicon", "model"])
def test_estimators_order_clear_texts_on_both_axes(make):
    est = make()
    calm, panic, happy, sad = (est(t) for t in (CALM, PANIC, HAPPY, SAD))
    assert panic.arousal > calm.arousal + 0.3
    assert happy.valence > sad.valence + 0.3
    assert happy.valence > 0 > sad.valence
    assert est("") == Affect(0.0, 0.0) and est("  \n ") == Affect(0.0, 0.0)
    one = est("Fire!")
    assert one.arousal > 0
    with pytest.raises(StoryError):
        est(b"bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize("make", [TextAffectEstimator, ModelAffectEstimator], ids=["lexicon", "model"])
def test_non_english_text_is_neutral_not_nonsense(make):
    est = make()
    for text in ("Der Hund lief schnell über die Straße. Es war ein schöner Tag, und alle waren glücklich.",
                 "El perro corrió rápido por la calle. Era un día hermoso y todos estaban felices.",
                 "犬が走った。今日はいい天気です。"):
        a = est(text)
        assert abs(a.valence) < 0.1 and abs(a.arousal) < 0.1, (text, a)
    assert english_confidence(CALM) == 1.0 and english_confidence("Stocks fall sharply on recession fears") > 0.5


def test_lexicon_estimator_extensions_change_the_result():
    base = TextAffectEstimator()
    text = "The wyvern shrieked over the zorbling fields."
    extended = TextAffectEstimator(extra_arousal={"wyvern": 1.0, "zorbling": 1.0}, extra_valence={"zorbling": -1.0})
    assert extended(text).arousal > base(text).arousal
    assert extended(text).valence < base(text).valence
    with pytest.raises(StoryError, match="did you mean 'exclamation'"):
        TextAffectEstimator(weights={"exclamations": 1.0})


def test_default_estimator_is_the_shipped_model():
    est = default_estimator()
    assert isinstance(est, ModelAffectEstimator)
    m = load_text_model()
    assert m.info["data"].startswith("EmoBank train.csv") and "CC-BY-SA 4.0" in m.info["data"]
    assert len(m.vocabulary) > 5000 and m.weights.shape == (len(m.vocabulary) + len(DENSE_FEATURES), 2)


def test_model_round_trips_and_rejects_corrupt_files(tmp_path):
    m = load_text_model()
    p = tmp_path / "m.npz"
    m.save(p)
    again = TextModel.load(p)
    assert again.vocabulary == m.vocabulary and again.info == m.info
    np.testing.assert_allclose(again.weights, m.weights, rtol=1e-6)
    assert ModelAffectEstimator(p)(PANIC) == ModelAffectEstimator(m)(PANIC)
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"not a zip file")
    with pytest.raises(ModelError):
        TextModel.load(junk)
    with pytest.raises(ModelError):
        TextModel.load(tmp_path / "missing.npz")


def _dense_design(texts, vocab, dense):
    rows, cols, vals = sparse_rows(texts, vocab)
    x = np.zeros((len(texts), len(vocab)))
    np.add.at(x, (rows, cols), vals)
    return np.hstack([x, dense])


def test_ridge_cg_matches_the_closed_form():
    rng = np.random.default_rng(1)
    texts = [" ".join(rng.choice(["calm", "storm", "fire", "sleep", "run", "the", "sea"], size=6)) for _ in range(60)]
    vocab = {g: i for i, g in enumerate(sorted({g for t in texts for g in ngrams(t)}))}
    dense = rng.normal(size=(60, 3))
    design = _Design(60, len(vocab), sparse_rows(texts, vocab), dense)
    y = rng.normal(size=60)
    w, b = ridge_cg(design, y, 2.0, tol=1e-12, max_iter=5000)
    x = _dense_design(texts, vocab, dense)
    xc = x - x.mean(axis=0)  # with an unpenalised intercept, ridge solves the centred problem
    w_ref = np.linalg.solve(x.T @ x + 2.0 * np.eye(x.shape[1]) - len(y) * np.outer(x.mean(0), x.mean(0)), xc.T @ (y - y.mean()))
    np.testing.assert_allclose(x @ w + b, x @ w_ref + (y.mean() - x.mean(0) @ w_ref), atol=1e-6)


def test_training_on_a_small_synthetic_set_learns_the_signal():
    rng = np.random.default_rng(0)
    pos, neg = ["lovely", "joy", "bright", "kind"], ["awful", "grim", "cruel", "dark"]
    loud, soft = ["thunder", "scream", "crash"], ["hush", "sleep", "drift"]
    texts, ys = [], []
    for _ in range(200):
        v, a = rng.integers(0, 2, size=2)
        ws = list(rng.choice(pos if v else neg, 3)) + list(rng.choice(loud if a else soft, 2)) + ["the", "day"]
        rng.shuffle(ws)
        texts.append(" ".join(ws) + ".")
        ys.append((0.6 if v else -0.6, 0.6 if a else -0.6))
    model = train_text_model(texts, np.array(ys), lambdas=(1.0,), folds=2)
    assert float(model.info["cv_r_valence"]) > 0.9 and float(model.info["cv_r_arousal"]) > 0.9
    est = ModelAffectEstimator(model)
    assert est("A lovely joy of thunder.").valence > 0 > est("A grim cruel hush.").valence
    assert est("Thunder and crash.").arousal > est("Hush, sleep, drift.").arousal
