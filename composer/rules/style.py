"""``Style``: a validated YAML style, evaluated at an emotion into ``Parameters`` and ``Constraint`` s.

A style file has these top-level keys::

    name: default
    description: One line on what the style sounds like.
    extends: default            # optional: a shipped style or a path; see docs/rules.md
    variables:                  # optional: named intermediate values
      lift: {expr: "max(valence, 0) * 4"}
    parameters:
      tempo:
        arousal: [[-1, 56], [0, 100], [1, 170]]   # piecewise-linear curve, or a slope
        valence: 6                                  # a slope: adds 6 × valence
      mode:
        regions:                                    # first region whose `when` holds wins
          - when: {valence: [0.2, 1]}
            weights: {mixolydian: 0.15, ionian: 0.85}
        value: aeolian                              # used when no region holds
    constraints:
      - kind: max_leap                              # hard kinds are masks
      - kind: leap_recovery                         # soft kinds are penalties
        weight: 1.5

See ``docs/rules.md`` for the whole language.
"""

from __future__ import annotations

__all__ = ["Style", "Evaluation", "load_style", "list_styles", "AXES"]

import copy
import dataclasses
import functools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from composer.affect import AXES, Affect, AffectLike, as_affect
from composer.errors import RuleError, RuleIssue
from composer.limits import check_range, check_seed
from composer.rules.assemble import assemble
from composer.rules.arranging import ArrangeSettings
from composer.rules.constraints import MAX_WEIGHT, Constraint
from composer.rules.explain import ConstraintExplanation, Explanation, ValueExplanation
from composer.rules.expressions import Expression, ExpressionError
from composer.rules.forms import Constant, Outcome, Rule, Site
from composer.rules.inheritance import (
    Origin, is_path, origin_of_path, read_path, read_shipped, resolve_chain, shipped_names, shipped_origin,
)
from composer.rules.parameters import PARAMETER_SPECS, Parameters, ParameterSpec
from composer.rules.schema import variable_spec
from composer.rules.yamlsource import LocatedDocument
from composer.theory.scales import PITCH_CLASS_NAMES, pitch_class

if TYPE_CHECKING:
    from composer.rules.fidelity import FidelityReport


@dataclass(frozen=True)
class Evaluation:
    """A style evaluated at one emotion.

    Attributes
    ----------
    parameters : Parameters
        The musical parameters.
    constraints : tuple of Constraint
        The active constraints with their weights and every option filled in.
    sources : dict of str to str
        For each parameter, where its value came from (``file:line (key)``).
    """

    parameters: Parameters
    constraints: tuple[Constraint, ...]
    sources: dict[str, str] = field(default_factory=dict)


@dataclass
class _Run:
    values: dict[str, object]
    outcomes: dict[str, Outcome]
    constraints: list[tuple[Constraint | None, ConstraintExplanation]]


def _where(affect: Affect) -> str:
    return f"at valence {affect.valence:+.2f}, arousal {affect.arousal:+.2f}"


