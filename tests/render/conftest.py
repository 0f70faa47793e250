"""Fixtures for the rendering tests: melodies built by hand, no search needed."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from composer.affect import Affect
from composer.melody import Melody
from composer.rules.parameters import Parameters

MakeMelody = Callable[..., Melody]


def _parameters(**overrides: object) -> Parameters:
    values: dict[str, object] = dict(
        tempo=120.0,
        meter="4/4",
        mode="ionian",
        tonic=0,
        register=67.0,
        range=14,
        density=3.0,
        velocity=80,
        articulation="normal",
        max_leap=7,
        rests=0.5,
    )
    values.update(overrides)
    return Parameters(**values)  # type: ignore[arg-type]


@pytest.fixture
def make_melody() -> MakeMelody:
    """Return a factory ``make_melody(pitches, ticks, velocities=None, **parameter_overrides)``."""

    def make(
        pitches: Sequence[int],
        ticks: Sequence[int],
        velocities: Sequence[int] | None = None,
        *,
        valence: float = 0.7,
        arousal: float = 0.4,
        style: str = "default",
        seed: int = 7,
        **overrides: object,
    ) -> Melody:
        if velocities is None:
            velocities = [0 if p < 0 else 80 for p in pitches]
        return Melody(
            pitches=list(pitches),
            ticks=list(ticks),
            velocities=list(velocities),
            parameters=_parameters(**overrides),
            affect=Affect(valence, arousal),
            style=style,
            seed=seed,
        )

    return make


#: Two bars of 4/4 in C major: quarters, a rest, eighths, a half note.
C_PITCHES = [60, 62, 64, -1, 67, 65, 64, 62, 60]
C_TICKS = [4, 4, 4, 4, 2, 2, 2, 2, 8]
C_VELOCITIES = [100, 90, 80, 0, 70, 60, 50, 40, 30]


@pytest.fixture
def c_major(make_melody: MakeMelody) -> Melody:
    """Two bars in C ionian, 4/4, 120 bpm, with a rest and varied velocities."""
    return make_melody(C_PITCHES, C_TICKS, C_VELOCITIES)
