"""``atomic_write``: write a file through a temporary file and one rename, refusing to overwrite unless asked."""

from __future__ import annotations

__all__ = ["atomic_write", "check_target"]

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from music21.exceptions21 import Music21Exception

from composer.errors import ComposerError, RenderError


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: Read once at import: ``mkstemp`` makes private (0600) files, and a written file
#: should get the permissions ``open`` would have given it.
_FILE_MODE = 0o666 & ~_read_umask()


def _exists_message(target: Path) -> str:
    return f"cannot write {str(target)!r}: the file exists (pass overwrite=True, or --force on the command line, to replace it)"


def check_target(path: str | os.PathLike[str], *, overwrite: bool) -> Path:
    """Return ``path`` made absolute, after checking that a file can be written there.

    Parameters
    ----------
    path : str or path-like
        The file to write (``~`` is expanded).
    overwrite : bool
        Whether an existing file may be replaced.

    Returns
    -------
    Path
        The absolute target path.

    Raises
    ------
    RenderError
        If the target is a folder, exists and ``overwrite`` is False, or its folder is
        missing or not a folder.
    """
    target = Path(path).expanduser().resolve()
    if target.is_dir():
        raise RenderError(f"cannot write {str(target)!r}: it is a folder")
    if not overwrite and target.exists():
        raise RenderError(_exists_message(target))
    folder = target.parent
    if not folder.is_dir():
        why = "is not a folder" if folder.exists() else "does not exist"
        raise RenderError(f"cannot write {str(target)!r}: the folder {str(folder)!r} {why}")
    return target


def atomic_write(path: str | os.PathLike[str], fill: Callable[[Path], None], *, overwrite: bool = False) -> Path:
    """Write a file by calling ``fill`` on a temporary file beside it, then renaming it onto ``path``.

    The rename (``os.replace``) is atomic on one file system, so a reader never sees a
    half-written file and an interrupted or failed write leaves nothing behind: the
    temporary file is removed on any failure, ``KeyboardInterrupt`` included.

    Parameters
    ----------
    path : str or path-like
        The file to write.
    fill : callable
        ``fill(tmp_path)`` writes the whole content to ``tmp_path`` (which exists, empty,
        and ends with the target's suffix, so writers that pick a format by suffix work).
    overwrite : bool, optional
        Replace an existing file. By default an existing file is an error.

    Returns
    -------
    Path
        The absolute path written.

    Raises
    ------
    RenderError
        If the target cannot be written (see ``check_target``), the disk fails, or
        music21 fails inside ``fill``. A ``ComposerError`` raised by ``fill`` passes through.
    """
    target = check_target(path, overwrite=overwrite)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=f".tmp{target.suffix}", dir=target.parent)
    except OSError as exc:
        raise RenderError(f"cannot write {str(target)!r}: {exc.strerror or exc}") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        fill(tmp)
        os.chmod(tmp, _FILE_MODE)
        if not overwrite and target.exists():  # appeared while we were writing
            raise RenderError(_exists_message(target))
        os.replace(tmp, target)
    except ComposerError:
        tmp.unlink(missing_ok=True)
        raise
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise RenderError(f"cannot write {str(target)!r}: {exc.strerror or exc}") from None
    except Music21Exception as exc:
        tmp.unlink(missing_ok=True)
        raise RenderError(f"cannot write {str(target)!r}: music21 failed: {exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target
