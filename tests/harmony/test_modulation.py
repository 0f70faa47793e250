"""Planned modulations: a section before a key change ends on a pivot chord or the new key's dominant."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import composer
from composer.arrange import arrange_piece
from composer.harmony.chords import VOCABULARY, chord_index, chord_pitch_classes
from composer.harmony.harmoniser import harmonise_arrays
from composer.harmony.modulation import preparation, preparing_mask
from composer.theory.scales import MODES

C_TO_G = (0, "ionian", 7, "ionian")


@pytest.mark.parametrize(("root", "quality", "kind"), [
    (2, "maj", "dominant"),    # D: V of G (chromatic in C: a secondary dominant)
    (2, "dom7", "dominant"),   # D7
    (9, "min", "pivot"),       # Am: vi in C, ii in G
    (0, "maj", "pivot"),       # C: I in C, IV in G
    (7, "maj", "pivot"),       # G: V in C, I in G
    (5, "maj", None),          # F: not in G major
    (11, "dim", None),         # B diminished: vii in C, but its F is not in G major
    (4, "maj", None),          # E major: in neither
])
def test_pivots_and_dominants_of_c_to_g(root, quality, kind):
    assert preparation(chord_index(root, quality), *C_TO_G) == kind


def test_a_pivot_is_diatonic_in_both_scales_read_note_by_note():
    """The mask, recomputed from the scales' pitch classes for the triads (no diminished chords)."""
    for tonic, mode, nxt, next_mode in [(0, "ionian", 9, "aeolian"), (2, "dorian", 7, "ionian"), (5, "ionian", 0, "mixolydian")]:
        mask = preparing_mask(tonic, mode, nxt, next_mode)
        old = {(tonic + x) % 12 for x in MODES[mode]}
        new = {(nxt + x) % 12 for x in MODES[next_mode]}
        for i, c in enumerate(VOCABULARY):
            if c.quality not in ("maj", "min"):
                continue
            tones = set(chord_pitch_classes(i, tonic))
            dominant = (tonic + c.root) % 12 == (nxt + 7) % 12 and c.quality == "maj"
            assert mask[i] == (tones <= old and tones <= new or dominant), (tonic, mode, nxt, next_mode, c)


def _tune(last: int) -> tuple[np.ndarray, np.ndarray]:
    """Two bars of 4/4 in C: a step-wise line, then ``last`` held for the whole second bar."""
    return np.array([60, 62, 64, 65, last]), np.array([4, 4, 4, 4, 16])


def test_next_key_makes_the_last_chord_prepare_it_and_hold_the_melodys_note():
    pitches, ticks = _tune(67)                           # ends on G, held
    alone = harmonise_arrays(pitches, ticks, tonic=0, mode="ionian", meter="4/4")
    joined = harmonise_arrays(pitches, ticks, tonic=0, mode="ionian", meter="4/4", next_key=(2, "ionian"))
    assert alone.symbols[-1] == "C"                      # its own authentic cadence
    # the last bar is split at beat 3: the first half keeps the cadence, the second prepares D major
    assert joined.onsets.tolist()[-2:] == [16, 24] and joined.symbols[-2] == "C"
    last = int(joined.chords[-1])
    assert preparation(last, 0, "ionian", 2, "ionian") is not None
    assert 7 in chord_pitch_classes(last, 0)             # the held G is a tone of it


def test_no_preparing_chord_holds_the_note_then_the_section_keeps_its_cadence():
    pitches, ticks = _tune(60)                           # ends on C; C major -> F# major shares no chord holding C
    h = harmonise_arrays(pitches, ticks, tonic=0, mode="ionian", meter="4/4", next_key=(6, "ionian"))
    assert h.symbols[-1] == "C"


def test_a_next_key_in_an_unknown_mode_is_one_clear_error():
    with pytest.raises(composer.HarmonyError, match="unknown mode 'lydianish' of next_key"):
        harmonise_arrays(*_tune(67), tonic=0, mode="ionian", meter="4/4", next_key=(7, "lydianish"))


KEYS = ("C major", "G major", "D major", "F major", "A minor", "E minor", "D minor")
point = st.tuples(st.sampled_from([-0.8, -0.3, 0.3, 0.8]), st.sampled_from([-0.8, -0.3, 0.3, 0.8]))


@settings(max_examples=6, deadline=None)
@given(cues=st.lists(st.tuples(point, st.sampled_from(KEYS)), min_size=2, max_size=3),
       style=st.sampled_from(["film", "game", "hymn"]), seed=st.integers(0, 20))
def test_every_key_change_that_can_be_prepared_is(cues, style, seed):
    sheet = {"style": style, "cues": [{"name": f"c{i}", "duration": 6, "emotion": {"valence": v, "arousal": a},
                                       "key": k} for i, ((v, a), k) in enumerate(cues)]}
    ap = composer.score_cues(sheet, bars=2, seed=seed)
    for i, _, kind in ap.key_changes():
        a = ap.arrangements[i]
        h, m = a.harmony, a.melody
        nxt = next(b.harmony for b in ap.arrangements[i + 1:] if b is not None)
        on = np.concatenate(([0], np.cumsum(m.ticks)[:-1]))
        note = int(m.pitches[np.searchsorted(on, h.onsets[-1], side="right") - 1])
        mask = preparing_mask(h.tonic % 12, h.mode, nxt.tonic % 12, nxt.mode)
        can = note < 0 or any(mask[j] and note % 12 in chord_pitch_classes(j, h.tonic) for j in range(len(mask)))
        if can:   # prepared whenever a preparing chord holds the melody's note as the chord begins
            assert kind is not None
            assert note < 0 or note % 12 in h.pitch_classes(len(h.chords) - 1)


def test_a_cue_sheet_from_c_to_g_to_e_minor_prepares_both_changes():
    sheet = {"style": "film", "cues": [
        {"name": "a", "duration": 8, "emotion": "serene", "key": "C major"},
        {"name": "b", "duration": 8, "emotion": "hopeful", "key": "G major"},
        {"name": "c", "duration": 8, "emotion": "sad", "key": "E minor"}]}
    piece = composer.score_cues(sheet, bars=2, seed=1, arrange=False)
    after = arrange_piece(piece).key_changes()
    before = arrange_piece(piece, prepare_keys=False).key_changes()
    assert len(after) == len(before) == 2
    assert all(kind is not None for _, _, kind in after)
