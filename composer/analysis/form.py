"""Rhythm, repetition and contour of a melody: the features real tunes are compared on.

Every feature reads a :class:`Line`: a monophonic melody as notes with onsets and
lengths in ticks, cut into bars of a fixed length. Phrases are ``phrase_bars`` bars long
(4 unless stated). Features, one number per melody:

* ``modal_share``: share of notes whose length is the most common length;
* ``durations``: number of distinct note lengths;
* ``npvi``: normalised pairwise variability index of successive inter-onset intervals,
  ``100 / (m - 1) * sum |d_k - d_{k+1}| / ((d_k + d_{k+1}) / 2)`` (Grabe & Low 2002);
* ``bar_rhythms``: distinct bar rhythms (onset positions and lengths in the bar) / bars;
* ``phrase_end_length``: mean over phrases of the length of the phrase's closing note
  (the longest note starting in its last bar, the latest of equals), divided by the
  longest note starting in a bar that does not end a phrase;
* ``bar5_repeat``: 1 when bar 5 repeats one of bars 1-4 exactly or transposed (same
  rhythm, same intervals), else 0;
* ``sim_back4`` / ``sim_back1``: mean similarity of each bar to the bar four back / one
  back, where the similarity of two bars is the share of their sixteenth-note slots at
  which both agree on whether a note starts there and on the pitch sounding there
  relative to each bar's first pitch (so a transposed bar is similar);
* ``phrase_fall``: mean over phrases of the closing note's pitch minus the phrase's mean
  pitch (semitones; negative when phrases fall to a close);
* ``range``: highest minus lowest pitch (semitones).

>>> line = Line(midi=[60, 62, 64, 65] * 4, onset=range(0, 64, 4), duration=[4] * 16, bar_ticks=16)
>>> round(features(line, phrase_bars=2)["sim_back1"], 2)
1.0
"""

from __future__ import annotations

__all__ = ["FEATURE_NAMES", "Line", "features", "line_from_events", "line_from_melody"]

from dataclasses import dataclass
from typing import Any, Iterable

import numpy as np

FEATURE_NAMES: tuple[str, ...] = (
    "modal_share", "durations", "npvi", "bar_rhythms", "phrase_end_length",
    "bar5_repeat", "sim_back4", "sim_back1", "phrase_fall", "range",
)


