"""The arousal lexicon: words with an arousal value in [-1, 1], shipped and extendable by the user."""

from __future__ import annotations

__all__ = ["ArousalLexicon", "LEXICON_KINDS", "read_lexicon_file"]

import functools
import importlib.resources
import math
import os
from collections.abc import Mapping
from pathlib import Path

from composer.errors import StoryError
from composer.safe_read import read_limited

#: The kinds of words in the lexicon; ``action`` and ``intensifier`` also feed the intensity cues.
LEXICON_KINDS: tuple[str, ...] = ("danger", "action", "emotion", "calm", "intensifier", "user")

_SHIPPED = "arousal_lexicon.tsv"
# Suffixes tried, in order, when a word is not in the lexicon as written ("screams" -> "scream").
_SUFFIXES = ("'s", "’s", "ies", "es", "s", "ed", "ing", "ly", "er", "est")


def _parse(text: str, source: str) -> dict[str, tuple[float, str]]:
    table: dict[str, tuple[float, str]] = {}
    header_seen = False
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if not header_seen and cells[0].lower() == "word":
            header_seen = True
            continue
        if len(cells) < 2:
            raise StoryError(f"{source}:{n}: expected 'word<TAB>arousal[<TAB>kind]', got {line!r}")
        word, value = cells[0].lower(), cells[1]
        try:
            x = float(value)
        except ValueError:
            raise StoryError(f"{source}:{n}: arousal of {word!r} must be a number in [-1, 1], got {value!r}") from None
        if not math.isfinite(x) or not -1.0 <= x <= 1.0:
            raise StoryError(f"{source}:{n}: arousal of {word!r} must be in [-1, 1], got {x!r}")
        kind = cells[2].lower() if len(cells) > 2 and cells[2] else "user"
        if kind not in LEXICON_KINDS:
            raise StoryError(f"{source}:{n}: kind of {word!r} must be one of {', '.join(LEXICON_KINDS)}, got {kind!r}")
        table[word] = (x, kind)
    return table


def read_lexicon_file(path: str | os.PathLike[str]) -> dict[str, tuple[float, str]]:
    """Read a lexicon file: lines ``word<TAB>arousal[<TAB>kind]``; ``#`` comments and a ``word`` header allowed.

    Returns
    -------
    dict of str to (float, str)
        Word (lower case) to (arousal, kind); kind defaults to ``"user"``.

    Raises
    ------
    StoryError
        Naming the file and line of a malformed entry, a value outside [-1, 1], or an unreadable file.
    """
    p = Path(path)
    data = read_limited(p, "lexicon_bytes", "arousal lexicon", StoryError)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise StoryError(f"cannot read arousal lexicon {p}: {e}") from None
    return _parse(text, str(p))


@functools.lru_cache(maxsize=1)
def _shipped() -> dict[str, tuple[float, str]]:
    text = importlib.resources.files("composer.story.reading").joinpath(_SHIPPED).read_text(encoding="utf-8")
    return _parse(text, _SHIPPED)


class ArousalLexicon:
    """Arousal values of words: the shipped table, plus the user's words (which win).

    Parameters
    ----------
    extra : mapping of str to float, optional
        More words and their arousal in [-1, 1]; they override shipped values.
    files : sequence of paths, optional
        Lexicon files in the shipped format (``word<TAB>arousal[<TAB>kind]``), applied in
        order over the shipped table and before ``extra``, so ``extra`` has the last word.
    shipped : bool
        Start from the shipped lexicon (default) or from nothing.

    Examples
    --------
    >>> lex = ArousalLexicon(extra={"dragon": 0.8})
    >>> lex.arousal("dragons"), lex.arousal("screaming"), lex.arousal("table")
    (0.8, 0.9, None)
    """

    def __init__(self, extra: Mapping[str, float] | None = None, *, files: tuple[str | os.PathLike[str], ...] | list = (),
                 shipped: bool = True):
        table: dict[str, tuple[float, str]] = dict(_shipped()) if shipped else {}
        for f in files:
            table.update(read_lexicon_file(f))
        for word, value in (extra or {}).items():
            if not isinstance(word, str) or not word.strip():
                raise StoryError(f"extra_arousal keys must be words, got {word!r}")
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(float(value)) \
                    or not -1.0 <= float(value) <= 1.0:
                raise StoryError(f"extra_arousal[{word!r}] must be a number in [-1, 1], got {value!r}")
            table[word.strip().lower()] = (float(value), "user")
        self._table = table

    def __len__(self) -> int:
        return len(self._table)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.lookup(word) is not None

    def lookup(self, word: str) -> tuple[float, str] | None:
        """``(arousal, kind)`` of ``word`` (any case, simple English inflections removed), or None."""
        w = word.lower()
        hit = self._table.get(w)
        if hit is not None:
            return hit
        for suffix in _SUFFIXES:
            if len(w) > len(suffix) + 2 and w.endswith(suffix):
                stem = w[: -len(suffix)]
                hit = self._table.get(stem) or self._table.get(stem + "e")
                if hit is None and len(stem) > 2 and stem[-1] == stem[-2]:  # "running" -> "run"
                    hit = self._table.get(stem[:-1])
                if hit is None and suffix == "ies":
                    hit = self._table.get(stem + "y")
                if hit is not None:
                    return hit
        return None

    def arousal(self, word: str) -> float | None:
        """Arousal of ``word`` in [-1, 1], or None when the lexicon does not know it."""
        hit = self.lookup(word)
        return None if hit is None else hit[0]

    def kind(self, word: str) -> str | None:
        """Kind of ``word`` (``"action"``, ``"calm"`` …), or None."""
        hit = self.lookup(word)
        return None if hit is None else hit[1]
