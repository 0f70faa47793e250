"""The public face of the search: run the kernel on a compiled problem, and explain a sequence's score."""

from __future__ import annotations

__all__ = ["Candidate", "beam_search", "score_breakdown", "TERMS"]

from dataclasses import dataclass

import numpy as np

from composer.errors import SearchError
from composer.search import _kernels as K
from composer.search.compile import SearchProblem

#: The terms a score is made of, in the order ``score_breakdown`` reports them.
TERMS: tuple[str, ...] = ("pitch_model", "duration_model", "rests", "density", "leap_recovery")


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
        Ranking key (score plus the stochastic perturbation).
    """

    pitch_tokens: np.ndarray
    dur_tokens: np.ndarray
    score: float
    rank: float


def beam_search(problem: SearchProblem, *, n_best: int = 1) -> list[Candidate]:
    """Run the beam search on ``problem`` and return up to ``n_best`` candidates, best first.

    Raises
    ------
    SearchError
        If no sequence satisfies the hard constraints within the beam.
    """
    out_p, out_d, lengths, scores, ranks = K.beam_search_kernel(
        problem.pitch_logp, problem.dur_logp, problem.pitch_rel, problem.pitch_flags, problem.pitch_bias,
        problem.dur_ticks, problem.dur_bias, problem.iconf, problem.fconf,
    )
    if len(lengths) == 0:
        p = problem.parameters
        raise SearchError(
            f"no melody of {problem.bars} bars satisfies the hard constraints ({p.tonic_name} {p.mode}, "
            f"range {p.low}..{p.high}, max leap {p.max_leap}); widen the range or the leap, or raise beam_width"
        )
    return [
        Candidate(out_p[i, : lengths[i]].copy(), out_d[i, : lengths[i]].copy(), float(scores[i]), float(ranks[i]))
        for i in range(min(n_best, len(lengths)))
    ]


def score_breakdown(problem: SearchProblem, pitch_tokens: np.ndarray, dur_tokens: np.ndarray) -> dict[str, np.ndarray]:
    """Split the score of a token sequence into its terms, note by note.

    Parameters
    ----------
    problem : SearchProblem
        The problem the sequence belongs to.
    pitch_tokens, dur_tokens : ndarray of int64, shape (n,)
        The sequence.

    Returns
    -------
    dict of str to ndarray of float64, shape (n,)
        One array per name in ``TERMS``; their sum over terms and notes is the
        sequence's score, computed in the same order as the kernel.
    """
    n = len(pitch_tokens)
    parts = {name: np.zeros(n) for name in TERMS}
    n_pitch = problem.pitch_rel.shape[0]
    n_dur = problem.dur_ticks.shape[0]
    c1 = c2 = n_pitch
    e1 = e2 = n_dur
    last_rel, last_int = K.NO_PITCH, 0
    w_recover = float(problem.fconf[K.F_LEAP_RECOVERY])
    for i, (p, d) in enumerate(zip(pitch_tokens, dur_tokens)):
        p, d = int(p), int(d)
        parts["pitch_model"][i] = problem.pitch_logp[c2, c1, p]
        parts["duration_model"][i] = problem.dur_logp[e2, e1, d]
        parts["rests"][i] = problem.pitch_bias[p]
        parts["density"][i] = problem.dur_bias[d]
        rel = int(problem.pitch_rel[p])
        if rel != K.NO_PITCH:
            new_int = 0 if last_rel == K.NO_PITCH else rel - last_rel
            if w_recover != 0.0 and abs(last_int) >= K.LEAP_MIN:
                if not (1 <= abs(new_int) <= 2 and (new_int > 0) != (last_int > 0)):
                    parts["leap_recovery"][i] = -w_recover
            last_rel, last_int = rel, new_int
        c2, c1, e2, e1 = c1, p, e1, d
    return parts
