"""docs/batch.md describes the jobs' keys and the manifest's fields that the code uses."""

from __future__ import annotations

import re
from pathlib import Path

from composer.batches import JOB_KEYS, batch

DOC = (Path(__file__).resolve().parents[2] / "docs" / "batch.md").read_text(encoding="utf-8")


def _first_column(heading: str) -> set[str]:
    section = DOC.split(heading, 1)[1].split("\n## ", 1)[0]
    return {name for row in re.findall(r"^\| (`[^|]+) \|", section, flags=re.M) for name in re.findall(r"`(\w+)`", row)}


def test_jobs_table_lists_every_key():
    assert _first_column("## Jobs") == set(JOB_KEYS)


def test_manifest_table_lists_every_field(tmp_path):
    row = batch([{"id": "a", "valence": 0.1, "arousal": 0.2, "bars": 1}], tmp_path)[0]
    assert _first_column("## Output and manifest") == set(row)


def test_manifest_table_columns_are_described():
    from composer.batches.manifest import COLUMNS

    described = DOC.split("**As a table.**", 1)[1].split("\n\n", 1)[0]
    assert [name for name, _ in COLUMNS if f"`{name}`" not in described] == []
