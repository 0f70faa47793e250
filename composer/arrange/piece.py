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
    import numpy as np

    from composer.arrange.reduction import PieceReduction
    from composer.render.performance import Performance
    from composer.render.sections import ScoreSection
    from composer.story.scoring.piece import Piece, PieceSection
    from composer.story.scoring.plan import Plan


@dataclass(frozen=True)
class ArrangedPiece:
    """A ``Piece`` with an ``Arrangement`` per section.

    Attributes
    ----------
    piece : Piece
    arranged_sections : tuple of ScoreSection
        The piece's score sections (``Piece.score_sections()``), silences included.
    arrangements : tuple of (Arrangement or None)
        One per score section; None for a silence.

    It answers what a ``Piece`` answers (``sections``, indexing, ``seconds``, ``bars``,
    ``summary()``, ``report()`` …) from its piece, so code written for the pieces that
    ``score_story`` and ``score_cues`` return works on the arranged ones (the film, game
    and hymn styles' default).
    """

    piece: "Piece"
    arranged_sections: tuple["ScoreSection", ...]
    arrangements: tuple[Arrangement | None, ...]

    # --- the piece's own facts ---------------------------------------------------------
    @property
    def sections(self) -> tuple["PieceSection", ...]:
        """The piece's sections (``Piece.sections``)."""
        return self.piece.sections

    def __len__(self) -> int:
        return len(self.piece)

    def __iter__(self):
        return iter(self.piece)

    def __getitem__(self, i: int) -> "PieceSection":
        return self.piece[i]

    @property
    def plan(self) -> "Plan":
        """The piece's plan."""
        return self.piece.plan

    @property
    def style(self) -> str:
        """The piece's style name."""
        return self.piece.style

    @property
    def seed(self) -> int:
        """The piece's seed."""
        return self.piece.seed

    @property
    def title(self) -> str | None:
        """The piece's title."""
        return self.piece.title

    @property
    def seconds(self) -> float:
        """Length in seconds (the melody's; every part lasts as long)."""
        return self.piece.seconds

    @property
    def bars(self) -> int:
        """Bars in all sections, rest bars included."""
        return self.piece.bars

    @property
    def n_notes(self) -> int:
        """Sounding notes of every part."""
        return self.piece.n_notes + sum(len(p.pitches) for a in self.arrangements if a is not None for p in a.parts[1:])

    def curve(self) -> "np.ndarray":
        """The piece's emotion curve, shape (n sections, 3): time in seconds, valence, arousal."""
        return self.piece.curve()

    def summary(self) -> dict[str, object]:
        """The piece's summary (``Piece.summary``) with ``parts`` and ``chords`` per section."""
        parts = next((a.parts for a in self.arrangements if a is not None), ())
        return {**self.piece.summary(), "notes": self.n_notes, "parts": [p.name for p in parts],
                "chords": [a.harmony.symbols for a in self.arrangements if a is not None]}

    def report(self) -> list[dict[str, object]]:
        """The per-scene report (``Piece.report``)."""
        return self.piece.report()

    def report_json(self, *, indent: int | None = None) -> str:
        """The per-scene report as JSON (``Piece.report_json``)."""
        return self.piece.report_json(indent=indent)

    def report_text(self, *, excerpt_chars: int = 60) -> str:
        """The per-scene report as a table (``Piece.report_text``)."""
        return self.piece.report_text(excerpt_chars=excerpt_chars)

    def key_changes(self) -> list[tuple[int, str, str | None]]:
        """Each key change and how the chord before it prepares it (``composer.harmony.modulation.key_changes``):
        (index in ``arranged_sections`` of the section before it, that chord's symbol,
        ``"dominant"``, ``"pivot"`` or None)."""
        from composer.harmony.modulation import key_changes

        return key_changes([None if a is None else a.harmony for a in self.arrangements])

    def to_stream(self) -> "music21.stream.Score":
        """Return the piece as a music21 ``Score``: the melody's part, then the accompaniment and the bass."""
        from composer.render.parts import arranged_piece_to_stream

        return arranged_piece_to_stream(self)

    def to_performance(self) -> "Performance":
        """Return every part's notes timed in seconds with each section's tempo changes."""
        from composer.render.parts import arranged_piece_performance

        return arranged_piece_performance(self)

    def piano_reduction(self, **limits: int) -> "PieceReduction":
        """Return every section's parts folded onto a piano's two hands (``composer.arrange.reduction.piece_reduction``;
        ``limits``: ``max_notes`` per hand, ``max_span`` in semitones)."""
        from composer.arrange.reduction import piece_reduction

        return piece_reduction(self, **limits)

    def write(self, path: str | Path, *, overwrite: bool = False, **options: Any) -> Path:
        """Write the arranged piece; the ending chooses the format, as for ``Melody.write``."""
        from composer.render.files import write

        return write(self, path, overwrite=overwrite, **options)

    def __str__(self) -> str:
        chords = [str(a.harmony) for a in self.arrangements if a is not None]
        return f"Arranged {self.piece}\n" + "\n".join(f"  section {i + 1}: {c}" for i, c in enumerate(chords))


def arrange_piece(piece: "Piece", *, accompaniment: str | None = None, bass: str = "held",
                  prepare_keys: bool = True) -> ArrangedPiece:
    """Arrange every section of ``piece`` (see ``composer.arrange.arrange`` for the options).

    Parameters
    ----------
    prepare_keys : bool
        Plan the modulations: a section followed by one in another key ends on a chord
        that prepares it, the new key's dominant or a pivot chord diatonic in both keys
        (``composer.harmony.modulation``; a silence between them does not matter). False
        leaves each section's last chord to its own key's cadence (for comparison).

    Returns
    -------
    ArrangedPiece
        Sections in order; each section's harmony is chosen for its own melody and key,
        its first chord following the previous section's last chord (read in the new
        key) by the chord model's transitions.
    """
    sections = tuple(piece.score_sections())
    keys = [(s.melody.parameters.tonic % 12, s.melody.parameters.mode) if s.melody.n_notes else None
            for s in sections]
    arrangements: list[Arrangement | None] = []
    last: tuple[int, str] | None = None       # (absolute root pitch class, quality) of the last chord so far
    for i, s in enumerate(sections):
        if not s.melody.n_notes:
            arrangements.append(None)
            continue
        p = s.melody.parameters
        previous = None if last is None else chord_index((last[0] - p.tonic) % 12, last[1])
        following = next((k for k in keys[i + 1:] if k is not None), None)
        h = harmonise(s.melody, previous=previous, next_key=following if prepare_keys else None)
        a = arrange(s.melody, accompaniment=accompaniment, bass=bass, harmony=h)
        c = VOCABULARY[int(h.chords[-1])]
        last = ((h.tonic + c.root) % 12, c.quality)
        arrangements.append(a)
    return ArrangedPiece(piece, sections, tuple(arrangements))
