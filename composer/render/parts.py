"""Multi-part output: an ``Arrangement`` as a music21 score (one part per instrument) and as a performance.

Each part gets its General MIDI program (so MIDI files carry one track and program
per part) and its name (shown on each staff of the MusicXML score). Notes that start
together with the same length are written as one chord. When the accompaniment and the
bass are the same piano, they are written as the two staves of one grand staff (a brace).
"""

from __future__ import annotations

__all__ = ["arrangement_to_stream", "arrangement_performance", "arranged_piece_to_stream", "arranged_piece_performance",
           "reduction_to_stream", "reduction_performance", "piece_reduction_to_stream",
           "piece_reduction_performance", "pieces_part"]

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from music21 import chord, clef, expressions, instrument, layout, meter, note, stream, tempo

from composer.render.performance import Performance
from composer.render.stream import melody_to_stream, music21_key
from composer.rules.instruments import gm_program
from composer.theory.meter import TICKS_PER_QUARTER

from composer.theory.tempo import tick_seconds

if TYPE_CHECKING:
    from composer.arrange.arrangement import Arrangement, Part
    from composer.arrange.piece import ArrangedPiece
    from composer.arrange.reduction import PianoReduction, PieceReduction


def _instrument(part: "Part") -> instrument.Instrument:
    inst = instrument.Instrument()
    inst.instrumentName = part.name
    inst.partName = part.name
    inst.midiProgram = gm_program(part.program)
    return inst


def _insert_notes(out: stream.Stream, part: "Part", offset: float) -> None:
    """Insert ``part``'s notes into ``out`` from ``offset`` (quarter notes); notes sharing onset and length form chords."""
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for on, length, pitch, vel in zip(part.onsets.tolist(), part.lengths.tolist(), part.pitches.tolist(),
                                      part.velocities.tolist()):
        groups.setdefault((on, length), []).append((pitch, vel))
    for (on, length), notes in sorted(groups.items()):
        ql = length / TICKS_PER_QUARTER
        if len(notes) == 1:
            el = note.Note(midi=notes[0][0], quarterLength=ql)
        else:
            el = chord.Chord([note.Note(midi=n) for n, _ in sorted(notes)], quarterLength=ql)
        el.volume.velocity = max(v for _, v in notes)
        el.volume.velocityIsRelative = False
        out.insert(offset + on / TICKS_PER_QUARTER, el)


def _part_stream(part: "Part", arrangement: "Arrangement", index: int, staff: bool = False,
                 bass_clef: bool | None = None) -> stream.Part:
    p = arrangement.parameters
    out = stream.PartStaff(id=f"part{index}") if staff else stream.Part(id=f"part{index}")
    out.partName = part.name
    out.insert(0, _instrument(part))
    out.insert(0, music21_key(p.tonic, p.mode))
    out.insert(0, meter.TimeSignature(p.meter))
    low = len(part.pitches) and float(np.mean(part.pitches)) < 60 if bass_clef is None else bass_clef
    out.insert(0, clef.BassClef() if low else clef.TrebleClef())
    _insert_notes(out, part, 0.0)
    total = arrangement.melody.total_ticks / TICKS_PER_QUARTER
    end = out.highestTime
    if end < total:
        out.insert(end, note.Rest(quarterLength=total - end))
    return out.makeNotation()


