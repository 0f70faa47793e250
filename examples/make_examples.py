"""Rebuild the example outputs: ``python examples/make_examples.py [FOLDER]`` (from anywhere; default ``examples/output``).

Scores the story ``lion_and_mouse.md`` and the cue sheet ``lighthouse.yaml`` with fixed
seeds and writes, into ``examples/output/``, each piece as MIDI and compressed MusicXML (``.mxl``) and its
per-scene report as text and JSON. Files there are replaced. The MIDI files and reports
come out byte for byte the same on every run; the ``.mxl`` files differ only in the
encoding date music21 writes into them (and the zip time stamps).
"""

from __future__ import annotations

import sys
from pathlib import Path

import composer

HERE = Path(__file__).resolve().parent
OUT = HERE / "output"


def main(out: Path = OUT) -> dict[str, composer.Piece]:
    """Write every output into ``out`` (created if missing) and return the pieces by name."""
    out.mkdir(exist_ok=True)
    pieces = {
        "lion_and_mouse": composer.score_story(HERE / "lion_and_mouse.md", seed=1),
        "lighthouse": composer.score_cues(HERE / "lighthouse.yaml", seed=1),
    }
    for name, piece in pieces.items():
        for ending in (".mid", ".mxl"):
            piece.write(out / f"{name}{ending}", overwrite=True)
        (out / f"{name}.report.txt").write_text(f"{piece}\n\n{piece.report_text()}\n", encoding="utf-8")
        (out / f"{name}.report.json").write_text(piece.report_json(indent=1) + "\n", encoding="utf-8")
        print(piece)
    return pieces


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
