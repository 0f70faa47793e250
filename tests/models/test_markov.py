"""Tests of the order-2 Markov model: probability tables, files, determinism, the shipped model."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from composer.errors import ModelError
from composer.models import N_DUR, N_PITCH, REL_LO, REST, START, MarkovModel, TokenMelody, default_model, train_markov
from composer.models.markov import FORMAT_VERSION, meter_family, mode_family


def _tiny_corpus() -> list[TokenMelody]:
    """A few hand-built melodies: scale runs and arpeggios in major and minor, simple and compound meter."""
    t = -REL_LO  # the tonic token
    major = [t, t + 2, t + 4, t + 5, t + 7, t + 4, t + 2, t]
    minor = [t, t + 3, t + 7, t + 3, t + 2, t - 2, t, REST, t]
    return [
        TokenMelody(pitch=major * 3, duration=[3, 3, 1, 1, 3, 3, 1, 5] * 3, tonic=0, mode="ionian", meter="4/4"),
        TokenMelody(pitch=major[::-1], duration=[1] * 8, tonic=7, mode="mixolydian", meter="2/4"),
        TokenMelody(pitch=minor * 2, duration=[1, 1, 1, 4, 1, 1, 4, 1, 4] * 2, tonic=9, mode="aeolian", meter="6/8"),
        TokenMelody(pitch=minor, duration=[1] * 9, tonic=2, mode=None, meter=None),
    ]


@pytest.fixture(scope="module")
def tiny_model() -> MarkovModel:
    return train_markov(_tiny_corpus())


pitch_contexts = st.tuples(st.integers(0, 1), st.integers(0, N_PITCH), st.integers(0, N_PITCH))
dur_contexts = st.tuples(st.integers(0, 1), st.integers(0, N_DUR), st.integers(0, N_DUR))


def test_table_shapes(tiny_model):
    assert tiny_model.pitch_logp.shape == (2, N_PITCH + 1, N_PITCH + 1, N_PITCH)
    assert tiny_model.dur_logp.shape == (2, N_DUR + 1, N_DUR + 1, N_DUR)
    assert tiny_model.pitch_logp.dtype == np.float64 and tiny_model.pitch_logp.flags.c_contiguous
    assert np.all(np.isfinite(tiny_model.pitch_logp)) and np.all(np.isfinite(tiny_model.dur_logp))


@settings(max_examples=60, deadline=None)
@given(pitch_contexts)
def test_pitch_distributions_sum_to_one(tiny_model, ctx):
    fam, p2, p1 = ctx
    lp = tiny_model.logprob_pitch(fam, p2, p1)
    assert lp.shape == (N_PITCH,)
    assert abs(np.exp(lp).sum() - 1.0) < 1e-9
    assert np.all(lp > -np.inf)  # the uniform floor: nothing is impossible


@settings(max_examples=60, deadline=None)
@given(dur_contexts)
def test_duration_distributions_sum_to_one(tiny_model, ctx):
    fam, d2, d1 = ctx
    lp = tiny_model.logprob_duration(fam, d2, d1)
    assert lp.shape == (N_DUR,)
    assert abs(np.exp(lp).sum() - 1.0) < 1e-9


def test_every_slice_sums_to_one(tiny_model):
    assert np.abs(np.exp(tiny_model.pitch_logp).sum(-1) - 1).max() < 1e-9
    assert np.abs(np.exp(tiny_model.dur_logp).sum(-1) - 1).max() < 1e-9


def test_families_learn_their_mode(tiny_model):
    t = -REL_LO
    # after tonic-from-start, major tunes go up a tone, minor tunes up a minor third
    assert np.argmax(tiny_model.logprob_pitch(0, START, t)) == t + 2
    assert np.argmax(tiny_model.logprob_pitch(1, START, t)) == t + 3


def test_training_is_deterministic():
    a, b = train_markov(_tiny_corpus()), train_markov(_tiny_corpus())
    assert np.array_equal(a.pitch_logp, b.pitch_logp)
    assert np.array_equal(a.dur_logp, b.dur_logp)


def test_save_load_round_trip(tiny_model, tmp_path):
    path = tiny_model.save(tmp_path / "m.npz")
    back = MarkovModel.load(path)
    assert np.array_equal(back.pitch_logp, tiny_model.pitch_logp)
    assert np.array_equal(back.dur_logp, tiny_model.dur_logp)
    assert back.metadata == tiny_model.metadata
    for mel in _tiny_corpus():
        assert np.array_equal(back.sequence_logprob(mel), tiny_model.sequence_logprob(mel))


def test_sequence_logprob_is_pitch_plus_duration(tiny_model):
    mel = _tiny_corpus()[2]
    lp = tiny_model.sequence_logprob(mel)
    assert lp.shape == (len(mel),)
    p = np.concatenate([[START, START], mel.pitch])
    d = np.concatenate([[N_DUR, N_DUR], mel.duration])
    expect = [
        tiny_model.pitch_logp[1, p[i], p[i + 1], p[i + 2]] + tiny_model.dur_logp[1, d[i], d[i + 1], d[i + 2]]
        for i in range(len(mel))
    ]
    assert np.allclose(lp, expect)
    assert tiny_model.bits_per_note([mel]) > 0


def test_corrupt_file_names_the_file(tmp_path):
    bad = tmp_path / "broken.npz"
    bad.write_bytes(b"not a zip file at all")
    with pytest.raises(ModelError, match="broken.npz"):
        MarkovModel.load(bad)


def test_missing_file_names_the_file(tmp_path):
    with pytest.raises(ModelError, match="nothere.npz"):
        MarkovModel.load(tmp_path / "nothere.npz")


def test_wrong_version_is_refused(tiny_model, tmp_path):
    path = tmp_path / "old.npz"
    np.savez(path, format_version=np.int64(FORMAT_VERSION + 1), pitch_logp=tiny_model.pitch_logp,
             dur_logp=tiny_model.dur_logp, metadata=np.array("{}"))
    with pytest.raises(ModelError, match="old.npz.*version"):
        MarkovModel.load(path)


def test_wrong_shape_is_refused(tmp_path):
    path = tmp_path / "shape.npz"
    np.savez(path, format_version=np.int64(FORMAT_VERSION), pitch_logp=np.zeros((2, 3)),
             dur_logp=np.zeros((2, 3)), metadata=np.array("{}"))
    with pytest.raises(ModelError, match="shape.npz.*pitch_logp"):
        MarkovModel.load(path)


def test_families():
    assert [mode_family(m) for m in ("ionian", "lydian", "mixolydian", "dorian", "aeolian", None)] == [0, 0, 0, 1, 1, 0]
    assert [meter_family(m) for m in ("2/4", "3/4", "4/4", "6/8", "9/8", "12/8", "3/8", None)] == [0, 0, 0, 1, 1, 1, 0, 0]


def test_no_notes_is_an_error():
    with pytest.raises(ModelError):
        train_markov([])


# ------------------------------------------------------------------ the shipped model


def test_default_model_loads_once_and_is_valid():
    model = default_model()
    assert default_model() is model
    assert np.abs(np.exp(model.pitch_logp).sum(-1) - 1).max() < 1e-9
    assert np.abs(np.exp(model.dur_logp).sum(-1) - 1).max() < 1e-9
    assert model.metadata["n_melodies"] > 1000


@pytest.mark.parametrize("family, triad", [(0, {0, 4, 7}), (1, {0, 3, 7})])
def test_default_model_starts_in_the_tonic_triad(family, triad):
    first = int(np.argmax(default_model().logprob_pitch(family, START, START)))
    assert first != REST
    assert (first + REL_LO) % 12 in triad


def test_default_model_prefers_steps_to_tritones():
    model = default_model()
    t = -REL_LO
    lp = model.logprob_pitch(0, t + 4, t + 2)  # mi, re -> ?
    assert lp[t] > lp[t + 6]  # do is far likelier than fa-sharp in major


def test_train_default_on_a_small_manifest(tmp_path, monkeypatch):
    from composer.models import train_default

    monkeypatch.setenv("COMPOSER_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "tunes.abc").write_text(
        "X:1\nT:Scale\nM:4/4\nL:1/8\nK:D\nDEFG ABcd|dcBA GFED|DEFG ABcd|dcBA D4|]\n"
        "X:2\nT:Lament\nM:6/8\nL:1/8\nK:Em\nEFG B2A|GFE F3|EFG B2e|dBA E3|]\n"
    )
    (tmp_path / "mine.yaml").write_text("name: mine\nsources:\n  - path: tunes.abc\n")
    model, seconds = train_default(tmp_path / "mine.yaml", out=tmp_path / "out.npz", progress=False, holdout=None)
    assert seconds > 0
    assert model.metadata["n_melodies"] == 2 and model.metadata["n_melodies_by_mode_family"] == [1, 1, 0]
    back = MarkovModel.load(tmp_path / "out.npz")
    assert np.array_equal(back.pitch_logp, model.pitch_logp)
