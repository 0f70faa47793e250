"""``Recording``: the bars a live session played, kept for review and written to MIDI, MusicXML, WAV...

Consecutive bars of one segment (one emotion, key and label) become one section of a
multi-section score (``composer.render.ScoreSection``): a rehearsal mark for its label, key
and tempo changes, the tempo ramps of its bars. Everything that sounded is written: the MIDI
file has a track per part (the melody, then the accompaniment and bass layers and the
stingers, each with its channel and General MIDI program, through
``composer.render.midi_parts.part_track``), the MusicXML score a staff per part
(``composer.render.parts.pieces_part``), and audio and piano rolls are timed from the bars'
own note events with each part's instrument.
"""

from __future__ import annotations

__all__ = ["Recording", "performance_of", "PARTS"]

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from composer.arrange.arrangement import Part
from composer.errors import LiveError
from composer.live.events import Bar
from composer.melody import Melody
from composer.render.performance import Performance
from composer.theory.meter import TICKS_PER_QUARTER

if TYPE_CHECKING:
    import music21

    from composer.render.midi import TrackNotes

    from composer.render.sections import ScoreSection


#: The parts besides the melody a recording writes, in track order, with their names in the score.
PARTS: tuple[tuple[str, str], ...] = (("accompaniment", "Accompaniment"), ("bass", "Bass"), ("stinger", "Stinger"))


def _program(bar: Bar, part: str) -> str:
    """The General MIDI program name ``part`` plays in ``bar`` (stingers play on the melody's instrument)."""
    programs = dict(bar.programs)
    return programs.get(part, programs.get("melody", bar.parameters.instrument))


def performance_of(bars: Sequence[Bar], *, title: str = "", curve: np.ndarray | None = None,
                   start: float | None = None) -> Performance:
    """The bars' note events as a ``Performance`` (times from ``start``, by default the first bar's start)."""
    if not bars:
        raise LiveError("a performance needs at least one bar")
    t0 = bars[0].time if start is None else float(start)
    notes_by_bar = sorted(((b, n) for b in bars for n in b.notes), key=lambda bn: (bn[1].time, bn[1].pitch))
    notes = [n for _, n in notes_by_bar]
    return Performance(
        onsets=np.array([n.time - t0 for n in notes], dtype=np.float64),
        durations=np.array([n.seconds for n in notes], dtype=np.float64),
        pitches=np.array([n.pitch for n in notes], dtype=np.int64),
        velocities=np.array([n.velocity for n in notes], dtype=np.int64),
        articulations=tuple(n.articulation for n in notes),
        length=float(bars[-1].end - t0),
        bar_lines=np.array([b.time - t0 for b in bars] + [bars[-1].end - t0], dtype=np.float64),
        curve=curve, title=title, instrument=bars[0].parameters.instrument,
        programs=tuple(_program(b, n.part) for b, n in notes_by_bar),
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

    def part_pieces(self) -> list[tuple[str, list[tuple[int, Part]]]]:
        """Each part besides the melody that sounded (``PARTS``' order): its score name and one
        ``(bar start in sixteenth-note ticks, Part)`` piece per bar it sounds in (ticks from the bar's start)."""
        out = []
        t0 = self.bars[0].beat
        for part, name in PARTS:
            pieces = []
            for b in self.bars:
                notes = [n for n in b.notes if n.part == part]
                if not notes:
                    continue
                start = int(round((b.beat - t0) * TICKS_PER_QUARTER))

                def ticks(beats: list[float]) -> np.ndarray:
                    return np.rint(np.array(beats) * TICKS_PER_QUARTER).astype(np.int64)

                pieces.append((start, Part(name, _program(b, part), ticks([n.beat - b.beat for n in notes]),
                                           np.maximum(ticks([n.beats for n in notes]), 1),
                                           np.array([n.pitch for n in notes], dtype=np.int64),
                                           np.array([n.velocity for n in notes], dtype=np.int64))))
            if pieces:
                out.append((name, pieces))
        return out

    def midi_tracks(self) -> list["TrackNotes"]:
        """A MIDI track per part besides the melody that sounded (``composer.render.midi.midi_file``'s ``parts``)."""
        from composer.render.midi_parts import part_track

        return [part_track(name, pieces) for name, pieces in self.part_pieces()]

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
        """A music21 ``Score``: the melody (a rehearsal mark per segment, key and tempo changes), then a part
        for each layer and the stingers that sounded."""
        from composer.render.parts import pieces_part
        from composer.render.sections import sections_to_stream

        score = sections_to_stream(self.score_sections(), title=self.title,
                                   custom={"style": self.style, "seed": self.seed, "bars": len(self.bars)})
        t0 = self.bars[0].beat
        keys = [(b.beat - t0, b.tonic, b.mode) for b in self.bars]
        length = self.bars[-1].beat + int(self.bars[-1].ticks.sum()) / TICKS_PER_QUARTER - t0
        for i, (name, pieces) in enumerate(self.part_pieces(), start=1):
            score.insert(0, pieces_part(name, [(t / TICKS_PER_QUARTER, p) for t, p in pieces], length=length,
                                        meter_name=self.bars[0].meter, keys=keys, index=i))
        return score

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
