"""Rendering: the only place that builds music21 objects, and every way out of composer.

- ``stream``: a melody as a music21 ``Score`` (key, metre, tempo, dynamics, articulations, phrase marks).
- ``performance``: the notes in seconds (``Performance``), for audio and piano rolls.
- ``performed``: the score as it is played (performed note lengths), for MIDI files.
- ``protocols``: what render reads from the music (``NoteLine``, ``Renderable``), so it imports no music type.
- ``midi``: MIDI files of melodies and pieces written straight from their arrays with mido
  (the same notes, lengths, velocities and tempo map as the music21 path, in linear time).
- ``files``: ``write``, the format chosen by the file name, written atomically (``atomic``).
- ``abc``, ``notation`` (MusicXML, SVG, PNG), ``synth`` (WAV), ``soundfont``, ``pianoroll``, ``html``:
  one format each.
"""

from __future__ import annotations

from composer.render.files import SUPPORTED_EXTENSIONS, format_for, write, write_melody
from composer.render.html import notebook_html
from composer.render.protocols import NoteLine, Renderable
from composer.render.performance import Performance, concatenate, melody_performance
from composer.render.stream import melody_to_stream
from composer.render.synth import synthesize, wav_bytes

__all__ = [
    "SUPPORTED_EXTENSIONS",
    "Performance",
    "Renderable",
    "NoteLine",
    "concatenate",
    "format_for",
    "melody_performance",
    "melody_to_stream",
    "notebook_html",
    "synthesize",
    "wav_bytes",
    "write",
    "write_melody",
]
