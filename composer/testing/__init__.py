"""Property-based testing of music with hypothesis: strategies for emotions, keys, rhythms,
melodies and styles, and predicates for music-theory constraints that explain failures
musically.

>>> from hypothesis import given
>>> from composer.testing import melodies, assert_within_max_leap, ends_on_tonic
>>> @given(melodies(max_leap=7, bars=2))
... def test_drawn_melodies_keep_their_rules(m):
...     assert_within_max_leap(m)
...     assert ends_on_tonic(m)
>>> test_drawn_melodies_keep_their_rules()

See ``docs/testing.md``. This module only re-exports; the work lives in
``composer.testing._internal``.
"""

from __future__ import annotations

# Import hypothesis completely before any module of this package: importing hypothesis
# runs its plugins, and ours (composer.testing._internal.plugin) imports this package's
# modules, which must not be half-imported at that moment.
import hypothesis as _hypothesis  # noqa: F401

from composer.testing._internal.affects import affect_curves, affects
from composer.testing._internal.arranged import (
    assert_clean_outer_voices,
    assert_voice_leading,
    has_clean_outer_voices,
    has_clean_voice_leading,
)
from composer.testing._internal.cadences import (
    CADENCE_DEGREES,
    assert_cadences,
    assert_phrase_cadences,
    has_cadences,
    has_phrase_cadences,
)
from composer.testing._internal.composed import composed_melodies
from composer.testing._internal.constraints import CONSTRAINT_CHECKS, assert_constraints, satisfies_constraints
from composer.testing._internal.keys import keys, meters, modes, pitches
from composer.testing._internal.melodic import (
    DEFAULT_FORBIDDEN_INTERVALS,
    assert_ends_on_tonic,
    assert_in_range,
    assert_in_scale,
    assert_limited_repeats,
    assert_no_forbidden_intervals,
    assert_resolved_leaps,
    assert_within_max_leap,
    ends_on_tonic,
    has_limited_repeats,
    has_no_forbidden_intervals,
    has_resolved_leaps,
    is_in_range,
    is_in_scale,
    is_within_max_leap,
)
from composer.testing._internal.melodies import melodies
from composer.testing._internal.metric import (
    assert_complete_bars,
    assert_strong_start,
    has_complete_bars,
    has_strong_start,
)
from composer.testing._internal.registry import ALL_STRATEGIES as _ALL_STRATEGIES
from composer.testing._internal.rhythms import rhythms
from composer.testing._internal.styles import style_documents, styles
from composer.testing._internal.values import Key, Keyframes, Rhythm
from composer.testing._internal.voices import assert_no_parallels, has_no_parallels

_STRATEGIES = [
    "affect_curves",
    "affects",
    "composed_melodies",
    "keys",
    "melodies",
    "meters",
    "modes",
    "pitches",
    "rhythms",
    "style_documents",
    "styles",
]
_VALUE_TYPES = ["Key", "Keyframes", "Rhythm"]
_PREDICATES = [
    "CADENCE_DEGREES",
    "CONSTRAINT_CHECKS",
    "DEFAULT_FORBIDDEN_INTERVALS",
    "assert_cadences",
    "assert_clean_outer_voices",
    "assert_complete_bars",
    "assert_constraints",
    "assert_ends_on_tonic",
    "assert_in_range",
    "assert_in_scale",
    "assert_limited_repeats",
    "assert_no_forbidden_intervals",
    "assert_no_parallels",
    "assert_phrase_cadences",
    "assert_resolved_leaps",
    "assert_strong_start",
    "assert_voice_leading",
    "assert_within_max_leap",
    "ends_on_tonic",
    "has_cadences",
    "has_clean_outer_voices",
    "has_clean_voice_leading",
    "has_complete_bars",
    "has_limited_repeats",
    "has_no_forbidden_intervals",
    "has_no_parallels",
    "has_phrase_cadences",
    "has_resolved_leaps",
    "has_strong_start",
    "is_in_range",
    "is_in_scale",
    "is_within_max_leap",
    "satisfies_constraints",
]
__all__ = _STRATEGIES + _VALUE_TYPES + _PREDICATES


def _check_exports(public: set[str]) -> None:
    # As hypothesis.strategies does: __all__ is exactly what the module exports, and the
    # strategies among them are exactly the functions declared with defines_strategy.
    assert set(__all__) == public, (set(__all__) - public, public - set(__all__))
    assert set(_STRATEGIES) == set(_ALL_STRATEGIES), (set(_STRATEGIES) ^ set(_ALL_STRATEGIES))
    assert all(globals()[n] is _ALL_STRATEGIES[n] for n in _STRATEGIES)


_check_exports({n for n in dir() if n[0] not in "_@" and n != "annotations"})
del _check_exports
