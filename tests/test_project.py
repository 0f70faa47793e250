"""House rules that a test can check: CI runs the README's test command; the wheel carries styles and models."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    quickstart = (ROOT / "README.md").read_text().split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", quickstart)


def test_readme_quickstart_has_two_commands_and_ci_runs_both_in_order():
    commands = readme_commands()
    assert len(commands) == 2, commands
    assert "pytest" in commands[1] and "[test]" in commands[1]
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert commands[0] in ci_lines and commands[1] in ci_lines
    assert ci_lines.index(commands[0]) < ci_lines.index(commands[1])
    after = ci_lines[ci_lines.index(commands[1]) + 1:]
    assert any("--version" in line and "cd /tmp" in line for line in after)  # from another folder, afterwards


@pytest.mark.skipif(os.environ.get("COMPOSER_SKIP_WHEEL_TEST") == "1", reason="COMPOSER_SKIP_WHEEL_TEST=1")
def test_wheel_carries_styles_and_model_and_composes_elsewhere(tmp_path):
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(ROOT)],
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "dist").glob("composer_emotion-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "composer/_styles/default.yaml" in names
    assert "composer/_corpora/markov_default.npz" in names
    assert {"composer/emotion_words.tsv", "composer/story/reading/arousal_lexicon.tsv", "composer/story/reading/text_model.npz"} <= set(names)
    assert "composer/py.typed" in names  # the package's type hints are for its users too (PEP 561)
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = ("import composer, sys; m = composer.compose(valence=0.5, arousal=0.1, bars=2, seed=1); "
            "assert 'site' in composer.__file__, composer.__file__; m.write('x.mid'); print(m)")
    env = {**os.environ, "PYTHONPATH": str(site)}
    run = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Melody: ") and (elsewhere / "x.mid").stat().st_size > 0


def test_every_subpackage_is_listed_in_pyproject():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "composer").rglob("__init__.py")}
    assert found <= listed, f"add to [tool.setuptools] packages in pyproject.toml: {sorted(found - listed)}"


def test_readme_python_example_runs(tmp_path, monkeypatch, capsys):
    block = re.search(r"## In Python\n\n```python\n(.+?)\n```", (ROOT / "README.md").read_text(), flags=re.S).group(1)
    (tmp_path / "examples").mkdir()
    for name in ("lion_and_mouse.md", "lighthouse.yaml"):  # the example's inputs, as from the repository's root
        shutil.copy(ROOT / "examples" / name, tmp_path / "examples" / name)
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)
    assert (tmp_path / "happy.mid").stat().st_size > 0 and (tmp_path / "happy.wav").stat().st_size > 0
    assert capsys.readouterr().out.startswith("Melody: ")
    assert len({tuple(t.pitches) for t in namespace["takes"]}) == 4
    assert (tmp_path / "story.mid").stat().st_size > 0 and len(namespace["film"].sections) > 1
