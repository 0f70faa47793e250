"""Plain checkers of the voice-leading kinds (``composer.rules.constraints.ARRANGEMENT_KINDS``) on a written
``Arrangement``, read from its parts as written (the searches in ``composer.arrange.voicing`` enforce the same
rules; these checks are independent of them).

Each checker takes the arrangement and the kind's options (a dict, the registry's defaults
filled in) and returns the violations as one line each, starting with the bar
(``"bar 3: ..."``). A part's voices at a moment are its notes sounding then, lowest first.
"""

from __future__ import annotations

__all__ = ["ARRANGEMENT_CHECKERS", "arrangement_violations", "is_dominant_to_tonic"]

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import numpy as np

from composer.arrange.ranges import instrument_range
from composer.arrange.voiceleading import is_parallel
from composer.harmony.chords import VOCABULARY
from composer.rules.constraints import ARRANGEMENT_KINDS, CONSTRAINT_KINDS
from composer.theory.meter import get_meter

if TYPE_CHECKING:
    from composer.arrange.arrangement import Arrangement, Part

#: The part whose voices carry the chorale's inner voices.
CHORALE_PART = "Tenor and alto"


def is_dominant_to_tonic(before: int, after: int) -> bool:
    """Whether chord ``before`` (a vocabulary index) is a dominant (V, V7, vii°, vii°7) and ``after`` the tonic chord."""
    b, a = VOCABULARY[int(before)], VOCABULARY[int(after)]
    dominant = (b.root == 7 and b.quality in ("maj", "dom7")) or (b.root == 11 and b.quality in ("dim", "dim7"))
    return dominant and a.root == 0 and a.quality in ("maj", "min")


def _voices_at(part: "Part", tick: int) -> list[int]:
    """MIDI pitches of ``part`` sounding at ``tick``, lowest first."""
    on, ln, p = part.onsets, part.lengths, part.pitches
    return sorted(set(p[(on <= tick) & (tick < on + ln)].tolist()))


def _bar(a: "Arrangement", tick: int) -> int:
    return int(tick) // get_meter(a.parameters.meter).bar_ticks + 1


def _outer_voices(a: "Arrangement", options: dict) -> list[str]:
    melody, bass = a.parts[0], a.part("Bass")
    times = sorted(set(melody.onsets.tolist()) | set(bass.onsets.tolist()))
    out = []
    for t in times:
        if t == 0:
            continue
        m0, m1 = _voices_at(melody, t - 1), _voices_at(melody, t)
        b0, b1 = _voices_at(bass, t - 1), _voices_at(bass, t)
        if m0 and m1 and b0 and b1 and is_parallel(m0[-1], m1[-1], b0[0], b1[0]):
            kind = "octaves" if (m1[-1] - b1[0]) % 12 == 0 else "fifths"
            out.append(f"bar {_bar(a, t)}: parallel {kind}, melody {m0[-1]}->{m1[-1]} over bass {b0[0]}->{b1[0]}")
    return out


def _leading_tone(a: "Arrangement", options: dict) -> list[str]:
    h = a.harmony
    leading = (h.tonic + 11) % 12
    voiced = [("bass", a.part("Bass"))] + [(p.name.lower(), p) for p in a.parts if p.name == CHORALE_PART]
    out = []
    for s in range(1, len(h.chords)):
        if not is_dominant_to_tonic(int(h.chords[s - 1]), int(h.chords[s])):
            continue
        t = int(h.onsets[s])
        for name, part in voiced:
            before, now = _voices_at(part, t - 1), _voices_at(part, t)
            if len(before) != len(now):
                continue
            for v, (p0, p1) in enumerate(zip(before, now)):
                if p0 % 12 == leading and p1 != p0 + 1:
                    out.append(f"bar {_bar(a, t)}: the leading tone {p0} in the {name} (voice {v + 1}) goes to "
                               f"{p1}, not to the tonic {p0 + 1}, from {h.names[s - 1]} to {h.names[s]}")
    return out


def _part_ranges(a: "Arrangement", options: dict) -> list[str]:
    out = []
    for part in a.parts[1:]:
        low, high = instrument_range(part.program)
        bad = np.flatnonzero((part.pitches < low) | (part.pitches > high))
        if len(bad):
            i = int(bad[0])
            out.append(f"bar {_bar(a, int(part.onsets[i]))}: {part.name} plays {int(part.pitches[i])}, outside the "
                       f"{part.program} range {low}..{high} ({len(bad)} notes)")
    return out


def _slot_voicing(part: "Part", start: int, end: int) -> list[int]:
    inside = (part.onsets >= start) & (part.onsets < end)
    return sorted(set(part.pitches[inside].tolist()))


def _smallest_motion(a: "Arrangement", options: dict) -> list[str]:
    limit = int(options["semitones"])
    h = a.harmony
    out = []
    for part in a.parts[1:]:
        if part.name == "Bass":
            continue
        prev = None
        for s in range(len(h.chords)):
            now = _slot_voicing(part, int(h.onsets[s]), int(h.onsets[s] + h.lengths[s]))
            if prev is not None and now and len(prev) == len(now):
                moves = [abs(x - y) for x, y in zip(prev, now)]
                if max(moves) > limit:
                    out.append(f"bar {_bar(a, int(h.onsets[s]))}: a voice of {part.name} moves {max(moves)} "
                               f"semitones ({prev} -> {now}); at most {limit}")
            prev = now or prev
    return out


#: One plain checker per voice-leading kind: ``checker(arrangement, options) -> [violation, ...]``.
ARRANGEMENT_CHECKERS: dict[str, Callable[["Arrangement", dict], list[str]]] = {
    "outer_voices": _outer_voices,
    "leading_tone": _leading_tone,
    "part_ranges": _part_ranges,
    "smallest_motion": _smallest_motion,
}
assert tuple(ARRANGEMENT_CHECKERS) == ARRANGEMENT_KINDS


def arrangement_violations(arrangement: "Arrangement", kinds: Iterable[str] | None = None,
                           **options: dict) -> dict[str, list[str]]:
    """Check an arrangement's voice leading.

    Parameters
    ----------
    arrangement : Arrangement
    kinds : iterable of str, optional
        Kinds of ``ARRANGEMENT_KINDS`` to check; all by default.
    **options
        Per kind, options that replace the registry's defaults, e.g. ``smallest_motion={"semitones": 5}``.

    Returns
    -------
    dict of str to list of str
        Each kind checked, with its violations (empty when it holds).

    Raises
    ------
    KeyError
        For a kind that is not a voice-leading kind (the message lists them).
    """
    out = {}
    for kind in ARRANGEMENT_KINDS if kinds is None else kinds:
        if kind not in ARRANGEMENT_CHECKERS:
            raise KeyError(f"{kind!r} is not a voice-leading kind; kinds: {', '.join(ARRANGEMENT_KINDS)}")
        opts = {o.name: o.default for o in CONSTRAINT_KINDS[kind].options} | dict(options.get(kind, {}))
        out[kind] = ARRANGEMENT_CHECKERS[kind](arrangement, opts)
    return out
