"""numba's cache lives in a per-user folder, never inside the installed package."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import composer.search as search_pkg
from composer.search._jit import cache_dir

_PACKAGE_PYCACHE = Path(search_pkg.__file__).parent / "__pycache__"
# Compile and cache one small kernel in a fresh process.
_SCRIPT = "import numpy as np; from composer.search._kernels import splitmix64; splitmix64(np.uint64(7))"


def _cached_files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.suffix in (".nbi", ".nbc")} if folder.exists() else set()


def _run(env_changes: dict[str, str | None]) -> None:
    env = dict(os.environ)
    for k, v in env_changes.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    env.pop("NUMBA_DISABLE_JIT", None)
    subprocess.run([sys.executable, "-c", _SCRIPT], env=env, check=True, cwd=str(Path(search_pkg.__file__).parents[2]))


def test_the_cache_goes_to_the_users_cache_folder_not_the_package(tmp_path):
    before = _cached_files(_PACKAGE_PYCACHE)
    _run({"NUMBA_CACHE_DIR": None, "XDG_CACHE_HOME": str(tmp_path)})
    assert any("splitmix64" in p.name for p in _cached_files(tmp_path / "composer" / "numba"))
    assert _cached_files(_PACKAGE_PYCACHE) <= before


def test_a_users_numba_cache_dir_wins(tmp_path):
    mine, xdg = tmp_path / "mine", tmp_path / "xdg"
    _run({"NUMBA_CACHE_DIR": str(mine), "XDG_CACHE_HOME": str(xdg)})
    assert _cached_files(mine) and not _cached_files(xdg)


def test_cache_dir_follows_the_platform():
    assert cache_dir({"XDG_CACHE_HOME": "/x"}, "linux") == Path("/x/composer/numba")
    assert cache_dir({}, "linux") == Path.home() / ".cache" / "composer" / "numba"
    assert cache_dir({}, "darwin") == Path.home() / "Library" / "Caches" / "composer" / "numba"
    assert cache_dir({"LOCALAPPDATA": "/l"}, "win32") == Path("/l/composer/numba")
    assert cache_dir({"NUMBA_CACHE_DIR": "/n"}, "darwin") == Path("/n")


_ANNOUNCE = ("import io, numpy as np; from composer.search._jit import announce_compile; "
             "from composer.search._kernels import splitmix64 as k; out = io.StringIO(); "
             "first = announce_compile(k, stream=out); again = announce_compile(k, stream=out); k(np.uint64(7)); "
             "print(first, again, repr(out.getvalue()))")


def _announce(cache: Path) -> str:
    env = {**os.environ, "NUMBA_CACHE_DIR": str(cache)}
    env.pop("NUMBA_DISABLE_JIT", None)
    return subprocess.run([sys.executable, "-c", _ANNOUNCE], env=env, check=True, capture_output=True, text=True,
                          cwd=str(Path(search_pkg.__file__).parents[2])).stdout


def test_a_cold_cache_is_announced_once_and_a_warm_one_not_at_all(tmp_path):
    cold = _announce(tmp_path)
    assert cold.startswith("True False 'composer: compiling the search on first use") and str(tmp_path) in cold
    assert cold.count("compiling") == 1
    assert _announce(tmp_path).strip() == "False False ''"  # the cache is now warm
