"""Melodies as absolute note events, for measuring models the way melody research does.

``composer.models.corpus`` turns tunes into the search's token alphabet (key-relative
pitch folded into a window around the tune's median pitch, eight duration classes),
which is right for generation but not for evaluation: the median uses the future,
folded pitches lose notes, and tunes with other durations are skipped. This module
keeps every note of every monophonic tune as it is written:

* ``midi``: the MIDI pitch of each note (rests are not events; they show as gaps);
* ``onset`` / ``duration``: in ticks of ``EVENT_TICKS_PER_QUARTER`` (48, so triplets and
  32nd notes are exact) from the start of the first (possibly partial) bar;
* ``bar_pos``: the onset's position within its bar, in ticks;
* ``bar_ticks``: the length of a full bar of the time signature at that note;
* ``tonic`` and ``mode`` from the key signature (the ABC ``K:`` field).

This matches how IDyOM counts events (Pearce 2005): Essen ``kinder`` reads as 213
melodies and 8,393 notes. Parsed files are cached beside the token cache.
"""

from __future__ import annotations

__all__ = [
    "EVENT_TICKS_PER_QUARTER",
    "EVENTS_VERSION",
    "EventMelody",
    "events_from_score",
    "read_event_file",
    "load_event_corpus",
]

import os
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from composer._progress import progress as _progress
from composer.errors import ArgumentError, LimitError, ModelError
from composer.models.corpus import manifest_files
from composer.models.music_files import expand_paths, key_of, parse_tunes, read_tunes

#: Ticks per quarter note of ``EventMelody`` times.
EVENT_TICKS_PER_QUARTER = 48
#: Bump when the conversion changes, so stale cache entries are not used.
EVENTS_VERSION = 1


@dataclass
class EventMelody:
    """One monophonic melody as absolute note events (rests are gaps between notes).

    Attributes
    ----------
    midi : ndarray of int64, shape (n,)
        MIDI pitch of each note.
    onset : ndarray of int64, shape (n,)
        Onset of each note in ticks from the start of the first bar.
    duration : ndarray of int64, shape (n,)
        Length of each note in ticks.
    bar_pos : ndarray of int64, shape (n,)
        Position of each onset within its bar, in ticks.
    bar_ticks : ndarray of int64, shape (n,)
        Length of the bar each note starts in, in ticks (0 when there is no meter).
    tonic : int
        Pitch class of the key signature's tonic (0 = C).
    mode : str or None
        Mode name from ``composer.theory.MODES`` when known.
    meter : str or None
        The first time signature, e.g. ``"6/8"``.
    source : str
        File and title.
    """

    midi: np.ndarray
    onset: np.ndarray
    duration: np.ndarray
    bar_pos: np.ndarray
    bar_ticks: np.ndarray
    tonic: int
    mode: str | None = None
    meter: str | None = None
    source: str = ""
    attributes: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("midi", "onset", "duration", "bar_pos", "bar_ticks"):
            setattr(self, name, np.asarray(getattr(self, name), dtype=np.int64))
        n = self.midi.shape[0]
        if any(getattr(self, k).shape != (n,) for k in ("onset", "duration", "bar_pos", "bar_ticks")):
            raise ArgumentError("midi, onset, duration, bar_pos and bar_ticks must be 1-D arrays of one length")

    def __len__(self) -> int:
        return int(self.midi.shape[0])

    @property
    def ioi(self) -> np.ndarray:
        """Inter-onset interval before each note in ticks, shape (n,); 0 for the first note."""
        out = np.zeros(len(self), dtype=np.int64)
        out[1:] = np.diff(self.onset)
        return out

    @property
    def rest_before(self) -> np.ndarray:
        """Whether a rest separates each note from the one before, bool, shape (n,)."""
        out = np.zeros(len(self), dtype=bool)
        out[1:] = self.onset[1:] > self.onset[:-1] + self.duration[:-1]
        return out


def _ticks(ql: float) -> int:
    return int(round(float(ql) * EVENT_TICKS_PER_QUARTER))


