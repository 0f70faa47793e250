"""Meters as tables of bar length, beat length and strong beats, in sixteenth-note ticks."""

from __future__ import annotations

__all__ = ["TICKS_PER_QUARTER", "Meter", "METERS", "get_meter"]

from dataclasses import dataclass

from composer.errors import ArgumentError

#: Ticks per quarter note: one tick is a sixteenth note.
TICKS_PER_QUARTER = 4


@dataclass(frozen=True)
class Meter:
    """A time signature as tick tables.

    Attributes
    ----------
    name : str
        ``"4/4"`` and so on.
    numerator, denominator : int
        The time signature.
    bar_ticks : int
        Length of one bar in sixteenth-note ticks.
    beat_ticks : int
        Length of one beat in ticks (a dotted quarter in compound meters).
    strong_ticks : tuple of int
        Tick offsets within the bar of the strong beats (downbeat first).
    """

    name: str
    numerator: int
    denominator: int
    bar_ticks: int
    beat_ticks: int
    strong_ticks: tuple[int, ...]

    @property
    def beats_per_bar(self) -> int:
        """Number of beats in one bar."""
        return self.bar_ticks // self.beat_ticks

    @property
    def bar_quarters(self) -> float:
        """Length of one bar in quarter notes."""
        return self.bar_ticks / TICKS_PER_QUARTER


#: The supported meters.
METERS: dict[str, Meter] = {
    "2/4": Meter("2/4", 2, 4, bar_ticks=8, beat_ticks=4, strong_ticks=(0,)),
    "3/4": Meter("3/4", 3, 4, bar_ticks=12, beat_ticks=4, strong_ticks=(0,)),
    "4/4": Meter("4/4", 4, 4, bar_ticks=16, beat_ticks=4, strong_ticks=(0, 8)),
    "6/8": Meter("6/8", 6, 8, bar_ticks=12, beat_ticks=6, strong_ticks=(0, 6)),
}


def get_meter(name: str) -> Meter:
    """Return the ``Meter`` called ``name`` (``"2/4"``, ``"3/4"``, ``"4/4"`` or ``"6/8"``).

    Raises
    ------
    ValueError
        If the meter is not supported; the message lists the supported ones.
    """
    try:
        return METERS[name]
    except KeyError:
        raise ArgumentError(f"unsupported meter {name!r}; supported meters: {', '.join(METERS)}") from None
