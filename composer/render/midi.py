"""``midi_file``: a melody or a piece written as a Standard MIDI File straight from its arrays, with mido.

The music21 path (``melody_to_stream`` → ``performed_score`` → ``Score.write("midi")``)
builds, copies and translates a whole score, and costs more per bar the longer the piece.
This writer reads the melodies' arrays once and writes what that path writes, in time
linear in the number of notes:

- a **conductor track** (track 0, ending a beat after its last event): the tempo map (every section's marks, ramps included,
  ``set_tempo`` in microseconds per quarter note), a key signature and a time signature at
  the start and wherever a section changes them, and each section's label (a rehearsal
  mark in the score) as a ``marker``;
- a **note track** (track 1): the track name and General MIDI program of the first
  section's instrument (channel 0), and every sounding note with its velocity (clipped to
  1..127) and its **performed** length (``composer.render.performed``): a staccato note
  sounds ``GATE["staccato"]`` of its written length, a note under a phrase's slur (legato
  music, phrases of two or more notes) all of it, any other note ``GATE["normal"]``; the
  note that ends last rings to its written end;
- for an arrangement, **one more track per accompanying part** (``parts``, built by
  ``composer.render.midi_parts``): its name, its own channel (1, 2, ... skipping 10, so a
  mixer or a SoundFont player can treat each part apart), its General MIDI program (changed
  where a section changes it) and its notes, performed by the same rule; a drum part plays
  on channel 10 (index 9), General MIDI's percussion channel.

Times are in MIDI ticks, ``TICKS_PER_BEAT`` per quarter note; a melody's tick (a sixteenth
note, ``composer.theory.meter.TICKS_PER_QUARTER`` per quarter) is
``TICKS_PER_BEAT / TICKS_PER_QUARTER`` MIDI ticks.
"""

from __future__ import annotations

__all__ = ["TICKS_PER_BEAT", "DRUM_CHANNEL", "TrackNotes", "performed_notes", "midi_file", "midi_bytes", "sections_of"]

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import mido
import numpy as np

from composer.errors import RenderError
from composer.render.synth import GATE
from composer.theory.meter import TICKS_PER_QUARTER, get_meter

if TYPE_CHECKING:
    from composer.render.protocols import NoteLine
    from composer.render.sections import ScoreSection

#: MIDI ticks per quarter note in the files written here.
TICKS_PER_BEAT = 960
_SCALE = TICKS_PER_BEAT // TICKS_PER_QUARTER
#: General MIDI's percussion channel (channel 10, index 9): drum parts play there, no other part does.
DRUM_CHANNEL = 9


@dataclass(frozen=True)
class TrackNotes:
    """One accompanying part's notes for :func:`midi_file`, already placed in the piece.

    Attributes
    ----------
    name : str
        The track's name (the part's name in the score).
    onsets, lengths : ndarray of int64, shape (n,)
        Start and written length of each note in MIDI ticks (``TICKS_PER_BEAT`` per quarter
        note) from the start of the piece.
    pitches, velocities : ndarray of int64, shape (n,)
        MIDI pitch (0..127; a drum part: the General MIDI percussion key) and velocity (clipped to 1..127).
    programs : tuple of (int, int)
        ``(tick, General MIDI program 0..127)`` at each tick where the part's instrument
        changes, the first at tick 0; ignored for a drum part.
    gates : ndarray of float64, shape (n,), optional
        Share of each written length that sounds, in (0, 1]; ``GATE["normal"]`` for every
        note by default (an accompaniment carries no marks). The notes that end last ring
        to their written end, as in the melody's track.
    drums : bool
        A percussion part: written on ``DRUM_CHANNEL`` without a program change.
    """

    name: str
    onsets: np.ndarray
    lengths: np.ndarray
    pitches: np.ndarray
    velocities: np.ndarray
    programs: tuple[tuple[int, int], ...] = ((0, 0),)
    gates: np.ndarray | None = field(default=None)
    drums: bool = False


