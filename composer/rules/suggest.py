"""Did-you-mean suggestions for misspelt names in style files."""

from __future__ import annotations

__all__ = ["did_you_mean", "suggest"]

import difflib
from collections.abc import Iterable


def did_you_mean(word: object, options: Iterable[str]) -> str:
    """Return ``"; did you mean 'x'?"`` for the closest option, or ``""`` when none is close.

    Examples
    --------
    >>> did_you_mean("tempi", ["tempo", "meter"])
    "; did you mean 'tempo'?"
    >>> did_you_mean("zzz", ["tempo"])
    ''
    """
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def suggest(word: object, options: Iterable[str]) -> str:
    """Return a did-you-mean hint, or the list of allowed options when none is close.

    Examples
    --------
    >>> suggest("tempi", ["tempo", "meter"])
    "; did you mean 'tempo'?"
    >>> suggest("zzz", ["tempo", "meter"])
    '; allowed: tempo, meter'
    """
    options = list(options)
    return did_you_mean(word, options) or f"; allowed: {', '.join(options)}"
