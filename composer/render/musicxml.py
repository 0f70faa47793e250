"""``write_musicxml``: a score written as MusicXML by music21, its notation made measure by measure.

music21's exporter first makes the notation of the whole score (rests, beams, stem
directions, accidentals): for every measure it looks up the time signature and the clef in
force, and when those live in an earlier measure each look-up scans the whole part, so
writing costs more per bar the longer the piece (``benchmarks/batch.py`` on a loaded 2-core
machine: 8 ms per bar at 100 bars, 12 at 1,000; 19 at 3,000 in a separate check). For a score whose parts are full measures of
plain durations (as ``melody_to_stream`` and ``sections_to_stream`` build them), this module makes the same
notation itself, carrying the time signature, the clef and the key from measure to measure,
and lets the exporter write without remaking it: the same file, in time linear in the
length. Any other score (voices, a measure not full, a duration that must be split or is a
tuplet or a grace note, parts not in measures) goes through music21's own path unchanged.
Python's cyclic garbage collector is paused while music21 builds and writes the score's
objects (its full passes over a growing heap are the other cost that grows with the length).
"""

from __future__ import annotations

__all__ = ["write_musicxml", "gc_paused", "notated_in_place"]

import contextlib
import gc
import os
from collections.abc import Iterator
from typing import Any

from music21 import beam, clef, meter, stream
from music21.common.numberTools import opFrac
from music21.stream import makeNotation


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block (if it was on).

    music21 builds many small objects in reference cycles; the collector's full passes over
    them, repeated as the heap grows, make a long score's writing cost grow faster than its
    length. Reference counting still frees everything not in a cycle meanwhile.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _measures(part: stream.Stream) -> list[stream.Measure] | None:
    """The part's measures when they hold the whole of its music; else None."""
    measures = list(part.getElementsByClass(stream.Measure))
    if not measures or any(isinstance(e, stream.Stream) and not isinstance(e, stream.Measure) for e in part):
        return None
    if part.notesAndRests.first() is not None:  # a note outside the measures
        return None
    return measures


def _plain(m: stream.Measure, ts: meter.TimeSignature) -> bool:
    """Whether ``m`` is full, one voice, and every duration one written note (no split, tuplet or grace)."""
    notes = list(m.notesAndRests)
    filled = opFrac(opFrac(sum(n.duration.quarterLength for n in notes)))
    return (filled == ts.barDuration.quarterLength == m.highestTime and not m.hasVoices()
            and all(n.duration.type not in ("complex", "inexpressible", "zero") and not n.duration.tuplets
                    and not n.duration.isGrace for n in notes))


def _beam_measure(m: stream.Measure, ts: meter.TimeSignature) -> None:
    """Beams of one full measure (:func:`_plain`), as ``makeNotation.makeBeams`` sets them."""
    notes = list(m.notesAndRests)
    if len(notes) <= 1:
        return
    offset: Any = opFrac(m.paddingLeft) if m.paddingLeft != 0.0 else 0.0
    for n, b in zip(notes, ts.getBeams(notes, measureStartOffset=offset)):
        n.beams = b if b is not None else beam.Beams()


def _stem_groups(measures: list[stream.Measure], clefs: list[clef.Clef]) -> None:
    """Every beam group's stems one way, as ``makeNotation.setStemDirectionForBeamGroups`` sets them:
    groups as ``iterateBeamGroups`` finds them, with the clef in force at each measure."""
    group: list[Any] = []
    in_group = False
    group_clef = clefs[0]
    for m, clef_now in zip(measures, clefs):
        for n in m.notes:
            kind = n.beams.getTypeByNumber(1) if n.beams and n.beams.getByNumber(1) else None
            if kind == "start":
                in_group = True
            if in_group:
                if not group:
                    group_clef = clef_now
                group.append(n)
            if kind == "stop":
                _stem_group(group, group_clef)
                group, in_group = [], False
    _stem_group(group, group_clef)


def _stem_group(group: list[Any], clef_now: clef.Clef) -> None:
    """One beam group's stems all one way, the way the clef gives for its pitches (``setStemDirectionOneGroup``)."""
    if not group:
        return
    directions = {n.stemDirection for n in group if n.stemDirection in ("up", "down", "unspecified")}
    consistent = "unspecified" not in directions and len(directions) < 2
    pitches = [p for n in group for p in n.pitches]
    if not pitches:
        return
    way = clef_now.getStemDirectionForPitches(pitches)
    for n in group:
        if n.stemDirection in ("up", "down") and consistent:
            continue
        if n.stemDirection in ("up", "down", "unspecified"):
            n.stemDirection = way


def notated_in_place(score: stream.Score) -> bool:
    """Make ``score``'s beams, stems and accidentals measure by measure, in place; False (and nothing
    changed) if a part is not complete measures, so music21 must make the notation itself."""
    parts = list(score.parts)
    found = [_measures(p) for p in parts]
    if not parts or any(f is None for f in found):
        return False
    plans = []
    for measures in found:
        assert measures is not None
        ts, clef_now = measures[0].timeSignature, measures[0].clef
        if ts is None or clef_now is None:
            return False
        plan = []
        for m in measures:
            ts, clef_now = m.timeSignature or ts, m.clef or clef_now
            if not _plain(m, ts):
                return False
            plan.append((m, ts, clef_now))
        plans.append(plan)
    for part, plan in zip(parts, plans):
        for m, ts, _ in plan:
            _beam_measure(m, ts)
        _stem_groups([m for m, _, _ in plan], [c for _, _, c in plan])
        part.streamStatus.beams = True
        makeNotation.makeAccidentalsInMeasureStream(part)
    return True


def write_musicxml(score: stream.Score, path: str | os.PathLike[str]) -> None:
    """Write ``score`` to ``path`` as MusicXML (compressed when the name ends in ``.mxl``), the
    notation made measure by measure where the score allows (see the module's docstring).

    ``score`` is changed: its notation is made in place (``Melody.to_stream`` gives a fresh one).
    """
    with gc_paused():
        fast = notated_in_place(score)
        score.write("musicxml", fp=path, makeNotation=not fast)
