"""One edge from music to arrays: :func:`note_array` turns a score, a file or a composed
piece into a structured note array plus its tempo map and key, once.

Array contract (``NOTE_DTYPE``, one row per sounding pitch, sorted by onset then pitch):

============  =========  =====================================================================
field         dtype      meaning
============  =========  =====================================================================
``part``      int16      index of the part the note belongs to (percussion parts left out)
``onset``     float64    onset in quarter notes from the start of the piece
``length``    float64    written duration in quarter notes (ties joined)
``sounding``  float64    performed duration in quarter notes: ``length`` shortened by a
                         staccato (x0.5) or staccatissimo (x0.25) mark; a MIDI file's short
                         notes are already short
``pitch``     int16      MIDI pitch, 0..127
``velocity``  float64    MIDI velocity 1..127: the note's own, else the last dynamic mark's,
                         else nan
``seconds``   float64    onset in seconds under the tempo map
============  =========  =====================================================================
"""

from __future__ import annotations

__all__ = ["NOTE_DTYPE", "NoteArray", "is_percussion", "note_array"]

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from composer.errors import ComposerError

NOTE_DTYPE = np.dtype([
    ("part", np.int16),
    ("onset", np.float64),
    ("length", np.float64),
    ("sounding", np.float64),
    ("pitch", np.int16),
    ("velocity", np.float64),
    ("seconds", np.float64),
])

#: Share of the written length a note sounds under each shortening mark.
_SHORTENING = {"Staccato": 0.5, "Staccatissimo": 0.25, "Spiccato": 0.5}
#: Quarter notes per minute where a score has no metronome mark (MIDI's default).
_DEFAULT_BPM = 120.0


@dataclass(frozen=True)
class NoteArray:
    """Notes of a piece as arrays, with the context needed to read cues from them.

    Attributes
    ----------
    notes : ndarray of NOTE_DTYPE, shape (n,)
        The notes (see the module docstring).
    tempi : ndarray of float64, shape (k, 3)
        Tempo map rows ``(start, end, bpm)``: quarter-note offsets and quarter notes per minute.
    tonic : int
        Pitch class 0..11 of the key's tonic: the written key where the score has one
        (from a MIDI file, whose key signature cannot name a church mode, the signature's
        pitch class that the melody ends on), else music21's key analysis.
    mode : str
        The key's mode as music21 names it (``major``, ``minor``, ``dorian`` ...).
    key_written : bool
        True when ``tonic`` and ``mode`` come from a written key, False when analysed.
    quarters : float
        Length of the piece in quarter notes.
    seconds : float
        Length of the piece in seconds under the tempo map.
    """

    notes: np.ndarray
    tempi: np.ndarray
    tonic: int
    mode: str
    key_written: bool
    quarters: float
    seconds: float


def _as_stream(music: Any):
    """A music21 stream from a stream, a path, or anything with ``to_stream()``."""
    from music21 import stream

    from composer.models.music_files import parse_music_file

    if isinstance(music, stream.Stream):
        return music
    if hasattr(music, "to_stream"):
        return music.to_stream()
    if isinstance(music, (str, Path)):
        # MIDI onsets and note-offs are read as written: music21's default quantisation to
        # sixteenths and triplets would round a performed staccato or a 90% gate away.
        return parse_music_file(music, error=ComposerError, what="music", quantize=False)
    raise ComposerError(
        f"cannot read music from a {type(music).__name__}; give a music21 stream, a file path, "
        "or a composed Melody or Piece")


def _is_midi(music: Any) -> bool:
    """True when ``music`` names a MIDI file."""
    return isinstance(music, (str, Path)) and Path(music).suffix.lower() in (".mid", ".midi")


def is_percussion(part) -> bool:
    """Whether a music21 part is unpitched percussion (or on MIDI channel 10)."""
    from music21 import instrument

    inst = part.getInstrument(returnDefault=False)
    if inst is None:
        return False
    return isinstance(inst, instrument.UnpitchedPercussion) or getattr(inst, "midiChannel", None) == 9


def _seconds_at(offsets: np.ndarray, tempi: np.ndarray) -> np.ndarray:
    """Seconds at each quarter-note offset under the tempo map ``tempi`` (rows start, end, bpm)."""
    starts, ends, bpm = tempi[:, 0], tempi[:, 1], tempi[:, 2]
    before = np.concatenate([[0.0], np.cumsum((ends - starts) * 60.0 / bpm)[:-1]])
    i = np.clip(np.searchsorted(starts, offsets, side="right") - 1, 0, len(starts) - 1)
    return before[i] + (offsets - starts[i]) * 60.0 / bpm[i]


