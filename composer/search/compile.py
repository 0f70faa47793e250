"""Turn parameters, constraints and models into the plain arrays the search kernels read (once per search)."""

from __future__ import annotations

__all__ = ["SearchProblem", "SearchModels", "compile_problem", "check_model", "NO_DOUBLE_REST", "CONTOUR_SHAPES", "HARD_KINDS", "SOFT_KINDS"]
# CONTOUR_SHAPES, HARD_KINDS and SOFT_KINDS are the registry's (composer.rules.constraints), re-exported.

import functools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields

import numpy as np

from composer.errors import SearchArgumentError, SearchError
from composer.limits import LIMITS, check_range
from composer.models.markov import MarkovModel
from composer.models.neural import NeuralModel
from composer.models.tokens import DURATION_TICKS, N_DUR, N_PITCH, N_REL, REL_HI, REL_LO, REST, reference_tonic
from composer.models.varorder import CompiledPPM, VariableOrderMarkov
from composer.rules.constraints import CONTOUR_SHAPES, HARD_KINDS, SOFT_KINDS, Constraint
from composer.rules.parameters import Parameters
from composer.search import _kernels as K
from composer.search.check import cadence_pitch_classes, hard_violations
from composer.search.kinds import COMPILERS, Build
from composer.search.neural import NeuralScorer
from composer.theory.meter import get_meter
from composer.theory.scales import is_major_type

#: Two rests in a row are never generated: a rest is one breath, not a silence.
NO_DOUBLE_REST = True
START_EVENT = N_PITCH * N_DUR


