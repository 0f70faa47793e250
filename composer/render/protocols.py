"""What ``composer.render`` reads from the music it renders, as protocols.

Render types against these instead of importing ``composer.melody`` or the story's
pieces, so that the music types may import render (``Melody.to_stream``) without a
circle. A ``Melody`` is a ``NoteLine`` and a ``Renderable``; a ``Piece`` and an
arranged piece are ``Renderable``.
"""

from __future__ import annotations

__all__ = ["NoteLine", "Renderable"]

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    import numpy as np
    from music21 import stream

    from composer.affect import Affect
    from composer.render.performance import Performance
    from composer.rules.parameters import Parameters


@runtime_checkable
class NoteLine(Protocol):
    """One line of notes with the parameters it was composed with: what render reads of a ``Melody``.

    The attributes, their shapes (``(n,)`` int64 arrays: MIDI pitch or -1, sixteenth-note
    ticks, MIDI velocity) and units are ``composer.melody.Melody``'s, described there.
    """

    pitches: "np.ndarray"
    ticks: "np.ndarray"
    velocities: "np.ndarray"
    parameters: "Parameters"
    affect: "Affect"
    style: str
    seed: int

    @property
    def total_ticks(self) -> int:
        """Length in sixteenth-note ticks."""
        ...

    @property
    def onsets(self) -> "np.ndarray":
        """Start of each event in ticks from the beginning, shape (n,)."""
        ...


@runtime_checkable
class Renderable(Protocol):
    """What ``write`` needs: the music as a music21 score and as timed notes."""

    def to_stream(self) -> "stream.Score":
        """The music as a music21 ``Score`` (notation, MIDI, MusicXML, ABC)."""
        ...

    def to_performance(self) -> "Performance":
        """The notes in seconds (audio, piano roll)."""
        ...
