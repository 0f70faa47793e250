"""The compiled rule forms of the style language, and how each is evaluated at an emotion.

A *rule* gives one value (a parameter, a variable, a constraint's weight or option).
It has a fallback *form* and optional *regions*, each a condition and a form; the
first region whose condition holds decides. The forms are:

* :class:`Constant` — ``value: X``;
* :class:`Weighted` — ``weights: {a: 2, b: 1}``, a choice drawn reproducibly from the seed;
* :class:`Linear` — ``base`` plus, per input (an axis, a parameter or a variable), a slope
  or a piecewise-linear curve;
* :class:`Grid` — ``grid:``, a bilinear table over valence and arousal;
* :class:`Formula` — ``expr: "..."``, a safe expression (:mod:`composer.rules.expressions`).

Every piece remembers its :class:`Site` (file, line, key) for errors and explanations.
"""

from __future__ import annotations

__all__ = [
    "Site",
    "Constant",
    "Weighted",
    "Linear",
    "Grid",
    "Formula",
    "Box",
    "Predicate",
    "Region",
    "Rule",
    "Outcome",
    "draw_index",
    "fmt",
]

import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Union

import numpy as np

from composer.errors import ArgumentError
from composer.rules.curves import bilinear, piecewise_linear
from composer.rules.expressions import Expression

Env = Mapping[str, object]


def fmt(x: object) -> str:
    """Format a number compactly (``2``, ``0.35``), anything else with ``str``."""
    if isinstance(x, float):
        return f"{x:g}"
    if isinstance(x, (list, tuple)):
        return "[" + ", ".join(fmt(v) for v in x) + "]"
    return str(x)


@dataclass(frozen=True)
class Site:
    """Where a piece of a style was written.

    Attributes
    ----------
    file : str
        The style file (path, or shipped file name such as ``film.yaml``).
    line : int or None
        1-based line, when known.
    key : str
        Dotted key path, e.g. ``parameters.mode.regions[1]``.
    """

    file: str
    line: int | None
    key: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line is not None else self.file


def draw_index(weights: list[float], seed: int, key: str) -> int:
    """Draw an index with probability proportional to ``weights``, reproducibly for ``seed`` and ``key``.

    One uniform number ``u`` in [0, 1) is drawn from a generator keyed by the seed and
    the key (a parameter's name); the result is the first entry whose cumulative share of
    the total weight exceeds ``u``. So for one seed, moving weight toward later entries
    never moves the choice to an earlier entry.

    Parameters
    ----------
    weights : list of float
        Non-negative weights, not all zero.
    seed : int
        The composition's seed.
    key : str
        What is being drawn (keeps the draws of different parameters independent).
    """
    rng = np.random.default_rng([seed & 0xFFFFFFFF, zlib.crc32(key.encode())])
    u = rng.random()
    cdf = np.cumsum(np.asarray(weights, dtype=np.float64))
    cdf /= cdf[-1]
    return int(min(np.searchsorted(cdf, u, side="right"), len(weights) - 1))


@dataclass(frozen=True)
class Constant:
    """``value: X``."""

    value: object
    site: Site

    @property
    def names(self) -> frozenset[str]:
        return frozenset()

    def evaluate(self, env: Env, seed: int, key: str) -> object:
        return self.value

    def describe(self) -> str:
        return f"value {fmt(self.value)}"


@dataclass(frozen=True)
class Weighted:
    """``weights: {choice: weight}``; each weight a number or an expression."""

    items: tuple[tuple[str, Union[float, Expression]], ...]
    site: Site

    @property
    def names(self) -> frozenset[str]:
        out: set[str] = set()
        for _, w in self.items:
            if isinstance(w, Expression):
                out |= w.names
        return frozenset(out)

    def weights(self, env: Env) -> list[float]:
        """The weights at ``env`` (expressions evaluated)."""
        return [float(w.evaluate(env)) if isinstance(w, Expression) else float(w) for _, w in self.items]

    def evaluate(self, env: Env, seed: int, key: str) -> object:
        w = self.weights(env)
        if any(x < 0 for x in w) or sum(w) <= 0:
            raise ArgumentError("weights must be >= 0 and not all zero, got "
                             + ", ".join(f"{c}: {fmt(x)}" for (c, _), x in zip(self.items, w)))
        return self.items[draw_index(w, seed, key)][0]

    def describe(self) -> str:
        return "weights {" + ", ".join(f"{c}: {fmt(w)}" for c, w in self.items) + "}"


Term = Union[float, tuple[tuple[float, float], ...]]


