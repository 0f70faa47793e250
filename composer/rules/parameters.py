"""``Parameters``: the musical parameters a style produces for one emotion, and their legal ranges."""

from __future__ import annotations

__all__ = ["Parameters", "PARAMETER_SPECS", "ParameterSpec", "ARTICULATIONS", "ACCOMPANIMENTS"]

from dataclasses import asdict, dataclass, fields

from composer.rules.instruments import GM_PROGRAMS
from composer.theory.meter import METERS
from composer.theory.scales import MODES, PITCH_CLASS_NAMES
from composer.theory.spelling import key_spelling
from composer.theory.tempo import TEMPO_MAX, TEMPO_MIN

#: Articulations a style may ask for, from connected to detached.
ARTICULATIONS: tuple[str, ...] = ("legato", "normal", "staccato")

#: Accompaniment patterns an arrangement can use (composer.arrange.patterns).
ACCOMPANIMENTS: tuple[str, ...] = ("block", "alberti", "arpeggio", "pad", "chorale", "chiptune")


@dataclass(frozen=True)
class ParameterSpec:
    """What values one parameter may take.

    Attributes
    ----------
    name : str
        Parameter name as written in style files.
    kind : str
        ``"number"``, ``"integer"`` or ``"choice"``.
    low, high : float or None
        Inclusive bounds of a numeric parameter.
    choices : tuple of str
        Allowed values of a choice parameter.
    unit : str
        Unit, for documentation and messages.
    doc : str
        One line on what the parameter does.
    default : object or None
        The value used when a style does not set the parameter; ``None`` means every
        style (or a style it extends) must set it.
    """

    name: str
    kind: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    unit: str = ""
    doc: str = ""
    default: object = None

    @property
    def numeric(self) -> bool:
        """Whether the value is a number (``"number"`` or ``"integer"``)."""
        return self.kind in ("number", "integer")

    def allowed(self) -> str:
        """Describe the legal values, for error messages."""
        if self.kind == "choice":
            return "one of " + ", ".join(self.choices)
        kind = "an integer" if self.kind == "integer" else "a number"
        unit = f" {self.unit}" if self.unit else ""
        return f"{kind} in [{self.low:g}, {self.high:g}]{unit}"


#: Every parameter a style sets, with its legal range.
PARAMETER_SPECS: dict[str, ParameterSpec] = {
    s.name: s
    for s in (
        ParameterSpec("tempo", "integer", TEMPO_MIN, TEMPO_MAX, unit="quarter notes per minute", doc="Speed of the beat."),
        ParameterSpec("meter", "choice", choices=tuple(METERS), doc="Time signature."),
        ParameterSpec("mode", "choice", choices=tuple(MODES), doc="Scale the melody uses."),
        ParameterSpec("tonic", "choice", choices=PITCH_CLASS_NAMES, doc="Pitch class of the key's tonic."),
        ParameterSpec("register", "number", 36, 96, unit="MIDI pitch", doc="Centre of the melody's pitch range."),
        ParameterSpec("range", "integer", 5, 34, unit="semitones", doc="Span from the lowest to the highest allowed pitch."),
        ParameterSpec("density", "number", 0.5, 10, unit="notes per second", doc="Target rate of note onsets."),
        ParameterSpec("velocity", "integer", 1, 127, unit="MIDI velocity", doc="Loudness of the notes."),
        ParameterSpec("articulation", "choice", choices=ARTICULATIONS, doc="Legato (slurred phrases), normal or staccato (dots)."),
        ParameterSpec("max_leap", "integer", 1, 24, unit="semitones", doc="Largest interval between successive notes."),
        ParameterSpec("rests", "number", 0, 1, doc="How welcome rests are: 0 forbids them, 1 leaves them to the model."),
        ParameterSpec("phrase_bars", "integer", 1, 16, unit="bars", default=4,
                      doc="Length of a phrase; the cadence constraint asks for a cadence at the end of each."),
        ParameterSpec("instrument", "choice", choices=GM_PROGRAMS, default="acoustic_grand_piano",
                      doc="General MIDI program the melody is written for (lower case, underscores)."),
        ParameterSpec("tempo_ramp_bars", "integer", 0, 16, unit="bars", default=0,
                      doc="In a piece of several sections: bars at the end of a section over which the tempo moves "
                          "gradually to the next section's; 0 changes it at once."),
        ParameterSpec("harmonic_rhythm", "integer", 1, 4, unit="chords per bar", default=1,
                      doc="How often the harmony may change (composer.harmony); quickens with arousal."),
        ParameterSpec("chromaticism", "number", 0, 1, default=0.15,
                      doc="Weight of borrowed and chromatic chords (bVI, iv in major, Neapolitan, diminished "
                          "sevenths, secondary dominants): 0 keeps the harmony diatonic."),
        ParameterSpec("sevenths", "number", 0, 1, default=0.2,
                      doc="Weight of seventh chords against triads: 0 uses triads only."),
        ParameterSpec("accompaniment", "choice", choices=ACCOMPANIMENTS, default="block",
                      doc="Accompaniment pattern of an arrangement (composer.arrange)."),
        ParameterSpec("harmonic_colour", "number", -1, 1, default=0.0,
                      doc="Which chromatic chords the harmony prefers: -1 the flat side (borrowed from minor, "
                          "Neapolitan, diminished sevenths), +1 the sharp side (secondary dominants, IV and ii "
                          "borrowed from major), 0 either; follows valence."),
    )
}


