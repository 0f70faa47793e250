"""The front doors to a ``Piece``: ``score_story`` (text), ``score_cues`` (a cue sheet), ``compose_curve`` (an ``AffectCurve``)."""

from __future__ import annotations

__all__ = ["score_story", "score_cues", "compose_curve", "section_names"]

import json
import math
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from composer.curve import AffectCurve
from composer.compose import DEFAULT_BEAM_WIDTH, DEFAULT_TEMPERATURE, arranges
from composer.errors import ArgumentError, CueSheetError, StoryError
from composer.rules.style import Style
from composer.story.scoring.cuesheet import parse_cue_sheet, read_cue_sheet
from composer.story.scoring.multisection import compose_plan
from composer.story.scoring.piece import Piece
from composer.story.scoring.plan import Plan, Section
from composer.story.scoring.storyplan import story_plan

if TYPE_CHECKING:
    from composer.arrange.piece import ArrangedPiece


def score_story(
    source: str | bytes | os.PathLike[str],
    *,
    style: str | Style = "default",
    seed: int = 0,
    estimator: Callable[[str], object] | None = None,
    bars: int | None = None,
    beam_width: int = DEFAULT_BEAM_WIDTH,
    temperature: float = DEFAULT_TEMPERATURE,
    show_progress: bool | None = None,
    arrange: bool | None = None,
    **plan_options: object,
) -> "Piece | ArrangedPiece":
    """Score a story: one section per scene, following the story's smoothed emotional arc.

    Parameters
    ----------
    source : str, bytes or path
        The story's text (``str``), its UTF-8 bytes, or a ``pathlib.Path`` to a text or
        markdown file (a plain ``str`` is always the text itself: pass a ``Path`` for a file).
    style : str or Style
        The style of every section.
    seed : int
        The same story, style and seed give the same piece.
    estimator : callable, optional
        ``str -> Affect`` for each scene (default: ``composer.story.default_estimator()``).
    bars : int, optional
        Bars per scene at the style's tempo, instead of each scene lasting its reading time.
    beam_width, temperature
        As for ``composer.compose``.
    show_progress : bool, optional
        Progress bars on stderr while reading and composing (default: when stderr is a terminal).
    arrange : bool, optional
        True: harmonise and arrange every section (``composer.arrange.arrange_piece``); the
        result is then an ``ArrangedPiece``. False: the melody alone. None (the default):
        as the style's ``arrange: by_default`` says (film, game and hymn arrange).
    **plan_options
        Passed to ``composer.story.story_plan``: ``scenes`` (``"auto"``, ``"paragraph"``,
        ``"heading"``), ``min_scene_words``, ``change_penalty``, ``smoothing``, ``stretch``,
        ``target_words``, ``max_words``, ``words_per_minute``, ``scene_seconds``, ``title``.

    Returns
    -------
    Piece or ArrangedPiece
        With ``section.scene`` holding each scene's report (excerpt, raw and smoothed emotion).

    Raises
    ------
    StoryError
        If the story cannot be read (binary, not UTF-8, missing) or has no words.

    Examples
    --------
    >>> import composer
    >>> piece = composer.score_story("# Dawn\\nBirds sang.\\n\\n# Raid\\nThe alarm screamed! RUN!", bars=2, seed=1)
    >>> [s.label for s in piece.sections], piece[0].tempo < piece[1].tempo
    (['Dawn', 'Raid'], True)
    """
    arranging = arranges(style, arrange)
    style_name = style.name if isinstance(style, Style) else str(style)
    plan = story_plan(source, estimator=estimator, style=style_name, show_progress=show_progress,
                      **plan_options)  # type: ignore[arg-type]
    if not plan.sections:
        where = f"{source}" if isinstance(source, os.PathLike) else "the story"
        raise StoryError(f"{where} has no words: there is nothing to score")
    piece = compose_plan(plan, seed=seed, style=style, bars=bars, beam_width=beam_width, temperature=temperature,
                         show_progress=show_progress)
    return _arranged(piece) if arranging else piece