@dataclass(frozen=True)
class Linear:
    """``base`` plus, per input name, a slope (``input × slope``) or a curve (piecewise linear in the input)."""

    base: float
    terms: tuple[tuple[str, Term], ...]
    site: Site

    @property
    def names(self) -> frozenset[str]:
        return frozenset(name for name, _ in self.terms)

    def evaluate(self, env: Env, seed: int, key: str) -> object:
        total = self.base
        for name, term in self.terms:
            x = float(env[name])  # type: ignore[arg-type]
            total += term * x if isinstance(term, float) else piecewise_linear(term, x)
        return total

    def describe(self) -> str:
        parts = [fmt(self.base)] if self.base or not self.terms else []
        for name, term in self.terms:
            parts.append(f"{name} × {fmt(term)}" if isinstance(term, float) else f"{name} curve {fmt(term)}")
        return " + ".join(parts)


@dataclass(frozen=True)
class Grid:
    """``grid:`` a bilinear table: ``values[i][j]`` at ``arousal[i]``, ``valence[j]``."""

    valence: tuple[float, ...]
    arousal: tuple[float, ...]
    values: tuple[tuple[float, ...], ...]
    site: Site

    @property
    def names(self) -> frozenset[str]:
        return frozenset()

    def evaluate(self, env: Env, seed: int, key: str) -> object:
        return bilinear(self.valence, self.arousal, self.values,
                        float(env["valence"]), float(env["arousal"]))  # type: ignore[arg-type]

    def describe(self) -> str:
        return f"grid over valence {fmt(self.valence)} × arousal {fmt(self.arousal)}"


@dataclass(frozen=True)
class Formula:
    """``expr: "..."``."""

    expr: Expression
    site: Site

    @property
    def names(self) -> frozenset[str]:
        return self.expr.names

    def evaluate(self, env: Env, seed: int, key: str) -> object:
        return self.expr.evaluate(env)

    def describe(self) -> str:
        return f"expr {self.expr.text}"


Form = Union[Constant, Weighted, Linear, Grid, Formula]


@dataclass(frozen=True)
class Box:
    """``when: {name: [low, high], choice_name: [a, b]}``: every listed name within its bounds."""

    ranges: tuple[tuple[str, Union[tuple[float, float], frozenset[str]]], ...]
    site: Site

    @property
    def names(self) -> frozenset[str]:
        return frozenset(name for name, _ in self.ranges)

    def holds(self, env: Env) -> bool:
        for name, bounds in self.ranges:
            v = env[name]
            if isinstance(bounds, frozenset):
                if v not in bounds:
                    return False
            elif not bounds[0] <= float(v) <= bounds[1]:  # type: ignore[arg-type]
                return False
        return True

    def describe(self) -> str:
        return "{" + ", ".join(
            f"{n}: {fmt(list(b)) if isinstance(b, tuple) else '[' + ', '.join(sorted(b)) + ']'}"
            for n, b in self.ranges) + "}"


@dataclass(frozen=True)
class Predicate:
    """``when: "expression"``: a boolean expression."""

    expr: Expression
    site: Site

    @property
    def names(self) -> frozenset[str]:
        return self.expr.names

    def holds(self, env: Env) -> bool:
        return bool(self.expr.evaluate(env))

    def describe(self) -> str:
        return f'"{self.expr.text}"'


Condition = Union[Box, Predicate]


@dataclass(frozen=True)
class Region:
    """One entry of ``regions:``: a condition and the form used when it holds."""

    when: Condition
    form: Form
    site: Site


@dataclass(frozen=True)
class Outcome:
    """The result of evaluating a rule: the value and the form (and region) that gave it."""

    value: object
    form: Form
    region: int | None
    rule: Rule

    def describe(self) -> str:
        """Say which rule gave the value, e.g. ``regions[1] when {valence: [0.2, 0.6]}: weights {...}``."""
        text = self.form.describe()
        if self.region is not None:
            text = f"when {self.rule.regions[self.region].when.describe()}: {text}"
        return text


@dataclass(frozen=True)
class Rule:
    """A compiled rule for one value.

    Attributes
    ----------
    name : str
        What it sets (a parameter, a variable, ``constraints.kind.weight`` …).
    form : Form
        The fallback used when no region holds.
    regions : tuple of Region
        Checked in order; the first that holds decides.
    site : Site
        Where the rule starts (its key).
    draw_key : str
        Keys the random draw of a weighted choice.
    """

    name: str
    form: Form
    regions: tuple[Region, ...]
    site: Site
    draw_key: str

    @property
    def names(self) -> frozenset[str]:
        """Every name the rule reads (its dependencies)."""
        out = set(self.form.names)
        for r in self.regions:
            out |= r.when.names | r.form.names
        return frozenset(out)

    def evaluate(self, env: Env, seed: int) -> Outcome:
        """Evaluate at ``env`` (axes and the values computed so far).

        Raises
        ------
        ExpressionError, ValueError
            When an expression fails or weights are unusable; the caller adds the location.
        """
        for i, region in enumerate(self.regions):
            if region.when.holds(env):
                return Outcome(region.form.evaluate(env, seed, self.draw_key), region.form, i, self)
        return Outcome(self.form.evaluate(env, seed, self.draw_key), self.form, None, self)
