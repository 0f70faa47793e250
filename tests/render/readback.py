"""Shared helpers of the MIDI writer tests: one piece written by both MIDI paths and read back."""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

from composer.analysis import note_array
from composer.render.performed import performed_score

__all__ = ["EXAMPLES", "axis", "both_paths"]

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
axis = st.floats(min_value=-1.0, max_value=1.0, allow_nan=False)


def both_paths(source, tmp_path: Path):
    """(music21 path, mido path) written for ``source`` and read back as note arrays."""
    old = tmp_path / "old.mid"
    performed_score(source.to_stream()).write("midi", fp=old)
    new = source.write(tmp_path / "new.mid", overwrite=True)
    return note_array(old), note_array(new)