def score_cues(
    source: str | os.PathLike[str] | Mapping[str, object] | Sequence[object] | Plan,
    *,
    style: str | Style | None = None,
    seed: int = 0,
    bars: int | None = None,
    beam_width: int = DEFAULT_BEAM_WIDTH,
    temperature: float = DEFAULT_TEMPERATURE,
    show_progress: bool | None = None,
    arrange: bool | None = None,
) -> "Piece | ArrangedPiece":
    """Score a cue sheet: one section per cue, each lasting its requested time within 0.5 s.

    Parameters
    ----------
    source : path, mapping, list or Plan
        A cue sheet file (``.yaml``/``.yml``, or ``.json``; a ``str`` is a path), the sheet
        as data (a mapping with ``cues``, or a bare list of cues, as the file would hold
        them), or a ``Plan`` already read. See docs/story.md for the format.
    style : str or Style, optional
        Replaces the sheet's style for cues that name none.
    seed : int
        The same sheet and seed give the same piece.
    bars : int, optional
        Bars per cue at the style's tempo instead of the requested durations (sketches).
    beam_width, temperature, show_progress
        As for ``score_story``.
    arrange : bool, optional
        As for ``score_story``; None follows the sheet's style (``style`` if given, else the
        sheet's ``style``), not the styles single cues name.

    Returns
    -------
    Piece or ArrangedPiece

    Raises
    ------
    CueSheetError
        If the sheet is malformed (naming the cue and the field).
    ComposerError
        If a cue cannot be fitted or composed (naming the section).

    Examples
    --------
    >>> import composer
    >>> piece = composer.score_cues({"cues": [{"name": "calm", "duration": 12, "emotion": "serene"},
    ...                                       {"name": "chase", "duration": 8, "emotion": "terrified"}]})
    >>> [round(s.seconds, 1) for s in piece.sections]
    [12.0, 8.0]
    """
    if isinstance(source, Plan):
        plan = source
    elif isinstance(source, (Mapping, list, tuple)):
        try:
            text = json.dumps(source)
        except (TypeError, ValueError) as e:
            raise CueSheetError(f"<cue sheet>: the sheet must be plain data (mappings, lists, numbers, text): {e}") from None
        plan = parse_cue_sheet(text, source="<cue sheet>", format="json")
    elif isinstance(source, (str, os.PathLike)):
        plan = read_cue_sheet(Path(source))
    else:
        raise CueSheetError(f"a cue sheet is a path, a mapping or a list of cues, got {type(source).__name__}")
    arranging = arranges(style if style is not None else plan.style, arrange)
    piece = compose_plan(plan, seed=seed, style=style, bars=bars, beam_width=beam_width, temperature=temperature,
                         show_progress=show_progress)
    return _arranged(piece) if arranging else piece


def section_names(n: int) -> list[str]:
    """Rehearsal letters for ``n`` sections: ``A`` … ``Z``, then ``AA``, ``AB`` … (as in printed scores).

    Examples
    --------
    >>> section_names(3), section_names(28)[-2:]
    (['A', 'B', 'C'], ['AA', 'AB'])
    """
    out = []
    for i in range(n):
        name, k = "", i
        while True:
            name = chr(ord("A") + k % 26) + name
            k = k // 26 - 1
            if k < 0:
                break
        out.append(name)
    return out


