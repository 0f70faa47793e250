"""Checking and compiling one style document: every problem collected, each with file, line, key and a hint.

:class:`DocumentCompiler` turns the plain data of one YAML document into the compiled
forms of :mod:`composer.rules.forms` (rules, regions, conditions, constraint entries),
adding a :class:`~composer.errors.RuleIssue` for every unknown key, wrong type,
out-of-range value and bad reference instead of stopping at the first. Names used by
expressions and conditions are resolved against a :class:`NameTable` of the whole
merged style (axes, parameters and the variables of every file in the ``extends`` chain).
"""

from __future__ import annotations

__all__ = [
    "TOP_LEVEL_KEYS",
    "RULE_KEYS",
    "FORM_KEYS",
    "AXES",  # composer.affect's, re-exported: the emotion axes are always available as names
    "MAX_VARIABLES",
    "MAX_CONSTRAINT_ENTRIES",
    "NameTable",
    "ConstraintEntry",
    "DocumentCompiler",
]

import keyword
import math
from dataclasses import dataclass, field

from composer.affect import AXES
from composer.errors import RuleIssue
from composer.limits import LIMITS
from composer.rules.constraints import CONSTRAINT_KINDS, MAX_WEIGHT, ConstraintKind
from composer.rules.expressions import BOOL, FUNCTIONS, NUMBER, ExpressionError, compile_expression
from composer.rules.forms import (
    Box, Condition, Constant, Form, Formula, Grid, Linear, Predicate, Region, Rule, Site, Weighted,
)
from composer.rules.parameters import PARAMETER_SPECS, ParameterSpec
from composer.rules.suggest import did_you_mean, suggest
from composer.rules.yamlsource import LocatedDocument
from composer.theory.scales import PITCH_CLASS_NAMES, pitch_class

#: Keys allowed at the top of a style file.
TOP_LEVEL_KEYS = ("name", "description", "extends", "variables", "parameters", "constraints", "adjust", "arrange")
#: The keys that choose a rule's form.
FORM_KEYS = ("value", "weights", "base", "grid", "expr")
#: Keys allowed in a rule (besides the names of numeric inputs of a linear form).
RULE_KEYS = FORM_KEYS + ("regions",)
#: Most variables one style (with everything it extends) may declare.
MAX_VARIABLES = int(LIMITS["style_variables"].high)
#: Most constraint entries one file may list.
MAX_CONSTRAINT_ENTRIES = int(LIMITS["style_constraints"].high)
#: Keys of a constraint entry that are not options.
CONSTRAINT_KEYS = ("kind", "weight", "when", "remove")
_RESERVED = set(FORM_KEYS) | {"regions", "when", "true", "false"} | set(FUNCTIONS)


