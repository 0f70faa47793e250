"""Rhythmic density: merge repeated notes (sparser) or add diatonic passing notes (busier).

Works on single-line parts only (a part with chords or overlapping notes is left alone),
bar by bar, after the mode change, so passing notes are spelled in the bar's new mode.
The bar count and every bar's length are kept:

* merging joins a note with the next note of the same pitch that starts where it ends in
  the same bar, when the joined length is a plain note value;
* a passing note halves a note of at least a quarter that moves by a third to the next
  note, and fills the second half with the scale step between them.

Each bar gets ``round(|density_ratio - 1| * notes in the bar)`` such operations at most,
taken from the bar's start.
"""

from __future__ import annotations

__all__ = ["apply_density"]

from collections.abc import Sequence

from composer.adjust.pitch import NATURAL_PC
from composer.adjust.plan import BarPlan
from composer.adjust.read import Source
from composer.theory.scales import MODES

_LETTERS = "CDEFGAB"
#: Lengths in quarter notes a merged note may have (plain and dotted values).
_PLAIN = {0.25, 0.375, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0}


def _single_line(part) -> bool:
    notes = [n for n in part.recurse().notes if n.pitches]
    if any(len(n.pitches) != 1 for n in notes):
        return False
    ends = [(float(n.getOffsetInHierarchy(part)), float(n.getOffsetInHierarchy(part) + n.quarterLength))
            for n in notes]
    return all(b[0] >= a[1] - 1e-9 for a, b in zip(ends, ends[1:]))


def _between(low, high, source: Source, mode: str, bar: int):
    """The scale step between two pitches a third apart (music21 pitches), spelled in ``mode``."""
    from music21 import pitch

    lo, hi = (low, high) if low.diatonicNoteNum < high.diatonicNoteNum else (high, low)
    if hi.diatonicNoteNum - lo.diatonicNoteNum != 2:
        return None
    letter = (_LETTERS.index(lo.step) + 1) % 7
    octave = lo.octave + (1 if lo.step == "B" else 0)
    k = source.key_of_bar(bar)
    degree = (letter - k.tonic_letter) % 7
    pc = (k.tonic + MODES[mode][degree]) % 12
    alter = (pc - NATURAL_PC[letter] + 6) % 12 - 6
    p = pitch.Pitch(_LETTERS[letter] + ("#" * alter if alter > 0 else "-" * -alter) + str(octave))
    return p if lo.ps < p.ps < hi.ps else None


def apply_density(source: Source, plans: Sequence[BarPlan]) -> None:
    """Merge or add notes bar by bar as the plans ask (see the module docstring)."""
    from music21 import note, stream

    from composer.adjust.transform import bar_of

    if all(p.density_ratio == 1.0 for p in plans):
        return
    parts = list(source.score.parts)
    for i in source.pitched:
        if not _single_line(parts[i]):
            continue
        for b, measure in enumerate(parts[i].getElementsByClass(stream.Measure)):
            bar = min(bar_of(source, float(measure.offset)), len(plans) - 1)
            plan = plans[bar]
            if plan.density_ratio == 1.0:
                continue
            notes = [n for n in measure.notes if n.pitches]
            budget = round(abs(plan.density_ratio - 1) * len(notes))
            j = 0
            while budget > 0 and j + 1 < len(notes):
                a, c = notes[j], notes[j + 1]
                end = float(a.offset + a.quarterLength)
                touching = abs(float(c.offset) - end) < 1e-9
                if plan.density_ratio < 1 and touching and a.pitch.ps == c.pitch.ps and a.tie is None \
                        and c.tie is None and float(a.quarterLength + c.quarterLength) in _PLAIN:
                    a.quarterLength = float(a.quarterLength + c.quarterLength)
                    measure.remove(c)
                    notes.pop(j + 1)
                    budget -= 1
                    continue
                if plan.density_ratio > 1 and touching and float(a.quarterLength) >= 1.0 and a.tie is None:
                    step = _between(a.pitch, c.pitch, source, plan.mode, bar)
                    if step is not None:
                        half = float(a.quarterLength) / 2
                        a.quarterLength = half
                        passing = note.Note(step, quarterLength=half)
                        passing.volume.velocity = a.volume.velocity
                        measure.insert(float(a.offset) + half, passing)
                        budget -= 1
                j += 1
