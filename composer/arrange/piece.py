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
from composer.harmony.chords import VOCABULARY, chord_index
from composer.harmony.harmoniser import harmonise

if TYPE_CHECKING:
    import music21

    from composer.render.performance import Performance
    from composer.render.sections import ScoreSection
    from composer.story.scoring.piece import Piece


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
        Sections in order; each section's harmony is chosen for its own melody and key,
        its first chord following the previous section's last chord (read in the new
        key) by the chord model's transitions.
    """
    sections = tuple(piece.score_sections())
    arrangements: list[Arrangement | None] = []
    last: tuple[int, str] | None = None       # (absolute root pitch class, quality) of the last chord so far
    for s in sections:
        if not s.melody.n_notes:
            arrangements.append(None)
            continue
        p = s.melody.parameters
        previous = None if last is None else chord_index((last[0] - p.tonic) % 12, last[1])
        h = harmonise(s.melody, previous=previous)
        a = arrange(s.melody, accompaniment=accompaniment, bass=bass, harmony=h)
        c = VOCABULARY[int(h.chords[-1])]
        last = ((h.tonic + c.root) % 12, c.quality)
        arrangements.append(a)
    return ArrangedPiece(piece, sections, tuple(arrangements))
