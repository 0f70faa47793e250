"""A piano reduction: every part of an ``Arrangement`` folded onto two hands of one piano, playable.

The melody goes to the right hand and the bass to the left; each other note (accompaniment,
inner voices) goes to the hand it fits, nearest first (the right hand for notes from middle C
up, the left below), moved by an octave when that is what it takes, and is left out when it
fits neither hand or only doubles a pitch the hand already holds when it starts. A hand fits a note when,
at every moment the note sounds, the hand then holds at most ``max_notes`` notes spanning at
most ``max_span`` semitones.

Each hand is a ``Part`` (int64 arrays of onsets, lengths in sixteenth-note ticks, MIDI pitches
and velocities, by onset), written as the two staves of a grand staff.

An ``ArrangedPiece`` (a story's, cue sheet's or curve's sections, each arranged) is reduced
section by section (``piece_reduction``): each arranged section as above, a silence silent
in both hands, the sections' tempos, rehearsal marks, keys and metres kept.
"""

from __future__ import annotations

__all__ = ["PianoReduction", "PieceReduction", "piano_reduction", "piece_reduction", "hand_positions",
           "MAX_NOTES_PER_HAND", "MAX_HAND_SPAN"]

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from composer.arrange.arrangement import Arrangement, Part
from composer.errors import HarmonyError

if TYPE_CHECKING:
    import music21

    from composer.arrange.piece import ArrangedPiece
    from composer.render.performance import Performance

#: Most notes one hand holds at once.
MAX_NOTES_PER_HAND = 5
#: Widest stretch of one hand, in semitones (an octave).
MAX_HAND_SPAN = 12
_PIANO = "acoustic_grand_piano"

Note = tuple[int, int, int, int]   # onset, length (ticks), MIDI pitch, velocity


def _sounding(hand: list[Note], t: int) -> list[int]:
    return [p for on, ln, p, _ in hand if on <= t < on + ln]


def hand_positions(part: Part) -> list[tuple[int, list[int]]]:
    """Return, at every onset of ``part``, the pitches it holds then, lowest first: ``[(tick, pitches), ...]``."""
    hand = list(zip(part.onsets.tolist(), part.lengths.tolist(), part.pitches.tolist(), part.velocities.tolist()))
    return [(t, sorted(_sounding(hand, t))) for t in sorted(set(part.onsets.tolist()))]


def _fits(hand: list[Note], on: int, length: int, pitch: int, max_notes: int, max_span: int) -> bool:
    times = {on} | {n_on for n_on, n_ln, _, _ in hand if on < n_on < on + length}
    for t in times:
        held = _sounding(hand, t) + [pitch]
        if len(held) > max_notes or max(held) - min(held) > max_span:
            return False
    return True


def _doubles(hand: list[Note], on: int, pitch: int) -> bool:
    """Whether the hand already holds ``pitch`` when a note of that pitch would start at ``on``."""
    return any(p == pitch and n_on <= on < n_on + n_ln for n_on, n_ln, p, _ in hand)


@dataclass(frozen=True)
class PianoReduction:
    """An arrangement folded onto a grand staff.

    Attributes
    ----------
    arrangement : Arrangement
        What was reduced.
    right, left : Part
        The two hands (the melody on top of the right hand, the bass at the bottom of the left).
    dropped : int
        Accompanying notes left out (fitting neither hand even an octave away).
    """

    arrangement: Arrangement
    right: Part
    left: Part
    dropped: int

    @property
    def parameters(self):  # noqa: ANN201 - the melody's Parameters
        """The melody's parameters (tempo, metre, key...)."""
        return self.arrangement.parameters

    @property
    def parts(self) -> tuple[Part, Part]:
        """The right hand, then the left."""
        return self.right, self.left

    def to_stream(self) -> "music21.stream.Score":
        """Return a music21 ``Score``: the two hands as the braced staves of one piano."""
        from composer.render.parts import reduction_to_stream

        return reduction_to_stream(self)

    def to_performance(self) -> "Performance":
        """Return both hands' notes timed in seconds, on the piano."""
        from composer.render.parts import reduction_performance

        return reduction_performance(self)

    def write(self, path: str | Path, *, overwrite: bool = False, **options: Any) -> Path:
        """Write the reduction; the ending chooses the format, as for ``Melody.write``."""
        from composer.render.files import write

        return write(self, path, overwrite=overwrite, **options)

    def __str__(self) -> str:
        return (f"Piano reduction of {self.arrangement.melody}: right hand {len(self.right.pitches)} notes, "
                f"left hand {len(self.left.pitches)} notes, {self.dropped} left out")


def _part(name: str, notes: list[Note]) -> Part:
    notes = sorted(notes)
    cols = [np.array([n[i] for n in notes], dtype=np.int64) for i in range(4)]
    return Part(name, _PIANO, *cols)


