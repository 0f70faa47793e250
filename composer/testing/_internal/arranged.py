"""An arrangement's voice leading: the outer voices (the melody over the bass, judged by the same rules as any
two voices), and every voice-leading kind of the registry (``composer.arrange.check``)."""

from __future__ import annotations

__all__ = ["has_clean_outer_voices", "assert_clean_outer_voices", "has_clean_voice_leading", "assert_voice_leading"]

from collections.abc import Iterable

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


def has_clean_voice_leading(arrangement: "Arrangement", kinds: Iterable[str] | None = None) -> bool:
    """Whether an ``Arrangement`` keeps every voice-leading kind (``composer.rules.constraints.ARRANGEMENT_KINDS``:
    outer_voices, leading_tone, part_ranges, smallest_motion), or only ``kinds``."""
    from composer.arrange.check import arrangement_violations

    return not any(arrangement_violations(arrangement, kinds).values())


def assert_voice_leading(arrangement: "Arrangement", kinds: Iterable[str] | None = None) -> None:
    """Raise ``AssertionError`` listing each broken voice-leading rule by kind and bar (see ``has_clean_voice_leading``).

    Examples
    --------
    >>> import composer
    >>> assert_voice_leading(composer.compose(valence=0.5, arousal=0.0, bars=2, style="hymn", seed=1))
    """
    from composer.arrange.check import arrangement_violations

    lines = [f"{kind}: {v}" for kind, found in arrangement_violations(arrangement, kinds).items() for v in found]
    if lines:
        raise AssertionError("voice leading broken:\n  " + "\n  ".join(lines))
