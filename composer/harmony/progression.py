"""``Harmony``: a chord progression laid under a melody, as arrays, with its key and names."""

from __future__ import annotations

__all__ = ["Harmony"]

from dataclasses import dataclass

import numpy as np

from composer.harmony.chords import VOCABULARY, chord_pitch_classes, roman
from composer.theory.scales import PITCH_CLASS_NAMES


@dataclass(frozen=True)
class Harmony:
    """A chord per harmonic-rhythm slot.

    Attributes
    ----------
    chords : ndarray of int64, shape (S,)
        Vocabulary index (``composer.harmony.chords.VOCABULARY``) of each slot's chord.
    onsets : ndarray of int64, shape (S,)
        Start of each slot in sixteenth-note ticks from the beginning.
    lengths : ndarray of int64, shape (S,)
        Length of each slot in ticks.
    tonic : int
        Pitch class of the key's tonic.
    mode : str
        The key's mode.
    cadences : tuple of (int, str)
        ``(slot, kind)`` for each phrase end: ``"authentic"``, ``"half"``, ``"plagal"``,
        ``"deceptive"`` or ``"none"``, read from the chosen chords.
    score : float
        Total search score (natural-log units).
    """

    chords: np.ndarray
    onsets: np.ndarray
    lengths: np.ndarray
    tonic: int
    mode: str
    cadences: tuple[tuple[int, str], ...] = ()
    score: float = 0.0

    @property
    def names(self) -> list[str]:
        """Roman-numeral name of each slot's chord."""
        return [roman(int(c)) for c in self.chords]

    @property
    def symbols(self) -> list[str]:
        """Lead-sheet symbol of each slot's chord, e.g. ``"G7"``, ``"F#m"``, ``"Bdim7"``."""
        suffix = {"maj": "", "min": "m", "dim": "dim", "dom7": "7", "min7": "m7", "maj7": "maj7",
                  "hdim7": "m7b5", "dim7": "dim7"}
        out = []
        for c in self.chords:
            root = chord_pitch_classes(int(c), self.tonic)[0]
            out.append(PITCH_CLASS_NAMES[root].replace("-", "b") + suffix[VOCABULARY[int(c)].quality])
        return out

    def pitch_classes(self, slot: int) -> tuple[int, ...]:
        """Absolute pitch classes of slot ``slot``'s chord, root first."""
        return chord_pitch_classes(int(self.chords[slot]), self.tonic)

    def chord_at(self, tick: int) -> int:
        """Return the slot sounding at ``tick`` (ticks from the beginning)."""
        return int(np.searchsorted(self.onsets, tick, side="right") - 1)

    def __str__(self) -> str:
        return " | ".join(self.names)
