"""Note and interval spelling in a key, without music21: ``E4``, ``C♯5``, ``a major sixth``.

Spelling follows the rules ``composer.render`` uses for scores, so that messages name the
notes a reader sees in the rendered score:

* the tonic takes the enharmonic name (among the project's name in ``PITCH_CLASS_NAMES``,
  its sharp name, its flat name, and B♯/E♯/C♭/F♭) whose key signature has the fewest
  accidentals; ties keep the earlier name (F♯ major rather than G♭ major);
* the seven degrees of the key take consecutive letters; pentatonic scales and harmonic
  minor are spelled inside their parent key (major, or natural minor with a raised
  seventh), as their signature is;
* pitch classes outside the key are spelled with flats in flat keys and with sharps
  otherwise (a natural when one exists).
"""

from __future__ import annotations

__all__ = [
    "SpelledPitch",
    "SpelledInterval",
    "key_spelling",
    "spell_pitch",
    "spell_interval",
    "spell_with",
    "ORDINALS",
]

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from composer.errors import ArgumentError
from composer.theory.scales import MODES, PITCH_CLASS_NAMES

#: Letter names in order and their natural pitch classes.
_LETTERS = "CDEFGAB"
_NATURAL_PC = (0, 2, 4, 5, 7, 9, 11)
_ACCIDENTALS = {-2: "𝄫", -1: "♭", 0: "", 1: "♯", 2: "𝄪"}

#: The diatonic mode whose spelling (and key signature) each mode uses.
_PARENT: dict[str, str] = {
    "harmonic_minor": "aeolian",
    "major_pentatonic": "ionian",
    "minor_pentatonic": "aeolian",
}

#: Ordinal names of generic intervals, 1 (unison) to 15 (double octave).
ORDINALS: tuple[str, ...] = (
    "", "unison", "second", "third", "fourth", "fifth", "sixth", "seventh", "octave",
    "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
)
_PERFECT = {1: 0, 4: 5, 5: 7}
_MAJOR = {2: 2, 3: 4, 6: 9, 7: 11}


@dataclass(frozen=True)
class SpelledPitch:
    """A pitch with a letter name.

    Attributes
    ----------
    letter : str
        ``"C"`` … ``"B"``.
    alter : int
        Semitones of alteration: -2 (double flat) to +2 (double sharp).
    octave : int
        Scientific octave number of the letter (C4 is middle C; B♯3 is MIDI 60).
    """

    letter: str
    alter: int
    octave: int

    @property
    def midi(self) -> int:
        """MIDI number of the pitch."""
        return 12 * (self.octave + 1) + _NATURAL_PC[_LETTERS.index(self.letter)] + self.alter

    @property
    def name(self) -> str:
        """Name without the octave, e.g. ``"C♯"``."""
        return self.letter + _ACCIDENTALS[self.alter]

    @property
    def step(self) -> int:
        """Diatonic position counted in letters from C-1 (C4 is 35)."""
        return 7 * (self.octave + 1) + _LETTERS.index(self.letter)

    def __str__(self) -> str:
        return f"{self.name}{self.octave}"


@dataclass(frozen=True)
class SpelledInterval:
    """The interval between two spelled pitches.

    Attributes
    ----------
    generic : int
        Number of letters spanned, counting both ends: 1 unison, 2 second … 8 octave.
    semitones : int
        Size in semitones (not negative).
    quality : str
        ``"perfect"``, ``"major"``, ``"minor"``, ``"augmented"``, ``"diminished"``,
        ``"doubly augmented"`` or ``"doubly diminished"``.
    """

    generic: int
    semitones: int
    quality: str

    @property
    def simple_name(self) -> str:
        """The name reduced by octaves, e.g. ``"major second"`` for a major ninth (an octave stays an octave)."""
        simple = (self.generic - 1) % 7 + 1
        if simple == 1 and self.generic > 1:
            simple = 8
        return f"{self.quality} {ORDINALS[simple]}"

    @property
    def name(self) -> str:
        """Full name, e.g. ``"major sixth"``, ``"augmented second"``, ``"perfect twelfth"``."""
        if self.generic < len(ORDINALS):
            return f"{self.quality} {ORDINALS[self.generic]}"
        octaves = (self.generic - 1) // 7
        return f"{self.simple_name} plus {octaves} octaves"

    def __str__(self) -> str:
        return self.name


def _alter(pc: int, letter_index: int) -> int:
    """Alteration that makes letter ``letter_index`` sound as pitch class ``pc`` (-6..5)."""
    return (pc - _NATURAL_PC[letter_index] + 6) % 12 - 6


def _scale_spelling(letter_index: int, alter: int, mode: str) -> tuple[tuple[int, int], ...]:
    """(letter index, alter) of the seven degrees of a diatonic ``mode`` on the given tonic."""
    tonic_pc = (_NATURAL_PC[letter_index] + alter) % 12
    return tuple(((letter_index + k) % 7, _alter((tonic_pc + s) % 12, (letter_index + k) % 7))
                 for k, s in enumerate(MODES[mode]))


def _tonic_candidates(pc: int) -> list[tuple[int, int]]:
    first = PITCH_CLASS_NAMES[pc]
    out: list[tuple[int, int]] = []
    out.append((_LETTERS.index(first[0]), -1 if first.endswith("-") else (1 if first.endswith("#") else 0)))
    for li in range(7):
        a = _alter(pc, li)
        if abs(a) <= 1 and (li, a) not in out:
            out.append((li, a))
    return out


