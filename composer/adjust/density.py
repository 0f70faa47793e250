"""Rhythmic density: merge ornamental notes (sparser) or add passing notes chosen by the model (busier).

Works on single-line parts only (a part with chords or overlapping notes is left alone),
bar by bar, after the mode change, so added notes are spelled in the bar's new mode.
The bar count and every bar's length are kept:

* **merging** joins a note into the note before it when it starts off the beat (so every
  note on a beat, the rhythm skeleton, stays), touches it in the same bar, and the joined
  length is a plain note value; repeated notes are merged first, then notes a step away
  (ornaments and passing notes);
* **enriching** halves a note of at least a quarter that touches the next note and fills
  the second half with a note chosen by the shipped Markov model (``composer.models.
  default_model``): among the scale tones strictly between the two notes (a passing note,
  for a third up to a fifth) or, for a step or a repeat, the scale neighbours of the first
  note and the anticipation of the second, the one with the highest
  ``log P(x | before, a) + log P(c | a, x)``; the sites where that best filler is most
  probable are filled first.

Each bar gets ``round(|density_ratio - 1| * notes in the bar)`` such operations at most.
"""

from __future__ import annotations

__all__ = ["apply_density", "filler"]

from collections.abc import Sequence

from composer.adjust.plan import BarPlan
from composer.adjust.read import KeySpan, Source
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


def _candidates(a: int, c: int, k: KeySpan, mode: str) -> list[int]:
    """MIDI pitches that may fill between ``a`` and ``c``: scale tones of ``mode`` on ``k``'s tonic."""
    scale = {(k.tonic + s) % 12 for s in MODES[mode]}
    lo, hi = min(a, c), max(a, c)
    if 3 <= hi - lo <= 7:  # a passing note inside a third to a fifth
        return [p for p in range(lo + 1, hi) if p % 12 in scale]
    if hi - lo <= 2:  # a step or a repeat: a neighbour of the first note, or the second note anticipated
        below = next(p for p in range(a - 1, a - 3, -1) if p % 12 in scale) if any(
            p % 12 in scale for p in range(a - 2, a)) else None
        above = next(p for p in range(a + 1, a + 3) if p % 12 in scale) if any(
            p % 12 in scale for p in range(a + 1, a + 3)) else None
        return sorted({p for p in (below, above, c) if p is not None and p != a})
    return []


def filler(before: int | None, a: int, c: int, *, key: KeySpan, mode: str, centre: float) -> tuple[int, float] | None:
    """The note the model puts between ``a`` and ``c`` (MIDI), and its log-probability score.

    Parameters
    ----------
    before : int or None
        The MIDI pitch before ``a`` (None at the start of the part).
    a, c : int
        The note that is halved and the note after it, MIDI.
    key : KeySpan
        The key in force.
    mode : str
        The bar's mode (after any mode change).
    centre : float
        Mean MIDI pitch of the part (places the model's reference tonic).

    Returns
    -------
    (int, float) or None
        The filler and ``log P(x | before, a) + log P(c | a, x)`` (natural log), or None
        when no candidate fits.
    """
    from composer.models import default_model, mode_family, reference_tonic, rel_to_token
    from composer.models.tokens import START

    cands = _candidates(a, c, key, mode)
    if not cands:
        return None
    model = default_model()
    fam = mode_family(mode)
    ref = reference_tonic(key.tonic, centre)
    tok = lambda m: rel_to_token(m - ref)  # noqa: E731
    b = START if before is None else tok(before)
    scored = [(float(model.pitch_logp[fam, b, tok(a), tok(x)] + model.pitch_logp[fam, tok(a), tok(x), tok(c)]), -x)
              for x in cands]
    score, x = max(scored)
    return -x, score


def _spell(midi: int, k: KeySpan, mode: str):
    from music21 import pitch

    from composer.theory.spelling import spell_pitch

    s = spell_pitch(midi, k.tonic, mode)
    return pitch.Pitch(s.letter + ("#" * s.alter if s.alter > 0 else "-" * -s.alter) + str(s.octave))


def _on_beat(n, measure) -> bool:
    ts = measure.getContextByClass("TimeSignature")
    beat = float(ts.beatDuration.quarterLength) if ts is not None else 1.0
    return abs(float(n.offset) / beat - round(float(n.offset) / beat)) < 1e-9


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
        line = [n for n in parts[i].recurse().notes if n.pitches]
        centre = sum(n.pitch.ps for n in line) / max(1, len(line))
        previous = {id(b): a.pitch.midi for a, b in zip(line, line[1:])}
        for measure in parts[i].getElementsByClass(stream.Measure):
            bar = min(bar_of(source, float(measure.offset)), len(plans) - 1)
            plan = plans[bar]
            if plan.density_ratio == 1.0:
                continue
            notes = [n for n in measure.notes if n.pitches]
            budget = round(abs(plan.density_ratio - 1) * len(notes))
            pairs = [(a, c) for a, c in zip(notes, notes[1:])
                     if abs(float(c.offset) - float(a.offset + a.quarterLength)) < 1e-9 and a.tie is None]
            if plan.density_ratio < 1:
                joins = [(a.pitch.ps != c.pitch.ps, j, a, c) for j, (a, c) in enumerate(pairs)
                         if c.tie is None and not _on_beat(c, measure) and abs(a.pitch.ps - c.pitch.ps) <= 2
                         and float(a.quarterLength + c.quarterLength) in _PLAIN]
                gone: set[int] = set()
                for _, _, a, c in sorted(joins, key=lambda t: (t[0], t[1])):
                    if budget <= 0:
                        break
                    if id(a) in gone or id(c) in gone:  # a chain: the next pair waits for another pass
                        continue
                    a.quarterLength = float(a.quarterLength + c.quarterLength)
                    measure.remove(c)
                    gone.update((id(a), id(c)))
                    budget -= 1
            else:
                k = source.key_of_bar(bar)
                sites = []
                for j, (a, c) in enumerate(pairs):
                    if float(a.quarterLength) >= 1.0:
                        got = filler(previous.get(id(a)), a.pitch.midi, c.pitch.midi, key=k, mode=plan.mode,
                                     centre=centre)
                        if got is not None:
                            sites.append((-got[1], j, a, got[0]))
                for _, _, a, x in sorted(sites, key=lambda t: (t[0], t[1]))[:budget]:
                    half = float(a.quarterLength) / 2
                    a.quarterLength = half
                    passing = note.Note(_spell(x, k, plan.mode), quarterLength=half)
                    passing.volume.velocity = a.volume.velocity
                    measure.insert(float(a.offset) + half, passing)
