"""``dask_executor``: a batch's jobs run on a Dask cluster (the ``dask`` extra: dask + distributed).

Each job is one Dask task (``run_job``), keyed by its id so a job is never scheduled twice,
with ``retries`` so that a job whose worker died is run again on another; its files are
written atomically and replaced whole, so a retried job leaves one copy of each file.
Rows come back as tasks finish; ``composer.batch`` writes the manifest on the client.
Every worker must see the output folder at the same path (a shared file system), and have
composer installed. The cluster's dashboard (``Client.dashboard_link``) shows the tasks.
"""

from __future__ import annotations

__all__ = ["DEFAULT_RETRIES", "dask_executor"]

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from composer.batches.jobs import Job
from composer.batches.run import Executor, run_job

#: Times Dask runs a job again after its worker died or it raised unexpectedly.
DEFAULT_RETRIES = 2


def dask_executor(*, scheduler: str | None = None, local_workers: int | None = None, client: Any = None,
                  retries: int = DEFAULT_RETRIES, processes: bool = True,
                  on_client: Any = None) -> Executor:
    """Return an executor for ``composer.batch`` that runs the jobs on Dask.

    Give exactly one of ``scheduler``, ``local_workers`` or ``client``.

    Parameters
    ----------
    scheduler : str, optional
        Address of a running scheduler, ``"tcp://HOST:PORT"``.
    local_workers : int, optional
        Start a ``distributed.LocalCluster`` with this many single-threaded workers for
        the batch, and close it afterwards.
    client : distributed.Client, optional
        A client the caller made (and closes).
    retries : int, optional
        Dask retries per job (a worker killed mid-job).
    processes : bool, optional
        For ``local_workers``: worker processes (True) or threads of this process.
    on_client : callable, optional
        Called with the client once it is connected (to print the dashboard link).

    Raises
    ------
    MissingDependencyError
        When dask or distributed is not installed: the message names the ``dask`` extra.
    ArgumentError
        When not exactly one of ``scheduler``, ``local_workers`` and ``client`` is given.
    """
    from composer.errors import ArgumentError
    from composer.render._optional import require_all

    given = [x for x in (scheduler, local_workers, client) if x is not None]
    if len(given) != 1:
        raise ArgumentError("give one of scheduler ('tcp://HOST:PORT'), local_workers (a number) or client")
    if local_workers is not None and (isinstance(local_workers, bool) or int(local_workers) < 1):
        raise ArgumentError(f"local_workers must be at least 1, got {local_workers!r}")
    require_all(("dask", "distributed"), "running a batch on Dask")

    def run(todo: Sequence[Job], out: Path, workers: int) -> Iterator[dict[str, Any]]:
        import distributed

        import hashlib

        cluster, c = None, None
        batch_key = hashlib.sha256(str(out).encode()).hexdigest()[:12]  # one batch's jobs apart from another's
        try:
            if local_workers is not None:
                cluster = distributed.LocalCluster(n_workers=int(local_workers), threads_per_worker=1,
                                                   processes=processes, dashboard_address=None)
                c = distributed.Client(cluster)
            elif scheduler is not None:
                try:
                    c = distributed.Client(scheduler, timeout="20s")
                except (OSError, TimeoutError) as e:
                    from composer.errors import BatchError

                    raise BatchError(f"cannot reach the Dask scheduler {scheduler}: {e}", where=scheduler) from None
            active = c if c is not None else client
            if on_client is not None:
                on_client(active)
            futures = [active.submit(run_job, job, out, key=f"composer-{batch_key}-{job.id}", retries=retries,
                                     pure=False) for job in todo]
            for fut in distributed.as_completed(futures):
                yield fut.result()
                fut.release()
        finally:
            if c is not None:  # made here, closed here; a caller's client stays open
                c.close()
            if cluster is not None:
                cluster.close()

    return run
