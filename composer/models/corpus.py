"""Reading melodies from music files and corpus manifests into ``TokenMelody`` objects.

Any format music21's converter reads (ABC, MIDI, MusicXML, Humdrum kern, …) can be
read. Each score is kept only when it is one monophonic melody whose durations fit
the duration classes of ``composer.models.tokens``; every skipped tune is counted by
reason, and a file that cannot be parsed at all is reported and skipped.

Parsed files are cached on disk (``$COMPOSER_CACHE_DIR`` or ``~/.cache/composer``),
keyed by the file's path, size and modification time and by ``PARSER_VERSION``, so
training and evaluation do not parse the same file twice.
"""

from __future__ import annotations

__all__ = [
    "PARSER_VERSION",
    "MUSIC_EXTENSIONS",
    "CorpusReading",
    "cache_dir",
    "melody_from_score",
    "read_file",
    "read_files",
    "music21_corpus_files",
    "manifest_files",
    "check_pattern",
    "load_corpus",
]

import os
import warnings
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from composer._progress import progress as _progress
from composer._resources import corpora_dir
from composer.errors import LimitError, ModelError, RuleError
from composer.models.music_files import MUSIC_EXTENSIONS, check_pattern, expand_paths, key_of, parse_tunes, read_tunes
from composer.models.parse_cache import cache_root
from composer.models.tokens import DURATION_TICKS, REST, TokenMelody, reference_tonic, rel_to_token
from composer.rules.yamlsource import read_yaml
from composer.safe_read import read_limited

#: Bump when the conversion below changes, so stale cache entries are not used.
PARSER_VERSION = 1

#: A tune is skipped when more than this fraction of its notes has no exact duration class.
MAX_MISFIT_FRACTION = 0.1
#: Tunes with fewer notes than this are skipped.
MIN_NOTES = 8

_MANIFEST_KEYS = {"name", "description", "licence", "license", "sources"}
_SOURCE_KEYS = {"music21", "path", "pattern"}


@dataclass
class CorpusReading:
    """What reading some files produced.

    Attributes
    ----------
    melodies : list of TokenMelody
        The melodies kept, in file order and then tune order.
    problems : list of str
        One ``"file: what went wrong"`` line per file that could not be read.
    skipped : Counter
        Number of tunes skipped, by reason (``"chords"``, ``"several voices"``, …).
    """

    melodies: list[TokenMelody] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)


def cache_dir() -> Path:
    """Return the folder for parsed-corpus cache files (``$COMPOSER_CACHE_DIR`` or ``~/.cache/composer``)."""
    return cache_root() / f"corpus-v{PARSER_VERSION}"


# --------------------------------------------------------------------------- conversion


def melody_from_score(score: Any, source: str) -> tuple[TokenMelody | None, str]:
    """Convert one music21 score (or part) to a ``TokenMelody``.

    Parameters
    ----------
    score : music21.stream.Score or Part
        One tune.
    source : str
        Where it came from, stored in ``TokenMelody.source``.

    Returns
    -------
    melody : TokenMelody or None
        The melody, or None when the tune is skipped.
    reason : str
        Why it was skipped (empty when kept).

    Notes
    -----
    Tied notes are merged, grace notes dropped, leading and trailing rests dropped.
    A chord (a fiddle double stop, say) counts as its top note; a tune made mostly of
    chords is skipped. Each duration maps to the nearest class of ``DURATION_TICKS``.
    """
    from music21 import chord, meter, note, stream

    parts = list(score.parts) if isinstance(score, stream.Score) else [score]
    if len(parts) != 1:
        return None, "several parts" if parts else "empty"
    part = parts[0]
    if any(True for _ in part.recurse().getElementsByClass(stream.Voice)):
        return None, "several voices"

    tonic, mode = key_of(part, score)
    ts = next(iter(part.recurse().getElementsByClass(meter.TimeSignature)), None)
    meter_name = ts.ratioString if ts is not None else None

    first = next(iter(part.recurse().notes), None)
    if first is None:
        return None, "no notes"
    site = first.activeSite
    pad = float(getattr(site, "paddingLeft", 0.0) or 0.0) if isinstance(site, stream.Measure) else 0.0
    start_q = pad + float(first.offset)

    events = part.stripTies(inPlace=False).flatten().notesAndRests
    midis: list[int] = []
    ticks: list[float] = []
    n_chords = 0
    for el in events:
        ql = float(el.quarterLength)
        if ql <= 0 or el.duration.isGrace:
            continue
        if isinstance(el, chord.Chord):
            if not el.pitches:
                continue
            n_chords += 1
            midis.append(int(round(max(p.ps for p in el.pitches))))
        elif isinstance(el, note.Note):
            midis.append(int(round(el.pitch.ps)))
        elif isinstance(el, note.Rest):
            midis.append(-1)
        else:  # unpitched percussion and the like
            return None, "unpitched notes"
        ticks.append(ql * 4)
    while midis and midis[0] < 0:
        midis.pop(0)
        ticks.pop(0)
    while midis and midis[-1] < 0:
        midis.pop()
        ticks.pop()
    pitched = [m for m in midis if m >= 0]
    if len(pitched) < MIN_NOTES:
        return None, "too short"
    if n_chords > 0.5 * len(pitched):
        return None, "chords"

    t = np.asarray(ticks, dtype=np.float64)
    nearest = np.abs(t[:, None] - DURATION_TICKS[None, :]).argmin(axis=1)
    misfit = np.abs(DURATION_TICKS[nearest] - t) > 1e-6
    if misfit.mean() > MAX_MISFIT_FRACTION:
        return None, "durations outside the classes"

    ref = reference_tonic(tonic, float(np.median(pitched)))
    pitch = np.array([REST if m < 0 else rel_to_token(m - ref) for m in midis], dtype=np.int64)
    offset = int(round(start_q * 4))
    if ts is not None:
        offset %= int(round(ts.barDuration.quarterLength * 4)) or 1
    title = (score.metadata.title if getattr(score, "metadata", None) is not None else None) or ""
    return (
        TokenMelody(
            pitch=pitch,
            duration=nearest.astype(np.int64),
            tonic=int(tonic),
            mode=mode,
            meter=meter_name,
            reference=int(ref),
            offset=offset,
            source=f"{source}#{title}" if title else source,
        ),
        "",
    )


