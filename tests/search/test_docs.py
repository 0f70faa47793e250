"""The examples of docs/search.md run."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "search.md"


def test_search_doc_examples_run(capsys):
    blocks = re.findall(r"```python\n(.+?)```", DOC.read_text(), re.S)
    assert len(blocks) == 3
    namespace: dict = {}
    exec(compile("\n".join(blocks), str(DOC), "exec"), namespace)
    assert namespace["hook"].pitches[:3].tolist() == namespace["m"].pitches[:3].tolist()
    assert len(namespace["vs"]) == 5 and len(namespace["five"]) == 5
    assert "total" in capsys.readouterr().out
    assert "neural" not in namespace["plain"].explain().splitlines()[0]
    assert "neural" in namespace["mostly_nn"].explain().splitlines()[0]
    assert namespace["problem"].pitch_ppm is not None and namespace["problem"].neural is not None
