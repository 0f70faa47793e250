"""``compose``: from an emotion to a ``Melody``, through a style, the model and the search.

The road has four public stages, each taking the previous one's result:

1. ``Style.evaluate(affect, seed=...)`` → ``Evaluation`` (``Parameters`` + ``Constraint`` s);
2. :func:`search_problem` → ``SearchProblem`` (the arrays, with the models ``compose`` uses);
3. ``composer.search.beam_search`` (or ``sample_variations``) → ``Candidate`` s;
4. :func:`melody_from` → ``Melody``.

``compose`` runs them in order; ``compose_plan`` runs them per section with the
parameters it has chosen (key, tempo, register) already in the evaluation.
"""

from __future__ import annotations

__all__ = ["compose", "compose_variations", "search_problem", "melody_from", "arranges", "DEFAULT_BEAM_WIDTH",
           "DEFAULT_TEMPERATURE", "MAX_BARS"]

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from composer.affect import Affect, AffectLike, as_affect
from composer.errors import ArgumentError
from composer.limits import LIMITS, check_range, check_seed
from composer.melody import Melody
from composer.models.markov import MarkovModel
from composer.models.neural import NeuralModel
from composer.models.varorder import VariableOrderMarkov
from composer.rules.style import Evaluation, Style, load_style
from composer.search.beam import Candidate, beam_search, sample_variations, score_breakdown
from composer.search.compile import SearchProblem, compile_problem
from composer.search.neural import NeuralScorer
from composer.search.scoring import search_models
from composer.theory.meter import get_meter

if TYPE_CHECKING:
    from composer.arrange import Arrangement

#: Hypotheses kept per tick by default: within 1% of beam 256's score on the default style, at a fraction of the time.
DEFAULT_BEAM_WIDTH = 64
#: Default temperature of the stochastic beam: melodies are sampled from the search's scores sharpened by
#: 1 / 0.6, enough for seeds to give different melodies while staying close to the best ones.
DEFAULT_TEMPERATURE = 0.6
#: Longest melody one call composes, in bars.
MAX_BARS = int(LIMITS["bars"].high)
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





def _events(value: object, name: str) -> tuple[np.ndarray, np.ndarray] | tuple[None, None]:
    """``after=`` / ``motif=`` as (MIDI pitches, tick lengths): a Melody or a pair of 1-D arrays."""
    if value is None:
        return None, None
    if isinstance(value, Melody):
        return value.pitches, value.ticks
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return np.asarray(value[0]), np.asarray(value[1])
    raise ArgumentError(f"{name} must be a Melody or a pair (MIDI pitches, lengths in ticks), got {type(value).__name__}")


