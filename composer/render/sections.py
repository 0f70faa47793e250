"""Several melodies one after another as one score and one performance: the sections of a piece.

``sections_to_stream`` builds one music21 ``Score`` with one part: each section's measures
(as ``melody_to_stream`` makes them) follow the previous ones, numbered on; a section
starts with a rehearsal mark for its label, and carries a key signature, time signature,
clef or dynamic only where it differs from what is in force; metronome marks follow each
section's tempo map: a section's tempo as a whole number of beats per minute (the beat of
its metre: a dotted quarter in 6/8; the exact tempo sounds in MIDI and MusicXML's
``<sound tempo>``), and where it ramps to the next section's tempo the word *accel.* or
*rit.* with one unprinted, sounding mark per beat, the next section's mark showing the
target; a double bar line ends every section but the last, which gets the final
bar line. ``sections_performance`` times the same notes in seconds with the same tempo
maps, so audio and piano rolls match the score.
"""

from __future__ import annotations

__all__ = ["ScoreSection", "sections_to_stream", "sections_performance"]

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from music21 import bar, clef, dynamics, expressions, instrument, key, metadata, meter, stream, tempo

from composer.errors import RenderError
from composer.render.performance import Performance, concatenate
from composer.render.stream import melody_to_stream, shown_tempo, tempo_mark
from composer.theory.meter import get_meter
from composer.theory.tempo import TempoMap, check_tempo_map, tick_seconds

if TYPE_CHECKING:
    from composer.render.protocols import NoteLine


@dataclass(frozen=True)
class ScoreSection:
    """One section of a multi-section score.

    Attributes
    ----------
    melody : NoteLine
        Its notes, key, mode, meter and dynamics.
    label : str or None
        Rehearsal mark at its first bar (None: no mark, e.g. for a silence between cues).
    tempo_map : tuple of (int, float)
        ``(tick from the section's start, quarter notes per minute)`` marks, the first at
        tick 0 (see ``composer.theory.tempo``); empty: the melody's tempo throughout.
    """

    melody: "NoteLine"
    label: str | None = None
    tempo_map: TempoMap = field(default=())

    def marks(self) -> TempoMap:
        """The tempo map, or the melody's tempo as one mark at tick 0."""
        if not self.tempo_map:
            return ((0, float(self.melody.parameters.tempo)),)
        try:
            return check_tempo_map(self.tempo_map)
        except ValueError as e:
            raise RenderError(f"section {self.label!r}: {e}") from None


def _same(a: object, b: object) -> bool:
    """Whether two notation marks say the same thing (so the second need not be written)."""
    if a is None or b is None or type(a) is not type(b):
        return False
    if isinstance(a, key.KeySignature):
        return a.sharps == b.sharps and getattr(a, "mode", None) == getattr(b, "mode", None) \
            and getattr(getattr(a, "tonic", None), "name", None) == getattr(getattr(b, "tonic", None), "name", None)
    if isinstance(a, meter.TimeSignature):
        return a.ratioString == b.ratioString
    if isinstance(a, dynamics.Dynamic):
        return a.value == b.value
    return isinstance(a, clef.Clef)


