"""Sounding ranges of the instruments an arrangement writes for (the ``part_ranges`` rule).

``INSTRUMENT_RANGES`` maps a General MIDI program name to its inclusive sounding range
(MIDI pitches, low, high): the usual orchestration-book compass of the instrument (for the
contrabass, sounding an octave below written), and for synthesised programs a range in
which their timbre stays usable. A program not in the table has the piano's range.
"""

from __future__ import annotations

__all__ = ["INSTRUMENT_RANGES", "instrument_range"]

#: Inclusive sounding ranges (MIDI pitch) of the programs composer arranges for.
INSTRUMENT_RANGES: dict[str, tuple[int, int]] = {
    "acoustic_grand_piano": (21, 108),
    "church_organ": (36, 96),
    "string_ensemble_1": (28, 96),     # from the basses' low E to the violins' high register
    "contrabass": (28, 67),
    "cello": (36, 76),
    "french_horn": (34, 77),
    "lead_1_square": (36, 96),
    "synth_bass_1": (28, 67),
}
_PIANO = INSTRUMENT_RANGES["acoustic_grand_piano"]


def instrument_range(program: str) -> tuple[int, int]:
    """Return the inclusive sounding range ``(low, high)`` of a General MIDI program name (the piano's if unknown).

    >>> instrument_range("contrabass"), instrument_range("ocarina")
    ((28, 67), (21, 108))
    """
    return INSTRUMENT_RANGES.get(program, _PIANO)