def _number(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _dotted(path: tuple) -> str:
    parts: list[str] = []
    for p in path:
        parts.append(f"[{p}]" if isinstance(p, int) else ("." if parts else "") + str(p))
    return "".join(parts)


def variable_spec(name: str) -> ParameterSpec:
    """The value spec of a user variable: any finite number."""
    return ParameterSpec(name, "number", -math.inf, math.inf, doc="a variable")


@dataclass
class NameTable:
    """The names expressions and conditions may read in a merged style.

    Attributes
    ----------
    variables : list of str
        Declared variable names (every file of the chain).
    """

    variables: list[str] = field(default_factory=list)

    @property
    def types(self) -> dict[str, str | tuple[str, ...]]:
        """Name -> ``NUMBER`` or the tuple of choices (the expression compiler's table)."""
        out: dict[str, str | tuple[str, ...]] = {a: NUMBER for a in AXES}
        for name, spec in PARAMETER_SPECS.items():
            out[name] = NUMBER if spec.numeric else spec.choices
        for v in self.variables:
            out[v] = NUMBER
        return out

    @property
    def numeric(self) -> list[str]:
        """Names with numeric values."""
        return [n for n, t in self.types.items() if t == NUMBER]

    def normalise(self, name: str, value: object) -> str | None:
        """Return the canonical spelling of ``value`` for choice ``name``, or None if it is not one."""
        spec = PARAMETER_SPECS.get(name)
        if spec is None or spec.numeric:
            return None
        return canonical_choice(spec, value)


def canonical_choice(spec: ParameterSpec, value: object) -> str | None:
    """Return ``value`` as spelt in ``spec.choices`` (tonic aliases such as ``Bb`` accepted), or None."""
    if spec.name == "tonic":
        if isinstance(value, bool) or not isinstance(value, str):
            return None
        try:
            return PITCH_CLASS_NAMES[pitch_class(value)]
        except ValueError:
            return None
    return value if isinstance(value, str) and value in spec.choices else None


@dataclass(frozen=True)
class ConstraintEntry:
    """One compiled entry of ``constraints:``.

    Attributes
    ----------
    kind : ConstraintKind
        The registry entry.
    remove : bool
        ``remove: true``: drop the kind inherited from the extended style.
    weight : Rule or None
        The weight rule of a soft kind (None: the kind's default weight; hard kinds).
    options : dict of str to Rule
        The options given.
    when : Condition or None
        The constraint is active only where this holds.
    site : Site
        Where the entry is.
    """

    kind: ConstraintKind
    remove: bool
    weight: Rule | None
    options: dict[str, Rule]
    when: Condition | None
    site: Site


class DocumentCompiler:
    """Checks and compiles the pieces of one document, collecting issues.

    Parameters
    ----------
    doc : LocatedDocument
        The parsed document.
    names : NameTable
        The names of the merged style.
    issues : list of RuleIssue
        Where problems are appended.
    """

    def __init__(self, doc: LocatedDocument, names: NameTable, issues: list[RuleIssue]):
        self.doc = doc
        self.names = names
        self.types = names.types
        self.issues = issues

    # --- helpers ----------------------------------------------------------------------
    def site(self, path: tuple) -> Site:
        return Site(self.doc.source, self.doc.line(path), _dotted(path))

    def add(self, path: tuple, message: str) -> None:
        self.issues.append(RuleIssue(self.doc.source, self.doc.line(path), _dotted(path), message))

    def unknown_keys(self, mapping: dict, allowed: tuple[str, ...], path: tuple, what: str) -> None:
        for key in mapping:
            if key not in allowed:
                self.add(path + (key,), f"unknown {what} '{key}'{suggest(key, allowed)}")

    def expression(self, text: object, path: tuple, want: str) -> Formula | Predicate | None:
        try:
            expr = compile_expression(text, self.types, want, self.names.normalise)
        except ExpressionError as e:
            self.add(path, f"bad expression {text!r}: {e}" if isinstance(text, str) else str(e))
            return None
        return (Formula if want == NUMBER else Predicate)(expr, self.site(path))

    # --- values -----------------------------------------------------------------------
    def value(self, spec: ParameterSpec, value: object, path: tuple) -> object | None:
        """Check a constant for ``spec``; return its canonical form, or None (issue added)."""
        if spec.kind == "choice":
            canon = canonical_choice(spec, value)
            if canon is not None:
                return canon
            if spec.name == "tonic":
                self.add(path, f"tonic {value!r} is not a pitch-class name; allowed: {', '.join(spec.choices)}")
            else:
                hint = suggest(value, spec.choices) if isinstance(value, str) else f"; allowed: {spec.allowed()}"
                self.add(path, f"{spec.name} value {value!r} is not allowed{hint}")
            return None
        if not _number(value):
            extra = "; for a formula write expr: \"...\"" if isinstance(value, str) else ""
            self.add(path, f"{spec.name} must be {spec.allowed()}, got {value!r} ({type(value).__name__}){extra}")
            return None
        if not spec.low <= float(value) <= spec.high:  # type: ignore[operator, arg-type]
            self.add(path, f"{spec.name} value {value} is out of range; allowed: {spec.allowed()}")
            return None
        return float(value)

    # --- rules ------------------------------------------------------------------------
    def rule(self, spec: ParameterSpec, raw: object, path: tuple, draw_key: str) -> Rule | None:
        """Compile a rule (a constant, or a mapping with a form and optional regions) for ``spec``."""
        site = self.site(path)
        if not isinstance(raw, (dict, list)):
            if raw is None:
                self.add(path, f"{spec.name} has no rule; give a value or a mapping (value, weights, "
                               "base/valence/arousal, grid, expr, regions)")
                return None
            v = self.value(spec, raw, path)
            return None if v is None else Rule(spec.name, Constant(v, site), (), site, draw_key)
        if isinstance(raw, list):
            self.add(path, f"{spec.name} must be a value or a mapping (value, weights, base/valence/arousal, "
                           "grid, expr, regions), not a list")
            return None
        form = self.body(spec, raw, path, in_region=False)
        regions: list[Region] = []
        raw_regions = raw.get("regions", [])
        if not isinstance(raw_regions, list):
            self.add(path + ("regions",), "regions must be a list of {when: ..., value/weights/...}")
            raw_regions = []
        ok = form is not None
        for i, region in enumerate(raw_regions):
            rpath = path + ("regions", i)
            if not isinstance(region, dict):
                self.add(rpath, "a region is a mapping with 'when' and a value")
                ok = False
                continue
            when = None
            if "when" not in region:
                self.add(rpath, "region needs a 'when' condition")
            else:
                when = self.condition(region["when"], rpath + ("when",))
            rform = self.body(spec, region, rpath, in_region=True)
            if when is None or rform is None:
                ok = False
                continue
            regions.append(Region(when, rform, self.site(rpath)))
        if not ok or form is None:
            return None
        return Rule(spec.name, form, tuple(regions), site, draw_key)

    def body(self, spec: ParameterSpec, rule: dict, path: tuple, *, in_region: bool) -> Form | None:
        """Compile the form of a rule or of one region."""
        numeric_inputs = [n for n in self.names.numeric] if spec.numeric else []
        structural = FORM_KEYS + (("when",) if in_region else ("regions",))
        for key in rule:
            if key in structural or key in numeric_inputs:
                continue
            if key in self.types and not spec.numeric and key in self.names.numeric:
                self.add(path + (key,), f"{spec.name} is a choice; use value or weights, not a curve over {key}")
            elif key in self.types and self.types[key] != NUMBER:
                self.add(path + (key,), f"'{key}' is a choice parameter; a curve needs a numeric input "
                                        f"(test it in a region's when instead)")
            elif key == "regions" and in_region:
                self.add(path + (key,), "regions cannot be nested")
            elif key == "when" and not in_region:
                self.add(path + (key,), "'when' belongs in an entry of regions")
            else:
                allowed = list(structural) + numeric_inputs
                self.add(path + (key,), f"unknown rule key '{key}'{suggest(key, allowed)}")
        terms = [k for k in rule if k in numeric_inputs]
        forms = [f for f in ("value", "weights", "grid", "expr") if f in rule]
        if "base" in rule or terms:
            forms.append("base/" + "/".join(terms) if terms else "base")
        if len(forms) > 1:
            self.add(path, f"give one of value, weights, base/valence/arousal, grid or expr, not {' and '.join(forms)}")
            return None
        if not forms:
            if not in_region and "regions" in rule:
                self.add(path, f"{spec.name} needs a fallback (value, weights, base/valence/arousal, grid or expr) "
                               "for emotions no region covers")
            else:
                self.add(path, f"{spec.name} needs a value: give value, weights, base/valence/arousal, grid or expr")
            return None
        site = self.site(path)
        if "value" in rule:
            v = self.value(spec, rule["value"], path + ("value",))
            return None if v is None else Constant(v, site)
        if "weights" in rule:
            return self.weights(spec, rule["weights"], path + ("weights",))
        if not spec.numeric:
            self.add(path, f"{spec.name} is a choice; use value or weights, not {forms[0]}")
            return None
        if "grid" in rule:
            return self.grid(rule["grid"], path + ("grid",))
        if "expr" in rule:
            return self.expression(rule["expr"], path + ("expr",), NUMBER)  # type: ignore[return-value]
        return self.linear(rule, terms, path)

    def weights(self, spec: ParameterSpec, raw: object, path: tuple) -> Weighted | None:
        if not spec.numeric and isinstance(raw, dict) and raw:
            items: list[tuple[str, object]] = []
            ok = True
            for choice, w in raw.items():
                canon = self.value(spec, choice, path + (choice,))
                if isinstance(w, str):
                    f = self.expression(w, path + (choice,), NUMBER)
                    weight: object = f.expr if f is not None else None
                elif _number(w) and w >= 0:
                    weight = float(w)
                else:
                    self.add(path + (choice,), f"weight must be a number >= 0 (or an expression in quotes), got {w!r}")
                    weight = None
                if canon is None or weight is None:
                    ok = False
                    continue
                if any(c == canon for c, _ in items):
                    self.add(path + (choice,), f"'{choice}' is listed twice (as {canon})")
                    ok = False
                items.append((canon, weight))  # type: ignore[arg-type]
            if ok and all(isinstance(w, float) for _, w in items) and sum(w for _, w in items) <= 0:  # type: ignore[misc]
                self.add(path, "weights must not all be zero")
                ok = False
            return Weighted(tuple(items), self.site(path)) if ok else None  # type: ignore[arg-type]
        if spec.numeric:
            self.add(path, f"weights are for choice parameters; {spec.name} is numeric")
        else:
            self.add(path, "weights must be a mapping of value to a number >= 0")
        return None

    def curve(self, name: str, term: object, path: tuple) -> float | tuple | None:
        if _number(term):
            return float(term)  # type: ignore[arg-type]
        if not isinstance(term, list) or len(term) < 2:
            self.add(path, f"a term over {name} is a slope (a number) or a curve: a list of at least two [x, y] points")
            return None
        points: list[tuple[float, float]] = []
        for i, point in enumerate(term):
            if not (isinstance(point, list) and len(point) == 2 and all(_number(v) for v in point)):
                self.add(path + (i,), f"curve point must be [x, y] with two numbers, got {point!r}")
                return None
            if name in AXES and not -1.0 <= point[0] <= 1.0:
                self.add(path + (i,), f"curve x {point[0]} is outside [-1, 1], the range of {name}")
                return None
            points.append((float(point[0]), float(point[1])))
        if any(b[0] <= a[0] for a, b in zip(points, points[1:])):
            self.add(path, "curve points must have strictly increasing x")
            return None
        return tuple(points)

    def linear(self, rule: dict, terms: list[str], path: tuple) -> Linear | None:
        base = rule.get("base", 0.0)
        ok = True
        if not _number(base):
            self.add(path + ("base",), f"base must be a number, got {base!r}")
            ok = False
        compiled: list[tuple[str, object]] = []
        for name in terms:
            t = self.curve(name, rule[name], path + (name,))
            if t is None:
                ok = False
            compiled.append((name, t))
        return Linear(float(base), tuple(compiled), self.site(path)) if ok else None  # type: ignore[arg-type]

    def knots(self, raw: object, path: tuple) -> tuple[float, ...] | None:
        if not (isinstance(raw, list) and len(raw) >= 2 and all(_number(v) for v in raw)):
            self.add(path, f"grid {path[-1]} must be a list of at least two numbers in [-1, 1], got {raw!r}")
            return None
        if any(not -1 <= v <= 1 for v in raw) or any(b <= a for a, b in zip(raw, raw[1:])):
            self.add(path, f"grid {path[-1]} must increase strictly and stay within [-1, 1], got {raw!r}")
            return None
        return tuple(float(v) for v in raw)

    def grid(self, raw: object, path: tuple) -> Grid | None:
        if not isinstance(raw, dict):
            self.add(path, "grid is a mapping with valence, arousal and values")
            return None
        self.unknown_keys(raw, ("valence", "arousal", "values"), path, "grid key")
        missing = [k for k in ("valence", "arousal", "values") if k not in raw]
        if missing:
            self.add(path, f"grid needs {', '.join(missing)}")
            return None
        v = self.knots(raw["valence"], path + ("valence",))
        a = self.knots(raw["arousal"], path + ("arousal",))
        if v is None or a is None:
            return None
        values = raw["values"]
        if not (isinstance(values, list) and len(values) == len(a)
                and all(isinstance(r, list) and len(r) == len(v) and all(_number(x) for x in r) for r in values)):
            self.add(path + ("values",), f"grid values must be {len(a)} rows (one per arousal point) of {len(v)} "
                                         "numbers (one per valence point)")
            return None
        return Grid(v, a, tuple(tuple(float(x) for x in r) for r in values), self.site(path))

    def condition(self, raw: object, path: tuple) -> Condition | None:
        """Compile ``when``: a mapping of names to bounds, or an expression in quotes."""
        if isinstance(raw, str):
            return self.expression(raw, path, BOOL)  # type: ignore[return-value]
        if not isinstance(raw, dict) or not raw:
            self.add(path, "when must map names (valence, arousal, parameters, variables) to [low, high] "
                           "(or choices), or be an expression in quotes")
            return None
        ranges: list[tuple[str, object]] = []
        ok = True
        for name, bounds in raw.items():
            p = path + (name,)
            t = self.types.get(name)
            if t is None:
                self.add(p, f"unknown name '{name}' in when{suggest(name, list(self.types))}")
                ok = False
            elif t == NUMBER:
                if not (isinstance(bounds, list) and len(bounds) == 2 and all(_number(b) for b in bounds)):
                    self.add(p, f"{name} range must be [low, high], got {bounds!r}")
                    ok = False
                elif bounds[0] > bounds[1]:
                    self.add(p, f"{name} range [{bounds[0]}, {bounds[1]}] has low above high")
                    ok = False
                else:
                    ranges.append((name, (float(bounds[0]), float(bounds[1]))))
            else:
                spec = PARAMETER_SPECS[name]
                values = bounds if isinstance(bounds, list) else [bounds]
                canon = [self.value(spec, b, p) for b in values]
                if not values or any(c is None for c in canon):
                    if not values:
                        self.add(p, f"give at least one value of {name}")
                    ok = False
                else:
                    ranges.append((name, frozenset(canon)))  # type: ignore[arg-type]
        return Box(tuple(ranges), self.site(path)) if ok else None  # type: ignore[arg-type]

    # --- constraints ------------------------------------------------------------------
    def constraint(self, entry: object, path: tuple) -> ConstraintEntry | None:
        """Compile one entry of ``constraints:`` (a kind name, or a mapping)."""
        if isinstance(entry, str):
            entry = {"kind": entry}
        if not isinstance(entry, dict):
            self.add(path, "a constraint is a kind name or a mapping with 'kind' (and 'weight' for soft kinds)")
            return None
        kind_name = entry.get("kind")
        if not isinstance(kind_name, str):
            self.add(path, f"constraint needs a 'kind'; known kinds: {', '.join(CONSTRAINT_KINDS)}")
            return None
        if kind_name not in CONSTRAINT_KINDS:
            listable = [k for k, spec in CONSTRAINT_KINDS.items() if spec.scope == "melody"]
            self.add(path + ("kind",), f"unknown constraint kind '{kind_name}'{did_you_mean(kind_name, listable)}"
                                       f" (known kinds: {', '.join(listable)})")
            return None
        kind = CONSTRAINT_KINDS[kind_name]
        if kind.scope != "melody":
            self.add(path + ("kind",), f"'{kind_name}' is a voice-leading rule that composer.arrange applies to "
                                       "every arrangement; a style does not list it")
            return None
        option_names = tuple(o.name for o in kind.options)
        allowed = CONSTRAINT_KEYS + option_names
        for key in entry:
            if key not in allowed:
                what = (f" ({kind_name} takes the options {', '.join(option_names)})" if option_names
                        else f" ({kind_name} takes no options)")
                self.add(path + (key,), f"unknown key '{key}' for constraint {kind_name}"
                                        f"{did_you_mean(key, allowed)}{what}")
        site = self.site(path)
        remove = entry.get("remove", False)
        if remove not in (True, False):
            self.add(path + ("remove",), f"remove must be true or false, got {remove!r}")
            return None
        if remove:
            extra = [k for k in entry if k not in ("kind", "remove")]
            if extra:
                self.add(path, f"an entry with remove: true takes only 'kind', not {', '.join(extra)}")
                return None
            return ConstraintEntry(kind, True, None, {}, None, site)
        weight = None
        ok = True
        if "weight" in entry:
            if kind.hard:
                self.add(path + ("weight",), f"'{kind_name}' is a hard constraint; it takes no weight")
                ok = False
            else:
                wspec = ParameterSpec("weight", "number", 0.0, MAX_WEIGHT)
                weight = self.rule(wspec, entry["weight"], path + ("weight",), f"constraints.{kind_name}.weight")
                ok = ok and weight is not None
        options: dict[str, Rule] = {}
        for o in kind.options:
            if o.name in entry:
                r = self.rule(o, entry[o.name], path + (o.name,), f"constraints.{kind_name}.{o.name}")
                if r is None:
                    ok = False
                else:
                    options[o.name] = r
        when = None
        if "when" in entry:
            when = self.condition(entry["when"], path + ("when",))
            ok = ok and when is not None
        return ConstraintEntry(kind, False, weight, options, when, site) if ok else None


def check_variable_name(name: object) -> str | None:
    """Return why ``name`` cannot name a variable, or None when it can."""
    if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
        return f"variable name {name!r} must be a simple name (letters, digits, _; not starting with a digit)"
    if name.startswith("_"):
        return f"variable name '{name}' must not start with _"
    if name in AXES or name in PARAMETER_SPECS:
        return f"variable '{name}' has the name of {'an axis' if name in AXES else 'a parameter'}"
    if name in _RESERVED:
        return f"variable name '{name}' is reserved (a rule key or a function)"
    return None

