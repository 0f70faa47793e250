"""The public face of the search: run the kernels on a compiled problem, and explain a sequence's score."""

from __future__ import annotations

__all__ = ["Candidate", "beam_search", "sample_variations", "score_breakdown", "TERMS"]

from dataclasses import dataclass

import numpy as np

from composer.errors import SearchArgumentError, SearchError
from composer.models.tokens import N_DUR
from composer.search import _kernels as K
from composer.search._jit import announce_compile
from composer.search.compile import SearchProblem

#: The terms a score is made of, in the order ``score_breakdown`` reports them (the columns ``_kernels.T_*``
#: of ``score_terms_kernel``). ``pitch_model`` and ``neural`` are the weighted Markov and neural pitch
#: log-probabilities; ``rests`` the rest weight; the others are the soft constraint kinds of the same
#: names (penalties, so zero or negative): every soft kind has its term. ``metric_rhythm`` is the model's
#: log-ratio less the best one at that place in the bar, so a penalty too; ``rhythm_vocabulary`` is
#: signed (the style's bonus or penalty for dotted and long notes).
TERMS: tuple[str, ...] = ("pitch_model", "neural", "duration_model", "rests", "density", "leap_recovery",
                          "contour", "rhythmic_regularity", "step_motion", "leap_size", "phrase_fall",
                          "form_repeat", "metric_rhythm", "rhythm_vocabulary")


@dataclass(frozen=True)
class Candidate:
    """One finished hypothesis.

    Attributes
    ----------
    pitch_tokens, dur_tokens : ndarray of int64, shape (n,)
        The token sequence.
    score : float
        Total score (natural-log units).
    rank : float
        Ranking key: the score (deterministic beam), or the Gumbel-perturbed
        log-probability of the sample (stochastic beam).
    """

    pitch_tokens: np.ndarray
    dur_tokens: np.ndarray
    score: float
    rank: float


def _no_melody(problem: SearchProblem) -> SearchError:
    p = problem.parameters
    extra = ""
    if problem.context_midi.size:
        extra += f", after a context ending on MIDI {problem.context_midi[problem.context_midi >= 0][-1:]}"
    if problem.prefix_events:
        extra += f", starting with a {problem.prefix_events}-event motif"
    return SearchError(
        f"no melody of {problem.bars} bars satisfies the hard constraints ({p.tonic_name} {p.mode}, "
        f"range {p.low}..{p.high}, max leap {p.max_leap}{extra}); widen the range or the leap, or raise beam_width"
    )


def _run(problem: SearchProblem) -> list[Candidate]:
    announce_compile(K.beam_search_kernel)
    joint, lengths, scores, ranks, _ = K.beam_search_kernel(*problem.kernel_args())
    out = []
    for i in range(len(lengths)):
        ev = joint[i, : lengths[i]]
        out.append(Candidate(ev // N_DUR, ev % N_DUR, float(scores[i]), float(ranks[i])))
    return out


def beam_search(problem: SearchProblem, *, n_best: int = 1) -> list[Candidate]:
    """Run the beam search on ``problem`` and return up to ``n_best`` candidates, best first.

    With the problem's temperature at 0 this is the deterministic beam; above 0 the
    stochastic beam (see :func:`sample_variations`).

    Raises
    ------
    SearchError
        If no sequence satisfies the hard constraints within the beam.
    """
    found = _run(problem)
    if not found:
        raise _no_melody(problem)
    return found[:n_best]


def sample_variations(problem: SearchProblem, n: int, *, temperature: float | None = None) -> list[Candidate]:
    """Return ``n`` distinct melodies sampled without replacement by stochastic beam search.

    Stochastic beam search (Kool, van Hoof & Welling 2019, "Stochastic Beams and Where
    to Find Them") runs the beam on Gumbel-perturbed log-probabilities: each child's key
    is a Gumbel sample located at its sampling log-probability and truncated at its
    parent's key, so keys never grow down the tree and the top ``n`` keys among finished
    melodies are ``n`` samples without replacement. The sampling distribution is the
    search's own scores made into per-step probabilities: at each step the allowed
    continuations get ``softmax(delta / temperature)``. The beams here are
    time-synchronous (one per tick) rather than one per step; the argument carries over
    because the hypotheses ending at one tick never contain one another. It is exact
    when no hypothesis dead-ends (none does under ``fill_bars`` with a 16th-note
    duration); otherwise the samples are drawn from the distribution renormalised over
    the melodies the beam keeps. The same seed gives the same variations.

    Parameters
    ----------
    problem : SearchProblem
        The problem; its seed is used. Its beam width is raised to ``n`` if smaller.
    n : int
        Number of variations (1 or more).
    temperature : float, optional
        Overrides the problem's temperature; must end up above 0.

    Returns
    -------
    list of Candidate
        ``n`` distinct sequences, in decreasing order of their Gumbel keys.

    Raises
    ------
    SearchError
        If fewer than ``n`` distinct melodies satisfy the constraints.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise SearchArgumentError(f"the number of variations must be an integer of at least 1, got {n!r}")
    temp = problem.settings.temperature if temperature is None else temperature
    if not temp > 0:
        raise SearchArgumentError(f"variations need a temperature above 0, got {temp!r}")
    problem = problem.with_settings(beam_width=max(int(n), problem.beam_width), temperature=temp)
    found = _run(problem)
    if not found:
        raise _no_melody(problem)
    if len(found) < n:
        raise SearchError(f"only {len(found)} distinct melodies satisfy the constraints within the beam; "
                          f"asked for {n}")
    return found[:n]


def _history(problem: SearchProblem, events: list[int]) -> np.ndarray:
    init = list(problem.init_hist)
    return np.array((events[::-1] + init)[: len(init)], dtype=np.int64)


def score_breakdown(problem: SearchProblem, pitch_tokens: np.ndarray, dur_tokens: np.ndarray) -> dict[str, np.ndarray]:
    """Split the score of a token sequence into its terms, event by event.

    The terms come from ``_kernels.score_terms_kernel``, which shares the search kernels'
    arithmetic; the neural term's log-probabilities from the scorer's plain forward pass.

    Parameters
    ----------
    problem : SearchProblem
        The problem the sequence belongs to.
    pitch_tokens, dur_tokens : ndarray of int64, shape (n,)
        The sequence.

    Returns
    -------
    dict of str to ndarray of float64, shape (n,)
        One array per name in ``TERMS``; their sum over terms and events is the
        sequence's score (up to rounding).
    """
    pitch_tokens = np.asarray(pitch_tokens, dtype=np.int64)
    dur_tokens = np.asarray(dur_tokens, dtype=np.int64)
    n = len(pitch_tokens)
    events = [int(p) * N_DUR + int(d) for p, d in zip(pitch_tokens, dur_tokens)]
    if problem.neural is not None and n:
        nlp = problem.neural.logp(np.stack([_history(problem, events[:i]) for i in range(n)]))
    else:
        nlp = np.zeros((0, problem.pitch_rel.shape[0]))
    a = problem.kernel_args()
    terms = K.score_terms_kernel(a.markov, a.tables, a.timeline, a.context, a.rules, a.search,
                                 np.ascontiguousarray(nlp, dtype=np.float64), np.array(events, dtype=np.int64))
    return {name: terms[:, i].copy() for i, name in enumerate(TERMS)}
