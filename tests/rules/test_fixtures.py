"""Every shipped style against its fixture file: add ``tests/rules/fixtures/NAME.yaml``, get a test.

A fixture file names a ``style`` and lists ``points``. Each point has ``valence``,
``arousal``, optional ``seeds`` (default 0 to 4: every one must pass), and expectations:

* ``parameters``: ``name: value`` (a number is exact, within 1e-6; text is exact),
  ``name: [low, high]`` (numeric bounds, inclusive) or ``name: [a, b, ...]`` (one of these values);
* ``constraints``: ``kind: absent`` (not active here), ``kind: hard`` (active hard),
  ``kind: 2.5`` or ``kind: [low, high]`` (active soft, weight exact or within bounds), or
  ``kind: {weight: ..., option: value}`` (weight as above, options exact).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import composer
from composer.rules import list_styles, load_style

FIXTURES = Path(__file__).parent / "fixtures"
FILES = sorted(FIXTURES.glob("*.yaml"))


def _matches(expected: object, actual: object) -> bool:
    if isinstance(expected, list):
        if len(expected) == 2 and all(isinstance(x, (int, float)) for x in expected):
            return expected[0] - 1e-9 <= float(actual) <= expected[1] + 1e-9  # type: ignore[arg-type]
        return actual in expected
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return abs(float(actual) - expected) <= 1e-6  # type: ignore[arg-type]
    return actual == expected


def test_every_shipped_style_has_a_fixture():
    assert {f.stem for f in FILES} >= set(list_styles())


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_style_gives_the_fixture_values(path):
    fixture = yaml.safe_load(path.read_text())
    style = load_style(fixture["style"])
    assert fixture["points"], "a fixture lists at least one point"
    failures = []
    for point in fixture["points"]:
        affect = composer.Affect(point["valence"], point["arousal"])
        for seed in point.get("seeds", range(5)):
            ev = style.evaluate(affect, seed=seed)
            params = ev.parameters.as_dict()
            where = f"{path.name} v={affect.valence} a={affect.arousal} seed={seed}"
            for name, expected in point.get("parameters", {}).items():
                if not _matches(expected, params[name]):
                    failures.append(f"{where}: {name} = {params[name]!r}, expected {expected!r}")
            active = {c.kind: c for c in ev.constraints}
            for kind, expected in point.get("constraints", {}).items():
                c = active.get(kind)
                if expected == "absent":
                    if c is not None:
                        failures.append(f"{where}: constraint {kind} is active, expected absent")
                    continue
                if c is None:
                    failures.append(f"{where}: constraint {kind} is not active")
                    continue
                if expected == "hard":
                    if not c.hard:
                        failures.append(f"{where}: {kind} is soft, expected hard")
                    continue
                spec = expected if isinstance(expected, dict) else {"weight": expected}
                for key, value in spec.items():
                    actual = c.weight if key == "weight" else c.options.get(key)
                    if not _matches(value, actual):
                        failures.append(f"{where}: {kind}.{key} = {actual!r}, expected {value!r}")
    assert not failures, "\n".join(failures)
