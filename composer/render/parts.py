"""Multi-part output: an ``Arrangement`` as a music21 score (one part per instrument) and as a performance.

Each part gets its General MIDI program (so MIDI files carry one track and program
per part) and its name (shown on each staff of the MusicXML score). Notes that start
together with the same length are written as one chord. When the accompaniment and the
bass are the same piano, they are written as the two staves of one grand staff (a brace).
"""

from __future__ import annotations

__all__ = ["arrangement_to_stream", "arrangement_performance"]

from typing import TYPE_CHECKING

import numpy as np
from music21 import chord, clef, instrument, layout, meter, note, stream

from composer.render.performance import Performance
from composer.render.stream import melody_to_stream, music21_key
from composer.rules.instruments import gm_program
from composer.theory.meter import TICKS_PER_QUARTER, get_meter

if TYPE_CHECKING:
    from composer.arrange.arrangement import Arrangement, Part


def _instrument(part: "Part") -> instrument.Instrument:
    inst = instrument.Instrument()
    inst.instrumentName = part.name
    inst.partName = part.name
    inst.midiProgram = gm_program(part.program)
    return inst


def _part_stream(part: "Part", arrangement: "Arrangement", index: int, staff: bool = False) -> stream.Part:
    p = arrangement.parameters
    out = stream.PartStaff(id=f"part{index}") if staff else stream.Part(id=f"part{index}")
    out.partName = part.name
    out.insert(0, _instrument(part))
    out.insert(0, music21_key(p.tonic, p.mode))
    out.insert(0, meter.TimeSignature(p.meter))
    low = len(part.pitches) and float(np.mean(part.pitches)) < 60
    out.insert(0, clef.BassClef() if low else clef.TrebleClef())
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
        out.insert(on / TICKS_PER_QUARTER, el)
    total = arrangement.melody.total_ticks / TICKS_PER_QUARTER
    end = out.highestTime
    if end < total:
        out.insert(end, note.Rest(quarterLength=total - end))
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
    """Return all parts' notes timed in seconds at the melody's tempo, in onset order."""
    base = arrangement.melody.to_performance()
    sec = 60.0 / arrangement.parameters.tempo / TICKS_PER_QUARTER
    rest = arrangement.parts[1:]
    on = np.concatenate([base.onsets] + [p.onsets * sec for p in rest])
    dur = np.concatenate([base.durations] + [p.lengths * sec for p in rest])
    pit = np.concatenate([base.pitches] + [p.pitches for p in rest])
    vel = np.concatenate([base.velocities] + [np.clip(p.velocities, 1, 127) for p in rest])
    arts = list(base.articulations) + ["legato"] * int(sum(len(p.pitches) for p in rest))
    order = np.argsort(on, kind="stable")
    return Performance(on[order], dur[order], pit[order], vel[order], tuple(arts[i] for i in order),
                       base.length, base.bar_lines, title=base.title)