def pieces_part(name: str, pieces: "list[tuple[float, Part]]", *, length: float, meter_name: str,
                keys: "list[tuple[float, int, str]]", index: int) -> stream.Part:
    """One part running through a score from ``(offset in quarter notes, Part)`` pieces (a live session's bars).

    Parameters
    ----------
    name : str
        The part's name on its staff.
    pieces : list of (float, Part)
        Where each piece starts and its notes (ticks from the piece's start), in order.
    length : float
        The score's length in quarter notes: the part rests to its end.
    meter_name : str
        Its time signature (one for the whole part).
    keys : list of (float, int, str)
        ``(offset, tonic, mode)`` where the key changes, the first at 0.
    index : int
        Numbers the part's id.

    Returns
    -------
    music21.stream.Part
        With an instrument (and its General MIDI program) wherever a piece's program changes,
        a bass clef if its notes lie mostly below middle C.
    """
    out = stream.Part(id=f"part{index}")
    out.partName = name
    out.insert(0, meter.TimeSignature(meter_name))
    sharps = None
    for offset, tonic, mode in keys:
        k = music21_key(tonic, mode)
        if k.sharps != sharps:
            out.insert(offset, k)
            sharps = k.sharps
    program = None
    for offset, part in pieces:
        program = _place(out, part, offset, name, program)
    end = out.highestTime
    if end < length:
        out.insert(end, note.Rest(quarterLength=length - end))
    pitches = [int(x) for _, p in pieces for x in p.pitches.tolist()]
    out.insert(0, clef.BassClef() if pitches and float(np.mean(pitches)) < 60 else clef.TrebleClef())
    return out.makeNotation()


def arrangement_to_stream(arrangement: "Arrangement") -> stream.Score:
    """Return the arrangement as a music21 ``Score``: the melody's part (as ``Melody.to_stream`` writes it,
    with the melody's instrument) then one part per accompanying part.

    Returns
    -------
    music21.stream.Score
        ``len(arrangement.parts)`` parts (the piano's two as ``PartStaff``s in a braced ``StaffGroup``), each starting with an instrument whose
        ``midiProgram`` is the part's General MIDI program and whose name is the part's.
    """
    score = melody_to_stream(arrangement.melody)
    melody_part = score.parts[0]
    first = arrangement.parts[0]
    for inst in melody_part.recurse().getElementsByClass(instrument.Instrument):
        inst.midiProgram = gm_program(first.program)
        inst.instrumentName = first.name
    melody_part.partName = first.name
    rest = arrangement.parts[1:]
    grand = len(rest) == 2 and rest[0].program == rest[1].program and "piano" in rest[0].program
    staves = [_part_stream(part, arrangement, i, staff=grand) for i, part in enumerate(rest, start=1)]
    for st in staves:
        score.insert(0, st)
    if grand:   # one instrument on two staves: a grand staff with a brace
        score.insert(0, layout.StaffGroup(staves, name="Piano", abbreviation="Pno.", symbol="brace"))
    return score


def arrangement_performance(arrangement: "Arrangement") -> Performance:
    """Return all parts' notes timed in seconds at the melody's tempo, in onset order, each with its part's
    General MIDI program (``Performance.programs``: the built-in synthesiser plays each part in its timbre)."""
    base = arrangement.melody.to_performance()
    sec = 60.0 / arrangement.parameters.tempo / TICKS_PER_QUARTER
    rest = arrangement.parts[1:]
    on = np.concatenate([base.onsets] + [p.onsets * sec for p in rest])
    dur = np.concatenate([base.durations] + [p.lengths * sec for p in rest])
    pit = np.concatenate([base.pitches] + [p.pitches for p in rest])
    vel = np.concatenate([base.velocities] + [np.clip(p.velocities, 1, 127) for p in rest])
    arts = list(base.articulations) + ["legato"] * int(sum(len(p.pitches) for p in rest))
    programs = [arrangement.parts[0].program] * base.n_notes + [p.program for p in rest for _ in range(len(p.pitches))]
    order = np.argsort(on, kind="stable")
    return Performance(on[order], dur[order], pit[order], vel[order], tuple(arts[i] for i in order),
                       base.length, base.bar_lines, title=base.title, instrument=arrangement.parts[0].program,
                       programs=tuple(programs[i] for i in order))


def reduction_to_stream(reduction: "PianoReduction") -> stream.Score:
    """Return a piano reduction as a music21 ``Score``: the right hand (treble clef, with the tempo) and the left
    hand (bass clef) as two ``PartStaff``s of one piano in a braced ``StaffGroup``."""
    a = reduction.arrangement
    score = stream.Score()
    right = _part_stream(reduction.right, a, 1, staff=True, bass_clef=False)
    right.insert(0, tempo.MetronomeMark(number=float(a.parameters.tempo)))
    left = _part_stream(reduction.left, a, 2, staff=True, bass_clef=True)
    score.insert(0, right)
    score.insert(0, left)
    score.insert(0, layout.StaffGroup([right, left], name="Piano", abbreviation="Pno.", symbol="brace"))
    return score