class Style:
    """A style file (with the styles it extends), validated once, evaluated at any emotion.

    Use :func:`load_style` to get one by name or path.

    Parameters
    ----------
    doc : LocatedDocument
        The parsed style file (see :func:`composer.rules.yamlsource.read_yaml`).
    origin : Origin, optional
        Where it came from, for resolving a relative ``extends`` and detecting loops;
        by default the folder of ``doc.source`` if that is a file, else the current folder.

    Raises
    ------
    RuleError
        Listing every problem in the file and in the files it extends.

    Attributes
    ----------
    name : str
        The style's name.
    description : str
        One line on what it sounds like.
    source : str
        The file it came from.
    files : tuple of str
        Its file and the files it extends, base first.
    documents : tuple of LocatedDocument
        Those files as parsed, base first (the adjust stage reads their ``adjust:`` sections).
    """

    def __init__(self, doc: LocatedDocument, *, origin: Origin | None = None):
        if origin is None:
            p = Path(doc.source)
            origin = origin_of_path(p) if p.is_file() else Origin(f"document:{doc.source}", Path.cwd())
        chain, issues = resolve_chain(doc, origin)
        assembled = assemble(chain, issues)
        if issues or assembled is None:
            raise RuleError(issues)
        self._a = assembled
        self.name: str = assembled.name
        self.description: str = assembled.description
        self.source: str = doc.source
        self.files: tuple[str, ...] = tuple(d.source for d in chain)
        self.documents: tuple[LocatedDocument, ...] = tuple(chain)  # the adjust stage reads its `adjust:` sections
        self._fixed: dict[str, object] = {}

    def __repr__(self) -> str:
        fixed = f", fixed={self.fixed!r}" if self._fixed else ""
        return f"Style({self.name!r}, source={self.source!r}{fixed})"

    @property
    def fixed(self) -> dict[str, object]:
        """Parameters fixed by :meth:`with_fixed` (tonic as a name), empty for a style as written."""
        return dict(self._fixed)

    def with_fixed(self, **values: object) -> "Style":
        """Return a copy of the style in which some parameters have fixed values.

        A fixed parameter takes its value instead of its rule's, before anything that reads
        it is evaluated, so derived parameters, variables, conditions and constraint options
        see the fixed value (a ``when: "tempo > 140"`` follows a fixed tempo). This is how a
        cue sheet's fixed key or tempo, and a piece's chosen tempo and key, reach the search.

        Parameters
        ----------
        **values
            ``name=value`` for names of ``PARAMETER_SPECS``. Choice parameters take one of
            their choices; ``tonic`` a pitch-class name or number 0–11; numeric parameters
            a number in their legal range. Integer parameters must be whole numbers, except
            ``tempo``, which may be fractional (fitting a cue's length in seconds needs it).

        Returns
        -------
        Style
            A new style; this one is unchanged. Values fixed earlier stay fixed unless given again.

        Raises
        ------
        RuleError
            For an unknown parameter or an illegal value (the message says what is allowed).

        Examples
        --------
        >>> s = load_style("default").with_fixed(tempo=72.5, tonic="D", mode="dorian")
        >>> p = s.parameters(Affect(0.8, 0.8))
        >>> p.tempo, p.tonic_name, p.mode
        (72.5, 'D', 'dorian')
        """
        fixed = dict(self._fixed)
        for name, value in values.items():
            fixed[name] = self._fixed_value(name, value)
        other = copy.copy(self)
        other._fixed = fixed
        return other

    def _fixed_value(self, name: str, value: object) -> object:
        def fail(message: str) -> RuleError:
            return RuleError([RuleIssue(self.source, None, f"fixed.{name}", message)])

        spec = PARAMETER_SPECS.get(name)
        if spec is None:
            raise fail(f"cannot fix unknown parameter {name!r}; parameters: {', '.join(PARAMETER_SPECS)}")
        if name == "tonic":
            try:
                return PITCH_CLASS_NAMES[pitch_class(value)]  # type: ignore[arg-type]
            except (ValueError, TypeError):
                raise fail(f"tonic must be a pitch-class name or a number 0-11, got {value!r}") from None
        if spec.kind == "choice":
            if value not in spec.choices:
                raise fail(f"{name} is fixed to {value!r}; allowed: {spec.allowed()}")
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(float(value)) \
                or not spec.low <= float(value) <= spec.high:  # type: ignore[operator]
            raise fail(f"{name} is fixed to {value!r}; allowed: {spec.allowed()}")
        if spec.kind == "integer" and name != "tempo":
            if float(value) != int(value):
                raise fail(f"{name} is fixed to {value!r}; allowed: {spec.allowed()}")
            return int(value)
        return int(value) if spec.kind == "integer" and float(value) == int(value) else float(value)

    @property
    def arrange(self) -> ArrangeSettings:
        """The style's ``arrange:`` settings (``by_default``: whether ``compose`` arranges unless told not to)."""
        return self._a.arrange

    @property
    def variables(self) -> tuple[str, ...]:
        """Names of the style's variables."""
        return tuple(self._a.variables)

    @property
    def dependency_graph(self) -> nx.DiGraph:
        """The DAG of parameters and variables: an edge ``a -> b`` when ``b``'s rule reads ``a``."""
        return self._a.graph.copy()

    @property
    def evaluation_order(self) -> tuple[str, ...]:
        """Parameters and variables in the order they are evaluated."""
        return tuple(self._a.order)

    # --- evaluation -----------------------------------------------------------------------
    def _value(self, spec: ParameterSpec, out: Outcome, affect: Affect, issues: list[RuleIssue]) -> object:
        value = out.value
        if spec.kind == "choice":
            return str(value)
        v = float(value)  # type: ignore[arg-type]
        if spec.kind == "integer":
            v = float(int(round(v)))
        if not spec.low <= v <= spec.high:  # type: ignore[operator]
            site = out.form.site
            issues.append(RuleIssue(site.file, site.line, site.key,
                                    f"{spec.name} evaluates to {v:g} {_where(affect)}; allowed: {spec.allowed()}"))
        return int(v) if spec.kind == "integer" else v

    def _evaluate_rule(self, rule: Rule, env: dict, seed: int, affect: Affect, issues: list[RuleIssue]) -> Outcome:
        try:
            return rule.evaluate(env, seed)
        except (ExpressionError, ValueError) as e:
            issues.append(RuleIssue(rule.site.file, rule.site.line, rule.site.key,
                                    f"{rule.name} cannot be evaluated {_where(affect)}: {e}"))
            raise RuleError(issues) from None

    def _run(self, affect: Affect, seed: int) -> _Run:
        if not isinstance(affect, Affect):
            raise TypeError(f"affect must be an Affect, got {type(affect).__name__}")
        env: dict[str, object] = {"valence": affect.valence, "arousal": affect.arousal}
        outcomes: dict[str, Outcome] = {}
        issues: list[RuleIssue] = []
        for name in self._a.order:
            rule = self._a.parameters.get(name) or self._a.variables[name]
            if name in self._fixed:
                value = self._fixed[name]
                site = Site("(fixed)", None, f"with_fixed({name}={value!r})")
                outcomes[name] = Outcome(value, Constant(value, site), None, rule)
                env[name] = value
                continue
            spec = PARAMETER_SPECS.get(name) or variable_spec(name)
            out = self._evaluate_rule(rule, env, seed, affect, issues)
            outcomes[name] = out
            env[name] = self._value(spec, out, affect, issues)
        constraints: list[tuple[Constraint | None, ConstraintExplanation]] = []
        for entry in self._a.constraints:
            kind = entry.kind
            site = entry.site
            try:
                active = entry.when is None or entry.when.holds(env)
            except ExpressionError as e:
                issues.append(RuleIssue(site.file, site.line, site.key + ".when",
                                        f"when cannot be evaluated {_where(affect)}: {e}"))
                raise RuleError(issues) from None
            weight, weight_rule, options = 0.0, "hard" if kind.hard else "default weight", {}
            if active:
                if not kind.hard:
                    weight = kind.default_weight
                    if entry.weight is not None:
                        out = self._evaluate_rule(entry.weight, env, seed, affect, issues)
                        weight = float(out.value)  # type: ignore[arg-type]
                        weight_rule = f"{out.describe()}"
                        if not 0.0 <= weight <= MAX_WEIGHT or math.isnan(weight):
                            w = out.form.site
                            issues.append(RuleIssue(w.file, w.line, w.key,
                                                    f"weight of {kind.name} evaluates to {weight:g} {_where(affect)}; "
                                                    f"allowed: a number in [0, {MAX_WEIGHT:g}]"))
                for o in kind.options:
                    if o.name in entry.options:
                        out = self._evaluate_rule(entry.options[o.name], env, seed, affect, issues)
                        options[o.name] = self._value(o, out, affect, issues)
                    elif o.default_from:
                        options[o.name] = env[o.default_from]
                    else:
                        options[o.name] = o.default
            explanation = ConstraintExplanation(kind.name, kind.hard, active, weight, weight_rule, dict(options),
                                                site.file, site.line, site.key)
            constraints.append((Constraint(kind.name, weight, options) if active else None, explanation))
        if issues:
            raise RuleError(issues)
        return _Run(env, outcomes, constraints)

    def evaluate(self, affect: AffectLike, *, seed: int = 0) -> Evaluation:
        """Evaluate every parameter and constraint at ``affect``.

        Parameters
        ----------
        affect : Affect or any form ``as_affect`` accepts
            The emotion (an ``Affect``, a ``(valence, arousal)`` pair, an emotion word).
        seed : int
            Seeds the weighted choices; the same seed gives the same choices.

        Returns
        -------
        Evaluation

        Raises
        ------
        RuleError
            If a value falls outside its legal range at this emotion, or an expression
            cannot be evaluated there (division by zero …).
        """
        affect = as_affect(affect)
        run = self._run(affect, check_seed(seed))
        values = {n: run.values[n] for n in PARAMETER_SPECS}
        values["tonic"] = pitch_class(values["tonic"])  # type: ignore[arg-type]
        sources = {}
        for n in PARAMETER_SPECS:
            s = run.outcomes[n].form.site
            sources[n] = f"{s} ({s.key})"
        constraints = tuple(c for c, _ in run.constraints if c is not None)
        return Evaluation(Parameters(**values), constraints, sources)  # type: ignore[arg-type]

    def parameters(self, affect: Affect, *, seed: int = 0) -> Parameters:
        """Return only the ``Parameters`` at ``affect`` (see :meth:`evaluate`)."""
        return self.evaluate(affect, seed=seed).parameters

    def explain(self, affect: Affect, *, seed: int = 0) -> Explanation:
        """Evaluate at ``affect`` and say, for every value, which rule in which file and line set it.

        Parameters
        ----------
        affect : Affect
            The emotion.
        seed : int
            Seeds the weighted choices.

        Returns
        -------
        Explanation
            ``str()`` of it is what ``composer rules explain`` prints; ``as_dict()`` gives plain data.

        Examples
        --------
        >>> e = load_style("default").explain(Affect(0.5, 0.9))
        >>> e.parameter("articulation").value, e.parameter("articulation").file
        ('staccato', 'default.yaml')
        """
        affect = as_affect(affect)
        run = self._run(affect, check_seed(seed))

        def explain_value(name: str) -> ValueExplanation:
            out = run.outcomes[name]
            site = out.form.site
            return ValueExplanation(name, run.values[name], out.describe(), site.file, site.line, site.key)

        return Explanation(
            style=self.name,
            files=self.files,
            affect=affect,
            seed=int(seed),
            parameters=tuple(explain_value(n) for n in PARAMETER_SPECS),
            variables=tuple(explain_value(n) for n in self._a.order if n in self._a.variables),
            constraints=tuple(e for _, e in run.constraints),
        )

    def fidelity(self, *, grid: int = 4, seeds: int = 2, bars: int = 8, min_rho: float = 0.2) -> "FidelityReport":
        """Compose a small grid, read the cues back from the MIDI files, and compare with the cue table.

        See :func:`composer.rules.fidelity.style_fidelity` (the parameters, the verdicts,
        the cost); ``report.warnings`` names the rules behind each cue that is flat or
        reversed, and ``print(report)`` shows the table.
        """
        from composer.rules.fidelity import style_fidelity

        return style_fidelity(self, grid=grid, seeds=seeds, bars=bars, min_rho=min_rho)

    def check(self, steps: int = 9, seeds: tuple[int, ...] = (0, 1, 2, 3)) -> list[RuleIssue]:
        """Evaluate on a grid over the valence/arousal square and return every problem met.

        A file can be valid and still give an out-of-range value somewhere (a curve that
        overshoots, a division by a value that reaches zero); this finds such places.

        Parameters
        ----------
        steps : int
            Points per axis, evenly spaced over [-1, 1] (both ends included).
        seeds : tuple of int
            Seeds tried at each point (weighted choices can change derived values).

        Returns
        -------
        list of RuleIssue
            At most one issue per rule, the first emotion where it failed.
        """
        steps = int(check_range("rules_check_steps", steps, "check(steps=...)")) if not isinstance(steps, bool) \
            else int(check_range("rules_check_steps", -1, "check(steps=...)"))
        found: dict[tuple, RuleIssue] = {}
        grid = [-1.0 + 2.0 * i / (steps - 1) for i in range(steps)]
        points = [(v, a, seed) for v in grid for a in grid for seed in seeds]
        # A grid misses the places where an expression breaks at one value (1 / (valence - 0.3)):
        # the style's literals, their ratios and products inside [-1, 1] are also tried on each axis.
        extra = sorted(_expression_literals(self._a) - set(grid))
        points += [(x, a, seeds[0]) for x in extra for a in grid] + [(v, x, seeds[0]) for x in extra for v in grid]
        for v, a, seed in points:
            try:
                self._run(Affect(v, a), seed)
            except RuleError as e:
                for issue in e.issues:
                    found.setdefault((issue.file, issue.line, issue.key), issue)
        return list(found.values())


