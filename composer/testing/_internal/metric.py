"""Predicates on time: whole bars with no event across a bar line, a strong start on the downbeat."""

from __future__ import annotations

__all__ = ["has_complete_bars", "assert_complete_bars", "has_strong_start", "assert_strong_start"]

from composer.melody import Melody
from composer.testing._internal.melodic import article, key_of
from composer.testing._internal.reading import Violation, duration_name, events, report
from composer.testing._internal.validation import check_integer
from composer.theory.meter import get_meter


def _bar_violations(melody: Melody, bars: int | None) -> list[Violation]:
    meter = melody.parameters.meter
    bar = get_meter(meter).bar_ticks
    spell = key_of(melody, None, None)
    evs = events(melody)
    if not evs:
        return [Violation(None, "the melody is empty; it fills no bar")]
    out = []
    for e in evs:
        first, last = e.onset // bar, (e.onset + e.ticks - 1) // bar
        if first != last:
            what = "a rest" if e.is_rest else spell(e.midi)
            out.append(Violation(e.onset, f"{what} ({article_duration(e.ticks)}, {e.ticks} ticks) "
                                          f"crosses the bar line into bar {first + 2}"))
    total = sum(e.ticks for e in evs)
    whole, extra = divmod(total, bar)
    if extra:
        out.append(Violation(None, f"the melody lasts {whole} bars of {meter} and {extra} sixteenths "
                                   f"({total} ticks); it should fill whole bars of {bar} ticks"))
    if bars is not None:
        want = check_integer(bars, "bars", 1)
        if not extra and whole != want:
            out.append(Violation(None, f"the melody fills {whole} bars of {meter}, not {want}"))
    return out


def article_duration(ticks: int) -> str:
    """``"a half note"``, ``"an eighth note"``, ``"5 sixteenths"``."""
    name = duration_name(ticks)
    return name if name[0].isdigit() else article(name)


def has_complete_bars(melody: Melody, *, bars: int | None = None) -> bool:
    """Whether the melody fills whole bars of its meter with no note or rest crossing a bar line.

    Parameters
    ----------
    bars : int, optional
        Also require exactly this many bars.
    """
    return not _bar_violations(melody, bars)


def assert_complete_bars(melody: Melody, *, bars: int | None = None) -> None:
    """Raise ``AssertionError`` naming each event across a bar line and an incomplete last bar."""
    report(_bar_violations(melody, bars), melody.parameters.meter)


def _start_violations(melody: Melody) -> list[Violation]:
    evs = events(melody)
    if not evs:
        return [Violation(None, "the melody is empty; it has no first note")]
    if evs[0].is_rest:
        return [Violation(0, "the melody starts with a rest; it should start with a note on the downbeat")]
    return []


def has_strong_start(melody: Melody) -> bool:
    """Whether the melody starts with a note (not a rest) on the first downbeat."""
    return not _start_violations(melody)


def assert_strong_start(melody: Melody) -> None:
    """Raise ``AssertionError`` when the melody is empty or starts with a rest."""
    report(_start_violations(melody), melody.parameters.meter)