def reduction_performance(reduction: "PianoReduction") -> Performance:
    """Return both hands' notes timed in seconds at the melody's tempo, legato, on the piano."""
    base = reduction.arrangement.melody.to_performance()
    sec = 60.0 / reduction.parameters.tempo / TICKS_PER_QUARTER
    hands = reduction.parts
    on = np.concatenate([h.onsets * sec for h in hands])
    order = np.argsort(on, kind="stable")
    dur = np.concatenate([h.lengths * sec for h in hands])[order]
    pit = np.concatenate([h.pitches for h in hands])[order]
    vel = np.clip(np.concatenate([h.velocities for h in hands]), 1, 127)[order]
    return Performance(on[order], dur, pit, vel, ("legato",) * len(on), base.length, base.bar_lines,
                       title=base.title, instrument=hands[0].program)


def _place(out: stream.Part, part: "Part", offset: float, name: str, program: int | None) -> int:
    """Insert ``part``'s notes into ``out`` at ``offset`` (quarters), preceded by its instrument where the
    General MIDI program changes from ``program``; return the program now sounding."""
    if part.program != program:
        inst = _instrument(part)
        inst.instrumentName = inst.partName = name
        out.insert(offset, inst)
    _insert_notes(out, part, offset)
    return part.program


def _sections_part(ap: "ArrangedPiece", parts: "Sequence[Part | None]", name: str, index: int, *, bass_clef: bool,
                   marks: bool = False, staff: bool = False) -> stream.Part:
    """One part through every section of ``ap``: ``parts[i]`` (None: resting) from section i's start, with the
    section's key, metre and instrument where they change; ``marks`` adds each section's rehearsal mark and
    tempo marks (a ramp's steps sounding, unprinted, after the word *accel.* or *rit.*); ``staff`` makes it a ``PartStaff`` of a grand staff."""
    from composer.render.stream import shown_tempo, tempo_mark

    out = stream.PartStaff(id=f"part{index}") if staff else stream.Part(id=f"part{index}")
    out.partName = name
    offset = 0.0
    program, meter_name, key_sig, current_tempo = None, None, None, None
    for section, part in zip(ap.arranged_sections, parts):
        p = section.melody.parameters
        if p.meter != meter_name:
            out.insert(offset, meter.TimeSignature(p.meter))
            meter_name = p.meter
        if marks:
            if section.label:
                out.insert(offset, expressions.RehearsalMark(section.label))
            for j, (tick, bpm) in enumerate(section.marks()):
                shown = j == 0 and (current_tempo is None
                                    or shown_tempo(bpm, p.meter) != shown_tempo(current_tempo, p.meter))
                at = offset + tick / TICKS_PER_QUARTER
                if j or current_tempo is None or abs(current_tempo - bpm) > 1e-9:
                    out.insert(at, tempo_mark(bpm, p.meter, shown=shown))
                if j == 1:
                    out.insert(at, expressions.TextExpression("accel." if bpm > current_tempo else "rit."))
                current_tempo = bpm
        if part is not None:
            k = music21_key(p.tonic, p.mode)
            if key_sig is None or k.sharps != key_sig:
                out.insert(offset, k)
                key_sig = k.sharps
            program = _place(out, part, offset, name, program)
        offset += section.melody.total_ticks / TICKS_PER_QUARTER
    end = out.highestTime
    if end < offset:
        out.insert(end, note.Rest(quarterLength=offset - end))
    out.insert(0, clef.BassClef() if bass_clef else clef.TrebleClef())
    return out.makeNotation()


def _piece_part(ap: "ArrangedPiece", role: int, name: str) -> stream.Part:
    return _sections_part(ap, [None if a is None else a.parts[role] for a in ap.arrangements], name, role,
                          bass_clef=role == 2)


