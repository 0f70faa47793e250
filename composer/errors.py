"""The exception hierarchy: every error composer raises on purpose is a ``ComposerError``."""

from __future__ import annotations

__all__ = [
    "ComposerError",
    "ArgumentError",
    "HarmonyError",
    "LiveError",
    "AffectError",
    "RuleError",
    "RuleIssue",
    "ModelError",
    "SearchError",
    "SearchArgumentError",
    "RenderError",
    "MissingDependencyError",
    "StoryError",
    "CueSheetError",
    "BatchError",
    "LimitError",
]

from dataclasses import dataclass


class ComposerError(Exception):
    """Base class of every error raised on purpose by composer (bad input, not bugs)."""


class ArgumentError(ComposerError, ValueError):
    """A bad argument: the message names the argument, the value given and what is allowed.

    The one class for "bad argument" (a ``ValueError`` too, as Python's convention has it);
    the layer-specific errors below that describe bad input (``AffectError``, ``StoryError``,
    ``CueSheetError``, ``LimitError``, ``HarmonyError``) are its children, so ``except ArgumentError``
    catches them all.
    """


class AffectError(ArgumentError):
    """A valence/arousal value outside [-1, 1], or not a number."""


@dataclass(frozen=True)
class RuleIssue:
    """One problem found in a style file.

    Attributes
    ----------
    file : str
        The style file (path or shipped style name).
    line : int or None
        1-based line number in ``file``, when known.
    key : str
        Dotted path of the offending key, e.g. ``parameters.tempo.arousal``.
    message : str
        What is wrong and what is allowed.
    """

    file: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        key = f" [{self.key}]" if self.key else ""
        return f"{where}{key}: {self.message}"


class RuleError(ComposerError, ValueError):
    """A style file that cannot be used; carries every problem found, not only the first.

    Parameters
    ----------
    issues : list of RuleIssue
        All problems found, in file order.
    """

    def __init__(self, issues: list[RuleIssue]):
        if not issues:
            raise ValueError("RuleError needs at least one issue")
        self.issues = list(issues)
        first = self.issues[0]
        self.file, self.line, self.key = first.file, first.line, first.key
        lines = [str(i) for i in self.issues]
        if len(lines) == 1:  # one problem, one line
            super().__init__(f"invalid style: {lines[0]}")
        else:
            super().__init__(f"invalid style ({len(lines)} problems):\n  " + "\n  ".join(lines))


class ModelError(ComposerError):
    """A model file that is missing, corrupt or of the wrong version, or a corpus that cannot be read."""


class SearchError(ComposerError):
    """The search could not produce a melody (for example, the constraints leave no valid sequence)."""


class SearchArgumentError(SearchError, ArgumentError):
    """A bad argument to the search (bars, beam width, temperature, models, constraint options).

    Both a ``SearchError`` (the search refused it) and an ``ArgumentError`` (what was
    given, and what is allowed).
    """


class RenderError(ComposerError):
    """A melody could not be written: unknown extension, unwritable path, or an existing file."""


class MissingDependencyError(RenderError, ImportError):
    """An optional feature whose package is not installed; the message names what to install.

    Parameters
    ----------
    message : str
        What failed and the ``pip install`` line that fixes it.
    """


class StoryError(ArgumentError):
    """A story that cannot be read: not UTF-8 text (a binary file), unreadable, or unusable options."""


class CueSheetError(ArgumentError):
    """A cue sheet that cannot be used; the message names the cue (by name and index) and the field.

    Attributes
    ----------
    cue : str or None
        Name of the offending cue, when the problem is inside one.
    field : str or None
        The offending field, e.g. ``"duration"``.
    """

    def __init__(self, message: str, *, cue: str | None = None, field: str | None = None):
        self.cue = cue
        self.field = field
        super().__init__(message)


class BatchError(ArgumentError):
    """A batch that cannot run: a jobs file that cannot be read, or an output folder that cannot be written.

    A single malformed job row does not raise: it is recorded in the manifest with its error
    and the other jobs run (``composer.batch``).

    Attributes
    ----------
    where : str or None
        The file (and line) or folder at fault.
    """

    def __init__(self, message: str, *, where: str | None = None):
        self.where = where
        super().__init__(message)


class LimitError(ArgumentError):
    """A user-controlled size over its stated limit (see ``composer.limits``), or a file that is not a regular file.

    Attributes
    ----------
    limit : str
        Name of the limit in ``composer.limits.LIMITS`` (e.g. ``"bars"``), or ``"regular_file"``.
    where : str
        What was measured: a file, a field or an argument name.
    """

    def __init__(self, message: str, *, limit: str, where: str):
        self.limit = limit
        self.where = where
        super().__init__(message)


class HarmonyError(ArgumentError):
    """A melody that cannot be harmonised or arranged: not monophonic, no notes, no clear key, a corrupt
    file, or a voice-leading request no voicing meets (the message names the constraint and the bar)."""


class LiveError(ArgumentError):
    """A live session (``composer.live``) refused a request: a bad emotion, an unknown stinger or key, a metre
    change, a MIDI port that does not exist. The session keeps playing what it played before."""
