"""Run hostile cases in this process under a memory cap; print one JSON list of results.

Usage: ``python -m tests.hostile._runner ROOT CASE...`` (from the repository root).
Each case runs in ``ROOT/CASE/work`` with its output captured; a case that runs past
``CASE_SECONDS`` is stopped by SIGALRM and reported as a timeout.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import signal
import sys
import time
import traceback

#: Address-space cap of the whole run, in bytes (the bound the suite states).
MEMORY_CAP = 2 << 30
#: Seconds one case may run.
CASE_SECONDS = 60


class _Timeout(BaseException):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _Timeout


def run_case(root: str, name: str) -> dict:
    from composer.cli import main
    from composer.errors import ComposerError
    from tests.hostile.cases import API, CASES

    case = next(c for c in CASES if c.name == name)
    os.chdir(os.path.join(root, name, "work"))
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    signal.alarm(CASE_SECONDS)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            if case.argv:
                rc = main(list(case.argv))
            else:
                try:
                    API[name]()
                    rc = 0
                except ComposerError as e:
                    print(f"composer: error: {e}", file=sys.stderr)
                    rc = 1
    except _Timeout:
        rc = "timeout"
    except SystemExit as e:
        rc = e.code
    except BaseException:
        err.write(traceback.format_exc())
        rc = "exception"
    finally:
        signal.alarm(0)
    return {"name": name, "rc": rc, "stdout": out.getvalue(), "stderr": err.getvalue(),
            "seconds": round(time.perf_counter() - start, 2)}


def main() -> None:
    root, names = sys.argv[1], sys.argv[2:]
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    signal.signal(signal.SIGALRM, _alarm)
    results = [run_case(root, n) for n in names]
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sys.__stdout__.write(json.dumps({"results": results, "peak_rss_kb": peak_kb}) + "\n")


if __name__ == "__main__":
    main()
