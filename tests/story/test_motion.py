"""Within-scene motion: a scene that builds inside itself is heard building (tempo, loudness, notes per second)."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from composer.analysis import note_array
from composer.story.reading.segment import build_span
from composer.story.scoring.ramps import RAMP_MIN_CHANGE, glide
from composer.story.scoring.score import score_story
from composer.story.scoring.storyplan import story_plan
from composer.theory.meter import get_meter
from composer.theory.tempo import TEMPO_MAX, TEMPO_MIN, map_seconds

#: One paragraph (too short to be cut in two) whose storm breaks halfway through.
BREAKS = ("The lake was calm and quiet. Birds sang softly in the warm sun. "
          "Then the wind rose. Thunder cracked overhead! Lightning struck the boat and everyone screamed in terror!")
#: A storm dying down.
CALMS = ("Thunder cracked overhead and everyone screamed! The storm raged on. Slowly the wind began to fade. "
         "The rain softened to a whisper. The lake was calm and quiet.")


def _halves(path) -> dict[str, tuple[float, float]]:
    """(first half, second half) of the written MIDI: mean tempo, mean velocity, notes per second."""
    na = note_array(path)
    mid = na.quarters / 2
    notes = na.notes
    first, second = notes[notes["onset"] < mid], notes[notes["onset"] >= mid]
    t_mid = float(np.interp(mid, notes["onset"], notes["seconds"]))

    def bpm(a: float, b: float) -> float:  # quarter notes over minutes between two positions
        rows = na.tempi
        minutes = sum(max(0.0, min(b, e) - max(a, s)) / t for s, e, t in rows)
        return (b - a) / minutes

    return {"tempo": (bpm(0, mid), bpm(mid, na.quarters)),
            "velocity": (float(first["velocity"].mean()), float(second["velocity"].mean())),
            "notes_per_second": (len(first) / t_mid, len(second) / (na.seconds - t_mid))}


def test_a_storm_breaking_inside_a_paragraph_is_heard_breaking(tmp_path):
    plan = story_plan(BREAKS)
    assert len(plan) == 1 and plan[0].arc is not None
    start, end = plan[0].arc
    assert end.arousal - start.arousal > 0.6 and "builds inside the scene" in plan.scenes[0].how
    got = _halves(score_story(BREAKS, seed=3).write(tmp_path / "breaks.mid"))
    assert got["tempo"][1] > 1.15 * got["tempo"][0]
    assert got["velocity"][1] > got["velocity"][0] + 5
    assert got["notes_per_second"][1] > got["notes_per_second"][0]


def test_a_storm_dying_down_slows_and_softens(tmp_path):
    assert story_plan(CALMS)[0].arc is not None
    got = _halves(score_story(CALMS, seed=3).write(tmp_path / "calms.mid"))
    assert got["tempo"][1] < got["tempo"][0] / 1.15
    assert got["velocity"][1] < got["velocity"][0] - 5


def test_without_motion_the_scene_keeps_one_tempo():
    plan = story_plan(BREAKS, motion=False)
    assert plan[0].arc is None
    assert "builds inside" not in plan.scenes[0].how


@settings(max_examples=60)
@given(st.floats(30, 250), st.floats(30, 250), st.integers(1, 24), st.sampled_from(["4/4", "3/4", "6/8"]),
       st.floats(2, 120))
def test_a_glide_keeps_the_length_and_moves_one_way(a, b, bars, meter, seconds):
    m = glide(a, b, bars=bars, meter=meter, seconds=seconds)
    total = bars * get_meter(meter).bar_ticks
    tempos = [t for _, t in m]
    assume(all(TEMPO_MIN < t < TEMPO_MAX for t in tempos))  # clipped to the tempo range: the length cannot be kept
    assert abs(map_seconds(m, total) - seconds) < 0.01 * seconds
    assert all(x <= y for x, y in zip(tempos, tempos[1:])) or all(x >= y for x, y in zip(tempos, tempos[1:]))
    if bars >= 2 and abs(b - a) >= RAMP_MIN_CHANGE * min(a, b):
        assert len(m) == bars and abs(tempos[-1] / tempos[0] - b / a) < 1e-3 * b / a + 1e-2


@given(st.lists(st.tuples(st.floats(-1, 1), st.floats(-1, 1)), min_size=0, max_size=12))
def test_a_span_is_none_or_the_fitted_line_ends(values):
    x = np.array(values, dtype=np.float64).reshape(-1, 2)
    span = build_span(x)
    if span is not None:
        np.testing.assert_allclose(span.mean(axis=0), x.mean(axis=0), atol=1e-9)  # a line's ends average to the mean
        assert np.all(np.abs(span[1] - span[0]) <= 2 * len(x))
