"""``melodies()``: melodies built by construction (a rhythm, then a walk over the scale that reaches the tonic).

Every choice is an index into options ordered from simplest to least simple (repeat the
note, then a step, then larger moves; the tonic nearest the middle first; one note per bar
first; no rest first), so hypothesis's shrinker, which lowers those indices, turns any
failing melody into a short, stepwise one that stays near the tonic.
"""

from __future__ import annotations

__all__ = ["melodies", "DEFAULT_MIN_PITCH", "DEFAULT_MAX_PITCH", "DEFAULT_MAX_LEAP", "GENERATED_STYLE"]

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from composer.affect import Affect
from composer.melody import Melody
from composer.rules.parameters import Parameters
from composer.testing._internal.keys import METER_ORDER, MODE_ORDER, by_distance, resolve_key, scale_notes
from composer.testing._internal.registry import composite_strategy
from composer.testing._internal.rhythms import DEFAULT_DURATIONS, check_bars, check_durations, draw_bar, fillable
from composer.testing._internal.validation import check_bool, check_integer, check_interval, check_meter
from composer.theory.meter import TICKS_PER_QUARTER, get_meter

#: Default MIDI range of drawn melodies: G3 to G5.
DEFAULT_MIN_PITCH, DEFAULT_MAX_PITCH = 55, 79
#: Default largest interval between successive notes: an octave.
DEFAULT_MAX_LEAP = 12
#: The ``style`` recorded on drawn melodies (they come from no style and no emotion).
GENERATED_STYLE = "composer.testing"
#: Odds of a rest where one may go: a rest when the drawn integer in 0..REST_ODDS is REST_ODDS.
REST_ODDS = 3


@dataclass(frozen=True)
class _Plan:
    tonics: tuple[int, ...]
    modes: tuple[str, ...]
    meters: tuple[str, ...]
    min_bars: int
    max_bars: int
    max_leap: int
    low: int
    high: int
    durations: tuple[int, ...]
    allow_rests: bool
    end_on_tonic: bool


def _plan(
    *,
    key: object = None,
    mode: object = None,
    meter: object = None,
    bars: object = None,
    min_bars: object = None,
    max_bars: object = None,
    max_leap: object = DEFAULT_MAX_LEAP,
    min_pitch: object = DEFAULT_MIN_PITCH,
    max_pitch: object = DEFAULT_MAX_PITCH,
    durations: object = DEFAULT_DURATIONS,
    allow_rests: object = True,
    end_on_tonic: object = True,
) -> _Plan:
    tonic, mode_ = resolve_key(key, mode, default_mode=None)
    meters = (check_meter(meter),) if meter is not None else METER_ORDER
    lo_bars, hi_bars = check_bars(bars, min_bars, max_bars)
    leap = check_integer(max_leap, "max_leap", 1, 24)
    low = check_integer(min_pitch, "min_pitch", 0, 127)
    high = check_integer(max_pitch, "max_pitch", 0, 127)
    check_interval(low, high, "min_pitch", "max_pitch")
    durs = check_durations(durations)
    check_bool(allow_rests, "allow_rests")
    check_bool(end_on_tonic, "end_on_tonic")
    meters = tuple(m for m in meters if fillable(get_meter(m).bar_ticks, durs)[-1])
    if not meters:
        raise InvalidArgument(f"durations={list(durs)!r} cannot fill a bar of the meter(s) asked for")
    present = {p % 12 for p in range(low, high + 1)}
    candidates = (tonic,) if tonic is not None else tuple(range(12))
    tonics = tuple(t for t in candidates if t in present)
    if not tonics:
        raise InvalidArgument(f"no tonic of key={key!r} lies in min_pitch={low}..max_pitch={high}; "
                              "a melody starts near and ends on a tonic inside its range")
    return _Plan(tonics, (mode_,) if mode_ is not None else MODE_ORDER, meters, lo_bars, hi_bars, leap,
                 low, high, durs, bool(allow_rests), bool(end_on_tonic))


def _moves_to_tonic(notes: list[int], tonic: int, max_leap: int) -> list[float]:
    """Fewest moves (each at most ``max_leap`` semitones) from each note to a tonic; inf when none reaches one."""
    dist = [float("inf")] * len(notes)
    queue: deque[int] = deque()
    for i, p in enumerate(notes):
        if p % 12 == tonic:
            dist[i] = 0
            queue.append(i)
    while queue:
        i = queue.popleft()
        for j, q in enumerate(notes):
            if abs(q - notes[i]) <= max_leap and dist[j] > dist[i] + 1:
                dist[j] = dist[i] + 1
                queue.append(j)
    return dist


def _draw_walk(draw: st.DrawFn, notes: list[int], tonic: int, n: int, max_leap: int, end_on_tonic: bool,
               centre: float) -> list[int]:
    """Draw ``n`` pitches from ``notes``: each move within ``max_leap``, the last a tonic when asked."""
    dist = _moves_to_tonic(notes, tonic, max_leap) if end_on_tonic else [0.0] * len(notes)
    tonics = [p for p in notes if p % 12 == tonic]
    home = by_distance(tonics, centre)[0]
    start = [p for p in by_distance(notes, home) if dist[notes.index(p)] <= n - 1]
    out = [start[draw(st.integers(0, len(start) - 1))]]
    for k in range(1, n):
        left = n - 1 - k
        cur = notes.index(out[-1])
        options = [j for j, q in enumerate(notes) if abs(q - notes[cur]) <= max_leap and dist[j] <= left]
        # Repeat first, then by scale steps, preferring the way back toward the home tonic.
        options.sort(key=lambda j: (abs(j - cur), abs(notes[j] - home), j))
        out.append(notes[options[draw(st.integers(0, len(options) - 1))]])
    return out