def compose_curve(
    curve: AffectCurve,
    *,
    sections: int | Sequence[float] = 4,
    bars: int | None = None,
    seconds: float | None = None,
    names: Sequence[str] | None = None,
    style: str | Style = "default",
    seed: int = 0,
    beam_width: int = DEFAULT_BEAM_WIDTH,
    temperature: float = DEFAULT_TEMPERATURE,
    show_progress: bool | None = None,
    arrange: bool | None = None,
) -> "Piece | ArrangedPiece":
    """Compose a piece that follows an ``AffectCurve``: one section per stretch of the curve.

    Each section's emotion is the curve's exact mean over its stretch. The sections last
    what the curve says (its keyframe times are seconds), or ``seconds`` in total (the
    curve stretched to fit), or ``bars`` bars each at the style's tempo.

    Parameters
    ----------
    curve : AffectCurve
        The emotion over time.
    sections : int or sequence of float
        ``n`` equal stretches from the first to the last keyframe, or the boundaries in
        the curve's seconds (at least two, increasing).
    bars : int, optional
        Bars per section (the curve's times then only place the emotions).
    seconds : float, optional
        Total length of the piece; each section lasts its share of the curve's span.
    names : sequence of str, optional
        Section labels (rehearsal marks); default ``A``, ``B``, ``C`` …
    style, seed, beam_width, temperature, show_progress, arrange
        As for ``score_story``.

    Returns
    -------
    Piece or ArrangedPiece

    Raises
    ------
    ComposerError
        If both ``bars`` and ``seconds`` are given, the curve has no length and neither is
        given, or the sections or names are malformed.

    Examples
    --------
    >>> import composer
    >>> curve = composer.AffectCurve([(0, "sad"), (60, "triumphant")])
    >>> piece = composer.compose_curve(curve, sections=3, bars=2, seed=2)
    >>> [s.label for s in piece], piece[0].tempo < piece[2].tempo
    (['A', 'B', 'C'], True)
    """
    if not isinstance(curve, AffectCurve):
        raise ArgumentError(f"compose_curve needs an AffectCurve, got {type(curve).__name__}")
    arranging = arranges(style, arrange)
    if bars is not None and seconds is not None:
        raise ArgumentError("give bars (per section) or seconds (in total), not both")
    if isinstance(sections, (int, np.integer)) and not isinstance(sections, bool):
        if not 1 <= sections <= 10_000:
            raise ArgumentError(f"sections must be from 1 to 10000, got {sections}")
        bounds = np.linspace(curve.start, curve.end, int(sections) + 1)
    else:
        try:
            bounds = np.asarray(list(sections), dtype=np.float64)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ArgumentError(f"sections must be a number or increasing boundary times, got {sections!r}") from None
        if bounds.ndim != 1 or len(bounds) < 2 or not np.all(np.isfinite(bounds)) or np.any(np.diff(bounds) <= 0):
            raise ArgumentError("section boundaries must be at least two finite, increasing times in seconds")
    n = len(bounds) - 1
    span = float(bounds[-1] - bounds[0])
    if bars is None and seconds is None and span <= 0:
        raise ArgumentError("the curve has one moment only: give bars= (per section) or seconds= (in total)")
    if seconds is not None and (isinstance(seconds, bool) or not isinstance(seconds, (int, float))
                                or not math.isfinite(seconds) or seconds <= 0):
        raise ArgumentError(f"seconds must be a number > 0, got {seconds!r}")
    labels = list(names) if names is not None else section_names(n)
    if len(labels) != n or not all(isinstance(x, str) and x for x in labels):
        raise ArgumentError(f"names must be {n} non-empty strings, one per section, got {names!r}")
    scale = 1.0 if seconds is None or span <= 0 else float(seconds) / span
    if seconds is not None and span <= 0:  # a single moment: equal shares of the total
        bounds = np.linspace(0.0, float(seconds), n + 1)
        scale = 1.0
    affects = [curve.mean(float(a), float(b)) for a, b in zip(bounds[:-1], bounds[1:])] if span > 0 \
        else [curve.at(curve.start)] * n
    start0 = float(bounds[0])
    plan_sections = []
    for label, a, b, affect in zip(labels, bounds[:-1], bounds[1:], affects):
        start, end = (float(a) - start0) * scale, (float(b) - start0) * scale
        plan_sections.append(Section(name=label, start=start, duration=max(end - start, 1e-9), affect=affect))
    style_name = style.name if isinstance(style, Style) else str(style)
    plan = Plan(tuple(plan_sections), title=None, style=style_name, source="<curve>")
    piece = compose_plan(plan, seed=seed, style=style, bars=bars, beam_width=beam_width, temperature=temperature,
                         show_progress=show_progress)
    return _arranged(piece) if arranging else piece


def _arranged(piece: Piece) -> "ArrangedPiece":
    from composer.arrange.piece import arrange_piece

    return arrange_piece(piece)
