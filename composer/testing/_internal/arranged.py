"""An arrangement's outer voices: the melody over the bass, judged by the same rules as any two voices."""

from __future__ import annotations

__all__ = ["has_clean_outer_voices", "assert_clean_outer_voices"]

from typing import TYPE_CHECKING

from composer.testing._internal.reading import report
from composer.testing._internal.voices import _parallel_violations

if TYPE_CHECKING:
    from composer.arrange import Arrangement


def has_clean_outer_voices(arrangement: "Arrangement", *, bass: str = "Bass") -> bool:
    """Whether the melody and the part ``bass`` of an ``Arrangement`` never move in parallel fifths or octaves."""
    return not _parallel_violations(arrangement.melody, arrangement.part_melody(bass), False)


def assert_clean_outer_voices(arrangement: "Arrangement", *, bass: str = "Bass") -> None:
    """Raise ``AssertionError`` naming each parallel fifth or octave between the melody and the bass, by bar and beat."""
    report(_parallel_violations(arrangement.melody, arrangement.part_melody(bass), False),
           arrangement.melody.parameters.meter)
