"""Plain checks of every hard constraint on a melody as music (MIDI pitches and tick lengths).

Written from the constraint table (``composer.rules.constraints``), independently of the
kernel's masks: one checker per hard kind in :data:`CHECKERS`. The tests check every
returned melody with them, ``compile_problem`` uses them to refuse a motif that
breaks a hard constraint, and ``composer.testing.CONSTRAINT_CHECKS`` takes its verdicts
from them (worded by its predicates).
"""

from __future__ import annotations

__all__ = ["hard_violations", "read_events", "cadence_pitch_classes", "option", "CHECKERS", "Events"]

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from composer.rules.constraints import Constraint, option_value
from composer.rules.parameters import Parameters
from composer.theory.meter import Meter, get_meter
from composer.theory.scales import MODES


def option(constraint: Constraint, name: str, parameters: Parameters | None = None) -> object:
    """Return option ``name`` of ``constraint``, or its registry default (see ``rules.constraints.option_value``)."""
    return option_value(constraint, name, parameters)


def cadence_pitch_classes(mode: str) -> tuple[frozenset[int], frozenset[int]]:
    """Return the pitch classes (semitones above the tonic) allowed at inner and at final phrase ends.

    Inner ends: the tonic triad's root, third and fifth, and the 2nd degree (half
    cadence on the 5th is already in the triad). The final end: the tonic alone.
    For scales without a plain third, fifth or second (pentatonic, locrian, phrygian)
    the neighbouring interval in the scale stands in; a degree the scale lacks is left out.
    """
    scale = set(MODES[mode])
    inner = {0}
    for choices in ((4, 3), (7, 6, 8), (2, 1)):  # third, fifth, second
        for c in choices:
            if c in scale:
                inner.add(c)
                break
    return frozenset(inner), frozenset({0})


def hard_violations(
    midi: Sequence[int] | np.ndarray,
    ticks: Sequence[int] | np.ndarray,
    parameters: Parameters,
    constraints: Sequence[Constraint],
    *,
    bars: int,
    context_midi: Sequence[int] | np.ndarray | None = None,
    partial: bool = False,
    no_double_rest: bool = True,
) -> list[str]:
    """List every hard constraint a melody breaks (empty when it keeps them all).

    Parameters
    ----------
    midi : sequence of int, shape (n,)
        MIDI pitch of each event, -1 for a rest.
    ticks : sequence of int, shape (n,)
        Length of each event in sixteenth-note ticks.
    parameters : Parameters
        Key, mode, range, meter and ``max_leap``.
    constraints : sequence of Constraint
        The active constraints (soft ones are ignored).
    bars : int
        Length the melody must fill.
    context_midi : sequence of int, optional
        Events before the melody (MIDI, -1 rests): the leap from its last sounding note counts.
    partial : bool
        Check a beginning (a motif): the conditions on the end are not checked.
    no_double_rest : bool
        Also refuse two rests in a row (the search never writes them).

    Returns
    -------
    list of str
        One message per violation, naming the constraint and the event (0-based).
    """
    ev = read_events(midi, ticks, parameters, bars=bars, context_midi=context_midi, partial=partial)
    midi, ticks = ev.midi, ev.ticks
    out: list[str] = []
    if ev.end > ev.total or (not partial and ev.end != ev.total):
        out.append(f"length: the events last {ev.end} ticks, the {bars} bars {ev.total}")
    for i, (m, t) in enumerate(zip(midi, ticks)):
        if t <= 0:
            out.append(f"event {i}: length {t} ticks is not positive")
        if m < 0 and no_double_rest and i > 0 and midi[i - 1] < 0:
            out.append(f"event {i}: two rests in a row")
    for c in {c.kind: c for c in constraints}.values():  # a kind given twice: the last one counts
        if c.kind in CHECKERS:
            out += CHECKERS[c.kind](ev, c)
    return out


