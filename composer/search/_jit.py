"""The one place that sets numba's options for every kernel, and where its on-disk cache lives.

numba's default cache sits in a ``__pycache__`` folder beside the source, that is inside the
installed package. Files left there outlive the package (``pip`` removes only what it
installed), and a leftover ``composer/search/__pycache__`` in ``site-packages`` turns
``composer`` into an empty namespace package that shadows a later editable install. So the
cache goes to a per-user folder (:func:`cache_dir`) unless the user chose one with
``NUMBA_CACHE_DIR``. This module is imported before any kernel is defined, so the folder is
set before numba compiles or caches anything.
"""

from __future__ import annotations

__all__ = ["jit", "jit_inline", "cache_dir", "announce_compile"]

import os
import sys
from pathlib import Path
from typing import TextIO


def cache_dir(environ: dict[str, str] | None = None, platform: str | None = None) -> Path:
    """The per-user folder for composer's compiled kernels (nothing is created here).

    Parameters
    ----------
    environ : dict, optional
        The environment to read (default ``os.environ``).
    platform : str, optional
        ``sys.platform`` to assume (default the running one).

    Returns
    -------
    Path
        ``NUMBA_CACHE_DIR`` when set; otherwise ``$XDG_CACHE_HOME/composer/numba`` (``~/.cache``
        when unset) on Linux and other Unix, ``~/Library/Caches/composer/numba`` on macOS,
        ``%LOCALAPPDATA%\\composer\\numba`` on Windows.

    Examples
    --------
    >>> cache_dir({"XDG_CACHE_HOME": "/c"}, "linux").as_posix()
    '/c/composer/numba'
    >>> cache_dir({"NUMBA_CACHE_DIR": "/n", "XDG_CACHE_HOME": "/c"}, "linux").as_posix()
    '/n'
    """
    env = os.environ if environ is None else environ
    plat = sys.platform if platform is None else platform
    if env.get("NUMBA_CACHE_DIR"):
        return Path(env["NUMBA_CACHE_DIR"])
    if plat.startswith("win"):
        base = Path(env.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif plat == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "composer" / "numba"


# numba reads NUMBA_CACHE_DIR when it is imported and again before each compilation; the
# environment variable covers both, and setting config covers a numba imported earlier.
if not os.environ.get("NUMBA_CACHE_DIR"):
    os.environ["NUMBA_CACHE_DIR"] = str(cache_dir())

import numba  # noqa: E402  (after the cache folder is set)

numba.config.CACHE_DIR = os.environ["NUMBA_CACHE_DIR"]

#: ``cache=True`` keeps compiled kernels on disk between processes; ``nogil=True`` lets
#: searches run in parallel threads. No ``fastmath``: reassociating the score sums
#: could change which candidate ranks first.
jit = numba.njit(cache=True, nogil=True)
#: The same options, for the small helpers of the kernels' inner loops (the event score, the
#: validity checks): inlined into their callers by numba itself, so that passing the settings
#: groups to them costs no call and no copy.
jit_inline = numba.njit(cache=True, nogil=True, inline="always")


_announced = False


def announce_compile(kernel: object, *, stream: TextIO | None = None) -> bool:
    """Say on stderr, once per process, that ``kernel`` is about to be compiled because its cache is cold.

    A fresh install's first melody waits on numba for several seconds; one line says why.
    Nothing is printed when the kernel is already compiled in this process, when its
    cache index exists on disk (a warm cache), or when numba is off (``NUMBA_DISABLE_JIT=1``).

    Parameters
    ----------
    kernel : numba dispatcher
        A kernel made with :data:`jit`.
    stream : text stream, optional
        Where to write (default ``sys.stderr``).

    Returns
    -------
    bool
        Whether the line was written.
    """
    global _announced
    cache = getattr(kernel, "_cache", None)
    index = getattr(getattr(cache, "_cache_file", None), "_index_path", None)
    if _announced or index is None or getattr(kernel, "signatures", None) or os.path.exists(index):
        return False
    _announced = True
    print(f"composer: compiling the search on first use (10-40 s, once; cached in {numba.config.CACHE_DIR})",
          file=stream or sys.stderr, flush=True)
    return True
