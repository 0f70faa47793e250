"""Modes as semitone tables, their brightness order, and pitch-class names."""

from __future__ import annotations

__all__ = ["MODES", "MODE_BRIGHTNESS", "PITCH_CLASS_NAMES", "is_major_type", "pitch_class", "scale_pitch_classes"]

from composer.errors import ArgumentError

#: Semitone offsets of each mode's degrees above its tonic.
MODES: dict[str, tuple[int, ...]] = {
    "lydian": (0, 2, 4, 6, 7, 9, 11),
    "ionian": (0, 2, 4, 5, 7, 9, 11),
    "mixolydian": (0, 2, 4, 5, 7, 9, 10),
    "dorian": (0, 2, 3, 5, 7, 9, 10),
    "aeolian": (0, 2, 3, 5, 7, 8, 10),
    "harmonic_minor": (0, 2, 3, 5, 7, 8, 11),
    "phrygian": (0, 1, 3, 5, 7, 8, 10),
    "locrian": (0, 1, 3, 5, 6, 8, 10),
    "major_pentatonic": (0, 2, 4, 7, 9),
    "minor_pentatonic": (0, 3, 5, 7, 10),
}

#: Brightness of each mode, brightest first (Gabrielsson & Lindström 2010; the
#: order of the diatonic modes by their number of raised degrees). The pentatonic
#: scales sit beside the mode they are drawn from.
MODE_BRIGHTNESS: tuple[str, ...] = (
    "lydian",
    "ionian",
    "major_pentatonic",
    "mixolydian",
    "dorian",
    "minor_pentatonic",
    "harmonic_minor",
    "aeolian",
    "phrygian",
    "locrian",
)

#: Spelling of each pitch class used for tonic names (sharps except B-flat, E-flat, A-flat).
PITCH_CLASS_NAMES: tuple[str, ...] = ("C", "C#", "D", "E-", "E", "F", "F#", "G", "A-", "A", "B-", "B")

_NAME_TO_PC = {n.lower(): i for i, n in enumerate(PITCH_CLASS_NAMES)}
_NAME_TO_PC.update({"db": 1, "d#": 3, "eb": 3, "gb": 6, "g#": 8, "ab": 8, "a#": 10, "bb": 10, "cb": 11, "e#": 5, "fb": 4, "b#": 0})
_NAME_TO_PC.update({"d-": 1, "g-": 6, "c-": 11, "f-": 4})


def is_major_type(mode: str) -> bool:
    """Return True when ``mode`` has a major third above its tonic.

    Examples
    --------
    >>> is_major_type("mixolydian"), is_major_type("dorian")
    (True, False)
    """
    return 4 in MODES[mode]


def pitch_class(name: str | int) -> int:
    """Return the pitch class (0 = C … 11 = B) of a note name such as ``"F#"``, ``"Bb"`` or ``"E-"``.

    Raises
    ------
    ValueError
        If the name is not a pitch-class name.
    """
    if isinstance(name, int) and not isinstance(name, bool):
        if 0 <= name <= 11:
            return name
        raise ArgumentError(f"pitch class must be in 0..11, got {name}")
    key = str(name).strip().lower()
    if key not in _NAME_TO_PC:
        raise ArgumentError(f"unknown pitch class {name!r}; use a letter A-G with an optional #, b or -")
    return _NAME_TO_PC[key]


def scale_pitch_classes(tonic: int, mode: str) -> frozenset[int]:
    """Return the pitch classes of ``mode`` built on pitch class ``tonic``.

    Examples
    --------
    >>> sorted(scale_pitch_classes(9, "aeolian"))
    [0, 2, 4, 5, 7, 9, 11]
    """
    if mode not in MODES:
        raise ArgumentError(f"unknown mode {mode!r}; known modes: {', '.join(MODES)}")
    return frozenset((tonic + s) % 12 for s in MODES[mode])
