"""``Piece``: a composed story or cue sheet — sections of melody joined into one score, with a per-scene report."""

from __future__ import annotations

__all__ = ["Piece", "PieceSection", "Silence"]

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from composer.affect import Affect
from composer.melody import Melody
from composer.story.scoring.joins import KeyJoin
from composer.story.scoring.plan import Plan, Section
from composer.story.scoring.storyplan import SceneReport
from composer.story.scoring.timing import DurationFit
from composer.theory.meter import get_meter
from composer.theory.tempo import TempoMap

if TYPE_CHECKING:
    import music21

    from composer.render.performance import Performance
    from composer.render.sections import ScoreSection


@dataclass(frozen=True)
class Silence:
    """Bars of rest before a section, filling a gap the cue sheet leaves between cues.

    Attributes
    ----------
    bars : int
        Whole bars of rest.
    tempo : float
        Quarter notes per minute (chosen so the bars last ``seconds``).
    meter : str
        Time signature of the rest bars.
    seconds : float
        Their length.
    """

    bars: int
    tempo: float
    meter: str
    seconds: float


@dataclass(frozen=True)
class PieceSection:
    """One section of a piece: its melody, where it sits in time, and how it was made.

    Attributes
    ----------
    index : int
        0-based position in the piece.
    label : str
        The scene label or cue name (a rehearsal mark in the score).
    melody : Melody
        The section's notes and parameters (its tempo is the section's main tempo).
    start : float
        Seconds from the start of the piece to the section's first bar, as written.
    seconds : float
        The section's length as written (its tempo map applied).
    entry : Section
        The plan entry it was composed from (requested start, duration, emotion, overrides).
    tempo_map : tuple of (int, float)
        ``(tick, quarter notes per minute)`` marks from the section's start: one mark, or a
        ramp to the next section's tempo over its last bars (``composer.story.scoring.ramps``).
    key : KeyJoin
        The key and the rule that chose it (``composer.story.scoring.joins``).
    fit : DurationFit or None
        Bars and tempo fitted to the requested duration; None when the bars were given.
    register : float or None
        When the range had to move so the first note is within reach of the previous
        last note: the register used (the style's is in ``melody.parameters`` otherwise).
    join_interval : int or None
        Semitones from the previous section's last sounding note to this one's first
        (signed; None for the first section or when either has no note).
    silence : Silence or None
        Rest bars before the section (a gap in a cue sheet).
    scene : SceneReport or None
        For a story: what the reader found in the scene (raw and smoothed emotion).
    """

    index: int
    label: str
    melody: Melody
    start: float
    seconds: float
    entry: Section
    tempo_map: TempoMap
    key: KeyJoin
    fit: DurationFit | None = None
    register: float | None = None
    join_interval: int | None = None
    silence: Silence | None = None
    scene: SceneReport | None = None

    @property
    def end(self) -> float:
        """Seconds from the start of the piece to the end of the section."""
        return self.start + self.seconds

    @property
    def tempo(self) -> float:
        """The section's main tempo (quarter notes per minute), before any ramp."""
        return float(self.melody.parameters.tempo)

    @property
    def ramp(self) -> tuple[float, float] | None:
        """(tempo before the ramp, last tempo of the ramp) when the section ramps, else None."""
        return (self.tempo_map[0][1], self.tempo_map[-1][1]) if len(self.tempo_map) > 1 else None

    @property
    def affect(self) -> Affect:
        """The emotion the section was composed for."""
        return self.entry.affect

    def report(self) -> dict[str, object]:
        """The section's line of the per-scene report, as plain data (see ``Piece.report``)."""
        p = self.melody.parameters
        raw = self.scene.raw if self.scene is not None else self.entry.affect
        return {
            "index": self.index,
            "label": self.label,
            "start": round(self.start, 3),
            "seconds": round(self.seconds, 3),
            "requested": {"start": round(self.entry.start, 3), "duration": round(self.entry.duration, 3)},
            "excerpt": self.scene.excerpt if self.scene is not None else self.entry.text,
            "raw": raw.as_dict(),
            "smoothed": self.entry.affect.as_dict(),
            "parameters": {
                "key": p.tonic_name, "mode": p.mode, "tempo": round(float(p.tempo), 3), "meter": p.meter,
                "bars": self.melody.bars, "register": p.register, "range": p.range, "density": p.density,
                "velocity": p.velocity, "articulation": p.articulation, "max_leap": p.max_leap,
                "instrument": p.instrument,
            },
            "ramp": list(self.ramp) if self.ramp else None,
            "key_rule": self.key.rule,
            "key_reason": self.key.reason,
            "register_moved": self.register is not None,
            "join_interval": self.join_interval,
            "silence_before": round(self.silence.seconds, 3) if self.silence else 0.0,
            "notes": self.melody.n_notes,
            "style": self.melody.style,
        }


