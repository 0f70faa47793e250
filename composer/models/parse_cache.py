"""The on-disk cache of parsed music files: each file's melodies as ragged arrays plus JSON metadata in one ``.npz``."""

from __future__ import annotations

__all__ = ["cache_root", "cache_path", "save_melodies", "load_melodies"]

import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

M = TypeVar("M")


def cache_root() -> Path:
    """Return the cache's root folder: ``$COMPOSER_CACHE_DIR`` or ``~/.cache/composer``."""
    root = os.environ.get("COMPOSER_CACHE_DIR")
    return Path(root) if root else Path.home() / ".cache" / "composer"


def cache_path(path: Path, namespace: str) -> Path:
    """Return the cache file of ``path`` in ``namespace`` (a folder per reader and version).

    The name hashes the file's resolved path, size and modification time, so an edited
    file is parsed again.
    """
    st = path.stat()
    key = f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}|{namespace}"
    return cache_root() / namespace / (hashlib.sha1(key.encode()).hexdigest() + ".npz")


def save_melodies(target: Path, melodies: Sequence[Any], skipped: Counter, *, arrays: Sequence[str],
                  fields: Sequence[str]) -> None:
    """Store ``melodies`` (objects with 1-D int ``arrays`` of equal length and JSON-able ``fields``) at ``target``.

    Written to a temporary file and renamed, so a reader never sees half a file; a cache
    that cannot be written only costs time, so write errors are ignored.
    """
    meta = {"skipped": dict(skipped), "melodies": [{k: getattr(m, k) for k in fields} for m in melodies]}
    data = {k: (np.concatenate([getattr(m, k) for m in melodies]) if melodies else np.zeros(0, np.int64))
            for k in arrays}
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp.npz")
        np.savez(tmp, lengths=np.array([len(m) for m in melodies], dtype=np.int64),
                 meta=np.array(json.dumps(meta)), **data)
        os.replace(tmp, target)
    except OSError:
        pass


def load_melodies(target: Path, make: Callable[..., M], *, arrays: Sequence[str]) -> tuple[list[M], Counter] | None:
    """Return the melodies stored at ``target`` (built by ``make(**arrays, **fields)``), or None.

    None when there is no file, or it is corrupt or of another layout: the caller parses
    the music again and overwrites it.
    """
    if not target.exists():
        return None
    try:
        with np.load(target, allow_pickle=False) as z:
            data = {k: z[k] for k in arrays}
            lengths = z["lengths"]
            meta = json.loads(str(z["meta"]))
        bounds = np.concatenate([[0], np.cumsum(lengths)])
        if any(len(a) != bounds[-1] for a in data.values()) or len(lengths) != len(meta["melodies"]):
            return None
        melodies = [make(**{k: a[lo:hi] for k, a in data.items()}, **info)
                    for lo, hi, info in zip(bounds[:-1], bounds[1:], meta["melodies"])]
        return melodies, Counter(meta["skipped"])
    except Exception:  # corrupt or foreign file: rebuild it
        return None