def arranged_piece_to_stream(ap: "ArrangedPiece") -> stream.Score:
    """Return an arranged piece as a music21 ``Score``: the piece's own score (the melody, with its marks and
    tempo changes), then "Accompaniment" and "Bass" parts through every section, changing key, metre and
    General MIDI program where a section does; silences rest in every part."""
    score = ap.piece.to_stream()
    for role, name in ((1, "Accompaniment"), (2, "Bass")):
        score.insert(0, _piece_part(ap, role, name))
    return score


def arranged_piece_performance(ap: "ArrangedPiece") -> Performance:
    """Return every part's notes in seconds, each section's notes timed with its tempo map (ramps included),
    each with its part's General MIDI program in that section (``Performance.programs``)."""
    base = ap.piece.to_performance()
    on, dur, pit, vel = [base.onsets], [base.durations], [base.pitches], [base.velocities]
    programs = list(base.programs or (base.instrument,) * base.n_notes)
    start = 0.0
    for section, arr in zip(ap.arranged_sections, ap.arrangements):
        marks = section.marks()
        if arr is not None:
            for part in arr.parts[1:]:
                t0 = tick_seconds(marks, part.onsets)
                t1 = tick_seconds(marks, part.onsets + part.lengths)
                on.append(start + t0)
                dur.append(t1 - t0)
                pit.append(part.pitches)
                vel.append(np.clip(part.velocities, 1, 127))
                programs += [part.program] * len(part.pitches)
        start += float(tick_seconds(marks, np.array([section.melody.total_ticks]))[0])
    o = np.concatenate(on)
    order = np.argsort(o, kind="stable")
    arts = list(base.articulations) + ["legato"] * (len(o) - len(base.onsets))
    return Performance(o[order], np.concatenate(dur)[order], np.concatenate(pit)[order], np.concatenate(vel)[order],
                       tuple(arts[i] for i in order), base.length, base.bar_lines, curve=base.curve, title=base.title,
                       instrument=base.instrument, programs=tuple(programs[i] for i in order))


def piece_reduction_to_stream(reduction: "PieceReduction") -> stream.Score:
    """Return a piece's piano reduction as a music21 ``Score``: the right hand (treble clef, with each section's
    rehearsal mark and tempo marks) and the left hand (bass clef) as two ``PartStaff``s of one piano in a braced
    ``StaffGroup``, through every section; a silence rests in both."""
    ap = reduction.arranged
    staves = []
    for index, bass in ((0, False), (1, True)):
        hands = [None if r is None else r.parts[index] for r in reduction.reductions]
        staves.append(_sections_part(ap, hands, ("Right hand", "Left hand")[index], index + 1, bass_clef=bass,
                                     marks=not bass, staff=True))
    score = stream.Score()
    for st in staves:
        score.insert(0, st)
    score.insert(0, layout.StaffGroup(staves, name="Piano", abbreviation="Pno.", symbol="brace"))
    return score


def piece_reduction_performance(reduction: "PieceReduction") -> Performance:
    """Return both hands' notes in seconds, each section's notes timed with its tempo map (ramps included), on the
    piano; length, bar lines and emotion curve are the piece's."""
    ap = reduction.arranged
    base = ap.piece.to_performance()
    on, dur, pit, vel = [np.zeros(0)], [np.zeros(0)], [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    start = 0.0
    for section, r in zip(ap.arranged_sections, reduction.reductions):
        marks = section.marks()
        for part in () if r is None else r.parts:
            t0 = tick_seconds(marks, part.onsets)
            on.append(start + t0)
            dur.append(tick_seconds(marks, part.onsets + part.lengths) - t0)
            pit.append(part.pitches)
            vel.append(np.clip(part.velocities, 1, 127))
        start += float(tick_seconds(marks, np.array([section.melody.total_ticks]))[0])
    o = np.concatenate(on)
    order = np.argsort(o, kind="stable")
    return Performance(o[order], np.concatenate(dur)[order], np.concatenate(pit)[order], np.concatenate(vel)[order],
                       ("legato",) * len(o), base.length, base.bar_lines, curve=base.curve, title=base.title,
                       instrument="acoustic_grand_piano")
