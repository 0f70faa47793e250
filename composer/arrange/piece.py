"""``arrange_piece``: every section of a story's or cue sheet's ``Piece`` arranged, written as one multi-part score.

Each section with notes is arranged on its own (``composer.arrange.arrange``, its own key,
chords, pattern and instruments); a silence between cues stays silent in every part.
The parts run through the whole piece: the melody (the piece's own score, with its
rehearsal marks, key, metre and tempo changes), then "Accompaniment" and "Bass", which
change key, metre and instrument where a section does.
"""

from __future__ import annotations

__all__ = ["ArrangedPiece", "arrange_piece"]

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from composer.arrange.arrangement import Arrangement, arrange

if TYPE_CHECKING:
    import music21

    from composer.render.performance import Performance
    from composer.render.sections import ScoreSection
    from composer.story.piece import Piece


@dataclass(frozen=True)
class ArrangedPiece:
    """A ``Piece`` with an ``Arrangement`` per section.

    Attributes
    ----------
    piece : Piece
    sections : tuple of ScoreSection
        The piece's score sections (``Piece.score_sections()``), silences included.
    arrangements : tuple of (Arrangement or None)
        One per score section; None for a silence.
    """

    piece: "Piece"
    sections: tuple["ScoreSection", ...]
    arrangements: tuple[Arrangement | None, ...]

    def to_stream(self) -> "music21.stream.Score":
        """Return the piece as a music21 ``Score``: the melody's part, then the accompaniment and the bass."""
        from composer.render.parts import arranged_piece_to_stream

        return arranged_piece_to_stream(self)

    def to_performance(self) -> "Performance":
        """Return every part's notes timed in seconds with each section's tempo changes."""
        from composer.render.parts import arranged_piece_performance

        return arranged_piece_performance(self)

    def write(self, path: str | Path, *, overwrite: bool = False, **options: Any) -> Path:
        """Write the arranged piece; the ending chooses the format, as for ``Melody.write``."""
        from composer.render.files import write

        return write(self, path, overwrite=overwrite, **options)

    def __str__(self) -> str:
        chords = [str(a.harmony) for a in self.arrangements if a is not None]
        return f"Arranged {self.piece}\n" + "\n".join(f"  section {i + 1}: {c}" for i, c in enumerate(chords))


def arrange_piece(piece: "Piece", *, accompaniment: str | None = None, bass: str = "held") -> ArrangedPiece:
    """Arrange every section of ``piece`` (see ``composer.arrange.arrange`` for the options).

    Returns
    -------
    ArrangedPiece
        Sections in order; each section's harmony is chosen for its own melody and key
        (the harmony does not yet lead from one section into the next).
    """
    sections = tuple(piece.score_sections())
    arrangements = tuple(arrange(s.melody, accompaniment=accompaniment, bass=bass) if s.melody.n_notes else None
                         for s in sections)
    return ArrangedPiece(piece, sections, arrangements)