@dataclass(frozen=True, init=False)
class Line:
    """A monophonic melody on a tick grid.

    Attributes
    ----------
    midi : ndarray of int64, shape (n,)
        MIDI pitch of each note (rests are gaps between notes, not rows).
    onset : ndarray of int64, shape (n,)
        Onset of each note in ticks from the start of the first full bar, increasing.
    duration : ndarray of int64, shape (n,)
        Length of each note in ticks (> 0).
    bar_ticks : int
        Length of a bar in ticks.
    slot : int
        Ticks per sixteenth note, the grid of the bar similarity.
    """

    midi: np.ndarray
    onset: np.ndarray
    duration: np.ndarray
    bar_ticks: int
    slot: int

    def __init__(self, midi: Iterable[int], onset: Iterable[int], duration: Iterable[int],
                 bar_ticks: int, slot: int = 1) -> None:
        midi, onset, duration = (np.asarray(list(a), dtype=np.int64) for a in (midi, onset, duration))
        if not (midi.shape == onset.shape == duration.shape) or midi.ndim != 1:
            raise ValueError("midi, onset and duration must be 1-D arrays of one length")
        if bar_ticks <= 0 or slot <= 0:
            raise ValueError(f"bar_ticks and slot must be positive, got {bar_ticks} and {slot}")
        object.__setattr__(self, "midi", midi)
        object.__setattr__(self, "onset", onset)
        object.__setattr__(self, "duration", duration)
        object.__setattr__(self, "bar_ticks", int(bar_ticks))
        object.__setattr__(self, "slot", int(slot))

    @property
    def bars(self) -> int:
        """Number of bars that hold a note onset, counted to the last one."""
        return int(self.onset[-1] // self.bar_ticks) + 1 if len(self.onset) else 0

    def cut(self, bars: int) -> "Line":
        """The first ``bars`` bars (notes starting in them, lengths clipped at the end)."""
        end = bars * self.bar_ticks
        keep = self.onset < end
        dur = np.minimum(self.duration[keep], end - self.onset[keep])
        return Line(self.midi[keep], self.onset[keep], dur, self.bar_ticks, self.slot)


def line_from_melody(melody: Any) -> Line:
    """A composed ``Melody`` (sixteenth-note ticks, rests as pitch -1) as a :class:`Line`."""
    from composer.theory.meter import get_meter

    starts = np.concatenate([[0], np.cumsum(melody.ticks)[:-1]])
    notes = melody.pitches >= 0
    bar = get_meter(melody.parameters.meter).bar_ticks
    return Line(melody.pitches[notes], starts[notes], melody.ticks[notes], bar, slot=1)


def line_from_events(events: Any, ticks_per_quarter: int) -> Line | None:
    """A corpus ``EventMelody`` as a :class:`Line` starting at its first full bar.

    Returns None when the melody has no metre, changes bar length, or has no full bar.
    ``ticks_per_quarter`` must be a multiple of 4 (the sixteenth grid).
    """
    bar = np.unique(events.bar_ticks)
    if bar.size != 1 or bar[0] <= 0:
        return None
    bar_ticks = int(bar[0])
    # the first note on a downbeat starts the first full bar (an anacrusis is dropped)
    down = np.flatnonzero(events.bar_pos == 0)
    if down.size == 0:
        return None
    i = int(down[0])
    onset = events.onset[i:] - events.onset[i]
    return Line(events.midi[i:], onset, events.duration[i:], bar_ticks, slot=ticks_per_quarter // 4)


def _bar_grid(line: Line, b: int) -> tuple[np.ndarray, np.ndarray]:
    """(starts, pitch) per sixteenth slot of bar ``b``: onset flags and sounding pitch relative
    to the bar's first sounding pitch (a large sentinel for silence)."""
    slots = line.bar_ticks // line.slot
    t = b * line.bar_ticks + np.arange(slots) * line.slot
    idx = np.searchsorted(line.onset, t, side="right") - 1
    sounding = (idx >= 0) & (t < line.onset[np.maximum(idx, 0)] + line.duration[np.maximum(idx, 0)])
    pitch = np.where(sounding, line.midi[np.maximum(idx, 0)], 10_000)
    first = pitch[pitch < 10_000]
    rel = np.where(pitch < 10_000, pitch - (first[0] if first.size else 0), 10_000)
    starts = np.isin(t, line.onset)
    return starts, rel


def _similarity(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> float:
    return float(np.mean((a[0] == b[0]) & (a[1] == b[1])))


def _bar_key(line: Line, b: int, transposed: bool) -> tuple:
    sel = (line.onset >= b * line.bar_ticks) & (line.onset < (b + 1) * line.bar_ticks)
    pos = tuple(line.onset[sel] - b * line.bar_ticks)
    dur = tuple(line.duration[sel])
    p = line.midi[sel]
    pitches = tuple(np.diff(p)) if transposed else tuple(p)
    return pos, dur, pitches


def _npvi(ioi: np.ndarray) -> float:
    if ioi.size < 2:
        return 0.0
    a, b = ioi[:-1].astype(float), ioi[1:].astype(float)
    return float(100.0 * np.mean(np.abs(a - b) / ((a + b) / 2.0)))


def features(line: Line, *, phrase_bars: int = 4) -> dict[str, float]:
    """Measure every feature of :data:`FEATURE_NAMES` (see the module docstring).

    Parameters
    ----------
    line : Line
        The melody, at least 2 notes.
    phrase_bars : int
        Bars per phrase.

    Returns
    -------
    dict of str to float
        nan where a feature does not apply (e.g. ``bar5_repeat`` on a melody of under 5 bars).
    """
    if len(line.midi) < 2:
        raise ValueError("a melody needs at least 2 notes to be measured")
    bars = line.bars
    dur = line.duration
    values, counts = np.unique(dur, return_counts=True)
    ioi = np.diff(line.onset)
    bar_of = line.onset // line.bar_ticks
    rhythms = {_bar_key(line, b, True)[:2] for b in range(bars)}
    grids = [_bar_grid(line, b) for b in range(bars)]
    back4 = [_similarity(grids[b], grids[b - 4]) for b in range(4, bars)]
    back1 = [_similarity(grids[b], grids[b - 1]) for b in range(1, bars)]

    ends = [e for e in range(phrase_bars - 1, bars, phrase_bars)]
    end_len, fall = [], []
    other = ~np.isin(bar_of, ends)
    longest_other = dur[other].max() if other.any() else np.nan
    for e in ends:
        phrase = (bar_of > e - phrase_bars) & (bar_of <= e)
        if not phrase.any():
            continue
        in_last = np.flatnonzero(bar_of == e)
        if in_last.size == 0:
            continue
        # the closing note: the longest note starting in the phrase's last bar, the latest of equals
        last = in_last[::-1][np.argmax(dur[in_last][::-1])]
        end_len.append(dur[last] / longest_other)
        fall.append(line.midi[last] - line.midi[phrase].mean())

    if bars >= 5:
        exact = _bar_key(line, 4, False)
        moved = _bar_key(line, 4, True)
        repeat = float(any(_bar_key(line, b, False) == exact or _bar_key(line, b, True) == moved
                           for b in range(4)) and len(exact[0]) > 0)
    else:
        repeat = float("nan")
    return {
        "modal_share": float(counts.max() / counts.sum()),
        "durations": float(values.size),
        "npvi": _npvi(ioi[ioi > 0]),
        "bar_rhythms": float(len(rhythms) / bars),
        "phrase_end_length": float(np.mean(end_len)) if end_len else float("nan"),
        "bar5_repeat": repeat,
        "sim_back4": float(np.mean(back4)) if back4 else float("nan"),
        "sim_back1": float(np.mean(back1)) if back1 else float("nan"),
        "phrase_fall": float(np.mean(fall)) if fall else float("nan"),
        "range": float(line.midi.max() - line.midi.min()),
    }
