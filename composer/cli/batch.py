"""``composer batch``: run a jobs file (CSV or YAML) into one folder per job, with a manifest."""

from __future__ import annotations

__all__ = ["register", "run"]

import argparse

from composer.cli._common import EXIT_OK, EXIT_USER_ERROR, positive_int, print_json

EXAMPLES = """\
examples:
  composer batch jobs.csv -o out/                    # in this process
  composer batch jobs.yaml -o out/ --workers 4       # on 4 local processes
  composer batch jobs.csv -o out/ --json             # the manifest rows as JSON
  composer batch jobs.csv -o out/ --dask-local 4     # a Dask LocalCluster (pip install 'composer-emotion[dask]')
  composer batch jobs.csv -o /shared/out --scheduler tcp://10.0.0.5:8786

jobs.csv (a header row, then one job per row; see docs/batch.md):
  id,valence,arousal,bars,style,seed,formats
  calm-1,0.6,-0.5,16,default,1,mid;musicxml
  chase,,,,film,,mid          <- a cue sheet or a story instead: a column cues or story

Run again over the same folder to resume: jobs already done (manifest row and checksums
intact) are kept. A failing job is recorded in out/manifest.jsonl and the others run; the
exit code is then 1.
"""


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``batch`` subcommand to ``sub``."""
    p = sub.add_parser(
        "batch",
        help="run many jobs (emotion points, cue sheets, stories) from a CSV or YAML file",
        description="Run every job of a jobs file into OUT/<job id>/, writing OUT/manifest.jsonl "
                    "(parameters, files, checksums, timing, error): a record and an emotion-labelled dataset.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("jobs", metavar="JOBS", help="jobs file: .csv (header row) or .yaml/.yml/.json (a list of jobs)")
    p.add_argument("-o", "--out", required=True, metavar="FOLDER", help="output folder (created if missing)")
    p.add_argument("-w", "--workers", type=positive_int, default=1,
                   help="local worker processes (default 1: in this process)")
    cluster = p.add_mutually_exclusive_group()
    cluster.add_argument("--dask-local", type=positive_int, default=None, metavar="N",
                         help="run on a Dask LocalCluster of N single-threaded worker processes (extra dask)")
    cluster.add_argument("--scheduler", default=None, metavar="tcp://HOST:PORT",
                         help="run on the Dask cluster of this scheduler; its workers must see FOLDER (extra dask)")
    p.add_argument("--seed", type=int, default=0,
                   help="batch seed: jobs without their own seed get one from it and their id (default 0)")
    p.add_argument("--no-resume", action="store_true", help="run every job again, even those already done")
    p.add_argument("--manifest-format", choices=("jsonl", "csv", "parquet"), default="jsonl",
                   help="also write the manifest as OUT/manifest.csv or OUT/manifest.parquet (pyarrow); "
                        "manifest.jsonl is always written (default: jsonl alone)")
    p.add_argument("--json", action="store_true", help="print the manifest rows as JSON")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run the batch; print one line per failed job and a summary; exit 1 when a job failed."""
    import sys

    from composer.batches import batch
    from composer.cli._common import UsageError

    executor = None
    if args.dask_local is not None or args.scheduler is not None:
        if args.workers != 1:
            raise UsageError("--workers is for local processes; with Dask give --dask-local N or --scheduler only")
        from composer.batches.dask import dask_executor

        def dashboard(client: object) -> None:
            link = getattr(client, "dashboard_link", None)
            if link and not args.json:
                print(f"batch: Dask dashboard at {link}", file=sys.stderr)

        executor = dask_executor(scheduler=args.scheduler, local_workers=args.dask_local, on_client=dashboard)
    rows = batch(args.jobs, args.out, workers=args.workers, seed=args.seed, resume=not args.no_resume,
                 executor=executor, manifest_format=args.manifest_format)
    failed = [r for r in rows if r["error"]]
    if args.json:
        print_json(rows)
    else:
        files = sum(len(r["files"]) for r in rows)
        print(f"batch: {len(rows)} jobs, {len(rows) - len(failed)} done, {len(failed)} failed, {files} files "
              f"in {args.out} (manifest: manifest.jsonl"
              + (f", manifest.{args.manifest_format})" if args.manifest_format != "jsonl" else ")"))
    for r in failed:
        print(f"composer batch: {r['error']}", file=sys.stderr)
    return EXIT_USER_ERROR if failed else EXIT_OK
