"""Model files: versioned ``.npz`` archives (arrays plus JSON metadata, no pickle), written atomically.

Every shipped model (order-2 Markov, variable-order Markov, neural) is saved and read
through these functions, so they share the checks and the error messages that name
the file.
"""

from __future__ import annotations

__all__ = ["write_model_file", "read_model_file", "load_shipped"]

import importlib.resources
import json
import os
import zipfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TypeVar

import numpy as np

from composer._resources import corpora_dir
from composer.errors import ModelError

M = TypeVar("M")


def write_model_file(path: str | os.PathLike, *, version: int, metadata: Mapping,
                     arrays: Mapping[str, np.ndarray]) -> Path:
    """Write ``arrays``, ``format_version`` and ``metadata`` (as JSON) to ``path``; return the path.

    The archive is compressed and written to a temporary file first, then renamed, so a
    reader never sees half a model.
    """
    from composer.render.atomic import atomic_write

    p = Path(path)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ModelError(f"cannot write model {str(p)!r}: its folder {str(p.parent)!r} cannot be made "
                         f"({e.strerror or e})") from None

    def fill(tmp: Path) -> None:
        with open(tmp, "wb") as f:  # a file object: savez would add ".npz" to a name
            np.savez_compressed(f, format_version=np.int64(version),
                                metadata=np.array(json.dumps(dict(metadata), sort_keys=True)), **arrays)

    return atomic_write(p, fill, overwrite=True)


def read_model_file(path: str | os.PathLike, *, what: str, version: int,
                    keys: Iterable[str]) -> tuple[dict[str, np.ndarray], dict]:
    """Read a file written by :func:`write_model_file`.

    Parameters
    ----------
    path : path-like
        The ``.npz`` file.
    what : str
        What the file holds, for messages (``"Markov model"``).
    version : int
        The format version this composer reads.
    keys : iterable of str
        The arrays the file must hold.

    Returns
    -------
    arrays : dict of str to ndarray
        Every array named in ``keys``.
    metadata : dict
        The metadata (an empty dict if it was not a mapping).

    Raises
    ------
    ModelError
        If the file is missing, corrupt, of another format version or lacks an array;
        the message names the file.
    """
    p = Path(path)
    if not p.is_file():
        raise ModelError(f"{p}: {what} file not found")
    wanted = set(keys)
    try:
        with np.load(p, allow_pickle=False) as z:
            missing = (wanted | {"format_version", "metadata"}) - set(z.files)
            if missing:
                raise ModelError(f"{p}: not a {what} file (missing {', '.join(sorted(missing))})")
            found = int(z["format_version"])
            if found != version:
                raise ModelError(f"{p}: {what} format version {found}, this composer reads version {version}; "
                                 "retrain it with `composer train`")
            arrays = {k: z[k] for k in wanted}
            metadata = json.loads(str(z["metadata"]))
    except ModelError:
        raise
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile, json.JSONDecodeError) as exc:
        raise ModelError(f"{p}: corrupt {what} file ({type(exc).__name__}: {exc})") from exc
    return arrays, metadata if isinstance(metadata, dict) else {}


def load_shipped(filename: str, load: Callable[[Path], M]) -> M:
    """Load the shipped model file ``filename`` (in ``corpora/``, inside the wheel) with ``load``."""
    with importlib.resources.as_file(corpora_dir().joinpath(filename)) as path:
        return load(path)
