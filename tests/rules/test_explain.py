"""``Style.explain`` and ``composer rules check|list|explain``."""

from __future__ import annotations

import json

from composer._resources import styles_dir
from composer.affect import Affect
from composer.cli import main
from composer.rules import PARAMETER_SPECS, load_style


def test_explain_names_the_rule_file_and_line_of_every_value():
    film = load_style("film")
    e = film.explain(Affect(0.6, -0.9), seed=3)
    ev = film.evaluate(Affect(0.6, -0.9), seed=3)
    assert [p.name for p in e.parameters] == list(PARAMETER_SPECS)
    values = ev.parameters.as_dict()
    assert all(p.value == values[p.name] for p in e.parameters)
    meter = e.parameter("meter")
    assert meter.file == "film.yaml" and meter.key == "parameters.meter.regions[0]"
    assert meter.rule == 'when "arousal < -0.4 and valence > 0.2": value 3/4'
    text = (styles_dir() / "film.yaml").read_text().splitlines()
    assert "arousal < -0.4 and valence > 0.2" in text[meter.line - 1]
    assert e.parameter("phrase_bars").value == 2 and e.parameter("phrase_bars").rule == "expr 2 if tempo < 60 else 4"
    assert e.parameter("tonic").file == "film.yaml"
    assert [v.name for v in e.variables] == ["intensity"] and abs(e.variables[0].value - 0.05) < 1e-12
    active = {c.kind: c for c in e.active_constraints}
    assert set(active) == {c.kind for c in ev.constraints}
    assert active["in_scale"].file == "default.yaml" and active["cadence"].file == "film.yaml"
    assert active["contour"].weight == 1.45 and "arousal curve" in active["contour"].weight_rule
    assert active["cadence"].options == {"phrase_bars": 2}
    d = e.as_dict()
    assert d["affect"] == {"valence": 0.6, "arousal": -0.9} and json.dumps(d)


def test_inactive_constraints_are_listed(style_of):
    style = style_of("""\
        name: x
        extends: default
        constraints:
          - {kind: step_motion, when: {arousal: [-1, 0]}, weight: 2}
        """)
    calm, excited = style.explain(Affect(0, -0.5)), style.explain(Affect(0, 0.5))
    assert [c.active for c in calm.constraints if c.kind == "step_motion"] == [True]
    assert [c.active for c in excited.constraints if c.kind == "step_motion"] == [False]
    assert "step_motion" not in {c.kind for c in style.evaluate(Affect(0, 0.5)).constraints}
    assert "inactive here" in str(excited)


def test_cli_explain_prints_every_parameter_and_constraint(capsys):
    assert main(["rules", "explain", "--style", "hymn", "--valence", "-0.4", "--arousal", "-0.6"]) == 0
    out = capsys.readouterr().out
    for name in PARAMETER_SPECS:
        assert f"\n  {name} " in out
    assert "hymn.yaml:" in out and "default.yaml:" in out and "step_motion" in out and "soft, weight 2.9" in out
    assert main(["rules", "explain", "-s", "game", "-v", "0.5", "-a", "0.5", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["style"] == "game" and len(data["parameters"]) == len(PARAMETER_SPECS)


def test_cli_list(capsys):
    assert main(["rules", "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in out] == ["default", "film", "folk", "game", "hymn"]
    assert main(["rules", "list", "--json"]) == 0
    assert "Chiptune" in json.loads(capsys.readouterr().out)["game"]


def test_cli_check_lists_all_problems_and_exits_1(write_style, capsys, tmp_path):
    good = write_style("name: good\nextends: hymn\nparameters:\n  tempo: 70\n", "good.yaml")
    bad = write_style("name: bad\nextends: default\nparameters:\n  tempi: 70\n  mode: {value: dorain}\n", "bad.yaml")
    overshoot = write_style("name: o\nextends: default\nparameters:\n  tempo: {base: 100, valence: 200}\n", "o.yaml")
    assert main(["rules", "check", str(good)]) == 0
    assert "good.yaml: ok (good)" in capsys.readouterr().out
    assert main(["rules", "check", str(good), str(bad), str(overshoot), "film"]) == 1
    captured = capsys.readouterr()
    out = captured.out
    assert "bad.yaml: 2 problems" in out and "did you mean 'tempo'?" in out and "did you mean 'dorian'?" in out
    assert "o.yaml: 1 problem" in out and "tempo evaluates to" in out and "film: ok" in out
    assert "2 of 4 styles failed" in captured.err
