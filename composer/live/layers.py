"""Intensity layers of a live session: one bar's accompaniment and bass, from ``composer.harmony`` and ``composer.arrange``.

A bar with layers is harmonised on its own (``composer.harmony.harmonise_arrays``, with the
style's harmonic rhythm, chromaticism, sevenths and colour), its first chord following the
chord that ended the bar before (``previous``) and its last one closing with a cadence only
when the bar closes a phrase (``ends``). Its chords are then arranged as
``composer.arrange.arrange`` arranges a whole melody: a bass line of chord tones (root
position preferred, no parallel fifths or octaves with the melody), the style's
accompaniment pattern over close voicings under the melody (for ``chorale``, tenor and alto
over the bass), with the pattern's instruments (``composer.arrange.arrangement.ensemble``).

Which layers sound follows the bar's arousal (``LAYER_AROUSAL``): the accompaniment from a
calm arousal up, the bass from a livelier one; a bar below both is the melody alone.
"""

from __future__ import annotations

__all__ = ["LAYERS", "LAYER_AROUSAL", "LayerNotes", "BarLayers", "layers_for", "carry_chord", "bar_layers"]

from dataclasses import dataclass

import numpy as np

from composer.arrange.arrangement import ensemble
from composer.arrange.patterns import accompaniment_notes, bass_notes
from composer.arrange.ranges import instrument_range
from composer.arrange.voicing import BASS_RANGE, bass_line, chord_voicings, chorale_voices
from composer.errors import HarmonyError
from composer.harmony.chords import VOCABULARY, chord_index
from composer.harmony.harmoniser import harmonise_arrays
from composer.rules.parameters import Parameters
from composer.theory.meter import get_meter

#: The layers a session can add over its melody, in the order they come in as arousal rises.
LAYERS: tuple[str, ...] = ("accompaniment", "bass")
#: The arousal from which a bar has each layer (below it the layer is dropped).
LAYER_AROUSAL: dict[str, float] = {"accompaniment": -0.2, "bass": 0.2}


@dataclass(frozen=True)
class LayerNotes:
    """One layer's notes in one bar.

    Attributes
    ----------
    part : str
        One of ``LAYERS``.
    program : str
        General MIDI program name (``composer.rules.instruments.GM_PROGRAMS``).
    onsets, lengths, pitches, velocities : ndarray of int64, shape (n,)
        Start and length in sixteenth-note ticks from the bar's start, MIDI pitch, velocity.
    """

    part: str
    program: str
    onsets: np.ndarray
    lengths: np.ndarray
    pitches: np.ndarray
    velocities: np.ndarray


@dataclass(frozen=True)
class BarLayers:
    """A bar's chords and the layers that sound in it.

    Attributes
    ----------
    chords : ndarray of int64, shape (S,)
        Chord vocabulary indices (``composer.harmony.chords.VOCABULARY``), relative to the bar's tonic, one per slot.
    names : tuple of str
        The chords' Roman numerals.
    parts : tuple of LayerNotes
        The layers asked for, in the order of ``LAYERS``.
    """

    chords: np.ndarray
    names: tuple[str, ...]
    parts: tuple[LayerNotes, ...]

    @property
    def last_chord(self) -> int:
        """The chord the bar ends on (what the next bar's harmony follows)."""
        return int(self.chords[-1])


def layers_for(arousal: float) -> tuple[str, ...]:
    """The layers a bar at ``arousal`` has (see ``LAYER_AROUSAL``).

    >>> layers_for(-0.6), layers_for(0.0), layers_for(0.5)
    ((), ('accompaniment',), ('accompaniment', 'bass'))
    """
    return tuple(name for name in LAYERS if arousal >= LAYER_AROUSAL[name])


def carry_chord(chord: int | None, old_tonic: int, new_tonic: int) -> int | None:
    """``chord`` (relative to ``old_tonic``) as the same sounding chord relative to ``new_tonic``.

    >>> from composer.harmony.chords import roman
    >>> roman(carry_chord(chord_index(7, "maj"), 0, 7))    # G major: V in C is I in G
    'I'
    """
    if chord is None:
        return None
    c = VOCABULARY[int(chord)]
    return chord_index((c.root + old_tonic - new_tonic) % 12, c.quality)


def bar_layers(pitches: np.ndarray, ticks: np.ndarray, params: Parameters, *, arousal: float, cadence: bool,
               previous: int | None, parts: tuple[str, ...]) -> BarLayers | None:
    """Harmonise one bar of melody and arrange the layers ``parts`` under it.

    Parameters
    ----------
    pitches, ticks : ndarray of int64, shape (n,)
        The bar's melody: MIDI pitch (-1 for a rest) and sixteenth-note ticks, filling one bar.
    params : Parameters
        The bar's parameters (key, metre, harmony weights, ``accompaniment`` pattern, velocity).
    arousal : float
        Sets the pattern's pulse (``composer.arrange.patterns.pulse_ticks``).
    cadence : bool
        Whether the bar closes a phrase (its last chord then makes the cadence).
    previous : int or None
        The chord before the bar, relative to ``params.tonic`` (``carry_chord`` across a key change).
    parts : tuple of str
        Layers to arrange, from ``LAYERS``.

    Returns
    -------
    BarLayers or None
        None for a bar with no notes to harmonise, or when the arranger finds no lawful
        voicing for it (``HarmonyError``): the bar is then the melody alone.
    """
    pitches = np.asarray(pitches, dtype=np.int64)
    ticks = np.asarray(ticks, dtype=np.int64)
    if not np.any(pitches >= 0):
        return None
    meter = get_meter(params.meter)
    pattern = params.accompaniment
    acc_program, bass_program = ensemble[pattern]
    line = (pitches, ticks)
    try:
        h = harmonise_arrays(pitches, ticks, tonic=params.tonic, mode=params.mode, meter=params.meter,
                             harmonic_rhythm=params.harmonic_rhythm, phrase_bars=1, chromaticism=params.chromaticism,
                             sevenths=params.sevenths, previous=previous,
                             harmonic_colour=getattr(params, "harmonic_colour", 0.0) or 0.0, ends=cadence)
        r_low, r_high = instrument_range(bass_program)
        bass = bass_line(h, line, bar_ticks=meter.bar_ticks, low=max(BASS_RANGE[0], r_low),
                         high=min(BASS_RANGE[1], r_high))
        if pattern == "chorale":
            voices = chorale_voices(h, line, bass, bar_ticks=meter.bar_ticks)
        else:
            top = int(min(pitches[pitches >= 0].min() - 1, 72))
            low = max(BASS_RANGE[0] + 12, top - 14, instrument_range(acc_program)[0])
            voices = chord_voicings(h, low=low, high=min(max(top, low + 12), instrument_range(acc_program)[1]),
                                    bar_ticks=meter.bar_ticks)
    except HarmonyError:
        return None
    out = []
    if "accompaniment" in parts:
        acc = accompaniment_notes(pattern, h.onsets, h.lengths, voices, beat_ticks=meter.beat_ticks, arousal=arousal,
                                  velocity=int(np.clip(params.velocity - 14, 1, 127)))
        out.append(LayerNotes("accompaniment", acc_program, *acc))
    if "bass" in parts:
        bn = bass_notes(h.onsets, h.lengths, bass, beat_ticks=meter.beat_ticks, arousal=arousal,
                        velocity=int(np.clip(params.velocity - 8, 1, 127)), pulse=pattern == "chiptune")
        out.append(LayerNotes("bass", bass_program, *bn))
    return BarLayers(np.asarray(h.chords, dtype=np.int64), tuple(h.names), tuple(out))
