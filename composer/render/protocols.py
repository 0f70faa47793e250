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
    """One line of notes with the parameters it was composed with (a ``Melody``).

    Attributes
    ----------
    pitches : ndarray of int64, shape (n,)
        MIDI pitch of each event, -1 for a rest.
    ticks : ndarray of int64, shape (n,)
        Duration of each event in sixteenth-note ticks.
    velocities : ndarray of int64, shape (n,)
        MIDI velocity of each note (0 for rests).
    parameters : Parameters
        Tempo (quarter notes per minute), meter, tonic, mode, articulation, instrument …
    affect : Affect
        The emotion it was composed for (written into the score's metadata).
    style : str
        Name of the style.
    seed : int
        Seed of the search.
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
