"""Benchmark of a newcomer's first run: ``composer generate -o x.mid`` with an empty and a warm numba cache.

Run from the repository root, with composer installed in the running Python (as the README's
quickstart installs it)::

    python benchmarks/startup.py [--repeats N]

Prints, in one run on this machine, wall-clock and CPU seconds (user + system, of the child
process) of:

* ``python -c pass``: the interpreter alone (reference);
* ``python -c "import numpy, numba, music21"``: the imports every run pays (reference: the
  floor composer can reach without dropping a dependency);
* ``composer generate -v 0.7 -a 0.4 --bars 8 --seed 1 -o x.mid`` with an empty numba cache
  (a fresh install's first melody, compiling the search), once;
* the same with the warm cache it left, the best of ``--repeats`` runs.

Every command runs from a temporary folder with ``NUMBA_CACHE_DIR`` set to a temporary
folder; CPU time is read with ``resource.getrusage(RUSAGE_CHILDREN)``, so a machine busy with
other work inflates the wall-clock figures more than the CPU ones.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _composer_command() -> list[str]:
    exe = Path(sys.executable).with_name("composer")
    return [str(exe)] if exe.exists() else [shutil.which("composer") or "composer"]


def timed(argv: list[str], *, cache: str, cwd: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of running ``argv`` once."""
    env = {**os.environ, "NUMBA_CACHE_DIR": cache}
    env.pop("NUMBA_DISABLE_JIT", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(argv, check=True, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3, help="warm runs (the best is kept)")
    args = ap.parse_args()
    generate = _composer_command() + ["generate", "-v", "0.7", "-a", "0.4", "--bars", "8", "--seed", "1",
                                      "-o", "x.mid", "--force"]
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as cwd:
        rows = [
            ("python -c pass", min(timed([sys.executable, "-c", "pass"], cache=cache, cwd=cwd)
                                   for _ in range(args.repeats))),
            ("import numpy, numba, music21", min(timed([sys.executable, "-c", "import numpy, numba, music21"],
                                                       cache=cache, cwd=cwd) for _ in range(args.repeats))),
            ("generate -o x.mid, empty cache", timed(generate, cache=cache, cwd=cwd)),
            ("generate -o x.mid, warm cache", min(timed(generate, cache=cache, cwd=cwd) for _ in range(args.repeats))),
        ]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{os.cpu_count()} cores, load average {load:.1f}; Python {sys.version.split()[0]}")
    print(f"{'what':34s} {'wall s':>8s} {'CPU s':>8s}")
    for name, (wall, cpu) in rows:
        print(f"{name:34s} {wall:8.2f} {cpu:8.2f}")


if __name__ == "__main__":
    main()
