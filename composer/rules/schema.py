"""Validation of style documents: every problem collected, each with file, line, key and a suggestion."""

from __future__ import annotations

__all__ = ["validate_style", "TOP_LEVEL_KEYS", "RULE_KEYS"]

import difflib
from collections.abc import Callable

from composer.errors import RuleIssue
from composer.rules.constraints import CONSTRAINT_KINDS
from composer.rules.parameters import PARAMETER_SPECS, ParameterSpec
from composer.rules.yamlsource import LocatedDocument
from composer.theory.scales import pitch_class

#: Keys allowed at the top of a style file.
TOP_LEVEL_KEYS = ("name", "description", "parameters", "constraints")
#: Keys allowed in a parameter rule (and in each of its regions, plus ``when``).
RULE_KEYS = ("value", "weights", "base", "valence", "arousal", "regions")
_AXES = ("valence", "arousal")


def _number(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _suggest(word: str, options: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else f"; allowed: {', '.join(options)}"


class _Checker:
    def __init__(self, doc: LocatedDocument):
        self.doc = doc
        self.issues: list[RuleIssue] = []

    def add(self, path: tuple, message: str) -> None:
        key = ".".join(str(p) for p in path)
        self.issues.append(RuleIssue(self.doc.source, self.doc.line(path), key, message))

    def unknown_keys(self, mapping: dict, allowed: tuple[str, ...], path: tuple, what: str) -> None:
        for key in mapping:
            if key not in allowed:
                self.add(path + (key,), f"unknown {what} '{key}'{_suggest(key, allowed)}")

    # --- parameters -----------------------------------------------------------
    def check_value(self, spec: ParameterSpec, value: object, path: tuple) -> None:
        if spec.kind == "choice":
            if spec.name == "tonic":
                try:
                    pitch_class(value)  # type: ignore[arg-type]
                except (ValueError, TypeError):
                    self.add(path, f"tonic {value!r} is not a pitch-class name; allowed: {', '.join(spec.choices)}")
            elif not isinstance(value, str) or value not in spec.choices:
                hint = _suggest(value, spec.choices) if isinstance(value, str) else f"; allowed: {spec.allowed()}"
                self.add(path, f"{spec.name} value {value!r} is not allowed{hint}")
        elif not _number(value):
            self.add(path, f"{spec.name} must be {spec.allowed()}, got {value!r} ({type(value).__name__})")
        elif not spec.low <= float(value) <= spec.high:  # type: ignore[operator, arg-type]
            self.add(path, f"{spec.name} value {value} is out of range; allowed: {spec.allowed()}")

    def check_curve(self, spec: ParameterSpec, term: object, path: tuple) -> None:
        if _number(term):
            return
        if not isinstance(term, list) or len(term) < 2:
            self.add(path, "an axis term is a slope (a number) or a curve: a list of at least two [x, y] points")
            return
        xs: list[float] = []
        for i, point in enumerate(term):
            if not (isinstance(point, list) and len(point) == 2 and all(_number(v) for v in point)):
                self.add(path + (i,), f"curve point must be [x, y] with two numbers, got {point!r}")
                return
            if not -1.0 <= point[0] <= 1.0:
                self.add(path + (i,), f"curve x {point[0]} is outside [-1, 1]")
            xs.append(float(point[0]))
        if any(b <= a for a, b in zip(xs, xs[1:])):
            self.add(path, "curve points must have strictly increasing x")

    def check_rule_body(self, spec: ParameterSpec, rule: dict, path: tuple, *, in_region: bool) -> None:
        allowed = RULE_KEYS + ("when",) if in_region else RULE_KEYS
        if in_region:
            allowed = tuple(k for k in allowed if k != "regions")
        self.unknown_keys(rule, allowed, path, "rule key")
        forms = [f for f in ("value", "weights") if f in rule]
        linear = [k for k in ("base",) + _AXES if k in rule]
        if linear:
            forms.append("base/valence/arousal")
        if len(forms) > 1:
            self.add(path, f"give one of value, weights or base/valence/arousal, not {' and '.join(forms)}")
        if not forms and not (not in_region and "regions" in rule):
            self.add(path, f"{spec.name} needs a value: give value, weights or base/valence/arousal")
        if not forms and not in_region and "regions" in rule:
            self.add(path, f"{spec.name} needs a fallback (value, weights or base/valence/arousal) "
                           "for emotions no region covers")
        if "value" in rule:
            self.check_value(spec, rule["value"], path + ("value",))
        if "weights" in rule:
            weights = rule["weights"]
            if spec.kind != "choice":
                self.add(path + ("weights",), f"weights are for choice parameters; {spec.name} is numeric")
            elif not isinstance(weights, dict) or not weights:
                self.add(path + ("weights",), "weights must be a mapping of value to a positive number")
            else:
                for value, w in weights.items():
                    self.check_value(spec, value, path + ("weights", value))
                    if not _number(w) or w < 0:
                        self.add(path + ("weights", value), f"weight must be a number >= 0, got {w!r}")
                if all(_number(w) for w in weights.values()) and sum(weights.values()) <= 0:
                    self.add(path + ("weights",), "weights must not all be zero")
        if linear and spec.kind == "choice":
            self.add(path, f"{spec.name} is a choice; use value or weights, not base/valence/arousal")
        elif linear:
            if "base" in rule and not _number(rule["base"]):
                self.add(path + ("base",), f"base must be a number, got {rule['base']!r}")
            for axis in _AXES:
                if axis in rule:
                    self.check_curve(spec, rule[axis], path + (axis,))

    def check_when(self, when: object, path: tuple) -> None:
        if not isinstance(when, dict) or not when:
            self.add(path, "when must map valence and/or arousal to a [low, high] range")
            return
        self.unknown_keys(when, _AXES, path, "axis")
        for axis, bounds in when.items():
            if axis not in _AXES:
                continue
            if not (isinstance(bounds, list) and len(bounds) == 2 and all(_number(b) for b in bounds)):
                self.add(path + (axis,), f"{axis} range must be [low, high], got {bounds!r}")
            elif bounds[0] > bounds[1]:
                self.add(path + (axis,), f"{axis} range [{bounds[0]}, {bounds[1]}] has low above high")

    def check_parameter(self, name: str, rule: object, path: tuple) -> None:
        spec = PARAMETER_SPECS[name]
        if not isinstance(rule, dict):
            if _number(rule) or isinstance(rule, str):
                self.add(path, f"write a constant as '{name}: {{value: {rule}}}'")
            else:
                self.add(path, f"{name} must be a mapping (value, weights, base/valence/arousal, regions)")
            return
        self.check_rule_body(spec, rule, path, in_region=False)
        regions = rule.get("regions", [])
        if not isinstance(regions, list):
            self.add(path + ("regions",), "regions must be a list of {when: ..., value/weights/...}")
            return
        for i, region in enumerate(regions):
            rpath = path + ("regions", i)
            if not isinstance(region, dict):
                self.add(rpath, "a region is a mapping with 'when' and a value")
                continue
            if "when" not in region:
                self.add(rpath, "region needs a 'when' condition")
            else:
                self.check_when(region["when"], rpath + ("when",))
            self.check_rule_body(spec, region, rpath, in_region=True)

    # --- constraints ----------------------------------------------------------
    def check_constraint(self, entry: object, path: tuple) -> None:
        if not isinstance(entry, dict):
            self.add(path, "a constraint is a mapping with 'kind' (and 'weight' for soft kinds)")
            return
        kind = entry.get("kind")
        if not isinstance(kind, str):
            self.add(path, f"constraint needs a 'kind'; known kinds: {', '.join(CONSTRAINT_KINDS)}")
            return
        if kind not in CONSTRAINT_KINDS:
            close = difflib.get_close_matches(kind, list(CONSTRAINT_KINDS), n=1)
            hint = f" did you mean '{close[0]}'?" if close else ""
            self.add(path + ("kind",), f"unknown constraint kind '{kind}';{hint} known kinds: {', '.join(CONSTRAINT_KINDS)}")
            return
        self.unknown_keys(entry, ("kind", "weight"), path, "constraint key")
        if "weight" in entry:
            if CONSTRAINT_KINDS[kind].hard:
                self.add(path + ("weight",), f"'{kind}' is a hard constraint; it takes no weight")
            elif not _number(entry["weight"]) or entry["weight"] < 0:
                self.add(path + ("weight",), f"weight must be a number >= 0, got {entry['weight']!r}")

    def run(self) -> list[RuleIssue]:
        data = self.doc.data
        if not isinstance(data, dict):
            self.add((), "a style file is a mapping with name, description, parameters and constraints")
            return self.issues
        self.unknown_keys(data, TOP_LEVEL_KEYS, (), "top-level key")
        checks: list[tuple[str, Callable[[object], bool], str]] = [
            ("name", lambda v: isinstance(v, str) and bool(v.strip()), "a non-empty string"),
            ("description", lambda v: isinstance(v, str), "a string"),
        ]
        for key, ok, what in checks:
            if key not in data:
                if key == "name":
                    self.add((), "missing 'name'")
            elif not ok(data[key]):
                self.add((key,), f"{key} must be {what}")
        params = data.get("parameters")
        if not isinstance(params, dict):
            self.add(("parameters",), "missing 'parameters' mapping")
        else:
            for name, rule in params.items():
                if name not in PARAMETER_SPECS:
                    self.add(("parameters", name), f"unknown parameter '{name}'{_suggest(name, tuple(PARAMETER_SPECS))}")
                else:
                    self.check_parameter(name, rule, ("parameters", name))
            missing = [n for n in PARAMETER_SPECS if n not in params]
            if missing:
                self.add(("parameters",), f"missing parameters: {', '.join(missing)}")
        constraints = data.get("constraints", [])
        if not isinstance(constraints, list):
            self.add(("constraints",), "constraints must be a list")
        else:
            for i, entry in enumerate(constraints):
                self.check_constraint(entry, ("constraints", i))
        return self.issues


def validate_style(doc: LocatedDocument) -> list[RuleIssue]:
    """Return every problem in a style document (empty when it is valid), in the order found."""
    return _Checker(doc).run()
