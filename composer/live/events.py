"""What a live session hands out: ``NoteEvent`` s grouped in ``Bar`` s, timed in beats and seconds, and as MIDI.

Times are counted from the session's start. A *beat* here is a quarter note (so that
beats add up across tempo and metre the same way MIDI ticks do); seconds follow the
session's tempo, ramps included.
"""

from __future__ import annotations

__all__ = ["NoteEvent", "Bar", "TimedMessage"]

from dataclasses import dataclass
from typing import NamedTuple

import mido
import numpy as np

from composer.affect import Affect
from composer.render.synth import GATE
from composer.rules.parameters import Parameters
from composer.theory.tempo import TempoMap


class TimedMessage(NamedTuple):
    """A MIDI message and when it sounds: ``time`` in seconds from the session's start."""

    time: float
    message: mido.Message


@dataclass(frozen=True)
class NoteEvent:
    """One sounding note.

    Attributes
    ----------
    pitch : int
        MIDI pitch, 0..127.
    velocity : int
        MIDI velocity, 1..127.
    beat : float
        Onset in quarter notes from the session's start.
    beats : float
        Written length in quarter notes.
    time : float
        Onset in seconds from the session's start.
    seconds : float
        Written length in seconds.
    part : str
        ``"melody"``, ``"stinger"`` for a stinger laid over the bar, or ``"accompaniment"`` /
        ``"bass"`` for the intensity layers (``composer.live.layers``).
    articulation : str
        ``"legato"``, ``"normal"`` or ``"staccato"``: how much of its length sounds (``GATE``).
    """

    pitch: int
    velocity: int
    beat: float
    beats: float
    time: float
    seconds: float
    part: str = "melody"
    articulation: str = "normal"

    @property
    def sounding(self) -> float:
        """Seconds the note sounds: its written length times its articulation's gate."""
        return self.seconds * GATE.get(self.articulation, 1.0)


@dataclass(frozen=True)
class Bar:
    """One bar of a live session.

    Attributes
    ----------
    index : int
        0 for the session's first bar.
    beat : float
        Its start in quarter notes from the session's start.
    time : float
        Its start in seconds.
    seconds : float
        Its length in seconds (a tempo ramp inside it included).
    meter : str
        Its metre (the session's).
    tonic, mode : int, str
        Its key: pitch class 0-11 and mode.
    tempo_map : tuple of (int, float)
        ``(tick from the bar's start, quarter notes per minute)`` marks: one, or one per beat
        of a ramp towards the next bar's tempo.
    affect : Affect
        The emotion it was composed for.
    phrase_bar : int
        Its place in its phrase (0 for a phrase's first bar).
    cadence : bool
        Whether it closes a phrase (its last note is the key's tonic).
    transition : str
        ``""``, or what happened at its start: ``"pivot: ..."`` / ``"parallel: ..."`` for a key
        change, and the like (see ``composer.story.scoring.joins.KeyJoin.reason``).
    pitches, ticks, velocities : ndarray of int64, shape (n,)
        The melody's events (MIDI pitch or -1 for a rest, sixteenth-note ticks, velocity 0 for rests).
    notes : tuple of NoteEvent
        The sounding notes (melody, stingers, the bass layer), by onset.
    parameters : Parameters
        The style's parameters for the bar's emotion in its key (tempo without the ramp).
    label : str
        The label given with the emotion (``Session.set_affect(..., label=)``), or ``""``.
    chords : tuple of str
        The Roman numerals of the chords under the bar when it has layers, else ``()``.
    programs : tuple of (str, str)
        ``(part, General MIDI program name)`` of each part that can sound in the bar (the
        melody's instrument, the layers' instruments).
    """

    index: int
    beat: float
    time: float
    seconds: float
    meter: str
    tonic: int
    mode: str
    tempo_map: TempoMap
    affect: Affect
    phrase_bar: int
    cadence: bool
    transition: str
    pitches: np.ndarray
    ticks: np.ndarray
    velocities: np.ndarray
    notes: tuple[NoteEvent, ...]
    parameters: Parameters
    label: str = ""
    chords: tuple[str, ...] = ()
    programs: tuple[tuple[str, str], ...] = ()

    @property
    def tempo(self) -> float:
        """The tempo at the bar's start, quarter notes per minute."""
        return float(self.tempo_map[0][1])

    @property
    def end(self) -> float:
        """The end of the bar in seconds from the session's start."""
        return self.time + self.seconds

    def channels(self, *, channel: int = 0, stinger_channel: int = 1, bass_channel: int = 2,
                 accompaniment_channel: int = 3) -> dict[str, int]:
        """The MIDI channel (0-based) of each part: the melody, stingers, bass and accompaniment."""
        return {"melody": channel, "stinger": stinger_channel, "bass": bass_channel,
                "accompaniment": accompaniment_channel}

    def messages(self, *, channel: int = 0, stinger_channel: int = 1, bass_channel: int = 2,
                 accompaniment_channel: int = 3) -> list[TimedMessage]:
        """The bar's notes as ``note_on`` / ``note_off`` messages with their times in seconds, in order.

        A note ends after its sounding length (``NoteEvent.sounding``); at one moment note-offs
        come before note-ons, so a repeated pitch is struck again. Stingers and each layer have
        channels of their own; at the bar's start a ``program_change`` sets the instrument of
        each part in ``programs`` that sounds in the bar (stingers play on the melody's).
        """
        from composer.rules.instruments import gm_program

        channels = self.channels(channel=channel, stinger_channel=stinger_channel, bass_channel=bass_channel,
                                 accompaniment_channel=accompaniment_channel)
        rows: list[tuple[float, int, mido.Message]] = []
        programs = dict(self.programs)
        if "melody" in programs:
            programs.setdefault("stinger", programs["melody"])
        for part in sorted({n.part for n in self.notes} & set(programs)):
            rows.append((self.time, -1, mido.Message("program_change", program=gm_program(programs[part]),
                                                     channel=channels[part])))
        for n in self.notes:
            ch = channels.get(n.part, channel)
            rows.append((n.time, 1, mido.Message("note_on", note=n.pitch, velocity=n.velocity, channel=ch)))
            rows.append((n.time + max(n.sounding, 1e-3), 0,
                         mido.Message("note_off", note=n.pitch, velocity=0, channel=ch)))
        rows.sort(key=lambda r: (r[0], r[1]))
        return [TimedMessage(t, m) for t, _, m in rows]
