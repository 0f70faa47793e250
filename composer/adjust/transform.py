"""The transforms, applied bar by bar to the private copy of the score (pitched parts only).

Each function takes the :class:`~composer.adjust.read.Source` and the per-bar plans and
changes ``source.score`` in place; a bar whose plan leaves an aspect alone is not touched,
so strength 0 leaves every note, mark and tempo exactly as it was.
"""

from __future__ import annotations

__all__ = ["apply_pitches", "apply_keys", "apply_tempo", "apply_velocity", "apply_articulation", "bar_of"]

from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

import numpy as np

from composer.adjust.pitch import NATURAL_PC, map_pitch, midi_of
from composer.adjust.plan import DEFAULT_VELOCITY, BarPlan
from composer.adjust.read import KeySpan, Source
from composer.theory.spelling import spell_pitch

_LETTERS = "CDEFGAB"
_M21_MODE = {"ionian": "major", "aeolian": "minor", "harmonic_minor": "minor"}


def bar_of(source: Source, offset: float) -> int:
    """Index of the bar holding quarter-note ``offset``."""
    return max(0, bisect_right(source.bar_starts, offset + 1e-9) - 1)


def _notes(source: Source):
    """(part, note or chord, offset from the start) of every pitched note, in part order."""
    from music21 import harmony

    parts = list(source.score.parts)
    for i in source.pitched:
        for n in parts[i].recurse().notes:
            if n.pitches and not isinstance(n, harmony.Harmony):  # chord symbols, unpitched drums left as written
                yield i, n, float(n.getOffsetInHierarchy(parts[i]))


def _spelled(p: Any, source: Source, k: KeySpan) -> tuple[int, int, int]:
    if source.from_midi:
        s = spell_pitch(int(p.midi), k.tonic, k.mode)
        return _LETTERS.index(s.letter), int(s.alter), int(s.octave)
    alter = int(round(p.accidental.alter)) if p.accidental is not None else 0
    octave = p.octave if p.octave is not None else p.implicitOctave
    return _LETTERS.index(p.step), alter, int(octave)


def apply_pitches(source: Source, plans: Sequence[BarPlan]) -> None:
    """Map every pitch of a bar whose mode or register changes (see :mod:`composer.adjust.pitch`)."""
    from music21 import pitch

    for _, n, offset in _notes(source):
        bar = bar_of(source, offset)
        plan, k = plans[bar], source.key_of_bar(bar)
        if plan.mode == k.mode and plan.steps == 0:
            continue
        for p in n.pitches:
            letter, alter, octave = map_pitch(*_spelled(p, source, k), tonic_pc=k.tonic,
                                              tonic_letter=k.tonic_letter, source=k.mode,
                                              target=plan.mode, steps=plan.steps)
            midi = midi_of(letter, alter, octave)
            if not 0 <= midi <= 127:  # off the MIDI range: keep the note where it was
                continue
            p.step = _LETTERS[letter]
            p.octave = octave
            p.accidental = pitch.Accidental(alter) if alter else None


def _key(k: KeySpan, mode: str):
    from music21 import key

    tonic_alter = (k.tonic - NATURAL_PC[k.tonic_letter] + 6) % 12 - 6
    name = _LETTERS[k.tonic_letter] + ("#" * tonic_alter if tonic_alter > 0 else "-" * -tonic_alter)
    return key.Key(name, _M21_MODE.get(mode, mode))


def apply_keys(source: Source, plans: Sequence[BarPlan]) -> None:
    """Write the key of each run of bars whose mode changed, at the run's first bar line.

    Where any bar's mode changes, every key of the pitched parts is rewritten: the input's
    own key changes stay where they were, in each span's new mode.
    """
    from music21 import key, stream

    if all(p.mode == source.key_of_bar(b).mode for b, p in enumerate(plans)):
        return
    parts = list(source.score.parts)
    for i in source.pitched:
        measures = list(parts[i].getElementsByClass(stream.Measure))
        for k in list(parts[i].recurse().getElementsByClass((key.Key, key.KeySignature))):
            k.activeSite.remove(k)
        previous = None
        for b, m in enumerate(measures):
            b = min(b, len(plans) - 1)
            now = (source.key_of_bar(b), plans[b].mode)
            if now != previous:
                m.insert(0, _key(*now))
                previous = now


