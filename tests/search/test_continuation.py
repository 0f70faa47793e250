"""Continuation: a context before the melody, and a motif it must start with."""

from __future__ import annotations

import numpy as np
import pytest

import composer
from composer.errors import SearchError
from composer.models.markov import default_model
from composer.models.tokens import N_DUR, REL_HI, REL_LO, START
from composer.rules.constraints import Constraint
from composer.search import beam_search, compile_problem, hard_violations

BASE = [Constraint(k) for k in ("in_scale", "range", "max_leap", "fill_bars", "final_tonic", "strong_start")]


def params_at(valence, arousal, seed=1):
    return composer.load_style("default").evaluate(composer.Affect(valence, arousal), seed=seed).parameters


def test_context_is_converted_to_this_keys_tokens_and_clipped():
    p = params_at(0.4, 0.0)
    problem = compile_problem(p, BASE, default_model(), bars=2, context_midi=[10, -1, 127], context_ticks=[4, 2, 5])
    ref = problem.reference
    top, rest = REL_HI - REL_LO, N_DUR * (REL_HI - REL_LO + 1)  # clipped high token; the rest token's first event
    assert problem.init_hist.tolist() == [top * N_DUR + 4, rest + 1]  # 5 ticks: nearest class on a log scale is 6
    assert 127 - ref > REL_HI  # the leap is measured from the real pitch, not the clipped token
    with pytest.raises(SearchError, match="no melody"):  # no allowed pitch lies within max_leap of MIDI 127
        beam_search(problem)


def test_leap_from_the_contexts_last_note_is_bounded_even_across_keys():
    before = composer.compose(valence=0.6, arousal=0.2, bars=2, seed=4)
    after = composer.compose(valence=-0.5, arousal=0.2, bars=2, seed=4, after=before)
    p = after.parameters
    assert hard_violations(after.pitches, after.ticks, p, [Constraint("max_leap")] + BASE, bars=2,
                           context_midi=before.pitches) == []
    last = before.pitches[before.pitches >= 0][-1]
    assert abs(after.pitches[after.pitches >= 0][0] - last) <= p.max_leap


def test_context_changes_the_continuation_but_is_not_part_of_it():
    p = params_at(0.3, -0.2)
    plain = beam_search(compile_problem(p, BASE, default_model(), bars=2))[0]
    ref = compile_problem(p, BASE, default_model(), bars=2).reference
    ctx = np.array([ref + 7, ref + 5, ref + 4, ref + 2])
    cont = beam_search(compile_problem(p, BASE, default_model(), bars=2, context_midi=ctx,
                                       context_ticks=[4, 4, 4, 4]))[0]
    assert cont.pitch_tokens.tolist() != plain.pitch_tokens.tolist() or cont.score != plain.score
    assert int(np.sum(compile_problem(p, BASE, default_model(), bars=2).dur_ticks[cont.dur_tokens])) == 2 * 16


def test_motif_starts_every_result():
    p = params_at(0.5, 0.1)
    probe = compile_problem(p, BASE, default_model(), bars=2)
    ref = probe.reference
    motif = [ref, ref + 4, ref + 7]
    problem = compile_problem(p, BASE, default_model(), bars=2, prefix_midi=motif, prefix_ticks=[4, 2, 2],
                              beam_width=8)
    for cand in beam_search(problem, n_best=8):
        midi = problem.midi(cand.pitch_tokens)
        assert midi[:3].tolist() == motif
        assert problem.dur_ticks[cand.dur_tokens][:3].tolist() == [4, 2, 2]
        assert hard_violations(midi, problem.dur_ticks[cand.dur_tokens], p, BASE, bars=2) == []


@pytest.mark.parametrize("midi,ticks,message", [
    ([61], [4], "in_scale"),
    ([60], [5], "lengths must be one of"),
    ([60, 60, 60], [16, 16, 16], "longer than"),
    ([60, 67], [4], "same length"),
    ([200], [4], "MIDI pitch"),
])
def test_bad_motif_gets_a_clear_error(midi, ticks, message):
    p = composer.Parameters(tempo=100, meter="4/4", mode="ionian", tonic=0, register=64, range=14, density=2,
                            velocity=80, articulation="normal", max_leap=7, rests=0.3)
    with pytest.raises(SearchError, match=message):
        compile_problem(p, BASE, default_model(), bars=2, prefix_midi=midi, prefix_ticks=ticks)


def test_compose_accepts_after_and_motif_as_melody_or_arrays():
    first = composer.compose(valence=0.2, arousal=0.3, bars=2, seed=2)
    a = composer.compose(valence=0.2, arousal=0.3, bars=4, seed=2, after=first)
    b = composer.compose(valence=0.2, arousal=0.3, bars=4, seed=2, after=(first.pitches, first.ticks))
    assert a.pitches.tolist() == b.pitches.tolist()
    m = composer.compose(valence=0.2, arousal=0.3, bars=4, seed=2, motif=(first.pitches[:2], first.ticks[:2]))
    assert m.pitches[:2].tolist() == first.pitches[:2].tolist()
    with pytest.raises(composer.ComposerError, match="after must be"):
        composer.compose(valence=0.2, arousal=0.3, after="C D E")


def test_start_symbol_is_the_joint_start():
    assert START * N_DUR == compile_problem(params_at(0, 0), BASE, default_model(), bars=1).init_hist[0]
