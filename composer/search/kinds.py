"""One compiler per constraint kind: how each kind of ``composer.rules.constraints`` changes the search's arrays.

``compile_problem`` starts from a :class:`Build` that allows everything and penalises
nothing, then calls ``COMPILERS[kind]`` for each constraint it is given. A hard kind
narrows the masks (``pitch_flags``) or sets a rule the kernel enforces; a soft kind
sets its weight (and any table it needs). Options are read and checked against the
registry by ``checked_option``: the registry is their only description.

Adding a kind: a registry row in ``composer/rules/constraints.py``, a compiler here,
a checker in ``composer/search/check.py`` (hard kinds) or a term in the kernels'
``_pitch_score`` and ``score_terms_kernel`` (soft kinds), and a predicate in
``composer.testing`` (hard kinds); ``tests/search/test_kinds.py`` checks that all are there.
"""

from __future__ import annotations

__all__ = ["Build", "COMPILERS", "ARCH_PEAK", "DOTTED_TICKS"]

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from composer.errors import SearchArgumentError
from composer.models.rhythm import default_rhythm, metric_table
from composer.models.tokens import N_DUR, N_REL, REL_LO
from composer.rules.constraints import Constraint, checked_option
from composer.rules.parameters import Parameters
from composer.search import _kernels as K
from composer.search.check import cadence_pitch_classes
from composer.theory.meter import TICKS_PER_QUARTER, Meter
from composer.theory.scales import MODES

#: Dotted lengths in ticks (dotted eighth, quarter, half), for ``rhythm_vocabulary``.
DOTTED_TICKS = (3, 6, 12)
#: The arch of the ``contour`` constraint peaks at this fraction of the melody.
ARCH_PEAK = 0.6


@dataclass
class Build:
    """The arrays and rule settings of one search while the constraints are compiled.

    Attributes
    ----------
    parameters : Parameters
    meter : Meter
    reference : int
        MIDI pitch of the reference tonic (pitch token ``-REL_LO``).
    total : int
        Length of the melody in ticks.
    pitch_flags : ndarray of int64, shape (N_PITCH,)
        ``_kernels.FLAG_*`` bits per pitch token; starts with every note allowed, final
        and (on the stable degrees) cadential.
    dur_ticks, dur_bias : ndarray, shape (N_DUR,)
        Ticks and score (natural-log units) per duration token (``dur_bias``: rhythm_vocabulary).
    next_phrase, contour : ndarray, shape (total + 1,)
        First phrase end after each tick; contour target per tick (semitones above the reference).
    fall : ndarray of float64, shape (total + 1,) or None
        The phrase_fall ceiling per onset tick (semitones above the reference, ``_kernels.NO_FALL``
        where none); set by :meth:`finish` from ``fall_plan``.
    fall_plan : tuple of (float, int) or None
        The phrase_fall constraint's depth (semitones) and phrase length (ticks), if it is given.
    back : ndarray of int64, shape (total + 1,)
        The form_repeat offset per onset tick (ticks back to the event to copy; 0: none).
    metric : ndarray of float64, shape (total + 1, N_DUR)
        The metric_rhythm score per onset tick and duration token (zeros until it is compiled).
    rules : dict
        Keyword arguments of ``_kernels.Rules`` set so far, beyond the meter's.
    """

    parameters: Parameters
    meter: Meter
    reference: int
    total: int
    pitch_flags: np.ndarray
    dur_ticks: np.ndarray
    dur_bias: np.ndarray
    next_phrase: np.ndarray
    contour: np.ndarray
    fall: np.ndarray | None = None
    fall_plan: tuple[float, int] | None = None
    back: np.ndarray | None = None
    metric: np.ndarray | None = None
    rules: dict = field(default_factory=lambda: {
        "max_leap": 10_000, "fill_bars": False, "strong_start": False, "max_repeats": 0, "cadence": False,
        "min_leap": 5, "w_recover": 0.0, "w_contour": 0.0, "w_rhythm": 0.0, "w_step": 0.0, "w_leap": 0.0,
        "leap_target": 0.0, "w_fall": 0.0, "w_form": 0.0, "w_density": 0.0, "density_target": 1.0,
        "w_note_density": 0.0, "note_target": 1.0})

    def pitch_classes(self) -> np.ndarray:
        """Semitones above the tonic (0..11) of every note token, shape (N_REL,)."""
        return (np.arange(N_REL) + REL_LO) % 12

    def option(self, c: Constraint, name: str) -> object:
        """Option ``name`` of ``c``, checked against the registry (``SearchArgumentError`` if out of range)."""
        return checked_option(c, name, self.parameters, error=SearchArgumentError)

    def finish(self) -> None:
        """Build the arrays that depend on several kinds, once every compiler has run (``fall``)."""
        if self.back is None:
            self.back = np.zeros(self.total + 1, dtype=np.int64)
        if self.metric is None:
            self.metric = np.zeros((self.total + 1, N_DUR))
        self.fall = np.full(self.total + 1, K.NO_FALL)
        if self.fall_plan is None:
            return
        depth, phrase = self.fall_plan
        bar = self.meter.bar_ticks
        centre = float(self.parameters.register - self.reference)
        for start in range(0, self.total, phrase):
            end = min(self.total, start + phrase)
            # The phrase's planned level: the contour's mean target over it, else the register's centre.
            level = float(np.mean(self.contour[start:end])) if self.rules["w_contour"] != 0.0 else centre
            ticks = np.arange(max(start, end - bar), end)
            # Over the phrase's last bar the ceiling falls from the level to depth below it, reached at
            # the bar's middle, where the cadence's note usually starts.
            ramp = np.minimum(1.0, (ticks - (end - bar)) / (bar / 2))
            self.fall[ticks] = level - depth * ramp


