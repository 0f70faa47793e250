"""Did-you-mean suggestions for misspelt names: the one place that finds the closest known name.

Two renderings, one per message family: :func:`did_you_mean` and :func:`suggest` for style
files (``"...; did you mean 'x'?"``), :func:`hint` for arguments, affects and cue sheets
(``"... (did you mean 'x'?)"``).
"""

from __future__ import annotations

__all__ = ["closest", "did_you_mean", "hint", "suggest"]

import difflib
from collections.abc import Iterable


def closest(word: object, options: Iterable[str]) -> str | None:
    """Return the option closest to ``word`` (difflib ratio at least 0.6), or None.

    Examples
    --------
    >>> closest("dorain", ["dorian", "lydian"])
    'dorian'
    >>> closest(3, ["dorian"]) is None
    True
    """
    if not isinstance(word, str):
        return None
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return close[0] if close else None


def hint(word: object, options: Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the closest option, or ``""`` when none is close.

    Examples
    --------
    >>> hint("gausian", ["gaussian", "none"])
    " (did you mean 'gaussian'?)"
    """
    match = closest(word, options)
    return f" (did you mean {match!r}?)" if match else ""


def did_you_mean(word: object, options: Iterable[str]) -> str:
    """Return ``"; did you mean 'x'?"`` for the closest option, or ``""`` when none is close.

    Examples
    --------
    >>> did_you_mean("tempi", ["tempo", "meter"])
    "; did you mean 'tempo'?"
    >>> did_you_mean("zzz", ["tempo"])
    ''
    """
    match = closest(word, options)
    return f"; did you mean '{match}'?" if match else ""


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