def _parse_file(path: Path) -> tuple[list[TokenMelody], Counter]:
    """Parse ``path`` with music21 and convert every tune in it (no cache)."""
    return parse_tunes(path, melody_from_score)


# --------------------------------------------------------------------------- cache


_CACHE_ARRAYS = ("pitch", "duration")
_CACHE_FIELDS = ("tonic", "mode", "meter", "reference", "offset", "source", "attributes")


# --------------------------------------------------------------------------- reading


def read_file(path: str | os.PathLike, *, use_cache: bool = True) -> tuple[list[TokenMelody], Counter]:
    """Read every usable melody in one music file.

    Parameters
    ----------
    path : path-like
        An ABC, MIDI, MusicXML, kern … file.
    use_cache : bool
        Read from and write to the on-disk parse cache.

    Returns
    -------
    melodies : list of TokenMelody
    skipped : Counter
        Tunes skipped, by reason.

    Raises
    ------
    ModelError
        If the file does not exist or music21 cannot parse it; the message names the file.
    """
    return read_tunes(path, parse=_parse_file, make=TokenMelody, namespace=f"corpus-v{PARSER_VERSION}",
                      arrays=_CACHE_ARRAYS, fields=_CACHE_FIELDS, use_cache=use_cache)


def read_files(
    paths: Iterable[str | os.PathLike],
    *,
    pattern: str | None = None,
    use_cache: bool = True,
    progress: bool | None = False,
    label: str = "parsing",
) -> CorpusReading:
    """Read the melodies of files and folders; a file that cannot be read is reported and skipped.

    Parameters
    ----------
    paths : iterable of path-like
        Files, and folders searched recursively for files with ``MUSIC_EXTENSIONS``
        (or matching the glob ``pattern``).
    pattern : str, optional
        Glob for the files inside folders, e.g. ``"*.abc"``.
    use_cache : bool
        Use the on-disk parse cache.
    progress : bool or None
        Draw a progress bar (None: only on a terminal).
    label : str
        Progress-bar label.

    Returns
    -------
    CorpusReading
        Melodies, problems (also issued as one ``UserWarning`` per file) and skip counts.
    """
    out = CorpusReading()
    files = expand_paths(paths, pattern)
    for f in _progress(files, label=label, enabled=progress):
        try:
            melodies, skipped = read_file(f, use_cache=use_cache)
        except (ModelError, LimitError) as exc:
            out.problems.append(str(exc))
            warnings.warn(f"skipped {exc}", UserWarning, stacklevel=2)
            continue
        out.melodies.extend(melodies)
        out.skipped.update(skipped)
    return out


def music21_corpus_files(name: str) -> list[Path]:
    """Return the music files of one of music21's bundled corpus folders (e.g. ``"oneills1850"``).

    Raises
    ------
    ModelError
        If music21 has no such corpus folder.
    """
    import music21

    folder = Path(os.path.dirname(music21.__file__)) / "corpus" / name
    if not folder.is_dir():
        raise ModelError(f"music21 has no corpus folder {name!r} (looked in {folder})")
    return expand_paths([folder])


# --------------------------------------------------------------------------- manifests


