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
  note that ends last rings to its written end.

Times are in MIDI ticks, ``TICKS_PER_BEAT`` per quarter note; a melody's tick (a sixteenth
note, ``composer.theory.meter.TICKS_PER_QUARTER`` per quarter) is
``TICKS_PER_BEAT / TICKS_PER_QUARTER`` MIDI ticks.
"""

from __future__ import annotations

__all__ = ["TICKS_PER_BEAT", "performed_notes", "midi_file", "midi_bytes", "sections_of"]

import io
from collections.abc import Sequence
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
              track_name: str | None = None) -> mido.MidiFile:
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

    Returns
    -------
    mido.MidiFile
        Two tracks: conductor and notes; ``ticks_per_beat`` is ``TICKS_PER_BEAT``.

    Raises
    ------
    RenderError
        If there are no sections, a tempo map is malformed, or a melody's notes are out of range.
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
    onset = np.concatenate(on)
    written = np.concatenate(length)
    gates = np.concatenate(gate)
    ends = onset + written
    last = ends.max(initial=0)
    sounding = np.where((gates < 1.0) & (ends < last), np.rint(written * gates).astype(np.int64), written)
    offs = onset + np.maximum(sounding, 1)

    conductor = mido.MidiTrack()
    meta.sort(key=lambda m: (m[0], m[1]))
    # the conductor track ends a beat after its last event, as music21's does: no long silent
    # stretch that a reader guarding against hostile files (composer.models.midi_scan) would refuse
    _append_timed(conductor, meta, end=meta[-1][0] + TICKS_PER_BEAT)
    notes = mido.MidiTrack()
    notes.append(mido.MetaMessage("track_name", name=track_name))
    notes.append(mido.Message("program_change", channel=0, program=program))
    pitches, velocities = np.concatenate(pitch), np.concatenate(vel)
    # one row per event: (tick, 0 = off / 1 = on, pitch, velocity); at one tick a note ends before the next begins
    n = onset.shape[0]
    rows = np.empty((2 * n, 4), dtype=np.int64)
    rows[:n, 0], rows[:n, 1], rows[:n, 2], rows[:n, 3] = offs, 0, pitches, 0
    rows[n:, 0], rows[n:, 1], rows[n:, 2], rows[n:, 3] = onset, 1, pitches, velocities
    rows = rows[np.lexsort((rows[:, 1], rows[:, 0]))]
    deltas = np.diff(rows[:, 0], prepend=0)
    for (tick, on_, note_, velocity), delta in zip(rows.tolist(), deltas.tolist()):
        notes.append(mido.Message("note_on" if on_ else "note_off", note=note_, velocity=velocity, time=delta))
    notes.append(mido.MetaMessage("end_of_track", time=max(0, start - (int(rows[-1, 0]) if n else 0))))
    out = mido.MidiFile(type=1, ticks_per_beat=TICKS_PER_BEAT)
    out.tracks.extend([conductor, notes])
    return out


def _append_timed(track: mido.MidiTrack, events: Sequence[tuple[int, int, Any]], *, end: int) -> None:
    """Append ``(absolute tick, order, message)`` events as delta times, then the end of the track at ``end``."""
    now = 0
    for tick, _, msg in events:
        track.append(msg.copy(time=tick - now))
        now = tick
    track.append(mido.MetaMessage("end_of_track", time=max(0, end - now)))


def sections_of(source: object) -> tuple[list["ScoreSection"], dict[str, Any]] | None:
    """The sections and :func:`midi_file` options for ``source`` (a ``Melody`` or a ``Piece``); None otherwise.

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
        return list(score_sections()), {}
    return None


def midi_bytes(sections: Sequence["ScoreSection"], **options: Any) -> bytes:
    """The bytes of :func:`midi_file` (the arguments are its own)."""
    buf = io.BytesIO()
    midi_file(sections, **options).save(file=buf)
    return buf.getvalue()

