"""All-or-nothing writes: stage every output in a temporary file beside it, then commit them together.

``atomic_write`` writes one file; ``stage`` + ``commit`` write several (every output of
one command) so that either all land or none does: a file is staged (fully written to a
hidden temporary file in its target's folder), and only when every file is staged are
they renamed onto their targets. If a rename fails part way, the files already replaced
are put back from hard-link backups and new ones removed.

What a write may replace:

* an existing file only with ``overwrite=True`` (a bool: ``overwrite="no"`` is refused);
  the replaced file's permission bits are kept (a 0600 file stays 0600);
* never a symbolic link (dangling or not): writing through a link would change a file
  elsewhere, so a link target is refused, whatever ``overwrite`` says;
* temporary files are removed on any failure, on ``KeyboardInterrupt`` and on SIGTERM
  (the command line turns SIGTERM into an exit that runs this clean-up). Only SIGKILL
  can leave one: a hidden ``.composer-*.tmp*`` file beside the target.
"""

from __future__ import annotations

__all__ = ["atomic_write", "check_path", "check_target", "StagedFile", "stage", "commit", "discard"]

import os
import stat
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from music21.exceptions21 import Music21Exception

from composer.errors import RenderError
from composer.limits import LIMITS


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: Read once at import: ``mkstemp`` makes private (0600) files, and a new file should
#: get the permissions ``open`` would have given it.
_FILE_MODE = 0o666 & ~_read_umask()

#: Prefix of every temporary file (hidden; the target's name is not repeated, so a long name still fits).
TEMP_PREFIX = ".composer-"


def _exists_message(target: Path) -> str:
    return f"cannot write {str(target)!r}: the file exists (pass overwrite=True, or --force on the command line, to replace it)"


def _shown(path: str | os.PathLike[str]) -> str:
    """A path for messages: bytes that are not UTF-8 shown as escapes, never raising."""
    return repr(os.fspath(path)).encode("utf-8", "backslashreplace").decode("utf-8")


