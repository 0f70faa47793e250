"""From a story's text to a ``Plan``: scenes, their estimated emotion (raw and smoothed), and a per-scene report."""

from __future__ import annotations

__all__ = ["SceneReport", "StoryPlan", "story_plan", "DEFAULT_SMOOTHING", "DEFAULT_WORDS_PER_MINUTE",
           "DEFAULT_SCENE_SECONDS", "EXCERPT_CHARS", "SCENE_MODES", "RANGE_TARGET", "RANGE_MAX_GAIN", "RANGE_DEAD_ZONE",
           "stretch_to_range"]

import math
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from composer._progress import progress
from composer.affect import Affect, as_affect
from composer.curve import smooth_affects
from composer.errors import AffectError, ComposerError, StoryError
from composer.limits import check_at_most
from composer.safe_read import check_regular
from composer.story.scoring.plan import Plan, Section
from composer.rules.suggest import did_you_mean
from composer.story.reading.segment import DEFAULT_MIN_WORDS, DEFAULT_PENALTY, build_span, sentence_values, split_scene
from composer.story.reading.text import DEFAULT_MAX_WORDS, DEFAULT_TARGET_WORDS, Scene, iter_lines, iter_scenes, split_sentences

#: Width of the Gaussian smoothing across scenes, in scenes (a neighbour weighs exp(-1 / (2 * 0.36)) = 0.25),
#: for scenes cut at paragraphs or headings; scenes cut by emotion (``"auto"``) are not smoothed by default.
DEFAULT_SMOOTHING = 0.6
#: The story's most extreme scene on each axis is stretched to reach at least this far from neutral ...
RANGE_TARGET = 0.85
#: ... by a gain of at most this much ...
RANGE_MAX_GAIN = 1.6
#: ... unless no scene is further than this from neutral on that axis (a neutral story stays neutral).
RANGE_DEAD_ZONE = 0.15
#: How a story is cut into scenes: where its emotion turns (and at headings), at paragraph ends, or at headings only.
SCENE_MODES: tuple[str, ...] = ("auto", "paragraph", "heading")
#: Reading pace that sets each scene's length: words per minute of reading aloud.
DEFAULT_WORDS_PER_MINUTE = 150.0
#: Shortest and longest scene, in seconds.
DEFAULT_SCENE_SECONDS: tuple[float, float] = (10.0, 90.0)
#: Length of a scene's excerpt in the report, in characters.
EXCERPT_CHARS = 160


@dataclass(frozen=True)
class SceneReport:
    """What the story reader found in one scene.

    Attributes
    ----------
    index : int
        0-based scene number.
    label : str
        Heading or ``"Scene N"``.
    line : int
        1-based line of the story where the scene begins.
    words : int
        Words in the scene.
    excerpt : str
        The scene's first ``EXCERPT_CHARS`` characters (whole words, with ``…`` when cut).
    raw : Affect
        The estimator's valence and arousal for the scene.
    smoothed : Affect
        After stretching to the story's range and smoothing across neighbouring scenes:
        what the music follows.
    how : str
        How ``raw`` and ``smoothed`` were obtained (sentences, weighting, calibration,
        range gain, smoothing).
    """

    index: int
    label: str
    line: int
    words: int
    excerpt: str
    raw: Affect
    smoothed: Affect
    how: str = ""

    def as_dict(self) -> dict[str, object]:
        """The report as plain data (for JSON)."""
        return {"index": self.index, "label": self.label, "line": self.line, "words": self.words,
                "excerpt": self.excerpt, "raw": self.raw.as_dict(), "smoothed": self.smoothed.as_dict(),
                "how": self.how}


