"""Parse one music file for a corpus: bounded in size, MIDI measured before music21 sees it.

The one place corpus readers (``corpus.read_file``, ``events.read_event_file``) hand a
user's file to music21. The file must be a regular file within ``midi_bytes``; a MIDI
file must be whole (``composer.models.midi_scan``) and within ``corpus_file_notes`` notes
and ``corpus_note_quarters`` per note or silence, so a tiny file cannot make music21
build gigabytes of score.
"""

from __future__ import annotations

__all__ = ["parse_music_file"]

import warnings
from pathlib import Path
from typing import Any

from composer.errors import ModelError
from composer.limits import check_at_most
from composer.models.midi_scan import MidiFormatError, scan_midi
from composer.safe_read import read_limited

_MIDI = (".mid", ".midi")


def parse_music_file(path: str | Path) -> Any:
    """Parse ``path`` with music21 after the checks above.

    Parameters
    ----------
    path : path-like
        An ABC, MIDI, MusicXML, kern … file.

    Returns
    -------
    music21.stream.Stream
        What ``music21.converter.parse`` returns (a Score or an Opus).

    Raises
    ------
    LimitError
        If the file is over a corpus limit (named in the message).
    ModelError
        If the file is missing, not a regular file, truncated or cannot be parsed.
    """
    import music21

    p = Path(path)
    data = read_limited(p, "midi_bytes", "music file", lambda m: ModelError(f"{p}: {m.split(': ', 1)[-1]}"))
    if p.suffix.lower() in _MIDI or data[:4] == b"MThd":
        try:
            scan = scan_midi(data)
        except MidiFormatError as exc:
            raise ModelError(f"{p}: not a whole MIDI file: {exc}") from None
        check_at_most("corpus_file_notes", scan.notes, str(p))
        check_at_most("corpus_note_quarters", scan.longest_quarters, f"{p}: longest note or silence")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return music21.converter.parse(str(p), forceSource=True)
    except MemoryError:
        raise ModelError(f"{p}: too large to read as music (out of memory)") from None
    except Exception as exc:
        raise ModelError(f"{p}: cannot be read as music ({type(exc).__name__}: {exc})") from exc
