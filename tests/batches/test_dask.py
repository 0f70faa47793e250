"""Batches on Dask (the ``dask`` extra): a LocalCluster in this process gives the files and the
manifest the in-process batch gives; without the extra, one error names it."""

from __future__ import annotations

import sys

import pytest

from composer.batches import batch
from composer.cli import main
from composer.errors import ArgumentError, MissingDependencyError

CSV = """id,valence,arousal,bars,seed,formats
a,0.6,-0.6,2,1,mid
b,-0.7,0.8,2,2,mid;abc
c,0.1,0.1,2,3,mid
broken,0.1,0.1,2,3,wave
"""


def _jobs(tmp_path):
    p = tmp_path / "jobs.csv"
    p.write_text(CSV)
    return p


def _sums(rows):
    return {r["id"]: ([f["sha256"] for f in r["files"]], r["error"] is None) for r in rows}


def test_missing_extra_names_it(tmp_path, monkeypatch):
    from composer.batches.dask import dask_executor

    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'composer-emotion\[dask\]'"):
        dask_executor(local_workers=2)
    assert main(["batch", str(_jobs(tmp_path)), "-o", str(tmp_path / "out"), "--dask-local", "2"]) == 1


def test_one_way_to_reach_a_cluster():
    from composer.batches.dask import dask_executor

    with pytest.raises(ArgumentError, match="give one of"):
        dask_executor()
    with pytest.raises(ArgumentError, match="give one of"):
        dask_executor(scheduler="tcp://127.0.0.1:1", local_workers=2)


def test_local_cluster_gives_the_same_files_and_records_failures(tmp_path):
    pytest.importorskip("distributed")
    from composer.batches.dask import dask_executor

    plain = batch(_jobs(tmp_path), tmp_path / "plain")
    on_dask = batch(_jobs(tmp_path), tmp_path / "dask", executor=dask_executor(local_workers=2, processes=False))
    assert _sums(on_dask) == _sums(plain)
    assert [r["id"] for r in on_dask] == ["a", "b", "c", "broken"]
    assert "formats: 'wave' is not a supported ending" in on_dask[3]["error"]


def test_dask_batch_resumes_only_missing_jobs(tmp_path):
    distributed = pytest.importorskip("distributed")
    from composer.batches.dask import dask_executor

    out = tmp_path / "out"
    first = batch(_jobs(tmp_path), out)
    (out / "b" / "b.abc").unlink()
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=1, dashboard_address=None) as client:
        seen: list[str] = []
        inner = dask_executor(client=client)

        def counting(todo, folder, workers):
            seen.extend(j.id for j in todo)
            yield from inner(todo, folder, workers)

        again = batch(_jobs(tmp_path), out, executor=counting)
        assert client.status == "running"  # the caller's client is left open
    assert seen == ["b", "broken"]
    assert _sums(again) == _sums(first)


def test_cli_dask_local(tmp_path, capsys):
    pytest.importorskip("distributed")
    code = main(["batch", str(_jobs(tmp_path)), "-o", str(tmp_path / "out"), "--dask-local", "1"])
    assert code == 1  # the broken row
    assert "4 jobs, 3 done, 1 failed, 4 files" in capsys.readouterr().out
    assert main(["batch", str(_jobs(tmp_path)), "-o", str(tmp_path / "o2"), "--dask-local", "1", "-w", "2"]) == 2
