"""ABC notation: a one-part music21 score as ABC 2.1 text (music21 reads ABC but cannot write it).

Written: the title and composer; key (with its mode), metre and tempo, also when they
change mid-piece (inline ``[K:]``, ``[M:]``, ``[Q:]`` fields); notes and rests on a
sixteenth-note unit (``L:1/16``); accidentals as the ABC reader expects them (against the
key signature, and written again on every
note that leaves the key, so that readers which do not carry accidentals through the bar
agree); ties; slurs; staccato, tenuto, accent and
breath marks; dynamics; rehearsal marks and text as annotations. Tempo is written in
whole beats of the metre per minute (``Q:3/8=80`` in 6/8; ABC has no fractional tempo); a
tempo ramp as its words (*accel.*, *rit.*) and the next section's tempo, without the
unprinted marks of its steps.
"""

from __future__ import annotations

__all__ = ["score_to_abc"]

from fractions import Fraction

from music21 import articulations, dynamics, expressions, key, meter, note, spanner, stream, tempo

from composer.errors import RenderError

#: music21 mode -> ABC mode suffix.
_ABC_MODES = {
    "major": "", "minor": "m", "ionian": "ion", "dorian": "dor", "phrygian": "phr", "lydian": "lyd",
    "mixolydian": "mix", "aeolian": "aeo", "locrian": "loc",
}
_ABC_ACCIDENTALS = {-2: "__", -1: "_", 0: "=", 1: "^", 2: "^^"}
_ARTICULATIONS: tuple[tuple[type, str], ...] = (
    (articulations.Staccato, "."),
    (articulations.Tenuto, "!tenuto!"),
    (articulations.Accent, "!>!"),
    (articulations.BreathMark, "!breath!"),
)
#: Bars per line of ABC text.
_BARS_PER_LINE = 4


def _rank(el: object) -> int:
    """Order of the elements at one offset: inline fields K, M, Q, then marks, then the note."""
    for rank, cls in enumerate((key.KeySignature, meter.TimeSignature, tempo.MetronomeMark)):
        if isinstance(el, cls):
            return rank
    return 4 if isinstance(el, note.GeneralNote) else 3


def _key_field(k: key.KeySignature) -> str:
    if not isinstance(k, key.Key):
        k = k.asKey("major")
    tonic = k.tonic.name.replace("-", "b")
    mode = _ABC_MODES.get(k.mode)
    if mode is None:
        k = k.asKey("major")
        tonic, mode = k.tonic.name.replace("-", "b"), ""
    return f"{tonic}{mode}"


def _tempo_field(mm: tempo.MetronomeMark) -> str:
    """``Q:`` in the mark's own beat (``3/8=80`` for a dotted quarter), whole beats per minute."""
    beat = Fraction(mm.referent.quarterLength).limit_denominator(16) / 4
    return f"{beat.numerator}/{beat.denominator}={int(round(mm.getQuarterBPM() / float(beat * 4)))}"


def _length(ql: float | Fraction) -> str:
    """A duration in quarter notes as an ABC length on the sixteenth-note unit (``4``, ``3/2``)."""
    units = Fraction(ql).limit_denominator(64) * 4
    if units <= 0:
        raise RenderError(f"cannot write a zero-length event in ABC (quarterLength {ql})")
    if units == 1:
        return ""
    if units.denominator == 1:
        return str(units.numerator)
    return f"{units.numerator}/{units.denominator}"


def _pitch_text(n: note.Note) -> str:
    p = n.pitch
    if p.octave is None:
        raise RenderError(f"cannot write a note without an octave in ABC: {p.name}")
    letter = p.step
    if p.octave >= 5:
        return letter.lower() + "'" * (p.octave - 5)
    return letter + "," * (4 - p.octave)


def _alter(n: note.Note) -> int:
    alter = n.pitch.alter
    if alter != int(alter) or abs(alter) > 2:
        raise RenderError(f"cannot write the microtone {n.pitch.nameWithOctave} in ABC")
    return int(alter)


