"""Story text: reading it safely (UTF-8, not binary), splitting it into scenes and sentences, streaming.

Scenes are cut at

* markdown headings (``# Title`` … ``###### Title``) and plain headings standing alone
  on a line (``Chapter 3``, ``CHAPTER III. The Storm``, ``Part Two``, ``Prologue``,
  ``Act 2``, ``Scene 4``, a lone Roman numeral);
* explicit markers: a line of three or more ``-``, ``*``, ``_``, ``=`` or ``~``
  (spaces allowed, as in ``* * *``), or a lone ``#``;
* paragraph ends (blank lines), once the scene holds at least ``target_words`` words.

A *title line* (a one-line paragraph of at most ``TITLE_MAX_WORDS`` words that does not end
like a sentence, such as ``The Storm at Miller's Pond``) is read as a heading: it names
the scene that follows instead of becoming a scene of its own.

A single paragraph longer than ``max_words`` is cut at sentence ends, so no scene is
unbounded and memory stays flat on very long texts.
"""

from __future__ import annotations

__all__ = ["Scene", "iter_lines", "iter_scenes", "split_sentences", "words", "is_title_line", "DEFAULT_TARGET_WORDS",
           "DEFAULT_MAX_WORDS", "TITLE_MAX_WORDS"]

import io
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from composer.errors import StoryError
from composer.limits import LIMITS, check_at_most
from composer.safe_read import check_regular

#: Default scene size: a scene is closed at the first paragraph end after this many words.
DEFAULT_TARGET_WORDS = 150
#: A scene never grows past this many words; long paragraphs are cut at sentence ends.
DEFAULT_MAX_WORDS = 1000
#: Longest one-line paragraph, in words, read as a title (when it does not end like a sentence).
TITLE_MAX_WORDS = 10

_CR = re.compile(r"\r\n?")
_MARKER = re.compile(r"^\s*(?:([-*_=~])(?:\s*\1){2,}|#)\s*$")
_ATX = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
_NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
                 "seventeen|eighteen|nineteen|twenty|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final")
# Plain headings must stand alone as a one-line paragraph ("Chapter 3", "PART TWO: Exile", "Prologue", "IV.").
_PLAIN_HEADING = re.compile(
    r"^\s*(?:(?:chapter|part|book|act|scene|canto)\s+(?:\d+|[ivxlc]+|" + _NUMBER_WORDS + r")\b"
    r"|prologue\b|epilogue\b|interlude\b|[ivxlc]{1,7}\.?\s*$)[^\n]{0,70}$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_](?:[^\W_]|['’-](?=[^\W\d_]))*", re.UNICODE)
# A sentence ends at . ! ? … (possibly repeated, possibly followed by closing quotes or
# brackets) when whitespace follows; common abbreviations do not end sentences.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st prof sr jr vs etc e.g i.e no mt capt col gen lt sgt rev hon fig vol ch pp".split()
)


@dataclass(frozen=True)
class Scene:
    """One scene of a story.

    Attributes
    ----------
    index : int
        0-based position in the story.
    label : str
        The heading that opens it (``"Chapter 2 (3)"`` for the third part of a long
        chapter), or ``"Scene N"`` (1-based) when the text has no heading there.
    text : str
        The scene's text, paragraphs separated by blank lines (headings not included).
    words : int
        Number of words in ``text``.
    line : int
        1-based line of the source where the scene's text begins.
    heading : str or None
        The heading or title line that opened the scene's part of the story (None when
        ``label`` is ``"Scene N"``).
    paragraph_lines : tuple of int
        1-based line where each paragraph of ``text`` begins (paragraphs are separated by
        blank lines in ``text``); empty when not tracked.
    """

    index: int
    label: str
    text: str
    words: int
    line: int
    heading: str | None = None
    paragraph_lines: tuple[int, ...] = ()


def words(text: str) -> list[str]:
    """The words of ``text`` (letters with inner apostrophes or hyphens), in order.

    Examples
    --------
    >>> words("Don't stop—run! 3 times, well-known.")
    ["Don't", 'stop', 'run', 'times', 'well-known']
    """
    return _WORD.findall(text)


