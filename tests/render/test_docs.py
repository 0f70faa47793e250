"""The Python examples in docs/output.md run, in a scratch folder, and print what they claim."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "output.md"


def test_output_doc_examples_run(tmp_path, monkeypatch):
    pytest.importorskip("verovio")
    pytest.importorskip("matplotlib")
    blocks = re.findall(r"```python\n(.+?)\n```", DOC.read_text(), re.S)
    assert len(blocks) >= 4
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for block in blocks:
            exec(compile(block, str(DOC), "exec"), namespace)  # noqa: S102 - our own documentation
    assert out.getvalue().split() == ["True", "True"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "tune.abc", "tune.mid", "tune.musicxml", "tune.wav", "x.roll.png"]
