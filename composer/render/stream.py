"""``melody_to_stream``: a ``Melody`` as a music21 ``Score`` (key, meter, tempo, velocities, articulations)."""

from __future__ import annotations

__all__ = [
    "melody_to_stream",
    "music21_key",
    "spell_midi",
    "dynamic_for_velocity",
    "add_phrase_marks",
    "tempo_mark",
    "shown_tempo",
    "ACCENT_ABOVE",
    "DEFAULT_PHRASE_BARS",
]

from typing import TYPE_CHECKING

import music21
import numpy as np
from music21 import (
    articulations,
    bar,
    clef,
    duration,
    dynamics,
    instrument,
    key,
    metadata,
    meter,
    note,
    pitch,
    spanner,
    stream,
    tempo,
    tie,
)

from composer.errors import RenderError
from composer.render.instruments import gm_instrument
from composer.theory.meter import TICKS_PER_QUARTER, get_meter
from composer.theory.scales import MODES
from composer.theory.spelling import SpelledPitch, key_spelling, spell_pitch, spell_with

if TYPE_CHECKING:
    from composer.render.protocols import NoteLine

#: How each composer mode is written as a music21 key (pentatonics by their third,
#: harmonic minor as minor with a raised seventh).
_M21_MODE: dict[str, str] = {
    "lydian": "lydian",
    "ionian": "major",
    "mixolydian": "mixolydian",
    "dorian": "dorian",
    "aeolian": "minor",
    "harmonic_minor": "minor",
    "phrygian": "phrygian",
    "locrian": "locrian",
    "major_pentatonic": "major",
    "minor_pentatonic": "minor",
}

#: music21's accidental signs by alteration in semitones.
_M21_ACCIDENTALS = {-2: "--", -1: "-", 0: "", 1: "#", 2: "##"}

#: Below this mean MIDI pitch the melody is written in the bass clef.
_BASS_CLEF_BELOW = 57.0

#: A note this much louder (MIDI velocity) than the median note gets an accent mark.
#: ``compose`` stresses downbeats by 8 at most, which is metre, not an accent to notate.
ACCENT_ABOVE = 12

#: Bars per phrase when none is given: the default of the style's ``cadence`` constraint.
DEFAULT_PHRASE_BARS = 4

#: Dynamic marks and the MIDI velocity each stands for (music21's scale, rounded).
_DYNAMICS: tuple[tuple[str, int], ...] = (
    ("ppp", 16), ("pp", 33), ("p", 49), ("mp", 64), ("mf", 80), ("f", 96), ("ff", 112), ("fff", 127),
)


def dynamic_for_velocity(velocity: float) -> dynamics.Dynamic:
    """Return the dynamic mark (``pp`` .. ``ff``) whose nominal velocity is nearest to ``velocity``.

    Parameters
    ----------
    velocity : float
        MIDI velocity, 1..127.

    Returns
    -------
    music21.dynamics.Dynamic
        For example ``mf`` for 80 and ``p`` for 50.
    """
    name = min(_DYNAMICS, key=lambda d: abs(d[1] - float(velocity)))[0]
    return dynamics.Dynamic(name)


def music21_key(tonic: int, mode: str) -> key.Key:
    """Return the music21 ``Key`` for a tonic pitch class and a composer mode.

    The tonic is named as ``composer.theory.spelling.key_spelling`` spells it: the
    enharmonic name whose key signature has the fewest sharps or flats (D-flat major
    rather than C-sharp major, G-sharp minor rather than A-flat minor; F-sharp major on a tie).

    Parameters
    ----------
    tonic, mode : int, str
        The key, as ``key_spelling`` takes it.

    Returns
    -------
    music21.key.Key
        With mode ``major``, ``minor`` or the church-mode name.

    Raises
    ------
    RenderError
        If the tonic or mode is unknown.
    """
    if mode not in _M21_MODE:
        raise RenderError(f"cannot render mode {mode!r}; known modes: {', '.join(MODES)}")
    if not (isinstance(tonic, int) and 0 <= tonic <= 11):
        raise RenderError(f"tonic must be a pitch class 0..11, got {tonic!r}")
    tonic_name = spell_pitch(60 + tonic, tonic, mode)
    return key.Key(tonic_name.letter + _M21_ACCIDENTALS[tonic_name.alter], _M21_MODE[mode])


