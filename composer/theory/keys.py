"""Keys: key signatures as fifths, and how closely two keys are related (shared scale tones)."""

from __future__ import annotations

__all__ = ["MODE_FIFTHS", "key_fifths", "common_tones", "fifths_distance"]

from composer.errors import ArgumentError
from composer.theory.scales import MODES, scale_pitch_classes

#: Key signature of each mode on C, in fifths (+ sharps, - flats): a mode's signature is that of
#: the major key it is a rotation of. Harmonic minor is written as minor (its raised seventh is an
#: accidental), and each pentatonic scale as the mode it is drawn from.
MODE_FIFTHS: dict[str, int] = {
    "lydian": 1,
    "ionian": 0,
    "mixolydian": -1,
    "dorian": -2,
    "aeolian": -3,
    "harmonic_minor": -3,
    "phrygian": -4,
    "locrian": -5,
    "major_pentatonic": 0,
    "minor_pentatonic": -3,
}


def key_fifths(tonic: int, mode: str) -> int:
    """Return the key signature of ``mode`` on pitch class ``tonic`` as fifths (+ sharps, - flats).

    Of the enharmonic spellings of the tonic, the one with the fewest accidentals is
    taken; a tie (six sharps or six flats) gives the sharps.

    Parameters
    ----------
    tonic : int
        Pitch class 0 (C) to 11 (B).
    mode : str
        A key of ``composer.theory.MODES``.

    Returns
    -------
    int
        In -6..6.

    Examples
    --------
    >>> key_fifths(7, "ionian"), key_fifths(2, "dorian"), key_fifths(0, "aeolian"), key_fifths(1, "ionian")
    (1, 0, -3, -5)
    """
    if mode not in MODES:
        raise ArgumentError(f"unknown mode {mode!r}; known modes: {', '.join(MODES)}")
    raw = (tonic * 7) % 12 + MODE_FIFTHS[mode]  # fifths from C major, up to a multiple of 12
    f = (raw + 6) % 12 - 6  # -6..5
    return 6 if f == -6 else f


def common_tones(tonic_a: int, mode_a: str, tonic_b: int, mode_b: str) -> int:
    """Return how many pitch classes the scales of two keys share.

    Examples
    --------
    >>> common_tones(0, "ionian", 9, "aeolian"), common_tones(0, "ionian", 7, "ionian"), common_tones(0, "ionian", 0, "aeolian")
    (7, 6, 4)
    """
    return len(scale_pitch_classes(tonic_a, mode_a) & scale_pitch_classes(tonic_b, mode_b))


def fifths_distance(pc_a: int, pc_b: int) -> int:
    """Return the distance of two pitch classes around the circle of fifths, 0..6.

    Examples
    --------
    >>> fifths_distance(0, 7), fifths_distance(0, 2), fifths_distance(0, 6)
    (1, 2, 6)
    """
    d = ((pc_b - pc_a) * 7) % 12
    return min(d, 12 - d)
