"""Piano reduction: every part on two hands, each hand playable, nothing of the harmony lost, a grand staff."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from music21 import converter, layout

import composer
from composer.arrange.reduction import hand_positions, piano_reduction


def _held(part, t):
    return {int(p) for on, ln, p in zip(part.onsets, part.lengths, part.pitches) if on <= t < on + ln}


@settings(max_examples=10, deadline=None)
@given(st.floats(-1, 1), st.floats(-1, 1), st.sampled_from(["default", "film", "game", "hymn"]), st.integers(0, 20))
def test_each_hand_is_playable_and_the_harmony_is_kept(valence, arousal, style, seed):
    a = composer.compose(valence=valence, arousal=arousal, bars=4, style=style, seed=seed, arrange=True)
    r = a.piano_reduction()
    for hand in r.parts:
        for _, held in hand_positions(hand):
            assert len(held) <= 5 and held[-1] - held[0] <= 12, (hand.name, held)
    mel, bass = a.parts[0], a.part("Bass")
    assert set(zip(mel.onsets.tolist(), mel.pitches.tolist())) <= set(zip(r.right.onsets.tolist(),
                                                                           r.right.pitches.tolist()))
    assert set(zip(bass.onsets.tolist(), bass.pitches.tolist())) <= set(zip(r.left.onsets.tolist(),
                                                                            r.left.pitches.tolist()))
    missing = 0                      # every other note's pitch class sounds in a hand at its onset, but the dropped
    for part in a.parts[1:]:
        for on, p in zip(part.onsets.tolist(), part.pitches.tolist()):
            classes = {x % 12 for x in _held(r.right, on) | _held(r.left, on)}
            missing += p % 12 not in classes
    assert missing <= r.dropped
    assert r.dropped <= 0.1 * sum(len(p.pitches) for p in a.parts[1:])


def test_tighter_hands_are_kept_and_checked():
    a = composer.compose(valence=0.2, arousal=0.8, bars=4, style="default", seed=3, arrange=True)
    r = piano_reduction(a, max_notes=3, max_span=9)
    for hand in r.parts:
        assert all(len(h) <= 3 and h[-1] - h[0] <= 9 for _, h in hand_positions(hand) if h)
    with pytest.raises(composer.HarmonyError, match="max_span must be 7..24"):
        piano_reduction(a, max_span=30)


def test_written_as_a_grand_staff(tmp_path):
    r = composer.compose(valence=0.5, arousal=-0.3, bars=2, style="film", seed=1).piano_reduction()
    score = converter.parse(str(r.write(tmp_path / "r.musicxml")))
    assert len(score.parts) == 2
    clefs = [type(p.recurse().getElementsByClass("Clef").first()).__name__ for p in score.parts]
    assert clefs == ["TrebleClef", "BassClef"]
    assert any(g.symbol == "brace" for g in score.recurse().getElementsByClass(layout.StaffGroup))
    notes = sum(len(n.pitches) for p in score.parts for n in p.flatten().notes)
    assert notes == len(r.right.pitches) + len(r.left.pitches)
    assert r.write(tmp_path / "r.wav").stat().st_size > 1000
    midi = converter.parse(str(r.write(tmp_path / "r.mid")))
    assert sum(len(n.pitches) for n in midi.flatten().notes) == notes


def test_generate_piano_reduction_writes_two_staves(tmp_path):
    from composer.cli import main

    out = tmp_path / "p.musicxml"
    assert main(["generate", "-v", "0.4", "-a", "0.1", "--bars", "2", "--style", "film", "--piano-reduction",
                 "-o", str(out)]) == 0
    assert len(converter.parse(str(out)).parts) == 2          # one piano, two staves
    assert main(["generate", "-v", "0", "-a", "0", "--melody-only", "--piano-reduction",
                 "-o", str(tmp_path / "x.mid")]) == 2