def _tempo_map(score, quarters: float) -> np.ndarray:
    rows = [(float(s), float(e), float(mm.getQuarterBPM() or _DEFAULT_BPM))
            for s, e, mm in score.metronomeMarkBoundaries()]
    if not rows:
        rows = [(0.0, quarters, _DEFAULT_BPM)]
    return np.array(rows, dtype=np.float64).reshape(-1, 3)


#: Church mode of a diatonic collection by the final's distance (semitones) above the
#: collection's major tonic.
_MODE_BY_FINAL = {0: "major", 2: "dorian", 4: "phrygian", 5: "lydian", 7: "mixolydian", 9: "minor", 11: "locrian"}


def _modal_final(tonic: int, mode: str, final: int) -> tuple[int, str]:
    """The tonic and mode of a key signature read from MIDI, settled by the final note.

    A MIDI key signature holds only sharps or flats and a major/minor flag, so E phrygian
    reads back as C major and every brightness measure would be relative to the wrong
    tonic. As in modal theory, the final (the pitch class of the melody's last note) names
    the mode among the signature's seven pitch classes; a final outside them keeps the
    signature's own key.
    """
    major = (tonic + (3 if mode == "minor" else 0)) % 12
    degree = (final - major) % 12
    if degree not in _MODE_BY_FINAL:
        return tonic, mode
    return final, _MODE_BY_FINAL[degree]


def _key_of(score) -> tuple[int, str, bool]:
    from music21 import key

    written = list(score.recurse().getElementsByClass(key.Key))
    if written:
        k = written[0]
        return int(k.tonic.pitchClass), str(k.mode), True
    k = score.analyze("key")
    return int(k.tonic.pitchClass), str(k.mode), False


def _part_rows(part, index: int, score) -> list[tuple]:
    from music21 import dynamics

    marks = sorted(
        ((float(d.getOffsetInHierarchy(score)), float(d.volumeScalar) * 127.0)
         for d in part.recurse().getElementsByClass(dynamics.Dynamic) if d.volumeScalar is not None),
    )
    mark_at = np.array([m[0] for m in marks]) if marks else np.zeros(0)
    rows = []
    for n in part.stripTies().recurse().notes:
        onset = float(n.getOffsetInHierarchy(part))
        length = float(n.quarterLength)
        if length <= 0:  # grace notes take no time
            continue
        shorten = min((_SHORTENING.get(type(a).__name__, 1.0) for a in n.articulations), default=1.0)
        vel = n.volume.velocity if n.volume.velocity is not None else None
        if vel is None and marks:
            i = int(np.searchsorted(mark_at, onset, side="right")) - 1
            vel = marks[max(i, 0)][1]
        for p in n.pitches:
            rows.append((index, onset, length, length * shorten, int(p.midi),
                         float(vel) if vel is not None else np.nan, 0.0))
    return rows


def note_array(music: Any, *, melody_part: int | None = None) -> NoteArray:
    """Read ``music`` into a :class:`NoteArray`, once, for the cue measures.

    Parameters
    ----------
    music : music21 stream, str or Path, or an object with ``to_stream()``
        A score or part, a MIDI/MusicXML/ABC file (never modified), or a composed
        ``Melody``/``Piece``.
    melody_part : int, optional
        The melody's part (its ``part`` index): a MIDI file's modal final is that part's
        last note rather than the highest note ending the whole file (in an arrangement,
        often an accompaniment's). None, or a part with no notes: the whole file's.

    Returns
    -------
    NoteArray
        Every pitched note of every part but percussion.

    Raises
    ------
    ComposerError
        When the file is missing or unreadable, or the music has no pitched note.
    """
    from music21 import stream

    score = _as_stream(music)
    parts = list(score.parts) if isinstance(score, stream.Score) and score.parts else [score]
    rows: list[tuple] = []
    for i, part in enumerate(parts):
        if not is_percussion(part):
            rows.extend(_part_rows(part, i, score))
    if not rows:
        raise ComposerError("the music has no pitched notes to read cues from")
    notes = np.array(rows, dtype=NOTE_DTYPE)
    notes.sort(order=["onset", "pitch"], kind="stable")
    quarters = float(max(score.highestTime, (notes["onset"] + notes["length"]).max()))
    tempi = _tempo_map(score, quarters)
    notes["seconds"] = _seconds_at(notes["onset"], tempi)
    tonic, mode, written = _key_of(score)
    if written and _is_midi(music) and mode in ("major", "minor"):
        tune = notes[notes["part"] == melody_part] if melody_part is not None else notes[:0]
        tune = tune if len(tune) else notes
        last = tune[tune["onset"] == tune["onset"].max()]
        tonic, mode = _modal_final(tonic, mode, int(last["pitch"].max()) % 12)
    seconds = float(_seconds_at(np.array([quarters]), tempi)[0])
    return NoteArray(notes=notes, tempi=tempi, tonic=tonic, mode=mode, key_written=written,
                     quarters=quarters, seconds=seconds)
