"""``Performance``: the notes of a piece as arrays in seconds, for the synthesiser and the piano roll."""

from __future__ import annotations

__all__ = ["Performance", "ARTICULATIONS", "melody_performance", "concatenate"]

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from composer.errors import RenderError
from composer.rules.instruments import GM_PROGRAMS
from composer.theory.meter import TICKS_PER_QUARTER, get_meter

if TYPE_CHECKING:
    from composer.render.protocols import NoteLine

#: How a note is played, as stored in ``Performance.articulations``.
ARTICULATIONS: tuple[str, ...] = ("legato", "normal", "staccato")


@dataclass(frozen=True)
class Performance:
    """The sounding notes of a piece, in seconds: what a synthesiser or a piano roll needs.

    Rests are not stored: the time between notes is silence. A multi-section piece (with
    tempo changes) is made by ``concatenate``-ing the performances of its sections.

    Attributes
    ----------
    onsets : ndarray of float64, shape (n,)
        Start of each note in seconds from the beginning, non-decreasing.
    durations : ndarray of float64, shape (n,)
        Written length of each note in seconds (the synthesiser shortens or holds it by
        articulation).
    pitches : ndarray of int64, shape (n,)
        MIDI pitch of each note, 0..127.
    velocities : ndarray of int64, shape (n,)
        MIDI velocity of each note, 1..127.
    articulations : tuple of str, length n
        ``"legato"``, ``"normal"`` or ``"staccato"`` for each note.
    length : float
        Written length of the whole piece in seconds (rests at the end included).
    bar_lines : ndarray of float64, shape (bars + 1,)
        Time of every bar line in seconds, from 0 to ``length``.
    curve : ndarray of float64, shape (m, 3), optional
        Rows of (time in seconds, valence, arousal) for a piece that follows an emotion
        curve; shown under the piano roll. ``None`` for a single emotion.
    title : str
        A title for plots.
    instrument : str
        The General MIDI program name that plays it (a style's ``instrument``); the built-in
        synthesiser picks its timbre from it. A piece of several sections is played by its
        first section's instrument, as its score's part is.
    programs : tuple of str, length n, optional
        The General MIDI program of each note, for music of several parts (an arrangement:
        each part in its own timbre, mixed); ``None`` plays every note on ``instrument``.
    """

    onsets: np.ndarray
    durations: np.ndarray
    pitches: np.ndarray
    velocities: np.ndarray
    articulations: tuple[str, ...]
    length: float
    bar_lines: np.ndarray
    curve: np.ndarray | None = None
    title: str = ""
    instrument: str = "acoustic_grand_piano"
    programs: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        onsets = np.asarray(self.onsets, dtype=np.float64)
        n = onsets.shape[0]
        durations = np.asarray(self.durations, dtype=np.float64)
        pitches = np.asarray(self.pitches, dtype=np.int64)
        velocities = np.asarray(self.velocities, dtype=np.int64)
        bar_lines = np.asarray(self.bar_lines, dtype=np.float64)
        arts = tuple(self.articulations)
        if onsets.ndim != 1 or durations.shape != (n,) or pitches.shape != (n,) or velocities.shape != (n,) or len(arts) != n:
            raise RenderError("onsets, durations, pitches, velocities and articulations must have one entry per note")
        if n and (np.any(np.diff(onsets) < 0) or onsets[0] < 0):
            raise RenderError("note onsets must be non-negative and in time order")
        if n and np.any(durations <= 0):
            raise RenderError("every note must last a positive time")
        if n and (pitches.min() < 0 or pitches.max() > 127 or velocities.min() < 1 or velocities.max() > 127):
            raise RenderError("pitches must be MIDI 0..127 and velocities 1..127")
        if self.instrument not in GM_PROGRAMS:
            raise RenderError(f"unknown instrument {self.instrument!r}; use a General MIDI program name "
                              "(composer.rules.GM_PROGRAMS)")
        if self.programs is not None:
            programs = tuple(self.programs)
            if len(programs) != n:
                raise RenderError("programs must have one entry per note")
            unknown = sorted(set(programs) - set(GM_PROGRAMS))
            if unknown:
                raise RenderError(f"unknown program {unknown[0]!r}; use a General MIDI program name "
                                  "(composer.rules.GM_PROGRAMS)")
            object.__setattr__(self, "programs", programs)
        bad = sorted(set(arts) - set(ARTICULATIONS))
        if bad:
            raise RenderError(f"unknown articulation {bad[0]!r}; use one of {', '.join(ARTICULATIONS)}")
        if not np.isfinite(self.length) or self.length < 0 or (n and self.length < float(onsets[-1] + durations[-1]) - 1e-9):
            raise RenderError("length must cover every note")
        curve = self.curve
        if curve is not None:
            curve = np.asarray(curve, dtype=np.float64)
            if curve.ndim != 2 or curve.shape[1] != 3 or curve.shape[0] < 1:
                raise RenderError("curve must be rows of (time in seconds, valence, arousal)")
            if np.any(np.abs(curve[:, 1:]) > 1):
                raise RenderError("curve valence and arousal must lie in [-1, 1]")
        for name, value in (("onsets", onsets), ("durations", durations), ("pitches", pitches),
                            ("velocities", velocities), ("bar_lines", bar_lines), ("curve", curve)):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "articulations", arts)
        object.__setattr__(self, "length", float(self.length))

    @property
    def n_notes(self) -> int:
        """Number of notes."""
        return int(self.onsets.shape[0])


