"""``Recording``: the bars a live session played, kept for review and written to MIDI, MusicXML, WAV...

Consecutive bars of one segment (one emotion, key and label) become one section of a
multi-section score (``composer.render.ScoreSection``): a rehearsal mark for its label, key
and tempo changes, the tempo ramps of its bars. Audio and piano rolls are timed from the
bars' own note events, so stingers and the bass layer sound in them; the notated score and
the MIDI file carry the melody line.
"""

from __future__ import annotations

__all__ = ["Recording", "performance_of"]

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from composer.errors import LiveError
from composer.live.events import Bar
from composer.melody import Melody
from composer.render.performance import Performance

if TYPE_CHECKING:
    import music21

    from composer.render.sections import ScoreSection


def performance_of(bars: Sequence[Bar], *, title: str = "", curve: np.ndarray | None = None,
                   start: float | None = None) -> Performance:
    """The bars' note events as a ``Performance`` (times from ``start``, by default the first bar's start)."""
    if not bars:
        raise LiveError("a performance needs at least one bar")
    t0 = bars[0].time if start is None else float(start)
    notes = sorted((n for b in bars for n in b.notes), key=lambda n: (n.time, n.pitch))
    return Performance(
        onsets=np.array([n.time - t0 for n in notes], dtype=np.float64),
        durations=np.array([n.seconds for n in notes], dtype=np.float64),
        pitches=np.array([n.pitch for n in notes], dtype=np.int64),
        velocities=np.array([n.velocity for n in notes], dtype=np.int64),
        articulations=tuple(n.articulation for n in notes),
        length=float(bars[-1].end - t0),
        bar_lines=np.array([b.time - t0 for b in bars] + [bars[-1].end - t0], dtype=np.float64),
        curve=curve, title=title, instrument=bars[0].parameters.instrument,
    )


@dataclass(frozen=True)
class Recording:
    """The bars of a live session, in order, with the style and seed that made them.

    Attributes
    ----------
    bars : tuple of Bar
        At least one, consecutive.
    style : str
        The style's name.
    seed : int
        The session's seed.
    title : str
        A title for the score and plots.
    """

    bars: tuple[Bar, ...]
    style: str = "default"
    seed: int = 0
    title: str = "composer live session"

    def __post_init__(self) -> None:
        if not self.bars:
            raise LiveError("a recording needs at least one bar")

    def segments(self) -> list[tuple[Bar, ...]]:
        """The bars grouped into runs of one emotion, key and label."""
        runs: list[list[Bar]] = []
        for b in self.bars:
            if runs and (runs[-1][-1].affect, runs[-1][-1].tonic, runs[-1][-1].mode, runs[-1][-1].label) == \
                    (b.affect, b.tonic, b.mode, b.label):
                runs[-1].append(b)
            else:
                runs.append([b])
        return [tuple(r) for r in runs]

    def score_sections(self) -> list["ScoreSection"]:
        """One ``ScoreSection`` per segment: its bars' melody, its label, its tempo map with the ramps."""
        from composer.render.sections import ScoreSection

        out = []
        for run in self.segments():
            first = run[0]
            marks: list[tuple[int, float]] = []
            offset = 0
            for b in run:
                for tick, bpm in b.tempo_map:
                    if not marks or marks[-1][1] != bpm:
                        marks.append((offset + tick, float(bpm)))
                offset += int(b.ticks.sum())
            melody = Melody(pitches=np.concatenate([b.pitches for b in run]),
                            ticks=np.concatenate([b.ticks for b in run]),
                            velocities=np.concatenate([b.velocities for b in run]),
                            parameters=first.parameters, affect=first.affect, style=self.style, seed=self.seed)
            label = first.label or f"valence {first.affect.valence:+.2f}, arousal {first.affect.arousal:+.2f}"
            out.append(ScoreSection(melody, label, tuple(marks)))
        return out

    def curve(self) -> np.ndarray:
        """(time in seconds, valence, arousal) at the middle of each bar, shape (bars, 3)."""
        return np.array([(b.time - self.bars[0].time + b.seconds / 2, b.affect.valence, b.affect.arousal)
                         for b in self.bars])

    def table(self) -> list[dict[str, object]]:
        """One row per bar: index, start (s), label, valence, arousal, tempo, key, notes per second, transition."""
        from composer.theory.scales import PITCH_CLASS_NAMES

        return [{"bar": b.index, "seconds": round(b.time, 3), "label": b.label,
                 "valence": b.affect.valence, "arousal": b.affect.arousal, "tempo": round(b.tempo, 2),
                 "key": f"{PITCH_CLASS_NAMES[b.tonic]} {b.mode}",
                 "notes_per_second": round(sum(n.part == "melody" for n in b.notes) / b.seconds, 3),
                 "cadence": b.cadence, "transition": b.transition} for b in self.bars]

    def to_stream(self) -> "music21.stream.Score":
        """The melody as one music21 ``Score``: a rehearsal mark per segment, key and tempo changes."""
        from composer.render.sections import sections_to_stream

        return sections_to_stream(self.score_sections(), title=self.title,
                                  custom={"style": self.style, "seed": self.seed, "bars": len(self.bars)})

    def to_performance(self) -> Performance:
        """Every note event (stingers and bass too) timed in seconds from the first bar, with the emotion curve."""
        return performance_of(self.bars, title=self.title, curve=self.curve())

    def write(self, path: str | Path, *, overwrite: bool = False, **options: Any) -> Path:
        """Write the recording; the file name's ending picks the format (as ``Melody.write``).

        Returns
        -------
        Path
            The absolute path written.
        """
        from composer.render.files import write

        return write(self, path, overwrite=overwrite, **options)