@dataclass
class SearchProblem:
    """Everything one search needs, as arrays (see ``composer.search._kernels`` for their meaning).

    Attributes
    ----------
    pitch_logp : ndarray of float64, shape (N_PITCH + 1, N_PITCH + 1, N_PITCH)
        Natural-log P(next pitch token | two before) for the mode's family (an order-2
        ``MarkovModel``); shape (0, 0, 0) when ``pitch_ppm`` scores the pitches instead.
    dur_logp : ndarray of float64, shape (N_DUR + 1, N_DUR + 1, N_DUR)
        Natural-log P(next duration token | two before) for the meter's family; shape
        (0, 0, 0) when ``dur_ppm`` scores the durations instead.
    pitch_rel, pitch_flags : ndarray of int64, shape (N_PITCH,)
        Semitones above the reference tonic (``NO_PITCH`` for the rest) and mask bits per token.
    pitch_bias : ndarray of float64, shape (N_PITCH,)
        Soft score per pitch token (the rest's ``log(rests)``).
    dur_ticks : ndarray of int64, shape (N_DUR,)
        Ticks per duration token.
    dur_bias : ndarray of float64, shape (N_DUR,)
        Soft score per duration token (the rhythm_vocabulary term).
    next_phrase, strong, forced : ndarray of int64, shape (total + 1,)
        First phrase end after each tick; strong-beat flags; the motif's forced joint events.
    contour : ndarray of float64, shape (total + 1,)
        Contour target per onset tick, semitones above the reference tonic.
    fall : ndarray of float64, shape (total + 1,)
        The phrase_fall ceiling per onset tick, semitones above the reference tonic
        (``_kernels.NO_FALL`` where none).
    back : ndarray of int64, shape (total + 1,)
        The form_repeat offset per onset tick: ticks back to the event to copy (0: none).
    metric : ndarray of float64, shape (total + 1, N_DUR)
        The metric_rhythm score per onset tick and duration token (natural-log units; zeros when off).
    init_hist : ndarray of int64, shape (max(2, C),)
        Joint events before the melody (the context), most recent first.
    neural : NeuralScorer or None
        The neural pitch scorer, if any.
    rules : _kernels.Rules
        The meter, the hard constraints' settings and the soft constraints' weights.
    settings : _kernels.Search
        Beam width, seed, temperature and the models' weights.
    last_rel, last_int : int
        The context's last sounding pitch (semitones above the reference tonic,
        ``NO_PITCH`` if none) and its last interval.
    reference : int
        MIDI pitch of the reference tonic (pitch token ``-REL_LO``).
    parameters : Parameters
        The parameters the problem was built from.
    constraints : tuple of Constraint
        The constraints it was built from.
    bars : int
        Length of the melody in bars.
    context_midi : ndarray of int64
        The context's MIDI pitches (-1 rests), as given.
    prefix_events : int
        Number of events of the motif every result starts with.
    pitch_ppm, dur_ppm : CompiledPPM or None
        The variable-order pitch model of the mode's family and duration model of the
        meter's family (a ``VariableOrderMarkov``), read instead of the dense tables.
    """

    pitch_logp: np.ndarray
    dur_logp: np.ndarray
    pitch_rel: np.ndarray
    pitch_flags: np.ndarray
    pitch_bias: np.ndarray
    dur_ticks: np.ndarray
    dur_bias: np.ndarray
    next_phrase: np.ndarray
    strong: np.ndarray
    contour: np.ndarray
    forced: np.ndarray
    fall: np.ndarray
    back: np.ndarray
    metric: np.ndarray
    init_hist: np.ndarray
    neural: NeuralScorer | None
    rules: K.Rules
    settings: K.Search
    reference: int
    parameters: Parameters
    constraints: tuple[Constraint, ...]
    bars: int
    last_rel: int = K.NO_PITCH
    last_int: int = 0
    context_midi: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    prefix_events: int = 0
    pitch_ppm: CompiledPPM | None = None
    dur_ppm: CompiledPPM | None = None

    @property
    def total_ticks(self) -> int:
        """Length of the melody in ticks."""
        return self.rules.total

    @property
    def beam_width(self) -> int:
        """Hypotheses kept per tick."""
        return self.settings.beam

    def kernel_args(self) -> K.KernelArgs:
        """The arguments of ``_kernels.beam_search_kernel``, as its named groups."""
        if self.neural is None:
            h = 0
            neural = K.Neural(np.zeros((0, START_EVENT + 1, h)), np.zeros(h), np.zeros((h, N_PITCH)), np.zeros(N_PITCH))
        else:
            neural = K.Neural(self.neural.first, self.neural.b1, self.neural.w2, self.neural.b2)
        return K.KernelArgs(
            markov=K.Markov(self.pitch_logp, self.dur_logp, *_ppm_args(self.pitch_ppm, N_PITCH),
                            *_ppm_args(self.dur_ppm, N_DUR)),
            neural=neural,
            tables=K.Tables(self.pitch_rel, self.pitch_flags, self.pitch_bias, self.dur_ticks, self.dur_bias),
            timeline=K.Timeline(self.next_phrase, self.strong, self.contour, self.forced, self.fall,
                                self.back, self.metric),
            context=K.Context(self.init_hist, int(self.last_rel), int(self.last_int)),
            rules=self.rules, search=self.settings)

    def midi(self, pitch_tokens: np.ndarray) -> np.ndarray:
        """Return MIDI pitches for pitch tokens (-1 for rests), shape as given."""
        tokens = np.asarray(pitch_tokens, dtype=np.int64)
        return np.where(tokens == REST, -1, tokens + REL_LO + self.reference).astype(np.int64)

    def with_settings(self, *, beam_width: int | None = None, temperature: float | None = None,
                      seed: int | None = None) -> SearchProblem:
        """Return a copy with another beam width, temperature or seed (the arrays are shared)."""
        settings = self.settings
        if beam_width is not None:
            settings = settings._replace(beam=_check_count(beam_width, "beam_width"))
        if temperature is not None:
            _check_temperature(temperature)
            settings = settings._replace(temperature=temperature)
        if seed is not None:
            settings = settings._replace(seed=int(seed) & 0x7FFFFFFFFFFFFFFF)
        return SearchProblem(**{**self.__dict__, "settings": K.typed(K.Search, **settings._asdict())})

    def with_context(self, context_midi: Sequence[int] | np.ndarray | None,
                     context_ticks: Sequence[int] | np.ndarray | None) -> SearchProblem:
        """Return a copy that continues from other events before the melody (the other arrays are shared).

        The same as compiling again with ``context_midi`` and ``context_ticks`` (see
        :func:`compile_problem`), without rebuilding the masks and tables: a live session
        compiles a bar's problem once per emotion and moves only its context on.
        """
        ctx_midi, ctx_ticks = _events(context_midi, context_ticks, "context")
        init_hist, last_rel, last_int = _context(ctx_midi, ctx_ticks, self.reference, len(self.init_hist))
        return SearchProblem(**{**self.__dict__, "init_hist": init_hist, "last_rel": last_rel, "last_int": last_int,
                                "context_midi": ctx_midi})