def sections_to_stream(sections: Sequence[ScoreSection], *, title: str | None = None,
                       instrument_name: str | None = None, custom: dict[str, object] | None = None) -> stream.Score:
    """Return the sections as one music21 ``Score`` with one part (see the module's docstring).

    Parameters
    ----------
    sections : sequence of ScoreSection
        At least one, in order.
    title : str, optional
        The score's title.
    instrument_name : str, optional
        A music21 instrument name for the part; by default the first section's style
        instrument (see ``melody_to_stream``).
    custom : dict, optional
        Extra metadata fields (MusicXML keeps them as ``<miscellaneous-field>`` s).

    Returns
    -------
    music21.stream.Score

    Raises
    ------
    RenderError
        If there are no sections, a tempo map is malformed, or a melody cannot be rendered.
    """
    if not sections:
        raise RenderError("a score needs at least one section")
    part = stream.Part(id="melody")
    in_force: dict[type, object] = {}
    current_tempo: float | None = None
    number = 1
    spanners = []
    for i, sec in enumerate(sections):
        marks = sec.marks()
        src = melody_to_stream(sec.melody, instrument_name=instrument_name,
                               phrase_bars=sec.melody.parameters.phrase_bars).parts[0]
        if i == 0:
            for inst in src.getElementsByClass(instrument.Instrument):
                part.insert(0, inst)
                part.partName = inst.instrumentName
        spanners.extend(src.spanners)
        measures = list(src.getElementsByClass(stream.Measure))
        first = measures[0]
        for mm in list(first.getElementsByClass(tempo.MetronomeMark)):
            first.remove(mm)
        for cls in (clef.Clef, key.KeySignature, meter.TimeSignature, dynamics.Dynamic):
            for el in list(first.getElementsByClass(cls)):
                if _same(in_force.get(cls), el):
                    first.remove(el)
                else:
                    in_force[cls] = el
        if sec.label:
            first.insert(0, expressions.RehearsalMark(sec.label))
        meter_name = sec.melody.parameters.meter
        bar_ticks = get_meter(meter_name).bar_ticks
        for j, (tick, bpm) in enumerate(marks):
            b, within = divmod(tick, bar_ticks)
            if b >= len(measures):
                raise RenderError(f"section {sec.label!r}: a tempo mark at tick {tick} lies after its last bar")
            if j == 0:  # the section's tempo, shown unless the same number is in force
                same = current_tempo is not None and abs(current_tempo - bpm) < 1e-9
                shown = current_tempo is None or shown_tempo(bpm, meter_name) != shown_tempo(current_tempo, meter_name)
                if shown or not same:
                    measures[b].insert(within / 4, tempo_mark(bpm, meter_name, shown=shown))
            else:  # a ramp's steps sound but are not printed: the words, then the next section's mark
                measures[b].insert(within / 4, tempo_mark(bpm, meter_name, shown=False))
                if j == 1:
                    measures[b].insert(within / 4, expressions.TextExpression("accel." if bpm > marks[0][1] else "rit."))
            current_tempo = bpm
        if i < len(sections) - 1:
            measures[-1].rightBarline = bar.Barline("double")
        for m in measures:
            m.number = number
            number += 1
        part.append(measures)
    for sp in spanners:
        part.insert(0, sp)
    md = metadata.Metadata()
    md.title = title or f"composer: a piece in {len(sections)} sections"
    md.composer = "composer"
    for name, value in (custom or {}).items():
        md.setCustom(name, str(value))
    score = stream.Score(id="composer")
    score.insert(0, md)
    score.insert(0, part)
    return score


def _section_performance(sec: ScoreSection) -> Performance:
    mel = sec.melody
    marks = sec.marks()
    p = mel.parameters
    sounding = mel.pitches >= 0
    onset_ticks = mel.onsets
    starts = tick_seconds(marks, onset_ticks)
    ends = tick_seconds(marks, onset_ticks + mel.ticks)
    bar_ticks = get_meter(p.meter).bar_ticks
    n_bars = max(1, -(-mel.total_ticks // bar_ticks))
    bar_lines = tick_seconds(marks, np.minimum(np.arange(n_bars + 1) * bar_ticks, mel.total_ticks))
    return Performance(
        onsets=starts[sounding],
        durations=(ends - starts)[sounding],
        pitches=mel.pitches[sounding],
        velocities=np.clip(mel.velocities[sounding], 1, 127),
        articulations=(p.articulation,) * int(sounding.sum()),
        length=float(tick_seconds(marks, np.array([mel.total_ticks]))[0]),
        bar_lines=bar_lines,
        instrument=p.instrument,
    )


def sections_performance(sections: Sequence[ScoreSection], *, title: str = "",
                         curve: np.ndarray | None = None) -> Performance:
    """Return the sections' notes timed in seconds with their tempo maps, one after another.

    Parameters
    ----------
    sections : sequence of ScoreSection
        At least one.
    title : str, optional
        Title for plots.
    curve : ndarray of float64, shape (m, 3), optional
        (time in seconds, valence, arousal) rows of the emotion the piece follows.

    Returns
    -------
    Performance
        ``concatenate`` of the sections' performances; ``length`` is the sum of their lengths.
    """
    if not sections:
        raise RenderError("a performance needs at least one section")
    joined = concatenate([_section_performance(s) for s in sections], title=title)
    if curve is None:
        return joined
    return Performance(onsets=joined.onsets, durations=joined.durations, pitches=joined.pitches,
                       velocities=joined.velocities, articulations=joined.articulations, length=joined.length,
                       bar_lines=joined.bar_lines, curve=np.asarray(curve, dtype=np.float64), title=title,
                       instrument=joined.instrument)
