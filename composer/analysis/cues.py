"""The emotion cues of DESIGN.md's cue table, measured from music as it is written or played.

Each cue is one number per piece, computed from a :class:`~composer.analysis.notes.NoteArray`:

* ``tempo``: quarter notes per minute, averaged over the tempo map weighted by time;
* ``register``: mean MIDI pitch of the melody line;
* ``range``: highest minus lowest pitch of the melody line (semitones);
* ``interval``: mean absolute interval between successive melody notes (semitones);
* ``leaps``: share of those intervals of ``LEAP`` semitones or more;
* ``notes/s``: distinct note onsets per second;
* ``velocity``: mean MIDI velocity of all notes (nan when the music carries none);
* ``articulation``: mean of sounding length / time to the part's next onset (capped at 1);
  1 is legato, about 0.5 staccato;
* ``staccato``: share of notes that sound for at most ``STACCATO`` of that time;
* ``brightness``: mean position on the line of fifths of the notes' pitch classes
  relative to the tonic (F = -1, G = +1, ...; the tritone counts 0), weighted by length:
  lydian melodies sit near +3, ionian +2, mixolydian +1, dorian 0, aeolian -1, phrygian -2;
* ``third``: share of the notes a third above the tonic that are major thirds.

The melody line is the skyline: at each onset, the highest note starting there.

**Several parts** (an arrangement read back from MIDI or MusicXML): with ``melody_part``
the cues that describe a melody's line (``range``, ``interval``, ``leaps``,
``brightness``) are read from that part alone, since merging chords into one line turns
their steps into leaps and their chord tones into melody; the others (``tempo``,
``register``, ``notes/s``, ``velocity``, ``articulation``, ``staccato`` and the mode's
``third``, which the harmony carries too) from all parts. Without it every cue is read
from all parts, as above.

>>> import composer
>>> m = composer.compose(valence=0.7, arousal=0.4, bars=4, seed=1)
>>> cues = measure_cues(m)
>>> sorted(cues) == sorted(CUE_NAMES)
True
>>> cues["brightness"] > 0   # a happy default-style melody is in a major-type mode
True
"""

from __future__ import annotations

__all__ = ["CUE_DIRECTIONS", "CUE_NAMES", "LEAP", "STACCATO", "measure_cues", "cues_of"]

from typing import Any

import numpy as np

from composer.analysis.notes import NoteArray, note_array

#: Intervals of this many semitones or more are leaps.
LEAP = 5
#: A note sounding for at most this share of the time to the next onset counts as staccato.
STACCATO = 0.6

#: cue -> expected direction with (valence, arousal) in the cue table of DESIGN.md
#: (Gabrielsson & Lindström 2010; Eerola, Friberg & Bresin 2013): +1 rises, -1 falls,
#: 0 little effect, None not stated.
CUE_DIRECTIONS: dict[str, tuple[int | None, int | None]] = {
    "tempo": (+1, +1),
    "register": (+1, 0),
    "range": (None, +1),
    "interval": (None, +1),
    "leaps": (None, +1),
    "notes/s": (+1, +1),
    "velocity": (-1, +1),
    "articulation": (-1, -1),
    "staccato": (+1, +1),
    "brightness": (+1, None),
    "third": (+1, None),
}
CUE_NAMES: tuple[str, ...] = tuple(CUE_DIRECTIONS)

#: Line-of-fifths position of each pitch class above the tonic (the tritone is ambiguous: 0).
_FIFTHS = np.array([0, -5, 2, -3, 4, -1, 0, 1, -4, 3, -2, 5], dtype=np.float64)


def _skyline(notes: np.ndarray) -> np.ndarray:
    """Pitches of the highest note at each distinct onset, in time order: shape (k,) int."""
    onsets, first = np.unique(notes["onset"], return_index=True)
    # notes are sorted by onset then pitch: the last row of each onset group is its highest
    last = np.concatenate([first[1:] - 1, [len(notes) - 1]])
    return notes["pitch"][last].astype(np.int64)


def _articulation(na: NoteArray) -> np.ndarray:
    """Sounding length / time to the same part's next onset for every note, shape (n,), capped at 1."""
    notes = na.notes
    ratio = np.ones(len(notes))
    for part in np.unique(notes["part"]):
        idx = np.flatnonzero(notes["part"] == part)
        onsets = notes["onset"][idx]
        uniq = np.unique(onsets)
        nxt = np.searchsorted(uniq, onsets, side="right")
        gap = np.where(nxt < len(uniq), uniq[np.minimum(nxt, len(uniq) - 1)] - onsets, notes["length"][idx])
        gap = np.where(gap > 0, gap, notes["length"][idx])
        ratio[idx] = np.minimum(1.0, notes["sounding"][idx] / gap)
    return ratio


def cues_of(na: NoteArray, *, melody_part: int | None = None) -> dict[str, float]:
    """Measure every cue of :data:`CUE_NAMES` from a note array (see the module docstring).

    ``melody_part``: index (the ``part`` field) of the melody's part, whose line alone gives
    the melodic cues; None (or a part with no notes) reads them from all parts.
    """
    notes = na.notes
    line = _skyline(notes)
    tune = notes[notes["part"] == melody_part] if melody_part is not None else notes[:0]
    if not len(tune):
        tune = notes
    tune_line = _skyline(tune)
    iv = np.abs(np.diff(tune_line))
    t = na.tempi
    span = t[:, 1] - t[:, 0]
    tempo = float((t[:, 2] * span).sum() / span.sum()) if span.sum() > 0 else float(t[0, 2])
    rel = (notes["pitch"].astype(np.int64) - na.tonic) % 12
    thirds = rel[(rel == 3) | (rel == 4)]
    tune_rel = (tune["pitch"].astype(np.int64) - na.tonic) % 12
    weights = tune["length"]
    art = _articulation(na)
    vel = notes["velocity"]
    return {
        "tempo": tempo,
        "register": float(line.mean()),
        "range": float(tune_line.max() - tune_line.min()),
        "interval": float(iv.mean()) if iv.size else 0.0,
        "leaps": float(np.mean(iv >= LEAP)) if iv.size else 0.0,
        "notes/s": float(np.unique(notes["onset"]).size / na.seconds) if na.seconds > 0 else float("nan"),
        "velocity": float(np.nanmean(vel)) if np.isfinite(vel).any() else float("nan"),
        "articulation": float(art.mean()),
        "staccato": float(np.mean(art <= STACCATO)),
        "brightness": float((_FIFTHS[tune_rel] * weights).sum() / weights.sum()),
        "third": float(np.mean(thirds == 4)) if thirds.size else float("nan"),
    }


def measure_cues(music: Any, *, melody_part: int | None = None) -> dict[str, float]:
    """Measure the emotion cues of ``music`` as written or played.

    Parameters
    ----------
    music : music21 stream, str or Path, Melody, Piece or NoteArray
        What to read (see :func:`composer.analysis.note_array`); files are only read.
    melody_part : int, optional
        The melody's part (0: the first pitched part, as composer writes arrangements):
        the melodic cues are read from it alone (see the module docstring), and a MIDI
        file's modal final, which names the tonic, is its last note
        (``note_array(..., melody_part=)``).

    Returns
    -------
    dict of str to float
        One value per name in :data:`CUE_NAMES`, in the units of the module docstring.
    """
    na = music if isinstance(music, NoteArray) else note_array(music, melody_part=melody_part)
    return cues_of(na, melody_part=melody_part)
