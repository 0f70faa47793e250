"""Cut a run of sentences into scenes where the emotion changes: penalised optimal partitioning.

Given the sentences of one stretch of story (between headings or markers), each with an
estimated (valence, arousal) and a word count, ``change_points`` finds the cut positions
that minimise

    sum over scenes of  sum_i |x_i - mean(scene)|^2   +   penalty * (number of cuts)

where ``x_i`` is sentence ``i``'s (valence, arousal) (shape (2,)), the mean is the scene's
plain mean, and a cut at a paragraph end costs only ``paragraph_discount * penalty``, so
that turns prefer paragraph ends and paragraphs of one mood stay together. Every scene
holds at least ``min_words`` words (only a stretch shorter than that in total is one
shorter scene). The minimisation is exact (dynamic programming over all cut positions,
O(n^2) for n sentences: Jackson et al. 2005, "An algorithm for optimal partitioning of data
on an interval"; PELT, Killick et al. 2012, finds the same optimum faster on long series,
and stretches here hold at most a few hundred sentences).

A jump of ``d`` in the mean between two runs of ``m`` and ``k`` sentences lowers the
squared error by ``m*k/(m+k) * d^2``; a cut is made when that exceeds the penalty.

A scene that *builds* (its sentences rise or fall steadily, with no single jump worth a
cut) is found by ``builds``: a least-squares line over the sentences whose change from the
first to the last sentence is at least ``TREND_MIN`` on an axis, with a slope at least
``TREND_T`` standard errors from flat. Such a scene, when it holds at least twice the
minimum, is split where its words are halved, and each half checked again, so the music
steps up (or down) with the build, and the tempo ramp between sections glides the steps.
A scene that still builds after that (too short to halve) keeps the build inside it:
``build_span`` gives the fitted line's start and end, and the music glides between them.
"""

from __future__ import annotations

__all__ = ["change_points", "builds", "build_span", "sentence_values", "split_scene", "DEFAULT_PENALTY", "DEFAULT_MIN_WORDS",
           "PARAGRAPH_DISCOUNT", "TREND_MIN", "TREND_T"]

import math
from collections.abc import Callable, Sequence

import numpy as np

from composer.affect import as_affect
from composer.errors import AffectError, StoryError
from composer.story.reading.text import Scene, split_sentences, words as find_words

#: Cost of one cut, in squared affect units summed over sentences: two runs of four sentences
#: are cut apart when their means differ by more than about 0.85 (valence and arousal together).
DEFAULT_PENALTY = 1.5
#: Fewest words in a scene cut by emotion (30 words are 12 s of reading aloud at 150 words per minute).
DEFAULT_MIN_WORDS = 30
#: A cut at a paragraph end costs this share of the penalty.
PARAGRAPH_DISCOUNT = 0.5
#: Smallest change along a scene's fitted line (first to last sentence) that counts as a build.
TREND_MIN = 0.6
#: A build's slope must lie this many standard errors from flat (a one-sided test at about 1%).
TREND_T = 3.0


def _check(values: np.ndarray, words: np.ndarray, paragraph_end: np.ndarray, penalty: float, min_words: int) -> None:
    if values.ndim != 2 or values.shape[1] != 2 or not np.all(np.isfinite(values)):
        raise StoryError(f"sentence values must be finite, of shape (n, 2), got shape {values.shape}")
    if words.shape != (values.shape[0],) or paragraph_end.shape != (values.shape[0],):
        raise StoryError(f"words and paragraph_end must have shape ({values.shape[0]},), "
                         f"got {words.shape} and {paragraph_end.shape}")
    if isinstance(penalty, bool) or not isinstance(penalty, (int, float)) or not math.isfinite(penalty) or penalty < 0:
        raise StoryError(f"change_penalty must be a number >= 0, got {penalty!r}")
    if isinstance(min_words, bool) or not isinstance(min_words, int) or min_words < 1:
        raise StoryError(f"min_scene_words must be a whole number >= 1, got {min_words!r}")


