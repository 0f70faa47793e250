"""Plain checks of every hard constraint on a melody as music (MIDI pitches and tick lengths).

Written from the constraint table (``docs/rules.md``), independently of the kernel's
masks: the tests check every returned melody with it, and ``compile_problem`` uses it
to refuse a motif that breaks a hard constraint.
"""

from __future__ import annotations

__all__ = ["hard_violations", "cadence_pitch_classes", "option"]

from collections.abc import Sequence

import numpy as np

from composer.rules.constraints import Constraint
from composer.rules.parameters import Parameters
from composer.theory.meter import get_meter
from composer.theory.scales import MODES

#: Options of each constraint kind and their defaults (``None``: taken from the parameters).
OPTION_DEFAULTS: dict[str, dict[str, object]] = {
    "max_leap": {"semitones": None},
    "max_repeats": {"count": 2},
    "cadence": {"phrase_bars": 4},
    "leap_recovery": {"min_leap": 5},
    "contour": {"shape": "arch"},
    "leap_size": {"semitones": 4.0},
}


def option(constraint: Constraint, name: str, parameters: Parameters | None = None) -> object:
    """Return option ``name`` of ``constraint``, or its default."""
    value = (constraint.options or {}).get(name, OPTION_DEFAULTS[constraint.kind][name])
    if value is None and constraint.kind == "max_leap" and parameters is not None:
        value = parameters.max_leap
    return value


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
    midi = [int(x) for x in midi]
    ticks = [int(x) for x in ticks]
    kinds = {c.kind: c for c in constraints}
    meter = get_meter(parameters.meter)
    total = bars * meter.bar_ticks
    onsets = list(np.concatenate(([0], np.cumsum(ticks)[:-1])).astype(int)) if ticks else []
    end = sum(ticks)
    scale = {(parameters.tonic + s) % 12 for s in MODES[parameters.mode]}
    out: list[str] = []
    sounding = [(i, m) for i, m in enumerate(midi) if m >= 0]
    ctx = [] if context_midi is None else [int(m) for m in context_midi]
    prev = next((m for m in reversed(ctx) if m >= 0), None)

    if end > total or (not partial and end != total):
        out.append(f"length: the events last {end} ticks, the {bars} bars {total}")
    for i, (m, t) in enumerate(zip(midi, ticks)):
        if t <= 0:
            out.append(f"event {i}: length {t} ticks is not positive")
        if m < 0:
            if no_double_rest and i > 0 and midi[i - 1] < 0:
                out.append(f"event {i}: two rests in a row")
            continue
        if "in_scale" in kinds and m % 12 not in scale:
            out.append(f"in_scale: event {i} (MIDI {m}) is not in {parameters.tonic_name} {parameters.mode}")
        if "range" in kinds and not parameters.low <= m <= parameters.high:
            out.append(f"range: event {i} (MIDI {m}) is outside {parameters.low}..{parameters.high}")
    if "max_leap" in kinds:
        limit = int(option(kinds["max_leap"], "semitones", parameters))  # type: ignore[arg-type]
        last = prev
        for i, m in sounding:
            if last is not None and abs(m - last) > limit:
                out.append(f"max_leap: event {i} leaps {abs(m - last)} semitones (at most {limit})")
            last = m
    if "max_repeats" in kinds:
        count = int(option(kinds["max_repeats"], "count"))  # type: ignore[arg-type]
        run, last = 0, None
        for i, m in sounding:
            run = run + 1 if m == last else 1
            last = m
            if run > count:
                out.append(f"max_repeats: event {i} sounds MIDI {m} for the {run}th time in a row (at most {count})")
    if "fill_bars" in kinds:
        for i, (o, t) in enumerate(zip(onsets, ticks)):
            if o // meter.bar_ticks != (o + t - 1) // meter.bar_ticks:
                out.append(f"fill_bars: event {i} crosses a bar line")
    if "strong_start" in kinds and midi and midi[0] < 0:
        out.append("strong_start: the first event is a rest")
    if not partial and "final_tonic" in kinds and midi and (midi[-1] < 0 or midi[-1] % 12 != parameters.tonic):
        out.append(f"final_tonic: the last event ({midi[-1]}) is not a {parameters.tonic_name}")
    if "cadence" in kinds:
        phrase = int(option(kinds["cadence"], "phrase_bars")) * meter.bar_ticks  # type: ignore[arg-type]
        inner, final = cadence_pitch_classes(parameters.mode)
        ends = sorted(set(range(phrase, total, phrase)) | {total})
        for t_end in ends:
            if t_end > end:
                break
            i = next(j for j, (o, t) in enumerate(zip(onsets, ticks)) if o < t_end <= o + t)
            m, o, t = midi[i], onsets[i], ticks[i]
            allowed = final if t_end == total else inner
            where = f"cadence: the phrase end at tick {t_end}"
            if m < 0:
                out.append(f"{where} falls on a rest (event {i})")
                continue
            if o % meter.bar_ticks not in meter.strong_ticks:
                out.append(f"{where}: event {i} starts off the strong beats")
            if t < meter.beat_ticks:
                out.append(f"{where}: event {i} lasts less than a beat")
            if (m - parameters.tonic) % 12 not in allowed:
                out.append(f"{where}: event {i} (MIDI {m}) is not a stable degree")
    return out