def _check_int(value: object, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
        raise ArgumentError(f"{name} must be an integer from {low} to {high}, got {value!r}")
    return int(value)


def _prepare(valence, arousal, affect, bars, style, seed, beam_width, temperature, model, after, motif, neural,
             neural_weight) -> tuple[SearchProblem, Affect, str]:
    if affect is None:
        if valence is None or arousal is None:
            raise ArgumentError("give valence and arousal, or affect=Affect(valence, arousal)")
        affect = Affect(valence, arousal)
    elif valence is not None or arousal is not None:
        raise ArgumentError("give either valence and arousal or affect, not both")
    else:
        affect = as_affect(affect)
    style_obj = load_style(style)
    # Each stage checks what it owns through composer.limits: evaluate the seed, search_problem
    # bars, beam width, their product, the seed and the temperature.
    problem = search_problem(style_obj.evaluate(affect, seed=seed), bars=bars, seed=seed,
                             beam_width=beam_width, temperature=temperature, model=model, after=after, motif=motif,
                             neural=neural, neural_weight=neural_weight)
    return problem, affect, style_obj.name


def search_problem(
    evaluation: Evaluation,
    *,
    bars: int,
    seed: int = 0,
    beam_width: int = DEFAULT_BEAM_WIDTH,
    temperature: float = DEFAULT_TEMPERATURE,
    model: MarkovModel | VariableOrderMarkov | None = None,
    after: Melody | tuple | None = None,
    motif: Melody | tuple | None = None,
    neural: NeuralModel | NeuralScorer | bool | None = None,
    neural_weight: float | None = None,
) -> SearchProblem:
    """Stage 2: an evaluated style's parameters and constraints as a search problem, with compose's models.

    Parameters
    ----------
    evaluation : Evaluation
        ``Style.evaluate``'s result: the parameters and the active constraints.
    bars, seed, beam_width, temperature, model, after, motif, neural, neural_weight
        As for :func:`compose` (``bars`` 1 to 256, ``beam_width`` 1 to 4096).

    Returns
    -------
    SearchProblem
        For ``composer.search.beam_search`` or ``sample_variations``.

    Raises
    ------
    ArgumentError
        If ``temperature``, ``after`` or ``motif`` is malformed; ``bars`` and
        ``beam_width`` are checked by ``compile_problem`` (a ``SearchArgumentError``).
    LimitError
        If ``bars * beam_width`` or ``seed`` is outside its limit (``composer.limits.LIMITS``).
    SearchError
        If the constraints leave no pitch, or the motif breaks them.
    """
    # bars, beam_width and their product are the search's to check (compile_problem).
    seed = check_seed(seed)
    if isinstance(temperature, bool) or not isinstance(temperature, (int, float, np.integer, np.floating)):
        raise ArgumentError(f"temperature must be a number >= 0, got {temperature!r}")
    context_midi, context_ticks = _events(after, "after")
    prefix_midi, prefix_ticks = _events(motif, "motif")
    return compile_problem(
        evaluation.parameters, evaluation.constraints, search_models(model, neural, neural_weight),
        bars=bars, beam_width=beam_width, seed=int(seed), temperature=float(temperature),
        context_midi=context_midi, context_ticks=context_ticks, prefix_midi=prefix_midi, prefix_ticks=prefix_ticks,
    )


def melody_from(problem: SearchProblem, found: Candidate, *, affect: Affect, style: str, seed: int) -> Melody:
    """Stage 4: a search's candidate as a ``Melody`` (MIDI pitches, ticks, accented velocities, breakdown).

    Parameters
    ----------
    problem : SearchProblem
        The problem ``found`` solves.
    found : Candidate
        A result of ``beam_search`` or ``sample_variations``.
    affect : Affect
        The emotion it was composed for.
    style : str
        The style's name.
    seed : int
        The seed it was composed with.
    """
    params = problem.parameters
    pitches = problem.midi(found.pitch_tokens)
    ticks = problem.dur_ticks[found.dur_tokens]
    onsets = np.concatenate(([0], np.cumsum(ticks)[:-1]))
    return Melody(
        pitches=pitches,
        ticks=ticks,
        velocities=_accented_velocities(onsets, pitches, params.velocity, params.meter),
        parameters=params,
        affect=affect,
        style=style,
        seed=int(seed),
        score=found.score,
        breakdown=score_breakdown(problem, found.pitch_tokens, found.dur_tokens),
    )


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
    model: MarkovModel | VariableOrderMarkov | None = None,
    after: Melody | tuple | None = None,
    motif: Melody | tuple | None = None,
    neural: NeuralModel | NeuralScorer | bool | None = None,
    neural_weight: float | None = None,
    arrange: bool | None = None,
) -> "Melody | Arrangement":
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
        Seeds the style's weighted choices and the stochastic beam; the same seed gives
        the same melody.
    beam_width : int
        Hypotheses kept per tick of the beam search (1 to 4096).
    temperature : float
        0: the highest-scoring melody the beam finds. Above 0: a melody sampled by
        stochastic beam search from the scores sharpened by ``1 / temperature``.
    model : MarkovModel or VariableOrderMarkov, optional
        The Markov model; the shipped variable-order model by default
        (``composer.models.default_varorder()``; ``default_model()`` is the order-2 one).
    after : Melody or (midi, ticks), optional
        What comes before: the previous section's melody, or a pair of 1-D arrays (MIDI
        pitches with -1 for rests, lengths in ticks). It is context for the models and
        for the leap constraints only, not part of the result, and may be in another key.
    motif : Melody or (midi, ticks), optional
        A beginning the melody must start with (in this melody's key); the search
        continues after it. It must keep the hard constraints and fit in ``bars``.
    neural : NeuralModel, NeuralScorer or bool, optional
        The neural pitch model: the shipped one by default (``None`` or ``True``),
        ``False`` for the Markov model alone, or your own (a ``NeuralModel`` is
        conditioned on the style's mode and meter; a ``NeuralScorer`` is used as is).
    neural_weight : float, optional
        From 0 to 1: the pitch score is ``(1 - neural_weight) * Markov + neural_weight *
        neural`` log-probabilities (``composer.search.DEFAULT_NEURAL_WEIGHT``, 0.5, by
        default; 0 is the same as ``neural=False``).
    arrange : bool, optional
        True: also harmonise the melody and add a bass and the style's accompaniment
        (``composer.arrange``); the result is then an ``Arrangement``. False: the melody
        alone. None (the default): as the style's ``arrange: by_default`` says (the film,
        game and hymn styles arrange, the default and folk styles do not).

    Returns
    -------
    Melody, or Arrangement when arranging

    Raises
    ------
    AffectError
        If the emotion is outside [-1, 1].
    RuleError
        If the style is invalid.
    SearchError
        If the constraints admit no melody, or the motif breaks them.

    Examples
    --------
    >>> m = compose(valence=0.7, arousal=0.4, bars=4, seed=1)
    >>> m.bars
    4
    >>> nxt = compose(valence=-0.3, arousal=0.2, bars=4, seed=1, after=m)   # continues from m
    >>> nxt.bars
    4
    """
    _check_arrange(arrange)
    problem, affect, style_name = _prepare(valence, arousal, affect, bars, style, seed, beam_width, temperature,
                                           model, after, motif, neural, neural_weight)
    best = beam_search(problem, n_best=1)[0]
    melody = melody_from(problem, best, affect=affect, style=style_name, seed=seed)
    if arranges(style, arrange):
        from composer.arrange import arrange as _arrange

        return _arrange(melody)
    return melody


def _check_arrange(arrange: object) -> None:
    if arrange is not None and not isinstance(arrange, bool):
        raise ArgumentError(f"arrange must be True, False or None (the style decides), got {arrange!r}")


def arranges(style: "str | Path | Style", arrange: bool | None) -> bool:
    """Whether a call with ``arrange=`` writes an arrangement: ``arrange`` if given, else the style's ``arrange: by_default``.

    Raises
    ------
    ArgumentError
        If ``arrange`` is not True, False or None.
    """
    _check_arrange(arrange)
    return bool(load_style(style).arrange.by_default) if arrange is None else arrange  # shipped styles are cached


def compose_variations(
    valence: float | None = None,
    arousal: float | None = None,
    *,
    n: int = 4,
    affect: AffectLike | None = None,
    bars: int = 8,
    style: str | Path | Style = "default",
    seed: int = 0,
    beam_width: int = DEFAULT_BEAM_WIDTH,
    temperature: float = 1.0,
    model: MarkovModel | VariableOrderMarkov | None = None,
    after: Melody | tuple | None = None,
    motif: Melody | tuple | None = None,
    neural: NeuralModel | NeuralScorer | bool | None = None,
    neural_weight: float | None = None,
    arrange: bool | None = None,
) -> "list[Melody] | list[Arrangement]":
    """Compose ``n`` distinct variations for one emotion, by stochastic beam search.

    The variations share the style's parameters for ``seed`` (key, mode, tempo, meter).
    Each take is one sample of the stochastic beam (Gumbel-top-k over the search's scores,
    Kool et al. 2019; see ``composer.search.sample_variations``) with a seed of its own,
    kept only if its first bar differs from every earlier take's, so that the takes
    differ from the first bar (samples drawn together share their opening, the beam's
    common prefix). Up to ``VARIATION_TRIES`` samples per take are drawn; if they do not
    give ``n`` distinct openings (a motif fixes the first bar, or the constraints leave
    few), the rest are distinct melodies sampled together, without replacement. The
    same arguments give the same list.

    Parameters
    ----------
    n : int
        Number of variations, 1 to 256 (the beam is widened to ``n`` if narrower).
    temperature : float
        Above 0: lower gives variations closer to the best melody, higher more varied ones.

    arrange : bool, optional
        As for :func:`compose`: None (the default) lets the style decide, so the film, game
        and hymn styles give ``n`` ``Arrangement`` s, each take's melody harmonised and
        arranged on its own; False gives the melodies alone.

    The other parameters are those of :func:`compose`.

    Returns
    -------
    list of Melody, or list of Arrangement
        ``n`` distinct melodies (or their arrangements): the takes with distinct first bars in
        the order they were drawn, then any filled in.

    Examples
    --------
    >>> vs = compose_variations(valence=0.5, arousal=0.0, bars=4, n=3, seed=2)
    >>> len({tuple(v.pitches) + tuple(v.ticks) for v in vs})
    3
    """
    n = _check_int(n, "n", LIMITS["sampled_melodies"].low, LIMITS["sampled_melodies"].high)
    if not (isinstance(temperature, (int, float)) and temperature > 0):
        raise ArgumentError(f"variations need a temperature above 0, got {temperature!r}")
    arranging = arranges(style, arrange)
    problem, affect, style_name = _prepare(valence, arousal, affect, bars, style, seed, beam_width, temperature,
                                           model, after, motif, neural, neural_weight)
    takes = [melody_from(problem, c, affect=affect, style=style_name, seed=seed) for c in _distinct_takes(problem, n)]
    if arranging:
        from composer.arrange import arrange as _arrange

        return [_arrange(m) for m in takes]
    return takes


#: Samples drawn per take of ``compose_variations`` before it stops looking for a new first bar.
VARIATION_TRIES = 4


def _distinct_takes(problem: SearchProblem, n: int) -> list[Candidate]:
    # One sample per derived seed, kept when its first bar is new; then distinct samples drawn together.
    bar = problem.rules.bar
    takes: list[Candidate] = []
    openings: set[tuple] = set()
    base = problem.settings.seed
    for attempt in range(VARIATION_TRIES * n):
        if len(takes) == n:
            return takes
        seed = (base * 1_000_003 + attempt + 1) & 0x7FFFFFFFFFFFFFFF
        c = sample_variations(problem.with_settings(seed=seed), 1)[0]
        onsets = np.concatenate([[0], np.cumsum(problem.dur_ticks[c.dur_tokens])[:-1]])
        first = onsets < bar
        key = (tuple(c.pitch_tokens[first]), tuple(c.dur_tokens[first]))
        if key not in openings:
            openings.add(key)
            takes.append(c)
    if len(takes) < n:
        seen = {(tuple(c.pitch_tokens), tuple(c.dur_tokens)) for c in takes}
        for c in sample_variations(problem, n):
            if len(takes) == n:
                break
            if (tuple(c.pitch_tokens), tuple(c.dur_tokens)) not in seen:
                takes.append(c)
    return takes
