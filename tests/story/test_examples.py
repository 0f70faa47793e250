"""examples/ holds a story and a cue sheet whose outputs one command rebuilds."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from composer.story import read_cue_sheet, story_plan
from tests.story.readback import read_midi

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_the_example_inputs_read():
    story = story_plan(EXAMPLES / "lion_and_mouse.md")
    assert [s.name for s in story] == ["Asleep", "Mercy", "The Hunters", "Set Free"]
    cues = read_cue_sheet(EXAMPLES / "lighthouse.yaml")
    assert len(cues) == 5 and cues[3].start == 60.0 and cues[4].bars == 8


def test_one_command_rebuilds_every_output(tmp_path):
    spec = importlib.util.spec_from_file_location("make_examples", EXAMPLES / "make_examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    pieces = module.main(tmp_path)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(f"{n}{e}" for n in ("lion_and_mouse", "lighthouse")
                           for e in (".mid", ".mxl", ".report.txt", ".report.json"))
    # the committed outputs are the ones this command writes (same names, same kinds of file)
    committed = sorted(p.name for p in (EXAMPLES / "output").iterdir())
    assert committed == names
    plan = pieces["lighthouse"].plan
    assert abs(read_midi(tmp_path / "lighthouse.mid").end - plan.duration) <= 0.5
