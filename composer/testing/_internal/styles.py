"""``style_documents()`` and ``styles()``: shipped styles and generated valid style documents (docs/rules.md format).

A generated document keeps every numeric parameter inside its legal range at every
emotion by construction: a ``base`` leaves room on each side, and each axis term (a slope
or a curve) takes at most half of that room, so ``base + valence term + arousal term``
never leaves the range. Its ``range`` is at least an octave, so every tonic fits and the
search can always compose with it.
"""

from __future__ import annotations

__all__ = ["styles", "style_documents", "GENERATED_KINDS"]

import math
from functools import lru_cache
from typing import Any

import yaml
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from composer.rules.constraints import CONSTRAINT_KINDS
from composer.rules.parameters import PARAMETER_SPECS, ParameterSpec
from composer.rules.style import Style, list_styles, load_style
from composer.rules.yamlsource import read_yaml
from composer.testing._internal.registry import composite_strategy, defines_strategy
from composer.testing._internal.validation import check_bool

#: The constraint kinds generated documents use (those of docs/rules.md), in shrinking order.
GENERATED_KINDS: tuple[str, ...] = tuple(k for k in ("in_scale", "range", "max_leap", "fill_bars", "final_tonic",
                                                     "strong_start", "density", "leap_recovery")
                                         if k in CONSTRAINT_KINDS)
#: Narrower bounds than the parameters' legal ones, where the legal ones could leave a style
#: that cannot compose (a range under an octave may hold no tonic).
_TIGHTER: dict[str, tuple[float, float]] = {"range": (12, 34)}
#: Values on a grid of 1/_GRID keep documents readable and sums exact enough.
_GRID = 100


def _grid(draw: st.DrawFn, low: float, high: float) -> float:
    """A number on the 1/_GRID grid inside [low, high], shrinking toward the grid point nearest low."""
    lo, hi = math.ceil(low * _GRID), math.floor(high * _GRID)
    if hi < lo:
        return float(low)
    return draw(st.integers(lo, hi)) / _GRID


def _bounds(spec: ParameterSpec) -> tuple[float, float]:
    return _TIGHTER.get(spec.name, (float(spec.low), float(spec.high)))  # type: ignore[arg-type]


def _choice_form(draw: st.DrawFn, spec: ParameterSpec) -> dict[str, Any]:
    if draw(st.integers(0, 1)) == 0:
        return {"value": draw(st.sampled_from(spec.choices))}
    chosen = draw(st.lists(st.sampled_from(spec.choices), min_size=1, max_size=3, unique=True))
    weights = {c: draw(st.integers(1, 5)) for c in chosen}
    return {"weights": weights}


def _numeric_form(draw: st.DrawFn, spec: ParameterSpec) -> dict[str, Any]:
    low, high = _bounds(spec)
    if draw(st.integers(0, 1)) == 0:
        value = _grid(draw, low, high)
        return {"value": int(round(value)) if spec.kind == "integer" else value}
    base = _grid(draw, low, high)
    # Each axis term stays inside [-down, +up]: half of the room on each side of base.
    down, up = (base - low) / 2 * 0.999, (high - base) / 2 * 0.999
    rule: dict[str, Any] = {"base": base}
    for axis in ("valence", "arousal"):
        form = draw(st.integers(0, 2))  # 0: no term, 1: a slope, 2: a curve
        if form == 1:
            bound = min(down, up)
            rule[axis] = _grid(draw, -bound, bound)
        elif form == 2:
            xs = sorted(set(draw(st.lists(st.integers(-20, 20), min_size=2, max_size=4, unique=True))))
            rule[axis] = [[x / 20, _grid(draw, -down, up)] for x in xs]
    return rule


def _form(draw: st.DrawFn, spec: ParameterSpec) -> dict[str, Any]:
    return _choice_form(draw, spec) if spec.kind == "choice" else _numeric_form(draw, spec)


def _when(draw: st.DrawFn) -> dict[str, list[float]]:
    axes = draw(st.lists(st.sampled_from(("valence", "arousal")), min_size=1, max_size=2, unique=True))
    when = {}
    for axis in axes:
        a, b = sorted((draw(st.integers(-20, 20)), draw(st.integers(-20, 20))))
        when[axis] = [a / 20, b / 20]
    return when


def _validate_documents(*, max_regions: int = 2) -> int:
    from composer.testing._internal.validation import check_integer

    return check_integer(max_regions, "max_regions", 0)


@composite_strategy(_validate_documents)
def style_documents(draw: st.DrawFn, *, max_regions: int = 2) -> dict[str, Any]:
    """Valid style documents as plain data (what ``yaml.safe_load`` gives for a style file).

    Every parameter gets a constant, a weighted choice (choice parameters) or a base with
    per-axis slopes and curves (numeric parameters), and up to ``max_regions`` regions;
    the constraints are a subset of the documented kinds, soft ones with weights. Numeric
    parameters stay in their legal range at every emotion by construction, and ``range``
    is at least 12, so every generated style can compose.

    Shrinks toward constants, no regions and no constraints.

    Raises
    ------
    InvalidArgument
        If ``max_regions`` is not a non-negative integer.
    """
    limit = _validate_documents(max_regions=max_regions)
    name = draw(st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True))
    parameters: dict[str, Any] = {}
    for pname, spec in PARAMETER_SPECS.items():
        rule = _form(draw, spec)
        n_regions = draw(st.integers(0, limit))
        if n_regions:
            rule["regions"] = [{"when": _when(draw), **_form(draw, spec)} for _ in range(n_regions)]
        parameters[pname] = rule
    kinds = draw(st.lists(st.sampled_from(GENERATED_KINDS), unique=True))
    constraints = []
    for kind in sorted(kinds, key=GENERATED_KINDS.index):
        entry: dict[str, Any] = {"kind": kind}
        if not CONSTRAINT_KINDS[kind].hard and draw(st.booleans()):
            entry["weight"] = _grid(draw, 0.0, 5.0)
        constraints.append(entry)
    return {"name": name, "description": "generated by composer.testing.style_documents()",
            "parameters": parameters, "constraints": constraints}


@lru_cache(maxsize=None)
def _shipped(name: str) -> Style:
    return load_style(name)


def style_from_document(document: dict[str, Any]) -> Style:
    """Build a ``Style`` from plain data, through YAML text as a style file would be read."""
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
    return Style(read_yaml(text, f"<generated style {document.get('name', '?')}>"))


@defines_strategy
def styles(*, shipped: bool = True, generated: bool = True) -> st.SearchStrategy[Style]:
    """Styles: the shipped ones (``composer.list_styles()``) and generated valid ones.

    Parameters
    ----------
    shipped : bool
        Include the styles shipped with composer (shrinks toward these, ``default`` first).
    generated : bool
        Include styles built from :func:`style_documents` (written to YAML and read back
        through the validator).

    Raises
    ------
    InvalidArgument
        If both are False.
    """
    check_bool(shipped, "shipped")
    check_bool(generated, "generated")
    if not (shipped or generated):
        raise InvalidArgument("styles(shipped=False, generated=False) has nothing to draw from")
    options = []
    if shipped:
        names = sorted(list_styles(), key=lambda n: (n != "default", n))
        options.append(st.sampled_from(names).map(_shipped))
    if generated:
        options.append(style_documents().map(style_from_document))
    return st.one_of(options)
