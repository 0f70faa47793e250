"""Key-relative tokens: the alphabet shared by the models and the search.

A melody is two parallel token sequences:

* **pitch tokens**: semitones from a *reference tonic* (the tonic pitch nearest
  the melody's centre), shifted to start at 0, or ``REST``;
* **duration tokens**: indices into ``DURATION_TICKS`` (sixteenth-note ticks).

Because pitches are relative to the tonic, one model serves every key, and a
melody is placed in a register by choosing the reference tonic's octave.
"""

from __future__ import annotations

__all__ = [
    "DURATION_TICKS",
    "N_DUR",
    "REL_LO",
    "REL_HI",
    "N_REL",
    "REST",
    "N_PITCH",
    "START",
    "TokenMelody",
    "rel_to_token",
    "token_to_rel",
    "reference_tonic",
    "duration_token",
]

from dataclasses import dataclass, field

import numpy as np

from composer.errors import ArgumentError

#: Duration classes in sixteenth-note ticks: 16th, 8th, dotted 8th, quarter,
#: dotted quarter, half, dotted half, whole.
DURATION_TICKS: np.ndarray = np.array([1, 2, 3, 4, 6, 8, 12, 16], dtype=np.int64)
N_DUR: int = len(DURATION_TICKS)

#: Lowest and highest pitch relative to the reference tonic, in semitones.
REL_LO: int = -17
REL_HI: int = 17
#: Number of pitched tokens.
N_REL: int = REL_HI - REL_LO + 1
#: The rest token (follows the pitched tokens).
REST: int = N_REL
#: Size of the pitch-token alphabet (pitches and the rest).
N_PITCH: int = N_REL + 1
#: Context-only symbol for "before the first note" in pitch contexts (duration
#: contexts use ``N_DUR`` the same way).
START: int = N_PITCH

_TICK_TO_TOKEN = {int(t): i for i, t in enumerate(DURATION_TICKS)}


def rel_to_token(rel: int) -> int:
    """Return the pitch token of ``rel`` semitones above the reference tonic.

    Pitches outside ``[REL_LO, REL_HI]`` are folded by octaves into the range.
    """
    while rel < REL_LO:
        rel += 12
    while rel > REL_HI:
        rel -= 12
    return rel - REL_LO


def token_to_rel(token: int) -> int:
    """Return the semitones above the reference tonic of a pitched ``token``."""
    if not 0 <= token < N_REL:
        raise ArgumentError(f"token {token} is not a pitched token (0..{N_REL - 1})")
    return token + REL_LO


def reference_tonic(tonic_pc: int, centre_midi: float) -> int:
    """Return the MIDI pitch of pitch class ``tonic_pc`` nearest ``centre_midi`` (the lower one on a tie).

    Examples
    --------
    >>> reference_tonic(0, 66)   # C nearest F#4: C4 (60) and C5 (72) tie, the lower wins
    60
    >>> reference_tonic(7, 70)
    67
    """
    base = int(np.floor(centre_midi)) - 6
    for m in range(base, base + 12):
        if m % 12 == tonic_pc % 12:
            return m
    raise AssertionError("unreachable")


def duration_token(ticks: int) -> int:
    """Return the duration token of a duration of ``ticks`` sixteenths, or -1 if it is not a class."""
    return _TICK_TO_TOKEN.get(int(ticks), -1)


@dataclass
class TokenMelody:
    """A monophonic melody as key-relative tokens.

    Attributes
    ----------
    pitch : ndarray of int64, shape (n_notes,)
        Pitch tokens (``0..N_REL-1``) or ``REST``.
    duration : ndarray of int64, shape (n_notes,)
        Duration tokens (indices into ``DURATION_TICKS``).
    tonic : int
        Pitch class of the tonic (0 = C).
    mode : str or None
        Mode name from ``composer.theory.MODES`` when known.
    meter : str or None
        Time signature such as ``"6/8"`` when known.
    reference : int
        MIDI pitch of the reference tonic (pitch token ``-REL_LO`` sounds at this pitch).
    offset : int
        Position of the first note within its bar, in ticks (an anacrusis starts after 0).
    source : str
        Where the melody came from (file and title).
    """

    pitch: np.ndarray
    duration: np.ndarray
    tonic: int
    mode: str | None = None
    meter: str | None = None
    reference: int = 60
    offset: int = 0
    source: str = ""
    attributes: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.pitch = np.asarray(self.pitch, dtype=np.int64)
        self.duration = np.asarray(self.duration, dtype=np.int64)
        if self.pitch.shape != self.duration.shape or self.pitch.ndim != 1:
            raise ArgumentError("pitch and duration must be 1-D arrays of the same length")

    def __len__(self) -> int:
        return int(self.pitch.shape[0])

    def midi(self) -> np.ndarray:
        """Return MIDI pitches, shape (n_notes,), with -1 for rests."""
        rel = self.pitch + REL_LO + self.reference
        return np.where(self.pitch == REST, -1, rel).astype(np.int64)