@lru_cache(maxsize=None)
def key_spelling(tonic: int, mode: str) -> tuple[dict[int, tuple[int, int]], bool]:
    """Return how a key spells its notes.

    Parameters
    ----------
    tonic : int
        Pitch class of the tonic, 0 (C) to 11 (B).
    mode : str
        A key of ``composer.theory.MODES``.

    Returns
    -------
    table : dict of int to (int, int)
        For each pitch class of the key's diatonic parent (seven entries), its
        (letter index 0 = C … 6 = B, alteration in semitones).
    flats : bool
        Whether the key signature has flats (pitch classes outside the key are then
        spelled with flats).

    Examples
    --------
    >>> table, flats = key_spelling(1, "ionian")    # D-flat major, not C-sharp major
    >>> "CDEFGAB"[table[1][0]], table[1][1], flats
    ('D', -1, True)
    """
    if mode not in MODES:
        raise ArgumentError(f"unknown mode {mode!r}; known modes: {', '.join(MODES)}")
    parent = _PARENT.get(mode, mode)
    if len(MODES[parent]) != 7:
        raise ArgumentError(f"mode {mode!r} has no seven-note parent to spell it from")
    best: tuple[tuple[int, int], ...] | None = None
    best_size = 0
    for letter_index, alter in _tonic_candidates(int(tonic) % 12):
        spelled = _scale_spelling(letter_index, alter, parent)
        size = sum(abs(a) for _, a in spelled)
        if best is None or size < best_size:
            best, best_size = spelled, size
    assert best is not None
    flats = sum(a for _, a in best) < 0
    table = {(_NATURAL_PC[li] + a) % 12: (li, a) for li, a in best}
    if mode == "harmonic_minor":  # the raised seventh: B in C minor, F𝄪 in G♯ minor
        li, a = best[6]
        del table[(_NATURAL_PC[li] + a) % 12]
        table[(_NATURAL_PC[li] + a + 1) % 12] = (li, a + 1)
    return table, flats


def spell_pitch(midi: int, tonic: int, mode: str) -> SpelledPitch:
    """Spell MIDI pitch ``midi`` in the key of ``tonic`` (pitch class) and ``mode``.

    Examples
    --------
    >>> str(spell_pitch(61, 9, "ionian")), str(spell_pitch(61, 5, "ionian")), str(spell_pitch(60, 1, "harmonic_minor"))
    ('C♯4', 'D♭4', 'B♯3')
    """
    table, flats = key_spelling(int(tonic) % 12, mode)
    return spell_with(midi, table, flats)


def spell_with(midi: int, table: Mapping[int, tuple[int, int]], flats: bool) -> SpelledPitch:
    """Spell MIDI pitch ``midi`` from a key's table (see ``key_spelling``).

    Parameters
    ----------
    midi : int
        MIDI pitch number.
    table : mapping of int to (int, int)
        Pitch class to (letter index 0 = C … 6 = B, alteration) for the key's notes.
    flats : bool
        Spell pitch classes outside ``table`` with flats (True) or sharps (False); a
        natural when one exists.

    Examples
    --------
    >>> str(spell_with(60, {0: (6, 1)}, False)), str(spell_with(66, {}, True)), str(spell_with(66, {}, False))
    ('B♯3', 'G♭4', 'F♯4')
    """
    midi = int(midi)
    pc = midi % 12
    if pc in table:
        li, alter = table[pc]
    elif pc in _NATURAL_PC:
        li, alter = _NATURAL_PC.index(pc), 0
    elif flats:
        li, alter = _NATURAL_PC.index((pc + 1) % 12), -1
    else:
        li, alter = _NATURAL_PC.index((pc - 1) % 12), 1
    octave = (midi - alter - _NATURAL_PC[li]) // 12 - 1
    return SpelledPitch(_LETTERS[li], alter, octave)


def spell_interval(a: SpelledPitch, b: SpelledPitch) -> SpelledInterval:
    """Name the interval between two spelled pitches (in either order).

    Examples
    --------
    >>> e4, cs5 = SpelledPitch("E", 0, 4), SpelledPitch("C", 1, 5)
    >>> spell_interval(e4, cs5).name
    'major sixth'
    >>> spell_interval(SpelledPitch("A", -1, 4), SpelledPitch("B", 0, 4)).name
    'augmented second'
    """
    low, high = (a, b) if (a.step, a.midi) <= (b.step, b.midi) else (b, a)
    generic = high.step - low.step + 1
    semitones = high.midi - low.midi
    octaves = (generic - 1) // 7
    simple = generic - 7 * octaves
    rest = semitones - 12 * octaves
    if simple in _PERFECT:
        d = rest - _PERFECT[simple]
        quality = {0: "perfect", 1: "augmented", -1: "diminished", 2: "doubly augmented", -2: "doubly diminished"}.get(d)
    else:
        d = rest - _MAJOR[simple]
        quality = {0: "major", -1: "minor", 1: "augmented", -2: "diminished", 2: "doubly augmented",
                   -3: "doubly diminished"}.get(d)
    if quality is None:
        quality = f"{'augmented' if d > 0 else 'diminished'} ({d:+d})"
    return SpelledInterval(generic, abs(semitones), quality)