def _silence_melody(silence: Silence, like: Melody) -> Melody:
    bar_ticks = get_meter(silence.meter).bar_ticks
    params = replace(like.parameters, tempo=silence.tempo, meter=silence.meter)
    n = silence.bars
    return Melody(pitches=np.full(n, -1), ticks=np.full(n, bar_ticks), velocities=np.zeros(n, dtype=np.int64),
                  parameters=params, affect=like.affect, style=like.style, seed=like.seed)


@dataclass(frozen=True)
class Piece:
    """A piece in sections that follows an emotional arc: a story, a cue sheet or an ``AffectCurve``, composed.

    Make one with ``composer.score_story``, ``composer.score_cues``, ``composer.compose_curve``
    or ``composer.story.compose_plan``. It is written like a ``Melody``: ``write(path)``
    picks the format by the ending (.mid .musicxml .xml .mxl .abc .svg .png .roll.png
    .wav); the score carries a rehearsal mark per section, key and time signature
    changes and metronome marks where they change (see docs/story.md).

    Attributes
    ----------
    sections : tuple of PieceSection
        In time order.
    plan : Plan
        What was asked for.
    style : str
        The plan's style.
    seed : int
        The seed; the same plan, style and seed give the same piece.
    title : str or None
        The title (the plan's).
    """

    sections: tuple[PieceSection, ...]
    plan: Plan
    style: str
    seed: int
    title: str | None = None

    def __len__(self) -> int:
        return len(self.sections)

    def __iter__(self):
        return iter(self.sections)

    def __getitem__(self, i: int) -> PieceSection:
        return self.sections[i]

    # --- sizes ---------------------------------------------------------------------
    @property
    def seconds(self) -> float:
        """Length of the whole piece in seconds, as written."""
        return self.sections[-1].end if self.sections else 0.0

    @property
    def n_notes(self) -> int:
        """Sounding notes in all sections."""
        return sum(s.melody.n_notes for s in self.sections)

    @property
    def bars(self) -> int:
        """Bars in all sections (rest bars between cues included)."""
        return sum(s.melody.bars + (s.silence.bars if s.silence else 0) for s in self.sections)

    # --- output --------------------------------------------------------------------
    def score_sections(self) -> list["ScoreSection"]:
        """The sections as ``composer.render.ScoreSection`` s (silences as unlabelled rest sections)."""
        from composer.render.sections import ScoreSection

        out = []
        for s in self.sections:
            if s.silence is not None:
                like = s.melody if s.index == 0 else self.sections[s.index - 1].melody
                out.append(ScoreSection(_silence_melody(s.silence, like), None, ((0, s.silence.tempo),)))
            out.append(ScoreSection(s.melody, s.label, s.tempo_map))
        return out

    def curve(self) -> np.ndarray:
        """(time in seconds, valence, arousal) at the middle of each section, shape (n, 3)."""
        return np.array([(s.start + s.seconds / 2, s.affect.valence, s.affect.arousal) for s in self.sections])

    def to_stream(self) -> "music21.stream.Score":
        """Return one music21 ``Score``: every section's measures, with rehearsal marks, key, meter and tempo changes."""
        from composer.render.sections import sections_to_stream

        return sections_to_stream(self.score_sections(), title=self.title,
                                  custom={"style": self.style, "seed": self.seed, "sections": len(self.sections)})

    def to_performance(self) -> "Performance":
        """Return the notes timed in seconds with every tempo change and ramp, and the emotion curve."""
        from composer.render.sections import sections_performance

        return sections_performance(self.score_sections(), title=self.title or "", curve=self.curve())

    def write(self, path: str | Path, *, overwrite: bool = False, **options: Any) -> Path:
        """Write the piece to ``path``; the ending picks the format (as ``Melody.write``).

        Returns
        -------
        Path
            The absolute path written.

        Raises
        ------
        RenderError
            For an unknown ending, an existing file without ``overwrite=True``, an
            unwritable folder or a missing optional package.
        """
        from composer.render.files import write

        if "curve" not in options and str(path).lower().endswith(".roll.png"):
            options["curve"] = [tuple(row) for row in self.curve()]
        return write(self, path, overwrite=overwrite, **options)

    def _repr_html_(self) -> str:
        """Sheet music and an audio player for notebooks, under the one-line summary."""
        from composer.render.html import notebook_html

        return notebook_html(self, caption=str(self))

    # --- reports -------------------------------------------------------------------
    def summary(self) -> dict[str, object]:
        """The one-glance facts: title, sections, seconds, bars, notes, keys and tempos used, style, seed."""
        return {
            "title": self.title,
            "sections": len(self.sections),
            "seconds": round(self.seconds, 2),
            "bars": self.bars,
            "notes": self.n_notes,
            "keys": sorted({f"{s.melody.parameters.tonic_name} {s.melody.parameters.mode}" for s in self.sections}),
            "tempo_range": [round(min(s.tempo for s in self.sections), 1), round(max(s.tempo for s in self.sections), 1)]
            if self.sections else [],
            "style": self.style,
            "seed": self.seed,
        }

    def report(self) -> list[dict[str, object]]:
        """The per-scene report as plain data: one dict per section.

        Each has ``label``, ``start`` and ``seconds`` (as written), ``requested`` (start and
        duration asked for), ``excerpt`` (the scene's text, empty for a cue), ``raw`` and
        ``smoothed`` valence/arousal (equal for a cue), the chosen ``parameters`` (key,
        mode, tempo, meter, bars, register, range, density, velocity, articulation,
        max_leap, instrument), ``ramp``, ``key_rule`` and ``key_reason``,
        ``register_moved``, ``join_interval``, ``silence_before``, ``notes`` and ``style``.
        """
        return [s.report() for s in self.sections]

    def report_json(self, *, indent: int | None = None) -> str:
        """The piece's summary and per-scene report as JSON text."""
        return json.dumps({"summary": self.summary(), "sections": self.report()}, indent=indent, ensure_ascii=False)

    def report_text(self, *, excerpt_chars: int = 60) -> str:
        """The per-scene report as a table to print: one block per section.

        Examples
        --------
        >>> import composer
        >>> piece = composer.compose_curve(composer.AffectCurve([(0, "calm"), (20, "tense")]), sections=2, bars=2)
        >>> print(piece.report_text())  # doctest: +ELLIPSIS
        #  section  start  length  valence raw/smooth  arousal raw/smooth  key ... tempo  meter  bars  notes
        1  A ...
        """
        head = ["#", "section", "start", "length", "valence raw/smooth", "arousal raw/smooth", "key", "tempo",
                "meter", "bars", "notes"]
        rows = []
        extra = []
        for s in self.sections:
            r = s.report()
            p = r["parameters"]
            raw, sm = r["raw"], r["smoothed"]
            tempo = f"{r['ramp'][0]:.4g}→{r['ramp'][1]:g}" if r["ramp"] else f"{p['tempo']:.5g}"
            rows.append([str(s.index + 1), s.label, f"{s.start:.1f}", f"{s.seconds:.1f}",
                         f"{raw['valence']:+.2f}/{sm['valence']:+.2f}", f"{raw['arousal']:+.2f}/{sm['arousal']:+.2f}",
                         f"{p['key']} {p['mode']}", tempo, p["meter"], str(p["bars"]), str(r["notes"])])
            notes = [r["key_reason"]]
            if r["register_moved"]:
                notes.append(f"range moved to register {p['register']:g} to reach the first note")
            if r["silence_before"]:
                notes.append(f"{r['silence_before']:.1f} s of rest before")
            text = str(r["excerpt"])
            if text:
                flat = " ".join(text.split())
                notes.append('"' + (flat if len(flat) <= excerpt_chars else flat[:excerpt_chars].rstrip() + "…") + '"')
            extra.append("   " + "; ".join(notes))
        widths = [max(len(x) for x in col) for col in zip(head, *rows)]

        def line(cells: list[str]) -> str:
            return "  ".join(c.ljust(w) if i in (1, 6, 8) else c.rjust(w) if i else c.ljust(w)
                             for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

        out = [line(head)]
        for row, ex in zip(rows, extra):
            out.append(line(row))
            out.append(ex)
        return "\n".join(out)

    def __str__(self) -> str:
        s = self.summary()
        title = f"{s['title']}: " if s["title"] else ""
        lo, hi = s["tempo_range"] or (0, 0)
        return (f"Piece: {title}{s['sections']} sections, {s['seconds']:.1f} s, {s['bars']} bars, {s['notes']} notes; "
                f"{len(s['keys'])} key{'s' if len(s['keys']) != 1 else ''}, tempo {lo:g}–{hi:g} bpm; "
                f"style {s['style']}, seed {s['seed']}")