def events_from_score(score: Any, source: str) -> tuple[EventMelody | None, str]:
    """Convert one music21 score (or part) to an ``EventMelody``.

    Tied notes are merged, grace notes dropped, a chord counts as its top note; rests
    are not events. Returns ``(None, reason)`` for a tune that is not one monophonic
    part or has no notes.
    """
    from music21 import chord, note, stream

    parts = list(score.parts) if isinstance(score, stream.Score) else [score]
    if len(parts) != 1:
        return None, "several parts" if parts else "empty"
    part = parts[0]
    if any(True for _ in part.recurse().getElementsByClass(stream.Voice)):
        return None, "several voices"
    tonic, mode = key_of(part, score)
    stripped = part.stripTies(inPlace=False)
    measures = list(stripped.getElementsByClass(stream.Measure))
    midi: list[int] = []
    onset: list[int] = []
    dur: list[int] = []
    pos: list[int] = []
    bars: list[int] = []
    first_meter: str | None = None
    bar_len = 0

    def add(el: Any, at: int, in_bar: int) -> str:
        ql = float(el.quarterLength)
        if ql <= 0 or el.duration.isGrace or isinstance(el, note.Rest):
            return ""
        if isinstance(el, chord.Chord):
            if not el.pitches:
                return ""
            m = int(round(max(p.ps for p in el.pitches)))
        elif isinstance(el, note.Note):
            m = int(round(el.pitch.ps))
        else:
            return "unpitched notes"
        midi.append(m)
        onset.append(at)
        dur.append(_ticks(ql))
        pos.append(in_bar)
        bars.append(bar_len)
        return ""

    if measures:
        for m in measures:
            if m.timeSignature is not None:
                bar_len = _ticks(m.timeSignature.barDuration.quarterLength)
                first_meter = first_meter or m.timeSignature.ratioString
            pad = _ticks(getattr(m, "paddingLeft", 0.0) or 0.0)
            for el in m.notesAndRests:
                at = _ticks(m.offset + el.offset)
                why = add(el, at, pad + _ticks(el.offset))
                if why:
                    return None, why
    else:
        from music21 import meter

        ts = next(iter(stripped.recurse().getElementsByClass(meter.TimeSignature)), None)
        if ts is not None:
            bar_len = _ticks(ts.barDuration.quarterLength)
            first_meter = ts.ratioString
        for el in stripped.flatten().notesAndRests:
            at = _ticks(el.offset)
            why = add(el, at, at % bar_len if bar_len else 0)
            if why:
                return None, why
    if not midi:
        return None, "no notes"
    base = onset[0] - pos[0]  # onsets count from the start of the first (partial) bar
    title = (score.metadata.title if getattr(score, "metadata", None) is not None else None) or ""
    return (
        EventMelody(
            midi=midi,
            onset=np.asarray(onset) - base,
            duration=dur,
            bar_pos=pos,
            bar_ticks=bars,
            tonic=int(tonic),
            mode=mode,
            meter=first_meter,
            source=f"{source}#{title}" if title else source,
        ),
        "",
    )


# --------------------------------------------------------------------------- cache

_ARRAYS = ("midi", "onset", "duration", "bar_pos", "bar_ticks")
_FIELDS = ("tonic", "mode", "meter", "source", "attributes")


def read_event_file(path: str | os.PathLike, *, use_cache: bool = True) -> tuple[list[EventMelody], Counter]:
    """Read every monophonic tune of one music file as events: ``(melodies, skipped by reason)``.

    The file is read, cached and refused (``ModelError`` naming it) as by
    ``composer.models.music_files.read_tunes``.
    """
    return read_tunes(path, parse=_parse_file, make=EventMelody, namespace=f"events-v{EVENTS_VERSION}",
                      arrays=_ARRAYS, fields=_FIELDS, use_cache=use_cache)


def _parse_file(path: Path) -> tuple[list[EventMelody], Counter]:
    """Parse ``path`` with music21 and convert every tune in it to events (no cache)."""
    return parse_tunes(path, events_from_score)


def load_event_corpus(
    name_or_path: str | os.PathLike,
    *,
    progress: bool | None = False,
    use_cache: bool = True,
    problems: list[str] | None = None,
) -> list[EventMelody]:
    """Read every melody of a corpus manifest (see ``composer.models.corpus``) as events.

    A file that cannot be read is reported (appended to ``problems`` and warned) and skipped.

    Raises
    ------
    ModelError
        If the manifest cannot be used.
    """
    manifest, sources = manifest_files(name_or_path)
    out: list[EventMelody] = []
    for files, pattern in sources:
        for f in _progress(expand_paths(files, pattern), label=f"parsing {manifest.get('name', '')}".rstrip(),
                           enabled=progress):
            try:
                mels, _ = read_event_file(f, use_cache=use_cache)
            except (ModelError, LimitError) as exc:
                if problems is not None:
                    problems.append(str(exc))
                warnings.warn(f"skipped {exc}", UserWarning, stacklevel=2)
                continue
            out.extend(mels)
    return out
