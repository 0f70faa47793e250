"""Reading the music to adjust: parts, key and metre.

Files are read through ``composer.models.music_files.parse_music_file``, the one bounded
reader of music files (size limit ``music_file_bytes``, whole type-0/1 MIDI, note limits,
checked before music21 builds anything). The input file is only ever read; a stream
passed in is deep-copied, so the caller's object is never changed either.
"""

from __future__ import annotations

__all__ = ["KeySpan", "Source", "read_source"]

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from composer.analysis import NoteArray, note_array
from composer.analysis.notes import is_percussion
from composer.errors import ComposerError
from composer.theory.spelling import key_spelling

_MIDI_ENDINGS = (".mid", ".midi", ".smf", ".kar")
_XML_ENDINGS = (".musicxml", ".xml", ".mxl")


@dataclass(frozen=True)
class KeySpan:
    """One key of the music to adjust, from a bar on.

    Attributes
    ----------
    first_bar : int
        0-based index of the bar it starts at (the bar holding the written key change).
    tonic : int
        Pitch class 0..11 of the tonic.
    tonic_letter : int
        Letter index 0 (C) .. 6 (B) of the tonic as spelled.
    mode : str
        Seven-note mode of ``composer.theory.MODES``.
    """

    first_bar: int
    tonic: int
    tonic_letter: int
    mode: str


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
    keys : list of KeySpan
        The keys over time, the first at bar 0: one span unless the music changes key
        (written key changes, the same in every part); ``tonic``, ``tonic_letter`` and
        ``mode`` are the first span's.
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
    keys: list[KeySpan] = field(default_factory=list)

    def key_of_bar(self, bar: int) -> KeySpan:
        """The key in force in 0-based ``bar``."""
        if not self.keys:
            return KeySpan(0, self.tonic, self.tonic_letter, self.mode)
        return next(k for k in reversed(self.keys) if k.first_bar <= bar)


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
    changes = _written_keys(score, parts, pitched, name)
    first = KeySpan(0, notes.tonic, _tonic_letter(score, notes.tonic, mode), mode)
    keys = [first] if len(changes) < 2 else _key_spans(changes, notes, bar_starts)
    return Source(score=score, name=name, notes=notes, tonic=keys[0].tonic, tonic_letter=keys[0].tonic_letter,
                  mode=keys[0].mode, bar_starts=bar_starts, pitched=pitched, from_midi=from_midi, keys=keys)


def _describe(k: Any) -> str:
    from music21 import key

    if isinstance(k, key.Key):
        return f"{k.tonic.name.replace('-', 'b')} {k.mode}"
    n = k.sharps
    return f"{abs(n)} {'sharp' if n > 0 else 'flat'}{'s' if abs(n) != 1 else ''}" if n else "no sharps or flats"


def _written_keys(score: Any, parts: list, pitched: list[int], name: str) -> list[tuple[float, Any]]:
    """The written key changes over time, ``[(offset, key or key signature), ...]``, as every part writes them.

    Parts that write no key are left out; parts that write different key signatures at the
    same time (transposing instruments, polytonality) are refused: one key at a time is read.
    """
    from music21 import key

    per_part = {}
    for i in pitched:
        found: list[tuple[float, Any]] = []
        for k in parts[i].recurse().getElementsByClass(key.KeySignature):
            at = float(k.getOffsetInHierarchy(parts[i]))
            if found and found[-1][0] == at:
                found[-1] = (at, k)
            elif not found or found[-1][1].sharps != k.sharps or _describe(found[-1][1]) != _describe(k):
                found.append((at, k))
        if found:
            per_part[i] = found
    if not per_part:
        return []
    ref_i, ref = next(iter(per_part.items()))
    for i, found in per_part.items():
        if [(a, k.sharps) for a, k in found] != [(a, k.sharps) for a, k in ref]:
            at = next((a for (a, k), (b, r) in zip(found, ref) if (a, k.sharps) != (b, r.sharps)),
                      min(found[-1][0], ref[-1][0]))
            mine = next(k for a, k in reversed(found) if a <= at) if found[0][0] <= at else found[0][1]
            theirs = next(k for a, k in reversed(ref) if a <= at) if ref[0][0] <= at else ref[0][1]
            raise ComposerError(
                f"{name}: several simultaneous key signatures: part {i + 1} ({parts[i].partName or 'unnamed'}) "
                f"has {_describe(mine)} where part {ref_i + 1} ({parts[ref_i].partName or 'unnamed'}) has "
                f"{_describe(theirs)} at quarter {at:g}; adjust reads one key at a time (key changes over time "
                "are fine): write the parts at concert pitch in one key, or adjust them separately")
    return ref


def _key_spans(changes: list[tuple[float, Any]], notes: NoteArray, bar_starts: list[float]) -> list[KeySpan]:
    """One :class:`KeySpan` per written key, from the bar holding it; the mode from the key (major/minor
    as written, a minor span read as harmonic minor where its raised seventh is the more frequent)."""
    from bisect import bisect_right

    from music21 import key

    from composer.adjust.pitch import source_mode

    spans: list[KeySpan] = []
    for j, (at, k) in enumerate(changes):
        bar = 0 if j == 0 else max(0, bisect_right(bar_starts, at + 1e-9) - 1)
        written = k if isinstance(k, key.Key) else k.asKey("major")
        tonic = int(written.tonic.pitchClass)
        start = bar_starts[bar]
        end = bar_starts[bisect_right(bar_starts, changes[j + 1][0] + 1e-9) - 1] if j + 1 < len(changes) else 1e18
        inside = notes.notes[(notes.notes["onset"] >= start) & (notes.notes["onset"] < end)]
        rel = (inside["pitch"].astype(int) - tonic) % 12
        mode = source_mode(str(written.mode), int((rel == 11).sum()), int((rel == 10).sum()))
        span = KeySpan(bar, tonic, "CDEFGAB".index(written.tonic.step), mode)
        if spans and spans[-1].first_bar == bar:
            spans[-1] = span
        else:
            spans.append(span)
    return spans
