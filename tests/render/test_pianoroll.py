"""Piano roll: one rectangle per note at its time and pitch, a line per bar, the emotion curve in a panel under it."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from composer.errors import MissingDependencyError, RenderError

pytest.importorskip("matplotlib")

from matplotlib.patches import Rectangle  # noqa: E402

from composer.render.pianoroll import piano_roll_figure, piano_roll_png  # noqa: E402


def _rects(ax):
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def _vlines(ax) -> list[float]:
    return sorted(float(line.get_xdata()[0]) for line in ax.lines if len(set(line.get_xdata())) == 1)


def test_roll_draws_each_note_and_bar_line(c_major):
    perf = c_major.to_performance()
    fig = piano_roll_figure(perf)
    (roll,) = fig.axes
    rects = _rects(roll)
    assert len(rects) == perf.n_notes == 8
    got = sorted((round(r.get_x(), 6), round(r.get_width(), 6), round(r.get_y() + r.get_height() / 2)) for r in rects)
    want = sorted((round(o, 6), round(d, 6), int(p)) for o, d, p in zip(perf.onsets, perf.durations, perf.pitches))
    assert got == want
    assert _vlines(roll) == pytest.approx([0.0, 2.0, 4.0])
    # Louder notes are drawn in a different colour.
    colours = {tuple(r.get_facecolor()) for r in rects}
    assert len(colours) == len(set(perf.velocities.tolist()))


def test_curve_panel_under_the_roll(c_major):
    curve = [(0.0, -0.5, -0.2), (2.0, 0.6, 0.8), (4.0, 0.2, 0.1)]
    fig = piano_roll_figure(c_major.to_performance(), curve=curve)
    roll, panel = fig.axes
    lines = {line.get_label(): line for line in panel.lines if not line.get_label().startswith("_")}
    assert set(lines) == {"valence", "arousal"}
    np.testing.assert_allclose(lines["valence"].get_xydata(), [(0, -0.5), (2, 0.6), (4, 0.2)])
    np.testing.assert_allclose(lines["arousal"].get_xydata(), [(0, -0.2), (2, 0.8), (4, 0.1)])
    assert panel.get_position().y1 <= roll.get_position().y0 + 1e-6  # under the roll
    assert roll.get_shared_x_axes().joined(roll, panel)


def test_png_file_and_its_size(c_major, tmp_path):
    path = c_major.write(tmp_path / "t.roll.png", curve=[(0, 0.1, 0.2), (4, 0.3, 0.4)])
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (600, 480)  # 6 x 4.8 inches at 100 dpi: the shortest roll, with a curve panel


@pytest.mark.parametrize("curve", [[(0, 2.0, 0)], [(0, 0)], [], [(0, float("nan"), 0)]])
def test_bad_curves(c_major, curve):
    with pytest.raises(RenderError, match="curve"):
        piano_roll_png(c_major.to_performance(), curve=curve)


def test_missing_matplotlib_names_the_extra(c_major, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingDependencyError, match=r"pip install matplotlib .*'composer-emotion\[plot\]'"):
        c_major.write(tmp_path / "t.roll.png")
    assert list(tmp_path.iterdir()) == []
