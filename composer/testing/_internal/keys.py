"""Strategies for tonal and metric frames: ``modes()``, ``keys()``, ``meters()``, ``pitches()``."""

from __future__ import annotations

__all__ = ["modes", "keys", "meters", "pitches", "MODE_ORDER", "METER_ORDER", "scale_notes", "by_distance"]

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from composer.testing._internal.registry import defines_strategy
from composer.testing._internal.validation import check_integer, check_interval, check_key, check_mode
from composer.testing._internal.values import Key
from composer.theory.meter import METERS
from composer.theory.scales import MODES, is_major_type


#: Modes in the order they shrink toward: the common major and minor first.
MODE_ORDER: tuple[str, ...] = tuple(dict.fromkeys(
    ("ionian", "aeolian", "dorian", "mixolydian", "lydian", "phrygian", "harmonic_minor", "locrian",
     "major_pentatonic", "minor_pentatonic") + tuple(MODES)))
#: Meters in the order they shrink toward: common time first.
METER_ORDER: tuple[str, ...] = tuple(dict.fromkeys(("4/4", "3/4", "2/4", "6/8") + tuple(METERS)))


def scale_notes(tonic: int, mode: str | None, low: int, high: int) -> list[int]:
    """MIDI pitches from ``low`` to ``high`` (inclusive) in the scale (every pitch when ``mode`` is None)."""
    if mode is None:
        return list(range(low, high + 1))
    pcs = {(tonic + s) % 12 for s in MODES[mode]}
    return [p for p in range(low, high + 1) if p % 12 in pcs]


def by_distance(notes: list[int], centre: float) -> list[int]:
    """``notes`` ordered by distance from ``centre``, the lower first on a tie: the order pitches shrink in."""
    return sorted(notes, key=lambda p: (abs(p - centre), p))


def _check_modes(family: object, allow_pentatonic: object) -> tuple[str, ...]:
    if family not in (None, "major", "minor"):
        raise InvalidArgument(f"family={family!r} must be None, 'major' or 'minor'")
    if not isinstance(allow_pentatonic, bool):
        raise InvalidArgument(f"allow_pentatonic={allow_pentatonic!r} must be True or False")
    out = tuple(m for m in MODE_ORDER
                if (family is None or is_major_type(m) == (family == "major"))
                and (allow_pentatonic or len(MODES[m]) == 7))
    return out


@defines_strategy
def modes(*, family: str | None = None, allow_pentatonic: bool = True) -> st.SearchStrategy[str]:
    """Mode names of ``composer.theory.MODES``.

    Parameters
    ----------
    family : {None, "major", "minor"}
        Only modes with a major third above the tonic (``"major"``: lydian, ionian,
        mixolydian, major pentatonic) or a minor one (``"minor"``); None for all.
    allow_pentatonic : bool
        Whether the five-note scales may be drawn.

    Shrinks toward ``"ionian"`` (or ``"aeolian"`` for the minor family).

    Raises
    ------
    InvalidArgument
        If ``family`` is not None, ``"major"`` or ``"minor"``.
    """
    return st.sampled_from(_check_modes(family, allow_pentatonic))


@defines_strategy
def keys(*, family: str | None = None, allow_pentatonic: bool = True) -> st.SearchStrategy[Key]:
    """Keys: a tonic pitch class (0..11) and a mode, as a :class:`Key`.

    Parameters
    ----------
    family, allow_pentatonic
        Restrict the mode, as in :func:`modes`.

    Shrinks toward C ionian.
    """
    return st.builds(Key, tonic=st.integers(0, 11), mode=st.sampled_from(_check_modes(family, allow_pentatonic)))


@defines_strategy
def meters(*, compound: bool | None = None) -> st.SearchStrategy[str]:
    """Meter names of ``composer.theory.METERS`` (``"4/4"``, ``"3/4"``, ``"2/4"``, ``"6/8"``).

    Parameters
    ----------
    compound : bool or None
        True for compound meters only (beats of three eighths, e.g. 6/8), False for simple
        meters only, None for all.

    Shrinks toward ``"4/4"``.
    """
    if compound not in (None, True, False):
        raise InvalidArgument(f"compound={compound!r} must be None, True or False")
    names = tuple(m for m in METER_ORDER if compound is None or (METERS[m].beat_ticks % 3 == 0) == compound)
    return st.sampled_from(names)


def resolve_key(key: object, mode: object, *, default_mode: str | None) -> tuple[int | None, str | None]:
    """Return (tonic pitch class or None, mode or None) from ``key=`` and ``mode=`` arguments.

    ``key`` may be None, a pitch class 0..11, a name (``"F#"``) or a :class:`Key` (which
    carries its mode; ``mode`` must then be None or the same).
    """
    if isinstance(key, Key):
        if mode is not None and check_mode(mode) != key.mode:
            raise InvalidArgument(f"key={key!r} already has mode {key.mode!r}; cannot also give mode={mode!r}")
        return key.tonic, key.mode
    tonic = None if key is None else check_key(key)
    if mode is not None:
        return tonic, check_mode(mode)
    return tonic, (default_mode if tonic is not None else None)


def _pitch_plan(key: object = None, mode: object = None, min_pitch: int = 21, max_pitch: int = 108) -> list[int]:
    tonic, mode_ = resolve_key(key, mode, default_mode="ionian")
    if tonic is None and mode_ is not None:
        raise InvalidArgument(f"mode={mode_!r} needs a key: give key= too (a tonic such as 'D'), or neither")
    lo = check_integer(min_pitch, "min_pitch", 0, 127)
    hi = check_integer(max_pitch, "max_pitch", 0, 127)
    check_interval(lo, hi, "min_pitch", "max_pitch")
    notes = scale_notes(tonic or 0, mode_, lo, hi)
    if not notes:
        raise InvalidArgument(f"no note of {Key(tonic or 0, mode_ or 'ionian')} lies in min_pitch={lo}..max_pitch={hi}")
    # Shrink toward the tonic (C without a key) nearest the middle of the range.
    centre = (lo + hi) / 2
    tonics = [p for p in range(lo, hi + 1) if p % 12 == (tonic or 0)]
    target = by_distance(tonics, centre)[0] if tonics else centre
    return by_distance(notes, target)


@defines_strategy
def pitches(
    *,
    key: int | str | Key | None = None,
    mode: str | None = None,
    min_pitch: int = 21,
    max_pitch: int = 108,
) -> st.SearchStrategy[int]:
    """MIDI pitches, in a key's scale when a key is given.

    Parameters
    ----------
    key : int, str, Key or None
        The tonic: a pitch class 0..11, a name (``"F#"``, ``"Bb"``, ``"E-"``) or a
        :class:`Key`. None draws from all twelve pitch classes.
    mode : str or None
        The scale on ``key`` (default ``"ionian"``); only with a key.
    min_pitch, max_pitch : int
        Inclusive MIDI bounds (default the piano's A0..C8).

    Shrinks toward the tonic nearest the middle of the range (C when no key is given),
    then toward its neighbours.

    Raises
    ------
    InvalidArgument
        For an unknown key or mode, a mode without a key, bad bounds, or a range with no
        note of the scale.

    Examples
    --------
    >>> p = pitches(key="D", mode="dorian", min_pitch=60, max_pitch=72).example()
    >>> 60 <= p <= 72 and p % 12 in Key("D", "dorian").pitch_classes
    True
    """
    return st.sampled_from(_pitch_plan(key, mode, min_pitch, max_pitch))


