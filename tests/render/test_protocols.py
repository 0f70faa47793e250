"""Render types against protocols: it imports no music type, and the music types fit the protocols."""

from __future__ import annotations

import ast
from pathlib import Path

import composer
from composer.render.protocols import NoteLine, Renderable

RENDER = Path(composer.__file__).parent / "render"


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def test_render_imports_no_melody_or_piece_module():
    for path in sorted(RENDER.glob("*.py")):
        bad = {m for m in _imported_modules(path) if m == "composer.melody" or m.startswith("composer.story")}
        assert not bad, f"{path.name} imports {sorted(bad)}; type against composer.render.protocols instead"


def test_melody_and_piece_fit_the_protocols():
    m = composer.compose(valence=0.3, arousal=0.2, bars=2, seed=1)
    assert isinstance(m, NoteLine) and isinstance(m, Renderable)
    piece = composer.score_story("# Dawn\nBirds sang in the quiet garden.\n\n# Raid\nThe alarm screamed! RUN!", seed=1)
    assert isinstance(piece, Renderable) and not isinstance(piece, NoteLine)
    # what render reads from a NoteLine is what a Melody holds
    score = composer.render.melody_to_stream(m)
    assert {n.pitch.midi for n in score.recurse().notes} == {int(p) for p in m.pitches if p >= 0}