def split_sentences(text: str) -> list[str]:
    """Split text into sentences at ``.``, ``!``, ``?`` and ``…``, keeping the punctuation.

    Line breaks inside a paragraph are treated as spaces; common abbreviations
    (``Mr.``, ``Dr.``, ``e.g.``) and single initials do not end a sentence.

    Examples
    --------
    >>> split_sentences('Mr. Smith ran. "Stop!" he cried. Was it over?')
    ['Mr. Smith ran.', '"Stop!"', 'he cried.', 'Was it over?']
    """
    flat = " ".join(text.split())
    if not flat:
        return []
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(flat):
        candidate = flat[start:m.start()].rstrip()
        last = candidate.rsplit(" ", 1)[-1].rstrip(".").lower()
        if candidate.endswith(".") and (last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())):
            continue
        piece = flat[start:m.end()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = flat[start:].strip()
    if tail:
        out.append(tail)
    return out


def _decode_error(e: UnicodeDecodeError, where: str, offset: int) -> StoryError:
    return StoryError(f"{where} is not UTF-8 text (invalid byte 0x{e.object[e.start]:02x} at byte {offset + e.start}); "
                      "give a plain-text or markdown story saved as UTF-8")


def _check_text(chunk: str, where: str, line_no: int) -> None:
    if "\x00" in chunk:
        raise StoryError(f"{where} looks like a binary file (a NUL character on line {line_no}), not a story; "
                         "give a plain-text or markdown story saved as UTF-8")


def iter_lines(source: str | bytes | os.PathLike[str]) -> Iterator[str]:
    """Yield the lines of a story, without line ends, reading files lazily.

    Parameters
    ----------
    source : str, bytes or path
        A ``str`` is the story's text itself; ``bytes`` are its UTF-8 encoding; a
        ``pathlib.Path`` (or other ``os.PathLike``) names a UTF-8 text file, read line by line.

    Raises
    ------
    StoryError
        If the file cannot be read, is not valid UTF-8, or holds NUL characters (binary data).
    """
    if isinstance(source, bytes):
        try:
            text = source.decode("utf-8")
        except UnicodeDecodeError as e:
            raise _decode_error(e, "the story", 0) from None
        yield from _iter_text_lines(text, "the story")
        return
    if isinstance(source, str):
        yield from _iter_text_lines(source, "the story")
        return
    if not isinstance(source, os.PathLike):
        raise StoryError(f"a story is text (str), UTF-8 bytes or a path, got {type(source).__name__}")
    path = check_regular(source, "story", StoryError)
    where = str(path)
    limit = int(LIMITS["story_bytes"].high)
    try:
        handle = open(path, "rb")
    except OSError as e:
        raise StoryError(f"cannot read story {where}: {e.strerror or e}") from None
    with handle:
        offset = 0
        for n, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                raise _decode_error(e, where, offset) from None
            offset += len(raw)
            check_at_most("story_bytes", offset if offset <= limit else limit + 1, where)
            if n == 1:
                line = line.lstrip("\ufeff")
            _check_text(line, where, n)
            yield from _CR.split(line.rstrip("\r\n"))  # old Mac files end lines with CR alone


def _iter_text_lines(text: str, where: str) -> Iterator[str]:
    for n, line in enumerate(io.StringIO(text.lstrip("\ufeff"), newline=None), start=1):
        _check_text(line, where, n)
        yield line.rstrip("\r\n")


def _plain_heading(line: str) -> str | None:
    return " ".join(line.split()) if _PLAIN_HEADING.match(line) else None


_SENTENCE_LIKE_END = re.compile(r"[.!?…:;,\"'”’)\]-]\s*$")


def is_title_line(line: str) -> bool:
    """Whether a one-line paragraph reads as a title: 1 to ``TITLE_MAX_WORDS`` words, not ending like a sentence.

    Examples
    --------
    >>> is_title_line("The Storm at Miller's Pond"), is_title_line("The storm broke."), is_title_line("Run!")
    (True, False, False)
    """
    n = len(words(line))
    return 0 < n <= TITLE_MAX_WORDS and not _SENTENCE_LIKE_END.search(line)


def _bounded_sentences(text: str, max_words: int) -> Iterator[str]:
    """The sentences of ``text``, a sentence over ``max_words`` words cut into pieces of at most that many."""
    for sentence in split_sentences(text):
        if len(words(sentence)) <= max_words:
            yield sentence
            continue
        piece: list[str] = []
        count = 0
        for token in sentence.split():
            k = len(words(token))
            if piece and count + k > max_words:
                yield " ".join(piece)
                piece, count = [], 0
            piece.append(token)
            count += k
        if piece:
            yield " ".join(piece)


class _SceneBuilder:
    """Accumulates paragraphs into scenes; emits a scene when told to cut."""

    def __init__(self, target_words: int | None, max_words: int):
        self.target = target_words
        self.max_words = max_words
        self.paragraphs: list[str] = []
        self.lines: list[int] = []
        self.words = 0
        self.first_line = 0
        self.heading: str | None = None
        self.heading_parts = 0
        self.index = 0

    def _label(self) -> str:
        if self.heading is None:
            return f"Scene {self.index + 1}"
        return self.heading if self.heading_parts == 0 else f"{self.heading} ({self.heading_parts + 1})"

    def emit(self) -> Scene | None:
        if not self.paragraphs:
            return None
        scene = Scene(self.index, self._label(), "\n\n".join(self.paragraphs), self.words, self.first_line,
                      self.heading, tuple(self.lines))
        self.index += 1
        if self.heading is not None:
            self.heading_parts += 1
        self.paragraphs, self.lines, self.words = [], [], 0
        return scene

    def add_paragraph(self, text: str, line: int) -> Iterator[Scene]:
        n = len(words(text))
        if n == 0 and not text.strip():
            return
        if self.words + n > self.max_words:
            if self.paragraphs:
                s = self.emit()
                if s is not None:
                    yield s
            if n > self.max_words:
                # One huge paragraph: cut it at sentence ends.
                chunk: list[str] = []
                count = 0
                for sentence in _bounded_sentences(text, self.max_words):
                    k = len(words(sentence))
                    if chunk and count + k > self.max_words:
                        self._append(" ".join(chunk), count, line)
                        s = self.emit()
                        if s is not None:
                            yield s
                        chunk, count = [], 0
                    chunk.append(sentence)
                    count += k
                if chunk:
                    self._append(" ".join(chunk), count, line)
                return
        self._append(text, n, line)
        if self.target is not None and self.words >= self.target:
            s = self.emit()
            if s is not None:
                yield s

    def _append(self, text: str, n: int, line: int) -> None:
        if not self.paragraphs:
            self.first_line = line
        self.paragraphs.append(text)
        self.lines.append(line)
        self.words += n

    def new_heading(self, heading: str | None) -> Iterator[Scene]:
        s = self.emit()
        if s is not None:
            yield s
        self.heading = heading
        self.heading_parts = 0


def iter_scenes(lines: Iterable[str] | str, *, target_words: int | None = DEFAULT_TARGET_WORDS,
                max_words: int = DEFAULT_MAX_WORDS, titles: bool = True) -> Iterator[Scene]:
    """Split a story into scenes, lazily.

    Parameters
    ----------
    lines : iterable of str, or str
        The story's lines (``iter_lines`` reads them from a file), or the whole text.
    target_words : int or None
        Close a scene at the first paragraph end once it holds this many words; 0 makes
        every paragraph a scene; ``None`` cuts only at headings, markers and ``max_words``.
    max_words : int
        Largest scene, in words (at least 1).
    titles : bool
        Read title lines (``is_title_line``) as headings naming the next scene. A title
        with no text after it is dropped, unless the story holds nothing else.

    Yields
    ------
    Scene
        In story order. Headings and markers do not appear in scene text; sections with
        no words (a heading followed by another heading) yield no scene.

    Examples
    --------
    >>> [s.label for s in iter_scenes("# Dawn\\nBirds sang.\\n\\n---\\n\\nThen the storm came.")]
    ['Dawn', 'Scene 2']
    """
    if target_words is not None and (isinstance(target_words, bool) or not isinstance(target_words, int) or target_words < 0):
        raise StoryError(f"target_words must be a whole number >= 0 or None, got {target_words!r}")
    if isinstance(max_words, bool) or not isinstance(max_words, int) or max_words < 1:
        raise StoryError(f"max_words must be a whole number >= 1, got {max_words!r}")
    if isinstance(lines, str):
        lines = _iter_text_lines(lines, "the story")
    builder = _SceneBuilder(target_words, max_words)
    para: list[str] = []
    para_line = 0
    title: tuple[str, int] | None = None  # a title line waiting for the text it names

    def flush() -> Iterator[Scene]:
        nonlocal para, title
        if para:
            one_line = len(para) == 1
            heading = _plain_heading(para[0]) if one_line else None
            text = " ".join(p.strip() for p in para)
            para = []
            if heading is not None:
                title = None
                yield from builder.new_heading(heading)
            elif titles and one_line and is_title_line(text):
                title = (" ".join(text.split()), para_line)
            else:
                if title is not None:
                    yield from builder.new_heading(title[0])
                    title = None
                yield from builder.add_paragraph(text, para_line)

    def cut(heading: str | None) -> Iterator[Scene]:
        nonlocal title
        title = None  # a title followed by a heading or marker names nothing: dropped
        yield from builder.new_heading(heading)

    for n, line in enumerate(lines, start=1):
        if not line.strip():
            yield from flush()
            continue
        if _MARKER.match(line):
            yield from flush()
            yield from cut(None)
            continue
        atx = _ATX.match(line)
        if atx:
            yield from flush()
            yield from cut(atx.group(1).strip())
            continue
        if not para:
            para_line = n
        para.append(line)
    yield from flush()
    last = builder.emit()
    if last is not None:
        yield last
    elif title is not None and builder.index == 0:
        # the whole story is one short line: it is the text, not a title
        builder.heading = None
        yield from builder.add_paragraph(title[0], title[1])
        last = builder.emit()
        if last is not None:
            yield last
