"""Turn parameters, constraints and a model into the plain arrays the search kernel reads (once per search)."""

from __future__ import annotations

__all__ = ["SearchProblem", "compile_problem", "NO_DOUBLE_REST"]

import math
from dataclasses import dataclass

import numpy as np

from composer.errors import SearchError
from composer.models.tokens import DURATION_TICKS, N_PITCH, N_REL, REL_LO, REST, reference_tonic
from composer.rules.constraints import Constraint
from composer.rules.parameters import Parameters
from composer.search import _kernels as K
from composer.theory.meter import TICKS_PER_QUARTER, get_meter
from composer.theory.scales import MODES, is_major_type

#: Two rests in a row are never generated: a rest is one breath, not a silence.
NO_DOUBLE_REST = True


@dataclass
class SearchProblem:
    """Everything one search needs, as arrays.

    Attributes
    ----------
    pitch_logp : ndarray of float64, shape (N_PITCH + 1, N_PITCH + 1, N_PITCH)
        Natural-log P(next pitch token | two before) for the mode's family.
    dur_logp : ndarray of float64, shape (N_DUR + 1, N_DUR + 1, N_DUR)
        Natural-log P(next duration token | two before) for the meter's family.
    pitch_rel : ndarray of int64, shape (N_PITCH,)
        Semitones above the reference tonic per pitch token (``NO_PITCH`` for the rest).
    pitch_flags : ndarray of int64, shape (N_PITCH,)
        Allowed / allowed-as-last-note bits per pitch token.
    pitch_bias : ndarray of float64, shape (N_PITCH,)
        Soft score per pitch token (the rest's ``log(rests)``).
    dur_ticks : ndarray of int64, shape (N_DUR,)
        Ticks per duration token.
    dur_bias : ndarray of float64, shape (N_DUR,)
        Soft score per duration token (the density term).
    iconf : ndarray of int64, shape (8,)
        Integer settings, see ``composer.search._kernels``.
    fconf : ndarray of float64, shape (2,)
        Float settings, see ``composer.search._kernels``.
    reference : int
        MIDI pitch of the reference tonic (pitch token ``-REL_LO``).
    parameters : Parameters
        The parameters the problem was built from.
    bars : int
        Length of the melody in bars.
    """

    pitch_logp: np.ndarray
    dur_logp: np.ndarray
    pitch_rel: np.ndarray
    pitch_flags: np.ndarray
    pitch_bias: np.ndarray
    dur_ticks: np.ndarray
    dur_bias: np.ndarray
    iconf: np.ndarray
    fconf: np.ndarray
    reference: int
    parameters: Parameters
    bars: int

    @property
    def total_ticks(self) -> int:
        """Length of the melody in ticks."""
        return int(self.iconf[K.I_TOTAL])

    def midi(self, pitch_tokens: np.ndarray) -> np.ndarray:
        """Return MIDI pitches for pitch tokens (-1 for rests), shape as given."""
        tokens = np.asarray(pitch_tokens, dtype=np.int64)
        return np.where(tokens == REST, -1, tokens + REL_LO + self.reference).astype(np.int64)


