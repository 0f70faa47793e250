"""The hypothesis plugin: st.from_type works for composer's types through the entry point pyproject.toml declares."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHECK = """
from hypothesis import given, settings, strategies as st
from composer import Affect, Melody
from composer.testing import Key, Rhythm, assert_in_scale, assert_within_max_leap

@settings(max_examples=20, database=None)
@given(st.from_type(Affect), st.from_type(Melody), st.from_type(Key), st.from_type(Rhythm))
def check(a, m, k, r):
    assert isinstance(a, Affect) and -1 <= a.valence <= 1
    assert isinstance(m, Melody) and isinstance(k, Key) and isinstance(r, Rhythm)
    assert_in_scale(m)
    assert_within_max_leap(m)

check()
print("from_type ok")
"""


def declared_entry_point() -> str:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return data["project"]["entry-points"]["hypothesis"]["composer"]


def run(code: str, extra_path: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_NO_PLUGINS"}
    paths = [str(ROOT)] + ([str(extra_path)] if extra_path else []) + [env.get("PYTHONPATH", "")]
    env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_hook_registers_the_types_when_called():
    code = ("from composer.testing._internal.plugin import _hypothesis_setup_hook\n"
            "_hypothesis_setup_hook()\n" + CHECK)
    result = run(code)
    assert result.returncode == 0, result.stderr
    assert "from_type ok" in result.stdout


@pytest.mark.parametrize("first", ["", "import composer.testing\n"], ids=["hypothesis first", "composer.testing first"])
def test_hypothesis_finds_the_declared_entry_point_at_import(tmp_path, first):
    # An installed distribution's metadata, as pip writes it from pyproject.toml's
    # [project.entry-points.hypothesis]; hypothesis reads it through importlib.metadata.
    module, _, function = declared_entry_point().partition(":")
    assert function == "_hypothesis_setup_hook"
    info = tmp_path / "composer_plugin_check-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: composer-plugin-check\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[hypothesis]\ncomposer = {module}:{function}\n")
    # No manual registration: only the entry point. Importing composer.testing first makes
    # hypothesis load the plugin while composer.testing is being imported.
    result = run(first + CHECK, extra_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "from_type ok" in result.stdout


def test_installed_distribution_declares_the_hook():
    # With `pip install -e '.[test]'` (as CI installs), the real metadata carries the entry point.
    try:
        eps = importlib.metadata.distribution("composer-emotion").entry_points
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("composer is not installed in this environment (CI installs it with pip install -e)")
    hooks = [ep.value for ep in eps if ep.group == "hypothesis"]
    assert hooks == [declared_entry_point()]