def _mask_notes(b: Build, keep: np.ndarray, bits: int) -> None:
    # Clear ``bits`` on the note tokens where ``keep`` (shape (N_REL,)) is False.
    b.pitch_flags[:N_REL][~keep] &= ~bits


def _in_scale(b: Build, c: Constraint) -> None:
    _mask_notes(b, np.isin(b.pitch_classes(), MODES[b.parameters.mode]), -1)


def _range(b: Build, c: Constraint) -> None:
    midi = b.reference + REL_LO + np.arange(N_REL)
    _mask_notes(b, (b.parameters.low <= midi) & (midi <= b.parameters.high), -1)


def _final_tonic(b: Build, c: Constraint) -> None:
    _mask_notes(b, np.isin(b.pitch_classes(), list(cadence_pitch_classes(b.parameters.mode)[1])), K.FLAG_FINAL)


def _max_leap(b: Build, c: Constraint) -> None:
    b.rules["max_leap"] = b.option(c, "semitones")


def _fill_bars(b: Build, c: Constraint) -> None:
    b.rules["fill_bars"] = True


def _strong_start(b: Build, c: Constraint) -> None:
    b.rules["strong_start"] = True


def _max_repeats(b: Build, c: Constraint) -> None:
    b.rules["max_repeats"] = b.option(c, "count")