def compile_problem(
    parameters: Parameters,
    constraints: tuple[Constraint, ...] | list[Constraint],
    model: object,
    *,
    bars: int,
    beam_width: int = 64,
    seed: int = 0,
    temperature: float = 0.0,
) -> SearchProblem:
    """Build the kernel's arrays for one melody.

    Parameters
    ----------
    parameters : Parameters
        Tempo, meter, key, range and the other musical parameters.
    constraints : sequence of Constraint
        Active constraints; hard kinds become masks, soft kinds penalties with their weights.
    model : MarkovModel
        Provides ``pitch_logp`` (family, N_PITCH+1, N_PITCH+1, N_PITCH) and
        ``dur_logp`` (family, N_DUR+1, N_DUR+1, N_DUR) tables.
    bars : int
        Length in bars (1 or more).
    beam_width : int
        Hypotheses kept per tick (1 or more).
    seed : int
        Seeds the stochastic perturbation (used only when ``temperature > 0``).
    temperature : float
        Scale of the Gumbel perturbation of the ranking; 0 gives the deterministic beam.

    Raises
    ------
    SearchError
        If the constraints leave no pitch to use, or no tonic for the last note.
    """
    if bars < 1:
        raise SearchError(f"bars must be at least 1, got {bars}")
    if beam_width < 1:
        raise SearchError(f"beam_width must be at least 1, got {beam_width}")
    if not temperature >= 0.0:
        raise SearchError(f"temperature must be >= 0, got {temperature}")
    kinds = {c.kind: c for c in constraints}
    meter = get_meter(parameters.meter)
    reference = reference_tonic(parameters.tonic, parameters.register)
    scale = set(MODES[parameters.mode])

    pitch_rel = np.full(N_PITCH, K.NO_PITCH, dtype=np.int64)
    pitch_flags = np.zeros(N_PITCH, dtype=np.int64)
    for token in range(N_REL):
        rel = token + REL_LO
        midi = reference + rel
        pitch_rel[token] = rel
        ok = True
        if "in_scale" in kinds and rel % 12 not in scale:
            ok = False
        if "range" in kinds and not parameters.low <= midi <= parameters.high:
            ok = False
        if ok:
            pitch_flags[token] |= K.FLAG_ALLOWED
            if "final_tonic" not in kinds or rel % 12 == 0:
                pitch_flags[token] |= K.FLAG_FINAL
    pitch_bias = np.zeros(N_PITCH)
    if parameters.rests > 0:
        pitch_flags[REST] = K.FLAG_ALLOWED
        pitch_bias[REST] = math.log(parameters.rests)
    if not np.any(pitch_flags[:N_REL] & K.FLAG_ALLOWED):
        raise SearchError(f"no pitch of {parameters.tonic_name} {parameters.mode} lies in the range "
                          f"{parameters.low}..{parameters.high} (MIDI)")
    if not np.any(pitch_flags & K.FLAG_FINAL):
        raise SearchError(f"no {parameters.tonic_name} lies in the range {parameters.low}..{parameters.high} "
                          "(MIDI) for the final tonic")

    dur_ticks = DURATION_TICKS.copy()
    dur_bias = np.zeros(len(dur_ticks))
    if "density" in kinds:
        ticks_per_second = parameters.tempo / 60.0 * TICKS_PER_QUARTER
        target = ticks_per_second / parameters.density
        dur_bias = -kinds["density"].weight * np.log2(dur_ticks / target) ** 2

    max_leap = parameters.max_leap if "max_leap" in kinds else 10_000
    iconf = np.zeros(8, dtype=np.int64)
    iconf[K.I_BEAM] = beam_width
    iconf[K.I_BAR] = meter.bar_ticks
    iconf[K.I_TOTAL] = bars * meter.bar_ticks
    iconf[K.I_MAX_LEAP] = max_leap
    iconf[K.I_FILL_BARS] = int("fill_bars" in kinds)
    iconf[K.I_STRONG_START] = int("strong_start" in kinds)
    iconf[K.I_NO_DOUBLE_REST] = int(NO_DOUBLE_REST)
    iconf[K.I_SEED] = seed & 0x7FFFFFFFFFFFFFFF
    fconf = np.zeros(2)
    fconf[K.F_LEAP_RECOVERY] = kinds["leap_recovery"].weight if "leap_recovery" in kinds else 0.0
    fconf[K.F_TEMPERATURE] = temperature

    mode_family = 0 if is_major_type(parameters.mode) else 1
    meter_family = 1 if meter.beat_ticks == 6 else 0
    return SearchProblem(
        pitch_logp=np.ascontiguousarray(model.pitch_logp[mode_family]),  # type: ignore[attr-defined]
        dur_logp=np.ascontiguousarray(model.dur_logp[meter_family]),  # type: ignore[attr-defined]
        pitch_rel=pitch_rel,
        pitch_flags=pitch_flags,
        pitch_bias=pitch_bias,
        dur_ticks=dur_ticks,
        dur_bias=dur_bias,
        iconf=iconf,
        fconf=fconf,
        reference=reference,
        parameters=parameters,
        bars=bars,
    )
