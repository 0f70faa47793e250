"""How one section of a piece joins the next: the key (pivot or common tone) and a reachable first note.

**Keys.** The mode always follows the emotion (the style's choice, or the cue's). The
tonic is chosen so that the key change is smooth:

1. A tonic fixed by the cue sheet is kept.
2. The style's own tonic (its draw for the seed) is kept when it joins smoothly: it
   shares the previous key's tonic (a parallel change, C major → C minor, joined by the
   common tonic), or its scale shares all but at most one note with the previous
   key's scale (a closely related key, joined by pivot notes) — and, either way, the
   previous section's last note belongs to the new scale (a common tone across the join).
3. Otherwise the tonic, among all twelve, whose scale shares the most notes with the
   previous key's (the relative key when the mode turns from major to minor: C major →
   A minor shares all seven); ties go to a key in which the previous last note is a
   stable degree (1, 3 or 5), then to the fewest sharps or flats, then to the tonic
   nearest the previous one around the circle of fifths, then to the lowest pitch class.

**Reach.** The search continues from the previous section's notes, and its ``max_leap``
constraint counts the interval from the previous last note to the first new one. When no
note of the new scale within the new range lies within ``max_leap`` of that note (the
register moved a long way with the emotion), the new range is moved by the fewest
semitones that bring one within reach; the melody then finds its own register again only
through its notes, so the report says so.
"""

from __future__ import annotations

__all__ = ["KeyJoin", "choose_key", "reachable_register", "STABLE_DEGREES"]

from dataclasses import dataclass, replace

from composer.errors import ArgumentError
from composer.rules.parameters import PARAMETER_SPECS, Parameters
from composer.theory.keys import common_tones, fifths_distance, key_fifths
from composer.theory.scales import MODES, PITCH_CLASS_NAMES, scale_pitch_classes

#: Semitones above the tonic of the stable degrees (1, 3, 5), by mode; a mode without a plain
#: third or fifth uses what it has.
STABLE_DEGREES: dict[str, frozenset[int]] = {
    m: frozenset(x for x in (0, 3, 4, 7, 6) if x in steps and (x != 6 or 7 not in steps)) for m, steps in MODES.items()
}


@dataclass(frozen=True)
class KeyJoin:
    """The key chosen for a section and why.

    Attributes
    ----------
    tonic : int
        Pitch class 0–11.
    mode : str
        The mode (the emotion's, or the cue's).
    rule : str
        ``"first"`` (no previous section), ``"fixed"`` (the cue's key), ``"same key"``,
        ``"parallel"`` (same tonic, other mode), ``"closely related"`` (the style's tonic,
        sharing all notes but one), ``"pivot"`` (a tonic chosen for the most shared notes).
    common : int
        Notes the new scale shares with the previous key's (0 for the first section).
    reason : str
        One line for the report, e.g. ``"pivot: A aeolian shares 7 of 7 notes with C ionian"``.
    """

    tonic: int
    mode: str
    rule: str
    common: int
    reason: str


def _name(tonic: int, mode: str) -> str:
    return f"{PITCH_CLASS_NAMES[tonic]} {mode}"