def apply_tempo(source: Source, plans: Sequence[BarPlan]) -> None:
    """Scale the tempo map bar by bar; new marks only at bar lines (and where the input had one)."""
    from music21 import stream, tempo

    if all(p.tempo_factor == 1.0 for p in plans):
        return
    tempi = source.notes.tempi  # rows (start, end, bpm), quarter notes
    parts = list(source.score.parts)
    for mm in list(source.score.recurse().getElementsByClass(tempo.MetronomeMark)):
        mm.activeSite.remove(mm)
    for mm in list(source.score.recurse().getElementsByClass(tempo.TempoIndication)):
        mm.activeSite.remove(mm)
    measures = list(parts[source.pitched[0]].getElementsByClass(stream.Measure))

    def bpm_at(offset: float) -> float:
        row = int(np.clip(np.searchsorted(tempi[:, 0], offset + 1e-9, side="right") - 1, 0, len(tempi) - 1))
        return float(tempi[row, 2])

    marks: dict[float, float] = {}
    previous = None
    for b, start in enumerate(source.bar_starts):
        value = round(bpm_at(start) * plans[b].tempo_factor, 2)
        if value != previous:
            marks[start] = value
            previous = value
    for start, end, bpm in tempi:  # the input's own changes inside a bar, scaled by that bar's factor
        if float(start) not in marks and bar_of(source, float(start)) < len(plans):
            marks[float(start)] = round(float(bpm) * plans[bar_of(source, float(start))].tempo_factor, 2)
    for offset, bpm in sorted(marks.items()):
        m = measures[min(bar_of(source, offset), len(measures) - 1)]
        m.insert(offset - float(m.offset), tempo.MetronomeMark(number=bpm))


def apply_velocity(source: Source, plans: Sequence[BarPlan], base: float) -> None:
    """Add each bar's velocity change to its notes (clipped to 1..127); ``base`` where a note has none.

    Written dynamic marks in those bars are replaced by the mark nearest their velocity
    plus the change (``mf`` softened by 30 becomes ``p``).
    """
    if all(p.velocity_delta == 0 for p in plans):
        return
    from music21 import dynamics

    from composer.render.stream import dynamic_for_velocity

    base = base if np.isfinite(base) else DEFAULT_VELOCITY
    for _, n, offset in _notes(source):
        delta = plans[bar_of(source, offset)].velocity_delta
        if delta:
            v = n.volume.velocity if n.volume.velocity is not None else base
            n.volume.velocity = int(np.clip(round(v + delta), 1, 127))
    parts = list(source.score.parts)
    for i in source.pitched:  # the written marks follow the velocities, so the score reads as it sounds
        for d in list(parts[i].recurse().getElementsByClass(dynamics.Dynamic)):
            delta = plans[min(bar_of(source, float(d.getOffsetInHierarchy(parts[i]))), len(plans) - 1)].velocity_delta
            if delta and d.volumeScalar is not None:
                new = dynamic_for_velocity(float(np.clip(d.volumeScalar * 127 + delta, 1, 127)))
                if new.value != d.value:
                    site, at = d.activeSite, d.offset
                    site.remove(d)
                    site.insert(at, new)


def apply_articulation(source: Source, plans: Sequence[BarPlan], ratio_now: float) -> None:
    """Move each bar's mean sounding/onset-gap ratio by its plan's ``articulation_delta``.

    Shorter: staccato marks (which halve the sounding length) on an evenly spread share
    of the bar's notes. Longer: staccato marks removed first, then notes that stop before
    the next onset (as MIDI notes do) held toward it, within their bar.
    """
    from music21 import articulations

    if all(p.articulation_delta == 0 for p in plans):
        return
    parts = list(source.score.parts)
    for i in source.pitched:
        items = [(n, o) for j, n, o in _notes(source) if j == i and n.quarterLength > 0]
        onsets = np.unique([o for _, o in items])
        by_bar: dict[int, list] = {}
        for n, o in items:
            by_bar.setdefault(bar_of(source, o), []).append((n, o))
        for b, group in by_bar.items():
            delta = plans[min(b, len(plans) - 1)].articulation_delta
            if delta < 0:
                share = min(1.0, -delta / (0.5 * max(ratio_now, 1e-6)))
                marked = 0
                for j, (n, _) in enumerate(group):
                    if int((j + 1) * share) > marked:
                        marked += 1
                        if not any(isinstance(a, articulations.Staccato) for a in n.articulations):
                            n.articulations.append(articulations.Staccato())
            elif delta > 0:
                remaining = delta * len(group)
                for n, _ in group:
                    st = [a for a in n.articulations if isinstance(a, articulations.Staccato)]
                    if st and remaining > 0:
                        for a in st:
                            n.articulations.remove(a)
                        remaining -= 0.5
                if remaining <= 0:
                    continue
                end_of_bar = source.bar_starts[b + 1] if b + 1 < len(source.bar_starts) else float("inf")
                short = []
                for n, o in group:
                    k = int(np.searchsorted(onsets, o, side="right"))
                    if k < len(onsets) and onsets[k] <= end_of_bar + 1e-9 and n.quarterLength < onsets[k] - o:
                        short.append((n, float(onsets[k] - o)))
                shortfall = sum(1 - float(n.quarterLength) / gap for n, gap in short)
                if shortfall > 0:
                    q = min(1.0, remaining / shortfall)
                    for n, gap in short:
                        n.quarterLength = float(n.quarterLength) + q * (gap - float(n.quarterLength))
