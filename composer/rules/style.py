"""``Style``: a validated YAML style file, evaluated at an emotion into ``Parameters`` and ``Constraint`` s.

A style file has four top-level keys::

    name: default
    description: One line on what the style sounds like.
    parameters:          # every parameter of composer.rules.PARAMETER_SPECS
      tempo:
        base: 0
        arousal: [[-1, 56], [0, 100], [1, 170]]   # piecewise-linear curve, or a slope
        valence: 6                                  # a slope: adds 6 × valence
      mode:
        regions:                                    # first region whose `when` holds wins
          - when: {valence: [0.2, 1]}
            weights: {ionian: 0.85, mixolydian: 0.15}
        value: aeolian                              # used when no region holds
    constraints:
      - kind: max_leap                              # hard kinds are masks
      - kind: leap_recovery                         # soft kinds are penalties
        weight: 1.5

See ``docs/rules.md`` for the whole language.
"""

from __future__ import annotations

__all__ = ["Style", "Evaluation", "load_style", "list_styles"]

import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from composer._resources import styles_dir
from composer.affect import Affect
from composer.errors import RuleError, RuleIssue
from composer.rules.constraints import CONSTRAINT_KINDS, Constraint
from composer.rules.curves import piecewise_linear
from composer.rules.parameters import PARAMETER_SPECS, Parameters
from composer.rules.schema import validate_style
from composer.rules.yamlsource import LocatedDocument, read_yaml
from composer.theory.scales import pitch_class

AXES = ("valence", "arousal")


@dataclass(frozen=True)
class Evaluation:
    """A style evaluated at one emotion.

    Attributes
    ----------
    parameters : Parameters
        The musical parameters.
    constraints : tuple of Constraint
        The active constraints with their weights.
    sources : dict of str to str
        For each parameter, where its value came from (``file:line (rule)``).
    """

    parameters: Parameters
    constraints: tuple[Constraint, ...]
    sources: dict[str, str] = field(default_factory=dict)


class Style:
    """A style file, validated once, evaluated at any emotion.

    Use :func:`load_style` to get one by name or path.

    Attributes
    ----------
    name : str
        The style's name.
    description : str
        One line on what it sounds like.
    source : str
        The file it came from.
    """

    def __init__(self, doc: LocatedDocument):
        issues = validate_style(doc)
        if issues:
            raise RuleError(issues)
        data: dict = doc.data  # type: ignore[assignment]
        self._doc = doc
        self.name: str = data["name"]
        self.description: str = data.get("description", "")
        self.source: str = doc.source
        self._parameters: dict = data["parameters"]
        self._constraints: list = data.get("constraints", [])

    def __repr__(self) -> str:
        return f"Style({self.name!r}, source={self.source!r})"

    def evaluate(self, affect: Affect, *, seed: int = 0) -> Evaluation:
        """Evaluate every parameter and constraint at ``affect``.

        Parameters
        ----------
        affect : Affect
            The emotion.
        seed : int
            Seeds the weighted choices; the same seed gives the same choices.

        Raises
        ------
        RuleError
            If a parameter's value falls outside its legal range at this emotion.
        """
        values: dict[str, object] = {}
        sources: dict[str, str] = {}
        issues: list[RuleIssue] = []
        for name, spec in PARAMETER_SPECS.items():
            rule = self._parameters[name]
            path: tuple = ("parameters", name)
            chosen, chosen_path = _select_region(rule, path, affect)
            value = _apply_rule(chosen, spec.kind, affect, seed, name)
            if spec.kind == "integer":
                value = int(round(float(value)))  # type: ignore[arg-type]
            if spec.kind in ("number", "integer"):
                v = float(value)  # type: ignore[arg-type]
                if not spec.low <= v <= spec.high:  # type: ignore[operator]
                    issues.append(RuleIssue(self.source, self._doc.line(chosen_path), ".".join(map(str, chosen_path)),
                                            f"{name} evaluates to {v:g} at valence {affect.valence:+.2f}, "
                                            f"arousal {affect.arousal:+.2f}; allowed: {spec.allowed()}"))
            values[name] = value
            sources[name] = f"{self.source}:{self._doc.line(chosen_path)} ({'.'.join(map(str, chosen_path))})"
        if issues:
            raise RuleError(issues)
        values["tonic"] = pitch_class(values["tonic"])  # type: ignore[arg-type]
        constraints = tuple(
            Constraint(c["kind"], float(c.get("weight", CONSTRAINT_KINDS[c["kind"]].default_weight)),
                       {k: v for k, v in c.items() if k not in ("kind", "weight")})
            for c in self._constraints
        )
        return Evaluation(Parameters(**values), constraints, sources)  # type: ignore[arg-type]

    def parameters(self, affect: Affect, *, seed: int = 0) -> Parameters:
        """Return only the ``Parameters`` at ``affect`` (see :meth:`evaluate`)."""
        return self.evaluate(affect, seed=seed).parameters


def _matches(when: dict, affect: Affect) -> bool:
    for axis, (lo, hi) in when.items():
        if not lo <= getattr(affect, axis) <= hi:
            return False
    return True


def _select_region(rule: dict, path: tuple, affect: Affect) -> tuple[dict, tuple]:
    for i, region in enumerate(rule.get("regions", [])):
        if _matches(region["when"], affect):
            return region, path + ("regions", i)
    return rule, path


def _apply_rule(rule: dict, kind: str, affect: Affect, seed: int, name: str) -> object:
    if "value" in rule:
        return rule["value"]
    if "weights" in rule:
        names = list(rule["weights"])
        w = np.array([float(rule["weights"][n]) for n in names])
        rng = np.random.default_rng([seed & 0xFFFFFFFF, zlib.crc32(name.encode())])
        return names[int(rng.choice(len(names), p=w / w.sum()))]
    total = float(rule.get("base", 0.0))
    for axis in AXES:
        if axis in rule:
            term = rule[axis]
            x = getattr(affect, axis)
            total += term * x if isinstance(term, (int, float)) else piecewise_linear(term, x)
    return total


def list_styles() -> dict[str, str]:
    """Return the shipped styles as ``{name: description}``, sorted by name."""
    out: dict[str, str] = {}
    for entry in sorted(styles_dir().iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".yaml"):
            doc = read_yaml(entry.read_bytes(), entry.name)
            desc = doc.data.get("description", "") if isinstance(doc.data, dict) else ""
            out[entry.name[: -len(".yaml")]] = str(desc)
    return out


def load_style(style: str | Path | Style = "default") -> Style:
    """Load a style by shipped name (``"default"``) or by path to a ``.yaml`` file.

    Raises
    ------
    RuleError
        If the file is missing, unreadable or invalid; every problem is listed with its line.
    """
    if isinstance(style, Style):
        return style
    text = str(style)
    if isinstance(style, Path) or text.endswith((".yaml", ".yml")) or "/" in text or "\\" in text:
        path = Path(text)
        try:
            raw = path.read_bytes()
        except OSError as e:
            raise RuleError([RuleIssue(text, None, "", f"cannot read style file: {e.strerror or e}")]) from None
        return Style(read_yaml(raw, text))
    entry = styles_dir() / f"{text}.yaml"
    if not entry.is_file():
        import difflib

        known = sorted(list_styles())
        close = difflib.get_close_matches(text, known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise RuleError([RuleIssue(text, None, "", f"unknown style '{text}'{hint} Shipped styles: {', '.join(known)}; "
                                                   "or give a path to a .yaml file")])
    return Style(read_yaml(entry.read_bytes(), f"{text}.yaml"))
