"""The ``composer`` command line. Each subcommand lives in its own module of this package.

A subcommand module defines ``register(subparsers)``, which adds its parser and sets
``handler`` (a function taking the parsed arguments and returning an exit code)
as the parser's default.
"""

from __future__ import annotations

__all__ = ["main", "build_parser", "EXIT_OK", "EXIT_USER_ERROR", "EXIT_USAGE"]

import argparse
import contextlib
import signal
import sys
import threading
from collections.abc import Iterator, Sequence

from composer import __version__
from composer.cli import adjust, batch, evaluate, generate, harmonise, live, rules, score, train
from composer.cli._common import EXIT_OK, EXIT_USAGE, EXIT_USER_ERROR, UsageError
from composer.errors import ComposerError

#: The subcommand modules, in the order ``--help`` lists them.
SUBCOMMANDS = (generate, score, batch, train, evaluate, rules, harmonise, adjust, live)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``composer`` command."""
    parser = argparse.ArgumentParser(
        prog="composer",
        description="Turn emotion (valence and arousal) into melodies.",
        epilog="examples:\n"
               "  composer generate --valence 0.7 --arousal 0.4 --bars 8 --seed 1 -o happy.mid\n"
               "  composer generate -v -0.5 -a 0.8 -o tense.svg -o tense.wav --json\n"
               "  composer score story.txt -o story.mid\n"
               "  composer harmonise tune.mid -o tune.musicxml\n"
               "  composer generate --help\n\n"
               "exit codes: 0 success, 1 user error (one-line message), 2 usage error",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"composer {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in SUBCOMMANDS:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``composer`` command; return its exit code (0 ok, 1 user error, 2 usage)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    with _sigterm_as_exit():
        return _run(args)


class _Terminated(BaseException):
    """SIGTERM, raised so that ``finally`` blocks (temporary-file clean-up) run before the exit."""


@contextlib.contextmanager
def _sigterm_as_exit() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum: int, frame: object) -> None:
        raise _Terminated

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.handler(args))
    except UsageError as e:
        print(f"composer {args.command}: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except ComposerError as e:
        print(f"composer: error: {e}", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:  # e.g. `composer generate ... --json | head -1`
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("composer: interrupted", file=sys.stderr)
        return 130
    except _Terminated:
        print("composer: terminated", file=sys.stderr)
        return 143
