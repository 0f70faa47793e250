"""Hostile input, bounded: every case in ``cases.py`` ends cleanly under a memory cap and a time limit.

All cases run in one subprocess (``_runner.py``) with ``RLIMIT_AS`` at 2 GiB, each under
a 60-second alarm and the whole run under a wall-clock timeout. Each case must end
with exit code 1, one ``composer: error:`` line last (a style's problems listed under it,
indented; or ``rules check``'s problem list),
the expected words, no traceback, the planted secret quoted nowhere, and its folder
exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile.cases import CASES, GENERATORS, SECRET

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
#: Wall-clock limit of the whole subprocess, in seconds.
RUN_SECONDS = 600


def _make(path: Path, spec: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    kind, _, arg = spec.partition(":")
    if kind == "fixture":
        path.write_bytes((HERE / "fixtures" / arg).read_bytes())
    elif kind == "gen":
        path.write_bytes(GENERATORS[arg]())
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "link":
        path.symlink_to(arg)
    else:
        raise AssertionError(f"unknown file spec {spec!r}")


def _snapshot(folder: Path) -> dict[str, str]:
    """Every entry under ``folder``: a file's hash, a link's target, a FIFO's kind (never opened)."""
    out = {}
    for p in sorted(folder.rglob("*")):
        rel = str(p.relative_to(folder))
        if p.is_symlink():
            out[rel] = "link:" + os.readlink(p)
        elif p.is_fifo():
            out[rel] = "fifo"
        elif p.is_dir():
            out[rel] = "dir"
        else:
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    before = {}
    for case in CASES:
        work = root / case.name / "work"
        work.mkdir(parents=True)
        _make(root / case.name / "secret" / "shadow.yaml", "fixture:secret_shadow")
        for name, spec in case.files.items():
            _make(work / name, spec)
        before[case.name] = _snapshot(work)
    env = dict(os.environ, COMPOSER_CACHE_DIR=str(root / "_cache"), PYTHONPATH=str(REPO), COLUMNS="200")
    proc = subprocess.run([sys.executable, "-m", "tests.hostile._runner", str(root), *[c.name for c in CASES]],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=RUN_SECONDS)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    results = {r["name"]: r for r in report["results"]}
    after = {c.name: _snapshot(root / c.name / "work") for c in CASES}
    return results, before, after, report["peak_rss_kb"]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_ends_in_one_clean_error(outcomes, case):
    results, before, after, _ = outcomes
    r = results[case.name]
    text = r["stdout"] + r["stderr"]
    assert r["rc"] == 1, f"exit {r['rc']!r}:\n{text[-2000:]}"
    assert "Traceback" not in text, text[-2000:]
    assert re.search(case.expect, text), text[-2000:]
    assert SECRET not in text
    errors = [line for line in r["stderr"].splitlines() if line.startswith("composer: error:")]
    if case.argv[:2] == ("rules", "check") and not errors:  # its report: "FILE: 1 problem", then the problem
        first, *problems = r["stdout"].splitlines()
        assert re.match(r"^\S+: \d+ problems?$", first) and problems, text
        assert all(line.startswith("  ") for line in problems), text
    else:
        assert len(errors) == 1, text
        lines = r["stderr"].rstrip("\n").splitlines()
        tail = lines[lines.index(errors[0]) + 1:]
        # the error ends the output; a style's problem list follows it indented, one problem a line
        assert all(line.startswith("  ") for line in tail), text
    assert after[case.name] == before[case.name], "the case's folder changed (a file left behind or replaced)"


def test_memory_stays_under_the_cap(outcomes):
    *_, peak_kb = outcomes
    assert peak_kb < 2 * 1024 * 1024  # RLIMIT_AS already enforces it; this states the bound
