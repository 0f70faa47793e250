"""The ``composer`` command line. Each subcommand lives in its own module of this package.

A subcommand module defines ``register(subparsers)``, which adds its parser and sets
``handler`` (a function taking the parsed arguments and returning an exit code)
as the parser's default.
"""

from __future__ import annotations

__all__ = ["main", "build_parser", "EXIT_OK", "EXIT_USER_ERROR", "EXIT_USAGE"]

import argparse
import sys
from collections.abc import Sequence

from composer import __version__
from composer.cli import evaluate, generate, train
from composer.cli._common import EXIT_OK, EXIT_USAGE, EXIT_USER_ERROR
from composer.errors import ComposerError

#: The subcommand modules, in the order ``--help`` lists them.
SUBCOMMANDS = (generate, train, evaluate)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``composer`` command."""
    parser = argparse.ArgumentParser(
        prog="composer",
        description="Turn emotion (valence and arousal) into melodies.",
        epilog="Example: composer generate --valence 0.7 --arousal 0.4 --bars 8 --seed 1 -o happy.mid",
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
    try:
        return int(args.handler(args))
    except ComposerError as e:
        print(f"composer: error: {e}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("composer: interrupted", file=sys.stderr)
        return 130
