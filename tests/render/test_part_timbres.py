"""Audio of an arrangement: each part in its own timbre, mixed; read back by spectra."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

import composer
from composer.render.performance import Performance
from composer.render.synth import SAMPLE_RATE, synthesize


def _harmonics(x: np.ndarray, freq: float, start: float, n: int = 8) -> np.ndarray:
    """Magnitudes of harmonics 1..n over 16384 samples from ``start`` seconds, as a unit vector."""
    seg = x[int(start * SAMPLE_RATE):int(start * SAMPLE_RATE) + 16384]
    spec = np.abs(np.fft.rfft(seg * np.hanning(seg.size)))
    f = np.fft.rfftfreq(seg.size, 1 / SAMPLE_RATE)
    h = np.array([spec[np.abs(f - k * freq) < 0.3 * freq].max() for k in range(1, n + 1)])
    return h / np.linalg.norm(h)


def test_each_note_sounds_in_its_parts_timbre():
    """Two parts in turn, A3 on a square lead then A3 on an organ: the first second has odd harmonics only, the
    second the organ's drawbars (no fifth harmonic) -- the same note, two timbres in one file."""
    p = Performance([0.0, 1.0], [0.9, 0.9], [57, 57], [90, 90], ("normal", "normal"), 2.0, [0.0, 2.0],
                    programs=("lead_1_square", "church_organ"))
    x = synthesize(p)
    freq = 440 * 2 ** ((57 - 69) / 12)
    lead, organ = _harmonics(x, freq, 0.3), _harmonics(x, freq, 1.3)
    assert lead[1] < 0.02 and lead[3] < 0.02 and lead[2] > 0.2
    assert organ[4] < 0.02 and organ[1] > 0.1            # drawbars 1, 2, 3, 4, 6, 8
    one = synthesize(replace(p, programs=None, instrument="lead_1_square"))
    assert _harmonics(one, freq, 1.3)[1] < 0.02          # without programs both notes are the lead


@pytest.mark.parametrize("style", ["game", "film"])
def test_an_arrangement_is_the_mix_of_its_parts_each_in_its_program(style):
    a = composer.compose(valence=0.3, arousal=0.7 if style == "game" else -0.3, bars=2, style=style, seed=2)
    perf = a.to_performance()
    assert perf.programs is not None and set(perf.programs) == {p.program for p in a.parts}
    assert sum(perf.programs.count(p.program) for p in {p.program: p for p in a.parts}.values()) == perf.n_notes
    mix = synthesize(perf)
    parts = []
    for program in sorted(set(perf.programs)):
        keep = np.array([q == program for q in perf.programs])
        alone = Performance(perf.onsets[keep], perf.durations[keep], perf.pitches[keep], perf.velocities[keep],
                            tuple(np.array(perf.articulations)[keep]), perf.length, perf.bar_lines,
                            instrument=program)
        parts.append(synthesize(alone))
    assert np.max(np.abs(mix - np.clip(sum(parts), -1, 1))) < 1e-9   # the mix is the sum of each part alone
    assert len(parts) >= 2 and all(np.abs(x).max() > 0.01 for x in parts)


def test_game_bass_sounds_as_a_synth_bass_not_as_the_square_lead():
    a = composer.compose(valence=0.3, arousal=0.7, bars=2, style="game", seed=2)
    bass = a.part("Bass")
    assert bass.program == "synth_bass_1" and a.parts[0].program == "lead_1_square"
    pitch = int(bass.pitches[0])
    p = Performance([0.0], [1.5], [pitch], [90], ("legato",), 2.0, [0.0, 2.0], programs=(bass.program,))
    as_part = _harmonics(synthesize(p), 440 * 2 ** ((pitch - 69) / 12), 0.3)
    as_lead = _harmonics(synthesize(replace(p, programs=("lead_1_square",))), 440 * 2 ** ((pitch - 69) / 12), 0.3)
    assert np.linalg.norm(as_part - as_lead) > 0.15     # the bass is not played by the lead's timbre


def test_programs_are_checked():
    with pytest.raises(composer.ComposerError, match="programs must have one entry per note"):
        Performance([0.0], [1.0], [60], [90], ("normal",), 1.0, [0.0, 1.0], programs=())
    with pytest.raises(composer.ComposerError, match="unknown program 'kazoo'"):
        Performance([0.0], [1.0], [60], [90], ("normal",), 1.0, [0.0, 1.0], programs=("kazoo",))