_NUMBER = re.compile(r"(?<![\w.])\d*\.?\d+(?:[eE][-+]?\d+)?")


#: Most extra points per axis ``check`` tries besides its grid (bounds its time: about 0.2 ms a point).
_MAX_CRITICAL = 512


def _expression_literals(assembled: object) -> set[float]:
    """Values in [-1, 1] where an expression of the style may break: its literals, their ratios and products.

    A pole such as ``1 / (valence - 0.3)`` sits at a literal; ``1 / (2 * valence - 0.6)``
    at a ratio of two, ``1 / (valence / 2 - 0.3)`` at a product; each is tried with
    both signs. At most ``_MAX_CRITICAL`` values, single literals first.
    """
    found: list[float] = []
    seen: set[int] = set()
    stack: list[object] = [assembled]
    while stack:
        obj = stack.pop()
        if id(obj) in seen or obj is None or isinstance(obj, (str, int, float, bool)):
            continue
        seen.add(id(obj))
        if isinstance(obj, Expression):
            found.extend(float(m.group()) for m in _NUMBER.finditer(obj.text))
        elif isinstance(obj, dict):
            stack.extend(obj.values())
        elif isinstance(obj, (list, tuple)):
            stack.extend(obj)
        elif dataclasses.is_dataclass(obj):
            stack.extend(getattr(obj, f.name) for f in dataclasses.fields(obj))
    literals = sorted(set(found))
    derived = literals + [a / b for a in literals for b in literals if b != 0] + [a * b for a in literals for b in literals]
    out: dict[float, None] = {}
    for x in derived:
        if abs(x) <= 1.0 and len(out) < _MAX_CRITICAL:
            out.setdefault(round(x, 12), None)
            out.setdefault(round(-x, 12), None)
    return set(out)


def list_styles() -> dict[str, str]:
    """Return the shipped styles as ``{name: description}``, sorted by name."""
    return {name: load_style(name).description for name in shipped_names()}


@functools.lru_cache(maxsize=None)
def _shipped(name: str) -> Style:
    return Style(read_shipped(name), origin=shipped_origin(name))


def load_style(style: str | Path | Style = "default", *, root: str | Path | None = None) -> Style:
    """Load a style by shipped name (``"default"``) or by path to a ``.yaml`` file.

    Shipped styles are read once per process and cached. A style file's ``extends:``
    paths must stay inside ``root`` (default: the style file's own folder).

    Raises
    ------
    RuleError
        If the file is missing, unreadable or invalid; every problem is listed with its line.
    """
    if isinstance(style, Style):
        return style
    text = str(style)
    if isinstance(style, Path) or is_path(text):
        path = Path(text)
        return Style(read_path(path, text), origin=origin_of_path(path, Path(root) if root is not None else None))
    return _shipped(text)