@dataclass(frozen=True)
class Parameters:
    """The musical parameters for one emotion.

    Attributes
    ----------
    tempo : float
        Quarter notes per minute.
    meter : str
        Time signature, a key of ``composer.theory.METERS``.
    mode : str
        A key of ``composer.theory.MODES``.
    tonic : int
        Pitch class of the tonic, 0 (C) to 11 (B).
    register : float
        MIDI pitch at the centre of the melody's range.
    range : int
        Semitones from the lowest to the highest allowed pitch.
    density : float
        Target note onsets per second.
    velocity : int
        MIDI velocity, 1..127.
    articulation : str
        One of ``ARTICULATIONS``.
    max_leap : int
        Largest allowed interval between successive sounding notes, in semitones.
    rests : float
        0 forbids rests; up to 1, rests are scored by the model alone.
    phrase_bars : int
        Bars per phrase (cadences fall at phrase ends).
    instrument : str
        General MIDI program name, one of ``composer.rules.instruments.GM_PROGRAMS``.
    tempo_ramp_bars : int
        In a multi-section piece (``composer.Piece``): bars at the end of this section over
        which the tempo moves gradually to the next section's tempo; 0 changes it at once.
    harmonic_rhythm : int
        Chords per bar an arrangement may change at (1..4).
    chromaticism : float
        Weight, 0..1, of borrowed and chromatic chords in the harmony.
    sevenths : float
        Weight, 0..1, of seventh chords against triads.
    accompaniment : str
        One of ``ACCOMPANIMENTS``: the arrangement's accompaniment pattern.
    harmonic_colour : float
        -1..1: flat-side (dark) or sharp-side (bright) chromatic chords, 0 either.
    """

    tempo: float
    meter: str
    mode: str
    tonic: int
    register: float
    range: int
    density: float
    velocity: int
    articulation: str
    max_leap: int
    rests: float
    phrase_bars: int = 4
    instrument: str = "acoustic_grand_piano"
    tempo_ramp_bars: int = 0
    harmonic_rhythm: int = 1
    chromaticism: float = 0.15
    sevenths: float = 0.2
    accompaniment: str = "block"
    harmonic_colour: float = 0.0

    @property
    def low(self) -> int:
        """Lowest allowed MIDI pitch.

        The range is centred on the register; a range narrower than an octave can miss
        every tonic, and a melody must end on one, so such a window is moved by the
        fewest semitones that bring a tonic inside it.
        """
        low = int(round(self.register - self.range / 2))
        high = low + int(self.range)
        if any(m % 12 == self.tonic for m in range(low, high + 1)):
            return low
        up = (self.tonic - high) % 12
        down = (low - self.tonic) % 12
        return low + up if up < down else low - down

    @property
    def high(self) -> int:
        """Highest allowed MIDI pitch."""
        return self.low + int(self.range)

    @property
    def tonic_name(self) -> str:
        """Name of the tonic as the score spells it in this mode, e.g. ``"F#"``, ``"E-"`` (E-flat major)
        but ``"D#"`` (D-sharp phrygian): the spelling with the fewest accidentals, as
        ``composer.theory.spelling.key_spelling`` and the rendered key signature choose it."""
        try:
            letter, alter = key_spelling(self.tonic, self.mode)[0][self.tonic]
        except (ValueError, KeyError):
            return PITCH_CLASS_NAMES[self.tonic]
        return "CDEFGAB"[letter] + ("#" * alter if alter > 0 else "-" * -alter)

    def as_dict(self) -> dict[str, object]:
        """Return the parameters as a plain dict (tonic as a name), for JSON and reports."""
        d = asdict(self)
        d["tonic"] = self.tonic_name
        return d

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """Return the parameter names in declaration order."""
        return tuple(f.name for f in fields(cls))
