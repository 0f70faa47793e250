"""Every example in docs/rules.md runs: YAML styles load (or fail exactly as shown), Python runs, commands print what is shown.

Conventions in the page: a YAML block starting ``# file: NAME`` is written to NAME (later
blocks may use it); one starting ``# invalid`` must fail with the issues of the ``text``
block after it; any other YAML block is a style that must load and pass ``check()``.
``console`` blocks hold ``$ composer ...`` lines followed by output, where ``...`` skips lines.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from composer.cli import main
from composer.errors import RuleError
from composer.rules import load_style

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
BLOCKS = re.findall(r"^```(\w+)\n(.*?)^```", DOC.read_text(), flags=re.S | re.M)


def test_the_page_has_examples_of_every_kind():
    langs = [lang for lang, _ in BLOCKS]
    assert langs.count("yaml") >= 5 and "python" in langs and "console" in langs and "text" in langs


def _console(body: str, capsys) -> None:
    commands = re.split(r"^\$ ", body, flags=re.M)[1:]
    for chunk in commands:
        command, *expected = chunk.rstrip("\n").split("\n")
        argv = shlex.split(command)
        assert argv[0] == "composer"
        assert main(argv[1:]) == 0, command
        out = capsys.readouterr().out.splitlines()
        pos = 0
        for line in expected:
            if line.strip() == "...":
                continue
            assert line.rstrip() in [o.rstrip() for o in out[pos:]], f"{command}: {line!r} not in output:\n" + "\n".join(out)
            pos = [o.rstrip() for o in out].index(line.rstrip(), pos) + 1


def test_every_example_runs(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    pending_error: list[str] | None = None
    ran = 0
    for lang, body in BLOCKS:
        if pending_error is not None:
            assert lang == "text", "an invalid example is followed by its errors in a text block"
            want = body.strip().splitlines()
            assert want[0] == pending_error[0] and sorted(w.strip() for w in want[1:]) == sorted(pending_error[1:])
            pending_error = None
            ran += 1
            continue
        if lang == "yaml":
            first = body.splitlines()[0]
            if first.startswith("# invalid"):
                Path("broken.yaml").write_text(body.split("\n", 1)[1])
                with pytest.raises(RuleError) as info:
                    load_style("broken.yaml")
                lines = str(info.value).splitlines()
                pending_error = [lines[0]] + [line.strip() for line in lines[1:]]
            else:
                name = first.split(":", 1)[1].strip() if first.startswith("# file:") else "example.yaml"
                Path(name).write_text(body)
                style = load_style(name)
                assert style.check(steps=5, seeds=(0, 1)) == [], name
        elif lang == "python":
            exec(compile(body, str(DOC), "exec"), namespace)
        elif lang == "console":
            _console(body, capsys)
        else:
            continue
        ran += 1
    assert pending_error is None
    assert ran >= 9


def test_every_parameter_and_constraint_kind_is_documented():
    from composer.rules import CONSTRAINT_KINDS, PARAMETER_SPECS

    text = DOC.read_text()
    for name in PARAMETER_SPECS:
        assert f"| `{name}` |" in text, name
    for kind in CONSTRAINT_KINDS.values():
        row = next(line for line in text.splitlines()
                   if line.startswith(f"| `{kind.name}` | hard") or line.startswith(f"| `{kind.name}` | soft"))
        assert ("hard" if kind.hard else f"soft, weight {kind.default_weight:g}") in row
        for option in kind.options:
            assert f"`{option.name}`" in row, (kind.name, option.name)
