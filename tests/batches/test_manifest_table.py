"""The manifest as a flat table (``--manifest-format csv|parquet``): one row per job in job order,
the same values as ``manifest.jsonl``; Parquet only with pyarrow, else one error naming the extra."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest

from composer.batches import MANIFEST, batch
from composer.batches.manifest import COLUMNS, flat_row
from composer.cli import main
from composer.errors import BatchError, MissingDependencyError

CSV = """id,valence,arousal,bars,seed,formats
calm,0.6,-0.6,2,1,mid;abc
tense,-0.7,0.8,2,2,mid
bad,1.5,0,2,,mid
"""


def _jobs(tmp_path: Path) -> Path:
    p = tmp_path / "jobs.csv"
    p.write_text(CSV, encoding="utf-8")
    return p


def _jsonl(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / MANIFEST).read_text(encoding="utf-8").splitlines()]


def test_csv_manifest_holds_the_jsonl_rows_flat(tmp_path):
    out = tmp_path / "out"
    rows = batch(_jobs(tmp_path), out, manifest_format="csv")
    with open(out / "manifest.csv", newline="", encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    assert list(table[0]) == [name for name, _ in COLUMNS]
    assert [t["id"] for t in table] == ["calm", "tense", "bad"] == [r["id"] for r in _jsonl(out)]
    calm = table[0]
    assert float(calm["valence"]) == 0.6 and float(calm["arousal"]) == -0.6 and calm["formats"] == "mid;abc"
    assert calm["files"].split(";") == [f["path"] for f in rows[0]["files"]]
    assert calm["sha256"].split(";") == [f["sha256"] for f in rows[0]["files"]]
    assert calm["music_mode"] == rows[0]["music"]["mode"] and int(calm["music_notes"]) == rows[0]["music"]["notes"]
    assert calm["error"] == "" and "valence: 1.5 is outside [-1, 1]" in table[2]["error"]
    assert table[2]["files"] == "" and table[2]["music_key"] == ""


def test_parquet_manifest_has_typed_columns(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "out"
    rows = batch(_jobs(tmp_path), out, manifest_format="parquet")
    table = pq.read_table(out / "manifest.parquet")
    assert table.column_names == [name for name, _ in COLUMNS]
    assert str(table.schema.field("valence").type) == "double" and str(table.schema.field("seed").type) == "int64"
    assert table.to_pylist() == [flat_row(r) for r in rows]
    assert table.column("error").to_pylist()[:2] == [None, None]


def test_parquet_without_pyarrow_names_the_extra_and_runs_nothing(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    out = tmp_path / "out"
    with pytest.raises(MissingDependencyError, match=r"pip install pyarrow .*composer-emotion\[parquet\]"):
        batch(_jobs(tmp_path), out, manifest_format="parquet")
    assert not (out / MANIFEST).exists()
    assert main(["batch", str(_jobs(tmp_path)), "-o", str(out), "--manifest-format", "parquet"]) == 1


def test_unknown_format_is_a_clear_error(tmp_path):
    with pytest.raises(BatchError, match="manifest format 'cvs' is not one of jsonl, csv, parquet; did you mean 'csv'"):
        batch(_jobs(tmp_path), tmp_path / "out", manifest_format="cvs")


def test_cli_manifest_format_csv(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["batch", str(_jobs(tmp_path)), "-o", str(out), "--manifest-format", "csv"]) == 1  # the bad row
    assert "(manifest: manifest.jsonl, manifest.csv)" in capsys.readouterr().out
    assert (out / "manifest.csv").read_text(encoding="utf-8").count("\n") == 4
