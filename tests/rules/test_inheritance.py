"""``extends``: shipped and path parents, several levels, merge semantics, loops named."""

from __future__ import annotations

import composer
from composer.affect import Affect


def kinds(style, v=0.0, a=0.0):
    return [c.kind for c in style.evaluate(Affect(v, a)).constraints]


def test_three_levels_with_per_parameter_replacement_and_merge_by_kind(write_style, style_of):
    write_style("""\
        name: base
        description: the base
        extends: default
        parameters:
          tempo: 90
          range: {value: 12}
        constraints:
          - {kind: step_motion, weight: 1.0}
        """, "lib/base.yaml")
    write_style("""\
        name: middle
        extends: base.yaml
        parameters:
          tempo: 80
        constraints:
          - {kind: density, weight: 5}
          - {kind: leap_recovery, remove: true}
        """, "lib/middle.yaml")
    style = style_of("""\
        name: top
        extends: lib/middle.yaml
        parameters:
          velocity: 50
        constraints:
          - {kind: step_motion, weight: {arousal: [[-1, 3], [1, 1]]}}
          - kind: contour
        """, "top.yaml")
    p = style.evaluate(Affect(0, 0)).parameters
    assert (p.tempo, p.range, p.velocity) == (80, 12, 50)
    default = composer.load_style("default").evaluate(Affect(0, 0)).parameters
    assert p.register == default.register and p.mode in ("mixolydian", "ionian")
    assert style.description == "the base" and style.name == "top"
    assert [f.split("/")[-1] for f in style.files] == ["default.yaml", "base.yaml", "middle.yaml", "top.yaml"]
    ks = kinds(style)
    # default's order, density replaced in place, leap_recovery removed, step_motion (from base) replaced, contour appended
    assert ks == ["in_scale", "range", "max_leap", "fill_bars", "final_tonic", "strong_start", "max_repeats",
                  "cadence", "density", "metric_rhythm", "rhythm_vocabulary", "leap_size", "step_motion", "contour"]
    weights = {c.kind: c.weight for c in style.evaluate(Affect(0, 0)).constraints}
    assert weights["density"] == 5 and weights["step_motion"] == 2 and weights["contour"] == 1.0
    e = style.explain(Affect(0, 0))
    assert e.parameter("tempo").file.endswith("middle.yaml") and e.parameter("tempo").line == 4
    assert e.parameter("range").file.endswith("base.yaml") and e.parameter("range").line == 6
    assert e.parameter("velocity").file.endswith("top.yaml")
    assert e.parameter("register").file == "default.yaml"
    assert e.parameter("instrument").file == "default.yaml"


def test_child_variables_are_seen_by_parent_rules_and_children_override(style_of, write_style):
    write_style("""\
        name: p
        extends: default
        variables:
          lift: {value: 2}
        parameters:
          register: {base: 60, lift: 3}
        """, "p.yaml")
    style = style_of("name: c\nextends: p.yaml\nvariables:\n  lift: {value: 4}\n", "c.yaml")
    assert style.evaluate(Affect(0, 0)).parameters.register == 72


def test_extends_loops_are_named(errors_of, write_style):
    write_style("name: a\nextends: b.yaml\n", "a.yaml")
    write_style("name: b\nextends: c.yaml\n", "b.yaml")
    write_style("name: c\nextends: a.yaml\n", "c.yaml")
    (error,) = errors_of("name: a\nextends: b.yaml\n", "a.yaml")
    assert error.startswith("c.yaml:2 [extends]: extends loop: ")
    assert [p.rsplit("/", 1)[-1] for p in error.split("loop: ")[1].split(" → ")] == ["a.yaml", "b.yaml", "c.yaml", "a.yaml"]
    (error,) = errors_of("name: me\nextends: s.yaml\n")
    assert "extends loop" in error


def test_missing_and_bad_parents(errors_of):
    (error,) = errors_of("name: x\nextends: flim\n")
    assert error.startswith("s.yaml:2 [extends]: cannot extend: unknown style 'flim'; did you mean 'film'?")
    (error,) = errors_of("name: x\nextends: nowhere/else.yaml\n")
    assert error.startswith("s.yaml:2 [extends]: cannot find style file 'nowhere/else.yaml'")
    (error,) = errors_of("name: x\nextends: [default]\n")
    assert "extends must be a shipped style name or a path" in error


def test_errors_in_a_parent_name_the_parent_file(errors_of, write_style):
    write_style("name: p\nextends: default\nparameters:\n  tempo: {value: 999}\n", "p.yaml")
    (error,) = errors_of("name: c\nextends: p.yaml\nparameters:\n  tempo: 80\n")
    assert error.startswith("p.yaml:4 [parameters.tempo.value]: tempo value 999 is out of range")


def test_remove_of_an_absent_kind_is_an_error(errors_of):
    (error,) = errors_of("name: x\nextends: game\nconstraints:\n  - {kind: leap_recovery, remove: true}\n")
    assert "cannot remove 'leap_recovery'" in error and "they have: in_scale" in error


def test_duplicate_kind_in_one_file_is_an_error(errors_of):
    (error,) = errors_of("name: x\nextends: default\nconstraints:\n  - contour\n  - {kind: contour, shape: flat}\n")
    assert error.startswith("s.yaml:5 [constraints[1]]: constraint kind 'contour' is listed twice in this file")


def test_depth_limit(write_style, errors_of):
    for i in range(20):
        write_style(f"name: s{i}\nextends: s{i + 1}.yaml\n" if i < 19 else "name: s19\nextends: default\n", f"s{i}.yaml")
    errors = errors_of("name: top\nextends: s0.yaml\n", "top.yaml")
    assert any("more than 16 levels deep" in e for e in errors)
