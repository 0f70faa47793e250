"""Viewpoints: ways of seeing a melody's notes as symbols (Conklin and Witten 1995; Pearce 2005).

A *basic component* maps each note of an ``EventMelody`` to a small non-negative integer,
or to ``UNDEFINED`` (the interval of the first note, say). A *viewpoint* links one or
more components into one symbol. To predict the pitch of note ``i``, each viewpoint
also gives the symbol note ``i`` would have for every candidate pitch of the alphabet,
so its prediction over symbols can be turned into one over pitches.

Components that predict pitch (their value depends on the candidate pitch):

``cpitch``     the MIDI pitch;
``cpint``      the interval from the previous note, in semitones;
``cpintfref``  the pitch class relative to the key signature's tonic (scale degree);
``contour``    the direction from the previous note (down, same, up).

Components known before the note's pitch (the same for every candidate): ``ioi`` (ticks
since the previous onset), ``posinbar`` (onset within the bar), ``fib`` (first in
bar), ``pdur`` (the previous note's duration). The current note's own duration is
not used: the protocol predicts pitch knowing only the notes before it and when the
current note starts.
"""

from __future__ import annotations

__all__ = ["UNDEFINED", "COMPONENTS", "PITCH_COMPONENTS", "Viewpoint", "parse_viewpoint", "DEFAULT_VIEWPOINTS"]

from dataclasses import dataclass

import numpy as np

from composer.errors import ArgumentError
from composer.models.events import EventMelody

#: Marks a component value that does not exist (e.g. the interval into the first note).
UNDEFINED = -1
_RADIX = 4096  # every component value is below this


def _prev(m: EventMelody) -> np.ndarray:
    prev = np.full(len(m), -10_000, dtype=np.int64)
    prev[1:] = m.midi[:-1]
    return prev


def _cpitch(m: EventMelody, alphabet: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return m.midi.copy(), np.broadcast_to(alphabet[None, :], (len(m), len(alphabet)))


def _cpint(m: EventMelody, alphabet: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    prev = _prev(m)
    actual = m.midi - prev + 128
    cand = alphabet[None, :] - prev[:, None] + 128
    actual[0] = UNDEFINED
    cand[0] = UNDEFINED
    return actual, cand


def _cpintfref(m: EventMelody, alphabet: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return (m.midi - m.tonic) % 12, np.broadcast_to(((alphabet - m.tonic) % 12)[None, :], (len(m), len(alphabet)))


def _contour(m: EventMelody, alphabet: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    prev = _prev(m)
    actual = np.sign(m.midi - prev) + 1
    cand = np.sign(alphabet[None, :] - prev[:, None]) + 1
    actual[0] = UNDEFINED
    cand[0] = UNDEFINED
    return actual, cand


def _known(values: np.ndarray, alphabet: np.ndarray, first_undefined: bool) -> tuple[np.ndarray, np.ndarray]:
    v = np.clip(values, 0, _RADIX - 1).astype(np.int64)
    if first_undefined:
        v[0] = UNDEFINED
    return v, np.broadcast_to(v[:, None], (len(v), len(alphabet)))


COMPONENTS = {
    "cpitch": _cpitch,
    "cpint": _cpint,
    "cpintfref": _cpintfref,
    "contour": _contour,
    "ioi": lambda m, a: _known(m.ioi, a, True),
    "posinbar": lambda m, a: _known(m.bar_pos, a, False),
    "fib": lambda m, a: _known((m.bar_pos == 0).astype(np.int64), a, False),
    "pdur": lambda m, a: _known(np.concatenate([[0], m.duration[:-1]]), a, True),
}
#: Components whose value depends on the candidate pitch.
PITCH_COMPONENTS = frozenset({"cpitch", "cpint", "cpintfref", "contour"})


@dataclass(frozen=True)
class Viewpoint:
    """A linked viewpoint: the tuple of its components' values as one symbol.

    Attributes
    ----------
    components : tuple of str
        Names from ``COMPONENTS``; at least one from ``PITCH_COMPONENTS``.
    """

    components: tuple[str, ...]

    def __post_init__(self) -> None:
        unknown = [c for c in self.components if c not in COMPONENTS]
        if unknown:
            raise ArgumentError(f"unknown viewpoint component {unknown[0]!r}; known: {sorted(COMPONENTS)}")
        if not any(c in PITCH_COMPONENTS for c in self.components):
            raise ArgumentError(f"viewpoint {self.name} does not depend on pitch, so it cannot predict it")

    @property
    def name(self) -> str:
        """The viewpoint's name, components joined by ``x`` (e.g. ``cpintfrefxcpint``)."""
        return "x".join(self.components)

    def symbols(self, melody: EventMelody, alphabet: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return the symbols of ``melody``'s notes and of every candidate pitch.

        Parameters
        ----------
        melody : EventMelody
        alphabet : ndarray of int64, shape (A,)
            Candidate MIDI pitches.

        Returns
        -------
        actual : ndarray of int64, shape (n,)
            Each note's symbol, ``UNDEFINED`` where a component is undefined.
        candidates : ndarray of int64, shape (n, A)
            The symbol note ``i`` would have with each candidate pitch (``UNDEFINED`` rows
            where the viewpoint is undefined at ``i``).
        """
        n, a = len(melody), len(alphabet)
        actual = np.zeros(n, dtype=np.int64)
        cand = np.zeros((n, a), dtype=np.int64)
        undefined = np.zeros(n, dtype=bool)
        for comp in self.components:
            act_c, cand_c = COMPONENTS[comp](melody, alphabet)
            undefined |= act_c == UNDEFINED
            actual = actual * _RADIX + act_c
            cand = cand * _RADIX + cand_c
        actual[undefined] = UNDEFINED
        cand[undefined] = UNDEFINED
        return actual, cand


def parse_viewpoint(text: str) -> Viewpoint:
    """Return the viewpoint named ``text`` (components joined by ``x``, e.g. ``"cpintxioi"``).

    Raises
    ------
    ValueError
        If a component is unknown or none depends on pitch.
    """
    return Viewpoint(tuple(text.split("x")))


#: The viewpoint set of the evaluated model (chosen on kinder and fink, see docs/benchmarks.md).
DEFAULT_VIEWPOINTS: tuple[Viewpoint, ...] = tuple(
    parse_viewpoint(v) for v in ("cpitch", "cpint", "cpintfrefxcpint", "cpintxioi", "cpintfrefxfib",
                                 "cpintfrefxposinbar")
)
