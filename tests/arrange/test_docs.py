"""The Python examples in docs/arrangement.md run, in order, in a scratch folder; the tests they define pass."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "arrangement.md"


def test_the_python_examples_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    blocks = re.findall(r"^```python\n(.*?)^```", DOC.read_text(), flags=re.S | re.M)
    assert len(blocks) >= 2
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), namespace)   # noqa: S102 - our own documentation
    assert (tmp_path / "cue.mid").exists() and (tmp_path / "cue.musicxml").exists()
    tests = [v for k, v in namespace.items() if k.startswith("test_") and callable(v)]
    assert tests
    for t in tests:
        t()
