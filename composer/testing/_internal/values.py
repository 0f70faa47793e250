"""Small value types the strategies yield: ``Key`` (a tonic and a mode), ``Rhythm`` (durations that fill bars), affect keyframes."""

from __future__ import annotations

__all__ = ["Key", "Rhythm", "Keyframes"]

from dataclasses import dataclass

from hypothesis.errors import InvalidArgument

from composer.affect import Affect
from composer.testing._internal.validation import check_integer, check_key, check_meter, check_mode
from composer.theory.meter import get_meter
from composer.theory.scales import MODES
from composer.theory.spelling import spell_pitch

#: An affect curve as a plain structure: ``((time_in_seconds, Affect), ...)``, times strictly
#: increasing from 0.0. (``composer.affect.AffectCurve`` will take these keyframes.)
Keyframes = tuple[tuple[float, Affect], ...]


@dataclass(frozen=True)
class Key:
    """A key: a tonic pitch class and a mode.

    Attributes
    ----------
    tonic : int
        Pitch class of the tonic, 0 (C) to 11 (B). A name (``"F#"``, ``"Bb"``) is accepted
        and converted.
    mode : str
        A key of ``composer.theory.MODES``.

    Examples
    --------
    >>> k = Key("Db", "ionian")
    >>> k.tonic, str(k), k.scale
    (1, 'D♭ ionian', (1, 3, 5, 6, 8, 10, 0))
    """

    tonic: int
    mode: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "tonic", check_key(self.tonic, "tonic"))
        object.__setattr__(self, "mode", check_mode(self.mode))

    @property
    def scale(self) -> tuple[int, ...]:
        """Pitch classes of the scale's degrees, tonic first."""
        return tuple((self.tonic + s) % 12 for s in MODES[self.mode])

    @property
    def pitch_classes(self) -> frozenset[int]:
        """The scale's pitch classes as a set."""
        return frozenset(self.scale)

    @property
    def tonic_name(self) -> str:
        """The tonic spelled as in scores, e.g. ``"D♭"``."""
        return spell_pitch(60 + self.tonic, self.tonic, self.mode).name

    def __str__(self) -> str:
        return f"{self.tonic_name} {self.mode}"


@dataclass(frozen=True)
class Rhythm:
    """Durations that fill whole bars of a meter, no note crossing a bar line.

    Attributes
    ----------
    meter : str
        A key of ``composer.theory.METERS``.
    ticks : tuple of int
        Duration of each event in sixteenth-note ticks.

    Raises
    ------
    InvalidArgument
        If the meter is unknown, a duration is not a positive integer, an event crosses a
        bar line, or the durations do not fill a whole number of bars (at least one).
    """

    meter: str
    ticks: tuple[int, ...]

    def __post_init__(self) -> None:
        check_meter(self.meter)
        ticks = tuple(check_integer(t, "ticks[]", 1) for t in self.ticks)
        object.__setattr__(self, "ticks", ticks)
        bar = get_meter(self.meter).bar_ticks
        onset = 0
        for t in ticks:
            if onset // bar != (onset + t - 1) // bar:
                raise InvalidArgument(f"an event of {t} ticks at tick {onset} crosses a bar line ({self.meter})")
            onset += t
        if onset == 0 or onset % bar:
            raise InvalidArgument(f"durations total {onset} ticks, not a whole number of {self.meter} bars ({bar} ticks)")

    @property
    def bars(self) -> int:
        """Number of bars."""
        return sum(self.ticks) // get_meter(self.meter).bar_ticks

    @property
    def onsets(self) -> tuple[int, ...]:
        """Start of each event in ticks from the beginning."""
        out, t = [], 0
        for d in self.ticks:
            out.append(t)
            t += d
        return tuple(out)
