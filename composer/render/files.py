"""``write_melody``: a ``Melody`` written atomically to MIDI or MusicXML, the format chosen by the extension."""

from __future__ import annotations

__all__ = ["SUPPORTED_EXTENSIONS", "FORMATS", "write_melody", "format_for"]

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from music21.exceptions21 import Music21Exception

from composer.errors import RenderError

if TYPE_CHECKING:
    from composer.melody import Melody

#: File extension (lower case, with the dot) to music21 writer format.
FORMATS: dict[str, str] = {
    ".mid": "midi",
    ".midi": "midi",
    ".musicxml": "musicxml",
    ".xml": "musicxml",
    ".mxl": "musicxml",  # music21 compresses when the file name ends in .mxl
}

#: The extensions ``write_melody`` understands.
SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(FORMATS)


def format_for(path: str | os.PathLike[str]) -> str:
    """Return the music21 writer format (``"midi"`` or ``"musicxml"``) for ``path``'s extension.

    Raises
    ------
    RenderError
        If the extension is not one of ``SUPPORTED_EXTENSIONS``.
    """
    ext = Path(path).suffix.lower()
    try:
        return FORMATS[ext]
    except KeyError:
        shown = repr(ext) if ext else "no extension"
        raise RenderError(
            f"cannot write {os.fspath(path)!r}: {shown} is not a supported format; "
            f"use one of {', '.join(SUPPORTED_EXTENSIONS)}"
        ) from None


def write_melody(melody: "Melody", path: str | os.PathLike[str], *, overwrite: bool = True) -> Path:
    """Write ``melody`` to ``path``; the extension chooses MIDI or MusicXML.

    The file is written to a temporary file in the same folder and then moved onto
    ``path`` in one step (``os.replace``), so an interrupted or failed write never leaves
    a partial file; the temporary file is removed on any failure.

    Parameters
    ----------
    melody : Melody
        The melody (see ``composer.render.melody_to_stream`` for what is written).
    path : str or path-like
        Target file; ``.mid``/``.midi`` write Standard MIDI, ``.musicxml``/``.xml``
        MusicXML and ``.mxl`` compressed MusicXML.
    overwrite : bool, optional
        Replace an existing file (default). When False, an existing ``path`` is an error.

    Returns
    -------
    Path
        The absolute path written.

    Raises
    ------
    RenderError
        For an unsupported extension, an existing file with ``overwrite=False``, a missing
        or unwritable folder, or a failure inside music21's writer.
    """
    from composer.render.stream import melody_to_stream

    target = Path(path).expanduser()
    fmt = format_for(target)
    target = target.resolve()
    if target.is_dir():
        raise RenderError(f"cannot write {str(target)!r}: it is a folder")
    if not overwrite and target.exists():
        raise RenderError(f"cannot write {str(target)!r}: the file exists (pass overwrite=True to replace it)")
    folder = target.parent
    if not folder.is_dir():
        why = "is not a folder" if folder.exists() else "does not exist"
        raise RenderError(f"cannot write {str(target)!r}: the folder {str(folder)!r} {why}")

    score = melody_to_stream(melody)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=f".tmp{target.suffix}", dir=folder)
    except OSError as exc:
        raise RenderError(f"cannot write {str(target)!r}: {exc.strerror or exc}") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        score.write(fmt, fp=tmp)
        if not overwrite and target.exists():  # appeared while we were writing
            raise RenderError(f"cannot write {str(target)!r}: the file exists (pass overwrite=True to replace it)")
        os.replace(tmp, target)
    except RenderError:
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
