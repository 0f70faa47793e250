"""Harmonic colour: borrowed chords in the accompaniment where the mode alone falls short of the target.

Where a bar's target mode (the style's, at the bar's emotion) is darker than the mode the
bar is written in after the mode change (the ladder move was cut by ``strength``, or the
mode is kept; the rungs still to go times ``strength`` at least the rules' ``shortfall``), chords of the accompaniment parts are re-spelled as chords borrowed from the
parallel key, by the rules of :data:`BORROWED`; where it is brighter, the other way. Chords
are named with ``composer.harmony``'s vocabulary (``classify_pitch_classes``) from the
sonority of all pitched parts at each onset, relative to the bar's tonic.

Only accompaniment notes change (every part but the melody, the part with the highest mean
pitch), by one semitone with their letter kept (A becomes A♭), and only where the melody
does not sound the note being replaced while the accompaniment note sounds (no false
relation against the tune). A single-line piece has no accompaniment and is left alone.
"""

from __future__ import annotations

__all__ = ["BORROWED", "apply_harmony"]

from collections.abc import Sequence
from dataclasses import dataclass

from composer.adjust.plan import BarPlan
from composer.adjust.read import Source
from composer.harmony.chords import VOCABULARY, classify_pitch_classes, roman
from composer.theory.scales import is_major_type

_LETTERS = "CDEFGAB"


@dataclass(frozen=True)
class Borrowing:
    """One borrowed-chord rule.

    Attributes
    ----------
    direction : int
        -1: used toward a darker target, in a major-type mode; +1: toward a brighter one, in a
        minor-type mode.
    root, quality : int, str
        The chord it applies to (semitones above the tonic, ``composer.harmony`` quality).
    tone, to : int
        The chord tone (semitones above the tonic) that moves, and where to.
    final_only : bool
        Whether it applies only to the piece's last chord.
    name : str
        The chord it becomes and the rule, in words, for the report.
    """

    direction: int
    root: int
    quality: str
    tone: int
    to: int
    final_only: bool
    name: str


#: The rules: minor iv in major (its 6th degree lowered), major IV in minor (raised 6th,
#: the dorian colour) and the Picardy third (the last chord's minor third raised).
BORROWED: tuple[Borrowing, ...] = (
    Borrowing(-1, 5, "maj", 9, 8, False, "iv (minor subdominant, borrowed from the parallel minor)"),
    Borrowing(+1, 5, "min", 8, 9, False, "IV (major subdominant, borrowed from the parallel major)"),
    Borrowing(+1, 0, "min", 3, 4, True, "I (Picardy third on the last chord)"),
)


def apply_harmony(source: Source, plans: Sequence[BarPlan]) -> list[tuple[int, str]]:
    """Re-spell the accompaniment's chords in bars whose plan asks for borrowed colour.

    Returns
    -------
    list of (int, str)
        For each changed chord: its 0-based bar and the rule's name (for the report).
    """
    from composer.adjust.transform import _notes, bar_of

    if all(p.borrow == 0 for p in plans) or len(source.pitched) < 2:
        return []
    events = list(_notes(source))  # (part, note, offset)
    pitches: dict[int, list[float]] = {i: [] for i in source.pitched}
    for i, n, _ in events:
        pitches[i].extend(p.ps for p in n.pitches)
    melody = max(pitches, key=lambda i: sum(pitches[i]) / max(1, len(pitches[i])))
    onsets = sorted({o for _, _, o in events})
    last = onsets[-1] if onsets else 0.0
    done: list[tuple[int, str]] = []
    for t in onsets:
        bar = bar_of(source, t)
        plan = plans[min(bar, len(plans) - 1)]
        if plan.borrow == 0:
            continue
        k = source.key_of_bar(bar)
        if is_major_type(plan.mode) != (plan.borrow < 0):
            continue
        sounding = [(i, n, o) for i, n, o in events if o <= t + 1e-9 < o + float(n.quarterLength)]
        if not sounding:
            continue
        rel = {(int(p.ps) - k.tonic) % 12 for _, n, _ in sounding for p in n.pitches}
        bass = min(int(p.ps) for _, n, _ in sounding for p in n.pitches)
        index = classify_pitch_classes(frozenset(rel), bass=(bass - k.tonic) % 12)
        if index is None:
            continue
        chord = VOCABULARY[index]
        for rule in BORROWED:
            if rule.direction != plan.borrow or (chord.root, chord.quality) != (rule.root, rule.quality) \
                    or (rule.final_only and t != last):
                continue
            changed = False
            for i, n, o in sounding:
                if i == melody or o != t:  # only notes struck in this chord, never the melody
                    continue
                end = o + float(n.quarterLength)
                clash = any(j == melody and q < end and q + float(m.quarterLength) > o
                            and any((int(p.ps) - k.tonic) % 12 == rule.tone for p in m.pitches)
                            for j, m, q in events)
                if clash:
                    continue
                for p in n.pitches:
                    if (int(p.ps) - k.tonic) % 12 == rule.tone:
                        alter = (int(round(p.accidental.alter)) if p.accidental is not None else 0) + rule.to - rule.tone
                        if abs(alter) <= 2:
                            from music21 import pitch

                            p.accidental = pitch.Accidental(alter) if alter else None
                            changed = True
            if changed:
                done.append((bar, f"{roman(index)}: {rule.name}"))
    return done
