"""Validation: every problem collected, each naming file, line and key, what is allowed, and a suggestion."""

from __future__ import annotations

import composer
from composer.rules import load_style


def test_errors_are_collected_with_file_line_key_and_suggestion(errors_of):
    errors = errors_of("""\
        name: broken
        extends: default
        parameters:
          tempi: {value: 90}
          articulation: {value: stacato}
          range: {value: 50}
          mode: {weights: {ionian: 1, dorain: 2}}
          density: {value: "3"}
          register: {base: 60, valnce: 3}
        constraints:
          - kind: leap_recovry
          - kind: in_scale
            weight: 2
          - kind: cadence
            phrase_bar: 4
        """)
    expected = [
        "s.yaml:4 [parameters.tempi]: unknown parameter 'tempi'; did you mean 'tempo'?",
        "s.yaml:5 [parameters.articulation.value]: articulation value 'stacato' is not allowed; did you mean 'staccato'?",
        "s.yaml:6 [parameters.range.value]: range value 50 is out of range; allowed: an integer in [5, 34] semitones",
        "s.yaml:7 [parameters.mode.weights.dorain]: mode value 'dorain' is not allowed; did you mean 'dorian'?",
        "s.yaml:8 [parameters.density.value]: density must be a number in [0.5, 10] notes per second, got '3' (str)",
        "s.yaml:9 [parameters.register.valnce]: unknown rule key 'valnce'; did you mean 'valence'?",
        "s.yaml:11 [constraints[0].kind]: unknown constraint kind 'leap_recovry'; did you mean 'leap_recovery'?",
        "s.yaml:13 [constraints[1].weight]: 'in_scale' is a hard constraint; it takes no weight",
        "s.yaml:15 [constraints[2].phrase_bar]: unknown key 'phrase_bar' for constraint cadence; did you mean 'phrase_bars'?",
    ]
    for line in expected:
        assert any(e.startswith(line) for e in errors), f"missing: {line}\ngot:\n" + "\n".join(errors)
    assert len(errors) == len(expected)


def test_unknown_kind_lists_the_known_ones(errors_of):
    (error,) = errors_of("name: x\nextends: default\nconstraints: [{kind: arpeggio}]\n")
    assert "unknown constraint kind 'arpeggio'" in error and "in_scale, range, max_leap" in error
    assert "step_motion" in error


def test_missing_parameters_and_top_level_keys(errors_of):
    errors = errors_of("""\
        name: x
        descripton: typo
        parameters:
          tempo: 100
        """)
    assert any("[descripton]: unknown top-level key 'descripton'; did you mean 'description'?" in e for e in errors)
    assert any("s.yaml:3 [parameters]: missing parameters: meter, mode, tonic, register" in e for e in errors)


def test_bad_forms_and_conditions(errors_of):
    errors = errors_of("""\
        name: x
        extends: default
        parameters:
          tempo: {value: 100, base: 3}
          meter: {regions: [{when: {valence: [0, 1]}, value: "3/4"}]}
          velocity: {grid: {valence: [-1, 1], arousal: [-1, 1], values: [[1, 2]]}}
          register: {arousal: [[0, 1], [-0.5, 2]]}
          mode: {regions: [{when: {tempi: [0, 1]}, value: ionian}], value: aeolian}
          range: {expr: "register.real"}
          rests: {regions: [{when: "valence", value: 0.5}], value: 0.2}
          density: {weights: {a: 1}}
          max_leap: {regions: [{when: {mode: [ionian, lydain]}, value: 5}], value: 7}
        """)
    text = "\n".join(errors)
    assert "s.yaml:4 [parameters.tempo]: give one of value, weights, base/valence/arousal, grid or expr, not value and base" in text
    assert "s.yaml:5 [parameters.meter]: meter needs a fallback" in text
    assert "s.yaml:6 [parameters.velocity.grid.values]: grid values must be 2 rows" in text
    assert "s.yaml:7 [parameters.register.arousal]: curve points must have strictly increasing x" in text
    assert "s.yaml:8 [parameters.mode.regions[0].when.tempi]: unknown name 'tempi' in when; did you mean 'tempo'?" in text
    assert "s.yaml:9 [parameters.range.expr]: bad expression 'register.real': attribute access not allowed" in text
    assert "s.yaml:10 [parameters.rests.regions[0].when]: bad expression 'valence': expected a condition" in text
    assert "s.yaml:11 [parameters.density.weights]: weights are for choice parameters; density is numeric" in text
    assert "s.yaml:12 [parameters.max_leap.regions[0].when.mode]: mode value 'lydain' is not allowed; did you mean 'lydian'?" in text
    assert len(errors) == 9


def test_variables_are_checked(errors_of):
    errors = errors_of("""\
        name: x
        extends: default
        variables:
          tempo: {value: 3}
          min: {value: 1}
          ok: {value: 1}
          bad: {value: "x"}
        """)
    text = "\n".join(errors)
    assert "[variables.tempo]: variable 'tempo' has the name of a parameter" in text
    assert "[variables.min]: variable name 'min' is reserved" in text
    assert "[variables.bad.value]: bad must be a number" in text


def test_loop_of_derived_parameters_is_named(errors_of):
    errors = errors_of("""\
        name: x
        extends: default
        variables:
          width: {expr: "range / 2"}
        parameters:
          range: {expr: "register / 5"}
          register: {base: 60, width: 1}
        """)
    (error,) = errors
    loop = error.split("in a loop: ")[1].split(" → ")
    assert set(loop) == {"range", "register", "width"} and loop[0] == loop[-1] and len(loop) == 4


def test_self_reference_is_a_loop(errors_of):
    (error,) = errors_of("name: x\nextends: default\nparameters:\n  tempo: {expr: 'tempo + 1'}\n")
    assert error.startswith("s.yaml:4 [parameters.tempo]") and "tempo → tempo" in error


def test_value_out_of_range_at_an_emotion_names_the_rule(style_of):
    style = style_of("name: x\nextends: default\nparameters:\n  tempo: {base: 100, arousal: 200}\n")
    assert style.evaluate(composer.Affect(0, -0.2)).parameters.tempo == 60
    try:
        style.evaluate(composer.Affect(0, 0.9))
    except composer.RuleError as e:
        (issue,) = e.issues
        assert issue.file.endswith("s.yaml") and issue.line == 4 and issue.key == "parameters.tempo"
        assert issue.message.startswith("tempo evaluates to 280 at valence +0.00, arousal +0.90; "
                                        "allowed: an integer in [30, 240]")
    else:
        raise AssertionError("no error")
    (issue,) = style.check(steps=5)
    assert issue.line == 4 and "tempo evaluates to" in issue.message


def test_division_by_zero_at_an_emotion_is_a_rule_error(style_of):
    style = style_of("name: x\nextends: default\nparameters:\n  tempo: {expr: '100 + 1 / arousal'}\n")
    assert style.evaluate(composer.Affect(0, 0.5)).parameters.tempo == 102
    issues = style.check(steps=3)
    assert issues and "division by zero" in issues[0].message and issues[0].line == 4


def test_negative_weight_at_an_emotion_is_a_rule_error(style_of):
    style = style_of("name: x\nextends: default\nconstraints:\n  - {kind: density, weight: {arousal: 5}}\n")
    assert [c.weight for c in style.evaluate(composer.Affect(0, 0.5)).constraints if c.kind == "density"] == [2.5]
    issues = style.check(steps=3)
    assert issues and "weight of density evaluates to -5" in issues[0].message


def test_current_documented_format_still_loads():
    # The format of the skeleton's docs: all eleven parameters, {value: X} constants, plain weights.
    load_style("default")