def piano_reduction(arrangement: Arrangement, *, max_notes: int = MAX_NOTES_PER_HAND,
                    max_span: int = MAX_HAND_SPAN) -> PianoReduction:
    """Fold every part of ``arrangement`` onto a piano's two hands.

    Parameters
    ----------
    arrangement : Arrangement
    max_notes : int
        Most notes a hand holds at once, 2..10.
    max_span : int
        Widest stretch of a hand in semitones, 7..24.

    Returns
    -------
    PianoReduction
        At every moment each hand holds at most ``max_notes`` notes within ``max_span``
        semitones; the melody and the bass are kept whole.

    Raises
    ------
    HarmonyError
        For limits outside their ranges.

    Examples
    --------
    >>> import composer
    >>> r = composer.compose(valence=0.5, arousal=-0.2, bars=2, style="film", seed=1).piano_reduction()
    >>> all(len(held) <= 5 and held[-1] - held[0] <= 12 for _, held in hand_positions(r.right) if held)
    True
    """
    if not 2 <= int(max_notes) <= 10:
        raise HarmonyError(f"max_notes must be 2..10 notes per hand, got {max_notes}")
    if not 7 <= int(max_span) <= 24:
        raise HarmonyError(f"max_span must be 7..24 semitones, got {max_span}")
    melody = arrangement.parts[0]
    bass = arrangement.part("Bass")
    right: list[Note] = list(zip(*(a.tolist() for a in (melody.onsets, melody.lengths, melody.pitches,
                                                         melody.velocities))))
    left: list[Note] = list(zip(*(a.tolist() for a in (bass.onsets, bass.lengths, bass.pitches, bass.velocities))))
    rest = [n for p in arrangement.parts[1:] if p.name != "Bass"
            for n in zip(p.onsets.tolist(), p.lengths.tolist(), p.pitches.tolist(), p.velocities.tolist())]
    dropped = 0
    for on, length, pitch, vel in sorted(rest, key=lambda n: (n[0], -n[2])):
        hands = (right, left) if pitch >= 60 else (left, right)
        placed = False
        for shift in (0, -12, 12, -24, 24):
            for hand in hands:
                q = pitch + shift
                if not 21 <= q <= 108:
                    continue
                if _doubles(hand, on, q):
                    placed = True           # the hand already plays this pitch: nothing is lost
                    break
                if _fits(hand, on, length, q, int(max_notes), int(max_span)):
                    hand.append((on, length, q, vel))
                    placed = True
                    break
            if placed:
                break
        dropped += not placed
    return PianoReduction(arrangement, _part("Right hand", right), _part("Left hand", left), dropped)


@dataclass(frozen=True)
class PieceReduction:
    """An arranged piece folded onto a grand staff, section by section.

    Attributes
    ----------
    arranged : ArrangedPiece
        What was reduced.
    reductions : tuple of (PianoReduction or None)
        One per ``arranged.arranged_sections``; None for a silence.
    """

    arranged: "ArrangedPiece"
    reductions: tuple[PianoReduction | None, ...]

    @property
    def starts(self) -> tuple[int, ...]:
        """Where each section starts, in sixteenth-note ticks from the piece's start."""
        lengths = [s.melody.total_ticks for s in self.arranged.arranged_sections]
        return tuple(int(t) for t in np.cumsum([0] + lengths[:-1]))

    def _hand(self, index: int) -> Part:
        notes = [(start + on, ln, p, v) for start, r in zip(self.starts, self.reductions) if r is not None
                 for on, ln, p, v in zip(*(a.tolist() for a in (r.parts[index].onsets, r.parts[index].lengths,
                                                                 r.parts[index].pitches, r.parts[index].velocities)))]
        return _part(("Right hand", "Left hand")[index], notes)

    @property
    def right(self) -> Part:
        """The right hand through the whole piece (onsets in ticks from its start)."""
        return self._hand(0)

    @property
    def left(self) -> Part:
        """The left hand through the whole piece (onsets in ticks from its start)."""
        return self._hand(1)

    @property
    def parts(self) -> tuple[Part, Part]:
        """The right hand, then the left."""
        return self.right, self.left

    @property
    def dropped(self) -> int:
        """Accompanying notes left out, over all sections."""
        return sum(r.dropped for r in self.reductions if r is not None)

    @property
    def seconds(self) -> float:
        """Length in seconds (the piece's)."""
        return self.arranged.seconds

    def to_stream(self) -> "music21.stream.Score":
        """Return a music21 ``Score``: the two hands as the braced staves of one piano, with the sections' marks."""
        from composer.render.parts import piece_reduction_to_stream

        return piece_reduction_to_stream(self)

    def to_performance(self) -> "Performance":
        """Return both hands' notes timed in seconds with each section's tempo map, on the piano."""
        from composer.render.parts import piece_reduction_performance

        return piece_reduction_performance(self)

    def write(self, path: str | Path, *, overwrite: bool = False, **options: Any) -> Path:
        """Write the reduction; the ending chooses the format, as for ``Melody.write``."""
        from composer.render.files import write

        return write(self, path, overwrite=overwrite, **options)

    def __str__(self) -> str:
        right, left = self.parts
        return (f"Piano reduction of {self.arranged.piece}: right hand {len(right.pitches)} notes, "
                f"left hand {len(left.pitches)} notes, {self.dropped} left out")


def piece_reduction(arranged: "ArrangedPiece", *, max_notes: int = MAX_NOTES_PER_HAND,
                    max_span: int = MAX_HAND_SPAN) -> PieceReduction:
    """Fold every arranged section of ``arranged`` onto a piano's two hands (``piano_reduction`` per section).

    Parameters
    ----------
    arranged : ArrangedPiece
    max_notes, max_span : int
        As for ``piano_reduction``.

    Returns
    -------
    PieceReduction
        One ``PianoReduction`` per arranged section, None per silence.

    Raises
    ------
    HarmonyError
        For limits outside their ranges.
    """
    return PieceReduction(arranged, tuple(None if a is None else piano_reduction(a, max_notes=max_notes,
                                                                                   max_span=max_span)
                                          for a in arranged.arrangements))
