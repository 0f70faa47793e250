"""``batch``: run many jobs (emotion points, cue sheets, stories) into one folder each, with a manifest.

Layout of the output folder ``out``::

    out/manifest.jsonl        one JSON object per job, in job order (see ``manifest_row``)
    out/<job id>/<job id>.mid one file per format the job asks for

The manifest is the record of the batch and an emotion-labelled dataset: each row holds the
job's id, its parameters (kind, valence, arousal, bars, style, seed, formats, source file),
the files written (path relative to ``out`` and SHA-256), the seconds spent composing and
writing, what the music came out as (key, mode, tempo, metre, bars, notes, seconds) and the
error, if any (``null`` when the job succeeded).

While a batch runs, each finished job's row is appended to the manifest at once (a journal);
at the end the manifest is rewritten atomically (``composer.render.atomic``) in job order.
A batch run again over the same folder (``resume=True``, the default) keeps every job whose
row has the same parameters, no error, and files on disk with the recorded checksums, and
runs only the others: an interrupted batch picks up where it stopped. A job that fails is
recorded with its error and the batch goes on. Every job's music depends only on its own
parameters and seed, so the files are the same whatever the number of workers and the order
in which they finish.
"""

from __future__ import annotations

__all__ = ["MANIFEST", "batch", "run_job", "read_manifest", "file_sha256"]

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from composer.batches.jobs import Job, jobs_from_rows, read_jobs
from composer.errors import BatchError, ComposerError
from composer.limits import check_range

#: File name of the manifest inside the output folder.
MANIFEST = "manifest.jsonl"


