"""``has_cadences``: each phrase ends with an arrival on a stable degree; the last one on the tonic, by step or from the dominant."""

from __future__ import annotations

__all__ = ["has_cadences", "assert_cadences", "has_phrase_cadences", "assert_phrase_cadences", "CADENCE_DEGREES"]

from composer.melody import Melody
from composer.search.check import cadence_pitch_classes
from composer.testing._internal.melodic import article, key_of
from composer.testing._internal.reading import Violation, duration_name, events, report
from composer.testing._internal.validation import check_integer
from composer.theory.intervals import STEP_MAX, interval_name
from composer.theory.meter import get_meter

#: Semitones above the tonic a phrase may end on: the tonic triad (1, ♭3 or 3, 5) for an
#: authentic close, the dominant triad (5, ♭7 or 7, 2) for a half close.
CADENCE_DEGREES: frozenset[int] = frozenset({0, 3, 4, 7, 10, 11, 2})
_DOMINANT = 7


def _cadence_violations(melody: Melody, phrase_bars: int) -> list[Violation]:
    size = check_integer(phrase_bars, "phrase_bars", 1)
    meter = get_meter(melody.parameters.meter)
    phrase_ticks = size * meter.bar_ticks
    spell = key_of(melody, None, None)
    evs = events(melody)
    if not evs:
        return [Violation(None, "the melody is empty; it has no cadence")]
    total = sum(e.ticks for e in evs)
    n_phrases = -(-total // phrase_ticks)
    out = []
    for k in range(n_phrases):
        start, end = k * phrase_ticks, min((k + 1) * phrase_ticks, total)
        first_bar, last_bar = start // meter.bar_ticks + 1, (end - 1) // meter.bar_ticks + 1
        label = f"phrase {k + 1} (bars {first_bar}–{last_bar})" if last_bar > first_bar else \
            f"phrase {k + 1} (bar {first_bar})"
        inside = [i for i, e in enumerate(evs) if start <= e.onset < end]
        sounding = [i for i in inside if not evs[i].is_rest]
        if not sounding:
            out.append(Violation(start, f"{label} has no note to end on"))
            continue
        i = sounding[-1]
        note = evs[i]
        name = spell(note.midi)
        if note.onset < (last_bar - 1) * meter.bar_ticks:
            out.append(Violation(note.onset, f"{label} ends on {name}, which is not in its last bar"))
            continue
        held = note.ticks
        if note.onset % meter.beat_ticks:
            out.append(Violation(note.onset, f"{label} ends on {name} off the beat; a cadence arrives on a beat"))
        elif held < meter.beat_ticks:
            out.append(Violation(note.onset, f"{label} ends on {name}, {article(duration_name(held))}; "
                                             "a cadence note lasts at least a beat"))
        degree = (note.midi - spell.tonic) % 12
        if k == n_phrases - 1:
            if degree != 0:
                out.append(Violation(note.onset, f"the last phrase ends on {name}, not the tonic {spell.tonic_name}"))
                continue
            before = [j for j in range(i) if not evs[j].is_rest]
            if before:
                prev = evs[before[-1]].midi
                if abs(note.midi - prev) > STEP_MAX and (prev - spell.tonic) % 12 != _DOMINANT:
                    out.append(Violation(note.onset, f"the final tonic {name} is reached from {spell(prev)}, "
                                                     f"{article(interval_name(note.midi - prev))} away; a final "
                                                     "cadence reaches the tonic by step or from the dominant"))
        elif degree not in CADENCE_DEGREES:
            out.append(Violation(note.onset, f"{label} ends on {name}, {article(interval_name(degree))} above the "
                                             f"tonic; a phrase ends on a note of the tonic or dominant triad"))
    return out


def has_cadences(melody: Melody, *, phrase_bars: int = 4) -> bool:
    """Whether every phrase of ``phrase_bars`` bars (the last may be shorter) closes with a cadence.

    A phrase's cadence note is its last note. It must start in the phrase's last bar, on a
    beat, and last at least a beat itself. The last phrase must close on
    the tonic, reached by step (or a repeat) or from the dominant; the others on a note of
    the tonic or dominant triad (``CADENCE_DEGREES``, semitones above the tonic).
    """
    return not _cadence_violations(melody, phrase_bars)


def assert_cadences(melody: Melody, *, phrase_bars: int = 4) -> None:
    """Raise ``AssertionError`` naming each phrase end without a cadence (see :func:`has_cadences`)."""
    report(_cadence_violations(melody, phrase_bars), melody.parameters.meter)


def _phrase_cadence_violations(melody: Melody, phrase_bars: int) -> list[Violation]:
    # The ``cadence`` constraint of a style, as the search keeps it (docs/rules.md): at every
    # phrase end the note sounding there starts on a strong beat, lasts a beat or more and is a
    # stable degree (cadence_pitch_classes): the tonic at the final end.
    size = check_integer(phrase_bars, "phrase_bars", 1)
    meter = get_meter(melody.parameters.meter)
    spell = key_of(melody, None, None)
    evs = events(melody)
    total = sum(e.ticks for e in evs)
    inner, final = cadence_pitch_classes(melody.parameters.mode)
    out = []
    for end in sorted(set(range(size * meter.bar_ticks, total, size * meter.bar_ticks)) | {total}):
        note = next(e for e in evs if e.onset < end <= e.onset + e.ticks)
        label = f"the phrase ending with bar {end // meter.bar_ticks}"
        if note.is_rest:
            out.append(Violation(note.onset, f"{label} ends on a rest"))
            continue
        name = spell(note.midi)
        if note.onset % meter.bar_ticks not in meter.strong_ticks:
            out.append(Violation(note.onset, f"{label} ends on {name}, which starts off the strong beats"))
        if note.ticks < meter.beat_ticks:
            out.append(Violation(note.onset, f"{label} ends on {name}, {article(duration_name(note.ticks))}; "
                                             "a cadence note lasts at least a beat"))
        allowed = final if end == total else inner
        if (note.midi - spell.tonic) % 12 not in allowed:
            what = "the tonic" if end == total else "a stable degree (1, 3, 5 or 2)"
            out.append(Violation(note.onset, f"{label} ends on {name}, not {what}"))
    return out


def has_phrase_cadences(melody: Melody, *, phrase_bars: int = 4) -> bool:
    """Whether ``melody`` keeps a style's ``cadence`` constraint (weaker than :func:`has_cadences`).

    At every phrase end (every ``phrase_bars`` bars, and at the end) the note sounding there
    starts on a strong beat, lasts at least a beat and is a stable degree: the tonic at the
    end; the tonic triad's degrees or the 2nd (a half cadence) inside.
    """
    return not _phrase_cadence_violations(melody, phrase_bars)


def assert_phrase_cadences(melody: Melody, *, phrase_bars: int = 4) -> None:
    """Raise ``AssertionError`` at each phrase end that breaks the ``cadence`` constraint."""
    report(_phrase_cadence_violations(melody, phrase_bars), melody.parameters.meter)
