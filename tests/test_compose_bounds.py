"""compose within its limits: seeds are used as given or refused, and the beam's size is bounded."""

from __future__ import annotations

import numpy as np
import pytest

import composer
from composer.errors import ComposerError, LimitError
from composer.limits import LIMITS


def test_the_largest_seed_is_used_as_given():
    top = 2**63 - 1
    a = composer.compose(valence=0.2, arousal=0.1, bars=2, seed=top)
    assert a.seed == top
    b = composer.compose(valence=0.2, arousal=0.1, bars=2, seed=np.int64(top))
    assert np.array_equal(a.pitches, b.pitches)


@pytest.mark.parametrize("seed", [2**63, 2**64, 2**63 + 5, -1, -(2**63)])
def test_seeds_outside_the_range_are_refused_not_reduced(seed):
    with pytest.raises(LimitError, match="over the limit seed|under the limit seed"):
        composer.compose(valence=0.2, arousal=0.1, bars=2, seed=seed)


def test_beam_cells_bound_bars_times_width():
    cells = LIMITS["beam_cells"].high
    with pytest.raises(LimitError, match="beam_cells"):
        composer.compose(valence=0, arousal=0, bars=256, beam_width=4096)
    with pytest.raises(LimitError, match="beam_cells"):
        composer.compose(valence=0, arousal=0, bars=cells // 4096 + 1, beam_width=4096)
    with pytest.raises(ComposerError, match="bars must be an integer from 1 to 256"):
        composer.compose(valence=0, arousal=0, bars=257)


@pytest.mark.parametrize("temperature", ["hot", None, True])
def test_temperature_must_be_a_number(temperature):
    with pytest.raises(ComposerError, match="temperature must be a number"):
        composer.compose(valence=0, arousal=0, bars=1, temperature=temperature)
