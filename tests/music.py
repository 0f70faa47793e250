"""Reading written files back with music21, for tests that assert on the music itself."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import music21


@dataclass
class ReadNote:
    """A note read back from a file: MIDI pitch, onset and length in quarter notes, velocity."""

    midi: int
    onset: Fraction
    length: Fraction
    velocity: int | None


def read_notes(path) -> tuple[list[ReadNote], music21.stream.Score]:
    """Return the notes of a written file in time order, and the parsed score.

    A MIDI file is read unquantised: its note lengths are the performed ones (a staccato
    note sounds half its written length, an unmarked one 90%), which music21's default
    rounding to sixteenths and triplets would blur.
    """
    midi = str(path).lower().endswith((".mid", ".midi"))
    score = music21.converter.parse(str(path), quantizePost=False) if midi else music21.converter.parse(str(path))
    notes = []
    for n in score.flatten().notes:
        assert not n.isChord, f"expected a melody, found a chord at {n.offset}"
        notes.append(ReadNote(n.pitch.midi, Fraction(n.offset).limit_denominator(64),
                              Fraction(n.quarterLength).limit_denominator(64), n.volume.velocity))
    notes.sort(key=lambda n: n.onset)
    return notes, score


def tempo_of(score: music21.stream.Score, path=None) -> float:
    """Return the first tempo in quarter notes per minute: MusicXML's ``<sound tempo>`` when ``path`` is
    a MusicXML file (exact, where the printed mark is rounded to whole beats), else the first metronome mark."""
    if path is not None and str(path).endswith((".musicxml", ".xml")):
        import xml.etree.ElementTree as ET

        sound = ET.parse(str(path)).getroot().find("part/measure/direction/sound[@tempo]")
        assert sound is not None, "no <sound tempo> in the file"
        return float(sound.attrib["tempo"])
    marks = list(score.flatten().getElementsByClass(music21.tempo.MetronomeMark))
    assert marks, "no metronome mark in the file"
    return float(marks[0].getQuarterBPM())