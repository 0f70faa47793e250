"""Reading the music to adjust: parts, key and metre.

Files are read through ``composer.models.music_files.parse_music_file``, the one bounded
reader of music files (size limit ``music_file_bytes``, whole type-0/1 MIDI, note limits,
checked before music21 builds anything). The input file is only ever read; a stream
passed in is deep-copied, so the caller's object is never changed either.
"""

from __future__ import annotations

__all__ = ["Source", "read_source"]

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from composer.analysis import NoteArray, note_array
from composer.analysis.notes import is_percussion
from composer.errors import ComposerError
from composer.theory.spelling import key_spelling

_MIDI_ENDINGS = (".mid", ".midi", ".smf", ".kar")
_XML_ENDINGS = (".musicxml", ".xml", ".mxl")


@dataclass
class Source:
    """The music to adjust, parsed and analysed.

    Attributes
    ----------
    score : music21.stream.Score
        A private copy (parts with measures) that the transforms change in place.
    name : str
        The file name or ``"<stream>"``, for messages and the report.
    notes : NoteArray
        The input as read by :mod:`composer.analysis` (cues are measured from it).
    tonic : int
        Pitch class 0..11 of the key's tonic.
    tonic_letter : int
        Letter index 0 (C) .. 6 (B) of the tonic as spelled in the key.
    mode : str
        Seven-note mode of ``composer.theory.MODES``.
    bar_starts : list of float
        Offset in quarter notes of each bar of the first pitched part; ``len`` is the bar count.
    pitched : list of int
        Indices of the parts that are not percussion (the only ones changed).
    from_midi : bool
        Whether the input came from MIDI (its spelling is then re-derived from the key).
    """

    score: Any
    name: str
    notes: NoteArray
    tonic: int
    tonic_letter: int
    mode: str
    bar_starts: list[float]
    pitched: list[int]
    from_midi: bool


def _parse_file(path: Path) -> tuple[Any, bool]:
    from composer.models.music_files import parse_music_file

    ending = path.suffix.lower()
    if ending not in _MIDI_ENDINGS + _XML_ENDINGS:
        raise ComposerError(f"{path}: cannot adjust a '{ending}' file; allowed: "
                            f"{', '.join(_MIDI_ENDINGS[:2] + _XML_ENDINGS)}")
    return parse_music_file(path, error=ComposerError, what="music to adjust"), ending in _MIDI_ENDINGS


def _as_score(music: Any) -> tuple[Any, str, bool]:
    from music21 import stream

    if isinstance(music, (str, Path)):
        score, midi = _parse_file(Path(music))
        return score, str(music), midi
    if hasattr(music, "to_stream"):
        music = music.to_stream()
    if isinstance(music, stream.Stream):
        return copy.deepcopy(music), "<stream>", False
    raise ComposerError(f"cannot adjust a {type(music).__name__}; give a MIDI or MusicXML path, a music21 stream, "
                        "or a composed Melody or Piece")


def _tonic_letter(score: Any, tonic: int, mode: str) -> int:
    from music21 import key

    written = list(score.recurse().getElementsByClass(key.Key))
    if written and written[0].tonic.pitchClass == tonic:
        return "CDEFGAB".index(written[0].tonic.step)
    table, _ = key_spelling(tonic, mode)
    return table[tonic][0]


def read_source(music: Any) -> Source:
    """Read and analyse the music to adjust.

    Parameters
    ----------
    music : str, Path, music21 stream, Melody or Piece
        A MIDI (type 0 or 1) or MusicXML file, or music in memory (copied, never changed).

    Raises
    ------
    ComposerError
        One line naming the file and the problem: missing, too large, not MIDI/MusicXML,
        truncated, type-2 MIDI, unreadable, only percussion, or no notes.
    """
    from music21 import stream

    from composer.adjust.pitch import source_mode

    score, name, from_midi = _as_score(music)
    if not isinstance(score, stream.Score):
        wrapped = stream.Score()
        wrapped.insert(0, score if isinstance(score, stream.Part) else stream.Part(score.flatten().notesAndRests))
        score = wrapped
    parts = list(score.parts)
    # MIDI channel 10 reads back as Unpitched notes in a part without a percussion instrument
    pitched = [i for i, p in enumerate(parts) if not is_percussion(p) and any(n.pitches for n in p.recurse().notes)]
    if not any(p.recurse().notes for p in parts):
        raise ComposerError(f"{name}: no pitched notes to adjust (the music is empty or only rests)")
    if not pitched:
        raise ComposerError(f"{name}: only percussion parts; there is no pitched music to adjust")
    try:
        notes = note_array(score)
    except ComposerError:
        unpitched = any(not n.pitches for n in score.recurse().notes)  # MIDI channel 10 reads as Unpitched
        if unpitched or any(is_percussion(p) and p.recurse().notes for p in parts):
            raise ComposerError(f"{name}: only percussion notes; there is no pitched music to adjust") from None
        raise ComposerError(f"{name}: no pitched notes to adjust") from None
    for i in pitched:
        if not parts[i].getElementsByClass(stream.Measure):
            parts[i].makeMeasures(inPlace=True)
    rel = (notes.notes["pitch"].astype(int) - notes.tonic) % 12
    mode = source_mode(notes.mode, int((rel == 11).sum()), int((rel == 10).sum()))
    measures = list(parts[pitched[0]].getElementsByClass(stream.Measure))
    bar_starts = [float(m.offset) for m in measures] or [0.0]
    return Source(score=score, name=name, notes=notes, tonic=notes.tonic,
                  tonic_letter=_tonic_letter(score, notes.tonic, mode), mode=mode, bar_starts=bar_starts,
                  pitched=pitched, from_midi=from_midi)