def _ppm_args(ppm: CompiledPPM | None, vocab: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # A compiled variable-order model as the kernel reads it; no rows means "use the dense table".
    if ppm is None:
        return np.zeros(0, dtype=np.int64), np.zeros(2, dtype=np.int64), np.zeros((0, vocab))
    return ppm.keys, ppm.order_start, ppm.logp


@functools.lru_cache(maxsize=16)
def _neural_scorer(model: NeuralModel, mode_family: int, meter_family: int) -> NeuralScorer:
    # A NeuralModel conditioned on a mode and meter family, in the search's form; made once per model and family.
    first, b1, w2, b2 = model.search_tables({"mode_family": mode_family, "meter_family": meter_family})
    return NeuralScorer(first=first, b1=b1, w2=w2, b2=b2)


def _check_count(value: object, name: str) -> int:
    """``value`` as an int within ``LIMITS[name]`` (``bars``, ``beam_width``), or ``SearchArgumentError``."""
    low, high = int(LIMITS[name].low), int(LIMITS[name].high)
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
        raise SearchArgumentError(f"{name} must be an integer from {low} to {high}, got {value!r}")
    return int(value)


def check_model(model: object) -> None:
    """The one check of the Markov model's type (``search_models`` and ``compile_problem`` take one)."""
    if not isinstance(model, (MarkovModel, VariableOrderMarkov)):
        raise SearchArgumentError(f"model must be a MarkovModel or a VariableOrderMarkov, got {type(model).__name__}")


@dataclass(frozen=True)
class SearchModels(Mapping):
    """The scoring models and weights ``search_models`` returns, already checked.

    Passed whole as ``compile_problem``'s ``model`` (as ``compose`` does), it is trusted:
    ``search_models`` checked the model's type, so ``compile_problem`` does not check it again.
    It is also a mapping of ``compile_problem``'s keyword arguments, so
    ``compile_problem(parameters, constraints, bars=8, **search_models())`` works too (the
    model is then checked as any model passed alone). Make one with ``search_models``.

    Attributes
    ----------
    model : MarkovModel or VariableOrderMarkov
    neural : NeuralModel, NeuralScorer or None
        ``None`` when the neural model is off.
    markov_weight, neural_weight : float
        Weights of the two pitch log-probabilities, each in [0, 1].
    """

    model: MarkovModel | VariableOrderMarkov
    neural: NeuralModel | NeuralScorer | None
    markov_weight: float
    neural_weight: float

    def __getitem__(self, key: str) -> object:
        if key not in self._keys():
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._keys())

    @classmethod
    def _keys(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


def _check_temperature(temperature: float) -> None:
    if not (isinstance(temperature, (int, float, np.floating)) and math.isfinite(temperature) and temperature >= 0):
        raise SearchArgumentError(f"temperature must be a finite number >= 0, got {temperature!r}")


def _events(midi, ticks, what: str) -> tuple[np.ndarray, np.ndarray]:
    midi_a = np.asarray(midi if midi is not None else [], dtype=np.float64)
    ticks_a = np.asarray(ticks if ticks is not None else [], dtype=np.float64)
    if midi_a.ndim != 1 or ticks_a.ndim != 1 or midi_a.shape != ticks_a.shape:
        raise SearchArgumentError(f"{what}: the MIDI pitches and tick lengths must be 1-D arrays of the same length, "
                                  f"got shapes {midi_a.shape} and {ticks_a.shape}")
    if not (np.all(np.isfinite(midi_a)) and np.all(midi_a == np.round(midi_a)) and np.all(ticks_a == np.round(ticks_a))):
        raise SearchArgumentError(f"{what}: pitches and lengths must be whole numbers")
    bad = np.flatnonzero((midi_a < -1) | (midi_a > 127))
    if bad.size:
        raise SearchArgumentError(f"{what}: event {bad[0]} has MIDI pitch {midi_a[bad[0]]:g}; use 0..127, or -1 for a rest")
    bad = np.flatnonzero(ticks_a <= 0)
    if bad.size:
        raise SearchArgumentError(f"{what}: event {bad[0]} lasts {ticks_a[bad[0]]:g} ticks; lengths must be positive")
    return midi_a.astype(np.int64), ticks_a.astype(np.int64)


def _nearest_duration(ticks: int) -> int:
    return int(np.argmin(np.abs(np.log(DURATION_TICKS / ticks))))


def _context(ctx_midi: np.ndarray, ctx_ticks: np.ndarray, reference: int, n_hist: int) -> tuple[np.ndarray, int, int]:
    """The context as the kernel reads it: (init_hist, last_rel, last_int) (see ``SearchProblem``)."""
    init_hist = np.full(n_hist, START_EVENT, dtype=np.int64)
    for j, (m, t) in enumerate(zip(ctx_midi[::-1][:n_hist], ctx_ticks[::-1][:n_hist])):
        p = REST if m < 0 else int(np.clip(m - reference, REL_LO, REL_HI)) - REL_LO
        init_hist[j] = p * N_DUR + _nearest_duration(int(t))
    sounding = ctx_midi[ctx_midi >= 0]
    ctx_rel = int(sounding[-1]) - reference if sounding.size else K.NO_PITCH
    ctx_int = int(sounding[-1] - sounding[-2]) if sounding.size > 1 else 0
    return init_hist, ctx_rel, ctx_int


def compile_problem(
    parameters: Parameters,
    constraints: Sequence[Constraint],
    model: MarkovModel | VariableOrderMarkov | SearchModels,
    *,
    bars: int,
    beam_width: int = 64,
    seed: int = 0,
    temperature: float = 0.0,
    neural: NeuralScorer | NeuralModel | None = None,
    markov_weight: float = 1.0,
    neural_weight: float | None = None,
    context_midi: Sequence[int] | np.ndarray | None = None,
    context_ticks: Sequence[int] | np.ndarray | None = None,
    prefix_midi: Sequence[int] | np.ndarray | None = None,
    prefix_ticks: Sequence[int] | np.ndarray | None = None,
) -> SearchProblem:
    """Build the kernel's arrays for one melody.

    Parameters
    ----------
    parameters : Parameters
        Tempo, meter, key, range and the other musical parameters.
    constraints : sequence of Constraint
        Active constraints: hard kinds (``HARD_KINDS``) become masks, soft kinds
        (``SOFT_KINDS``) penalties with their weights; options are read with the
        defaults of ``docs/rules.md``.
    model : MarkovModel or VariableOrderMarkov
        The Markov model: an order-2 ``MarkovModel`` (dense ``pitch_logp`` (family,
        N_PITCH+1, N_PITCH+1, N_PITCH) and ``dur_logp`` (family, N_DUR+1, N_DUR+1, N_DUR)
        tables) or a compiled ``VariableOrderMarkov`` (its pitch model for the mode's
        family and duration model for the meter's family, looked up by the kernel
        over each hypothesis's history). Or a ``SearchModels`` from ``search_models``:
        its model (trusted, already checked), neural scorer and weights, which
        ``neural``, ``markov_weight`` and ``neural_weight`` must then leave unset.
    bars : int
        Length in bars, 1 to ``LIMITS["bars"].high`` (256).
    beam_width : int
        Hypotheses kept per tick (1 or more).
    seed : int
        Seeds the stochastic beam (used only when ``temperature > 0``).
    temperature : float
        0: the deterministic beam. Above 0: the stochastic beam, which samples melodies
        without replacement from the model's distribution sharpened (below 1) or
        flattened (above 1) by ``1 / temperature``.
    neural : NeuralScorer or NeuralModel, optional
        A neural pitch scorer; its log-probabilities are added with ``neural_weight``.
        A ``NeuralModel`` is conditioned on the parameters' mode and meter families
        (folded into its first-layer bias by ``NeuralModel.search_tables``).
    markov_weight, neural_weight : float
        Weights of the Markov and the neural pitch log-probabilities (``neural_weight``
        defaults to 1 with a scorer, and must be 0 or absent without one).
    context_midi, context_ticks : 1-D int arrays, optional
        Events before the melody (MIDI pitches, -1 for rests; lengths in ticks): model
        context only, not part of the output. Pitches are converted to this key's
        tokens, clipped into the token range; lengths to the nearest duration class.
        The leap constraints (``max_leap``, ``leap_recovery``, ``step_motion``, ``leap_size``) count
        the interval from the context's last sounding note.
    prefix_midi, prefix_ticks : 1-D int arrays, optional
        A motif every result starts with (MIDI in this key, -1 rests; lengths in ticks,
        each one of the duration classes); the search continues after it.

    Raises
    ------
    SearchArgumentError
        If an argument is invalid: ``bars`` or ``beam_width`` outside ``composer.limits``
        (1 to 256, 1 to 4096), a model of the wrong type, an unknown constraint kind or
        option, malformed context or motif arrays (a ``SearchError`` and an ``ArgumentError``).
    LimitError
        If ``bars * beam_width`` is above the ``beam_cells`` limit.
    SearchError
        If the constraints leave no pitch to use, or the motif does not fit or breaks a
        hard constraint.
    """
    bars = _check_count(bars, "bars")
    beam_width = _check_count(beam_width, "beam_width")
    check_range("beam_cells", bars * beam_width, f"bars={bars} x beam_width={beam_width}")
    _check_temperature(temperature)
    constraints = tuple(constraints)
    kinds = {c.kind: c for c in constraints}
    unknown = sorted(set(kinds) - set(HARD_KINDS) - set(SOFT_KINDS))
    if unknown:
        raise SearchArgumentError(f"the search does not know the constraint kind(s) {', '.join(unknown)}; "
                                  f"known: {', '.join(HARD_KINDS + SOFT_KINDS)}")
    for c in constraints:
        if c.kind in SOFT_KINDS and not (math.isfinite(c.weight) and c.weight >= 0):
            raise SearchArgumentError(f"constraint {c.kind}: weight must be a finite number >= 0, got {c.weight!r}")
    trusted = isinstance(model, SearchModels)  # search_models checked its model: not again
    if isinstance(model, SearchModels):
        if neural is not None or neural_weight is not None or markov_weight != 1.0:
            raise SearchArgumentError("neural, markov_weight and neural_weight come with the SearchModels "
                                      "given as model; leave them unset")
        model, neural, markov_weight, neural_weight = (model.model, model.neural, model.markov_weight,
                                                       model.neural_weight)
    if neural_weight is None:
        neural_weight = 1.0 if neural is not None else 0.0
    for name, w in (("markov_weight", markov_weight), ("neural_weight", neural_weight)):
        if not (math.isfinite(w) and w >= 0):
            raise SearchArgumentError(f"{name} must be a finite number >= 0, got {w!r}")
    if neural is None and neural_weight != 0.0:
        raise SearchArgumentError("neural_weight is set but no neural scorer was given")
    if not trusted:
        check_model(model)
    mode_family = 0 if is_major_type(parameters.mode) else 1
    meter_family = 1 if get_meter(parameters.meter).beat_ticks == 6 else 0
    if isinstance(neural, NeuralModel):
        neural = _neural_scorer(neural, mode_family, meter_family)
    elif neural is not None and not isinstance(neural, NeuralScorer):
        raise SearchArgumentError(f"neural must be a NeuralScorer or a NeuralModel, got {type(neural).__name__}")
    if isinstance(model, VariableOrderMarkov):
        pitch_ppm: CompiledPPM | None = model.pitch[mode_family]
        dur_ppm: CompiledPPM | None = model.duration[meter_family]
        pitch_logp, dur_logp = np.zeros((0, 0, 0)), np.zeros((0, 0, 0))
    else:
        pitch_ppm = dur_ppm = None
        pitch_logp = np.ascontiguousarray(model.pitch_logp[mode_family], dtype=np.float64)
        dur_logp = np.ascontiguousarray(model.dur_logp[meter_family], dtype=np.float64)

    meter = get_meter(parameters.meter)
    total = bars * meter.bar_ticks
    reference = reference_tonic(parameters.tonic, parameters.register)
    inner_pcs, _ = cadence_pitch_classes(parameters.mode)

    # Every note allowed and final, the stable degrees cadential; each kind's compiler narrows or weighs.
    pitch_rel = np.full(N_PITCH, K.NO_PITCH, dtype=np.int64)
    pitch_rel[:N_REL] = np.arange(N_REL) + REL_LO
    pitch_flags = np.zeros(N_PITCH, dtype=np.int64)
    pitch_flags[:N_REL] = K.FLAG_ALLOWED | K.FLAG_FINAL
    pitch_flags[:N_REL][np.isin(pitch_rel[:N_REL] % 12, list(inner_pcs))] |= K.FLAG_CADENCE
    dur_ticks = DURATION_TICKS.copy()
    build = Build(parameters=parameters, meter=meter, reference=reference, total=total, pitch_flags=pitch_flags,
                  dur_ticks=dur_ticks, dur_bias=np.zeros(len(dur_ticks)),
                  next_phrase=np.full(total + 1, total + 1, dtype=np.int64), contour=np.zeros(total + 1))
    for c in kinds.values():
        COMPILERS[c.kind](build, c)
    build.finish()
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
    if build.rules["cadence"] and build.next_phrase[0] < total and not np.any(pitch_flags & K.FLAG_CADENCE):
        raise SearchError(f"cadence: no stable degree of {parameters.tonic_name} {parameters.mode} lies in the "
                          f"range {parameters.low}..{parameters.high} (MIDI) for the inner phrase ends")
    strong = np.isin(np.arange(total + 1) % meter.bar_ticks, meter.strong_ticks).astype(np.int64)

    # Context: converted to this key's tokens (clipped), most recent first.
    ctx_midi, ctx_ticks = _events(context_midi, context_ticks, "context")
    # Enough history for the neural context and the variable-order models' longest contexts.
    n_hist = max(2, neural.context if neural is not None else 0,
                 pitch_ppm.max_order if pitch_ppm is not None else 0, dur_ppm.max_order if dur_ppm is not None else 0)
    init_hist, ctx_rel, ctx_int = _context(ctx_midi, ctx_ticks, reference, n_hist)

    # The motif: exact tokens, checked against every hard constraint.
    pre_midi, pre_ticks = _events(prefix_midi, prefix_ticks, "motif")
    forced = np.full(total + 1, -1, dtype=np.int64)
    if pre_midi.size:
        if int(pre_ticks.sum()) > total:
            raise SearchError(f"motif: it lasts {int(pre_ticks.sum())} ticks, longer than the {bars} bars "
                              f"({total} ticks)")
        problems = hard_violations(pre_midi, pre_ticks, parameters, constraints, bars=bars,
                                   context_midi=ctx_midi, partial=True, no_double_rest=NO_DOUBLE_REST)
        if problems:
            raise SearchError("motif breaks a hard constraint: " + "; ".join(problems))
        t = 0
        for i, (m, length) in enumerate(zip(pre_midi, pre_ticks)):
            d = int(np.flatnonzero(DURATION_TICKS == length)[0]) if length in DURATION_TICKS else -1
            if d < 0:
                raise SearchError(f"motif: event {i} lasts {length} ticks; lengths must be one of "
                                  f"{', '.join(map(str, DURATION_TICKS))}")
            if m < 0:
                p = REST
                if parameters.rests <= 0:
                    raise SearchError(f"motif: event {i} is a rest, but the style forbids rests (rests = 0)")
            else:
                rel = int(m) - reference
                if not REL_LO <= rel <= REL_HI:
                    raise SearchError(f"motif: event {i} (MIDI {m}) is more than {REL_HI} semitones from the "
                                      f"reference tonic {reference}")
                p = rel - REL_LO
            forced[t] = p * N_DUR + d
            t += int(length)

    rules = K.typed(K.Rules, bar=meter.bar_ticks, beat=meter.beat_ticks, total=total, no_double_rest=NO_DOUBLE_REST,
                    **build.rules)
    settings = K.typed(K.Search, beam=beam_width, seed=int(seed) & 0x7FFFFFFFFFFFFFFF, temperature=temperature,
                       w_markov=markov_weight, w_neural=neural_weight if neural is not None else 0.0)
    return SearchProblem(
        pitch_logp=pitch_logp, dur_logp=dur_logp,
        pitch_rel=pitch_rel, pitch_flags=pitch_flags, pitch_bias=pitch_bias,
        dur_ticks=dur_ticks, dur_bias=build.dur_bias,
        next_phrase=build.next_phrase, strong=strong, contour=build.contour,
        forced=forced, fall=build.fall, back=build.back, metric=build.metric, init_hist=init_hist, neural=neural,
        rules=rules, settings=settings, last_rel=ctx_rel, last_int=ctx_int, reference=reference,
        parameters=parameters, constraints=constraints,
        bars=int(bars), context_midi=ctx_midi, prefix_events=int(pre_midi.size),
        pitch_ppm=pitch_ppm, dur_ppm=dur_ppm,
    )
