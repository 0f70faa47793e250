"""Reading a ``Melody`` as events in time, and saying where an event is (bar, beat) and what it is (spelled note, duration)."""

from __future__ import annotations

__all__ = ["Event", "events", "notes", "where", "duration_name", "Spelling", "Violation", "report"]

from dataclasses import dataclass
from fractions import Fraction

from composer.melody import Melody
from composer.theory.meter import get_meter
from composer.theory.spelling import SpelledPitch, spell_pitch

_DURATION_NAMES = {1: "sixteenth note", 2: "eighth note", 3: "dotted eighth note", 4: "quarter note",
                   6: "dotted quarter note", 8: "half note", 12: "dotted half note", 16: "whole note",
                   24: "dotted whole note"}

#: Most violations listed in one assertion message.
MAX_LISTED = 8


@dataclass(frozen=True)
class Event:
    """One note or rest: its index in the melody's arrays, onset and length in ticks, MIDI pitch (-1 rest)."""

    index: int
    onset: int
    ticks: int
    midi: int

    @property
    def is_rest(self) -> bool:
        """Whether the event is a rest."""
        return self.midi < 0


def events(melody: Melody) -> list[Event]:
    """Every event of ``melody`` in time order."""
    out, t = [], 0
    for i, (p, d) in enumerate(zip(melody.pitches.tolist(), melody.ticks.tolist())):
        out.append(Event(i, t, int(d), int(p)))
        t += int(d)
    return out


def notes(melody: Melody) -> list[Event]:
    """The sounding notes of ``melody`` (rests left out), in time order."""
    return [e for e in events(melody) if not e.is_rest]


def where(tick: int, meter: str) -> str:
    """``"bar 3 beat 2"`` (1-based; off the beat, a fractional beat such as ``"beat 2.5"``)."""
    m = get_meter(meter)
    bar, pos = divmod(int(tick), m.bar_ticks)
    beat = 1 + Fraction(pos, m.beat_ticks)
    shown = str(beat.numerator) if beat.denominator == 1 else f"{float(beat):.3g}"
    return f"bar {bar + 1} beat {shown}"


def duration_name(ticks: int) -> str:
    """``"dotted quarter note"`` for 6 ticks; ``"5 sixteenths"`` for lengths without a single name."""
    return _DURATION_NAMES.get(int(ticks), f"{int(ticks)} sixteenths")


@dataclass(frozen=True)
class Spelling:
    """Spells MIDI pitches in one key."""

    tonic: int
    mode: str

    def pitch(self, midi: int) -> SpelledPitch:
        """The spelled pitch."""
        return spell_pitch(midi, self.tonic, self.mode)

    def __call__(self, midi: int) -> str:
        return str(self.pitch(midi))

    @property
    def tonic_name(self) -> str:
        """The tonic's name, e.g. ``"D♭"``."""
        return self.pitch(60 + self.tonic).name


@dataclass(frozen=True)
class Violation:
    """One place where a melody breaks a rule: the tick it happens at (None for the whole melody) and why."""

    tick: int | None
    message: str

    def line(self, meter: str) -> str:
        """``"bar 3 beat 2: <message>"``."""
        return self.message if self.tick is None else f"{where(self.tick, meter)}: {self.message}"


def report(violations: list[Violation], meter: str) -> None:
    """Raise ``AssertionError`` listing ``violations`` (the first ``MAX_LISTED``), or return when there are none."""
    if not violations:
        return
    lines = [v.line(meter) for v in violations]
    if len(lines) == 1:
        raise AssertionError(lines[0])
    shown = lines[:MAX_LISTED]
    more = f"\n  ... and {len(lines) - MAX_LISTED} more" if len(lines) > MAX_LISTED else ""
    raise AssertionError(f"{len(lines)} violations:\n  " + "\n  ".join(shown) + more)
