"""``arrange``: a melody plus harmony, bass and accompaniment, as an ``Arrangement`` of parts.

An ``Arrangement`` holds the ``Melody``, its ``Harmony`` and a tuple of ``Part``s (the
melody first). Each part's notes are parallel int64 arrays in sixteenth-note ticks.
It writes like a melody (``write(path)``: multi-track MIDI, multi-part MusicXML, WAV of
all parts, ...) through ``composer.render``.
"""

from __future__ import annotations

__all__ = ["Part", "Arrangement", "arrange", "ensemble", "BASS_STYLES"]

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from composer.arrange.patterns import accompaniment_notes, bass_notes
from composer.arrange.ranges import instrument_range
from composer.arrange.voicing import BASS_RANGE, bass_line, chord_voicings, chorale_voices, walking_bass
from composer.errors import HarmonyError
from composer.harmony.harmoniser import harmonise
from composer.harmony.progression import Harmony
from composer.rules.parameters import ACCOMPANIMENTS
from composer.theory.meter import get_meter
from composer.theory.scales import scale_pitch_classes

if TYPE_CHECKING:
    import music21

    from composer.arrange.reduction import PianoReduction
    from composer.melody import Melody
    from composer.render.performance import Performance


@dataclass(frozen=True)
class Part:
    """One instrument's notes.

    Attributes
    ----------
    name : str
        Part name shown in the score (``"Melody"``, ``"Accompaniment"``, ``"Bass"``).
    program : str
        General MIDI program name (``composer.rules.instruments.GM_PROGRAMS``).
    onsets, lengths, pitches, velocities : ndarray of int64, shape (n,)
        Start and length in ticks, MIDI pitch and velocity of each note (no rests), by onset.
    """

    name: str
    program: str
    onsets: np.ndarray
    lengths: np.ndarray
    pitches: np.ndarray
    velocities: np.ndarray

    def line(self) -> tuple[np.ndarray, np.ndarray]:
        """Return the part as a line ``(pitches, ticks)`` with rests (-1) in the gaps; for a monophonic part
        (one note at a time), the form ``composer.arrange.voiceleading`` checks."""
        pitches: list[int] = []
        ticks: list[int] = []
        t = 0
        for on, length, p in zip(self.onsets.tolist(), self.lengths.tolist(), self.pitches.tolist()):
            if on < t:
                raise HarmonyError(f"part {self.name!r} plays several notes at tick {on}; it is not a single line")
            if on > t:
                pitches.append(-1)
                ticks.append(on - t)
            pitches.append(p)
            ticks.append(length)
            t = on + length
        return np.array(pitches, dtype=np.int64), np.array(ticks, dtype=np.int64)


#: Accompaniment and bass instruments (General MIDI) for each pattern.
ensemble: dict[str, tuple[str, str]] = {
    "block": ("acoustic_grand_piano", "acoustic_grand_piano"),
    "alberti": ("acoustic_grand_piano", "acoustic_grand_piano"),
    "arpeggio": ("acoustic_grand_piano", "acoustic_grand_piano"),
    "pad": ("string_ensemble_1", "contrabass"),
    "chorale": ("church_organ", "church_organ"),
    "chiptune": ("lead_1_square", "synth_bass_1"),
}


