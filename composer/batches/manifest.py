"""The manifest as a table: ``manifest.csv`` or ``manifest.parquet`` beside ``manifest.jsonl``.

``manifest.jsonl`` is always written: it is the batch's journal (a row appended as each job
finishes) and what a resumed batch reads. A table is for the dataset's users (pandas,
spreadsheets, Arrow): one row per job, in job order, flat columns (``COLUMNS``): the job's
parameters, its files (``;``-joined paths and checksums), what the music came out as, the
seconds spent and the error. Parquet needs pyarrow (the ``parquet`` extra); CSV does not.
"""

from __future__ import annotations

__all__ = ["MANIFEST_FORMATS", "COLUMNS", "check_manifest_format", "flat_row", "write_manifest_table"]

import csv
import io
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from composer.errors import BatchError

#: ``manifest_format`` values: the JSON-lines journal alone, or with a CSV or a Parquet table.
MANIFEST_FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet")

#: Columns of the table, in order, with their Arrow type; nested fields become ``parent_field``.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "string"), ("line", "int64"),
    ("kind", "string"), ("valence", "float64"), ("arousal", "float64"), ("bars", "int64"), ("style", "string"),
    ("seed", "int64"), ("formats", "string"), ("source", "string"),
    ("files", "string"), ("sha256", "string"),
    ("music_key", "string"), ("music_mode", "string"), ("music_tempo", "float64"), ("music_meter", "string"),
    ("music_articulation", "string"), ("music_instrument", "string"), ("music_bars", "int64"),
    ("music_notes", "int64"), ("music_seconds", "float64"),
    ("compose_seconds", "float64"), ("write_seconds", "float64"), ("error", "string"),
)


def check_manifest_format(fmt: object) -> str:
    """Return ``fmt`` if it is one of ``MANIFEST_FORMATS``; for ``parquet``, check that pyarrow loads.

    Raises
    ------
    BatchError
        For another value (naming the allowed ones, with a did-you-mean).
    MissingDependencyError
        For ``parquet`` without pyarrow: the message names the ``parquet`` extra.
    """
    from composer.rules.suggest import did_you_mean

    if fmt not in MANIFEST_FORMATS:
        raise BatchError(f"manifest format {fmt!r} is not one of {', '.join(MANIFEST_FORMATS)}"
                         f"{did_you_mean(fmt, MANIFEST_FORMATS)}")
    if fmt == "parquet":
        from composer.render._optional import require

        require("pyarrow", "a Parquet manifest")
    return str(fmt)


def flat_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """One manifest row (``composer.batches.run.run_job``) as the table's flat columns (None where empty)."""
    p = row.get("parameters") or {}
    music = row.get("music") or {}
    seconds = row.get("seconds") or {}
    files = row.get("files") or []
    out: dict[str, Any] = {"id": row.get("id"), "line": row.get("line")}
    out.update({k: p.get(k) for k in ("kind", "valence", "arousal", "bars", "style", "seed", "source")})
    out["formats"] = ";".join(p.get("formats") or [])
    out["files"] = ";".join(f["path"] for f in files)
    out["sha256"] = ";".join(f["sha256"] for f in files)
    out.update({f"music_{k}": music.get(k) for k in ("key", "mode", "tempo", "meter", "articulation", "instrument",
                                                    "bars", "notes", "seconds")})
    out["compose_seconds"] = seconds.get("compose")
    out["write_seconds"] = seconds.get("write")
    out["error"] = row.get("error")
    return {name: out[name] for name, _ in COLUMNS}


def _csv_bytes(rows: Sequence[Mapping[str, Any]]) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([name for name, _ in COLUMNS])
    for r in rows:
        flat = flat_row(r)
        w.writerow(["" if flat[name] is None else flat[name] for name, _ in COLUMNS])
    return buf.getvalue().encode("utf-8")


def _parquet_bytes(rows: Sequence[Mapping[str, Any]]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    flats = [flat_row(r) for r in rows]
    schema = pa.schema([(name, getattr(pa, kind)()) for name, kind in COLUMNS])
    table = pa.Table.from_pylist(flats, schema=schema)
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


def write_manifest_table(rows: Sequence[Mapping[str, Any]], out: str | os.PathLike[str], fmt: str) -> Path | None:
    """Write ``out/manifest.csv`` or ``out/manifest.parquet`` atomically (None for ``jsonl``: nothing more to write).

    Returns
    -------
    Path or None
        The file written.
    """
    from composer.render.atomic import atomic_write

    if fmt == "jsonl":
        return None
    data = _csv_bytes(rows) if fmt == "csv" else _parquet_bytes(rows)
    path = Path(out) / f"manifest.{fmt}"
    atomic_write(path, lambda tmp: tmp.write_bytes(data), overwrite=True)
    return path
