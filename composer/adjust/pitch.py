"""Pitch mapping by scale degree: a mode change and a diatonic register shift that keep spelling.

A pitch is handled as ``(letter, alter, octave)``: letter index 0 (C) to 6 (B), alteration
in semitones, and octave number as music21 writes it (C4 = MIDI 60, C♭4 = 59). Its scale
degree is the distance of its letter from the tonic's letter; its *chromatic alteration*
is how far it lies from that degree of the source mode. Mapping keeps the letter (moved by
``steps`` letters for a diatonic shift) and the chromatic alteration, and takes the degree
from the target mode, so E in C major becomes E♭ in C minor, a C♯ passing note stays a
raised tonic, and chords are re-spelled the same way as the melody.

>>> map_pitch(2, 0, 4, tonic_pc=0, tonic_letter=0, source="ionian", target="aeolian", steps=0)
(2, -1, 4)
>>> map_pitch(6, 0, 4, tonic_pc=0, tonic_letter=0, source="ionian", target="ionian", steps=2)
(1, 0, 5)
"""

from __future__ import annotations

__all__ = ["map_pitch", "midi_of", "pc_map", "parent_mode", "source_mode"]

from composer.theory.scales import MODES
from composer.theory.spelling import spell_pitch

#: Natural pitch class of each letter C..B.
NATURAL_PC = (0, 2, 4, 5, 7, 9, 11)

#: Seven-note mode used for a scale that has fewer degrees.
_PARENT = {"major_pentatonic": "ionian", "minor_pentatonic": "aeolian"}

#: music21's names of the major and minor modes.
_M21 = {"major": "ionian", "minor": "aeolian"}


def parent_mode(mode: str) -> str:
    """The seven-note mode a mode is mapped through (pentatonic scales use their parent)."""
    return _PARENT.get(mode, mode)


def source_mode(m21_mode: str, leading_tones: int = 0, subtonics: int = 0) -> str:
    """Name, in ``composer.theory.MODES``, of a key's mode as music21 writes it.

    A minor key whose raised seventh is used more often than its lowered one is read as
    harmonic minor, so that its leading tone counts as a degree of the scale.
    """
    mode = parent_mode(_M21.get(m21_mode, m21_mode))
    if mode not in MODES:  # a mode music21 knows and composer does not (e.g. hypophrygian)
        mode = "aeolian"
    if mode == "aeolian" and leading_tones > subtonics:
        return "harmonic_minor"
    return mode


def _norm(semitones: int) -> int:
    """Semitone difference folded into -6..5."""
    return (semitones + 6) % 12 - 6


def map_pitch(letter: int, alter: int, octave: int, *, tonic_pc: int, tonic_letter: int, source: str, target: str,
              steps: int = 0) -> tuple[int, int, int]:
    """Map one spelled pitch from ``source`` mode to ``target`` mode, ``steps`` letters up or down.

    Parameters
    ----------
    letter, alter, octave : int
        The pitch: letter index 0 (C) .. 6 (B), alteration in semitones, octave (C4 = 60).
    tonic_pc, tonic_letter : int
        The key's tonic: pitch class 0..11 and letter index 0..6.
    source, target : str
        Seven-note modes of ``composer.theory.MODES`` (pentatonic names use their parent).
    steps : int
        Diatonic shift in scale steps (7 = an octave).

    Returns
    -------
    (letter, alter, octave) : tuple of int
        The mapped pitch. With ``source == target`` and ``steps == 0`` it is the input.
        Where keeping the letter would need a triple sharp or flat (a chromatic note in a
        remote key), the pitch is spelled in the target key instead.
    """
    src, tgt = MODES[parent_mode(source)], MODES[parent_mode(target)]
    degree = (letter - tonic_letter) % 7
    pc = (NATURAL_PC[letter] + alter) % 12
    chromatic = _norm(pc - (tonic_pc + src[degree]))
    if source == target and steps == 0:
        return letter, alter, octave
    diatonic = octave * 7 + letter + steps
    letter2, octave2 = diatonic % 7, diatonic // 7
    degree2 = (letter2 - tonic_letter) % 7
    pc2 = (tonic_pc + tgt[degree2] + chromatic) % 12
    alter2 = _norm(pc2 - NATURAL_PC[letter2])
    if abs(alter2) > 2:  # a chromatic note in a remote key (G-triple-sharp): spell the sound in the key instead
        s = spell_pitch(midi_of(letter2, alter2, octave2), tonic_pc, parent_mode(target))
        return "CDEFGAB".index(s.letter), s.alter, s.octave
    return letter2, alter2, octave2


def midi_of(letter: int, alter: int, octave: int) -> int:
    """MIDI number of a spelled pitch (C4 = 60, C♭4 = 59, B♯3 = 60)."""
    return (octave + 1) * 12 + NATURAL_PC[letter] + alter


def pc_map(*, tonic_pc: int, source: str, target: str) -> dict[int, int]:
    """Pitch class -> pitch class of the mode change for the source key's spelling of each class.

    Only the seven degrees of ``source`` (as spelled in the key) are listed; used to state
    and test the mapping without music21.
    """
    src, tgt = MODES[parent_mode(source)], MODES[parent_mode(target)]
    return {(tonic_pc + s) % 12: (tonic_pc + t) % 12 for s, t in zip(src, tgt)}
