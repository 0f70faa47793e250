"""``Melody``: a composed melody as arrays, with its parameters, its score and its way out to music21 and files."""

from __future__ import annotations

__all__ = ["Melody"]

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from composer.affect import Affect
from composer.errors import ArgumentError
from composer.rules.parameters import Parameters
from composer.theory.meter import TICKS_PER_QUARTER, get_meter

if TYPE_CHECKING:  # music21 is imported only where streams are built (composer.render)
    import music21

    from composer.render.performance import Performance


@dataclass
class Melody:
    """A monophonic melody and everything that explains it.

    Attributes
    ----------
    pitches : ndarray of int64, shape (n,)
        MIDI pitch of each event, -1 for a rest.
    ticks : ndarray of int64, shape (n,)
        Duration of each event in sixteenth-note ticks.
    velocities : ndarray of int64, shape (n,)
        MIDI velocity of each note (0 for rests).
    parameters : Parameters
        The musical parameters the style gave for ``affect``.
    affect : Affect
        The emotion the melody was composed for.
    style : str
        Name of the style used.
    seed : int
        Seed of the search.
    score : float
        Total search score (natural-log units; higher is better).
    breakdown : dict of str to ndarray of float64, shape (n,)
        The score of each event split by term (``"pitch_model"``, ``"duration_model"``,
        and one entry per soft constraint); the terms add up to ``score``.
    """

    pitches: np.ndarray
    ticks: np.ndarray
    velocities: np.ndarray
    parameters: Parameters
    affect: Affect
    style: str = "default"
    seed: int = 0
    score: float = 0.0
    breakdown: dict[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.pitches = np.asarray(self.pitches, dtype=np.int64)
        self.ticks = np.asarray(self.ticks, dtype=np.int64)
        self.velocities = np.asarray(self.velocities, dtype=np.int64)
        n = self.pitches.shape[0]
        if self.ticks.shape != (n,) or self.velocities.shape != (n,):
            raise ArgumentError("pitches, ticks and velocities must be 1-D arrays of the same length")

    # --- sizes -----------------------------------------------------------------
    @property
    def n_notes(self) -> int:
        """Number of sounding notes (rests not counted)."""
        return int(np.count_nonzero(self.pitches >= 0))

    @property
    def total_ticks(self) -> int:
        """Length in sixteenth-note ticks."""
        return int(self.ticks.sum())

    @property
    def bars(self) -> int:
        """Number of bars (the search fills bars exactly)."""
        return self.total_ticks // get_meter(self.parameters.meter).bar_ticks

    @property
    def seconds(self) -> float:
        """Length in seconds at the melody's tempo."""
        return self.total_ticks / TICKS_PER_QUARTER * 60.0 / self.parameters.tempo

    @property
    def onsets(self) -> np.ndarray:
        """Start of each event in ticks from the beginning, shape (n,)."""
        return np.concatenate(([0], np.cumsum(self.ticks)[:-1])).astype(np.int64)

    # --- output ----------------------------------------------------------------
    def to_stream(self) -> "music21.stream.Score":
        """Return a music21 ``Score`` with key, time signature, tempo, velocities and articulations."""
        from composer.render.stream import melody_to_stream

        return melody_to_stream(self)

    def to_performance(self) -> "Performance":
        """Return the notes timed in seconds at the melody's tempo (for audio and piano rolls)."""
        from composer.render.performance import melody_performance

        return melody_performance(self)

    def write(self, path: str | Path, *, overwrite: bool = False, **options: Any) -> Path:
        """Write the melody to ``path``; the file name's ending chooses the format.

        ``.mid``/``.midi`` (MIDI), ``.musicxml``/``.xml``/``.mxl`` (MusicXML), ``.abc``,
        ``.svg`` and ``.png`` (sheet music), ``.wav`` (audio), ``.roll.png`` (piano roll).
        The file is written atomically; an existing file is kept unless ``overwrite=True``.
        See ``composer.render.write`` for the options (``soundfont``, ``sample_rate``,
        ``tail``, ``curve``) and the optional packages each format needs.

        Returns
        -------
        Path
            The absolute path written.

        Raises
        ------
        RenderError
            For an unknown ending, an existing file, an unwritable folder, or a missing
            optional package (``MissingDependencyError``, naming what to install).
        """
        from composer.render.files import write

        return write(self, path, overwrite=overwrite, **options)

    def _repr_html_(self) -> str:
        """Sheet music (inline SVG, when verovio is installed) and an audio player, for notebooks."""
        from composer.render.html import notebook_html

        return notebook_html(self, caption=str(self))

    def summary(self) -> dict[str, object]:
        """Return the one-glance facts as a dict (key, mode, tempo, meter, notes, bars, seconds, emotion)."""
        p = self.parameters
        return {
            "key": p.tonic_name,
            "mode": p.mode,
            "tempo": round(p.tempo, 1),
            "meter": p.meter,
            "notes": self.n_notes,
            "bars": self.bars,
            "seconds": round(self.seconds, 2),
            "valence": self.affect.valence,
            "arousal": self.affect.arousal,
            "style": self.style,
            "seed": self.seed,
        }

    def explain(self) -> str:
        """Return the score's breakdown as a table: one row per event, one column per term.

        Columns are the terms of ``breakdown`` that are not zero everywhere (the model's
        pitch and duration log-probabilities, the neural scorer's, and each soft
        constraint's penalty), then the event's total; the last row sums each column, and
        its total is ``score``. Print it: ``print(melody.explain())``.

        Examples
        --------
        >>> import composer
        >>> m = composer.compose(valence=0.2, arousal=0.1, bars=1, seed=3)
        >>> print(m.explain())  # doctest: +ELLIPSIS
        event  bar.tick  pitch  ticks ...
        """
        from music21 import pitch as m21pitch  # names only; music21 is imported when explaining

        meter = get_meter(self.parameters.meter)
        terms = [k for k, v in self.breakdown.items() if np.any(v != 0.0)]
        n = len(self.pitches)
        totals = np.zeros(n)
        for k in self.breakdown:
            totals = totals + self.breakdown[k]
        head = ["event", "bar.tick", "pitch", "ticks"] + terms + ["total"]
        rows = []
        for i, (m, t, o) in enumerate(zip(self.pitches, self.ticks, self.onsets)):
            name = "rest" if m < 0 else m21pitch.Pitch(midi=int(m)).nameWithOctave
            bar, tick = divmod(int(o), meter.bar_ticks)
            rows.append([str(i), f"{bar + 1}.{tick}", name, str(int(t))]
                        + [f"{self.breakdown[k][i]:+.3f}" for k in terms] + [f"{totals[i]:+.3f}"])
        rows.append(["sum", "", "", str(self.total_ticks)]
                    + [f"{float(self.breakdown[k].sum()):+.3f}" for k in terms] + [f"{self.score:+.3f}"])
        widths = [max(len(r[c]) for r in rows + [head]) for c in range(len(head))]
        lines = ["  ".join(h.ljust(w) if c < 3 else h.rjust(w) for c, (h, w) in enumerate(zip(head, widths)))]
        for r in rows:
            lines.append("  ".join(x.ljust(w) if c < 3 else x.rjust(w) for c, (x, w) in enumerate(zip(r, widths))))
        return "\n".join(lines)

    def __str__(self) -> str:
        s = self.summary()
        return (
            f"Melody: {s['key']} {s['mode']}, {s['tempo']:g} bpm, {s['meter']}, "
            f"{s['notes']} notes in {s['bars']} bars ({s['seconds']:.1f} s); "
            f"valence {s['valence']:+.2f}, arousal {s['arousal']:+.2f}, style {s['style']}, seed {s['seed']}"
        )