def read_events(
    midi: Sequence[int] | np.ndarray,
    ticks: Sequence[int] | np.ndarray,
    parameters: Parameters,
    *,
    bars: int | None = None,
    context_midi: Sequence[int] | np.ndarray | None = None,
    partial: bool = False,
) -> Events:
    """A melody as the checkers read it.

    Parameters
    ----------
    midi, ticks : sequence of int, shape (n,)
        MIDI pitch of each event (-1 rests) and its length in sixteenth-note ticks.
    parameters : Parameters
    bars : int, optional
        Length the melody must fill; ``None`` judges the melody at its own length (as
        ``composer.testing`` does: its bars are the ones it has).
    context_midi : sequence of int, optional
        Events before the melody (MIDI, -1 rests).
    partial : bool
        A beginning (a motif): the conditions on the end are not checked.
    """
    midi = [int(x) for x in midi]
    ticks = [int(x) for x in ticks]
    meter = get_meter(parameters.meter)
    end = sum(ticks)
    ctx = [] if context_midi is None else [int(m) for m in context_midi]
    return Events(midi=midi, ticks=ticks, parameters=parameters, meter=meter,
                  total=end if bars is None else bars * meter.bar_ticks,
                  onsets=list(np.concatenate(([0], np.cumsum(ticks)[:-1])).astype(int)) if ticks else [],
                  end=end, partial=partial, bars=-(-end // meter.bar_ticks) if bars is None else bars,
                  previous=next((m for m in reversed(ctx) if m >= 0), None))


@dataclass(frozen=True)
class Events:
    """A melody as the checkers read it.

    Attributes
    ----------
    midi, ticks, onsets : list of int, length n
        MIDI pitch (-1 rests), length and onset of each event, in sixteenth-note ticks.
    parameters : Parameters
    meter : Meter
    total, end : int
        Ticks the melody must fill, and ticks its events last.
    bars : int
    partial : bool
        A beginning (a motif): conditions on the end are not checked.
    previous : int or None
        The last sounding MIDI pitch of the context before the melody.
    """

    midi: list[int]
    ticks: list[int]
    parameters: Parameters
    meter: Meter
    total: int
    onsets: list[int]
    end: int
    partial: bool
    bars: int
    previous: int | None

    @property
    def sounding(self) -> list[tuple[int, int]]:
        """``(index, MIDI)`` of every note, rests skipped."""
        return [(i, m) for i, m in enumerate(self.midi) if m >= 0]


def _check_in_scale(ev: Events, c: Constraint) -> list[str]:
    p = ev.parameters
    scale = {(p.tonic + s) % 12 for s in MODES[p.mode]}
    return [f"in_scale: event {i} (MIDI {m}) is not in {p.tonic_name} {p.mode}"
            for i, m in ev.sounding if m % 12 not in scale]


def _check_range(ev: Events, c: Constraint) -> list[str]:
    p = ev.parameters
    return [f"range: event {i} (MIDI {m}) is outside {p.low}..{p.high}"
            for i, m in ev.sounding if not p.low <= m <= p.high]


def _check_max_leap(ev: Events, c: Constraint) -> list[str]:
    limit = int(option(c, "semitones", ev.parameters))  # type: ignore[arg-type]
    out, last = [], ev.previous
    for i, m in ev.sounding:
        if last is not None and abs(m - last) > limit:
            out.append(f"max_leap: event {i} leaps {abs(m - last)} semitones (at most {limit})")
        last = m
    return out


def _check_max_repeats(ev: Events, c: Constraint) -> list[str]:
    count = int(option(c, "count"))  # type: ignore[arg-type]
    out, run, last = [], 0, None
    for i, m in ev.sounding:
        run = run + 1 if m == last else 1
        last = m
        if run > count:
            out.append(f"max_repeats: event {i} sounds MIDI {m} for the {run}th time in a row (at most {count})")
    return out


def _check_fill_bars(ev: Events, c: Constraint) -> list[str]:
    bar = ev.meter.bar_ticks
    out = [f"fill_bars: event {i} crosses a bar line"
           for i, (o, t) in enumerate(zip(ev.onsets, ev.ticks)) if o // bar != (o + t - 1) // bar]
    if not ev.partial and ev.end % bar:
        out.append(f"fill_bars: the events last {ev.end} ticks, not whole bars of {bar}")
    return out


def _check_strong_start(ev: Events, c: Constraint) -> list[str]:
    return ["strong_start: the first event is a rest"] if ev.midi and ev.midi[0] < 0 else []


def _check_final_tonic(ev: Events, c: Constraint) -> list[str]:
    m, p = ev.midi, ev.parameters
    if not ev.partial and m and (m[-1] < 0 or m[-1] % 12 != p.tonic):
        return [f"final_tonic: the last event ({m[-1]}) is not a {p.tonic_name}"]
    return []


def _check_cadence(ev: Events, c: Constraint) -> list[str]:
    p, meter = ev.parameters, ev.meter
    phrase = int(option(c, "phrase_bars", p)) * meter.bar_ticks  # type: ignore[arg-type]
    inner, final = cadence_pitch_classes(p.mode)
    out = []
    for t_end in sorted(set(range(phrase, ev.total, phrase)) | {ev.total}):
        if t_end > ev.end:
            break
        i = next(j for j, (o, t) in enumerate(zip(ev.onsets, ev.ticks)) if o < t_end <= o + t)
        m, o, t = ev.midi[i], ev.onsets[i], ev.ticks[i]
        allowed = final if t_end == ev.total else inner
        where = f"cadence: the phrase end at tick {t_end}"
        if m < 0:
            out.append(f"{where} falls on a rest (event {i})")
            continue
        if o % meter.bar_ticks not in meter.strong_ticks:
            out.append(f"{where}: event {i} starts off the strong beats")
        if t < meter.beat_ticks:
            out.append(f"{where}: event {i} lasts less than a beat")
        if (m - p.tonic) % 12 not in allowed:
            out.append(f"{where}: event {i} (MIDI {m}) is not a stable degree")
    return out


#: The plain check of each hard constraint kind: ``(events, constraint) -> messages``, one per
#: violation, naming the kind and the event (0-based).
CHECKERS: dict[str, Callable[[Events, Constraint], list[str]]] = {
    "in_scale": _check_in_scale,
    "range": _check_range,
    "max_leap": _check_max_leap,
    "fill_bars": _check_fill_bars,
    "final_tonic": _check_final_tonic,
    "strong_start": _check_strong_start,
    "max_repeats": _check_max_repeats,
    "cadence": _check_cadence,
}
