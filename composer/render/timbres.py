"""The built-in synthesiser's timbres, and which one plays each General MIDI program.

A timbre is a recipe for an additive tone: the weight of each harmonic ``k = 1, 2, ...``,
how fast upper harmonics die away, an attack-decay-sustain envelope, and a vibrato. Seven
recipes cover the General MIDI families well enough that the shipped styles sound like
their descriptions without a SoundFont:

============  ===========================================  =================================
timbre        sound                                        General MIDI programs (0-based)
============  ===========================================  =================================
``piano``     struck: bright attack, upper partials fade    0-7 pianos, 47 timpani, 112-127
``plucked``   dies away completely, upper partials first   8-15, 24-39 guitars and basses,
                                                           45 pizzicato, 46 harp, 104-111
                                                           (but 110 fiddle)
``organ``     steady drawbar harmonics 1, 2, 3, 4, 6, 8     16-23 organs, accordions
``bowed``     sawtooth (all harmonics 1/k), slow bow        40-44 strings, 110 fiddle, 56-63
              attack, vibrato                              brass
``pad``       soft sawtooth, slow swell, slow vibrato      48-55 ensembles, 88-103 pads, fx
``lead``      square (odd harmonics 1/k), fast attack      80-87 synth leads, 64-71 reeds
``flute``     nearly pure, breathy attack, vibrato         72-79 pipes
============  ===========================================  =================================
"""

from __future__ import annotations

__all__ = ["Timbre", "TIMBRES", "timbre_for"]

from dataclasses import dataclass

import numpy as np

from composer.rules.instruments import gm_program


@dataclass(frozen=True)
class Timbre:
    """One additive-synthesis recipe.

    Attributes
    ----------
    name : str
        Its name in ``TIMBRES``.
    harmonics : tuple of float
        Weight of harmonics 1, 2, ... (``()``: ``k ** -(2.4 - 1.3 * loudness)``, the piano's
        velocity-dependent brightness). Harmonics above 45% of the sample rate are dropped.
    partial_decay : float
        Harmonic ``k`` decays as ``exp(-partial_decay * (k - 1) * t)``, t in seconds.
    attack : float
        Seconds of the linear rise to the envelope's peak.
    decay : float
        Time constant in seconds of the fall from the peak to ``sustain``.
    sustain : float
        Level held after the decay, as a fraction of the peak (0: the note dies away).
    vibrato_rate : float
        Vibrato frequency in Hz.
    vibrato_depth : float
        Vibrato depth as a fraction of the frequency (0.004 is about 7 cents).
    """

    name: str
    harmonics: tuple[float, ...]
    partial_decay: float
    attack: float
    decay: float
    sustain: float
    vibrato_rate: float = 0.0
    vibrato_depth: float = 0.0

    def weights(self, n: int, loudness: float) -> np.ndarray:
        """Weights of harmonics 1..n (shape (n,)), for a note at ``loudness`` = velocity / 127."""
        k = np.arange(1, n + 1, dtype=np.float64)
        if not self.harmonics:
            return k ** -(2.4 - 1.3 * loudness)  # brighter when louder
        w = np.zeros(n)
        m = min(n, len(self.harmonics))
        w[:m] = self.harmonics[:m]
        return w


def _saw(n: int, power: float = 1.0) -> tuple[float, ...]:
    return tuple(k ** -power for k in range(1, n + 1))


def _square(n: int) -> tuple[float, ...]:
    return tuple(1.0 / k if k % 2 else 0.0 for k in range(1, n + 1))


#: Every timbre by name.
TIMBRES: dict[str, Timbre] = {t.name: t for t in (
    Timbre("piano", (), partial_decay=1.5, attack=0.008, decay=0.18, sustain=0.55),
    Timbre("plucked", _saw(12, 1.2), partial_decay=4.0, attack=0.003, decay=0.45, sustain=0.0),
    Timbre("organ", (1.0, 0.8, 0.6, 0.5, 0.0, 0.3, 0.0, 0.25), partial_decay=0.0, attack=0.012, decay=0.05,
           sustain=0.95),
    Timbre("bowed", _saw(12), partial_decay=0.0, attack=0.07, decay=0.3, sustain=0.85, vibrato_rate=5.5,
           vibrato_depth=0.004),
    Timbre("pad", _saw(10, 1.6), partial_decay=0.0, attack=0.22, decay=0.5, sustain=1.0, vibrato_rate=4.0,
           vibrato_depth=0.002),
    Timbre("lead", _square(12), partial_decay=0.0, attack=0.005, decay=0.1, sustain=0.85),
    Timbre("flute", (1.0, 0.22, 0.08, 0.04), partial_decay=0.0, attack=0.04, decay=0.2, sustain=0.9, vibrato_rate=5.0,
           vibrato_depth=0.003),
)}

#: Timbre of each General MIDI program range (start, stop), checked after ``_SINGLE``.
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0, 8, "piano"), (8, 16, "plucked"), (16, 24, "organ"), (24, 40, "plucked"), (40, 45, "bowed"),
    (45, 47, "plucked"), (47, 48, "piano"), (48, 56, "pad"), (56, 64, "bowed"), (64, 72, "lead"),
    (72, 80, "flute"), (80, 88, "lead"), (88, 104, "pad"), (104, 112, "plucked"), (112, 128, "piano"),
)
_SINGLE: dict[int, str] = {110: "bowed"}  # the fiddle is bowed, among plucked ethnic instruments


def timbre_for(instrument: str) -> Timbre:
    """The built-in synthesiser's timbre for a General MIDI program name.

    Examples
    --------
    >>> [timbre_for(n).name for n in ("church_organ", "fiddle", "lead_1_square", "string_ensemble_1")]
    ['organ', 'bowed', 'lead', 'pad']
    """
    program = gm_program(instrument)
    if program in _SINGLE:
        return TIMBRES[_SINGLE[program]]
    return TIMBRES[next(name for lo, hi, name in _RANGES if lo <= program < hi)]
