"""``adjust``: move existing music toward an emotion, or along an emotion curve, bar by bar."""

from __future__ import annotations

__all__ = ["adjust", "Adjusted", "bar_affects"]

import copy
import math
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from composer.adjust.plan import plan_bars
from composer.adjust.read import Source, read_source
from composer.adjust.report import AdjustReport, changes_of, harmony_changes
from composer.adjust.rules import ASPECTS, load_adjust_rules
from composer.adjust.density import apply_density
from composer.adjust.harmony import apply_harmony
from composer.adjust.transform import (apply_articulation, apply_keys, apply_pitches, apply_tempo,
                                       apply_velocity)
from composer.affect import Affect, as_affect
from composer.curve import AffectCurve
from composer.analysis import measure_cues
from composer.analysis.notes import _seconds_at
from composer.errors import ArgumentError, RenderError
from composer.rules import Style, load_style
from composer.rules.suggest import suggest

_WRITABLE = {".mid": "midi", ".midi": "midi", ".musicxml": "musicxml", ".xml": "musicxml"}


@dataclass
class Adjusted:
    """Adjusted music and what was done to it.

    Attributes
    ----------
    score : music21.stream.Score
        The adjusted score (a new object; the input is untouched).
    report : AdjustReport
        Every change and the rules that made it.
    """

    score: Any
    report: AdjustReport

    def to_stream(self) -> Any:
        """The adjusted music21 score."""
        return self.score

    def write(self, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
        """Write ``.mid``/``.midi`` or ``.musicxml``/``.xml``; existing files are kept unless ``overwrite``.

        In MIDI, a note with a staccato mark sounds for half its written length.

        Raises
        ------
        RenderError
            For another ending, an existing file without ``overwrite``, or the input file itself.
        """
        from composer.render.atomic import atomic_write

        target = Path(path)
        fmt = _WRITABLE.get(target.suffix.lower())
        if fmt is None:
            raise RenderError(f"{target}: cannot write adjusted music as '{target.suffix}'; "
                              f"allowed: {', '.join(_WRITABLE)}")
        src = Path(self.report.source)
        if src.is_file() and target.exists() and os.path.samefile(src, target):
            raise RenderError(f"{target}: is the input file; adjusting never overwrites its input")
        data = _midi_bytes(self.score) if fmt == "midi" else _musicxml_bytes(self.score)
        return atomic_write(target, lambda tmp: Path(tmp).write_bytes(data), overwrite=overwrite)


def _midi_bytes(score: Any) -> bytes:
    from music21 import articulations

    from composer.render.soundfont import score_to_midi_bytes

    performed = copy.deepcopy(score)
    for n in performed.recurse().notes:
        if any(isinstance(a, articulations.Staccato) for a in n.articulations):
            n.quarterLength = float(n.quarterLength) * 0.5
            n.articulations = [a for a in n.articulations if not isinstance(a, articulations.Staccato)]
    return score_to_midi_bytes(performed)


def _musicxml_bytes(score: Any) -> bytes:
    from composer.render.notation import score_to_musicxml

    return score_to_musicxml(score).encode("utf-8")


def bar_affects(target: Any, source: Source) -> tuple[list[Affect], list[str | None]]:
    """The target emotion of each bar, and the cue (section) each bar belongs to.

    ``target`` is an Affect-like value (every bar the same), an ``AffectCurve`` (seconds
    from the start of the input, as the input is played; each bar takes the curve's mean
    over its seconds), a ``composer.story`` ``Plan`` or a cue-sheet path (each cue's emotion
    held over its span; a bar belongs to the cue holding its middle).

    Returns
    -------
    affects : list of Affect
        One per bar.
    sections : list of str or None
        One per bar: the cue's name, or None without a plan.
    """
    if isinstance(target, (str, Path)) and Path(target).suffix.lower() in (".yaml", ".yml", ".json"):
        from composer.story.scoring.cuesheet import read_cue_sheet

        target = read_cue_sheet(target)
    n = len(source.bar_starts)
    edges = np.array(source.bar_starts + [max(source.notes.quarters, source.bar_starts[-1])], dtype=np.float64)
    seconds = _seconds_at(edges, source.notes.tempi)
    sections: list[str | None] = [None] * n
    if hasattr(target, "sections"):  # a Plan: each section's emotion held from its start to its end
        plan = list(target.sections)
        starts = np.array([s.start for s in plan])
        middles = (seconds[:-1] + seconds[1:]) / 2
        sections = [plan[max(0, int(np.searchsorted(starts, m, side="right")) - 1)].name for m in middles]
        target = AffectCurve([(s.start, s.affect) for s in plan], interpolation="step")
    if not isinstance(target, AffectCurve):
        return [as_affect(target, what="target emotion")] * n, sections
    out = []
    for t0, t1 in zip(seconds[:-1], seconds[1:]):
        a = target.mean(float(t0), float(t1)) if t1 > t0 else target.at(float(t0))
        out.append(Affect(float(np.clip(a.valence, -1, 1)), float(np.clip(a.arousal, -1, 1))))
    return out, sections


def _check_strength(strength: object) -> float:
    if isinstance(strength, bool) or not isinstance(strength, (int, float)) or not math.isfinite(strength) \
            or not 0 <= strength <= 1:
        raise ArgumentError(f"strength must be a number in [0, 1], got {strength!r}")
    return float(strength)


def _check_keep(keep: Iterable[str] | str) -> frozenset[str]:
    items = [keep] if isinstance(keep, str) else list(keep)
    for k in items:
        if k not in ASPECTS:
            raise ArgumentError(f"keep: unknown aspect {k!r}{suggest(k, ASPECTS)}")
    return frozenset(items)


def adjust(music: Any, target: Any, *, style: str | Path | Style = "default", strength: float = 1.0,
           keep: Iterable[str] | str = (), rules: str | os.PathLike[str] | None = None) -> Adjusted:
    """Move existing music toward an emotion (or along a curve), keeping it the same piece.

    Mode (by scale degree, spelled in the key), tempo, register, velocity and articulation
    move from where the input is toward where ``style`` puts them at the target emotion,
    by ``strength``, within the adjustment rules' limits; changes fall on bar lines.
    Notes keep their onsets and order, bars their number; percussion is left alone.

    Parameters
    ----------
    music : str, Path, music21 stream, Melody or Piece
        A MIDI (type 0/1) or MusicXML file, never modified, or music in memory (copied).
    target : Affect-like, AffectCurve, Plan or cue-sheet path
        One emotion for the whole piece; a curve over the input's seconds; or a cue
        sheet whose cues' emotions hold over their spans.
    style : str, Path or Style
        Gives the target parameters (``load_style(style).evaluate(affect)``).
    strength : float
        In [0, 1]: 0 changes nothing, 1 moves each aspect all the way (within the limits).
    keep : iterable of str
        Aspects that must not move, among ``composer.adjust.ASPECTS`` (e.g. ``("tempo",)``).
    rules : path, optional
        An adjustment rule file overriding ``composer/adjust/default.yaml``.

    Returns
    -------
    Adjusted
        ``score`` (music21) and ``report``.

    Raises
    ------
    ComposerError
        A one-line message for unreadable input, bad arguments (an ``ArgumentError``) or bad rule files.

    Examples
    --------
    >>> import composer
    >>> m = composer.compose(valence=0.7, arousal=0.4, bars=4, seed=1)
    >>> sad = composer.adjust(m, (-0.7, -0.4))
    >>> len(sad.score.parts[0].getElementsByClass("Measure")) == 4
    True
    """
    strength = _check_strength(strength)
    pinned = _check_keep(keep)
    the_style = load_style(style)
    the_rules = load_adjust_rules(rules, style=the_style)
    source = read_source(music)
    affects, sections = bar_affects(target, source)
    cues = measure_cues(source.notes)
    modes = [source.key_of_bar(b).mode for b in range(len(source.bar_starts))]
    plans = plan_bars(affects, style=the_style, rules=the_rules, cues=cues, mode=modes,
                      strength=strength, keep=pinned)
    apply_pitches(source, plans)
    borrowed = apply_harmony(source, plans)
    apply_density(source, plans)
    apply_keys(source, plans)
    apply_tempo(source, plans)
    apply_velocity(source, plans, cues["velocity"])
    apply_articulation(source, plans, cues["articulation"])
    tonic_name = source.notes.mode
    report = AdjustReport(
        source=source.name,
        key=f"{'CDEFGAB'[source.tonic_letter]}{_accidental(source)} {source.mode} "
            f"({'written' if source.notes.key_written else 'analysed'}; music21 reads {tonic_name})"
            + "".join(f", from bar {k.first_bar + 1} {'CDEFGAB'[k.tonic_letter]}{_accidental_of(k.tonic, k.tonic_letter)}"
                      f" {k.mode}" for k in source.keys[1:]),
        bars=len(source.bar_starts), style=the_style.name, strength=strength, keep=sorted(pinned),
        changes=changes_of(plans, mode=source.mode, tempo=cues["tempo"], register=cues["register"],
                           velocity=cues["velocity"] if np.isfinite(cues["velocity"]) else 90.0,
                           articulation=cues["articulation"], rules=the_rules, style=the_style.name,
                           density=cues["notes/s"], sections=sections)
                + harmony_changes(borrowed, plans, rules=the_rules, style=the_style.name, sections=sections),
        cues_before=cues,
        cues_after=measure_cues(source.score),
    )
    return Adjusted(source.score, report)


def _accidental(source: Source) -> str:
    return _accidental_of(source.tonic, source.tonic_letter)


def _accidental_of(tonic: int, tonic_letter: int) -> str:
    from composer.adjust.pitch import NATURAL_PC

    alter = (tonic - NATURAL_PC[tonic_letter] + 6) % 12 - 6
    return "#" * alter if alter > 0 else "b" * -alter
