"""Read a user's file safely: regular files only, at most a stated number of bytes.

The one place that opens files a user names (styles, cue sheets, stories, corpus
manifests and corpus music files). A FIFO, a device (``/dev/zero``, also through a
symlink), a socket or a folder is refused without being read, so nothing hangs or
fills memory; a file is read to at most its limit plus one byte, then refused when
over. Error messages name the file and the limit and never quote its content.
"""

from __future__ import annotations

__all__ = ["read_limited", "check_regular", "read_json"]

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

from composer.errors import ComposerError, LimitError
from composer.limits import LIMITS, check_depth, check_number_text


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_regular(path: str | os.PathLike[str], what: str,
                  error: Callable[[str], ComposerError]) -> Path:
    """Return ``path`` if it names a regular file (after following symlinks), else raise ``error(message)``.

    Parameters
    ----------
    path : str or path-like
        The file.
    what : str
        What the file should be, for messages (``"style file"``).
    error : callable
        Builds the exception to raise from a message (e.g. ``CueSheetError``).
    """
    p = Path(path)
    try:
        st = os.stat(p)
    except (OSError, ValueError) as e:
        reason = "no such file" if isinstance(e, FileNotFoundError) else getattr(e, "strerror", None) or str(e)
        raise error(f"cannot read {what} {str(p)!r}: {reason}") from None
    if not stat.S_ISREG(st.st_mode):
        raise error(f"cannot read {what} {str(p)!r}: it is {_kind(st.st_mode)}, not a regular file")
    return p


def read_limited(path: str | os.PathLike[str], limit: str, what: str,
                 error: Callable[[str], ComposerError]) -> bytes:
    """Read a regular file of at most ``LIMITS[limit].high`` bytes.

    Parameters
    ----------
    path : str or path-like
        The file.
    limit : str
        Name of the byte limit in ``composer.limits.LIMITS`` (e.g. ``"style_bytes"``).
    what : str
        What the file should be, for messages.
    error : callable
        Builds the exception for a file that cannot be read or is not a regular file.

    Returns
    -------
    bytes
        The whole content.

    Raises
    ------
    LimitError
        If the file holds more than the limit (only limit + 1 bytes are read).
    ComposerError
        ``error(message)`` for a missing, unreadable or non-regular file.
    """
    p = check_regular(path, what, error)
    high = int(LIMITS[limit].high)
    try:
        # O_NONBLOCK: a FIFO swapped in after the check does not block the open.
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as e:
        raise error(f"cannot read {what} {str(p)!r}: {e.strerror or e}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise error(f"cannot read {what} {str(p)!r}: it is not a regular file")
        chunks: list[bytes] = []
        size = 0
        while size <= high:
            chunk = os.read(fd, min(1 << 20, high + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as e:
        raise error(f"cannot read {what} {str(p)!r}: {e.strerror or e}") from None
    finally:
        os.close(fd)
    if size > high:
        raise LimitError(f"{p}: {what} is over the limit {limit} (from 0 to {high:_} bytes: "
                         f"{LIMITS[limit].bounds})", limit=limit, where=str(p))
    return b"".join(chunks)


def _depth(value: object) -> int:
    """Containers nested in a JSON value (``[]`` is 1, ``[[1]]`` is 2), walked without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        v, d = stack.pop()
        if isinstance(v, (dict, list)):
            deepest = max(deepest, d)
            stack.extend((x, d + 1) for x in (v.values() if isinstance(v, dict) else v))
    return deepest


def read_json(text: str, source: str, error: Callable[[str], ComposerError]) -> object:
    """Parse a JSON document the way ``read_yaml`` parses YAML: strictly and within the limits.

    Duplicate keys are refused (JSON would keep the last silently), numbers longer than
    ``number_chars`` and nesting deeper than ``nesting_depth`` are refused, and so are
    ``NaN`` and ``Infinity`` (not JSON).

    Raises
    ------
    LimitError
        Over a limit, naming ``source``.
    ComposerError
        ``error(message)`` on a duplicate key or a bare NaN/Infinity.
    json.JSONDecodeError
        On a syntax error (the caller words it, with its line).
    """
    def pairs(items: list[tuple[str, object]]) -> dict:
        out: dict = {}
        for key, value in items:
            if key in out:
                raise error(f"{source}: duplicate key {key!r} (JSON would keep only the last)")
            out[key] = value
        return out

    def constant(name: str) -> float:
        raise error(f"{source}: {name} is not a JSON number")

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=constant,
                          parse_int=lambda t: int(check_number_text(t, source)),
                          parse_float=lambda t: float(check_number_text(t, source)))
    except RecursionError:
        check_depth(LIMITS["nesting_depth"].high + 1, source)
        raise AssertionError from None  # unreachable: check_depth raised
    check_depth(_depth(data), source)
    return data
