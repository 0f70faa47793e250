"""Why each parameter came out as it did: the data ``Style.explain`` returns and its text form."""

from __future__ import annotations

__all__ = ["ValueExplanation", "ConstraintExplanation", "Explanation"]

from dataclasses import asdict, dataclass

from composer.affect import Affect
from composer.rules.forms import fmt


@dataclass(frozen=True)
class ValueExplanation:
    """One parameter's or variable's value and the rule that set it.

    Attributes
    ----------
    name : str
        The parameter or variable.
    value : object
        Its value (numbers after rounding for integer parameters; the tonic as a name).
    rule : str
        The rule that gave it, e.g. ``regions[0] when {arousal: [0.45, 1]}: value staccato``.
    file : str
        The file that set it (through ``extends``, the file whose rule was used), or
        ``(built-in default)`` for an optional parameter no file sets.
    line : int or None
        The line of that rule in ``file``.
    key : str
        The dotted key of that rule.
    """

    name: str
    value: object
    rule: str
    file: str
    line: int | None
    key: str

    @property
    def where(self) -> str:
        """``file:line``."""
        return f"{self.file}:{self.line}" if self.line is not None else self.file


@dataclass(frozen=True)
class ConstraintExplanation:
    """One constraint of the style at an emotion.

    Attributes
    ----------
    kind : str
        The constraint kind.
    hard : bool
        Whether it is a mask (hard) or a penalty (soft).
    active : bool
        False when its ``when`` does not hold at this emotion.
    weight : float
        The weight of a soft kind (0 for hard kinds).
    weight_rule : str
        The rule that gave the weight (``default weight`` when the style gives none).
    options : dict
        Every option of the kind with its value.
    file : str
        The file whose entry is used.
    line : int or None
        The entry's line.
    key : str
        The entry's dotted key.
    """

    kind: str
    hard: bool
    active: bool
    weight: float
    weight_rule: str
    options: dict
    file: str
    line: int | None
    key: str

    @property
    def where(self) -> str:
        """``file:line``."""
        return f"{self.file}:{self.line}" if self.line is not None else self.file


@dataclass(frozen=True)
class Explanation:
    """A style evaluated at one emotion, with the reason for every value.

    Attributes
    ----------
    style : str
        The style's name.
    files : tuple of str
        The style's file and those it extends, base first.
    affect : Affect
        The emotion.
    seed : int
        The seed of the weighted choices.
    parameters : tuple of ValueExplanation
        Every parameter, in the order of ``PARAMETER_SPECS``.
    variables : tuple of ValueExplanation
        Every user variable, in evaluation order.
    constraints : tuple of ConstraintExplanation
        Every constraint, active or not, in the style's order.
    """

    style: str
    files: tuple[str, ...]
    affect: Affect
    seed: int
    parameters: tuple[ValueExplanation, ...]
    variables: tuple[ValueExplanation, ...]
    constraints: tuple[ConstraintExplanation, ...]

    def parameter(self, name: str) -> ValueExplanation:
        """Return the explanation of parameter ``name``."""
        for p in self.parameters:
            if p.name == name:
                return p
        raise KeyError(name)

    @property
    def active_constraints(self) -> tuple[ConstraintExplanation, ...]:
        """The constraints in force at this emotion."""
        return tuple(c for c in self.constraints if c.active)

    def as_dict(self) -> dict:
        """Return plain data (for JSON)."""
        d = asdict(self)
        d["affect"] = self.affect.as_dict()
        return d

    def __str__(self) -> str:
        lines = [f"style {self.style} ({' → '.join(reversed(self.files))})",
                 f"valence {self.affect.valence:+.2f}, arousal {self.affect.arousal:+.2f}, seed {self.seed}", "",
                 "parameters:"]
        width = max([len(p.name) for p in self.parameters + self.variables] + [8])

        def row(e: ValueExplanation) -> str:
            return f"  {e.name:<{width}} = {fmt(e.value):<22} {e.where}  {e.key}: {e.rule}"

        lines += [row(p) for p in self.parameters]
        if self.variables:
            lines += ["", "variables:"] + [row(v) for v in self.variables]
        lines += ["", "constraints:"]
        for c in self.constraints:
            status = ("hard" if c.hard else f"soft, weight {fmt(c.weight)}") if c.active else "inactive here"
            opts = ", ".join(f"{k} {fmt(v)}" for k, v in c.options.items())
            rule = f" ({c.weight_rule})" if c.active and not c.hard else ""
            lines.append(f"  {c.kind:<20} {status}{rule}{'; ' + opts if opts else ''}  {c.where}  {c.key}")
        return "\n".join(lines)
