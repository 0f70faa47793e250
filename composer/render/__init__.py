"""Rendering: the only place that builds music21 objects (streams, MIDI and MusicXML files)."""

from __future__ import annotations

from composer.render.files import SUPPORTED_EXTENSIONS, write_melody
from composer.render.stream import melody_to_stream

__all__ = ["melody_to_stream", "write_melody", "SUPPORTED_EXTENSIONS"]
