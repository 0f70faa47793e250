"""The exact optimum by Viterbi dynamic programming, for first-order models: the yardstick of the beam's quality."""

from __future__ import annotations

__all__ = ["UNSUPPORTED_KINDS", "first_order", "viterbi"]

import numpy as np

from composer.errors import SearchError
from composer.models.tokens import N_DUR
from composer.search import _kernels as K
from composer.search.beam import Candidate
from composer.models.varorder import CompiledPPM
from composer.search.compile import SearchProblem

#: Soft terms whose score depends on more than the last token; Viterbi's state does not carry them.
#: (``w_density`` is density's ``per: bar`` weight; its ``per: note`` pull is first-order and supported.)
_HISTORY_TERMS = {"leap_recovery": "w_recover", "form_repeat": "w_form", "density": "w_density"}
#: Constraint kinds Viterbi cannot take: drop them from a style's constraints before comparing with it
#: (density only with ``per: bar``, which the shipped styles do not use).
UNSUPPORTED_KINDS = frozenset({"max_repeats", "leap_recovery", "form_repeat"})


def _first_order_table(logp: np.ndarray) -> np.ndarray:
    # P(next | prev) as the average over the token two back, renormalised; broadcast back to order 2.
    prob = np.exp(logp).mean(axis=0)
    prob /= prob.sum(axis=-1, keepdims=True)
    return np.ascontiguousarray(np.broadcast_to(np.log(prob), logp.shape))


def _ppm_first_order_table(ppm: CompiledPPM) -> np.ndarray:
    # P(next | prev) from a variable-order model's order-1 rows (the empty context's row at the start),
    # in the dense order-2 layout (V + 1, V + 1, V) with index V for "before the melody".
    v = ppm.vocab
    rows = np.array([ppm.row([c]) for c in range(v)] + [0])
    return np.ascontiguousarray(np.broadcast_to(ppm.logp[rows], (v + 1, v + 1, v)))


def first_order(problem: SearchProblem) -> SearchProblem:
    """Return a copy of ``problem`` whose Markov tables ignore the token two back (a first-order model).

    Each dense table becomes ``P(next | prev)``: the order-2 probabilities averaged over
    the token two back, renormalised, stored in the same order-2 layout so that the beam
    search runs on it unchanged. A variable-order model (``VariableOrderMarkov``) is
    replaced by its order-1 predictions in that layout (its order-0 one before the melody).
    """
    copy = problem.with_settings()
    if problem.pitch_ppm is not None:
        copy.pitch_logp, copy.pitch_ppm = _ppm_first_order_table(problem.pitch_ppm), None
    else:
        copy.pitch_logp = _first_order_table(problem.pitch_logp)
    if problem.dur_ppm is not None:
        copy.dur_logp, copy.dur_ppm = _ppm_first_order_table(problem.dur_ppm), None
    else:
        copy.dur_logp = _first_order_table(problem.dur_logp)
    return copy


def viterbi(problem: SearchProblem) -> Candidate:
    """Return the exact highest-scoring melody of a first-order problem under every hard constraint.

    Supports every hard constraint except ``max_repeats``, every soft constraint except
    ``leap_recovery`` and ``form_repeat``, and a motif; not a neural scorer or a context (their state is
    not part of the dynamic programme).

    Raises
    ------
    SearchError
        If the problem uses what Viterbi does not support, its tables are not first
        order, or no melody satisfies the hard constraints.
    """
    unsupported = []
    if problem.neural is not None and problem.settings.w_neural != 0:
        unsupported.append("a neural scorer")
    if problem.rules.max_repeats > 0:
        unsupported.append("max_repeats")
    unsupported += [name for name, field in _HISTORY_TERMS.items() if getattr(problem.rules, field) != 0]
    if problem.context_midi.size:
        unsupported.append("a context")
    if problem.pitch_ppm is not None or problem.dur_ppm is not None:
        unsupported.append("a variable-order model (use composer.search.first_order)")
    if unsupported:
        raise SearchError("viterbi does not support " + ", ".join(unsupported))
    for name, table in (("pitch", problem.pitch_logp), ("duration", problem.dur_logp)):
        if not np.allclose(table, table[:1], rtol=0, atol=1e-12):
            raise SearchError(f"viterbi needs a first-order {name} table (use composer.search.first_order)")
    joint, best = K.viterbi_kernel(*problem.kernel_args().viterbi())
    if len(joint) == 0:
        raise SearchError(f"no melody of {problem.bars} bars satisfies the hard constraints")
    return Candidate(joint // N_DUR, joint % N_DUR, float(best), float(best))
