"""Key signatures and key relations, against music21's own key signatures and plain set arithmetic."""

from __future__ import annotations

import pytest

from composer.render.stream import music21_key
from composer.theory import MODES, common_tones, fifths_distance, key_fifths, scale_pitch_classes


@pytest.mark.parametrize("mode", sorted(MODES))
def test_key_fifths_agrees_with_music21_on_every_key(mode):
    for tonic in range(12):
        f = key_fifths(tonic, mode)
        assert -6 <= f <= 6
        assert abs(f) == abs(music21_key(tonic, mode).sharps), (tonic, mode)


def test_relations():
    for a in range(12):
        for b in range(12):
            assert fifths_distance(a, b) == fifths_distance(b, a) <= 6
            for ma in ("ionian", "dorian", "harmonic_minor", "major_pentatonic"):
                assert common_tones(a, ma, b, "aeolian") == len(scale_pitch_classes(a, ma) & scale_pitch_classes(b, "aeolian"))
    # Keys a fifth apart share all notes but one.
    assert all(common_tones(t, "ionian", (t + 7) % 12, "ionian") == 6 for t in range(12))
    with pytest.raises(ValueError, match="unknown mode"):
        key_fifths(0, "majorish")