def _slur_spans(melody: "NoteLine", phrase_bars: int) -> list[tuple[int, int]]:
    """(first onset, last onset) in melody ticks of each phrase's slur, as ``add_phrase_marks`` draws them.

    A phrase is ``phrase_bars`` bars; its slur runs from its first to its last written note
    (a note split at a bar line counts once per bar) when it has two or more.
    """
    p = melody.parameters
    bar_ticks = get_meter(p.meter).bar_ticks
    phrase_ticks = bar_ticks * phrase_bars
    starts: dict[int, list[int]] = {}
    onset = 0
    for midi, length in zip(melody.pitches.tolist(), melody.ticks.tolist()):
        start, end = onset, onset + length
        while start < end:  # the pieces a note is written in, one per bar it touches
            if midi >= 0:
                starts.setdefault(start // phrase_ticks, []).append(start)
            start = min(end, (start // bar_ticks + 1) * bar_ticks)
        onset = end
    return [(s[0], s[-1]) for _, s in sorted(starts.items()) if len(s) >= 2]


def performed_notes(melody: "NoteLine", phrase_bars: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The sounding notes of ``melody`` as they are played, in melody ticks.

    Parameters
    ----------
    melody : NoteLine (a Melody)
    phrase_bars : int
        Bars per phrase: legato music is slurred phrase by phrase.

    Returns
    -------
    onsets : ndarray of int64, shape (n,)
        Start of each sounding note in melody ticks (sixteenth notes) from the melody's start.
    lengths : ndarray of int64, shape (n,)
        Written length of each note in melody ticks.
    gates : ndarray of float64, shape (n,)
        Share of the written length that sounds, in (0, 1] (before the last-note rule,
        which :func:`midi_file` applies over the whole piece).
    pitches : ndarray of int64, shape (n,)
        MIDI pitch, 0..127.
    velocities : ndarray of int64, shape (n,)
        MIDI velocity, 1..127.
    """
    sounding = melody.pitches >= 0
    onsets = melody.onsets[sounding].astype(np.int64)
    art = melody.parameters.articulation
    if art == "staccato":
        gates = np.full(onsets.shape, GATE["staccato"])
    else:
        gates = np.full(onsets.shape, GATE["normal"])
        if art == "legato":
            for a, b in _slur_spans(melody, phrase_bars):
                gates[(onsets >= a) & (onsets <= b)] = GATE["legato"]
    return (onsets, melody.ticks[sounding].astype(np.int64), gates,
            melody.pitches[sounding].astype(np.int64), np.clip(melody.velocities[sounding], 1, 127).astype(np.int64))


def _key_signature(melody: "NoteLine") -> tuple[int, bool]:
    """(sharps, minor) of the key signature ``melody_to_stream`` writes."""
    from composer.render.stream import music21_key

    p = melody.parameters
    k = music21_key(p.tonic, p.mode)
    return int(k.sharps), p.mode == "minor"


_MAJOR_BY_SHARPS = ["Cb", "Gb", "Db", "Ab", "Eb", "Bb", "F", "C", "G", "D", "A", "E", "B", "F#", "C#"]
_MINOR_BY_SHARPS = ["Abm", "Ebm", "Bbm", "Fm", "Cm", "Gm", "Dm", "Am", "Em", "Bm", "F#m", "C#m", "G#m", "D#m", "A#m"]


def midi_file(sections: Sequence["ScoreSection"], *, phrase_bars: int | None = None, program: int | None = None,
              track_name: str | None = None, parts: Sequence[TrackNotes] = ()) -> mido.MidiFile:
    """Return the sections, one after another, as a type-1 ``mido.MidiFile`` (see the module's docstring).

    Parameters
    ----------
    sections : sequence of ScoreSection
        At least one; each melody, its label (a marker) and its tempo map.
    program : int, optional
        General MIDI program (0-based) of the note track; by default the first section's
        style instrument.
    track_name : str, optional
        Name of the note track; by default the instrument's display name.
    parts : sequence of TrackNotes, optional
        Accompanying parts, one track each after the melody's (an arrangement's accompaniment
        and bass); at most 14 besides any drum parts (the channels left by the melody's and
        the drums').

    Returns
    -------
    mido.MidiFile
        Tracks: conductor, melody, then one per part; ``ticks_per_beat`` is ``TICKS_PER_BEAT``.

    Raises
    ------
    RenderError
        If there are no sections, a tempo map is malformed, a melody's or a part's notes
        are out of range, or there are more parts than channels.
    """
    from composer.render.instruments import display_name
    from composer.render.stream import _check
    from composer.rules.instruments import GM_PROGRAMS, gm_program

    if not sections:
        raise RenderError("a MIDI file needs at least one section")
    first = sections[0].melody.parameters.instrument
    if first not in GM_PROGRAMS:
        raise RenderError(f"unknown instrument {first!r}; use a General MIDI program name (composer.rules.GM_PROGRAMS)")
    program = gm_program(first) if program is None else int(program)
    track_name = display_name(first) if track_name is None else track_name
    channels = _channels(parts)

    meta: list[tuple[int, int, mido.MetaMessage]] = []  # (tick, order, message)
    on, pitch, vel, gate, length = [], [], [], [], []
    start = 0
    in_force: dict[str, object] = {}
    for sec in sections:
        mel = sec.melody
        _check(mel)
        p = mel.parameters
        num, den = (int(x) for x in p.meter.split("/"))
        ks = _key_signature(mel)
        if in_force.get("key") != ks:
            name = (_MINOR_BY_SHARPS if ks[1] else _MAJOR_BY_SHARPS)[ks[0] + 7]
            meta.append((start, 1, mido.MetaMessage("key_signature", key=name)))
            in_force["key"] = ks
        if in_force.get("meter") != (num, den):
            meta.append((start, 2, mido.MetaMessage("time_signature", numerator=num, denominator=den)))
            in_force["meter"] = (num, den)
        if sec.label:
            meta.append((start, 3, mido.MetaMessage("marker", text=str(sec.label))))
        for tick, bpm in sec.marks():
            if in_force.get("tempo") != bpm:
                meta.append((start + tick * _SCALE, 0, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(bpm))))
                in_force["tempo"] = bpm
        onsets, lengths, gates, pitches, velocities = performed_notes(mel, p.phrase_bars if phrase_bars is None else phrase_bars)
        on.append(start + onsets * _SCALE)
        length.append(lengths * _SCALE)
        gate.append(gates)
        pitch.append(pitches)
        vel.append(velocities)
        start += mel.total_ticks * _SCALE

    conductor = mido.MidiTrack()
    meta.sort(key=lambda m: (m[0], m[1]))
    # the conductor track ends a beat after its last event, as music21's does: no long silent
    # stretch that a reader guarding against hostile files (composer.models.midi_scan) would refuse
    _append_timed(conductor, meta, end=meta[-1][0] + TICKS_PER_BEAT)
    out = mido.MidiFile(type=1, ticks_per_beat=TICKS_PER_BEAT)
    out.tracks.append(conductor)
    out.tracks.append(_note_track(track_name, 0, ((0, program),), np.concatenate(on), np.concatenate(length),
                                  np.concatenate(gate), np.concatenate(pitch), np.concatenate(vel), end=start))
    for part, channel in zip(parts, channels):
        _check_part(part)
        n = part.onsets.shape[0]
        gates = np.full(n, GATE["normal"]) if part.gates is None else np.asarray(part.gates, dtype=np.float64)
        out.tracks.append(_note_track(part.name, channel, () if part.drums else part.programs,
                                      part.onsets.astype(np.int64), part.lengths.astype(np.int64), gates,
                                      part.pitches.astype(np.int64),
                                      np.clip(part.velocities, 1, 127).astype(np.int64), end=start))
    return out


def _channels(parts: Sequence[TrackNotes]) -> list[int]:
    """The MIDI channel (0-based) of each part: 1, 2, ... skipping ``DRUM_CHANNEL``; drums on it."""
    free = [c for c in range(1, 16) if c != DRUM_CHANNEL]
    pitched = sum(not p.drums for p in parts)
    if pitched > len(free):
        raise RenderError(f"a MIDI file has channels for at most {len(free)} accompanying parts besides the drums, "
                          f"got {pitched}")
    it = iter(free)
    return [DRUM_CHANNEL if p.drums else next(it) for p in parts]


def _check_part(part: TrackNotes) -> None:
    """Raise ``RenderError`` for a part whose arrays no MIDI track can hold."""
    arrays = (part.onsets, part.lengths, part.pitches, part.velocities)
    n = part.onsets.shape[0]
    if any(a.shape != (n,) for a in arrays) or (part.gates is not None and np.shape(part.gates) != (n,)):
        raise RenderError(f"part {part.name!r}: onsets, lengths, pitches, velocities (and gates) must be 1-d arrays "
                          "of one length")
    if n and (part.pitches.min() < 0 or part.pitches.max() > 127):
        raise RenderError(f"part {part.name!r}: pitches must be MIDI numbers 0..127")
    if n and (part.onsets.min() < 0 or part.lengths.min() <= 0):
        raise RenderError(f"part {part.name!r}: onsets must be >= 0 and lengths > 0 ticks")
    if not part.drums and (not part.programs or any(not 0 <= prog <= 127 for _, prog in part.programs)):
        raise RenderError(f"part {part.name!r}: programs must be (tick, 0..127) pairs, the first at tick 0")


def _note_track(name: str, channel: int, programs: Sequence[tuple[int, int]], onset: np.ndarray,
                written: np.ndarray, gates: np.ndarray, pitches: np.ndarray, velocities: np.ndarray, *,
                end: int) -> mido.MidiTrack:
    """One track: its name, program changes and notes performed on ``channel``; times in MIDI ticks.

    A note sounds ``gates`` of its written length, except the notes that end last, which
    ring to their written end; every note sounds at least one tick. At one tick a note ends
    before the next begins and a program change comes before both. The track ends at ``end``
    or at its last event, whichever is later.
    """
    ends = onset + written
    last = ends.max(initial=0)
    sounding = np.where((gates < 1.0) & (ends < last), np.rint(written * gates).astype(np.int64), written)
    offs = onset + np.maximum(sounding, 1)
    track = mido.MidiTrack()
    track.append(mido.MetaMessage("track_name", name=name))
    # one row per event: (tick, 0 = program / 1 = off / 2 = on, pitch or program, velocity)
    n, k = onset.shape[0], len(programs)
    rows = np.empty((2 * n + k, 4), dtype=np.int64)
    rows[:n, 0], rows[:n, 1], rows[:n, 2], rows[:n, 3] = offs, 1, pitches, 0
    rows[n:2 * n, 0], rows[n:2 * n, 1], rows[n:2 * n, 2], rows[n:2 * n, 3] = onset, 2, pitches, velocities
    if k:
        rows[2 * n:, 0] = [t for t, _ in programs]
        rows[2 * n:, 1], rows[2 * n:, 2], rows[2 * n:, 3] = 0, [p for _, p in programs], 0
    rows = rows[np.lexsort((rows[:, 1], rows[:, 0]))]
    deltas = np.diff(rows[:, 0], prepend=0)
    for (_, kind, value, velocity), delta in zip(rows.tolist(), deltas.tolist()):
        if kind == 0:
            track.append(mido.Message("program_change", channel=channel, program=value, time=delta))
        else:
            track.append(mido.Message("note_on" if kind == 2 else "note_off", channel=channel, note=value,
                                      velocity=velocity, time=delta))
    track.append(mido.MetaMessage("end_of_track", time=max(0, end - (int(rows[-1, 0]) if len(rows) else 0))))
    return track


def _append_timed(track: mido.MidiTrack, events: Sequence[tuple[int, int, Any]], *, end: int) -> None:
    """Append ``(absolute tick, order, message)`` events as delta times, then the end of the track at ``end``."""
    now = 0
    for tick, _, msg in events:
        track.append(msg.copy(time=tick - now))
        now = tick
    track.append(mido.MetaMessage("end_of_track", time=max(0, end - now)))


def sections_of(source: object) -> tuple[list["ScoreSection"], dict[str, Any]] | None:
    """The sections and :func:`midi_file` options for ``source`` (a ``Melody``, a ``Piece``, an ``Arrangement``,
    an ``ArrangedPiece``, or a live ``Recording``, whose ``midi_tracks()`` gives its other parts); None otherwise.

    A lone melody (any ``NoteLine``) is written as ``Melody.to_stream`` writes it: phrases
    of ``DEFAULT_PHRASE_BARS`` bars.
    """
    from composer.render.protocols import NoteLine
    from composer.render.sections import ScoreSection

    if isinstance(source, NoteLine):
        from composer.render.stream import DEFAULT_PHRASE_BARS

        return [ScoreSection(source)], {"phrase_bars": DEFAULT_PHRASE_BARS}
    score_sections = getattr(source, "score_sections", None)
    if callable(score_sections):
        tracks = getattr(source, "midi_tracks", None)   # a live Recording's other parts
        return list(score_sections()), ({"parts": list(tracks())} if callable(tracks) else {})
    # arrangements by their shape (render is typed against shapes, not composer.arrange's classes)
    from composer.render.midi_parts import arranged_piece_sections, arrangement_sections

    if hasattr(source, "arrangements") and hasattr(source, "sections"):
        return arranged_piece_sections(source)  # type: ignore[arg-type]
    if hasattr(source, "parts") and isinstance(getattr(source, "melody", None), NoteLine):
        return arrangement_sections(source)  # type: ignore[arg-type]
    return None


def midi_bytes(sections: Sequence["ScoreSection"], **options: Any) -> bytes:
    """The bytes of :func:`midi_file` (the arguments are its own)."""
    buf = io.BytesIO()
    midi_file(sections, **options).save(file=buf)
    return buf.getvalue()

