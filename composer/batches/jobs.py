"""``read_jobs``: a batch's jobs from a CSV or YAML file, one ``Job`` per row, malformed rows kept as errors.

A row is one of three kinds of job:

==========  ======================================================================
kind        columns (keys)
==========  ======================================================================
point       ``valence``, ``arousal`` (each in [-1, 1]), ``bars`` (default 16)
cues        ``cues``: a cue sheet file (YAML/JSON, as ``composer score``)
story       ``story``: a story text file
==========  ======================================================================

and every job may give ``id`` (default: ``job-<row number>``, 1-based), ``style``
(default ``default``; a cue sheet's own style wins unless given), ``seed`` (default: derived
from the batch seed and the job id, so that a job's music does not depend on which worker
runs it or in what order) and ``formats`` (file endings separated by ``;`` or spaces in
CSV, a list in YAML; default ``mid``). Paths of cue sheets and stories are relative to the
jobs file's folder.

A CSV file has a header row naming the columns; a YAML file is a list of mappings, or a
mapping with a ``jobs`` list. A row that cannot be a job (an unknown column, a value out of
range, two kinds at once) becomes a ``Job`` whose ``error`` names the file, line, key and
what is allowed: it is recorded in the manifest and the other jobs run.
"""

from __future__ import annotations

__all__ = ["Job", "JOB_KEYS", "read_jobs", "jobs_from_rows", "job_seed"]

import csv
import hashlib
import io
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from composer.errors import BatchError
from composer.limits import LIMITS, exceeds

#: Every key a job row may have.
JOB_KEYS: tuple[str, ...] = ("id", "valence", "arousal", "bars", "style", "seed", "formats", "cues", "story")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


@dataclass(frozen=True)
class Job:
    """One job of a batch.

    Attributes
    ----------
    id : str
        Unique within the batch; names the job's output folder (letters, digits, ``. _ -``).
    kind : str
        ``"point"``, ``"cues"`` or ``"story"`` (``""`` for a malformed row).
    seed : int
        Seed of the search (given, or derived with :func:`job_seed`).
    formats : tuple of str
        File endings to write, without the dot (``"mid"``, ``"musicxml"``...).
    valence, arousal : float or None
        The emotion of a point job, each in [-1, 1].
    bars : int or None
        Bars of a point job (``bars`` limit); for cues and stories, bars per section when given.
    style : str or None
        Style name; None: the default (or a cue sheet's own).
    source : str or None
        The cue sheet or story file, absolute.
    line : int
        Line of the row in the jobs file (1-based), for messages.
    error : str or None
        Why the row is not a job (the batch records it and goes on).
    """

    id: str
    kind: str
    seed: int = 0
    formats: tuple[str, ...] = ("mid",)
    valence: float | None = None
    arousal: float | None = None
    bars: int | None = None
    style: str | None = None
    source: str | None = None
    line: int = 0
    error: str | None = None

    def parameters(self) -> dict[str, Any]:
        """The job as the manifest records it: every field but ``line`` and ``error``."""
        return {"kind": self.kind, "valence": self.valence, "arousal": self.arousal, "bars": self.bars,
                "style": self.style, "seed": self.seed, "formats": list(self.formats), "source": self.source}