@dataclass(frozen=True)
class Arrangement:
    """A melody with its harmony and accompanying parts.

    Attributes
    ----------
    melody : Melody
    harmony : Harmony
    parts : tuple of Part
        The melody's part first, then the accompaniment and the bass.
    """

    melody: "Melody"
    harmony: Harmony
    parts: tuple[Part, ...]

    @property
    def parameters(self):  # noqa: ANN201 - the melody's Parameters
        """The melody's parameters (tempo, metre, key...)."""
        return self.melody.parameters

    @property
    def bars(self) -> int:
        """Length in bars (the melody's)."""
        return self.melody.bars

    @property
    def seconds(self) -> float:
        """Length in seconds (the melody's)."""
        return self.melody.seconds

    @property
    def n_notes(self) -> int:
        """Notes of every part together."""
        return int(sum(len(p.pitches) for p in self.parts))

    def part(self, name: str) -> Part:
        """Return the part called ``name``."""
        for p in self.parts:
            if p.name == name:
                return p
        raise KeyError(f"no part {name!r}; parts: {', '.join(p.name for p in self.parts)}")

    def part_melody(self, name: str) -> "Melody":
        """Return the single-line part ``name`` as a ``Melody`` with the melody's parameters, so every
        predicate of ``composer.testing`` applies to it (e.g. ``has_no_parallels(a.melody, a.part_melody("Bass"))``).

        Raises
        ------
        HarmonyError
            If the part plays several notes at once.
        """
        from dataclasses import replace

        pitches, ticks = self.part(name).line()
        vel = np.where(pitches >= 0, 64, 0)
        return replace(self.melody, pitches=pitches, ticks=ticks, velocities=vel, breakdown={})

    def to_stream(self) -> "music21.stream.Score":
        """Return a music21 ``Score`` with one ``Part`` per part, each with its instrument and program."""
        from composer.render.parts import arrangement_to_stream

        return arrangement_to_stream(self)

    def to_performance(self) -> "Performance":
        """Return every part's notes timed in seconds (for audio and piano rolls)."""
        from composer.render.parts import arrangement_performance

        return arrangement_performance(self)

    def piano_reduction(self, **limits: int) -> "PianoReduction":
        """Return every part folded onto a piano's two hands (``composer.arrange.reduction.piano_reduction``;
        ``limits``: ``max_notes`` per hand, ``max_span`` in semitones)."""
        from composer.arrange.reduction import piano_reduction

        return piano_reduction(self, **limits)

    def write(self, path: str | Path, *, overwrite: bool = False, **options: Any) -> Path:
        """Write the arrangement; the ending chooses the format, as for ``Melody.write``.

        ``.mid`` writes one track per part with its General MIDI program; ``.musicxml``
        one staff per part with its name.
        """
        from composer.render.files import write

        return write(self, path, overwrite=overwrite, **options)

    def __str__(self) -> str:
        return (f"Arrangement of {self.melody}\n  harmony: {self.harmony}\n  parts: "
                + ", ".join(f"{p.name} ({p.program}, {len(p.pitches)} notes)" for p in self.parts))


#: Ways the bass can move: ``held`` (one note per chord, struck on each beat when excited), ``pedal`` (the
#: tonic held under every chord), ``walking`` (one note per beat, walking through the chord to the next).
BASS_STYLES: tuple[str, ...] = ("held", "pedal", "walking")


