"""Faults during a batch: a worker killed mid-batch (Dask runs its job again; a local pool
stops with one clear error and the batch resumes), a full disk in the middle of a file or of
the manifest, a disk turning read-only. Each time: nothing lost, no duplicate or partial
file, the manifest consistent with the files, and a second run does only what is missing."""

from __future__ import annotations

import errno
import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest

from composer.batches import MANIFEST, batch, read_manifest
from composer.batches.run import _in_process, _process_pool
from composer.errors import BatchError
from composer.render.atomic import TEMP_PREFIX

JOBS = [{"id": f"j{i}", "valence": round(-0.8 + 0.2 * i, 2), "arousal": round(0.7 - 0.15 * i, 2), "bars": 8,
         "seed": i, "formats": ["mid", "abc"]} for i in range(8)]


def _sums(rows):
    return {r["id"]: sorted((f["path"], f["sha256"]) for f in r["files"]) for r in rows}


def _assert_consistent(out: Path, rows, reference) -> None:
    """Every job done once: its files and nothing else on disk, the manifest one row per job, as in ``reference``."""
    assert [r["id"] for r in rows] == [j["id"] for j in JOBS]
    assert all(r["error"] is None for r in rows), [r["error"] for r in rows if r["error"]]
    assert _sums(rows) == reference
    on_disk = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert on_disk == sorted([MANIFEST] + [f for r in reference.values() for f, _ in r])  # no temp, no duplicate
    lines = (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(JOBS) and sorted(read_manifest(out)) == sorted(j["id"] for j in JOBS)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    return _sums(batch(JOBS, tmp_path_factory.mktemp("reference")))


def _counting(ran: list[str]):
    def run(todo, folder, workers):
        ran.extend(j.id for j in todo)
        yield from _in_process(todo, folder, workers)
    return run


def test_dask_worker_killed_mid_batch_runs_its_job_again(tmp_path, reference):
    """SIGKILL to a worker process while it runs a job: the nanny restarts it, the scheduler runs the
    job again, every job ends with one copy of its files and one manifest row."""
    pytest.importorskip("distributed")
    from composer.batches.dask import dask_executor

    clients = []
    inner = dask_executor(local_workers=2, on_client=clients.append)
    killed: list[tuple[str, list[str]]] = []

    def killing(todo, folder, workers):
        for i, row in enumerate(inner(todo, folder, workers)):
            if i == 0:
                client = clients[0]
                deadline = time.monotonic() + 30
                while not killed and time.monotonic() < deadline:
                    busy = {w: keys for w, keys in client.processing().items() if keys}
                    if busy:
                        worker, keys = next(iter(busy.items()))
                        pid = client.run(os.getpid, workers=[worker])[worker]
                        os.kill(pid, signal.SIGKILL)
                        killed.append((worker, [str(k) for k in keys]))
                    else:
                        time.sleep(0.01)
            yield row

    out = tmp_path / "out"
    rows = batch(JOBS, out, executor=killing)
    assert killed and killed[0][1], "no worker was busy to kill"
    _assert_consistent(out, rows, reference)


def test_local_worker_killed_is_one_clear_error_and_the_batch_resumes(tmp_path, reference):
    out = tmp_path / "out"

    def killing(todo, folder, workers):
        for i, row in enumerate(_process_pool(todo, folder, workers)):
            if i == 0:
                os.kill(multiprocessing.active_children()[0].pid, signal.SIGKILL)
            yield row

    with pytest.raises(BatchError, match="a worker process died .* running the batch again runs only the others"):
        batch(JOBS, out, workers=2, executor=killing)
    done = read_manifest(out)
    assert 1 <= len(done) < len(JOBS)  # the journal holds what finished before the death
    ran: list[str] = []
    rows = batch(JOBS, out, executor=_counting(ran))
    assert set(ran) == {j["id"] for j in JOBS} - set(done)
    _assert_consistent(out, rows, reference)


def test_disk_full_in_the_middle_of_a_file(tmp_path, reference, monkeypatch):
    """ENOSPC after half of j3's ABC file is written: j3's row has the error, neither of its files
    (the MIDI was staged first) nor a temporary file is left, the others run; once space is
    back, a second run does j3 only."""
    real = Path.write_bytes

    def full_disk(self, data):
        if self.name.endswith(".tmp.abc") and self.parent.name == "j3":
            real(self, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    out = tmp_path / "out"
    rows = {r["id"]: r for r in batch(JOBS, out)}
    assert rows["j3"]["error"].startswith("job 'j3': cannot write") and "No space left on device" in rows["j3"]["error"]
    assert rows["j3"]["files"] == [] and not list((out / "j3").iterdir())
    assert all(r["error"] is None for k, r in rows.items() if k != "j3")
    assert read_manifest(out)["j3"]["error"] == rows["j3"]["error"]
    monkeypatch.undo()
    ran: list[str] = []
    again = batch(JOBS, out, executor=_counting(ran))
    assert ran == ["j3"]
    _assert_consistent(out, again, reference)


def test_disk_full_while_writing_the_manifest(tmp_path, reference, monkeypatch):
    """The journal cannot take j5's row: one clear error; the rows before it are in the manifest,
    j5's files are on disk but unrecorded, so the next run makes them again (replacing them whole)."""
    import builtins

    from composer.batches import run

    class FullJournal:
        def __init__(self, f):
            self.f = f

        def write(self, text):
            if '"id": "j5"' in text:
                raise OSError(errno.ENOSPC, "No space left on device")
            return self.f.write(text)

        def __getattr__(self, name):
            return getattr(self.f, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return self.f.__exit__(*exc)

    def opening(path, mode="r", *args, **kwargs):
        f = builtins.open(path, mode, *args, **kwargs)
        return FullJournal(f) if str(path).endswith(MANIFEST) and "a" in mode else f

    monkeypatch.setattr(run, "open", opening, raising=False)
    out = tmp_path / "out"
    with pytest.raises(BatchError, match=r"cannot write the manifest .*No space left on device; the jobs finished so far"):
        batch(JOBS, out)
    monkeypatch.undo()
    assert sorted(read_manifest(out)) == [f"j{i}" for i in range(5)]
    ran: list[str] = []
    rows = batch(JOBS, out, executor=_counting(ran))
    assert ran == ["j5", "j6", "j7"]
    _assert_consistent(out, rows, reference)


def test_disk_turning_read_only_mid_batch(tmp_path, reference, monkeypatch):
    """From j4 on the disk refuses writes (EROFS): those jobs are recorded failed with the reason, the
    earlier ones kept; once writable again only the failed ones run."""
    import tempfile

    real = tempfile.mkstemp

    def read_only(*args, **kwargs):
        folder = Path(kwargs.get("dir") or "")
        if folder.name in {f"j{i}" for i in range(4, 8)}:
            raise OSError(errno.EROFS, "Read-only file system")
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    out = tmp_path / "out"
    rows = {r["id"]: r for r in batch(JOBS, out)}
    assert all("Read-only file system" in rows[f"j{i}"]["error"] for i in range(4, 8))
    assert all(rows[f"j{i}"]["error"] is None for i in range(4))
    monkeypatch.undo()
    ran: list[str] = []
    again = batch(JOBS, out, executor=_counting(ran))
    assert ran == ["j4", "j5", "j6", "j7"]
    _assert_consistent(out, again, reference)


def test_leftover_temporary_file_of_a_killed_job_is_removed_when_it_runs_again(tmp_path, reference):
    out = tmp_path / "out"
    batch(JOBS, out)
    (out / "j2" / "j2.mid").unlink()
    left = out / "j2" / f"{TEMP_PREFIX}abc123.tmp.mid"  # what a process killed mid-write leaves
    left.write_bytes(b"MThd partial")
    rows = batch(JOBS, out)
    assert not left.exists()
    _assert_consistent(out, rows, reference)
