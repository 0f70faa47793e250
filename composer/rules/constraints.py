"""The registry of constraint kinds a style may name, and the ``Constraint`` a style produces.

The table here is the one description of a kind: whether it is hard or soft, its options
with their defaults and legal ranges (:func:`option_value` reads them). The search
enforces every kind through one compiler per kind (``composer.search.kinds.COMPILERS``):
hard kinds as masks, soft kinds as penalties of ``weight`` natural-log score units, each
soft kind with its breakdown term (``composer.search.beam.TERMS``); one plain checker per
hard kind (``composer.search.check.CHECKERS``) judges a finished melody, also for
``composer.testing.CONSTRAINT_CHECKS`` (derived from it, worded by its predicates). ``tests/search/test_kinds.py``
proves every kind has all of them. ``docs/rules.md`` documents each kind from
:data:`CONSTRAINT_KINDS`.
"""

from __future__ import annotations

__all__ = ["ConstraintKind", "ConstraintOption", "CONSTRAINT_KINDS", "Constraint", "MAX_WEIGHT", "CONTOUR_SHAPES",
           "FORM_PLANS",
           "HARD_KINDS", "SOFT_KINDS", "ARRANGEMENT_KINDS", "option_value", "checked_option"]

import math
import numbers

from dataclasses import dataclass, field

from composer.rules.parameters import Parameters, ParameterSpec

#: Largest weight a soft constraint may have (natural-log score units).
MAX_WEIGHT = 100.0
#: Shapes the contour constraint knows.
CONTOUR_SHAPES: tuple[str, ...] = ("arch", "ascending", "descending", "flat")
#: Phrase plans the form_repeat constraint knows: one letter per phrase, repeated for longer melodies.
FORM_PLANS: tuple[str, ...] = ("AABA", "AABB", "ABAB", "ABAC", "AAAA")


@dataclass(frozen=True)
class ConstraintOption(ParameterSpec):
    """One option of a constraint kind: its type, legal values and default.

    Attributes
    ----------
    default_from : str or None
        When set, the default is the value of this parameter (e.g. ``max_leap``'s
        ``semitones`` defaults to the ``max_leap`` parameter); otherwise ``default``.
    """

    default_from: str | None = None

    def default_doc(self) -> str:
        """Describe the default, for docs and messages."""
        if self.default_from:
            return f"the {self.default_from} parameter"
        return str(self.default)


@dataclass(frozen=True)
class ConstraintKind:
    """One built-in kind of constraint.

    Attributes
    ----------
    name : str
        The ``kind:`` written in style files.
    hard : bool
        Hard kinds are masks the search never breaks; soft kinds are weighted penalties.
    default_weight : float
        Weight of a soft kind when the style gives none (natural-log score units).
    doc : str
        What the constraint asks of the melody.
    options : tuple of ConstraintOption
        The options the kind takes, with their defaults.
    scope : str
        ``"melody"``: a style lists it and the melody search enforces it. ``"arrangement"``: a
        voice-leading rule that ``composer.arrange`` always applies to the voices it writes
        (checked by ``composer.arrange.check.ARRANGEMENT_CHECKERS``); styles do not list it.
    """

    name: str
    hard: bool
    default_weight: float = 0.0
    doc: str = ""
    options: tuple[ConstraintOption, ...] = ()
    scope: str = "melody"

    def option(self, name: str) -> ConstraintOption | None:
        """Return the option called ``name``, or None."""
        for o in self.options:
            if o.name == name:
                return o
        return None