def _m21_pitch(spelled: SpelledPitch) -> pitch.Pitch:
    """A pitch spelled by ``composer.theory.spelling`` as a music21 ``Pitch``."""
    p = pitch.Pitch(spelled.letter + _M21_ACCIDENTALS[spelled.alter])
    p.octave = spelled.octave
    return p


def spell_midi(midi: int, table: dict[int, str], prefer_flats: bool) -> pitch.Pitch:
    """Return MIDI pitch ``midi`` as a music21 ``Pitch`` spelled for a key.

    Parameters
    ----------
    midi : int
        MIDI pitch number, 0..127.
    table : dict of int to str
        Pitch class to music21 note name (``"E-"``, ``"C#"``) for the notes of the key.
    prefer_flats : bool
        Spell pitch classes outside ``table`` with flats (True) or sharps (False).

    Returns
    -------
    music21.pitch.Pitch
        A pitch whose ``midi`` equals ``midi``, e.g. ``E-4`` rather than ``D#4`` for 63 in E-flat.
    """
    letters = {pc: ("CDEFGAB".index(name[0]), name.count("#") - name.count("-")) for pc, name in table.items()}
    return _m21_pitch(spell_with(midi, letters, prefer_flats))


def _check(melody: "NoteLine") -> None:
    """Raise ``RenderError`` for arrays no score can be made of."""
    if melody.pitches.size and (melody.pitches.min() < -1 or melody.pitches.max() > 127):
        raise RenderError("pitches must be MIDI numbers 0..127, or -1 for a rest")
    if melody.ticks.size and melody.ticks.min() <= 0:
        raise RenderError("every event must last at least one tick (a sixteenth note)")
    try:
        get_meter(melody.parameters.meter)
    except ValueError as exc:
        raise RenderError(str(exc)) from None


def _metadata(melody: "NoteLine") -> metadata.Metadata:
    p, a = melody.parameters, melody.affect
    md = metadata.Metadata()
    md.title = f"composer: valence {a.valence:+.2f}, arousal {a.arousal:+.2f}"
    md.composer = "composer"
    md.description = (
        f"valence {a.valence:+.3f}, arousal {a.arousal:+.3f}; style {melody.style}, seed {melody.seed}; "
        f"{p.tonic_name} {p.mode}, {p.tempo:g} bpm, {p.meter}, articulation {p.articulation}"
    )
    # Machine-readable copies; MusicXML keeps them as <miscellaneous-field> elements.
    for name, value in (("valence", a.valence), ("arousal", a.arousal), ("style", melody.style), ("seed", melody.seed)):
        md.setCustom(name, str(value))
    return md


def tempo_mark(bpm: float, meter_name: str, *, shown: bool = True) -> tempo.MetronomeMark:
    """The metronome mark of a tempo as an engraver writes it: whole beats of the metre per minute.

    Parameters
    ----------
    bpm : float
        The tempo in quarter notes per minute (fractional when fitted to a duration).
    meter_name : str
        The metre: the mark counts its beats (a dotted quarter in 6/8, else a quarter).
    shown : bool, optional
        False gives a mark that only sounds (a step of a tempo ramp): MIDI and MusicXML's
        ``<sound tempo>`` carry it, nothing is printed.

    Returns
    -------
    music21.tempo.MetronomeMark
        ``number`` is the rounded beats per minute (None when not shown); ``numberSounding``
        the exact value when it is not whole, so that MIDI and MusicXML playback keep the
        exact length. ``getQuarterBPM()`` is ``bpm``.

    Examples
    --------
    >>> mm = tempo_mark(109.68, "4/4")
    >>> mm.number, round(mm.getQuarterBPM(), 2)
    (110, 109.68)
    >>> mm = tempo_mark(120, "6/8")
    >>> mm.number, mm.referent.quarterLength, mm.getQuarterBPM()
    (80, 1.5, 120.0)
    """
    beat = get_meter(meter_name).beat_ticks / TICKS_PER_QUARTER
    per_beat = float(bpm) / beat
    if not shown:
        return tempo.MetronomeMark(numberSounding=per_beat, referent=duration.Duration(beat))
    number = shown_tempo(bpm, meter_name)
    mark = tempo.MetronomeMark(number=number, referent=duration.Duration(beat))
    if abs(per_beat - number) > 1e-9:
        mark.numberSounding = per_beat
    return mark


