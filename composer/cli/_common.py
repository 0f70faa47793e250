"""What every subcommand shares: exit codes, argument types with clear messages, output options and writing."""

from __future__ import annotations

__all__ = [
    "EXIT_OK",
    "EXIT_USER_ERROR",
    "EXIT_USAGE",
    "UsageError",
    "emotion_value",
    "positive_int",
    "add_output_options",
    "add_arrangement_options",
    "arrange_choice",
    "check_outputs",
    "numbered_path",
    "stage_outputs",
    "write_outputs",
    "print_json",
]

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from composer.render.atomic import StagedFile
    from composer.render.files import Renderable

EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Arguments that make no sense together; ``main`` prints it like argparse and exits 2."""


def emotion_value(text: str) -> float:
    """Parse a valence or arousal argument: a number in [-1, 1]."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number in [-1, 1], got {text!r}") from None
    if not -1.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be in [-1, 1], got {value:g}")
    return value


def positive_int(text: str) -> int:
    """Parse a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """Add the output flags every composing subcommand shares: ``-o``, ``-f``, ``--soundfont``, ``--json``."""
    from composer.render.files import SUPPORTED_EXTENSIONS

    group = parser.add_argument_group("output")
    group.add_argument("-o", "--output", action="append", default=[], metavar="FILE",
                       help=f"file to write, the format chosen by its ending ({', '.join(SUPPORTED_EXTENSIONS)}); "
                            "repeat for several")
    group.add_argument("-f", "--force", action="store_true", help="replace output files that exist (default: refuse)")
    group.add_argument("--soundfont", metavar="SF2", default=None,
                       help="play .wav outputs through this SoundFont instead of the built-in synthesiser")
    group.add_argument("--json", action="store_true", help="print one JSON summary per line instead of text")


def add_arrangement_options(parser: argparse.ArgumentParser, what: str) -> None:
    """Add ``--arrange`` / ``--melody-only`` (one or the other) and ``--piano-reduction``; ``what`` names what is arranged."""
    how = parser.add_mutually_exclusive_group()
    how.add_argument("--arrange", dest="arrange", action="store_true", default=None,
                     help=f"add harmony, a bass and {what} accompaniment (multi-part score, multi-track MIDI); "
                          "the film, game and hymn styles do this unless --melody-only is given")
    how.add_argument("--melody-only", dest="arrange", action="store_false",
                     help="write the melody alone, even for a style that arranges by default")
    parser.add_argument("--piano-reduction", action="store_true",
                        help="arrange, then fold every part onto a playable grand staff (two hands of one piano)")


def arrange_choice(args: argparse.Namespace) -> bool | None:
    """The ``arrange=`` the flags of :func:`add_arrangement_options` ask for: True, False, or None (the style decides).

    Raises
    ------
    UsageError
        If ``--piano-reduction`` comes with ``--melody-only``.
    """
    if args.piano_reduction:
        if args.arrange is False:
            raise UsageError("--piano-reduction reduces an arrangement; it cannot go with --melody-only")
        return True
    return args.arrange


def _ending(path: str) -> str:
    """The format ending of ``path`` (``.roll.png`` rather than ``.png``), or its plain suffix."""
    from composer.render.files import FORMATS

    name = Path(path).name.lower()
    for ending in sorted(FORMATS, key=len, reverse=True):
        if name.endswith(ending) and len(name) > len(ending):
            return Path(path).name[-len(ending):]
    return Path(path).suffix


def numbered_path(path: str, number: int, count: int) -> str:
    """The output path of variation ``number`` (1-based) of ``count``.

    A ``{n}`` in the path is replaced by the number; otherwise, when there are several
    variations, ``-N`` goes before the ending: ``tune.mid`` -> ``tune-2.mid``,
    ``tune.roll.png`` -> ``tune-2.roll.png``. One variation keeps the path as given.
    """
    if "{n}" in path:
        return path.replace("{n}", str(number))
    if count == 1:
        return path
    ending = _ending(path)
    stem = path[: len(path) - len(ending)] if ending else path
    return f"{stem}-{number}{ending}"


def check_outputs(paths: Sequence[str], *, force: bool, soundfont: str | None) -> None:
    """Refuse bad outputs before any work: unknown endings, duplicates, existing files, a stray ``--soundfont``.

    Raises
    ------
    UsageError
        For the same path given twice, or ``--soundfont`` without a ``.wav`` output.
    composer.errors.RenderError
        For an unknown ending, an existing file without ``--force``, or a missing folder.
    """
    from composer.render.atomic import check_target
    from composer.render.files import format_for

    for p in paths:
        format_for(p)
    resolved = [str(Path(p).expanduser().resolve()) for p in paths]
    dupes = sorted({p for p in resolved if resolved.count(p) > 1})
    if dupes:
        raise UsageError(f"the output {dupes[0]!r} is given twice")
    if soundfont is not None and not any(format_for(p) == "wav" for p in paths):
        raise UsageError("--soundfont applies to .wav outputs, and no -o FILE.wav was given")
    for p in paths:
        check_target(p, overwrite=force)


def stage_outputs(source: "Renderable", paths: Sequence[str], *, force: bool, soundfont: str | None) -> list["StagedFile"]:
    """Render ``source`` for every path into temporary files (nothing replaced yet); on failure none is left."""
    from composer.render.atomic import discard
    from composer.render.files import format_for, stage_file

    staged: list[StagedFile] = []
    try:
        for p in paths:
            sf = soundfont if format_for(p) == "wav" else None
            staged.append(stage_file(source, p, overwrite=force, soundfont=sf))
    except BaseException:
        discard(staged)
        raise
    return staged


def write_outputs(source: "Renderable", paths: Sequence[str], *, force: bool, soundfont: str | None) -> list[str]:
    """Write ``source`` to every path, all or none (see ``composer.render.atomic``); return the paths written."""
    from composer.render.atomic import commit

    return [str(t) for t in commit(stage_outputs(source, paths, force=force, soundfont=soundfont))]


def print_json(obj: object) -> None:
    """Print ``obj`` as one line of JSON on stdout."""
    print(json.dumps(obj), file=sys.stdout, flush=True)
