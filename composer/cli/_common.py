"""What every subcommand shares: exit codes and argument types with clear messages."""

from __future__ import annotations

__all__ = ["EXIT_OK", "EXIT_USER_ERROR", "EXIT_USAGE", "emotion_value", "positive_int"]

import argparse

EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE = 0, 1, 2


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
