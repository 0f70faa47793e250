"""Harmony: the chord vocabulary, chord statistics learned from Bach chorales, and ``harmonise``.

>>> import composer
>>> h = composer.harmonise(composer.compose(valence=0.6, arousal=0.0, bars=4, seed=1))
>>> len(h.chords) >= 4
True
"""

from composer.harmony.chords import N_CHORDS, QUALITIES, VOCABULARY, Chord, chord_index, roman
from composer.harmony.harmoniser import harmonise, harmonise_arrays
from composer.harmony.model import HarmonyModel, load_harmony_model
from composer.harmony.progression import Harmony
from composer.harmony.viterbi import viterbi

__all__ = [
    "Chord",
    "Harmony",
    "HarmonyModel",
    "N_CHORDS",
    "QUALITIES",
    "VOCABULARY",
    "chord_index",
    "harmonise",
    "harmonise_arrays",
    "load_harmony_model",
    "roman",
    "viterbi",
]
