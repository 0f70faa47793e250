"""The chord vocabulary: key-relative chords as (root, quality), their tones, and what each means in a mode.

A chord is an index into ``VOCABULARY``, the 12 roots (semitones above the key's
tonic) times the qualities of ``QUALITIES``. Everything below the harmony search
sees chords as these indices; names ("I", "V7", "bVI", "viio7") are for people.
"""

from __future__ import annotations

__all__ = [
    "QUALITIES",
    "Chord",
    "VOCABULARY",
    "N_CHORDS",
    "chord_index",
    "chord_pitch_classes",
    "chord_tone_matrix",
    "classify_pitch_classes",
    "diatonic_mask",
    "chromatic_kind",
    "chromatic_colour",
    "roman",
]

import functools
from dataclasses import dataclass

import numpy as np

from composer.theory.scales import MODES, is_major_type

#: Interval content of each chord quality (semitones above the root).
QUALITIES: dict[str, tuple[int, ...]] = {
    "maj": (0, 4, 7),
    "min": (0, 3, 7),
    "dim": (0, 3, 6),
    "dom7": (0, 4, 7, 10),
    "min7": (0, 3, 7, 10),
    "maj7": (0, 4, 7, 11),
    "hdim7": (0, 3, 6, 10),
    "dim7": (0, 3, 6, 9),
}
_QUALITY_NAMES = tuple(QUALITIES)
_ROMAN = ("I", "bII", "II", "bIII", "III", "IV", "#IV", "V", "bVI", "VI", "bVII", "VII")


@dataclass(frozen=True)
class Chord:
    """One chord relative to a key.

    Attributes
    ----------
    root : int
        Semitones from the key's tonic to the chord's root, 0..11.
    quality : str
        A key of ``QUALITIES``.
    """

    root: int
    quality: str

    @property
    def intervals(self) -> tuple[int, ...]:
        """Semitones of the chord's tones above its root."""
        return QUALITIES[self.quality]

    @property
    def is_seventh(self) -> bool:
        """Whether the chord has four tones."""
        return len(self.intervals) == 4

    @property
    def name(self) -> str:
        """Roman-numeral name relative to the tonic, e.g. ``"V7"``, ``"bVI"``, ``"viio7"``."""
        return roman(chord_index(self.root, self.quality))


#: Every chord the harmony layer knows, index = root * len(QUALITIES) + quality number.
VOCABULARY: tuple[Chord, ...] = tuple(Chord(r, q) for r in range(12) for q in _QUALITY_NAMES)
N_CHORDS: int = len(VOCABULARY)


def chord_index(root: int, quality: str) -> int:
    """Return the vocabulary index of the chord with ``root`` (0..11 above the tonic) and ``quality``.

    Examples
    --------
    >>> VOCABULARY[chord_index(7, "dom7")].name
    'V7'
    """
    if quality not in QUALITIES:
        raise ValueError(f"unknown chord quality {quality!r}; use one of {', '.join(_QUALITY_NAMES)}")
    return (int(root) % 12) * len(_QUALITY_NAMES) + _QUALITY_NAMES.index(quality)


def roman(index: int) -> str:
    """Return the roman-numeral name of chord ``index`` (upper case major, lower case minor, o diminished)."""
    c = VOCABULARY[index]
    numeral = _ROMAN[c.root]
    accidental = numeral[0] if numeral[0] in "b#" else ""
    base = numeral[len(accidental):]
    suffix = {"maj": "", "min": "", "dim": "o", "dom7": "7", "min7": "7", "maj7": "M7", "hdim7": "/o7",
              "dim7": "o7"}[c.quality]
    if c.quality in ("min", "dim", "min7", "hdim7", "dim7"):
        base = base.lower()
    return accidental + base + suffix


def chord_pitch_classes(index: int, tonic: int = 0) -> tuple[int, ...]:
    """Return the absolute pitch classes of chord ``index`` in the key on ``tonic`` (root first)."""
    c = VOCABULARY[index]
    return tuple((tonic + c.root + i) % 12 for i in c.intervals)


def chord_tone_matrix() -> np.ndarray:
    """Return a (N_CHORDS, 12) float64 matrix: 1 where a key-relative pitch class is a chord tone.

    Column ``p`` is the pitch class ``p`` semitones above the tonic.
    """
    m = np.zeros((N_CHORDS, 12))
    for i in range(N_CHORDS):
        for p in chord_pitch_classes(i):
            m[i, p] = 1.0
    return m


def classify_pitch_classes(pcs: set[int] | frozenset[int], bass: int | None = None) -> int | None:
    """Return the vocabulary chord a key-relative pitch-class set spells, or None.

    A chord matches when all its tones are present (a seventh chord may lack its
    fifth); the largest match wins, then the one whose root is the ``bass``, then the
    lowest index. Tones outside the chord are allowed (passing tones in a sonority).

    Examples
    --------
    >>> roman(classify_pitch_classes({7, 11, 2, 5}))
    'V7'
    >>> classify_pitch_classes({0, 1}) is None
    True
    """
    best: tuple | None = None
    for i, c in enumerate(VOCABULARY):
        tones = {(c.root + k) % 12 for k in c.intervals}
        need = tones if not c.is_seventh else tones - {(c.root + 7) % 12}
        if not need <= set(pcs):
            continue
        present = len(tones & set(pcs))
        extra = len(set(pcs) - tones)
        key = (present - extra, bass is not None and bass % 12 == c.root, -i)
        if best is None or key > best[0]:
            best = (key, i)
    return None if best is None else best[1]