#: Every constraint kind the search understands (see CONSTRAINTS.md / docs/rules.md).
CONSTRAINT_KINDS: dict[str, ConstraintKind] = {
    k.name: k
    for k in (
        ConstraintKind("in_scale", True, doc="Every note's pitch class is in the mode's scale on the tonic."),
        ConstraintKind("range", True, doc="Every note lies in [low, high]: the range centred on the register."),
        ConstraintKind("max_leap", True,
                       doc="No interval between successive sounding notes (rests skipped) exceeds `semitones`.",
                       options=(ConstraintOption("semitones", "integer", 1, 24, unit="semitones",
                                                 default_from="max_leap", doc="The largest interval allowed."),)),
        ConstraintKind("fill_bars", True, doc="No note crosses a bar line; the melody fills its bars exactly."),
        ConstraintKind("final_tonic", True, doc="The last event is a note (not a rest) on the tonic."),
        ConstraintKind("strong_start", True, doc="The first event is a note (not a rest) on the downbeat of bar 1."),
        ConstraintKind("max_repeats", True,
                       doc="No pitch sounds more than `count` times in a row (rests between do not reset the count).",
                       options=(ConstraintOption("count", "integer", 1, 16, default=2,
                                                 doc="Most successive sounds of one pitch."),)),
        ConstraintKind("cadence", True,
                       doc="At every phrase end (every `phrase_bars` bars, and at the end) the note sounding at "
                           "the end of the phrase starts on a strong beat, lasts at least one beat, and is a stable "
                           "degree: the tonic at the final end; degree 1, 3 or 5 (or 2 or 5 for a half cadence) "
                           "at inner phrase ends.",
                       options=(ConstraintOption("phrase_bars", "integer", 1, 16, unit="bars",
                                                 default_from="phrase_bars", doc="Bars per phrase."),)),
        ConstraintKind("density", False, 2.0,
                       doc="Notes per second near the density parameter at the tempo. `per: note` pulls every "
                           "note to the target length (penalty: weight × log2(length / target)² per note); "
                           "`per: bar` asks only for about the number of events per bar that the target gives, "
                           "the lengths inside a bar free to vary (penalty, on the event that closes each bar: "
                           "weight × target × log2(events in the bar / target)², the target in events per bar, "
                           "rests counted as events: what the per-note pull would charge a bar of equal notes).",
                       options=(ConstraintOption("per", "choice", choices=("note", "bar"), default="note",
                                                 doc="Pull each note's length, or each bar's count of events."),)),
        ConstraintKind("leap_recovery", False, 1.5,
                       doc="A leap of at least `min_leap` semitones is followed by a step (1-2 semitones) the "
                           "other way (penalty: weight per unrecovered leap).",
                       options=(ConstraintOption("min_leap", "integer", 3, 24, unit="semitones", default=5,
                                                 doc="Smallest interval that counts as a leap."),)),
        ConstraintKind("contour", False, 1.0,
                       doc="Pitches follow a shape scaled to the range (penalty: weight × |pitch − target| / 12 "
                           "per note); arch rises from the register's centre to its top at 60% of the melody and "
                           "falls back.",
                       options=(ConstraintOption("shape", "choice", choices=CONTOUR_SHAPES, default="arch",
                                                 doc="The melody's overall shape."),)),
        ConstraintKind("rhythmic_regularity", False, 1.0,
                       doc="Few syncopations (penalty: weight per note that starts off the beat and lasts past "
                           "the next beat)."),
        ConstraintKind("step_motion", False, 1.0,
                       doc="Stepwise melodies (penalty: weight × |interval| / 12 per interval)."),
        ConstraintKind("leap_size", False, 1.0,
                       doc="Intervals of at least `semitones`: wider melodies with larger leaps (penalty: "
                           "weight × max(0, semitones − |interval|) / 12 per interval between successive "
                           "sounding notes). With `semitones` and the weight rising with arousal it makes the "
                           "pitch-range and leap cue audible; `max_leap` and `range` stay the limits.",
                       options=(ConstraintOption("semitones", "number", 0, 12, unit="semitones", default=4.0,
                                                 doc="Intervals shorter than this are penalised by their "
                                                     "shortfall."),)),
        ConstraintKind("phrase_fall", False, 2.0,
                       doc="Phrases fall to their close: over each phrase's last bar a ceiling descends from "
                           "the phrase's level (the contour's mean target over the phrase, or the register's "
                           "centre without a contour) to `semitones` below it, reached at the bar's middle "
                           "(penalty: weight × (pitch − ceiling) / 12 per note starting above it).",
                       options=(ConstraintOption("semitones", "number", 0, 12, unit="semitones", default=2.0,
                                                 doc="How far below the phrase's level its close is pulled."),
                                ConstraintOption("phrase_bars", "integer", 1, 16, unit="bars",
                                                 default_from="phrase_bars", doc="Bars per phrase."))),
        ConstraintKind("form_repeat", False, 1.0,
                       doc="Phrases answer each other by a plan (`form`, one letter per phrase, the plan "
                           "repeated for longer melodies): a phrase whose letter came before copies that "
                           "phrase's rhythm and intervals (a transposed repeat), all but its last bar (of "
                           "phrases longer than a bar), which stays free for its own cadence (penalty: weight "
                           "per event whose length differs from the event starting at the same place in the "
                           "earlier phrase, or that starts where none did; weight per note whose interval from "
                           "the note before differs, or note where a rest was, or rest where a note was).",
                       options=(ConstraintOption("form", "choice", choices=FORM_PLANS, default="AABA",
                                                 doc="The phrase plan."),
                                ConstraintOption("phrase_bars", "integer", 1, 16, unit="bars",
                                                 default_from="phrase_bars", doc="Bars per phrase."))),
        ConstraintKind("metric_rhythm", False, 1.0,
                       doc="Durations fit their place in the bar as in the shipped corpus: with PMI = log P(length | "
                           "position) − log P(length), each event scores weight × (its PMI − the highest PMI "
                           "at that position), a penalty only (zero for the corpus's favourite length there), "
                           "the position being the metre's family, the beat's class (downbeat, middle, weak), "
                           "the tick within the beat, and whether the bar ends a phrase (phrase-end "
                           "lengthening is learnt, not fixed) (composer.models.rhythm).",
                       options=(ConstraintOption("phrase_bars", "integer", 1, 16, unit="bars",
                                                 default_from="phrase_bars", doc="Bars per phrase."),)),
        ConstraintKind("rhythm_vocabulary", False, 1.0,
                       doc="The style's note values: each event scores weight × (`dotted` if its length is "
                           "dotted (3, 6 or 12 ticks) + `long` if it lasts more than a beat), a bonus where "
                           "positive, a penalty where negative (dotted rhythms for a folk or film style, even "
                           "values for a hymn, long notes when calm).",
                       options=(ConstraintOption("dotted", "number", -4, 4, default=0.5,
                                                 doc="Score of a dotted length."),
                                ConstraintOption("long", "number", -4, 4, default=0.0,
                                                 doc="Score of a length of more than one beat."))),
        # Voice leading of an arrangement (composer.arrange): applied to the voices it writes, never by the melody
        # search; a voicing that cannot keep one is an error naming the kind and the bar.
        ConstraintKind("outer_voices", True, scope="arrangement",
                       doc="Arrangement: the melody and the bass never move in parallel fifths or octaves (both "
                           "moving the same way into the same perfect interval, modulo the octave)."),
        ConstraintKind("leading_tone", True, scope="arrangement",
                       doc="Arrangement: when a dominant chord (V, V7, vii°, vii°7) goes to the tonic chord, the "
                           "bass and the chorale's inner voices that sound the leading tone rise a semitone to "
                           "the tonic."),
        ConstraintKind("part_ranges", True, scope="arrangement",
                       doc="Arrangement: every note of the accompanying parts (accompaniment, inner voices, bass) "
                           "lies within its instrument's range (composer.arrange.ranges.INSTRUMENT_RANGES)."),
        ConstraintKind("smallest_motion", True, scope="arrangement",
                       doc="Arrangement: chords move to the nearest voicing: between successive chords no voice "
                           "of the accompaniment or of the chorale's inner voices moves more than `semitones`.",
                       options=(ConstraintOption("semitones", "integer", 1, 12, unit="semitones", default=7,
                                                 doc="The largest move of one voice from chord to chord."),)),
    )
}