def file_sha256(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a file's bytes, as 64 hex digits."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _compose(job: Job) -> Any:
    """The job's music: a ``Melody`` (point) or a ``Piece`` (cue sheet, story)."""
    import composer

    if job.kind == "point":
        return composer.compose(job.valence, job.arousal, bars=job.bars, style=job.style or "default", seed=job.seed)
    if job.kind == "cues":
        return composer.score_cues(job.source, style=job.style, seed=job.seed, bars=job.bars, show_progress=False)
    # a Path: score_story reads a plain str as the story's text itself
    return composer.score_story(Path(str(job.source)), style=job.style or "default", seed=job.seed, bars=job.bars,
                                show_progress=False)


def _music_summary(music: Any) -> dict[str, Any]:
    """What the music came out as: the labels a dataset user reads beside the emotion."""
    melody = music if hasattr(music, "parameters") else music[0].melody   # a Piece or an ArrangedPiece: its first section
    p = melody.parameters
    return {"key": p.tonic_name, "mode": p.mode, "tempo": round(float(p.tempo), 3), "meter": p.meter,
            "articulation": p.articulation, "instrument": p.instrument,
            "bars": int(getattr(music, "bars", melody.bars)), "notes": int(music.n_notes),
            "seconds": round(float(music.seconds), 3)}


def run_job(job: Job, out: str | os.PathLike[str]) -> dict[str, Any]:
    """Run one job into ``out/<job id>/`` and return its manifest row (never raises for a job's own failure).

    Parameters
    ----------
    job : Job
    out : path-like
        The batch's output folder (it exists).

    Returns
    -------
    dict
        ``id``, ``line``, ``parameters``, ``files`` (list of ``{"path", "sha256"}``, paths
        relative to ``out``), ``music`` (see ``_music_summary``; None on error),
        ``seconds`` (``compose`` and ``write``), ``error`` (None, or one line naming the job).
    """
    from composer.render.atomic import commit, discard
    from composer.render.files import stage_file

    row: dict[str, Any] = {"id": job.id, "line": job.line, "parameters": job.parameters(), "files": [],
                           "music": None, "seconds": {"compose": 0.0, "write": 0.0}, "error": job.error}
    if job.error:
        return row
    t0 = time.perf_counter()
    try:
        music = _compose(job)
        t1 = time.perf_counter()
        folder = Path(out) / job.id
        folder.mkdir(exist_ok=True)
        _remove_leftovers(folder)
        staged: list[Any] = []
        try:
            for fmt in job.formats:
                staged.append(stage_file(music, folder / f"{job.id}.{fmt}", overwrite=True))
        except BaseException:
            discard(staged)  # the formats staged before the failure: all of a job's files land, or none
            raise
        written = commit(staged)
        t2 = time.perf_counter()
    except ComposerError as e:
        row["error"] = f"job {job.id!r}: {e}"
        return row
    except OSError as e:
        row["error"] = f"job {job.id!r}: cannot write {e.filename or out}: {e.strerror or e}"
        return row
    except Exception as e:  # a bug in one job must not stop the batch; it is recorded with its type
        row["error"] = f"job {job.id!r}: {type(e).__name__}: {e}"
        return row
    row["files"] = [{"path": p.relative_to(Path(out).resolve()).as_posix(), "sha256": file_sha256(p)} for p in written]
    row["music"] = _music_summary(music)
    row["seconds"] = {"compose": round(t1 - t0, 4), "write": round(t2 - t1, 4)}
    return row


def _remove_leftovers(folder: Path) -> None:
    """Remove the temporary files an earlier run of this job left when its process was killed mid-write.

    Every write is a temporary file renamed into place (``composer.render.atomic``); a process
    killed between the two leaves the temporary file. A job's folder is its own, so when the
    job runs again nothing else can be writing there.
    """
    from composer.render.atomic import TEMP_PREFIX

    for left in folder.glob(f"{TEMP_PREFIX}*.tmp*"):
        left.unlink(missing_ok=True)


def read_manifest(out: str | os.PathLike[str]) -> dict[str, dict[str, Any]]:
    """The rows of ``out/manifest.jsonl`` by job id (last row of an id wins; a torn last line is skipped)."""
    path = Path(out) / MANIFEST
    rows: dict[str, dict[str, Any]] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return rows
    except (OSError, UnicodeDecodeError) as e:
        raise BatchError(f"cannot read the manifest {path}: {getattr(e, 'strerror', None) or e}", where=str(path)) from None
    for line in text.splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            continue  # a line cut by an interruption: that job is simply run again
        if isinstance(row, dict) and isinstance(row.get("id"), str):
            rows[row["id"]] = row
    return rows


def _finished(row: Mapping[str, Any] | None, job: Job, out: Path) -> bool:
    """Whether ``row`` records ``job`` done: same parameters, no error, every file present with its checksum."""
    if not row or row.get("error") or job.error or row.get("parameters") != job.parameters():
        return False
    files = row.get("files") or []
    if len(files) != len(job.formats):
        return False
    for f in files:
        p = out / str(f.get("path", ""))
        try:
            if not p.is_file() or file_sha256(p) != f.get("sha256"):
                return False
        except OSError:
            return False
    return True


def _check_writable(out: Path) -> None:
    """Create ``out`` if needed and prove a file can be written in it, before any job runs."""
    import tempfile

    try:
        out.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".composer-batch-", dir=out)
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise BatchError(f"cannot write to the output folder {out}: {e.strerror or e}; nothing was run and the "
                         "manifest is unchanged", where=str(out)) from None


def _as_jobs(jobs: str | os.PathLike[str] | Sequence[Job | Mapping[str, object]], seed: int) -> list[Job]:
    if isinstance(jobs, (str, os.PathLike)):
        return read_jobs(jobs, seed=seed)
    items = list(jobs)
    if items and all(isinstance(j, Job) for j in items):
        ids = [j.id for j in items]  # type: ignore[union-attr]
        if len(set(ids)) != len(ids):
            raise BatchError("two jobs share an id; ids name the output folders and must be unique")
        return items  # type: ignore[return-value]
    return jobs_from_rows(((0, r) for r in items), where="jobs", seed=seed)  # type: ignore[misc]


Executor = Callable[[Sequence[Job], Path, int], Iterator[dict[str, Any]]]


def _in_process(todo: Sequence[Job], out: Path, workers: int) -> Iterator[dict[str, Any]]:
    for job in todo:
        yield run_job(job, out)