def _manifest_path(name_or_path: str | os.PathLike) -> Path:
    p = Path(name_or_path)
    if p.suffix.lower() in (".yaml", ".yml") or p.is_file():
        if not p.is_file():
            raise ModelError(f"{p}: corpus manifest not found")
        return p
    shipped = corpora_dir().joinpath(f"{name_or_path}.yaml")
    if not shipped.is_file():
        known = sorted(e.name[:-5] for e in corpora_dir().iterdir() if e.name.endswith(".yaml"))
        raise ModelError(f"no corpus manifest named {str(name_or_path)!r}; shipped corpora: {', '.join(known)}; "
                         "or give a path to a .yaml manifest or a folder of music files")
    return Path(str(shipped))


def manifest_files(name_or_path: str | os.PathLike) -> tuple[dict, list[tuple[list[Path], str | None]]]:
    """Read a corpus manifest.

    Parameters
    ----------
    name_or_path : str or path-like
        A shipped manifest's name (``"default"``), a path to a ``.yaml`` manifest, or a
        folder: every music file under it (broken files are reported and skipped).

    Returns
    -------
    manifest : dict
        The manifest as read (``name``, ``description``, ``licence``, ``sources``).
    sources : list of (files, pattern)
        For each source, its files or folders and the glob for folders (or None).

    Raises
    ------
    ModelError
        If the manifest is missing, not YAML, has an unknown key (named), or a source is malformed.
    """
    folder = Path(name_or_path).expanduser()
    if folder.is_dir():  # a user's folder of music files: an ad-hoc manifest of everything in it
        return ({"name": folder.name, "description": f"every music file under {folder}", "sources": [{"path": str(folder)}]},
                [([folder], None)])
    path = _manifest_path(name_or_path)
    raw = read_limited(path, "manifest_bytes", "corpus manifest", ModelError)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ModelError(f"{path}: not a corpus manifest (a YAML text file); give a manifest, a shipped corpus "
                         "name or a folder of music files") from None
    try:
        data = read_yaml(raw, str(path)).data
    except RuleError as exc:
        raise ModelError(f"cannot read corpus manifest {exc.issues[0]}") from None
    if not isinstance(data, dict):
        raise ModelError(f"{path}: a corpus manifest must be a mapping with a 'sources' list")
    unknown = sorted(set(data) - _MANIFEST_KEYS)
    if unknown:
        raise ModelError(f"{path}: unknown key {unknown[0]!r} in corpus manifest; allowed: {sorted(_MANIFEST_KEYS)}")
    sources = data.get("sources")
    if not isinstance(sources, list) or not sources:
        raise ModelError(f"{path}: 'sources' must be a non-empty list")
    resolved: list[tuple[list[Path], str | None]] = []
    for i, src in enumerate(sources):
        where = f"{path}: sources[{i}]"
        if not isinstance(src, dict):
            raise ModelError(f"{where} must be a mapping such as {{music21: oneills1850}} or {{path: my/folder}}")
        bad = sorted(set(src) - _SOURCE_KEYS)
        if bad:
            raise ModelError(f"{where}: unknown key {bad[0]!r}; allowed: {sorted(_SOURCE_KEYS)}")
        if ("music21" in src) == ("path" in src):
            raise ModelError(f"{where}: give exactly one of 'music21' or 'path'")
        if "music21" in src:
            try:
                files = music21_corpus_files(str(src["music21"]))
            except ModelError as exc:
                raise ModelError(f"{where}: {exc}") from None
        else:
            p = Path(str(src["path"])).expanduser()
            files = [p if p.is_absolute() else path.parent / p]
        pattern = src.get("pattern")
        if pattern is not None:
            check_pattern(pattern if isinstance(pattern, str) else "", f"{where}")
        resolved.append((files, pattern))
    return data, resolved


def load_corpus(
    name_or_path: str | os.PathLike = "default",
    *,
    progress: bool | None = False,
    use_cache: bool = True,
    report: CorpusReading | None = None,
) -> list[TokenMelody]:
    """Read every melody of a corpus manifest.

    Parameters
    ----------
    name_or_path : str or path-like
        A shipped manifest's name (``"default"``, found in ``corpora/``) or a manifest path.
    progress : bool or None
        Draw a progress bar (None: only on a terminal).
    use_cache : bool
        Use the on-disk parse cache.
    report : CorpusReading, optional
        When given, problems and skip counts are added to it (its melodies too).

    Returns
    -------
    list of TokenMelody
        In source order, then file order, then tune order.

    Raises
    ------
    ModelError
        If the manifest cannot be used. Unreadable music files only warn.
    """
    manifest, sources = manifest_files(name_or_path)
    out = report if report is not None else CorpusReading()
    melodies: list[TokenMelody] = []
    for files, pattern in sources:
        got = read_files(files, pattern=pattern, use_cache=use_cache, progress=progress,
                         label=f"parsing {manifest.get('name', '')}".rstrip())
        melodies.extend(got.melodies)
        out.melodies.extend(got.melodies)
        out.problems.extend(got.problems)
        out.skipped.update(got.skipped)
    return melodies

