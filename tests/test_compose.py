"""End to end: compose, write MIDI, read it back, and check every hard constraint on the music."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import composer
from composer._resources import styles_dir
from composer.theory import MODES, get_meter, is_major_type
from tests.music import read_notes, tempo_of

axis = st.floats(-1, 1, allow_nan=False)


def check_hard_constraints(melody: composer.Melody, path) -> None:
    p = melody.parameters
    notes, score = read_notes(path)
    meter = get_meter(p.meter)
    bar_q = Fraction(meter.bar_ticks, 4)
    scale = {(p.tonic + s) % 12 for s in MODES[p.mode]}
    assert notes, "no notes were written"
    assert notes[0].onset == 0, "the melody does not start on the downbeat"
    for n in notes:
        assert n.midi % 12 in scale, f"{n.midi} is not in {p.tonic_name} {p.mode}"
        assert p.low <= n.midi <= p.high, f"{n.midi} is outside {p.low}..{p.high}"
        first_bar, last_bar = n.onset // bar_q, (n.onset + n.length - Fraction(1, 4)) // bar_q
        assert first_bar == last_bar, f"note at {n.onset} ({n.length}) crosses a bar line"
    for a, b in zip(notes, notes[1:]):
        assert abs(b.midi - a.midi) <= p.max_leap, f"leap {a.midi}->{b.midi} exceeds {p.max_leap}"
    end = notes[-1].onset + notes[-1].length
    assert end == melody.bars * bar_q, f"the last note ends at {end}, not at the end of bar {melody.bars}"
    assert notes[-1].midi % 12 == p.tonic, "the last note is not the tonic"
    assert tempo_of(score) == pytest.approx(p.tempo, abs=0.01)


@settings(max_examples=25)
@given(valence=axis, arousal=axis, seed=st.integers(0, 2**31), bars=st.integers(1, 6))
def test_written_midi_satisfies_every_hard_constraint(tmp_path_factory, valence, arousal, seed, bars):
    melody = composer.compose(valence=valence, arousal=arousal, bars=bars, seed=seed)
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
@given(valence=axis, arousal=axis, seed=st.integers(0, 2**31))
def test_valence_sign_picks_the_mode_type(valence, arousal, seed):
    mode = composer.load_style("default").evaluate(composer.Affect(valence, arousal), seed=seed).parameters.mode
    assert is_major_type(mode) == (valence >= 0), f"valence {valence} gave {mode}"


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
