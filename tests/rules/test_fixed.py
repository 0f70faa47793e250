"""``Style.with_fixed``: parameters fixed by the caller, seen by everything that reads them."""

from __future__ import annotations

import pytest

import composer
from composer.errors import RuleError
from composer.rules import load_style
from composer.rules.yamlsource import read_yaml
from composer.rules.style import Style

DERIVED = """\
name: derived
extends: default
parameters:
  articulation:
    regions:
      - when: "tempo > 140"
        value: staccato
    value: legato
"""


def test_fixed_values_replace_the_rules_and_the_style_is_unchanged():
    base = load_style("default")
    fixed = base.with_fixed(tempo=72.5, tonic=2, mode="dorian", meter="3/4")
    p = fixed.parameters(composer.Affect(0.9, 0.9), seed=3)
    assert (p.tempo, p.tonic, p.mode, p.meter) == (72.5, 2, "dorian", "3/4")
    assert base.fixed == {} and fixed.fixed["tonic"] == "D"
    q = base.parameters(composer.Affect(0.9, 0.9), seed=3)
    assert q.tempo != 72.5 and q.mode in ("ionian", "lydian")
    # everything not fixed is as the style gives it
    assert (p.register, p.density, p.velocity) == (q.register, q.density, q.velocity)


def test_derived_rules_and_constraint_options_see_fixed_values():
    style = Style(read_yaml(DERIVED, "derived.yaml"))
    calm = composer.Affect(0.0, -0.8)
    assert style.parameters(calm).articulation == "legato"
    assert style.with_fixed(tempo=150).parameters(calm).articulation == "staccato"
    ev = load_style("default").with_fixed(max_leap=3).evaluate(calm)
    assert {c.kind: c for c in ev.constraints}["max_leap"].options["semitones"] == 3


def test_explain_names_the_fixed_values():
    e = load_style("default").with_fixed(tempo=90).explain(composer.Affect(0, 0))
    assert e.parameter("tempo").value == 90 and e.parameter("tempo").file == "(fixed)"


@pytest.mark.parametrize("values, message", [
    ({"tempo": 300}, "tempo is fixed to 300; allowed: an integer in [30, 240]"),
    ({"mode": "majorish"}, "mode is fixed to 'majorish'; allowed: one of lydian"),
    ({"tonic": "H"}, "tonic must be a pitch-class name or a number 0-11"),
    ({"max_leap": 3.5}, "max_leap is fixed to 3.5"),
    ({"tempi": 90}, "cannot fix unknown parameter 'tempi'"),
])
def test_illegal_fixed_values_are_rule_errors(values, message):
    with pytest.raises(RuleError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_style("default").with_fixed(**values)
