"""The examples in docs/testing.md run: every python block in order, then every test they define."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "testing.md"


def blocks() -> list[str]:
    """Each python block, padded with blank lines so that tracebacks give its line in the doc."""
    text = DOC.read_text()
    return ["\n" * text[: m.start(1)].count("\n") + m.group(1)
            for m in re.finditer(r"```python\n(.*?)```", text, flags=re.S)]


def test_docs_examples_run_and_their_tests_pass(capsys):
    code = blocks()
    assert len(code) >= 7
    namespace: dict = {"__name__": "docs_testing"}
    for block in code:
        exec(compile(block, str(DOC), "exec"), namespace)
    tests = [f for name, f in namespace.items() if name.startswith("test_") and callable(f)]
    assert len(tests) >= 7
    for test in tests:
        test()
    assert "is an augmented second, a forbidden melodic interval" in capsys.readouterr().out
