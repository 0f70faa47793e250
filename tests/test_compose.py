"""End to end: compose, write MIDI, read it back, and check every hard constraint on the music."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import composer
from composer.theory.meter import get_meter
from composer._resources import styles_dir
from composer.render.synth import GATE
from composer.testing import affects, assert_complete_bars, assert_constraints, composed_melodies
from composer.theory import is_major_type
from tests.music import read_notes, tempo_of

axis = st.floats(-1, 1, allow_nan=False)


#: The hard constraints the default style asks for, each checked by its composer.testing predicate.
HARD_KINDS = ("in_scale", "range", "max_leap", "fill_bars", "final_tonic", "strong_start")


def melody_read_back(melody: composer.Melody, path) -> composer.Melody:
    """The notes written to ``path``, read back with music21, as a Melody with the original's parameters.

    Silences between notes become rests; timing is converted to sixteenth-note ticks exactly.
    A MIDI file holds performed lengths (``composer.render.performed``): each note's written
    length is its sounding length divided by the gate of the melody's articulation.
    """
    notes, _ = read_notes(path)
    midi = str(path).lower().endswith((".mid", ".midi"))
    gate = Fraction(GATE[melody.parameters.articulation]).limit_denominator(64) if midi else Fraction(1)
    notes = [dataclasses.replace(n, length=n.length / gate) for n in notes[:-1]] + notes[-1:]  # the last rings on
    pitches, ticks, t = [], [], Fraction(0)
    for n in notes:
        assert n.onset >= t, f"notes overlap at {n.onset}"
        if n.onset > t:
            pitches.append(-1)
            ticks.append(n.onset - t)
        pitches.append(n.midi)
        ticks.append(n.length)
        t = n.onset + n.length
    sixteenths = [q * 4 for q in ticks]
    assert all(x.denominator == 1 for x in sixteenths), f"durations off the sixteenth grid: {ticks}"
    return dataclasses.replace(melody, pitches=pitches, ticks=[int(x) for x in sixteenths],
                               velocities=[0 if p < 0 else 64 for p in pitches])


def check_hard_constraints(melody: composer.Melody, path) -> None:
    _, score = read_notes(path)
    back = melody_read_back(melody, path)
    assert back.n_notes, "no notes were written"
    assert_constraints(back, HARD_KINDS)  # scale, range, leaps, bar lines, final tonic, downbeat start
    assert_complete_bars(back, bars=melody.bars)
    assert back.pitches.tolist() == melody.pitches.tolist() and back.ticks.tolist() == melody.ticks.tolist()
    assert tempo_of(score, path) == pytest.approx(melody.parameters.tempo, abs=0.01)


@settings(max_examples=25)
@given(melody=composed_melodies(min_bars=1, max_bars=6))
def test_written_midi_satisfies_every_hard_constraint(tmp_path_factory, melody):
    path = melody.write(tmp_path_factory.mktemp("m") / "m.mid")
    check_hard_constraints(melody, path)


@pytest.mark.parametrize("valence,arousal,seed", [(0.7, 0.4, 1), (-0.8, -0.7, 2), (-0.3, 0.9, 3), (0.9, 0.9, 4)])
def test_written_musicxml_satisfies_every_hard_constraint(tmp_path, valence, arousal, seed):
    melody = composer.compose(valence=valence, arousal=arousal, bars=8, seed=seed)
    check_hard_constraints(melody, melody.write(tmp_path / "m.musicxml"))


@settings(max_examples=60)
@given(valence=axis, a1=axis, a2=axis, seed=st.integers(0, 2**31))
def test_tempo_never_decreases_as_arousal_rises(valence, a1, a2, seed):
    style = composer.load_style("default")
    lo, hi = sorted((a1, a2))
    t_lo = style.evaluate(composer.Affect(valence, lo), seed=seed).parameters.tempo
    t_hi = style.evaluate(composer.Affect(valence, hi), seed=seed).parameters.tempo
    assert t_hi >= t_lo


@settings(max_examples=100)
@given(affect=affects(), seed=st.integers(0, 2**31))
def test_valence_sign_picks_the_mode_type(affect, seed):
    mode = composer.load_style("default").evaluate(affect, seed=seed).parameters.mode
    assert is_major_type(mode) == (affect.valence >= 0), f"valence {affect.valence} gave {mode}"


def test_tempo_read_back_rises_with_arousal(tmp_path):
    tempos = []
    for i, arousal in enumerate([-0.9, -0.3, 0.3, 0.9]):
        melody = composer.compose(valence=0.3, arousal=arousal, bars=2, seed=5)
        _, score = read_notes(melody.write(tmp_path / f"{i}.mid"))
        tempos.append(tempo_of(score))
    assert tempos == sorted(tempos) and tempos[0] < tempos[-1]


def test_notes_per_second_rise_with_arousal():
    rates = [composer.compose(valence=0.2, arousal=a, bars=8, seed=7) for a in (-0.9, 0.0, 0.9)]
    per_second = [m.n_notes / m.seconds for m in rates]
    assert per_second[0] < per_second[1] < per_second[2], per_second


def test_same_seed_same_notes_and_seeds_differ():
    a = composer.compose(valence=0.1, arousal=0.2, bars=8, seed=11)
    b = composer.compose(valence=0.1, arousal=0.2, bars=8, seed=11)
    assert a.pitches.tolist() == b.pitches.tolist() and a.ticks.tolist() == b.ticks.tolist()
    others = {tuple(composer.compose(valence=0.1, arousal=0.2, bars=8, seed=s).pitches) for s in range(12, 16)}
    assert len(others) > 1, "different seeds always gave the same melody"


def test_breakdown_adds_up_to_the_score():
    m = composer.compose(valence=-0.4, arousal=0.5, bars=4, seed=2)
    total = sum(float(v.sum()) for v in m.breakdown.values())
    assert total == pytest.approx(m.score, abs=1e-9)
    assert all(v.shape == m.pitches.shape for v in m.breakdown.values())


def test_summary_and_stream():
    m = composer.compose(valence=0.7, arousal=0.4, bars=8, style="default", seed=1)
    text = str(m)
    assert m.parameters.mode in text and f"{m.parameters.tempo:g}" in text and f"{m.n_notes} notes" in text
    s = m.to_stream()
    assert len(s.parts[0].getElementsByClass("Measure")) == 8
    assert s.flatten().getElementsByClass("KeySignature") and s.flatten().getElementsByClass("TimeSignature")


@pytest.mark.parametrize("kwargs,message", [
    ({"valence": 1.5, "arousal": 0}, "valence must be in [-1, 1]"),
    ({"valence": 0, "arousal": float("nan")}, "arousal must be in [-1, 1]"),
    ({"valence": 0, "arousal": 0, "bars": 0}, "bars must be an integer from 1 to 256"),
    ({"valence": 0, "arousal": 0, "beam_width": 0}, "beam_width"),
    ({"valence": 0, "arousal": 0, "style": "no_such_style"}, "unknown style 'no_such_style'"),
    ({"valence": 0}, "give valence and arousal"),
])
def test_bad_arguments_get_clear_errors(kwargs, message):
    with pytest.raises(composer.ComposerError) as info:
        composer.compose(**kwargs)
    assert message in str(info.value)


def test_malformed_style_names_file_line_and_key(tmp_path):
    path = tmp_path / "broken.yaml"
    text = (styles_dir() / "default.yaml").read_text()
    path.write_text(text.replace("  tempo:\n", "  tempi:\n").replace("value: staccato", "value: stacato"))
    with pytest.raises(composer.RuleError) as info:
        composer.compose(valence=0, arousal=0, style=path)
    message = str(info.value)
    tempi_line = text.splitlines().index("  tempo:") + 1
    assert f"broken.yaml:{tempi_line} [parameters.tempi]: unknown parameter 'tempi'; did you mean 'tempo'?" in message
    assert "did you mean 'staccato'?" in message
    assert "missing parameters: tempo" in message


def test_compose_variations_are_distinct_reproducible_and_keep_the_hard_constraints(tmp_path):
    vs = composer.compose_variations(valence=0.4, arousal=-0.2, bars=4, n=5, seed=8)
    again = composer.compose_variations(valence=0.4, arousal=-0.2, bars=4, n=5, seed=8)
    keys = [(tuple(v.pitches), tuple(v.ticks)) for v in vs]
    assert len(set(keys)) == 5 and keys == [(tuple(v.pitches), tuple(v.ticks)) for v in again]
    for i, v in enumerate(vs):
        check_hard_constraints(v, v.write(tmp_path / f"v{i}.mid"))
    with pytest.raises(composer.ComposerError, match="temperature above 0"):
        composer.compose_variations(valence=0.4, arousal=-0.2, n=2, temperature=0)


@pytest.mark.parametrize("valence, arousal", [(-0.6, -0.6), (0.0, 0.0), (0.7, 0.7)])
def test_compose_variations_differ_from_the_first_bar(valence, arousal):
    # Takes drawn together share the beam's opening; each take is drawn on its own, its first bar new.
    vs = composer.compose_variations(valence=valence, arousal=arousal, bars=8, n=4, seed=3)
    bar = get_meter(vs[0].parameters.meter).bar_ticks
    firsts = set()
    for v in vs:
        onsets = np.concatenate([[0], np.cumsum(v.ticks)[:-1]])
        firsts.add((tuple(v.pitches[onsets < bar]), tuple(v.ticks[onsets < bar])))
    assert len(firsts) == 4
