"""Predicates on pitch: scale, range, leaps, their resolution, forbidden intervals, the final tonic.

Each rule is one ``*_violations`` function; ``is_*`` returns whether it finds none and
``assert_*`` raises ``AssertionError`` listing them, each with its bar, beat, spelled
notes and the rule. Key, mode, range and leap limits default to the melody's
``parameters``; keyword arguments override them.
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_FORBIDDEN_INTERVALS",
    "assert_ends_on_tonic",
    "assert_in_range",
    "assert_in_scale",
    "assert_limited_repeats",
    "assert_no_forbidden_intervals",
    "assert_resolved_leaps",
    "assert_within_max_leap",
    "ends_on_tonic",
    "has_limited_repeats",
    "has_no_forbidden_intervals",
    "has_resolved_leaps",
    "is_in_range",
    "is_in_scale",
    "is_within_max_leap",
    "article",
    "key_of",
    "motion",
]

from collections.abc import Iterable

from hypothesis.errors import InvalidArgument

from composer.melody import Melody
from composer.testing._internal.keys import resolve_key
from composer.testing._internal.reading import Spelling, Violation, events, notes, report
from composer.testing._internal.validation import check_integer, check_interval
from composer.theory.intervals import LEAP_MIN, STEP_MAX, interval_name
from composer.theory.scales import MODES
from composer.theory.spelling import ORDINALS, SpelledInterval, spell_interval

#: Melodic intervals forbidden by default (strict counterpoint): the augmented second, the
#: tritone (augmented fourth or diminished fifth) and any seventh, also when compound.
DEFAULT_FORBIDDEN_INTERVALS: tuple[str, ...] = ("augmented second", "tritone", "seventh")

_QUALITIES = ("perfect", "major", "minor", "augmented", "diminished", "doubly augmented", "doubly diminished")


def article(name: str) -> str:
    """``"an augmented second"``, ``"a major sixth"``."""
    return ("an " if name[:1] in "aeiou" else "a ") + name


def key_of(melody: Melody, key: object, mode: object) -> Spelling:
    """The key to judge ``melody`` in: ``key``/``mode`` arguments over the melody's own."""
    tonic, mode_ = resolve_key(key, mode, default_mode=melody.parameters.mode)
    return Spelling(melody.parameters.tonic if tonic is None else tonic, mode_ or melody.parameters.mode)


def _interval(spell: Spelling, a: int, b: int) -> SpelledInterval:
    return spell_interval(spell.pitch(a), spell.pitch(b))


def motion(spell: Spelling, a: int, b: int) -> str:
    """``"repeats"``, ``"moves up a major second"``, ``"leaps down a perfect fifth"``."""
    if a == b:
        return "repeats"
    way = "up" if b > a else "down"
    verb = "moves" if abs(b - a) <= STEP_MAX else "leaps"
    return f"{verb} {way} {article(_interval(spell, a, b).name)}"


# --- in scale --------------------------------------------------------------------
def _scale_violations(melody: Melody, key: object, mode: object) -> list[Violation]:
    spell = key_of(melody, key, mode)
    pcs = {(spell.tonic + s) % 12 for s in MODES[spell.mode]}
    names = " ".join(spell(60 + spell.tonic + s)[:-1] for s in MODES[spell.mode])
    return [Violation(n.onset, f"{spell(n.midi)} is not in {spell.tonic_name} {spell.mode} ({names})")
            for n in notes(melody) if n.midi % 12 not in pcs]


def is_in_scale(melody: Melody, *, key: object = None, mode: str | None = None) -> bool:
    """Whether every note of ``melody`` is in the scale of ``key`` and ``mode`` (default: the melody's).

    ``key`` is a pitch class, a name such as ``"F#"``, or a ``Key`` (with its mode).
    """
    return not _scale_violations(melody, key, mode)


def assert_in_scale(melody: Melody, *, key: object = None, mode: str | None = None) -> None:
    """Raise ``AssertionError`` naming each note outside the scale (see :func:`is_in_scale`)."""
    report(_scale_violations(melody, key, mode), melody.parameters.meter)


# --- range -----------------------------------------------------------------------
def _range_violations(melody: Melody, min_pitch: int | None, max_pitch: int | None) -> list[Violation]:
    p = melody.parameters
    lo = p.low if min_pitch is None else check_integer(min_pitch, "min_pitch", 0, 127)
    hi = p.high if max_pitch is None else check_integer(max_pitch, "max_pitch", 0, 127)
    check_interval(lo, hi, "min_pitch", "max_pitch")
    spell = key_of(melody, None, None)
    span = f"the range {spell(lo)}–{spell(hi)} (MIDI {lo}–{hi})"
    out = []
    for n in notes(melody):
        if not lo <= n.midi <= hi:
            side = "below" if n.midi < lo else "above"
            out.append(Violation(n.onset, f"{spell(n.midi)} (MIDI {n.midi}) is {side} {span}"))
    return out


