"""Interval names by size in semitones."""

from __future__ import annotations

__all__ = ["INTERVAL_NAMES", "interval_name", "STEP_MAX", "LEAP_MIN"]

#: Name of each simple interval, by semitones (0..12).
INTERVAL_NAMES: tuple[str, ...] = (
    "unison",
    "minor second",
    "major second",
    "minor third",
    "major third",
    "perfect fourth",
    "tritone",
    "perfect fifth",
    "minor sixth",
    "major sixth",
    "minor seventh",
    "major seventh",
    "octave",
)

#: Largest interval (semitones) that counts as a step.
STEP_MAX = 2
#: Smallest interval (semitones) that counts as a leap (a third or more is a skip; a fourth or more a leap).
LEAP_MIN = 5


def interval_name(semitones: int) -> str:
    """Return the name of an interval of ``semitones`` (sign ignored; compound intervals named as such).

    Examples
    --------
    >>> interval_name(7), interval_name(-3), interval_name(14)
    ('perfect fifth', 'minor third', 'octave and major second')
    """
    s = abs(int(semitones))
    if s <= 12:
        return INTERVAL_NAMES[s]
    octaves, rest = divmod(s, 12)
    head = "octave" if octaves == 1 else f"{octaves} octaves"
    return head if rest == 0 else f"{head} and {INTERVAL_NAMES[rest]}"