def diatonic_mask(mode: str) -> np.ndarray:
    """Return a (N_CHORDS,) bool array: True for chords whose tones all lie in ``mode``.

    For minor-type modes the harmonic-minor dominant (V, V7, viio, viio7) counts as
    diatonic, as in common practice; pentatonic scales use the chords of their parent
    mode (ionian, aeolian); diminished chords count only on the leading tone (and
    diminished or half-diminished ii).
    """
    return _diatonic_mask(mode).copy()


@functools.lru_cache(maxsize=None)
def _diatonic_mask(mode: str) -> np.ndarray:
    # Made once per mode: chromatic_kind asks for it once per chord, and a live session harmonises every bar.
    parent = {"major_pentatonic": "ionian", "minor_pentatonic": "aeolian"}.get(mode, mode)
    scales = [set(MODES[parent])]
    if not is_major_type(parent) and 10 in scales[0]:
        scales.append((scales[0] - {10}) | {11})
    out = np.zeros(N_CHORDS, dtype=bool)
    for i in range(N_CHORDS):
        c = VOCABULARY[i]
        # diminished sonorities are functional only on the leading tone (and ii in minor)
        if c.quality in ("dim", "dim7", "hdim7") and c.root not in (11, 2):
            continue
        if c.quality == "dim7" and c.root != 11:
            continue
        tones = set(chord_pitch_classes(i))
        # the harmonic-minor scale lends only its dominant chords (V, V7, viio, viio7)
        out[i] = tones <= scales[0] or (len(scales) > 1 and c.root in (7, 11) and tones <= scales[1])
    return out


#: The borrowed and chromatic chords a style can weight (key-relative root, quality).
_CHROMATIC = {
    "borrowed": ((8, "maj"), (5, "min"), (10, "maj"), (3, "maj"), (2, "hdim7"),   # from minor: bVI iv bVII bIII ii/o7
                 (5, "maj"), (2, "min")),                                         # from major/dorian: IV, ii
    "neapolitan": ((1, "maj"),),                                                    # bII
    "diminished": ((11, "dim7"), (1, "dim7"), (6, "dim7")),                        # viio7, #io7, #ivo7
    "secondary": ((2, "maj"), (2, "dom7"), (9, "maj"), (9, "dom7"), (4, "maj"), (4, "dom7"),
                  (0, "dom7")),                                                     # V(7)/V, V(7)/ii, V(7)/vi, V7/IV
}


#: The borrowed chords that come from major (the sharp side); the others come from minor.
_FROM_MAJOR = ((5, "maj"), (2, "min"))
#: Secondary dominants that make no sense in a minor-type mode: V(7)/ii (ii is diminished there) and V(7)/vi
#: (a major key's vi; minor's sixth degree is flat). Their raised tones (F# and B major in D minor) sound as a
#: major key, against the mode.
_MAJOR_ONLY_SECONDARY = ((9, "maj"), (9, "dom7"), (4, "maj"), (4, "dom7"))


def chromatic_kind(index: int, mode: str) -> str | None:
    """Return ``"borrowed"``, ``"neapolitan"``, ``"diminished"`` or ``"secondary"`` for a non-diatonic chord of ``mode``.

    Borrowed chords come from the parallel mode (bVI, iv, bVII in major; IV and ii in
    minor). Secondary dominants are V(7)/V, V(7)/ii, V(7)/vi and V7/IV in major-type
    modes, V(7)/V and V7/iv in minor-type ones. Returns None for a diatonic chord and for a
    chromatic chord outside these families.
    """
    if _diatonic_mask(mode)[index]:
        return None
    c = VOCABULARY[index]
    for kind, members in _CHROMATIC.items():
        if (c.root, c.quality) in members:
            if kind == "secondary" and not is_major_type(mode) and (c.root, c.quality) in _MAJOR_ONLY_SECONDARY:
                return None
            return kind
    return None


def chromatic_colour(index: int, mode: str) -> int:
    """Return how a chromatic chord colours ``mode``: -1 darker, +1 brighter, 0 for a diatonic chord.

    Darker: the flat side (chords borrowed from minor: bVI, iv, bVII, bIII, ii
    half-diminished; the Neapolitan; diminished sevenths). Brighter: the sharp side
    (secondary dominants with their raised leading tones; IV and ii borrowed from major
    in a minor-type mode).

    Examples
    --------
    >>> chromatic_colour(chord_index(8, "maj"), "ionian"), chromatic_colour(chord_index(2, "dom7"), "ionian")
    (-1, 1)
    >>> chromatic_colour(chord_index(5, "maj"), "aeolian"), chromatic_colour(chord_index(0, "maj"), "ionian")
    (1, 0)
    """
    kind = chromatic_kind(index, mode)
    if kind is None:
        return 0
    if kind == "borrowed":
        c = VOCABULARY[index]
        return 1 if (c.root, c.quality) in _FROM_MAJOR else -1
    return 1 if kind == "secondary" else -1