def change_points(values: np.ndarray, words: np.ndarray, paragraph_end: np.ndarray | None = None, *,
                  penalty: float = DEFAULT_PENALTY, min_words: int = DEFAULT_MIN_WORDS,
                  paragraph_discount: float = PARAGRAPH_DISCOUNT) -> list[int]:
    """The optimal cut positions of a run of sentences.

    Parameters
    ----------
    values : numpy.ndarray of shape (n, 2)
        Each sentence's valence and arousal.
    words : numpy.ndarray of shape (n,), int
        Each sentence's word count.
    paragraph_end : numpy.ndarray of shape (n,), bool, optional
        Whether sentence ``i`` ends a paragraph (a cut after it costs less).
    penalty : float
        Cost of a cut (>= 0); larger gives fewer scenes.
    min_words : int
        Fewest words in a scene (>= 1).
    paragraph_discount : float
        Share of the penalty paid by a cut at a paragraph end.

    Returns
    -------
    list of int
        Sorted indices ``c`` (0 < c < n): a new scene starts at sentence ``c``. Empty
        when the run is one scene. Ties go to the earliest start of the last scene, so
        the result is deterministic.

    Examples
    --------
    >>> calm, storm = [(0.5, -0.5)] * 4, [(-0.5, 0.9)] * 4
    >>> change_points(np.array(calm + storm), np.full(8, 10), min_words=20)
    [4]
    >>> change_points(np.array(calm + storm), np.full(8, 10), min_words=50)
    []
    """
    x = np.asarray(values, dtype=np.float64)
    w = np.asarray(words, dtype=np.int64).reshape(-1)
    n = x.shape[0] if x.ndim == 2 else -1
    ends = np.zeros(max(n, 0), dtype=bool) if paragraph_end is None else np.asarray(paragraph_end, dtype=bool).reshape(-1)
    _check(x, w, ends, penalty, min_words)
    if n <= 1:
        return []
    # prefix sums: cost(i, j) of sentences i..j-1 = S2 - |S1|^2 / m
    s1 = np.vstack([np.zeros((1, 2)), np.cumsum(x, axis=0)])
    s2 = np.concatenate([[0.0], np.cumsum((x * x).sum(axis=1))])
    cw = np.concatenate([[0], np.cumsum(w)])
    cut_cost = penalty * np.where(ends, paragraph_discount, 1.0)  # cost of a cut after sentence i
    best = np.full(n + 1, np.inf)
    back = np.zeros(n + 1, dtype=np.int64)
    best[0] = 0.0
    for j in range(1, n + 1):
        i = np.arange(j)
        m = (j - i).astype(np.float64)
        seg = s2[j] - s2[i] - ((s1[j] - s1[i]) ** 2).sum(axis=1) / m
        long_enough = cw[j] - cw[i] >= min_words
        # the first scene may be short only when it is the whole run
        ok = long_enough | ((i == 0) & (j == n))
        total = best[:j] + np.maximum(seg, 0.0) + np.where(i > 0, cut_cost[np.maximum(i - 1, 0)], 0.0)
        total = np.where(ok & np.isfinite(best[:j]), total, np.inf)
        k = int(np.argmin(total))  # first minimum: the earliest start, so fewest cuts on ties
        best[j], back[j] = total[k], k
    cuts: list[int] = []
    j = n
    while j > 0:
        i = int(back[j])
        if i > 0:
            cuts.append(i)
        j = i
    return sorted(cuts)


def builds(values: np.ndarray) -> bool:
    """Whether a run of sentence values rises or falls steadily on either axis.

    Parameters
    ----------
    values : numpy.ndarray of shape (n, 2)

    Returns
    -------
    bool
        True when, on valence or arousal, the least-squares line changes by at least
        ``TREND_MIN`` from the first sentence to the last and its slope is at least
        ``TREND_T`` standard errors from 0 (needs 4 sentences or more).

    Examples
    --------
    >>> builds(np.array([[0.0, -0.6], [0.0, -0.2], [0.1, 0.2], [0.0, 0.6], [0.0, 0.9]]))
    True
    >>> builds(np.array([[0.0, -0.6], [0.0, 0.6], [0.1, -0.5], [0.0, 0.6], [0.0, -0.6]]))
    False
    """
    x = np.asarray(values, dtype=np.float64)
    n = len(x)
    if n < 4:
        return False
    t = np.arange(n, dtype=np.float64) - (n - 1) / 2
    sxx = float(t @ t)
    for j in range(2):
        y = x[:, j] - x[:, j].mean()
        slope = float(t @ y) / sxx
        resid = y - slope * t
        se = math.sqrt(max(float(resid @ resid) / (n - 2), 1e-12) / sxx)
        if abs(slope) * (n - 1) >= TREND_MIN and abs(slope) >= TREND_T * se:
            return True
    return False