def _cadence(b: Build, c: Constraint) -> None:
    _final_tonic(b, c)  # the last phrase ends on the tonic
    phrase = int(b.option(c, "phrase_bars")) * b.meter.bar_ticks  # type: ignore[call-overload]
    ticks = np.arange(b.total + 1)
    b.next_phrase = np.minimum(b.total, (ticks // phrase + 1) * phrase).astype(np.int64)
    b.rules["cadence"] = True


def _density(b: Build, c: Constraint) -> None:
    ticks_per_second = b.parameters.tempo / 60.0 * TICKS_PER_QUARTER
    target = ticks_per_second / b.parameters.density
    if b.option(c, "per") == "bar":
        # A number of events per bar: the notes inside a bar may vary in length.
        b.rules["w_density"] = c.weight
        b.rules["density_target"] = b.meter.bar_ticks / target
    else:
        b.rules["w_note_density"] = c.weight
        b.rules["note_target"] = target


def _metric_rhythm(b: Build, c: Constraint) -> None:
    phrase = int(b.option(c, "phrase_bars")) * b.meter.bar_ticks  # type: ignore[call-overload]
    table = metric_table(default_rhythm(), b.meter.name, b.meter.bar_ticks, b.meter.beat_ticks, b.total, phrase)
    # Only penalties: each length costs how much less often the corpus puts it here than the length it
    # favours most here (log-ratio units).
    b.metric = np.ascontiguousarray(c.weight * (table - table.max(axis=1, keepdims=True)))


def _leap_recovery(b: Build, c: Constraint) -> None:
    b.rules["w_recover"] = c.weight
    b.rules["min_leap"] = b.option(c, "min_leap")


def _contour(b: Build, c: Constraint) -> None:
    shape = b.option(c, "shape")
    p, ref, total = b.parameters, b.reference, b.total
    u = np.arange(total + 1) / total
    low, high, centre = p.low - ref, p.high - ref, p.register - ref
    if shape == "arch":
        contour = centre + (high - centre) * np.where(u <= ARCH_PEAK, u / ARCH_PEAK, (1 - u) / (1 - ARCH_PEAK))
    elif shape == "ascending":
        contour = low + (high - low) * u
    elif shape == "descending":
        contour = high - (high - low) * u
    else:
        contour = np.full(total + 1, float(centre))
    b.contour = np.ascontiguousarray(contour, dtype=np.float64)
    b.rules["w_contour"] = c.weight


def _phrase_fall(b: Build, c: Constraint) -> None:
    phrase = int(b.option(c, "phrase_bars")) * b.meter.bar_ticks  # type: ignore[call-overload]
    b.fall_plan = (float(b.option(c, "semitones")), phrase)  # type: ignore[arg-type]
    b.rules["w_fall"] = c.weight


def _rhythm_vocabulary(b: Build, c: Constraint) -> None:
    dotted = np.isin(b.dur_ticks, DOTTED_TICKS) * float(b.option(c, "dotted"))  # type: ignore[arg-type]
    long = (b.dur_ticks > b.meter.beat_ticks) * float(b.option(c, "long"))  # type: ignore[arg-type]
    b.dur_bias = c.weight * (dotted + long)


def _form_repeat(b: Build, c: Constraint) -> None:
    plan = str(b.option(c, "form"))
    phrase = int(b.option(c, "phrase_bars")) * b.meter.bar_ticks  # type: ignore[call-overload]
    back = np.zeros(b.total + 1, dtype=np.int64)
    for i, start in enumerate(range(0, b.total, phrase)):
        letter = plan[i % len(plan)]
        earlier = [j for j in range(i) if plan[j % len(plan)] == letter]
        if earlier:
            # All but the phrase's last bar (its own cadence; a 1-bar phrase is copied whole) copy the
            # latest phrase of the same letter.
            end = min(b.total, start + phrase)
            if phrase > b.meter.bar_ticks:
                end -= b.meter.bar_ticks
            back[start:max(start, end)] = (i - earlier[-1]) * phrase
    b.back = back
    b.rules["w_form"] = c.weight


def _rhythmic_regularity(b: Build, c: Constraint) -> None:
    b.rules["w_rhythm"] = c.weight


def _step_motion(b: Build, c: Constraint) -> None:
    b.rules["w_step"] = c.weight


def _leap_size(b: Build, c: Constraint) -> None:
    b.rules["w_leap"] = c.weight
    b.rules["leap_target"] = b.option(c, "semitones")


#: The compiler of each constraint kind, in registry order: ``(build, constraint) -> None``.
COMPILERS: dict[str, Callable[[Build, Constraint], None]] = {
    "in_scale": _in_scale,
    "range": _range,
    "max_leap": _max_leap,
    "fill_bars": _fill_bars,
    "final_tonic": _final_tonic,
    "strong_start": _strong_start,
    "max_repeats": _max_repeats,
    "cadence": _cadence,
    "density": _density,
    "leap_recovery": _leap_recovery,
    "contour": _contour,
    "rhythmic_regularity": _rhythmic_regularity,
    "step_motion": _step_motion,
    "leap_size": _leap_size,
    "phrase_fall": _phrase_fall,
    "form_repeat": _form_repeat,
    "metric_rhythm": _metric_rhythm,
    "rhythm_vocabulary": _rhythm_vocabulary,
}