#: The kinds the melody search enforces as masks, and as weighted penalties, in registry order.
HARD_KINDS: tuple[str, ...] = tuple(k.name for k in CONSTRAINT_KINDS.values() if k.hard and k.scope == "melody")
SOFT_KINDS: tuple[str, ...] = tuple(k.name for k in CONSTRAINT_KINDS.values() if not k.hard and k.scope == "melody")
#: The voice-leading kinds ``composer.arrange`` applies to every arrangement, in registry order.
ARRANGEMENT_KINDS: tuple[str, ...] = tuple(k.name for k in CONSTRAINT_KINDS.values() if k.scope == "arrangement")


@dataclass(frozen=True)
class Constraint:
    """A constraint as a style gives it for one emotion.

    Attributes
    ----------
    kind : str
        A key of ``CONSTRAINT_KINDS``.
    weight : float
        Penalty weight of a soft constraint (0 for hard ones), natural-log score units.
    options : dict
        The kind's options; a style's evaluation fills in every option of the kind,
        defaults included.
    """

    kind: str
    weight: float = 0.0
    options: dict = field(default_factory=dict)

    @property
    def hard(self) -> bool:
        """Whether the search treats this constraint as a mask."""
        return CONSTRAINT_KINDS[self.kind].hard

    def option(self, name: str) -> object:
        """Return option ``name``: the value given, else the kind's fixed default (None if it
        defaults to a parameter the caller must read)."""
        if name in self.options:
            return self.options[name]
        spec = CONSTRAINT_KINDS[self.kind].option(name)
        if spec is None:
            raise KeyError(f"constraint kind '{self.kind}' has no option '{name}'")
        return spec.default