def job_seed(batch_seed: int, job_id: str) -> int:
    """A job's seed from the batch seed and its id: the same whatever order or worker runs it.

    Examples
    --------
    >>> job_seed(0, "a") == job_seed(0, "a") != job_seed(1, "a")
    True
    """
    digest = hashlib.sha256(f"{int(batch_seed)}:{job_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1  # within 0 .. 2**63 - 1, the seed limit


def _number(value: object, key: str, kind: type) -> Any:
    if isinstance(value, bool):
        raise ValueError(f"{key}: {value!r} is not a number")
    try:
        out = kind(value) if not isinstance(value, str) else kind(value.strip())
    except (TypeError, ValueError):
        raise ValueError(f"{key}: {value!r} is not {'an integer' if kind is int else 'a number'}") from None
    if kind is float and out != out:
        raise ValueError(f"{key}: nan is not a number")
    return out


def _formats(value: object) -> tuple[str, ...]:
    from composer.render.files import SUPPORTED_EXTENSIONS
    from composer.rules.suggest import suggest

    items = value if isinstance(value, (list, tuple)) else re.split(r"[;,\s]+", str(value).strip())
    out = tuple(str(x).strip().lower().lstrip(".") for x in items if str(x).strip())
    allowed = [e.lstrip(".") for e in SUPPORTED_EXTENSIONS]
    for f in out:
        if f not in allowed:
            raise ValueError(f"formats: {f!r} is not a supported ending{suggest(f, allowed)}")
    if not out:
        raise ValueError(f"formats: give at least one of {', '.join(allowed)}")
    if len(set(out)) != len(out):
        raise ValueError(f"formats: {value!r} names an ending twice")
    return out


def _job(row: Mapping[str, object], index: int, line: int, folder: Path, batch_seed: int) -> Job:
    """One row as a ``Job`` (raising ``ValueError`` naming the key for a malformed one)."""
    from composer.limits import check_seed
    from composer.rules.suggest import suggest

    row = {str(k).strip(): v for k, v in row.items() if k is not None and not (isinstance(v, str) and not v.strip())}
    for key in row:
        if key not in JOB_KEYS:
            raise ValueError(f"unknown key {key!r}{suggest(key, JOB_KEYS)}")
    job_id = str(row.get("id", f"job-{index + 1}")).strip()
    if not _ID.match(job_id):
        raise ValueError(f"id: {job_id!r} must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit")
    kinds = [k for k in ("cues", "story") if k in row] + (["point"] if "valence" in row or "arousal" in row else [])
    if len(kinds) != 1:
        raise ValueError("give exactly one of valence and arousal (a point), cues (a cue sheet file) or story "
                         f"(a story file); this row has {', '.join(kinds) if kinds else 'none'}")
    kind = kinds[0]
    seed = check_seed(_number(row["seed"], "seed", int), "seed") if "seed" in row else job_seed(batch_seed, job_id)
    bars = _number(row["bars"], "bars", int) if "bars" in row else (16 if kind == "point" else None)
    if bars is not None and (why := exceeds("bars", bars)):
        raise ValueError(f"bars: {why}")
    fields: dict[str, Any] = {}
    if kind == "point":
        for key in ("valence", "arousal"):
            if key not in row:
                raise ValueError(f"{key}: missing (a point job needs valence and arousal, each in [-1, 1])")
            v = _number(row[key], key, float)
            if not -1.0 <= v <= 1.0:
                raise ValueError(f"{key}: {v:g} is outside [-1, 1]")
            fields[key] = v
    else:
        src = Path(str(row[kind]).strip())
        fields["source"] = str(src if src.is_absolute() else (folder / src).resolve())
    style = str(row["style"]).strip() if "style" in row else None
    formats = _formats(row["formats"]) if "formats" in row else ("mid",)
    return Job(id=job_id, kind=kind, seed=seed, formats=formats, bars=bars, style=style, line=line, **fields)


def jobs_from_rows(rows: Iterable[tuple[int, Mapping[str, object]]], *, where: str = "jobs",
                   folder: str | os.PathLike[str] = ".", seed: int = 0) -> list[Job]:
    """``Job`` s from ``(line, row)`` pairs; a malformed row becomes a job with its ``error`` set.

    Parameters
    ----------
    rows : iterable of (int, mapping)
        Line number (1-based, 0 when unknown) and the row's keys and values.
    where : str
        The file name, for messages.
    folder : path-like
        Folder that relative cue sheet and story paths start from.
    seed : int
        Batch seed, from which jobs without a ``seed`` get theirs (:func:`job_seed`).

    Returns
    -------
    list of Job
        In row order. Two rows with one id: the second is an error.

    Raises
    ------
    BatchError
        If there are no rows, or more than the ``batch_jobs`` limit.
    """
    jobs: list[Job] = []
    seen: set[str] = set()
    for index, (line, row) in enumerate(rows):
        if index >= LIMITS["batch_jobs"].high:
            raise BatchError(f"{where}: more jobs than the limit batch_jobs ({LIMITS['batch_jobs'].describe()})",
                             where=where)
        at = f"{where}:{line}" if line else f"{where}[{index}]"
        try:
            if not isinstance(row, Mapping):
                raise ValueError(f"a job must be a mapping of {', '.join(JOB_KEYS)}, not {type(row).__name__}")
            job = _job(row, index, line, Path(folder), seed)
            if job.id in seen:
                raise ValueError(f"id: {job.id!r} is used by an earlier row")
        except (ValueError, ArithmeticError) as e:  # LimitError is a ValueError
            raw = row.get("id") if isinstance(row, Mapping) else None
            job_id = str(raw).strip() if raw is not None and _ID.match(str(raw).strip()) and str(raw).strip() not in seen \
                else f"row-{index + 1}"
            job = Job(id=job_id, kind="", line=line, error=f"{at}: {e}")
        seen.add(job.id)
        jobs.append(job)
    if not jobs:
        raise BatchError(f"{where}: no jobs (give a header row and one row per job)", where=where)
    return jobs


def read_jobs(path: str | os.PathLike[str], *, seed: int = 0) -> list[Job]:
    """Read a jobs file (``.csv``, or ``.yaml``/``.yml``/``.json``) into ``Job`` s (see the module's docstring).

    Raises
    ------
    BatchError
        For a file that is missing, unreadable, over ``jobs_file_bytes``, not UTF-8, of
        another ending, or not a list of rows. Malformed single rows do not raise.
    """
    from composer.safe_read import read_limited

    p = Path(path)
    where = str(path)
    ending = p.suffix.lower()
    if ending not in (".csv", ".yaml", ".yml", ".json"):
        raise BatchError(f"{where}: a jobs file must end in .csv, .yaml, .yml or .json", where=where)
    data = read_limited(p, "jobs_file_bytes", "jobs file", lambda m: BatchError(m, where=where))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise BatchError(f"{where}: not UTF-8 text (byte {e.start})", where=where) from None
    folder = p.resolve().parent
    if ending == ".csv":
        reader = csv.DictReader(io.StringIO(text, newline=""), restkey="(extra values)")
        if not reader.fieldnames:
            raise BatchError(f"{where}: no header row (name the columns: {', '.join(JOB_KEYS)})", where=where)
        rows = ((reader.line_num, row) for row in reader)
        return jobs_from_rows(rows, where=where, folder=folder, seed=seed)
    return jobs_from_rows(_yaml_rows(text, where), where=where, folder=folder, seed=seed)


def _yaml_rows(text: str, where: str) -> list[tuple[int, object]]:
    """(line, row) of each entry of a YAML/JSON jobs list, read by the styles' safe reader.

    That reader refuses alias bombs, unsafe tags, duplicate keys and documents over the
    ``style_bytes`` limit: a YAML jobs file is at most that size (a CSV one up to ``jobs_file_bytes``).
    """
    from composer.errors import RuleError
    from composer.rules.yamlsource import read_yaml

    try:
        doc = read_yaml(text, where)
    except RuleError as e:
        raise BatchError(str(e), where=where) from None
    data, prefix = doc.data, ()
    if isinstance(data, Mapping) and set(data) == {"jobs"}:
        data, prefix = data["jobs"], ("jobs",)
    if not isinstance(data, list):
        raise BatchError(f"{where}: a jobs file is a list of jobs (or a mapping with one key, jobs)", where=where)
    return [(doc.lines.get(prefix + (i,), 0), row) for i, row in enumerate(data)]