def arrange(melody: "Melody", *, accompaniment: str | None = None, harmony: Harmony | None = None,
            bass: str = "held", bass_range: tuple[int, int] = BASS_RANGE) -> Arrangement:
    """Arrange ``melody``: harmonise it, then add a bass and an accompaniment pattern.

    Parameters
    ----------
    melody : Melody or Piece
        The tune; its parameters give the key, metre, harmony weights and the pattern.
        A ``Piece`` (a story or cue sheet) is arranged section by section and comes back
        as an ``ArrangedPiece`` (``composer.arrange.piece``).
    accompaniment : str, optional
        One of ``composer.rules.parameters.ACCOMPANIMENTS``; the style's
        ``accompaniment`` parameter by default.
    harmony : Harmony, optional
        Chords to use; ``composer.harmonise(melody)`` by default.
    bass : str
        One of ``BASS_STYLES``: ``held`` (default), ``pedal`` or ``walking`` (falls back
        to ``held`` if no walk avoids parallels with the melody).
    bass_range : (int, int)
        Lowest and highest MIDI pitch of the held bass (``BASS_RANGE``, 36–55, by default).

    Returns
    -------
    Arrangement
        Parts "Melody", "Accompaniment" (for ``chorale``: "Tenor and alto") and "Bass".
        The bass makes no parallel fifths or octaves with the melody.

    Raises
    ------
    HarmonyError
        If no voicing meets the voice-leading rules, the kinds of
        ``composer.rules.constraints.ARRANGEMENT_KINDS`` (the message names the kind and the
        bar), or ``bass_range`` leaves the bass instrument's range (``part_ranges``).
    """
    if isinstance(melody, Arrangement):
        raise HarmonyError("arrange() was given an arrangement, not a melody (the film, game and hymn styles "
                           "arrange by default); pass compose(..., arrange=False) for the melody alone, "
                           "or use the arrangement as it is")
    from composer.arrange.piece import ArrangedPiece

    if isinstance(melody, ArrangedPiece):
        raise HarmonyError("arrange() was given an arranged piece, not a piece (stories and cue sheets in the film, "
                           "game and hymn styles arrange by default); pass score_story/score_cues/compose_curve(..., "
                           "arrange=False) for the melody alone, or use the arranged piece as it is")
    if hasattr(melody, "score_sections"):   # a Piece: every section arranged
        from composer.arrange.piece import arrange_piece

        if harmony is not None:
            raise HarmonyError("harmony= applies to one melody, not to a piece of several sections")
        return arrange_piece(melody, accompaniment=accompaniment, bass=bass)  # type: ignore[return-value]
    p = melody.parameters
    pattern = p.accompaniment if accompaniment is None else accompaniment
    if pattern not in ACCOMPANIMENTS:
        raise HarmonyError(f"unknown accompaniment {pattern!r}; use one of {', '.join(ACCOMPANIMENTS)}")
    if bass not in BASS_STYLES:
        raise HarmonyError(f"unknown bass {bass!r}; use one of {', '.join(BASS_STYLES)}")
    low_b, high_b = (int(x) for x in bass_range)
    if not 0 <= low_b <= high_b <= 127:
        raise HarmonyError(f"bass_range must be two MIDI pitches low <= high in 0..127, got {tuple(bass_range)}")
    acc_program, bass_program = ensemble[pattern]
    r_low, r_high = instrument_range(bass_program)
    if not r_low <= low_b <= high_b <= r_high:
        raise HarmonyError(f"part_ranges: bass_range {low_b}..{high_b} goes outside the {bass_program} range "
                           f"{r_low}..{r_high} (the {pattern} pattern's bass); keep it inside")
    h = harmonise(melody) if harmony is None else harmony
    meter = get_meter(p.meter)
    line = (melody.pitches, melody.ticks)
    bass_style = bass
    bass = bass_line(h, line, bar_ticks=meter.bar_ticks, low=low_b, high=high_b)
    arousal = melody.affect.arousal
    sounding = melody.pitches[melody.pitches >= 0]
    acc_vel = int(np.clip(p.velocity - 14, 1, 127))
    bass_vel = int(np.clip(p.velocity - 8, 1, 127))
    if pattern == "chorale":
        voices = chorale_voices(h, line, bass, bar_ticks=meter.bar_ticks)
        name = "Tenor and alto"
    else:
        top = int(min(sounding.min() - 1, 72))
        low = max(BASS_RANGE[0] + 12, top - 14, instrument_range(acc_program)[0])
        voices = chord_voicings(h, low=low, high=min(max(top, low + 12), instrument_range(acc_program)[1]),
                                bar_ticks=meter.bar_ticks)
        name = "Accompaniment"
    acc = accompaniment_notes(pattern, h.onsets, h.lengths, voices, beat_ticks=meter.beat_ticks,
                              arousal=arousal, velocity=acc_vel)
    bn = bass_notes(h.onsets, h.lengths, bass, beat_ticks=meter.beat_ticks, arousal=arousal, velocity=bass_vel,
                    pulse=pattern == "chiptune")
    if bass_style == "pedal":
        pedal = BASS_RANGE[0] + (p.tonic - BASS_RANGE[0]) % 12
        bn = bass_notes(h.onsets, h.lengths, np.full(len(h.chords), pedal), beat_ticks=meter.beat_ticks,
                        arousal=arousal, velocity=bass_vel)
    elif bass_style == "walking":
        walk = walking_bass(h, line, bass, beat_ticks=meter.beat_ticks,
                            scale=scale_pitch_classes(p.tonic, p.mode))
        if walk is not None:
            on_w, pitch_w = walk
            ends = np.append(on_w[1:], melody.total_ticks)
            bn = (on_w, ends - on_w, pitch_w, np.full(len(on_w), bass_vel, dtype=np.int64))
    on = melody.onsets[melody.pitches >= 0]
    parts = (
        Part("Melody", p.instrument, on, melody.ticks[melody.pitches >= 0], sounding,
             melody.velocities[melody.pitches >= 0]),
        Part(name, acc_program, *acc),
        Part("Bass", bass_program, *bn),
    )
    return Arrangement(melody, h, parts)