def is_in_range(melody: Melody, *, min_pitch: int | None = None, max_pitch: int | None = None) -> bool:
    """Whether every note lies in ``min_pitch..max_pitch`` (MIDI, inclusive; default the parameters' low..high)."""
    return not _range_violations(melody, min_pitch, max_pitch)


def assert_in_range(melody: Melody, *, min_pitch: int | None = None, max_pitch: int | None = None) -> None:
    """Raise ``AssertionError`` naming each note outside the range (see :func:`is_in_range`)."""
    report(_range_violations(melody, min_pitch, max_pitch), melody.parameters.meter)


# --- maximum leap ----------------------------------------------------------------
def _leap_violations(melody: Melody, max_leap: int | None) -> list[Violation]:
    limit = melody.parameters.max_leap if max_leap is None else check_integer(max_leap, "max_leap", 0)
    spell = key_of(melody, None, None)
    out = []
    ns = notes(melody)
    for a, b in zip(ns, ns[1:]):
        size = abs(b.midi - a.midi)
        if size > limit:
            leap = _interval(spell, a.midi, b.midi).name
            out.append(Violation(b.onset, f"{spell(a.midi)}→{spell(b.midi)} is {article(leap)} ({size} semitones); "
                                          f"max_leap is {article(interval_name(limit))} ({limit})"))
    return out


def is_within_max_leap(melody: Melody, *, max_leap: int | None = None) -> bool:
    """Whether no two successive notes (rests skipped) are more than ``max_leap`` semitones apart.

    ``max_leap`` defaults to the melody's ``parameters.max_leap``.
    """
    return not _leap_violations(melody, max_leap)


def assert_within_max_leap(melody: Melody, *, max_leap: int | None = None) -> None:
    """Raise ``AssertionError`` naming each leap over the limit, e.g.
    ``"bar 3 beat 2: E4→C♯5 is a major sixth (9 semitones); max_leap is a perfect fifth (7)"``."""
    report(_leap_violations(melody, max_leap), melody.parameters.meter)


# --- leaps resolved by step ------------------------------------------------------
def _resolution_violations(melody: Melody, min_leap: int) -> list[Violation]:
    limit = check_integer(min_leap, "min_leap", STEP_MAX + 1)
    spell = key_of(melody, None, None)
    ns = notes(melody)
    out = []
    for a, b, c in zip(ns, ns[1:], ns[2:]):
        leap = b.midi - a.midi
        if abs(leap) < limit:
            continue
        step = c.midi - b.midi
        if 1 <= abs(step) <= STEP_MAX and (step > 0) != (leap > 0):
            continue
        back = "down" if leap > 0 else "up"
        out.append(Violation(c.onset, f"{spell(a.midi)}→{spell(b.midi)} {motion(spell, a.midi, b.midi)}, "
                                      f"then {spell(b.midi)}→{spell(c.midi)} {motion(spell, b.midi, c.midi)}; "
                                      f"a leap should be followed by a step back {back}"))
    return out


def has_resolved_leaps(melody: Melody, *, min_leap: int = LEAP_MIN) -> bool:
    """Whether every leap of ``min_leap`` semitones or more (default a fourth) is followed by a step
    (one or two semitones) in the opposite direction.

    A leap into the last note needs no resolution; rests are skipped.
    """
    return not _resolution_violations(melody, min_leap)


def assert_resolved_leaps(melody: Melody, *, min_leap: int = LEAP_MIN) -> None:
    """Raise ``AssertionError`` naming each unresolved leap (see :func:`has_resolved_leaps`)."""
    report(_resolution_violations(melody, min_leap), melody.parameters.meter)


# --- ends on the tonic -----------------------------------------------------------
def _tonic_violations(melody: Melody, key: object) -> list[Violation]:
    spell = key_of(melody, key, None)
    evs = events(melody)
    if not evs:
        return [Violation(None, "the melody is empty; it cannot end on the tonic")]
    last = evs[-1]
    if last.is_rest:
        return [Violation(last.onset, f"the melody ends with a rest, not the tonic {spell.tonic_name}")]
    if last.midi % 12 != spell.tonic:
        return [Violation(last.onset, f"the melody ends on {spell(last.midi)}, not the tonic {spell.tonic_name}")]
    return []


