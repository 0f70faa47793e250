"""The one music21 reading pipeline: a music file → its tunes → melodies, through the parse cache.

``composer.models.corpus`` (token melodies) and ``composer.models.events`` (event melodies)
differ only in how one tune becomes a melody; finding the files, parsing them with
music21, splitting an opus into tunes, keeping one odd tune from losing the rest, naming
the file in errors and caching the result are here, once.
"""

from __future__ import annotations

__all__ = ["MUSIC_EXTENSIONS", "MODE_NAMES", "expand_paths", "key_of", "parse_tunes", "read_tunes"]

import fnmatch
import os
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from composer.errors import ModelError
from composer.models.parse_cache import cache_path, load_melodies, save_melodies
from composer.theory.scales import MODES

#: File endings read as music inside folders.
MUSIC_EXTENSIONS: tuple[str, ...] = (".abc", ".mid", ".midi", ".xml", ".musicxml", ".mxl", ".krn")
#: music21's mode names that composer spells otherwise.
MODE_NAMES = {"major": "ionian", "minor": "aeolian"}

M = TypeVar("M")


def expand_paths(paths: Iterable[str | os.PathLike], pattern: str | None = None) -> list[Path]:
    """Files and folders as a list of files: folders searched recursively for ``MUSIC_EXTENSIONS``
    (or the glob ``pattern``), sorted; files kept (when they match ``pattern``)."""
    files: list[Path] = []
    for item in paths:
        p = Path(item)
        if p.is_dir():
            found = sorted(p.rglob(pattern)) if pattern else sorted(
                f for f in p.rglob("*") if f.suffix.lower() in MUSIC_EXTENSIONS
            )
            files.extend(f for f in found if f.is_file())
        elif pattern is None or fnmatch.fnmatch(p.name, pattern):
            files.append(p)
    return files


def key_of(part: Any, score: Any) -> tuple[int, str | None]:
    """Return (tonic pitch class, mode name or None) of a music21 part: its first key signature,
    else (typical of MIDI) the key music21 estimates for the score."""
    from music21 import key

    for ks in part.recurse().getElementsByClass(key.KeySignature):
        if isinstance(ks, key.Key):
            mode = MODE_NAMES.get(ks.mode, ks.mode)
            return ks.tonic.pitchClass, (mode if mode in MODES else None)
        return ks.asKey("major").tonic.pitchClass, "ionian"
    k = score.analyze("key")
    mode = MODE_NAMES.get(k.mode, k.mode)
    return k.tonic.pitchClass, (mode if mode in MODES else None)


def parse_tunes(path: Path, convert: Callable[[Any, str], tuple[Any, str]]) -> tuple[list[Any], Counter]:
    """Parse ``path`` with music21 (no cache) and convert each of its tunes.

    Parameters
    ----------
    path : Path
    convert : callable
        ``(music21 score, file name) -> (melody or None, reason it was skipped)``.

    Returns
    -------
    melodies : list
        The converted tunes, each with ``attributes["index"]``, its place in the file.
    skipped : Counter
        Tunes skipped, by reason (a tune whose conversion raises is skipped, not fatal).
    """
    import music21

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = music21.converter.parse(str(path), forceSource=True)
    scores = list(parsed.scores) if isinstance(parsed, music21.stream.Opus) else [parsed]
    melodies: list[Any] = []
    skipped: Counter = Counter()
    for i, score in enumerate(scores):
        try:
            mel, reason = convert(score, path.name)
        except Exception as exc:  # one odd tune must not lose the rest of the file
            mel, reason = None, f"unreadable tune ({type(exc).__name__})"
        if mel is None:
            skipped[reason] += 1
        else:
            mel.attributes["index"] = i
            melodies.append(mel)
    return melodies, skipped


def read_tunes(path: str | os.PathLike, *, parse: Callable[[Path], tuple[list[M], Counter]], make: type[M],
               namespace: str, arrays: Sequence[str], fields: Sequence[str],
               use_cache: bool = True) -> tuple[list[M], Counter]:
    """Read every usable tune of one music file, through the on-disk parse cache.

    Parameters
    ----------
    path : path-like
    parse : callable
        ``path -> (melodies, skipped)``, typically ``parse_tunes`` with a converter.
    make : type
        The melody class, rebuilt from the cache.
    namespace : str
        The cache's folder for this kind of melody and its version.
    arrays, fields : sequence of str
        The melody's array and scalar attributes the cache stores.
    use_cache : bool
        Read from and write to the cache.

    Raises
    ------
    ModelError
        If the file does not exist or music21 cannot parse it; the message names the file.
    """
    p = Path(path)
    if not p.is_file():
        raise ModelError(f"{p}: no such file")
    target = cache_path(p, namespace) if use_cache else None
    if target is not None:
        hit = load_melodies(target, make, arrays=arrays)
        if hit is not None:
            return hit
    try:
        melodies, skipped = parse(p)
    except Exception as exc:
        raise ModelError(f"{p}: cannot be read as music ({type(exc).__name__}: {exc})") from exc
    if target is not None:
        save_melodies(target, melodies, skipped, arrays=arrays, fields=fields)
    return melodies, skipped
