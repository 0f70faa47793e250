"""Reading the music to adjust: size and MIDI checks before parsing, parts, key and metre.

The input file is only ever read (its bytes once, into memory); a stream passed in is
deep-copied, so the caller's object is never changed either.
"""

from __future__ import annotations

__all__ = ["MAX_INPUT_BYTES", "Source", "read_source", "check_midi_bytes"]

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from composer.analysis import NoteArray, note_array
from composer.analysis.notes import is_percussion
from composer.errors import ComposerError
from composer.theory.spelling import key_spelling

#: Largest input file read, in bytes, checked before parsing (a long piano piece is ~100 kB).
MAX_INPUT_BYTES = 8_000_000
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


def check_midi_bytes(data: bytes, name: str) -> None:
    """Raise a one-line ``ComposerError`` when ``data`` is not a usable Standard MIDI file.

    Checks the header chunk, the format (type 2, independent sequences, is refused) and
    that no chunk claims more bytes than the file holds (a truncated file).
    """
    if len(data) < 14 or data[:4] != b"MThd":
        raise ComposerError(f"{name}: not a MIDI file (no MThd header)")
    header = int.from_bytes(data[4:8], "big")
    fmt = int.from_bytes(data[8:10], "big")
    if fmt == 2:
        raise ComposerError(f"{name}: type-2 MIDI (independent sequences) cannot be adjusted; "
                            "save it as type 0 or 1")
    if fmt not in (0, 1):
        raise ComposerError(f"{name}: unknown MIDI format {fmt}; allowed: 0, 1")
    pos = 8 + header
    tracks = 0
    while pos + 8 <= len(data):
        size = int.from_bytes(data[pos + 4:pos + 8], "big")
        if pos + 8 + size > len(data):
            raise ComposerError(f"{name}: truncated MIDI file (chunk at byte {pos} needs {size} bytes, "
                                f"{len(data) - pos - 8} left)")
        tracks += data[pos:pos + 4] == b"MTrk"
        pos += 8 + size
    if tracks == 0:
        raise ComposerError(f"{name}: MIDI file without any track")


def _parse_file(path: Path) -> tuple[Any, bool]:
    from music21 import converter

    if not path.is_file():
        raise ComposerError(f"{path}: no such file to adjust")
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise ComposerError(f"{path}: {size} bytes is over the limit of {MAX_INPUT_BYTES} bytes for adjusting")
    data = path.read_bytes()
    ending = path.suffix.lower()
    is_midi = ending in _MIDI_ENDINGS or data[:4] == b"MThd"
    if is_midi:
        check_midi_bytes(data, str(path))
    elif ending not in _XML_ENDINGS:
        raise ComposerError(f"{path}: cannot adjust a '{ending}' file; allowed: "
                            f"{', '.join(_MIDI_ENDINGS[:2] + _XML_ENDINGS)}")
    try:
        if is_midi:
            from music21.midi import translate

            return translate.midiStringToStream(data, quantizePost=True), True
        fmt = "musicxml"
        return converter.parseData(data, format=fmt) if ending != ".mxl" else converter.parse(str(path)), False
    except ComposerError:
        raise
    except Exception as exc:  # music21 raises many unrelated types on bad files
        raise ComposerError(f"{path}: cannot be read as music ({type(exc).__name__}: {exc})") from None


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
