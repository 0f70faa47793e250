"""An arrangement's accompanying parts as :class:`composer.render.midi.TrackNotes`, for the mido writer.

``Arrangement`` (one melody) and ``ArrangedPiece`` (a story's or cue sheet's sections, each
arranged) are written as ``composer.render.parts`` scores them: the melody's track as a
melody's or a piece's, then one track per accompanying part: an ``Arrangement``'s own parts
with their names, an ``ArrangedPiece``'s "Accompaniment" and "Bass" running through every
section (silent where a section is a silence, changing program where a section's
instrument changes). Notes are performed as ``composer.render.performed`` plays an unmarked
note: ``GATE["normal"]`` of the written length, the part's last notes ringing to their end.
"""

from __future__ import annotations

__all__ = ["PIECE_PARTS", "part_track", "arrangement_sections", "arranged_piece_sections"]

from typing import TYPE_CHECKING, Any

import numpy as np

from composer.render.midi import TICKS_PER_BEAT, TrackNotes
from composer.rules.instruments import gm_program
from composer.theory.meter import TICKS_PER_QUARTER

if TYPE_CHECKING:
    from composer.arrange.arrangement import Arrangement, Part
    from composer.arrange.piece import ArrangedPiece
    from composer.render.sections import ScoreSection

_SCALE = TICKS_PER_BEAT // TICKS_PER_QUARTER
#: Names of an arranged piece's accompanying parts, by their index in each section's arrangement (as ``parts.py``).
PIECE_PARTS: tuple[tuple[int, str], ...] = ((1, "Accompaniment"), (2, "Bass"))


def part_track(name: str, pieces: list[tuple[int, "Part"]]) -> TrackNotes:
    """One track from ``(start in sixteenth-note ticks, part)`` pieces (one per section, or per bar of a live
    session, that plays), its program changing where a piece's instrument does."""
    on = [start + p.onsets for start, p in pieces]
    programs: list[tuple[int, int]] = []
    for start, p in pieces:
        prog = gm_program(p.program)
        if not programs or programs[-1][1] != prog:
            programs.append((start * _SCALE, prog))
    if programs:
        programs[0] = (0, programs[0][1])
    empty = np.zeros(0, dtype=np.int64)

    def cat(arrays: list[np.ndarray]) -> np.ndarray:
        return np.concatenate(arrays).astype(np.int64) if arrays else empty

    return TrackNotes(name, cat(on) * _SCALE, cat([p.lengths for _, p in pieces]) * _SCALE,
                      cat([p.pitches for _, p in pieces]), cat([p.velocities for _, p in pieces]),
                      programs=tuple(programs) or ((0, 0),))


def arrangement_sections(arrangement: "Arrangement") -> tuple[list["ScoreSection"], dict[str, Any]]:
    """The sections and :func:`composer.render.midi.midi_file` options of an arrangement.

    Returns
    -------
    sections : list of ScoreSection
        The melody, as a lone melody is written (phrases of ``DEFAULT_PHRASE_BARS`` bars).
    options : dict
        ``phrase_bars``, the melody part's ``program`` and name, and ``parts``: one
        ``TrackNotes`` per accompanying part, named as in the score.
    """
    from composer.render.sections import ScoreSection
    from composer.render.stream import DEFAULT_PHRASE_BARS

    first, rest = arrangement.parts[0], arrangement.parts[1:]
    return [ScoreSection(arrangement.melody)], {
        "phrase_bars": DEFAULT_PHRASE_BARS, "program": gm_program(first.program), "track_name": first.name,
        "parts": [part_track(p.name, [(0, p)]) for p in rest]}


def arranged_piece_sections(ap: "ArrangedPiece") -> tuple[list["ScoreSection"], dict[str, Any]]:
    """The sections and :func:`composer.render.midi.midi_file` options of an arranged piece.

    Returns
    -------
    sections : list of ScoreSection
        The piece's sections, silences included.
    options : dict
        ``parts``: "Accompaniment" and "Bass", each through every section that is arranged.
    """
    starts = np.cumsum([0] + [s.melody.total_ticks for s in ap.arranged_sections[:-1]]).tolist()
    played = [(int(t), arr) for t, arr in zip(starts, ap.arrangements) if arr is not None]
    parts = [part_track(name, [(t, arr.parts[role]) for t, arr in played if len(arr.parts) > role])
             for role, name in PIECE_PARTS]
    return list(ap.arranged_sections), {"parts": parts}
