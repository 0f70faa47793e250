"""The one music21 reading pipeline: a music file → its tunes → melodies, through the parse cache.

``composer.models.corpus`` (token melodies) and ``composer.models.events`` (event melodies)
differ only in how one tune becomes a melody; finding the files, parsing them with
music21, splitting an opus into tunes, keeping one odd tune from losing the rest, naming
the file in errors and caching the result are here, once.

It is also the one place a user's music file is handed to music21 (:func:`parse_music_file`),
bounded: the file must be a regular file within ``music_file_bytes``; a MIDI file must be
whole and of type 0 or 1 (``composer.models.midi_scan``) and within ``corpus_file_notes`` notes and
``corpus_note_quarters`` per note or silence, so a tiny file cannot make music21 build
gigabytes of score. Folder globs stay inside their folder and a corpus is at most
``corpus_files`` files (``composer.limits``).
"""

from __future__ import annotations

__all__ = ["MUSIC_EXTENSIONS", "MODE_NAMES", "check_pattern", "expand_paths", "key_of", "parse_music_file", "parse_tunes",
           "read_tunes"]

import fnmatch
import os
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from composer.errors import ModelError
from composer.limits import check_at_most
from composer.models.midi_scan import MidiFormatError, scan_midi
from composer.models.parse_cache import cache_path, load_melodies, save_melodies
from composer.safe_read import check_regular, read_limited
from composer.theory.scales import MODES

#: File endings read as music inside folders.
MUSIC_EXTENSIONS: tuple[str, ...] = (".abc", ".mid", ".midi", ".xml", ".musicxml", ".mxl", ".krn")
#: music21's mode names that composer spells otherwise.
MODE_NAMES = {"major": "ionian", "minor": "aeolian"}

_MIDI = (".mid", ".midi")

M = TypeVar("M")


def check_pattern(pattern: str, where: str) -> str:
    """Return a folder glob after checking it stays inside its folder (no ``..``, not absolute).

    Raises
    ------
    ModelError
        Naming ``where`` and the pattern.
    """
    parts = pattern.replace("\\", "/").split("/") if isinstance(pattern, str) else [".."]
    if not pattern or pattern.startswith(("/", "~")) or ".." in parts \
            or (len(pattern) > 1 and pattern[1] == ":"):
        raise ModelError(f"{where}: pattern {pattern!r} must be a glob inside the source's folder "
                         "(such as '*.abc' or 'reels/**/*.mid'), without '..' or an absolute path")
    return pattern


def expand_paths(paths: Iterable[str | os.PathLike], pattern: str | None = None) -> list[Path]:
    """Files and folders as a list of files: folders searched recursively for ``MUSIC_EXTENSIONS``
    (or the glob ``pattern``), sorted; files kept (when they match ``pattern``).

    Raises
    ------
    ModelError
        If ``pattern`` leaves its folder (:func:`check_pattern`).
    LimitError
        If there are more than ``corpus_files`` files.
    """
    if pattern is not None:
        check_pattern(pattern, "pattern")
    files: list[Path] = []
    for item in paths:
        p = Path(item)
        if p.is_dir():
            root = p.resolve()
            found = sorted(p.rglob(pattern)) if pattern else sorted(
                f for f in p.rglob("*") if f.suffix.lower() in MUSIC_EXTENSIONS
            )
            # A symlink inside the folder may not lead out of it.
            files.extend(f for f in found if f.is_file() and f.resolve().is_relative_to(root))
        elif pattern is None or fnmatch.fnmatch(p.name, pattern):
            files.append(p)
        check_at_most("corpus_files", len(files), str(p))
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


def parse_music_file(path: str | Path, *, error: Callable[[str], Exception] = ModelError,
                     what: str = "music file", quantize: bool = True) -> Any:
    """Parse ``path`` with music21 after the checks above (the only call of music21's parser on a user's file).

    Corpus readers, ``composer.adjust``, ``composer.harmonise`` and ``composer.analysis``
    all read files through here.

    Parameters
    ----------
    path : path-like
        An ABC, MIDI, MusicXML, kern … file (only read).
    error : callable, optional
        Builds the exception for a file that is missing, unreadable, not whole or not
        music (default ``ModelError``; each stage passes its own error class).
    what : str, optional
        What the file should be, for messages.
    quantize : bool, optional
        Whether MIDI note times are snapped to music21's grid. Off where performed
        lengths matter (a staccato note's early note-off).

    Returns
    -------
    music21.stream.Stream
        What ``music21.converter.parse`` returns (a Score or an Opus).

    Raises
    ------
    LimitError
        If the file is over a limit (named in the message).
    Exception
        ``error(message)`` if the file is missing, not a regular file, truncated, a type-2
        MIDI file or cannot be parsed.
    """
    import music21
    from music21.midi import translate

    p = Path(path)
    data = read_limited(p, "music_file_bytes", what, lambda m: error(f"{p}: {m.split(': ', 1)[-1]}"))
    midi = p.suffix.lower() in _MIDI or data[:4] == b"MThd"
    if midi:
        try:
            scan = scan_midi(data)
        except MidiFormatError as exc:
            raise error(f"{p}: not a whole MIDI file: {exc}") from None
        if scan.format == 2:
            raise error(f"{p}: type-2 MIDI (independent sequences) cannot be read; save it as type 0 or 1")
        check_at_most("corpus_file_notes", scan.notes, str(p))
        check_at_most("corpus_note_quarters", scan.longest_quarters, f"{p}: longest note or silence")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if midi:  # from the bytes already read and checked, not the file again
                return translate.midiStringToStream(data, quantizePost=quantize)
            return music21.converter.parse(str(p), forceSource=True)
    except MemoryError:
        raise error(f"{p}: too large to read as music (out of memory)") from None
    except Exception as exc:
        raise error(f"{p}: cannot be read as music ({type(exc).__name__}: {exc})") from None


def parse_tunes(path: Path, convert: Callable[[Any, str], tuple[Any, str]]) -> tuple[list[Any], Counter]:
    """Parse ``path`` with :func:`parse_music_file` (no cache) and convert each of its tunes.

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

    Raises
    ------
    ModelError, LimitError
        As :func:`parse_music_file`.
    """
    import music21

    parsed = parse_music_file(path)
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
        If the file does not exist, is not a regular file or music21 cannot parse it; the message
        names the file.
    LimitError
        If the file is over a corpus limit (:func:`parse_music_file`).
    """
    p = Path(path)
    if not p.exists():
        raise ModelError(f"{p}: no such file")
    check_regular(p, "music file", lambda m: ModelError(f"{p}: {m.split(': ', 1)[-1]}"))
    target = cache_path(p, namespace) if use_cache else None
    if target is not None:
        hit = load_melodies(target, make, arrays=arrays)
        if hit is not None:
            return hit
    melodies, skipped = parse(p)  # parse_music_file names the file in its ModelError or LimitError
    if target is not None:
        save_melodies(target, melodies, skipped, arrays=arrays, fields=fields)
    return melodies, skipped
