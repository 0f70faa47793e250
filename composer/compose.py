"""``compose``: from an emotion to a ``Melody``, through a style, the model and the search."""

from __future__ import annotations

__all__ = ["compose", "DEFAULT_BEAM_WIDTH", "DEFAULT_TEMPERATURE"]

from pathlib import Path

import numpy as np

from composer.affect import Affect, AffectLike, as_affect
from composer.errors import ComposerError
from composer.melody import Melody
from composer.models.markov import MarkovModel, default_model
from composer.rules.style import Style, load_style
from composer.search.beam import beam_search, score_breakdown
from composer.search.compile import compile_problem
from composer.theory.meter import get_meter

#: Hypotheses kept per tick by default: within 1% of beam 256's score on the default style, at a fraction of the time.
DEFAULT_BEAM_WIDTH = 64
#: Default scale of the Gumbel perturbation: enough for seeds to give different melodies.
DEFAULT_TEMPERATURE = 0.6
#: Velocity added on downbeats and on the other strong beats.
DOWNBEAT_ACCENT = 8
STRONG_BEAT_ACCENT = 4


def _accented_velocities(onsets: np.ndarray, pitches: np.ndarray, base: int, meter_name: str) -> np.ndarray:
    meter = get_meter(meter_name)
    pos = onsets % meter.bar_ticks
    vel = np.full(len(onsets), base, dtype=np.int64)
    vel[np.isin(pos, meter.strong_ticks)] += STRONG_BEAT_ACCENT
    vel[pos == 0] += DOWNBEAT_ACCENT - STRONG_BEAT_ACCENT
    vel = np.clip(vel, 1, 127)
    vel[pitches < 0] = 0
    return vel


def compose(
    valence: float | None = None,
    arousal: float | None = None,
    *,
    affect: AffectLike | None = None,
    bars: int = 8,
    style: str | Path | Style = "default",
    seed: int = 0,
    beam_width: int = DEFAULT_BEAM_WIDTH,
    temperature: float = DEFAULT_TEMPERATURE,
    model: MarkovModel | None = None,
) -> Melody:
    """Compose a melody for an emotion.

    Parameters
    ----------
    valence, arousal : float
        The emotion, each in [-1, 1] (or give ``affect``).
    affect : Affect, str, (float, float) or mapping, optional
        The emotion instead of ``valence`` and ``arousal``: an ``Affect``, an emotion
        word such as ``"tense"``, a ``(valence, arousal)`` pair or a mapping
        (anything ``composer.affect.as_affect`` reads).
    bars : int
        Length in bars, 1 to 256.
    style : str, Path or Style
        A shipped style name, a path to a style file, or a loaded ``Style``.
    seed : int
        Seeds the style's weighted choices and the search's perturbation; the same
        seed gives the same melody.
    beam_width : int
        Hypotheses kept per tick of the beam search (1 to 4096).
    temperature : float
        Scale of the random perturbation of the search's ranking; 0 gives the
        highest-scoring melody the beam finds.
    model : MarkovModel, optional
        The melody model; the shipped one by default.

    Returns
    -------
    Melody

    Raises
    ------
    AffectError
        If the emotion is outside [-1, 1].
    RuleError
        If the style is invalid.
    SearchError
        If the constraints admit no melody.

    Examples
    --------
    >>> m = compose(valence=0.7, arousal=0.4, bars=4, seed=1)
    >>> m.bars
    4
    """
    if affect is None:
        if valence is None or arousal is None:
            raise ComposerError("give valence and arousal, or affect=Affect(valence, arousal)")
        affect = Affect(valence, arousal)
    elif valence is not None or arousal is not None:
        raise ComposerError("give either valence and arousal or affect, not both")
    else:
        affect = as_affect(affect)
    if isinstance(bars, bool) or not isinstance(bars, (int, np.integer)) or not 1 <= bars <= 256:
        raise ComposerError(f"bars must be an integer from 1 to 256, got {bars!r}")
    if isinstance(beam_width, bool) or not isinstance(beam_width, (int, np.integer)) or not 1 <= beam_width <= 4096:
        raise ComposerError(f"beam_width must be an integer from 1 to 4096, got {beam_width!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise ComposerError(f"seed must be an integer, got {seed!r}")
    style_obj = load_style(style)
    evaluation = style_obj.evaluate(affect, seed=int(seed))
    params = evaluation.parameters
    problem = compile_problem(
        params, evaluation.constraints, model if model is not None else default_model(),
        bars=int(bars), beam_width=int(beam_width), seed=int(seed), temperature=float(temperature),
    )
    best = beam_search(problem, n_best=1)[0]
    pitches = problem.midi(best.pitch_tokens)
    ticks = problem.dur_ticks[best.dur_tokens]
    onsets = np.concatenate(([0], np.cumsum(ticks)[:-1]))
    return Melody(
        pitches=pitches,
        ticks=ticks,
        velocities=_accented_velocities(onsets, pitches, params.velocity, params.meter),
        parameters=params,
        affect=affect,
        style=style_obj.name,
        seed=int(seed),
        score=best.score,
        breakdown=score_breakdown(problem, best.pitch_tokens, best.dur_tokens),
    )
