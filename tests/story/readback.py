"""Read a written piece back: MusicXML through music21's parser, MIDI as raw events; times computed here.

Nothing here looks at composer's objects: sections are found by their rehearsal marks,
tempo by ``<sound tempo>`` (MusicXML: what plays, exact where the printed mark is rounded to
whole beats, and present for a ramp's unprinted steps) or set-tempo events (MIDI), keys by key signatures
and their mode, notes by their written offsets.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

import numpy as np
from music21 import converter, expressions, key, midi, note, stream

#: How a key's written mode maps to composer's modes (MusicXML writes aeolian as "minor").
WRITTEN_MODE = {"major": "ionian", "minor": "aeolian"}


def _seconds(marks: list[tuple[float, float]], at: float) -> float:
    """Seconds to position ``at`` (quarter notes) under ``(position, quarter notes per minute)`` marks."""
    t = 0.0
    for (q0, bpm), nxt in zip(marks, marks[1:] + [(float("inf"), 0.0)]):
        if at <= q0:
            break
        t += (min(at, nxt[0]) - q0) * 60.0 / bpm
    return t


@dataclass
class WrittenSection:
    label: str
    start_q: float
    end_q: float
    start: float
    end: float
    tempo_marks: list[float]  # metronome numbers within the section, in order
    mode: str | None  # composer mode name of the key in force at its start
    pitches: list[int]
    onsets_q: list[float]

    @property
    def seconds(self) -> float:
        return self.end - self.start

    @property
    def mean_tempo(self) -> float:
        """Quarter notes per minute over the whole section."""
        return (self.end_q - self.start_q) * 60.0 / self.seconds

    @property
    def notes_per_second(self) -> float:
        return len(self.pitches) / self.seconds


def sounding_tempos(path, measure_offsets: list[float]) -> list[tuple[float, float]]:
    """``(position in quarter notes, quarter notes per minute)`` of every ``<sound tempo>`` of the first part."""
    part = ET.parse(str(path)).getroot().find("part")
    out, divisions = [], 1
    for start, measure in zip(measure_offsets, part.findall("measure")):
        pos = 0
        for el in measure:
            if el.tag == "attributes" and el.find("divisions") is not None:
                divisions = int(el.find("divisions").text)
            elif el.tag == "note" and el.find("chord") is None and el.find("duration") is not None:
                pos += int(el.find("duration").text)
            elif el.tag == "backup":
                pos -= int(el.find("duration").text)
            elif el.tag == "forward":
                pos += int(el.find("duration").text)
            elif el.tag == "direction" and el.find("sound") is not None and "tempo" in el.find("sound").attrib:
                shift = int(el.find("offset").text) if el.find("offset") is not None else 0  # inside a held note
                out.append((start + (pos + shift) / divisions, float(el.find("sound").attrib["tempo"])))
    return out


def read_musicxml(path) -> list[WrittenSection]:
    """The sections of a written MusicXML piece: each from its rehearsal mark to the next double (or final) bar line."""
    score = converter.parse(str(path))
    part = score.parts[0]
    bar_ends = sorted(float(m.offset + m.highestTime) for m in part.getElementsByClass(stream.Measure)
                      if m.rightBarline is not None and m.rightBarline.type in ("double", "final", "light-light", "light-heavy"))
    flat = part.flatten()
    marks = sorted(sounding_tempos(path, [float(m.offset) for m in part.getElementsByClass(stream.Measure)]))
    labels = [(float(r.offset), r.content) for r in flat.getElementsByClass(expressions.RehearsalMark)]
    keys = [(float(k.offset), k) for k in flat.getElementsByClass(key.KeySignature)]
    notes = [(float(n.offset), n.pitch.midi) for n in flat.getElementsByClass(note.Note)]
    total = float(flat.highestTime)
    out = []
    for i, (q0, label) in enumerate(labels):
        q1 = labels[i + 1][0] if i + 1 < len(labels) else total
        q1 = min([q for q in bar_ends if q > q0 + 1e-9] + [q1])
        in_force = [k for q, k in keys if q <= q0 + 1e-9]
        mode = None
        if in_force:
            written = getattr(in_force[-1], "mode", None)
            mode = WRITTEN_MODE.get(written, written)
        inside = [(q, p) for q, p in notes if q0 - 1e-9 <= q < q1 - 1e-9]
        out.append(WrittenSection(label, q0, q1, _seconds(marks, q0), _seconds(marks, q1),
                                  [b for q, b in marks if q0 - 1e-9 <= q < q1 - 1e-9], mode,
                                  [p for _, p in inside], [q for q, _ in inside]))
    return out


@dataclass
class WrittenMidi:
    tempo_changes: list[tuple[float, float]]  # (quarter notes from the start, bpm)
    notes: list[tuple[float, int]]  # (onset in seconds, MIDI pitch), in time order
    end: float  # seconds of the last note-off

    def seconds_at(self, quarters: float) -> float:
        return _seconds(self.tempo_changes, quarters)


def read_midi(path) -> WrittenMidi:
    """Tempo events and note onsets of a MIDI file, timed from its own set-tempo events."""
    mf = midi.MidiFile()
    mf.open(str(path))
    mf.read()
    mf.close()
    tpq = mf.ticksPerQuarterNote
    events = []  # (tick, kind, value)
    for track in mf.tracks:
        tick = 0
        for ev in track.events:
            if isinstance(ev, midi.DeltaTime):
                tick += ev.time
                continue
            if ev.type == midi.MetaEvents.SET_TEMPO:
                usec = int.from_bytes(ev.data, "big")
                events.append((tick, "tempo", 60_000_000 / usec))
            elif ev.type == midi.ChannelVoiceMessages.NOTE_ON and ev.velocity > 0:
                events.append((tick, "on", ev.pitch))
            elif ev.type == midi.ChannelVoiceMessages.NOTE_OFF or (
                    ev.type == midi.ChannelVoiceMessages.NOTE_ON and ev.velocity == 0):
                events.append((tick, "off", ev.pitch))
    events.sort(key=lambda e: (e[0], e[1] != "tempo"))
    changes = []
    for tick, kind, value in events:
        if kind == "tempo":
            q = tick / tpq
            if changes and abs(changes[-1][0] - q) < 1e-9:
                changes[-1] = (q, value)
            else:
                changes.append((q, value))
    if not changes or changes[0][0] > 0:
        changes.insert(0, (0.0, 120.0))  # the MIDI default
    notes = [(_seconds(changes, t / tpq), int(v)) for t, k, v in events if k == "on"]
    offs = [t for t, k, _ in events if k == "off"]
    return WrittenMidi(changes, sorted(notes), _seconds(changes, max(offs) / tpq) if offs else 0.0)


def join_intervals(sections: list[WrittenSection]) -> list[int]:
    """Semitones from the last note of each section to the first of the next (sections with notes only)."""
    out = []
    for a, b in zip(sections, sections[1:]):
        if a.pitches and b.pitches:
            out.append(b.pitches[0] - a.pitches[-1])
    return out


def as_array(values) -> np.ndarray:
    return np.asarray(values, dtype=np.float64)