def score_to_abc(score: stream.Score, *, reference: int = 1) -> str:
    """Return a one-part score as ABC 2.1 text.

    Parameters
    ----------
    score : music21.stream.Score
        One part organised in measures, single notes and rests (no chords).
    reference : int, optional
        The tune's reference number (``X:``).

    Returns
    -------
    str
        ABC text ending in a newline.

    Raises
    ------
    RenderError
        For a score with several parts, chords, or durations ABC cannot write.
    """
    parts = list(score.parts) or [score]
    if len(parts) != 1:
        raise RenderError(f"ABC export writes one part; this score has {len(parts)} (an arrangement: write the "
                          "melody alone with arrange=False or --melody-only, or choose .musicxml or .mid)")
    part = parts[0]
    measures = list(part.getElementsByClass(stream.Measure))
    if not measures:
        raise RenderError("ABC export needs a score organised in measures")

    slur_starts: set[int] = set()
    slur_ends: set[int] = set()
    for sl in part.spanners.getElementsByClass(spanner.Slur):
        els = sl.getSpannedElements()
        if len(els) >= 2:
            slur_starts.add(id(els[0]))
            slur_ends.add(id(els[-1]))

    first = measures[0].flatten()
    ts0 = first.getElementsByClass(meter.TimeSignature).first()
    ks0 = first.getElementsByClass(key.KeySignature).first()
    mm0 = first.getElementsByClass(tempo.MetronomeMark).first()
    md = score.metadata
    header = [f"X:{int(reference)}", f"T:{(md.bestTitle if md else None) or 'composer'}"]
    if md is not None and md.composer:
        header.append(f"C:{md.composer}")
    header.append(f"M:{ts0.ratioString if ts0 else '4/4'}")
    header.append("L:1/16")
    if mm0 is not None:
        header.append(f"Q:{_tempo_field(mm0)}")
    header.append(f"K:{_key_field(ks0) if ks0 is not None else 'C'}")

    key_sig = ks0 if ks0 is not None else key.KeySignature(0)
    bars_text: list[str] = []
    for i, meas in enumerate(measures):
        bar_alters: dict[tuple[str, int], int] = {}
        tokens: list[str] = []
        pending: list[str] = []  # decorations and annotations waiting for the next note or rest
        for el in sorted(meas.flatten().elements, key=lambda e: (e.offset, _rank(e))):
            if isinstance(el, key.KeySignature):
                if not (i == 0 and el is ks0):
                    tokens.append(f"[K:{_key_field(el)}]")
                key_sig = el
            elif isinstance(el, meter.TimeSignature):
                if not (i == 0 and el is ts0):
                    tokens.append(f"[M:{el.ratioString}]")
            elif isinstance(el, tempo.MetronomeMark):
                # A mark that only sounds (a ramp's step) is left out: ABC has no silent tempo, and
                # the words accel./rit. and the next section's mark say it.
                if el.number is not None and not (i == 0 and el is mm0):
                    tokens.append(f"[Q:{_tempo_field(el)}]")
            elif isinstance(el, dynamics.Dynamic):
                pending.append(f"!{el.value}!")
            elif isinstance(el, (expressions.RehearsalMark, expressions.TextExpression)):
                text = str(el.content).replace('"', "'")
                pending.append(f'"^{text}"')
            elif isinstance(el, note.Rest):
                tokens.append("".join(pending) + "z" + _length(el.quarterLength))
                pending = []
            elif isinstance(el, note.Note):
                text = "(" if id(el) in slur_starts else ""
                text += "".join(pending)
                pending = []
                for cls, mark in _ARTICULATIONS:
                    if any(isinstance(a, cls) for a in el.articulations):
                        text += mark
                step_oct = (el.pitch.step, int(el.pitch.octave))
                sig = key_sig.accidentalByStep(el.pitch.step)
                in_key = int(sig.alter) if sig is not None else 0
                alter = _alter(el)
                # ABC 2.1 carries an accidental to the end of the bar, but some readers
                # (music21's among them) do not: write it on every note that leaves the key
                # signature, and on a return to the key after such a note in the same bar.
                if alter != in_key or bar_alters.get(step_oct, in_key) != alter:
                    text += _ABC_ACCIDENTALS[alter]
                    bar_alters[step_oct] = alter
                text += _pitch_text(el) + _length(el.quarterLength)
                if el.tie is not None and el.tie.type in ("start", "continue"):
                    text += "-"
                if id(el) in slur_ends:
                    text += ")"
                tokens.append(text)
            elif isinstance(el, note.GeneralNote):
                raise RenderError(f"ABC export writes single notes and rests, not {type(el).__name__}")
        bars_text.append(" ".join(tokens))

    lines = []
    for start in range(0, len(bars_text), _BARS_PER_LINE):
        chunk = bars_text[start:start + _BARS_PER_LINE]
        last = start + _BARS_PER_LINE >= len(bars_text)
        lines.append(" | ".join(chunk) + (" |]" if last else " |"))
    return "\n".join(header + lines) + "\n"
