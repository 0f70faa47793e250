"""``Plan``: the sections a piece is composed from (name, start, duration, emotion, style, fixed parameters)."""

from __future__ import annotations

__all__ = ["Section", "Plan", "OVERRIDE_NAMES"]

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from composer.affect import Affect
from composer.curve import AffectCurve

#: Parameters a section may fix, overriding what the style would choose: names of ``composer.rules.Parameters`` fields.
OVERRIDE_NAMES: tuple[str, ...] = ("tempo", "meter", "tonic", "mode")


@dataclass(frozen=True)
class Section:
    """One section of a plan: a cue of a cue sheet or a scene of a story.

    Attributes
    ----------
    name : str
        Cue name or scene label (a rehearsal mark in the score).
    start : float
        Seconds from the start of the piece.
    duration : float
        Length in seconds, > 0.
    affect : Affect
        The emotion the section should express.
    style : str or None
        Style for this section (a shipped style name or a path); None uses the plan's.
    overrides : mapping
        Parameters fixed by the author, keyed by ``OVERRIDE_NAMES``: ``tempo`` (quarter
        notes per minute), ``meter`` (``"3/4"``), ``tonic`` (pitch class 0–11), ``mode``
        (``"aeolian"`` …). Empty when the style decides everything.
    tempo_range : (float, float) or None
        Tempos acceptable when fitting the duration with whole bars
        (``composer.story.scoring.timing.fit_duration``); None uses the default range.
    bars : int or None
        The length in bars when the author gave it in bars (then ``duration`` follows from
        the fixed tempo).
    text : str
        For a story scene, an excerpt of its text; empty for a cue.
    arc : (Affect, Affect) or None
        The emotion at the section's start and at its end when it moves through the section
        (a story scene that builds); the music then glides between them: tempo bar by bar,
        velocity note by note (``composer.story.scoring.multisection``). None: one emotion
        throughout.
    """

    name: str
    start: float
    duration: float
    affect: Affect
    style: str | None = None
    overrides: Mapping[str, object] = field(default_factory=dict)
    tempo_range: tuple[float, float] | None = None
    bars: int | None = None
    text: str = ""
    arc: tuple[Affect, Affect] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "overrides", MappingProxyType(dict(self.overrides)))

    @property
    def end(self) -> float:
        """Seconds from the start of the piece to the end of the section."""
        return self.start + self.duration

    def as_dict(self) -> dict[str, object]:
        """The section as plain data (for JSON and reports)."""
        return {
            "name": self.name, "start": self.start, "duration": self.duration, "affect": self.affect.as_dict(),
            "style": self.style, "overrides": dict(self.overrides),
            "tempo_range": list(self.tempo_range) if self.tempo_range else None, "bars": self.bars, "text": self.text,
            "arc": [a.as_dict() for a in self.arc] if self.arc else None,
        }


@dataclass(frozen=True)
class Plan:
    """What to compose: sections in time order, without overlaps.

    Attributes
    ----------
    sections : tuple of Section
        In order of ``start``; a section starts no earlier than the previous one ends
        (gaps are silence).
    title : str or None
        Title of the piece.
    style : str
        Style of sections that name none.
    source : str
        Where the plan came from (a file name, ``"<text>"``).
    """

    sections: tuple[Section, ...]
    title: str | None = None
    style: str = "default"
    source: str = ""

    def __len__(self) -> int:
        return len(self.sections)

    def __iter__(self):
        return iter(self.sections)

    def __getitem__(self, i: int) -> Section:
        return self.sections[i]

    @property
    def duration(self) -> float:
        """Seconds from 0 to the end of the last section (0 for an empty plan)."""
        return self.sections[-1].end if self.sections else 0.0

    def affect_curve(self, *, interpolation: str = "linear") -> AffectCurve:
        """An ``AffectCurve`` with one keyframe at the middle of each section.

        Raises
        ------
        AffectError
            If the plan has no sections.
        """
        return AffectCurve([(s.start + s.duration / 2, s.affect) for s in self.sections], interpolation=interpolation)

    def as_dict(self) -> dict[str, object]:
        """The plan as plain data (for JSON and reports)."""
        return {"title": self.title, "style": self.style, "source": self.source,
                "sections": [s.as_dict() for s in self.sections]}