@dataclass(frozen=True)
class StoryPlan(Plan):
    """A ``Plan`` made from a story, with the per-scene report.

    Attributes
    ----------
    scenes : tuple of SceneReport
        One per section, in order.
    """

    scenes: tuple[SceneReport, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """The plan and the scene report as plain data."""
        d = super().as_dict()
        d["scenes"] = [s.as_dict() for s in self.scenes]
        return d


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= EXCERPT_CHARS:
        return flat
    cut = flat[:EXCERPT_CHARS].rsplit(" ", 1)[0]
    return cut + "…"


def stretch_to_range(values: np.ndarray, *, target: float = RANGE_TARGET, max_gain: float = RANGE_MAX_GAIN,
                     dead_zone: float = RANGE_DEAD_ZONE) -> tuple[np.ndarray, np.ndarray]:
    """Map a story's extremes onto the full range: scale each axis about neutral.

    Parameters
    ----------
    values : numpy.ndarray of shape (n_scenes, 2)
        Each scene's valence and arousal in [-1, 1].

    Returns
    -------
    stretched : numpy.ndarray of shape (n_scenes, 2)
        ``values * gain``, clipped to [-1, 1].
    gain : numpy.ndarray of shape (2,)
        Per axis: ``min(max_gain, target / m)`` where ``m`` is the largest ``|value|`` on
        that axis, when ``dead_zone <= m < target``; else 1. Scaling about 0 keeps every
        scene's side (pleasant or not, aroused or calm) and their order.

    Examples
    --------
    >>> out, gain = stretch_to_range(np.array([[0.1, -0.5], [-0.3, 0.6]]))
    >>> [round(float(g), 3) for g in gain], [round(float(v), 2) for v in out[:, 1]]
    ([1.6, 1.417], [-0.71, 0.85])
    """
    values = np.asarray(values, dtype=np.float64)
    gain = np.ones(2)
    if len(values):
        m = np.abs(values).max(axis=0)
        stretch = (m >= dead_zone) & (m < target)
        gain[stretch] = np.minimum(max_gain, target / m[stretch])
    return np.clip(values * gain, -1.0, 1.0), gain


def _scene_seconds(words: int, wpm: float, bounds: tuple[float, float]) -> float:
    return float(min(bounds[1], max(bounds[0], words * 60.0 / wpm)))


def _count_lines(source: str | bytes | os.PathLike[str]) -> int | None:
    """Number of lines ``iter_lines`` will yield (for the progress bar), without holding a file in memory."""
    if isinstance(source, str):
        return source.count("\n") + (1 if source and not source.endswith("\n") else 0)
    if isinstance(source, bytes):
        return source.count(b"\n") + (1 if source and not source.endswith(b"\n") else 0)
    check_regular(source, "story", StoryError)  # a FIFO or device must not be opened (it would block)
    try:
        n, last = 0, b""
        with open(source, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                n += block.count(b"\n")
                last = block[-1:]
        return n + (1 if last and last != b"\n" else 0)
    except OSError:
        return None


def _scenes(lines: Iterator[str], estimator: Callable[[str], object], mode: str, target_words: int | None,
            max_words: int, min_words: int, penalty: float) -> Iterator[Scene]:
    """The story's scenes for a ``SCENE_MODES`` mode, numbered in order."""
    if mode == "paragraph":
        yield from iter_scenes(lines, target_words=target_words, max_words=max_words)
        return
    stretches = iter_scenes(lines, target_words=None, max_words=max_words)
    if mode == "heading":
        yield from stretches
        return
    index = 0
    parts_of: dict[str, int] = {}  # heading -> scenes labelled with it so far
    for stretch in stretches:
        try:
            parts = split_scene(stretch, estimator, penalty=penalty, min_words=min_words)
        except ComposerError:
            raise
        except Exception as e:  # a user's estimator: name the stretch that broke it
            raise StoryError(f"the estimator failed on a sentence of {stretch.label!r} (line {stretch.line}): "
                             f"{type(e).__name__}: {e}") from e
        for text, n_words, line in parts:
            if stretch.heading is None:
                label = f"Scene {index + 1}"
            else:
                k = parts_of.get(stretch.heading, 0)
                parts_of[stretch.heading] = k + 1
                label = stretch.heading if k == 0 else f"{stretch.heading} ({k + 1})"
            yield Scene(index, label, text, n_words, line, stretch.heading)
            index += 1


def _span(estimator: Callable[[str], object], scene: Scene) -> np.ndarray | None:
    """``build_span`` of the scene's sentences, shape (2, 2), or None when it does not build."""
    sentences = split_sentences(" ".join(scene.text.split()))
    if len(sentences) < 4:
        return None
    try:
        values = sentence_values(estimator, sentences)
    except ComposerError:
        raise
    except Exception as e:  # a user's estimator: name the scene that broke it
        raise StoryError(f"the estimator failed on a sentence of scene {scene.index + 1} ({scene.label!r}, "
                         f"line {scene.line}): {type(e).__name__}: {e}") from e
    return build_span(values)


def story_plan(
    source: str | bytes | os.PathLike[str],
    *,
    estimator: Callable[[str], object] | None = None,
    scenes: str = "auto",
    min_scene_words: int = DEFAULT_MIN_WORDS,
    change_penalty: float = DEFAULT_PENALTY,
    smoothing: float | None = None,
    target_words: int | None = DEFAULT_TARGET_WORDS,
    max_words: int = DEFAULT_MAX_WORDS,
    words_per_minute: float = DEFAULT_WORDS_PER_MINUTE,
    scene_seconds: tuple[float, float] = DEFAULT_SCENE_SECONDS,
    stretch: bool | None = None,
    style: str = "default",
    title: str | None = None,
    show_progress: bool | None = None,
    motion: bool | None = None,
) -> StoryPlan:
    """Read a story and plan its music: one section per scene, following the smoothed emotion.

    The story is read line by line and each scene is estimated as soon as it is complete,
    so memory holds one scene's text at a time plus a small record per scene.

    Parameters
    ----------
    source : str, bytes or path
        The story's text (``str``), its UTF-8 bytes, or a ``pathlib.Path`` to a UTF-8
        text or markdown file.
    estimator : callable, optional
        ``str -> Affect`` (anything ``composer.affect.as_affect`` reads is accepted as its
        result). Defaults to ``composer.story.default_estimator()``.
    scenes : {"auto", "paragraph", "heading"}
        Where scenes are cut. ``"auto"`` (default): at headings, markers and title lines,
        and inside the text between them where the sentences' emotion changes
        (``composer.story.reading.segment``: penalised optimal partitioning, cuts at
        paragraph ends preferred). ``"paragraph"``: at paragraph ends once a scene holds
        ``target_words`` words (and at headings). ``"heading"``: at headings, markers and
        title lines only.
    min_scene_words : int
        With ``"auto"``, the fewest words in a scene cut by emotion (a stretch between
        headings that is shorter stays one scene).
    change_penalty : float
        With ``"auto"``, the cost of a cut (>= 0): larger gives fewer scenes.
    smoothing : float, optional
        Width (standard deviation) of the Gaussian smoothing across scenes, in scenes;
        0 turns smoothing off. Default: 0 for ``"auto"`` (its scenes differ by
        construction), ``DEFAULT_SMOOTHING`` otherwise.
    target_words, max_words : int
        Scene sizes, as for ``composer.story.reading.text.iter_scenes`` (``target_words``
        only with ``"paragraph"``; ``max_words`` bounds every stretch that is read).
    words_per_minute : float
        Reading pace that sets each scene's length in seconds.
    scene_seconds : (float, float)
        Shortest and longest scene in seconds.
    stretch : bool, optional
        Map the story's extremes onto the full range (``stretch_to_range``) before
        smoothing, so that its calmest scene is slow and soft and its wildest fast and loud.
        Default: on with the default estimator, off with one of your own (its values are
        taken as meant).
    style : str
        The plan's style (sections name none of their own).
    title : str, optional
        The plan's title; defaults to the file name for a path.
    show_progress : bool, optional
        Draw a progress bar on stderr; by default only when stderr is a terminal.
    motion : bool, optional
        Follow a scene that builds inside itself: when its sentences rise or fall steadily
        (``composer.story.reading.segment.build_span``), its section gets an ``arc`` from the
        fitted line's start to its end (scaled by the story range gain, not smoothed) and the music glides between them. False: one emotion per scene. Default: on when the
        estimator reads sentences in one batch (``sentence_affects``, as the default one
        does), off otherwise (it would be called once more per sentence of every scene).

    Returns
    -------
    StoryPlan
        Empty (no sections) for a text without words.

    Raises
    ------
    StoryError
        If the story cannot be read (not UTF-8, binary, missing), an option is invalid,
        or the estimator fails or returns something that is not an emotion.

    Examples
    --------
    >>> plan = story_plan("# Calm\\nThe lake was still.\\n\\n# Storm\\nThunder! The boat was sinking! RUN!")
    >>> [s.name for s in plan], plan[0].affect.arousal < plan[1].affect.arousal
    (['Calm', 'Storm'], True)
    """
    if stretch is None:
        stretch = estimator is None
    if motion is None:
        motion = estimator is None or callable(getattr(estimator, "sentence_affects", None))
    if estimator is None:
        from composer.story.reading.estimator import default_estimator

        estimator = default_estimator()
    if not callable(estimator):
        raise StoryError(f"estimator must be a callable str -> Affect, got {type(estimator).__name__}")
    if not isinstance(scenes, str) or scenes not in SCENE_MODES:
        raise StoryError(f"scenes must be one of {', '.join(SCENE_MODES)}, got {scenes!r}{did_you_mean(scenes, SCENE_MODES)}")
    if isinstance(min_scene_words, bool) or not isinstance(min_scene_words, int) or min_scene_words < 1:
        raise StoryError(f"min_scene_words must be a whole number >= 1, got {min_scene_words!r}")
    if isinstance(change_penalty, bool) or not isinstance(change_penalty, (int, float)) \
            or not math.isfinite(change_penalty) or change_penalty < 0:
        raise StoryError(f"change_penalty must be a number >= 0, got {change_penalty!r}")
    if target_words is not None and (isinstance(target_words, bool) or not isinstance(target_words, int) or target_words < 0):
        raise StoryError(f"target_words must be a whole number >= 0 or None, got {target_words!r}")
    if smoothing is None:
        smoothing = 0.0 if scenes == "auto" else DEFAULT_SMOOTHING
    if isinstance(smoothing, bool) or not isinstance(smoothing, (int, float)) or not math.isfinite(smoothing) or smoothing < 0:
        raise StoryError(f"smoothing must be a number of scenes >= 0, got {smoothing!r}")
    if isinstance(words_per_minute, bool) or not isinstance(words_per_minute, (int, float)) \
            or not math.isfinite(words_per_minute) or words_per_minute <= 0:
        raise StoryError(f"words_per_minute must be a number > 0, got {words_per_minute!r}")
    if (not isinstance(scene_seconds, (tuple, list)) or len(scene_seconds) != 2
            or not all(isinstance(x, (int, float)) and math.isfinite(x) and x > 0 for x in scene_seconds)
            or scene_seconds[0] > scene_seconds[1]):
        raise StoryError(f"scene_seconds must be (shortest, longest) seconds with 0 < shortest <= longest, got {scene_seconds!r}")
    if isinstance(source, (bytearray, memoryview)):
        source = bytes(source)
    if not isinstance(source, (str, bytes, os.PathLike)):
        raise StoryError(f"a story is text (str), UTF-8 bytes or a path, got {type(source).__name__}")
    bounds = (float(scene_seconds[0]), float(scene_seconds[1]))
    if title is None and isinstance(source, os.PathLike):
        # a file name's undecodable bytes would make MusicXML/ABC writers fail: show them as U+FFFD
        title = os.fsencode(Path(source).stem).decode("utf-8", "replace")
    source_name = str(source) if isinstance(source, os.PathLike) else "<text>"

    total = _count_lines(source)
    lines: Iterator[str] = iter_lines(source)
    lines = progress(lines, total=total, label="reading story", enabled=show_progress)

    labels: list[tuple[Scene, str]] = []  # scene (text dropped) and excerpt
    raw: list[tuple[float, float]] = []
    hows: list[str] = []
    spans: list[np.ndarray | None] = []
    for scene in _scenes(lines, estimator, scenes, target_words, max_words, min_scene_words, float(change_penalty)):
        check_at_most("scenes", scene.index + 1, source_name)
        how = ""
        try:
            read = getattr(estimator, "reading", None)
            if callable(read):
                reading = read(scene.text)
                result, how = reading.affect, reading.describe()
            else:
                result = estimator(scene.text)
        except ComposerError:
            raise
        except Exception as e:  # a user's estimator: name the scene that broke it
            raise StoryError(f"the estimator failed on scene {scene.index + 1} ({scene.label!r}, line {scene.line}): "
                             f"{type(e).__name__}: {e}") from e
        try:
            affect = as_affect(result)  # type: ignore[arg-type]
        except AffectError as e:
            raise StoryError(f"the estimator returned {result!r} for scene {scene.index + 1} ({scene.label!r}); "
                             f"expected an Affect: {e}") from None
        raw.append((affect.valence, affect.arousal))
        spans.append(_span(estimator, scene) if motion else None)
        labels.append((Scene(scene.index, scene.label, "", scene.words, scene.line), _excerpt(scene.text)))
        hows.append(how or f"{type(estimator).__name__} on the scene's text")

    if not raw:
        return StoryPlan((), title=title, style=style, source=source_name, scenes=())
    raw_arr = np.array(raw, dtype=np.float64)
    gain = np.ones(2)
    ranged = raw_arr
    if stretch:
        ranged, gain = stretch_to_range(raw_arr)
    smooth = smooth_affects(ranged, float(smoothing))
    after = []
    if np.any(gain != 1.0):
        after.append(f"story range gain valence x{gain[0]:.2f}, arousal x{gain[1]:.2f}")
    if smoothing > 0 and len(raw_arr) > 1:
        after.append(f"smoothed across scenes (sigma {float(smoothing):g})")
    sections: list[Section] = []
    reports: list[SceneReport] = []
    t = 0.0
    for (scene, excerpt), (rv, ra), (sv, sa), how, span in zip(labels, raw_arr, smooth, hows, spans):
        d = _scene_seconds(scene.words, float(words_per_minute), bounds)
        smoothed = Affect(float(sv), float(sa))
        arc = None
        notes = [how, *after]
        if span is not None:
            ends = np.clip(span * gain, -1.0, 1.0)
            arc = (Affect(float(ends[0, 0]), float(ends[0, 1])), Affect(float(ends[1, 0]), float(ends[1, 1])))
            notes.append(f"builds inside the scene (least-squares line over its sentences): valence "
                         f"{arc[0].valence:+.2f} -> {arc[1].valence:+.2f}, arousal {arc[0].arousal:+.2f} -> "
                         f"{arc[1].arousal:+.2f}; the music glides between them")
        sections.append(Section(name=scene.label, start=t, duration=d, affect=smoothed, text=excerpt, arc=arc))
        reports.append(SceneReport(scene.index, scene.label, scene.line, scene.words, excerpt,
                                   Affect(float(rv), float(ra)), smoothed, "; ".join(notes)))
        t += d
    return StoryPlan(tuple(sections), title=title, style=style, source=source_name, scenes=tuple(reports))
