"""The one table of every size a user controls, and the small ``check_*`` helpers that enforce it.

Each limit bounds memory or time before anything is allocated: a style, cue sheet,
story or corpus file is read at most its limit plus one byte (``composer.safe_read``),
a cue sheet's times are checked before silence or bars are laid out, a MIDI file's
notes are counted and measured before music21 builds a score. ``docs/limits.md``
renders :data:`LIMITS` (a test keeps the two equal).

Examples
--------
>>> LIMITS["bars"].high
256
>>> check_range("bars", 300, "compose(bars=...)")
Traceback (most recent call last):
...
composer.errors.LimitError: compose(bars=...): 300 is over the limit bars (from 1 to 256 bars: bars of one composed melody)
"""

from __future__ import annotations

__all__ = [
    "Limit",
    "LIMITS",
    "exceeds",
    "check_range",
    "check_at_most",
    "check_seed",
    "check_number_text",
    "check_depth",
    "limits_table",
]

from dataclasses import dataclass

from composer.errors import LimitError


@dataclass(frozen=True)
class Limit:
    """One user-controlled size limit.

    Attributes
    ----------
    name : str
        Key in :data:`LIMITS`, quoted in every error.
    low, high : int or float
        The allowed range, both ends included.
    unit : str
        Unit of ``low`` and ``high`` (``"bytes"``, ``"s"``, ``"bars"``, ...).
    bounds : str
        What the limit bounds, in a few words.
    """

    name: str
    low: int | float
    high: int | float
    unit: str
    bounds: str

    def describe(self) -> str:
        """``from 1 to 256 bars: bars of one composed melody``."""
        unit = f" {self.unit}" if self.unit else ""
        return f"from {_fmt(self.low)} to {_fmt(self.high)}{unit}: {self.bounds}"


def _fmt(x: int | float) -> str:
    if isinstance(x, int) and x >= 10**6:
        return f"{x:_}"
    return f"{x:g}" if isinstance(x, float) else str(x)


_ROWS = (
    # composing
    Limit("bars", 1, 256, "bars", "bars of one composed melody"),
    Limit("beam_width", 1, 4096, "hypotheses", "hypotheses kept per tick by the beam search"),
    Limit("beam_cells", 1, 131_072, "bars x hypotheses", "bars times beam width of one search (memory of the beam)"),
    Limit("variations", 1, 100, "melodies", "variations one `composer generate -n` writes"),
    Limit("sampled_melodies", 1, 256, "melodies", "melodies asked of one compose_variations call"),
    Limit("seed", 0, 2**63 - 1, "", "seed of the style's choices and the stochastic beam (no silent reduction)"),
    # pieces: cue sheets, stories, curves
    Limit("cue_start_seconds", 0, 10_800.0, "s", "start or end time of one cue, 3 hours"),
    Limit("cue_duration_seconds", 0, 3600.0, "s", "duration of one cue"),
    Limit("piece_seconds", 0, 43_200.0, "s", "length of a whole piece, silences included, 12 hours (a novel)"),
    Limit("cues", 1, 1000, "cues", "cues in one cue sheet"),
    Limit("batch_jobs", 1, 1_000_000, "jobs", "jobs in one batch file"),
    Limit("batch_workers", 1, 1024, "processes", "local worker processes of `composer batch --workers`"),
    Limit("scenes", 1, 1000, "scenes", "scenes of one story"),
    Limit("curve_segments", 1, 10_000, "sections", "sections asked of AffectCurve.segments"),
    Limit("curve_keyframes", 1, 100_000, "keyframes", "keyframes of one AffectCurve"),
    Limit("audio_seconds", 0, 900.0, "s", "length of one WAV rendering"),
    # styles
    Limit("style_nodes", 1, 200_000, "YAML nodes", "nodes a style document expands to, aliases counted at each use"),
    Limit("extends_depth", 1, 16, "levels", "levels of extends followed"),
    Limit("expression_chars", 1, 400, "characters", "length of one expression in a style"),
    Limit("expression_nodes", 1, 200, "syntax nodes", "size of one expression's syntax tree"),
    Limit("style_variables", 0, 200, "variables", "variables of one style, with what it extends"),
    Limit("style_constraints", 0, 100, "entries", "constraint entries listed in one style file"),
    # files
    Limit("style_bytes", 0, 1_000_000, "bytes", "size of one style file"),
    Limit("cue_sheet_bytes", 0, 1_000_000, "bytes", "size of one cue sheet"),
    Limit("jobs_file_bytes", 0, 200_000_000, "bytes", "size of one batch jobs file (CSV or YAML)"),
    Limit("story_bytes", 0, 20_000_000, "bytes", "size of one story file"),
    Limit("lexicon_bytes", 0, 10_000_000, "bytes", "size of one arousal lexicon (.tsv)"),
    Limit("manifest_bytes", 0, 1_000_000, "bytes", "size of one corpus manifest"),
    Limit("soundfont_bytes", 0, 1_000_000_000, "bytes", "size of one SoundFont (.sf2) file"),
    Limit("music_file_bytes", 0, 8_000_000, "bytes",
          "size of one music file read (MIDI/MusicXML/ABC: corpus files, adjust, harmonise, cue reading)"),
    Limit("output_name_chars", 1, 255, "bytes", "length of one output file name (UTF-8)"),
    # document structure
    Limit("nesting_depth", 1, 64, "levels", "nesting of lists and mappings in a YAML or JSON document"),
    Limit("number_chars", 1, 40, "characters", "length of one number written in a style, cue sheet or manifest"),
    # corpora
    Limit("corpus_note_quarters", 0, 64.0, "quarter notes", "length of one note or rest in a corpus file"),
    Limit("corpus_file_notes", 1, 100_000, "notes", "notes and rests in one corpus file"),
    Limit("corpus_files", 1, 100_000, "files", "files in one corpus"),
    # tools
    Limit("rules_check_steps", 2, 101, "points per axis", "grid of `composer rules check --steps`"),
)

