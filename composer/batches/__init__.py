"""Batches: many jobs (emotion points, cue sheets, stories) run into one folder each, with a manifest.

- ``jobs``: ``Job`` and ``read_jobs`` (a CSV or YAML jobs file; malformed rows kept as errors).
- ``run``: ``batch`` (in process, on a local process pool, or through an executor) and the manifest.

See docs/batch.md.
"""

from __future__ import annotations

from types import ModuleType as _ModuleType

from composer.batches.jobs import JOB_KEYS, Job, job_seed, read_jobs
from composer.batches.run import MANIFEST, batch, read_manifest, run_job

__all__ = ["JOB_KEYS", "MANIFEST", "Job", "batch", "job_seed", "read_jobs", "read_manifest", "run_job"]

assert set(__all__) == {n for n, v in globals().items() if n[0] != "_" and not isinstance(v, _ModuleType)
                        and n != "annotations"}, "composer.batches.__all__ is out of date"