def ends_on_tonic(melody: Melody, *, key: object = None) -> bool:
    """Whether the last event is a note on the tonic of ``key`` (default the melody's)."""
    return not _tonic_violations(melody, key)


def assert_ends_on_tonic(melody: Melody, *, key: object = None) -> None:
    """Raise ``AssertionError`` saying what the melody ends on instead of the tonic."""
    report(_tonic_violations(melody, key), melody.parameters.meter)


# --- forbidden intervals ---------------------------------------------------------
def _matcher(names: Iterable[str]) -> list[tuple[str, object]]:
    if isinstance(names, str):
        raise InvalidArgument(f"forbidden={names!r} must be a collection of interval names, not one string")
    rules: list[tuple[str, object]] = []
    ordinals = {o: g for g, o in enumerate(ORDINALS) if 1 <= g <= 8}
    for name in names:
        if not isinstance(name, str):
            raise InvalidArgument(f"forbidden interval {name!r} must be a name such as 'augmented second'")
        words = name.strip().lower()
        if words == "tritone":
            rules.append((name, ("semitones", 6)))
            continue
        quality, _, ordinal = words.rpartition(" ")
        if ordinal not in ordinals or (quality and quality not in _QUALITIES):
            raise InvalidArgument(
                f"unknown interval name {name!r}; use 'tritone', an ordinal from unison to octave "
                f"('seventh' means any seventh), or a quality and an ordinal ('augmented second')")
        rules.append((name, ("generic", ordinals[ordinal], quality)))
    return rules


def _simple(interval: SpelledInterval) -> tuple[int, int]:
    """(generic number 1..8, semitones) of an interval reduced by octaves (an octave stays 8)."""
    octaves = (interval.generic - 1) // 7
    generic = interval.generic - 7 * octaves
    semitones = interval.semitones - 12 * octaves
    if generic == 1 and octaves:
        generic, semitones = 8, semitones + 12
    return generic, semitones


def _forbidden_violations(melody: Melody, forbidden: Iterable[str]) -> list[Violation]:
    rules = _matcher(forbidden)
    spell = key_of(melody, None, None)
    ns = notes(melody)
    out = []
    for a, b in zip(ns, ns[1:]):
        iv = _interval(spell, a.midi, b.midi)
        generic, semitones = _simple(iv)
        for label, rule in rules:
            if rule[0] == "semitones":
                hit = semitones % 12 == rule[1]  # type: ignore[index]
            else:
                hit = generic == rule[1] and (not rule[2] or iv.quality == rule[2])  # type: ignore[index]
            if hit:
                out.append(Violation(b.onset, f"{spell(a.midi)}→{spell(b.midi)} is {article(iv.name)}, "
                                              f"a forbidden melodic interval ({label})"))
                break
    return out


def has_no_forbidden_intervals(melody: Melody, *, forbidden: Iterable[str] = DEFAULT_FORBIDDEN_INTERVALS) -> bool:
    """Whether no melodic interval between successive notes is forbidden.

    Parameters
    ----------
    forbidden : collection of str
        Interval names, matched against intervals spelled in the melody's key and reduced
        by octaves: ``"tritone"`` (six semitones), a bare ordinal (``"seventh"``: any
        seventh), or a quality and an ordinal (``"augmented second"``, ``"major seventh"``).
        Default ``DEFAULT_FORBIDDEN_INTERVALS``.
    """
    return not _forbidden_violations(melody, forbidden)


def assert_no_forbidden_intervals(melody: Melody, *,
                                  forbidden: Iterable[str] = DEFAULT_FORBIDDEN_INTERVALS) -> None:
    """Raise ``AssertionError`` naming each forbidden interval (see :func:`has_no_forbidden_intervals`)."""
    report(_forbidden_violations(melody, forbidden), melody.parameters.meter)



def _repeat_violations(melody: Melody, count: int) -> list[Violation]:
    limit = check_integer(count, "count", 1)
    spell = key_of(melody, None, None)
    out, run, last = [], 0, None
    for note in notes(melody):
        run = run + 1 if note.midi == last else 1
        last = note.midi
        if run == limit + 1:
            out.append(Violation(note.onset, f"{spell(note.midi)} sounds {run} times in a row; at most {limit}"))
    return out


def has_limited_repeats(melody: Melody, *, count: int = 2) -> bool:
    """Whether no pitch sounds more than ``count`` times in a row (rests between do not reset the count)."""
    return not _repeat_violations(melody, count)


def assert_limited_repeats(melody: Melody, *, count: int = 2) -> None:
    """Raise ``AssertionError`` at each place a pitch sounds more than ``count`` times in a row."""
    report(_repeat_violations(melody, count), melody.parameters.meter)