@composite_strategy(_plan)
def melodies(
    draw: st.DrawFn,
    *,
    key: int | str | object | None = None,
    mode: str | None = None,
    meter: str | None = None,
    bars: int | None = None,
    min_bars: int | None = None,
    max_bars: int | None = None,
    max_leap: int = DEFAULT_MAX_LEAP,
    min_pitch: int = DEFAULT_MIN_PITCH,
    max_pitch: int = DEFAULT_MAX_PITCH,
    durations: Sequence[int] = DEFAULT_DURATIONS,
    allow_rests: bool = True,
    end_on_tonic: bool = True,
) -> Melody:
    """Melodies as ``composer.Melody``, built by construction to keep the search's hard constraints.

    Every melody drawn is in its key's scale, inside ``min_pitch..max_pitch``, moves by at
    most ``max_leap`` semitones between successive notes (across rests), fills whole bars
    with no event crossing a bar line, starts with a note on the downbeat, never has two
    rests in a row, and (with ``end_on_tonic``) ends on the tonic. Its ``parameters``
    describe it (tonic, mode, meter, ``register``/``range`` giving exactly
    ``min_pitch..max_pitch``, ``max_leap``, a drawn tempo and velocity); its ``affect`` is
    neutral and its ``style`` is ``"composer.testing"``, as it comes from no emotion.

    Parameters
    ----------
    key : int, str, Key or None
        The tonic (pitch class 0..11, a name such as ``"F#"``, or a ``Key`` with its
        mode); None draws one among the tonics inside the range.
    mode : str or None
        A mode name; None draws one (shrinking toward ionian).
    meter : str or None
        A meter name; None draws one (shrinking toward 4/4).
    bars : int or None
        Exact number of bars; or ``min_bars``/``max_bars`` (default 1 to 4).
    max_leap : int
        Largest interval between successive notes, 1..24 semitones.
    min_pitch, max_pitch : int
        Inclusive MIDI range (default 55..79, G3 to G5).
    durations : sequence of int
        Allowed note and rest lengths in sixteenth-note ticks.
    allow_rests : bool
        Whether rests may occur (never first, never last, never two in a row).
    end_on_tonic : bool
        Whether the last note is the tonic.

    Shrinks toward one tonic note per bar; a counterexample that needs movement shrinks
    toward the fewest notes and the smallest steps that show it.

    Raises
    ------
    InvalidArgument
        For an unknown key, mode or meter, bad bounds, giving both ``bars`` and
        ``min_bars``/``max_bars``, a ``Key`` together with a different ``mode``, or a
        range with no tonic in it.
    """
    plan = _plan(key=key, mode=mode, meter=meter, bars=bars, min_bars=min_bars, max_bars=max_bars,
                 max_leap=max_leap, min_pitch=min_pitch, max_pitch=max_pitch, durations=durations,
                 allow_rests=allow_rests, end_on_tonic=end_on_tonic)
    tonic = draw(st.sampled_from(plan.tonics))
    mode_ = draw(st.sampled_from(plan.modes))
    meter_ = draw(st.sampled_from(plan.meters))
    bar_ticks = get_meter(meter_).bar_ticks
    ok = fillable(bar_ticks, plan.durations)
    n_bars = draw(st.integers(plan.min_bars, plan.max_bars))
    ticks: list[int] = []
    for _ in range(n_bars):
        ticks.extend(draw_bar(draw, bar_ticks, plan.durations, ok))
    rest = [False] * len(ticks)
    if plan.allow_rests:
        for i in range(1, len(ticks) - 1):
            if not rest[i - 1]:
                rest[i] = draw(st.integers(0, REST_ODDS)) == REST_ODDS
    n_notes = rest.count(False)
    centre = (plan.low + plan.high) / 2
    notes = scale_notes(tonic, mode_, plan.low, plan.high)
    walk = iter(_draw_walk(draw, notes, tonic, n_notes, plan.max_leap, plan.end_on_tonic, centre))
    pitches = [-1 if r else next(walk) for r in rest]
    tempo = float(draw(st.integers(60, 180)))
    velocity = draw(st.integers(40, 110))
    seconds = sum(ticks) / TICKS_PER_QUARTER * 60.0 / tempo
    parameters = Parameters(
        tempo=tempo, meter=meter_, mode=mode_, tonic=tonic, register=centre, range=plan.high - plan.low,
        density=n_notes / seconds, velocity=velocity, articulation="normal", max_leap=plan.max_leap,
        rests=0.5 if plan.allow_rests else 0.0,
    )
    return Melody(
        pitches=np.array(pitches, dtype=np.int64),
        ticks=np.array(ticks, dtype=np.int64),
        velocities=np.array([0 if r else velocity for r in rest], dtype=np.int64),
        parameters=parameters,
        affect=Affect(0.0, 0.0),
        style=GENERATED_STYLE,
    )