def melody_performance(melody: "NoteLine") -> Performance:
    """Return the ``Performance`` of a melody: its notes timed at its tempo.

    Parameters
    ----------
    melody : NoteLine
        Events in ticks (sixteenth notes) at ``parameters.tempo`` quarter notes per minute.

    Returns
    -------
    Performance
        One entry per sounding note; ``length`` is ``total_ticks / 4 × 60 / tempo`` seconds
        and bar lines fall every ``bar_ticks`` ticks.
    """
    p = melody.parameters
    sec_per_tick = 60.0 / p.tempo / TICKS_PER_QUARTER
    sounding = melody.pitches >= 0
    bar_ticks = get_meter(p.meter).bar_ticks
    n_bars = max(1, -(-melody.total_ticks // bar_ticks))
    bar_lines = np.minimum(np.arange(n_bars + 1) * bar_ticks, max(melody.total_ticks, 0)) * sec_per_tick
    if melody.total_ticks == 0:
        bar_lines = np.zeros(2)
    a = melody.affect
    return Performance(
        onsets=melody.onsets[sounding] * sec_per_tick,
        durations=melody.ticks[sounding] * sec_per_tick,
        pitches=melody.pitches[sounding],
        velocities=np.clip(melody.velocities[sounding], 1, 127),
        articulations=(p.articulation,) * int(sounding.sum()),
        length=melody.total_ticks * sec_per_tick,
        bar_lines=bar_lines,
        title=f"valence {a.valence:+.2f}, arousal {a.arousal:+.2f}: {p.tonic_name} {p.mode}, {p.tempo:.0f} bpm",
        instrument=p.instrument,
    )


def concatenate(parts: Sequence[Performance], *, title: str = "") -> Performance:
    """Join performances end to end (the sections of a piece), shifting each by the length before it.

    Parameters
    ----------
    parts : sequence of Performance
        At least one.
    title : str, optional
        Title of the whole.

    Returns
    -------
    Performance
        Notes, bar lines and curve rows of every part in order; ``length`` is the sum; the
        first part's instrument.
    """
    if not parts:
        raise RenderError("concatenate needs at least one performance")
    shifts = np.concatenate(([0.0], np.cumsum([p.length for p in parts])[:-1]))
    bar_lines = np.unique(np.concatenate([p.bar_lines + s for p, s in zip(parts, shifts)]))
    curves = [np.column_stack((p.curve[:, 0] + s, p.curve[:, 1:])) for p, s in zip(parts, shifts) if p.curve is not None]
    return Performance(
        onsets=np.concatenate([p.onsets + s for p, s in zip(parts, shifts)]),
        durations=np.concatenate([p.durations for p in parts]),
        pitches=np.concatenate([p.pitches for p in parts]),
        velocities=np.concatenate([p.velocities for p in parts]),
        articulations=tuple(a for p in parts for a in p.articulations),
        length=float(sum(p.length for p in parts)),
        bar_lines=bar_lines,
        curve=np.concatenate(curves) if curves else None,
        title=title,
        instrument=parts[0].instrument,
    )