def _process_pool(todo: Sequence[Job], out: Path, workers: int) -> Iterator[dict[str, Any]]:
    """Rows as jobs finish, from ``workers`` local processes (forked where the platform allows)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    ctx = multiprocessing.get_context(method)
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        futures = [pool.submit(run_job, job, out) for job in todo]
        try:
            for fut in as_completed(futures):
                yield fut.result()
        except BrokenProcessPool:
            for f in futures:
                f.cancel()
            raise BatchError("a worker process died (killed, or out of memory); the jobs finished so far are "
                             "recorded in the manifest and running the batch again runs only the others, "
                             "or use Dask (--dask-local N), which runs a dead worker's jobs again") from None
        except BaseException:
            for f in futures:
                f.cancel()
            raise


def batch(
    jobs: str | os.PathLike[str] | Sequence[Job | Mapping[str, object]],
    out: str | os.PathLike[str],
    *,
    workers: int = 1,
    seed: int = 0,
    resume: bool = True,
    show_progress: bool | None = None,
    executor: Executor | None = None,
    manifest_format: str = "jsonl",
) -> list[dict[str, Any]]:
    """Run every job into ``out`` (one folder per job) and return the manifest rows, in job order.

    Parameters
    ----------
    jobs : path-like, or sequence of Job or of mappings
        A jobs file (``.csv``, ``.yaml``; see ``composer.batches.jobs``), or the rows themselves.
    out : path-like
        The output folder; created if missing.
    workers : int, optional
        Local worker processes; 1 (the default) runs every job in this process.
    seed : int, optional
        Batch seed, from which each job without its own ``seed`` gets one (by its id).
    resume : bool, optional
        Keep the jobs the manifest already records as done with intact files (default);
        False runs every job again.
    show_progress : bool, optional
        Draw a progress bar; by default only on a terminal.
    executor : callable, optional
        ``executor(jobs, out, workers)`` yielding rows as jobs finish (``composer.batches.dask``
        gives one for a Dask cluster); by default this process or a local process pool.
    manifest_format : {"jsonl", "csv", "parquet"}, optional
        ``manifest.jsonl`` is always written (the journal a resumed batch reads); ``csv``
        or ``parquet`` also writes the rows as a flat table, ``manifest.csv`` or
        ``manifest.parquet`` (``composer.batches.manifest``; Parquet needs pyarrow).

    Returns
    -------
    list of dict
        One manifest row per job (see ``run_job``), as ``out/manifest.jsonl`` holds them.

    Raises
    ------
    BatchError
        When the jobs file cannot be read, the output folder cannot be written or the
        manifest format is unknown (nothing is run then). A failing job does not raise: its
        row carries the error.
    MissingDependencyError
        For ``manifest_format="parquet"`` without pyarrow (before any job runs).
    LimitError
        When ``workers`` is over the ``batch_workers`` limit.
    """
    from composer._progress import progress
    from composer.render.atomic import atomic_write

    from composer.batches.manifest import check_manifest_format, write_manifest_table

    check_range("batch_workers", workers, "workers")
    check_manifest_format(manifest_format)
    all_jobs = _as_jobs(jobs, seed)
    target = Path(out).resolve()
    _check_writable(target)
    previous = read_manifest(target) if resume else {}
    rows: dict[str, dict[str, Any]] = {}
    for job in all_jobs:
        if _finished(previous.get(job.id), job, target):
            rows[job.id] = previous[job.id]
    todo = [j for j in all_jobs if j.id not in rows]
    run = executor or (_in_process if workers == 1 else _process_pool)
    manifest = target / MANIFEST
    try:
        with open(manifest, "a", encoding="utf-8") as journal:
            for row in progress(run(todo, target, workers), total=len(todo), label="batch", enabled=show_progress):
                rows[row["id"]] = row
                journal.write(json.dumps(row, sort_keys=True) + "\n")
                journal.flush()
    except OSError as e:
        raise BatchError(f"cannot write the manifest {manifest}: {e.strerror or e}; the jobs finished so far are "
                         "recorded in it and a new run resumes from them", where=str(manifest)) from None
    ordered = [rows[j.id] for j in all_jobs if j.id in rows]
    text = "".join(json.dumps(r, sort_keys=True) + "\n" for r in ordered)
    atomic_write(manifest, lambda tmp: tmp.write_text(text, encoding="utf-8"), overwrite=True)
    write_manifest_table(ordered, target, manifest_format)
    return ordered