def check_path(path: object) -> str:
    """Return ``path`` as text after checking it is a usable path: a str or path-like, without NUL.

    Raises
    ------
    RenderError
        For ``None``, bytes, a number, or a path holding a NUL character.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise RenderError(f"a file path is a str or a pathlib.Path, got {type(path).__name__}")
    text = os.fspath(path)
    if not isinstance(text, str):
        raise RenderError(f"a file path is a str or a pathlib.Path, got a path of {type(text).__name__}")
    if "\0" in text:
        raise RenderError(f"cannot write {_shown(text)}: a file path cannot hold a NUL character")
    return text


def check_target(path: str | os.PathLike[str], *, overwrite: bool) -> Path:
    """Return ``path`` made absolute, after checking that a file can be written there.

    Parameters
    ----------
    path : str or path-like
        The file to write (``~`` is expanded).
    overwrite : bool
        Whether an existing file may be replaced (``True`` or ``False`` only).

    Returns
    -------
    Path
        The absolute target path (its folder resolved; the name itself is not followed).

    Raises
    ------
    RenderError
        If ``overwrite`` is not a bool, the target is a folder or a symbolic link, exists
        and ``overwrite`` is False, its name is longer than ``output_name_chars`` bytes,
        or its folder is missing or not a folder.
    """
    if not isinstance(overwrite, bool):
        raise RenderError(f"overwrite must be True or False, got {overwrite!r}")
    check_path(path)
    try:
        given = Path(path).expanduser()
    except (TypeError, RuntimeError) as e:
        raise RenderError(f"cannot write {path!r}: {e}") from None
    if not given.name or given.name in (".", ".."):
        raise RenderError(f"cannot write {_shown(given)}: it names a folder, not a file")
    name_bytes = len(os.fsencode(given.name))
    high = LIMITS["output_name_chars"].high
    if name_bytes > high:
        raise RenderError(f"cannot write {_shown(given.name[:40] + '...')}: the file name is {name_bytes} bytes, "
                          f"over the limit output_name_chars (at most {high} bytes)")
    folder = given.parent.resolve()
    target = folder / given.name
    if target.is_symlink():
        raise RenderError(f"cannot write {_shown(target)}: it is a symbolic link; composer does not write "
                          "through links (write to the real file, or remove the link)")
    if target.is_dir():
        raise RenderError(f"cannot write {_shown(target)}: it is a folder")
    if not overwrite and target.exists():
        raise RenderError(_exists_message(target))
    if target.exists() and not target.is_file():
        raise RenderError(f"cannot write {_shown(target)}: it is not a regular file")
    if not folder.is_dir():
        why = "is not a folder" if folder.exists() else "does not exist"
        raise RenderError(f"cannot write {_shown(target)}: the folder {_shown(folder)} {why}")
    return target


@dataclass(frozen=True)
class StagedFile:
    """A fully written temporary file waiting to be renamed onto its target.

    Attributes
    ----------
    target : Path
        Where it goes.
    tmp : Path
        The temporary file, in the target's folder.
    overwrite : bool
        Whether an existing target may be replaced.
    """

    target: Path
    tmp: Path
    overwrite: bool


def stage(path: str | os.PathLike[str], fill: Callable[[Path], None], *, overwrite: bool = False) -> StagedFile:
    """Write a temporary file beside ``path`` with ``fill``; nothing is replaced yet.

    Parameters
    ----------
    path : str or path-like
        The target.
    fill : callable
        ``fill(tmp_path)`` writes the whole content to ``tmp_path`` (which exists, empty,
        and ends with the target's suffix, so writers that pick a format by suffix work).
    overwrite : bool
        Whether the target may be replaced when committed.

    Returns
    -------
    StagedFile
        Pass it to :func:`commit` (or :func:`discard`).

    Raises
    ------
    RenderError
        As :func:`check_target`, or when the disk or music21 fails inside ``fill``; the
        temporary file is then removed. A ``ComposerError`` raised by ``fill`` passes through.
    """
    target = check_target(path, overwrite=overwrite)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=f".tmp{target.suffix}", dir=target.parent)
    except OSError as exc:
        raise RenderError(f"cannot write {_shown(target)}: {exc.strerror or exc}") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        fill(tmp)
        mode = stat.S_IMODE(target.stat().st_mode) if overwrite and target.is_file() else _FILE_MODE
        os.chmod(tmp, mode)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise RenderError(f"cannot write {_shown(target)}: {exc.strerror or exc}") from None
        if isinstance(exc, Music21Exception):
            raise RenderError(f"cannot write {_shown(target)}: music21 failed: {exc}") from exc
        if isinstance(exc, UnicodeError):
            raise RenderError(f"cannot write {_shown(target)}: text that cannot be encoded ({exc.reason})") from None
        raise
    return StagedFile(target, tmp, overwrite)


def discard(staged: Sequence[StagedFile]) -> None:
    """Remove the temporary files of ``staged`` (after a failure elsewhere)."""
    for s in staged:
        s.tmp.unlink(missing_ok=True)


def commit(staged: Sequence[StagedFile]) -> list[Path]:
    """Rename every staged file onto its target: all of them, or (on failure) none.

    Every target is checked again first (a file that appeared meanwhile is not replaced
    without ``overwrite``). Replaced files are kept as hard-link backups until every
    rename has succeeded, so a failure part way restores them.

    Returns
    -------
    list of Path
        The targets, in order.

    Raises
    ------
    RenderError
        If any target cannot be written; every temporary file is removed and every
        target is as it was.
    """
    backups: list[tuple[Path, Path | None]] = []  # (target, backup of what it held, or None if new)
    try:
        for s in staged:
            check_target(s.target, overwrite=s.overwrite)
        for s in staged:
            backup = None
            if s.target.exists():
                backup = s.tmp.with_name(s.tmp.name + ".old")
                os.link(s.target, backup)
            backups.append((s.target, backup))
            os.replace(s.tmp, s.target)
    except BaseException as exc:
        for target, backup in reversed(backups):
            try:
                if backup is not None:
                    os.replace(backup, target)
                else:
                    target.unlink(missing_ok=True)
            except OSError:
                pass
        discard(staged)
        if isinstance(exc, OSError):
            where = _shown(staged[len(backups) - 1].target) if backups else "the outputs"
            raise RenderError(f"cannot write {where}: {exc.strerror or exc}; no output was changed") from None
        raise
    for _, backup in backups:
        if backup is not None:
            backup.unlink(missing_ok=True)
    return [s.target for s in staged]


def atomic_write(path: str | os.PathLike[str], fill: Callable[[Path], None], *, overwrite: bool = False) -> Path:
    """Write one file by calling ``fill`` on a temporary file beside it, then renaming it onto ``path``.

    The rename (``os.replace``) is atomic on one file system, so a reader never sees a
    half-written file and an interrupted or failed write leaves nothing behind.

    Parameters
    ----------
    path : str or path-like
        The file to write.
    fill : callable
        ``fill(tmp_path)`` writes the whole content to ``tmp_path``.
    overwrite : bool, optional
        Replace an existing file (its permission bits are kept). By default an existing
        file is an error.

    Returns
    -------
    Path
        The absolute path written.

    Raises
    ------
    RenderError
        See :func:`stage` and :func:`commit`. A ``ComposerError`` raised by ``fill`` passes through.
    """
    return commit([stage(path, fill, overwrite=overwrite)])[0]
