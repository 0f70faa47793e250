"""The registry of constraint kinds a style may name, and the ``Constraint`` a style produces."""

from __future__ import annotations

__all__ = ["ConstraintKind", "CONSTRAINT_KINDS", "Constraint"]

from dataclasses import dataclass, field


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
        Weight of a soft kind when the style gives none (natural-log score units per violation).
    doc : str
        What the constraint asks of the melody.
    """

    name: str
    hard: bool
    default_weight: float = 0.0
    doc: str = ""


#: Every constraint kind the search understands.
CONSTRAINT_KINDS: dict[str, ConstraintKind] = {
    k.name: k
    for k in (
        ConstraintKind("in_scale", True, doc="Every note is in the mode's scale on the tonic."),
        ConstraintKind("range", True, doc="Every note lies between the parameters' low and high pitch."),
        ConstraintKind("max_leap", True, doc="No interval between successive notes exceeds max_leap semitones."),
        ConstraintKind("fill_bars", True, doc="Bars are filled exactly: no note crosses a bar line."),
        ConstraintKind("final_tonic", True, doc="The last note is the tonic."),
        ConstraintKind("strong_start", True, doc="The melody starts with a note (not a rest) on the downbeat."),
        # Added for the search's enforcement (issue 10); the rule engine (issue 3) owns their final wording.
        ConstraintKind("max_repeats", True, doc="No pitch sounds more than `count` (2) times in a row."),
        ConstraintKind("cadence", True,
                       doc="Every `phrase_bars` (4) bars and at the end, the note sounding at the phrase end starts "
                           "on a strong beat, lasts a beat or more and is a stable degree (the tonic at the end)."),
        ConstraintKind("contour", False, 1.0,
                       doc="Notes follow a `shape` (arch, ascending, descending, flat) over the range "
                           "(penalty: weight × |pitch − target| / 12 per note)."),
        ConstraintKind("rhythmic_regularity", False, 1.0,
                       doc="Penalty weight per syncopated note (off the beat and lasting past the next beat)."),
        ConstraintKind("step_motion", False, 1.0,
                       doc="Favours steps (penalty: weight × |interval| / 12 per interval)."),
        ConstraintKind("density", False, 2.0,
                       doc="Each note's length is near the one the density parameter asks for "
                           "(penalty: weight × log2(length / target)²)."),
        ConstraintKind("leap_recovery", False, 1.5,
                       doc="A leap (a fourth or more) is followed by a step back the other way "
                           "(penalty: weight per unrecovered leap)."),
    )
}


@dataclass(frozen=True)
class Constraint:
    """A constraint as a style gives it for one emotion.

    Attributes
    ----------
    kind : str
        A key of ``CONSTRAINT_KINDS``.
    weight : float
        Penalty weight of a soft constraint (ignored for hard ones).
    options : dict
        Extra options given in the style.
    """

    kind: str
    weight: float = 0.0
    options: dict = field(default_factory=dict)

    @property
    def hard(self) -> bool:
        """Whether the search treats this constraint as a mask."""
        return CONSTRAINT_KINDS[self.kind].hard