def shown_tempo(bpm: float, meter_name: str) -> int:
    """The whole number a metronome mark shows for ``bpm`` quarter notes per minute in ``meter_name``."""
    return int(round(float(bpm) / (get_meter(meter_name).beat_ticks / TICKS_PER_QUARTER)))


def _events_by_bar(melody: "NoteLine", bar_ticks: int) -> list[list[tuple[int, int, int, int, bool, bool]]]:
    """Cut the events into bars, splitting (and tying) any event that crosses a bar line.

    Returns
    -------
    list of list of tuple
        One list per bar of ``(offset_ticks, length_ticks, midi, velocity, tie_in, tie_out)``.
    """
    total = melody.total_ticks
    n_bars = max(1, -(-total // bar_ticks))
    bars: list[list[tuple[int, int, int, int, bool, bool]]] = [[] for _ in range(n_bars)]
    onset = 0
    for midi, length, vel in zip(melody.pitches.tolist(), melody.ticks.tolist(), melody.velocities.tolist()):
        start, end = onset, onset + length
        while start < end:
            b = start // bar_ticks
            piece_end = min(end, (b + 1) * bar_ticks)
            bars[b].append((start - b * bar_ticks, piece_end - start, midi, vel, start > onset, piece_end < end))
            start = piece_end
        onset = end
    return bars


def add_phrase_marks(part: stream.Part, *, phrase_bars: int = DEFAULT_PHRASE_BARS, legato: bool = False) -> int:
    """Mark the phrases of ``part``: a slur over each phrase, or a breath mark between phrases.

    A phrase is ``phrase_bars`` measures (the last may be shorter). Legato music gets a
    slur from the first to the last note of each phrase of two notes or more; other music
    gets a breath mark on the last note of every phrase but the final one (a slur over
    staccato notes would read as portato).

    Parameters
    ----------
    part : music21.stream.Part
        A part organised in measures; it is changed in place.
    phrase_bars : int, optional
        Measures per phrase, at least 1.
    legato : bool, optional
        Slurs (True) or breath marks (False).

    Returns
    -------
    int
        The number of marks added.
    """
    if phrase_bars < 1:
        raise RenderError(f"phrase_bars must be at least 1, got {phrase_bars}")
    measures = list(part.getElementsByClass(stream.Measure))
    added = 0
    for start in range(0, len(measures), phrase_bars):
        notes = [n for meas in measures[start:start + phrase_bars] for n in meas.notes]
        if legato and len(notes) >= 2:
            part.insert(0, spanner.Slur(notes[0], notes[-1]))
            added += 1
        elif not legato and notes and start + phrase_bars < len(measures):
            notes[-1].articulations.append(articulations.BreathMark())
            added += 1
    return added


def melody_to_stream(
    melody: "NoteLine", *, instrument_name: str | None = None, phrase_bars: int = DEFAULT_PHRASE_BARS
) -> stream.Score:
    """Return ``melody`` as a music21 ``Score`` with one ``Part`` organised in measures.

    The first measure carries the clef, the key (tonic and mode, spelled with the fewest
    accidentals), the time signature and a metronome mark (quarter = ``parameters.tempo``).
    Notes get ``volume.velocity`` from ``melody.velocities`` (clipped to 1..127, and marked
    absolute so that articulations do not shift it on MIDI export) and, for ``staccato``
    articulation a Staccato mark each (legato music is slurred by phrase instead, see below). Pitches are spelled from
    the key (E-flat, not D-sharp, in E-flat major). The last measure ends with a final bar
    line. An event that crosses a bar line (the search never makes one) is split and tied.

    The first measure also carries a dynamic mark for ``parameters.velocity`` (``mf`` for
    80); a note at least ``ACCENT_ABOVE`` louder than the median note gets an accent;
    phrases of ``phrase_bars`` bars get slurs (legato) or breath marks between them
    (see ``add_phrase_marks``). The metadata holds a title naming the emotion, and the
    valence, arousal, style and seed as custom fields.

    Parameters
    ----------
    melody : NoteLine
        ``pitches`` (MIDI, -1 = rest), ``ticks`` (sixteenth notes) and ``velocities``,
        each shape (n,), plus parameters, affect, style and seed (kept in the metadata).
    instrument_name : str, optional
        A music21 instrument name (``"Piano"``, ``"Violin"``, ``"Flute"``...) instead of the
        style's; its General MIDI program is written to MIDI files. By default the part is
        the style's ``parameters.instrument`` (a General MIDI program name): its program in
        MIDI, its name (``"Church Organ"``) as part and instrument name in MusicXML.
    phrase_bars : int, optional
        Bars per phrase for the phrase marks.

    Returns
    -------
    music21.stream.Score
        One part, ``ceil(total_ticks / bar_ticks)`` measures (at least one), each
        ``bar_ticks / 4`` quarter notes long when the melody fills its bars.

    Raises
    ------
    RenderError
        If a pitch is outside -1..127, a duration is not positive, or the mode, tonic,
        meter or instrument is unknown.
    """
    _check(melody)
    params = melody.parameters
    m = get_meter(params.meter)
    k = music21_key(params.tonic, params.mode)
    spelling, flats = key_spelling(params.tonic, params.mode)

    if instrument_name is None:
        inst = gm_instrument(params.instrument)
    else:
        try:
            inst = instrument.fromString(instrument_name)
        except (music21.exceptions21.InstrumentException, AttributeError, ValueError):
            raise RenderError(f"unknown instrument {instrument_name!r}; use a music21 instrument name such as 'Piano'") from None

    sounding = melody.pitches[melody.pitches >= 0]
    clef_obj = clef.BassClef() if sounding.size and float(sounding.mean()) < _BASS_CLEF_BELOW else clef.TrebleClef()

    # Legato is written by the phrases' slurs (add_phrase_marks), not a tenuto on every note.
    mark = {"staccato": articulations.Staccato}.get(params.articulation)
    sounding_vel = melody.velocities[melody.pitches >= 0]
    accent_from = float(np.median(sounding_vel)) + ACCENT_ABOVE if sounding_vel.size else float("inf")

    part = stream.Part(id="melody")
    part.partName = inst.instrumentName
    part.insert(0, inst)
    measures = []
    for i, events in enumerate(_events_by_bar(melody, m.bar_ticks)):
        meas = stream.Measure(number=i + 1)
        if i == 0:
            meas.insert(0, clef_obj)
            meas.insert(0, k)
            meas.insert(0, meter.TimeSignature(params.meter))
            meas.insert(0, tempo_mark(params.tempo, params.meter))
            meas.insert(0, dynamic_for_velocity(params.velocity))
        for offset, length, midi, vel, tie_in, tie_out in events:
            ql = length / TICKS_PER_QUARTER
            if midi < 0:
                ev: note.GeneralNote = note.Rest(quarterLength=ql)
            else:
                n = note.Note(quarterLength=ql)
                n.pitch = _m21_pitch(spell_with(midi, spelling, flats))
                n.volume.velocity = min(127, max(1, int(vel)))
                n.volume.velocityIsRelative = False
                if mark is not None and not tie_in:
                    n.articulations.append(mark())
                if vel >= accent_from and not tie_in:
                    n.articulations.append(articulations.Accent())
                if tie_in or tie_out:
                    n.tie = tie.Tie("continue" if tie_in and tie_out else "stop" if tie_in else "start")
                ev = n
            meas.insert(offset / TICKS_PER_QUARTER, ev)
        measures.append(meas)
    measures[-1].rightBarline = bar.Barline("final")
    part.append(measures)
    add_phrase_marks(part, phrase_bars=phrase_bars, legato=params.articulation == "legato")

    score = stream.Score(id="composer")
    score.insert(0, _metadata(melody))
    score.insert(0, part)
    return score