#: Every user-controlled size limit, by name.
LIMITS: dict[str, Limit] = {row.name: row for row in _ROWS}


def exceeds(name: str, value: int | float) -> str | None:
    """The reason ``value`` breaks limit ``name`` (``"5000 is over the limit bars (...)"``), or None when within.

    For readers that raise their own error class (with file and line) around the reason.
    """
    lim = LIMITS[name]
    if lim.low <= value <= lim.high:
        return None
    shown = _fmt(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else repr(value)
    side = "under" if value < lim.low else "over"  # NaN: "over"
    return f"{shown} is {side} the limit {name} ({lim.describe()})"


def _over(name: str, value: object, where: str) -> LimitError:
    return LimitError(f"{where}: {exceeds(name, value)}", limit=name, where=where)  # type: ignore[arg-type]


def check_range(name: str, value: int | float, where: str) -> int | float:
    """Return ``value`` if it lies within limit ``name``'s range, else raise.

    Parameters
    ----------
    name : str
        A key of :data:`LIMITS`.
    value : int or float
        The measured size, in the limit's unit.
    where : str
        What was measured (file, field or argument), quoted first in the message.

    Raises
    ------
    LimitError
        Naming ``where``, the value, the limit and its range.
    """
    lim = LIMITS[name]
    if not lim.low <= value <= lim.high:  # NaN fails here too
        raise _over(name, value, where)
    return value


def check_at_most(name: str, value: int | float, where: str) -> int | float:
    """Return ``value`` if it is at most limit ``name``'s high end, else raise ``LimitError``."""
    if not value <= LIMITS[name].high:
        raise _over(name, value, where)
    return value


def check_seed(seed: object, where: str = "seed") -> int:
    """Return ``seed`` as an int after checking it is an integer within the ``seed`` limit.

    Seeds outside ``0 .. 2**63 - 1`` are refused rather than silently reduced (three
    huge seeds would otherwise all give seed 0's melody while the summary shows them).

    Raises
    ------
    LimitError
        If ``seed`` is not an integer (a bool is not one) or is out of range.
    """
    import numbers

    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise LimitError(f"{where} must be an integer from 0 to 2**63 - 1, got {seed!r}", limit="seed", where=where)
    check_range("seed", int(seed), where)
    return int(seed)


def check_number_text(text: str, where: str) -> str:
    """Refuse a number written with more than ``number_chars`` characters (before ``int``/``float`` see it).

    Raises
    ------
    LimitError
        Naming ``where`` and the limit; the number itself is not quoted.
    """
    lim = LIMITS["number_chars"]
    if len(text) > lim.high:
        raise LimitError(f"{where}: a number written with {len(text)} characters is over the limit number_chars "
                         f"({lim.describe()})", limit="number_chars", where=where)
    return text


def check_depth(depth: int, where: str) -> None:
    """Refuse a document nested deeper than ``nesting_depth`` levels."""
    lim = LIMITS["nesting_depth"]
    if depth > lim.high:
        raise LimitError(f"{where}: nested more than {lim.high} levels deep, over the limit nesting_depth "
                         f"({lim.describe()})", limit="nesting_depth", where=where)


def limits_table() -> str:
    """The Markdown table of :data:`LIMITS` that ``docs/limits.md`` holds."""
    lines = ["| name | allowed | unit | bounds |", "|---|---|---|---|"]
    for lim in _ROWS:
        lines.append(f"| `{lim.name}` | {_fmt(lim.low)} to {_fmt(lim.high)} | {lim.unit or '-'} | {lim.bounds} |")
    return "\n".join(lines) + "\n"
