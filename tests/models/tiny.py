"""Tiny hand-made corpora for the model tests (no parsing, no long training)."""

from __future__ import annotations

import numpy as np

from composer.models.events import EVENT_TICKS_PER_QUARTER as TICKS_PER_QUARTER
from composer.models.events import EventMelody
from composer.models.tokens import REL_LO, REST, TokenMelody

Q = TICKS_PER_QUARTER


def event_melody(midi, durations, tonic=0, meter="2/4", rests_before=()) -> EventMelody:
    """Build an ``EventMelody`` from pitches and durations in quarters (a quarter rest before the listed notes)."""
    bar = {"2/4": 2 * Q, "3/4": 3 * Q, "6/8": 3 * Q}[meter]
    onset, t = [], 0
    for i, d in enumerate(durations):
        if i in rests_before:
            t += Q
        onset.append(t)
        t += int(d * Q)
    onset = np.array(onset)
    return EventMelody(midi=midi, onset=onset, duration=[int(d * Q) for d in durations], bar_pos=onset % bar,
                       bar_ticks=np.full(len(midi), bar), tonic=tonic, mode="ionian", meter=meter)


def event_corpus(n: int = 12, seed: int = 0) -> list[EventMelody]:
    """``n`` small folk-like tunes: a repeated phrase from a few scale-step patterns, in several keys."""
    rng = np.random.default_rng(seed)
    major = [0, 2, 4, 5, 7, 9, 11, 12]
    out = []
    for i in range(n):
        tonic = int(rng.integers(0, 12))
        steps = np.clip(np.cumsum(rng.choice([-1, 1, 0, 2, -2], size=6)) + 2, 0, 7)
        phrase = [60 + tonic + major[s] for s in steps] + [60 + tonic]
        durs = list(rng.choice([0.5, 0.5, 1.0], size=len(phrase)))
        out.append(event_melody(phrase * 2, durs * 2, tonic=tonic % 12, meter=["2/4", "3/4", "6/8"][i % 3],
                                rests_before=(len(phrase),)))
    return out


def token_corpus() -> list[TokenMelody]:
    """A few token melodies: scale runs and arpeggios, major and minor, simple and compound meter."""
    t = -REL_LO
    major = [t, t + 2, t + 4, t + 5, t + 7, t + 4, t + 2, t]
    minor = [t, t + 3, t + 7, t + 3, t + 2, t - 2, t, REST, t]
    return [
        TokenMelody(pitch=major * 3, duration=[3, 3, 1, 1, 3, 3, 1, 5] * 3, tonic=0, mode="ionian", meter="4/4"),
        TokenMelody(pitch=major[::-1] * 2, duration=[1] * 16, tonic=7, mode="mixolydian", meter="2/4"),
        TokenMelody(pitch=minor * 2, duration=[1, 1, 1, 4, 1, 1, 4, 1, 4] * 2, tonic=9, mode="aeolian", meter="6/8"),
        TokenMelody(pitch=minor, duration=[1] * 9, tonic=2, mode="dorian", meter="3/4"),
    ]