def option_value(constraint: Constraint, name: str, parameters: Parameters | None = None) -> object:
    """Return option ``name`` of ``constraint``: the value given, else the registry's default.

    A default taken from a parameter (``default_from``) is read from ``parameters``; without
    them it is None.

    Raises
    ------
    KeyError
        If the kind has no option ``name``.
    """
    value = constraint.option(name)
    if value is None and name not in constraint.options:
        spec = CONSTRAINT_KINDS[constraint.kind].option(name)
        if spec is not None and spec.default_from and parameters is not None:
            value = getattr(parameters, spec.default_from)
    return value


def checked_option(constraint: Constraint, name: str, parameters: Parameters | None = None,
                   error: type[Exception] = ValueError) -> object:
    """Return option ``name`` of ``constraint`` (see :func:`option_value`), checked against the registry.

    Integers come back as ``int``, numbers as ``float``; a choice as given.

    Raises
    ------
    error
        If the value is not of the option's type or outside its range; the message names
        the constraint, the option and the legal values.
    """
    spec = CONSTRAINT_KINDS[constraint.kind].option(name)
    if spec is None:
        raise KeyError(f"constraint kind '{constraint.kind}' has no option '{name}'")
    value = option_value(constraint, name, parameters)
    where = f"constraint {constraint.kind}: option {name}"
    if spec.kind == "choice":
        if value not in spec.choices:
            raise error(f"{where} must be one of {', '.join(spec.choices)}, got {value!r}")
        return value
    integral = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if spec.kind == "integer":
        if not integral or not spec.low <= value <= spec.high:
            raise error(f"{where} must be an integer from {spec.low:g} to {spec.high:g}, got {value!r}")
        return int(value)
    real = integral or isinstance(value, numbers.Real) and not isinstance(value, bool)
    if not real or not (math.isfinite(value) and spec.low <= value <= spec.high):
        raise error(f"{where} must be a number from {spec.low:g} to {spec.high:g}, got {value!r}")
    return float(value)