def choose_key(previous: tuple[int, str] | None, last_pitch: int | None, *, drawn_tonic: int, mode: str,
               fixed_tonic: bool = False) -> KeyJoin:
    """Choose the tonic of the next section (see the module's docstring for the rule).

    Parameters
    ----------
    previous : (int, str) or None
        The previous section's tonic (pitch class) and mode; None for the first section.
    last_pitch : int or None
        MIDI pitch of the previous section's last sounding note (None when it has none).
    drawn_tonic : int
        The tonic the style chose for this section's emotion and seed (or the cue's).
    mode : str
        This section's mode.
    fixed_tonic : bool
        The cue fixes the tonic: keep ``drawn_tonic``.

    Returns
    -------
    KeyJoin

    Examples
    --------
    >>> choose_key((0, "ionian"), 60, drawn_tonic=5, mode="aeolian").reason
    'pivot: A aeolian shares 7 of 7 notes with C ionian'
    >>> choose_key((7, "ionian"), 67, drawn_tonic=7, mode="aeolian").rule
    'parallel'
    """
    if mode not in MODES:
        raise ArgumentError(f"unknown mode {mode!r}")
    if previous is None:
        return KeyJoin(drawn_tonic, mode, "first", 0, f"{_name(drawn_tonic, mode)}: the style's key")
    p_tonic, p_mode = previous
    p_name = _name(p_tonic, p_mode)
    if fixed_tonic:
        c = common_tones(p_tonic, p_mode, drawn_tonic, mode)
        return KeyJoin(drawn_tonic, mode, "fixed", c, f"{_name(drawn_tonic, mode)}: fixed by the cue")
    last_pc = None if last_pitch is None or last_pitch < 0 else int(last_pitch) % 12
    size = min(len(MODES[mode]), len(MODES[p_mode]))

    def holds_last(t: int) -> bool:
        return last_pc is None or last_pc in scale_pitch_classes(t, mode)

    c = common_tones(p_tonic, p_mode, drawn_tonic, mode)
    if holds_last(drawn_tonic):
        if drawn_tonic == p_tonic and mode == p_mode:
            return KeyJoin(drawn_tonic, mode, "same key", c, f"{_name(drawn_tonic, mode)}: the same key")
        if drawn_tonic == p_tonic:
            return KeyJoin(drawn_tonic, mode, "parallel", c,
                           f"parallel: {_name(drawn_tonic, mode)} keeps the tonic of {p_name}")
        if c >= size - 1:
            return KeyJoin(drawn_tonic, mode, "closely related", c,
                           f"closely related: {_name(drawn_tonic, mode)} shares {c} of {len(MODES[mode])} notes with {p_name}")

    def rank(t: int) -> tuple:
        stable = last_pc is not None and (last_pc - t) % 12 in STABLE_DEGREES[mode]
        return (-common_tones(p_tonic, p_mode, t, mode), not stable, abs(key_fifths(t, mode)),
                fifths_distance(p_tonic, t), t)

    best = min(range(12), key=rank)
    c = common_tones(p_tonic, p_mode, best, mode)
    rule = "same key" if (best, mode) == (p_tonic, p_mode) else "pivot"
    reason = (f"{_name(best, mode)}: the same key" if rule == "same key"
              else f"pivot: {_name(best, mode)} shares {c} of {len(MODES[mode])} notes with {p_name}")
    return KeyJoin(best, mode, rule, c, reason)


def reachable_register(params: Parameters, last_pitch: int | None) -> float | None:
    """Return a register that brings a first note within ``max_leap`` of ``last_pitch``, or None if none is needed.

    Parameters
    ----------
    params : Parameters
        The next section's parameters (tonic, mode, register, range, max_leap).
    last_pitch : int or None
        MIDI pitch of the previous section's last sounding note.

    Returns
    -------
    float or None
        None when a note of the scale in ``[params.low, params.high]`` is already within
        ``params.max_leap`` of ``last_pitch`` (or there is no previous note); otherwise the
        register nearest to ``params.register`` (whole semitones away, within the legal
        36–96) for which one is.

    Examples
    --------
    >>> from composer.rules import load_style
    >>> from composer.affect import Affect
    >>> p = load_style("default").parameters(Affect(0.9, -0.9))
    >>> reachable_register(p, p.low + 2) is None, reachable_register(p, 30) < p.register
    (True, True)
    """
    if last_pitch is None or last_pitch < 0:
        return None
    scale = scale_pitch_classes(params.tonic, params.mode)
    spec = PARAMETER_SPECS["register"]

    def reachable(p: Parameters) -> bool:
        lo, hi = max(p.low, last_pitch - p.max_leap), min(p.high, last_pitch + p.max_leap)
        return any(m % 12 in scale for m in range(max(lo, 0), min(hi, 127) + 1))

    if reachable(params):
        return None
    for shift in range(1, 61):
        for signed in (shift, -shift) if last_pitch > params.register else (-shift, shift):
            r = params.register + signed
            if spec.low <= r <= spec.high and reachable(replace(params, register=r)):  # type: ignore[operator]
                return float(r)
    return None