def build_span(values: np.ndarray) -> np.ndarray | None:
    """Where a building run of sentences starts and ends: its least-squares line's two ends.

    Parameters
    ----------
    values : numpy.ndarray of shape (n, 2)
        Each sentence's (valence, arousal), in reading order.

    Returns
    -------
    numpy.ndarray of shape (2, 2) or None
        Row 0: the line's (valence, arousal) at the first sentence; row 1: at the last.
        None when the run does not build (``builds``).

    Examples
    --------
    >>> build_span(np.array([[0.0, -0.6], [0.0, -0.2], [0.0, 0.2], [0.0, 0.6], [0.0, 1.0]]))
    array([[ 0. , -0.6],
           [ 0. ,  1. ]])
    """
    x = np.asarray(values, dtype=np.float64)
    if not builds(x):
        return None
    n = len(x)
    t = np.arange(n, dtype=np.float64) - (n - 1) / 2
    mean = x.mean(axis=0)
    slope = t @ (x - mean) / float(t @ t)
    return np.round(np.stack([mean + slope * t[0], mean + slope * t[-1]]), 12) + 0.0


def _split_builds(values: np.ndarray, counts: np.ndarray, a: int, b: int, min_words: int) -> list[int]:
    """Cuts inside sentences a..b-1 that halve building stretches (by words), recursively."""
    if counts[a:b].sum() < 2 * min_words or not builds(values[a:b]):
        return []
    cum = np.cumsum(counts[a:b])
    half = cum[-1] / 2
    # the cut nearest the middle of the words that leaves both halves at least min_words
    best = None
    for k in range(1, b - a):
        left = int(cum[k - 1])
        if left >= min_words and int(cum[-1]) - left >= min_words and (best is None or abs(left - half) < abs(best[1] - half)):
            best = (a + k, left)
    if best is None:
        return []
    c = best[0]
    return _split_builds(values, counts, a, c, min_words) + [c] + _split_builds(values, counts, c, b, min_words)


def sentence_values(estimator: Callable[[str], object], sentences: Sequence[str]) -> np.ndarray:
    """Each sentence's (valence, arousal), shape (n, 2).

    Uses the estimator's ``sentence_affects`` (one batch, no per-text adjustments) when it
    has one, else calls it on each sentence.
    """
    if not sentences:
        return np.zeros((0, 2))
    batch = getattr(estimator, "sentence_affects", None)
    if callable(batch):
        return np.asarray(batch(list(sentences)), dtype=np.float64).reshape(len(sentences), 2)
    out = np.empty((len(sentences), 2))
    for i, sentence in enumerate(sentences):
        result = estimator(sentence)
        try:
            a = as_affect(result)  # type: ignore[arg-type]
        except AffectError as e:
            raise StoryError(f"the estimator returned {result!r} for the sentence {sentence[:60]!r}; "
                             f"expected an Affect: {e}") from None
        out[i] = (a.valence, a.arousal)
    return out


def split_scene(scene: Scene, estimator: Callable[[str], object], *, penalty: float = DEFAULT_PENALTY,
                min_words: int = DEFAULT_MIN_WORDS) -> list[tuple[str, int, int]]:
    """Cut one scene (a stretch between headings or markers) where its emotion changes.

    Parameters
    ----------
    scene : Scene
        Its ``text`` holds paragraphs separated by blank lines.
    estimator : callable
        Gives each sentence's emotion (``sentence_values``).
    penalty, min_words
        As for ``change_points``.

    Returns
    -------
    list of (str, int, int)
        Each part's text (paragraphs kept apart by blank lines), word count and 1-based
        first line, in order; one part when no cut pays.
    """
    paragraphs = [p for p in scene.text.split("\n\n") if p.strip()]
    lines = list(scene.paragraph_lines) if len(scene.paragraph_lines) == len(paragraphs) else [scene.line] * len(paragraphs)
    sentences: list[str] = []
    para_of: list[int] = []
    for k, para in enumerate(paragraphs):
        for sentence in split_sentences(para):
            sentences.append(sentence)
            para_of.append(k)
    counts = np.array([len(find_words(t)) for t in sentences], dtype=np.int64)
    if len(sentences) < 2 or counts.sum() < 2 * min_words:
        return [(scene.text, scene.words, scene.line)]
    ends = np.array([i == len(sentences) - 1 or para_of[i + 1] != para_of[i] for i in range(len(sentences))])
    values = sentence_values(estimator, sentences)
    cuts = change_points(values, counts, ends, penalty=penalty, min_words=min_words)
    bounds = [0, *cuts, len(sentences)]
    cuts = sorted(cuts + [c for a, b in zip(bounds, bounds[1:]) for c in _split_builds(values, counts, a, b, min_words)])
    parts: list[tuple[str, int, int]] = []
    for a, b in zip([0] + cuts, cuts + [len(sentences)]):
        chunks: list[str] = []
        for i in range(a, b):
            if i > a and para_of[i] != para_of[i - 1]:
                chunks.append("\n\n")
            elif i > a:
                chunks.append(" ")
            chunks.append(sentences[i])
        parts.append(("".join(chunks), int(counts[a:b].sum()), lines[para_of[a]]))
    return parts
