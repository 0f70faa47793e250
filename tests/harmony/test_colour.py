"""Chromatic colour: flat-side chords for unpleasant music, sharp-side ones for pleasant, and no
secondary dominant of a chord minor does not have."""

import numpy as np
import pytest

import composer
from composer.harmony.chords import N_CHORDS, chord_index, chord_pitch_classes, chromatic_colour, chromatic_kind
from composer.harmony.harmoniser import COLOUR_GAIN, harmonise_arrays, style_weights
from composer.theory.scales import MODES


def test_flat_side_chords_are_dark_and_sharp_side_chords_bright():
    # in C major: Ab (bVI), Fm (iv), Bb (bVII), Db (Neapolitan), B dim7 flatten scale degrees
    for root, quality in ((8, "maj"), (5, "min"), (10, "maj"), (1, "maj"), (11, "dim7")):
        assert chromatic_colour(chord_index(root, quality), "ionian") == -1, (root, quality)
    # D7 (V7/V) and E (V/vi) raise them; in A minor, D major (IV from major) raises F to F#
    for root, quality, mode in ((2, "dom7", "ionian"), (4, "maj", "ionian"), (5, "maj", "aeolian")):
        assert chromatic_colour(chord_index(root, quality), mode) == 1, (root, quality, mode)
    assert chromatic_colour(chord_index(7, "maj"), "ionian") == 0            # diatonic V


def test_colour_is_which_way_the_chord_moves_the_scale():
    """Every coloured chord's tones outside the scale lie on its side: a sharp-side chord has a tone a
    semitone above a scale tone that the scale lacks below, and no tone of the flat side only."""
    for mode in ("ionian", "mixolydian", "dorian", "aeolian", "phrygian"):
        scale = set(MODES[mode])
        for i in range(N_CHORDS):
            c = chromatic_colour(i, mode)
            if c == 0:
                continue
            outside = [p for p in chord_pitch_classes(i) if p not in scale]
            # a raised tone: the scale has the tone a semitone below it; a lowered one, a semitone above
            raised = [p for p in outside if (p - 1) % 12 in scale and (p + 1) % 12 not in scale]
            lowered = [p for p in outside if (p + 1) % 12 in scale and (p - 1) % 12 not in scale]
            if c > 0:
                assert raised or not lowered, (mode, i, outside)
            else:
                assert lowered or not raised, (mode, i, outside)


def test_minor_has_no_secondary_dominant_of_a_chord_it_lacks():
    for mode in ("aeolian", "dorian", "phrygian"):
        for root in (4, 9):                       # V/vi and V/ii of a major key: F# and B major in D minor
            assert chromatic_kind(chord_index(root, "maj"), mode) is None
            assert not np.isfinite(style_weights(mode, 1.0, 0.5)[chord_index(root, "maj")])
    assert chromatic_kind(chord_index(2, "dom7"), "aeolian") == "secondary"   # V7/V stays


@pytest.mark.parametrize("colour", [-1.0, -0.5, 0.5, 1.0])
def test_the_other_colour_costs_in_proportion(colour):
    plain = style_weights("ionian", 0.5, 0.3)
    w = style_weights("ionian", 0.5, 0.3, colour)
    for i in range(N_CHORDS):
        if not np.isfinite(plain[i]):
            continue
        against = chromatic_colour(i, "ionian") * colour < 0
        assert w[i] == pytest.approx(plain[i] - (COLOUR_GAIN * abs(colour) if against else 0.0))
    with pytest.raises(composer.HarmonyError, match="harmonic_colour"):
        harmonise_arrays([60], [16], tonic=0, mode="ionian", meter="4/4", harmonic_colour=2.0)


def _sides(melodies, colour: float) -> tuple[int, int]:
    """Flat-side and sharp-side chromatic chords in ``melodies`` harmonised with ``harmonic_colour=colour``."""
    flat = sharp = 0
    for m in melodies:
        h = composer.harmonise(m, chromaticism=0.6, harmonic_colour=colour)
        c = [chromatic_colour(int(x), h.mode) for x in h.chords]
        flat, sharp = flat + c.count(-1), sharp + c.count(1)
    return flat, sharp


@pytest.mark.parametrize("style", ["default", "film"])
def test_the_same_melodies_get_darker_chords_at_negative_colour(style):
    melodies = [composer.compose(valence=v, arousal=0.6, bars=8, style=style, seed=seed, arrange=False)
                for v in (-0.6, 0.6) for seed in range(3)]
    dark, bright = _sides(melodies, -1.0), _sides(melodies, 1.0)
    assert dark[0] >= bright[0] and dark[1] <= bright[1]
    assert dark[0] - dark[1] > bright[0] - bright[1]


def test_pleasant_arrangements_keep_flat_side_chords_out():
    """At valence 0.6 the default style's colour (0.6) makes borrowed-from-minor chords rare."""
    flat = sharp = 0
    for seed in range(4):
        a = composer.compose(valence=0.6, arousal=0.6, bars=8, seed=seed, arrange=True)
        c = [chromatic_colour(int(x), a.harmony.mode) for x in a.harmony.chords]
        flat, sharp = flat + c.count(-1), sharp + c.count(1)
    assert flat <= sharp, (flat, sharp)
