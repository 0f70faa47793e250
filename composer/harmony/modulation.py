"""Planned modulations: the chords that prepare a new key at the end of a section.

When a story's or cue sheet's next section is in another key, the last chord of the
section before it *prepares* that key when it is

- the new key's **dominant**: a major triad or dominant seventh on the new tonic's fifth;
- a **pivot**: a chord diatonic in both keys (``composer.harmony.chords.diatonic_mask``
  of each mode, read from each tonic), which the ear can hear in the old key and then
  in the new one.

``preparing_mask`` gives the harmoniser the chords allowed in the last slot
(``harmonise_arrays(..., next_key=...)``); ``preparation`` and ``key_changes`` read the
kind back from chords already chosen, for tests and ``benchmarks/modulation.py``.
"""

from __future__ import annotations

__all__ = ["KEY_CHANGE_KINDS", "dominant_mask", "preparing_mask", "preparation", "key_changes"]

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from composer.harmony.chords import N_CHORDS, VOCABULARY, chord_index, diatonic_mask

if TYPE_CHECKING:
    from composer.harmony.progression import Harmony

#: What a chord before a key change can be: the new key's dominant, a pivot, or neither (None).
KEY_CHANGE_KINDS: tuple[str, ...] = ("dominant", "pivot")

_DOMINANT_QUALITIES = ("maj", "dom7")


def _in_new_key(index: int, tonic: int, next_tonic: int) -> int:
    """The vocabulary index, relative to ``next_tonic``, of chord ``index`` read relative to ``tonic``."""
    c = VOCABULARY[index]
    return chord_index((c.root + tonic - next_tonic) % 12, c.quality)


def dominant_mask(tonic: int, next_tonic: int) -> np.ndarray:
    """Chords (relative to ``tonic``) that are the dominant (V, V7) of ``next_tonic``: bool, shape (N_CHORDS,)."""
    root = (next_tonic + 7 - tonic) % 12
    out = np.zeros(N_CHORDS, dtype=bool)
    for q in _DOMINANT_QUALITIES:
        out[chord_index(root, q)] = True
    return out


def preparing_mask(tonic: int, mode: str, next_tonic: int, next_mode: str) -> np.ndarray:
    """Chords (vocabulary indices relative to ``tonic``) that prepare the key ``next_tonic``/``next_mode``.

    Parameters
    ----------
    tonic, next_tonic : int
        Pitch classes 0..11 of the old and the new key.
    mode, next_mode : str
        Keys of ``composer.theory.MODES``.

    Returns
    -------
    ndarray of bool, shape (N_CHORDS,)
        True for the new key's dominant and for every pivot (diatonic in both keys).
    """
    old, new = diatonic_mask(mode), diatonic_mask(next_mode)
    pivots = np.array([old[i] and new[_in_new_key(i, tonic, next_tonic)] for i in range(N_CHORDS)])
    return pivots | dominant_mask(tonic, next_tonic)


def preparation(index: int, tonic: int, mode: str, next_tonic: int, next_mode: str) -> str | None:
    """How chord ``index`` (relative to ``tonic``) prepares the new key: ``"dominant"``, ``"pivot"`` or None."""
    if dominant_mask(tonic, next_tonic)[index]:
        return "dominant"
    if preparing_mask(tonic, mode, next_tonic, next_mode)[index]:
        return "pivot"
    return None


def key_changes(harmonies: Sequence["Harmony | None"]) -> list[tuple[int, str, str | None]]:
    """Every key change between consecutive harmonised sections, and how its last chord prepares it.

    Parameters
    ----------
    harmonies : sequence of (Harmony or None)
        The sections in order; None (a silence) is skipped, so the sections on either
        side of it still meet.

    Returns
    -------
    list of (int, str, str or None)
        For each change: the index in ``harmonies`` of the section before it, the
        symbol of that section's last chord, and ``preparation``'s answer.
    """
    out: list[tuple[int, str, str | None]] = []
    present = [(i, h) for i, h in enumerate(harmonies) if h is not None]
    for (i, h), (_, nxt) in zip(present, present[1:]):
        if (h.tonic % 12, h.mode) == (nxt.tonic % 12, nxt.mode):
            continue
        last = int(h.chords[-1])
        out.append((i, h.symbols[-1], preparation(last, h.tonic % 12, h.mode, nxt.tonic % 12, nxt.mode)))
    return out
