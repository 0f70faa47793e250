"""Two voices together: parallel (and optionally contrary) fifths and octaves."""

from __future__ import annotations

__all__ = ["has_no_parallels", "assert_no_parallels"]

from composer.melody import Melody
from composer.testing._internal.melodic import key_of
from composer.testing._internal.reading import Violation, events, report
from composer.testing._internal.validation import check_bool

_PERFECT = {0: "octaves", 7: "fifths"}


def _sounding(melody: Melody, tick: int) -> int:
    """MIDI pitch sounding at ``tick`` (-1 for a rest or after the end)."""
    for e in events(melody):
        if e.onset <= tick < e.onset + e.ticks:
            return e.midi
    return -1


def _parallel_violations(upper: Melody, lower: Melody, contrary: bool) -> list[Violation]:
    check_bool(contrary, "contrary")
    up, low = key_of(upper, None, None), key_of(lower, None, None)
    end = min(upper.total_ticks, lower.total_ticks)
    times = sorted({e.onset for e in events(upper)} | {e.onset for e in events(lower)})
    times = [t for t in times if t < end]
    out = []
    for t0, t1 in zip(times, times[1:]):
        a0, b0, a1, b1 = _sounding(upper, t0), _sounding(lower, t0), _sounding(upper, t1), _sounding(lower, t1)
        if min(a0, b0, a1, b1) < 0:
            continue
        kind0, kind1 = abs(a0 - b0) % 12, abs(a1 - b1) % 12
        if kind0 != kind1 or kind0 not in _PERFECT:
            continue
        da, db = a1 - a0, b1 - b0
        if da == 0 or db == 0:
            continue
        same_way = (da > 0) == (db > 0)
        if not same_way and not contrary:
            continue
        how = "parallel" if same_way else "consecutive (by contrary motion)"
        out.append(Violation(t1, f"{up(a0)}/{low(b0)} → {up(a1)}/{low(b1)}: {how} {_PERFECT[kind0]}"))
    return out


def has_no_parallels(upper: Melody, lower: Melody, *, contrary: bool = False) -> bool:
    """Whether two voices never move from a fifth to a fifth, or an octave (or unison) to an octave, in parallel.

    Parameters
    ----------
    upper, lower : Melody
        The two voices, aligned from their first downbeat (compared while both last).
    contrary : bool
        Also forbid consecutive fifths and octaves reached by contrary motion.

    Compound intervals count as their simple ones. Only steps where both voices move to a
    new pitch and both sound at both moments are judged.
    """
    return not _parallel_violations(upper, lower, contrary)


def assert_no_parallels(upper: Melody, lower: Melody, *, contrary: bool = False) -> None:
    """Raise ``AssertionError`` naming each pair of parallel fifths or octaves, e.g.
    ``"bar 2 beat 1: C5/F4 → D5/G4: parallel fifths"``."""
    report(_parallel_violations(upper, lower, contrary), upper.parameters.meter)
