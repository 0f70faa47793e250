"""Style files that try to read other files, load as objects, or hide a division by zero from the grid."""

from __future__ import annotations

from pathlib import Path

import pytest

from composer.affect import Affect
from composer.errors import LimitError, RuleError
from composer.rules import load_style
from composer.rules.yamlsource import read_yaml

SECRET = "SECRET-7f3a"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_extends_stays_inside_the_folder_unless_granted(tmp_path):
    _write(tmp_path / "base.yaml", "name: base\nextends: default\n")
    child = _write(tmp_path / "styles" / "child.yaml", "name: child\nextends: ../base.yaml\n")
    with pytest.raises(RuleError, match="extends may name a shipped style or a .yaml file inside") as info:
        load_style(child)
    assert info.value.line == 2
    assert load_style(child, root=tmp_path).name == "child"
    inside = _write(tmp_path / "styles" / "inside.yaml", "name: inside\nextends: child.yaml\n")
    with pytest.raises(RuleError, match="extends may name"):  # the granted root is not inherited by default
        load_style(inside)
    assert load_style(inside, root=tmp_path).name == "inside"


def test_a_file_that_is_not_a_style_is_not_quoted(tmp_path):
    _write(tmp_path / "shadow.yaml", f"root:$6${SECRET}$x:19000:0:99999:7:::\nbin:*:{SECRET}:0:::\n")
    child = _write(tmp_path / "child.yaml", "name: child\nextends: shadow.yaml\n")
    for style in (child, tmp_path / "shadow.yaml"):
        with pytest.raises(RuleError, match="not a style file") as info:
            load_style(style)
        assert SECRET not in str(info.value)


@pytest.mark.parametrize("text", [
    "parameters: !!python/object/apply:os.system\n  args: [echo]\n",
    "parameters: !!python/object/new:dict []\n",
    "parameters: !custom {tempo: 1}\n",
    "constraints: !custom [1]\n",
    "tempo: !!python/name:os.system ''\n",
])
def test_tags_on_any_node_are_refused(text):
    with pytest.raises(RuleError, match="unsupported YAML|could not determine a constructor"):
        read_yaml(text, "s.yaml")


def test_numbers_and_nesting_are_bounded():
    with pytest.raises(RuleError, match="number_chars"):
        read_yaml("a: " + "9" * 5000, "s.yaml")
    with pytest.raises(RuleError, match="number_chars"):
        read_yaml("a: " + "9" * 41, "s.yaml")
    assert read_yaml("a: " + "9" * 40, "s.yaml").data == {"a": int("9" * 40)}
    with pytest.raises(RuleError, match="nest"):
        read_yaml("a: " + "[" * 100 + "]" * 100, "s.yaml")


@pytest.mark.parametrize("expr", ["100 + 1 / (valence - 0.3)", "100 + 1 / (2 * valence - 0.6)",
                                  "100 + 1 / (valence / 2 - 0.15)", "100 + 1 / (arousal + 0.3)"])
def test_check_finds_a_pole_between_grid_points(tmp_path, expr):
    style = load_style(_write(tmp_path / "pole.yaml", f'name: pole\nextends: default\nparameters:\n'
                                                      f'  tempo: {{expr: "{expr}"}}\n'))
    issues = style.check()
    assert len(issues) == 1 and issues[0].key == "parameters.tempo"
    assert "0.30" in issues[0].message  # the emotion where it broke
    assert style.check(steps=9) == issues


@pytest.mark.parametrize("steps", [0, 1, -3, 102, 10**6, True])
def test_check_steps_are_bounded(steps):
    with pytest.raises(LimitError, match="rules_check_steps"):
        load_style("default").check(steps=steps)


def test_evaluate_takes_any_affect_form_and_checks_the_seed():
    style = load_style("default")
    assert style.evaluate((0, 0)).parameters == style.evaluate(Affect(0, 0)).parameters
    assert style.evaluate((0.5, -0.5), seed=3).parameters.tempo > 0
    for seed in (None, -1, 2**63, 1.0):
        with pytest.raises(LimitError, match="seed"):
            style.evaluate((0, 0), seed=seed)  # type: ignore[arg-type]


def test_yaml_and_json_count_nesting_alike():
    from composer.errors import CueSheetError
    from composer.limits import LIMITS
    from composer.safe_read import read_json

    depth = LIMITS["nesting_depth"].high
    ok, over = "[" * (depth - 1) + "]" * (depth - 1), "[" * depth + "]" * depth  # inside the root mapping
    assert read_yaml("a: " + ok, "s.yaml").data is not None
    assert read_json('{"a": ' + ok + "}", "s.json", CueSheetError) is not None
    with pytest.raises(RuleError, match="nesting_depth"):
        read_yaml("a: " + over, "s.yaml")
    with pytest.raises(LimitError, match="nesting_depth"):
        read_json('{"a": ' + over + "}", "s.json", CueSheetError)
