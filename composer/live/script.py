"""``Script``: a scripted game's emotion changes, bar by bar, given in Python or read from a YAML file.

The file (``composer live --curve script.yaml``)::

    bars: 32                 # optional: how many bars to play (the command's --bars wins)
    changes:                 # in order; each at the start of a bar, counted from 0
      - {bar: 0, emotion: calm, label: exploring}
      - {bar: 8, valence: -0.4, arousal: 0.6, label: enemy spotted}

An emotion is ``emotion:`` (a word of ``composer.affect.emotion_words``, or
``[valence, arousal]``) or ``valence:`` and ``arousal:``; ``label`` is optional and marks
the score.
"""

from __future__ import annotations

__all__ = ["Script", "read_script", "MAX_SCRIPT_BARS", "SCRIPT_KEYS", "CHANGE_KEYS"]

from dataclasses import dataclass
from pathlib import Path
from collections.abc import Iterable

import numpy as np
import yaml

from composer.affect import Affect
from composer.errors import LiveError
from composer.rules.suggest import hint
from composer.safe_read import read_limited

#: Most bars a script may reach (and ``render`` play).
MAX_SCRIPT_BARS = 100_000
#: Keys of a script file, and of one change.
SCRIPT_KEYS: tuple[str, ...] = ("bars", "changes")
CHANGE_KEYS: tuple[str, ...] = ("bar", "emotion", "valence", "arousal", "label")


@dataclass(frozen=True)
class Script:
    """A scripted game: ``(bar, emotion, label)`` changes, the bar counted from 0, in order.

    Examples
    --------
    >>> s = Script.of([(0, "calm", "exploring"), (8, (-0.5, 0.7), "enemy spotted")])
    >>> [c[0] for c in s.changes], s.changes[1][2]
    ([0, 8], 'enemy spotted')
    """

    changes: tuple[tuple[int, Affect, str], ...]

    @classmethod
    def of(cls, changes: Iterable[tuple]) -> "Script":
        """Read ``(bar, emotion)`` or ``(bar, emotion, label)`` rows (any emotion form ``as_affect`` reads).

        Raises
        ------
        LiveError
            For a malformed row, a bar that is not a whole number >= 0 or not after the previous one,
            or a bad emotion (naming the row).
        """
        from composer.affect import as_affect
        from composer.errors import AffectError

        out: list[tuple[int, Affect, str]] = []
        for i, row in enumerate(changes):
            if not isinstance(row, (tuple, list)) or len(row) not in (2, 3):
                raise LiveError(f"script row {i + 1}: give (bar, emotion) or (bar, emotion, label), got {row!r}")
            bar = row[0]
            if isinstance(bar, bool) or not isinstance(bar, (int, np.integer)) or not 0 <= bar < MAX_SCRIPT_BARS:
                raise LiveError(f"script row {i + 1}: bar must be a whole number from 0 to {MAX_SCRIPT_BARS - 1}, "
                                f"got {bar!r}")
            if out and bar <= out[-1][0]:
                raise LiveError(f"script row {i + 1}: bar {bar} does not come after bar {out[-1][0]}")
            try:
                affect = as_affect(row[1], what=f"script row {i + 1}")
            except AffectError as e:
                raise LiveError(str(e)) from None
            out.append((int(bar), affect, str(row[2]) if len(row) == 3 else ""))
        if not out:
            raise LiveError("a script needs at least one change")
        return cls(tuple(out))

    def at(self, bar: int) -> tuple[Affect, str] | None:
        """The change made at ``bar``, or None."""
        for b, affect, label in self.changes:
            if b == bar:
                return affect, label
        return None



def read_script(path: str | Path) -> tuple[Script, int | None]:
    """Read a script file (see the module's docstring); return the script and its ``bars`` (None if not given).

    Raises
    ------
    LiveError
        For a file that cannot be read or parsed, an unknown key (with a suggestion), or a bad
        change; the message names the file and the change.
    """
    where = str(path)
    raw = read_limited(path, "cue_sheet_bytes", "script", LiveError)
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as e:
        raise LiveError(f"{where}: not a YAML script ({str(e).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise LiveError(f"{where}: a script is a mapping with keys {', '.join(SCRIPT_KEYS)}")
    for k in data:
        if k not in SCRIPT_KEYS:
            raise LiveError(f"{where}: unknown key {k!r}{hint(str(k), SCRIPT_KEYS)}; allowed: {', '.join(SCRIPT_KEYS)}")
    bars = data.get("bars")
    if bars is not None and (isinstance(bars, bool) or not isinstance(bars, int) or not 1 <= bars <= MAX_SCRIPT_BARS):
        raise LiveError(f"{where}: bars must be a whole number from 1 to {MAX_SCRIPT_BARS}, got {bars!r}")
    changes = data.get("changes")
    if not isinstance(changes, list) or not changes:
        raise LiveError(f"{where}: changes must be a list of {{bar, emotion | valence + arousal, label}}")
    rows = []
    for i, c in enumerate(changes):
        at = f"{where}: change {i + 1}"
        if not isinstance(c, dict):
            raise LiveError(f"{at}: give a mapping with keys {', '.join(CHANGE_KEYS)}")
        for k in c:
            if k not in CHANGE_KEYS:
                raise LiveError(f"{at}: unknown key {k!r}{hint(str(k), CHANGE_KEYS)}; allowed: {', '.join(CHANGE_KEYS)}")
        if "bar" not in c:
            raise LiveError(f"{at}: give its bar")
        if "emotion" in c:
            if "valence" in c or "arousal" in c:
                raise LiveError(f"{at}: give emotion or valence and arousal, not both")
            emotion = c["emotion"]
        elif "valence" in c and "arousal" in c:
            emotion = {"valence": c["valence"], "arousal": c["arousal"]}
        else:
            raise LiveError(f"{at}: give emotion, or valence and arousal")
        rows.append((c["bar"], emotion, str(c.get("label", ""))))
    try:
        return Script.of(rows), bars
    except LiveError as e:
        raise LiveError(f"{where}: {e}".replace("script row", "change")) from None
