"""Story text to a plan: scenes, raw and smoothed emotion, and robustness on odd input."""

from __future__ import annotations

import io
import tracemalloc

import numpy as np
import pytest

from composer.affect import Affect
from composer.errors import StoryError
from composer.story import StoryPlan, TextAffectEstimator, story_plan

STORY = """# The Village
The morning was quiet and warm. Children played in the meadow while the old baker sang softly. Everyone was happy.

# The Raid
Suddenly the alarm bells rang! Riders burst through the gate, swords flashing. Houses were burning! People screamed and ran for their lives.

# Aftermath
Ashes drifted over the silent ruins. An old woman wept beside her lost son. Nothing would ever be the same.

# Hope
Spring came again. Together they rebuilt their homes, and laughter returned to the village square.
"""


def test_scenes_follow_the_story_and_the_report_keeps_raw_and_smoothed():
    plan = story_plan(STORY, smoothing=0.6)
    assert isinstance(plan, StoryPlan)
    assert [s.name for s in plan] == ["The Village", "The Raid", "Aftermath", "Hope"]
    village, raid, aftermath, hope = plan.scenes
    assert raid.raw.arousal > village.raw.arousal + 0.3
    assert aftermath.raw.valence < 0 < hope.raw.valence
    assert village.excerpt.startswith("The morning was quiet") and village.line == 2 and village.words == 20
    # Sections are back to back, their lengths follow the words read, and they carry the smoothed emotion.
    assert plan[0].start == 0 and all(a.end == b.start for a, b in zip(plan, plan.sections[1:]))
    assert all(s.affect == r.smoothed for s, r in zip(plan, plan.scenes))
    assert plan[0].duration == pytest.approx(max(10.0, 20 * 60 / 150))
    raw = np.array([[r.raw.valence, r.raw.arousal] for r in plan.scenes])
    smooth = np.array([[r.smoothed.valence, r.smoothed.arousal] for r in plan.scenes])
    assert np.all(smooth >= raw.min(axis=0) - 1e-12) and np.all(smooth <= raw.max(axis=0) + 1e-12)
    assert np.abs(np.diff(smooth, axis=0)).max() < np.abs(np.diff(raw, axis=0)).max()
    unsmoothed = story_plan(STORY, smoothing=0)
    assert [s.raw for s in unsmoothed.scenes] == [s.smoothed for s in unsmoothed.scenes]


def test_any_callable_is_an_estimator():
    seen = []

    def mine(text: str):
        seen.append(text)
        return (0.5, -0.5) if "quiet" in text else {"valence": -0.5, "arousal": 0.5}

    plan = story_plan(STORY, estimator=mine, smoothing=0)
    assert len(seen) == 4 and seen[0].startswith("The morning")
    assert plan[0].affect == Affect(0.5, -0.5) and plan[1].affect == Affect(-0.5, 0.5)
    assert len(story_plan(STORY, estimator=TextAffectEstimator())) == 4


def test_broken_estimators_name_the_scene():
    with pytest.raises(StoryError, match=r"estimator returned 'happy-ish' for scene 1 \('The Village'\)"):
        story_plan(STORY, estimator=lambda t: "happy-ish")
    with pytest.raises(StoryError, match=r"estimator failed on scene 1 \('The Village', line 2\): ZeroDivisionError"):
        story_plan(STORY, estimator=lambda t: 1 / 0)
    with pytest.raises(StoryError, match="callable"):
        story_plan(STORY, estimator="vader")  # type: ignore[arg-type]


def test_empty_one_word_and_foreign_texts():
    assert len(story_plan("")) == 0 and story_plan("").duration == 0.0
    assert len(story_plan("\n\n# Only a heading\n")) == 0
    one = story_plan("Fire!")
    assert len(one) == 1 and one[0].duration == 10.0 and one.scenes[0].words == 1
    foreign = story_plan("Es war einmal ein König, der hatte drei Töchter. Die jüngste war die schönste von allen.")
    assert abs(foreign[0].affect.valence) < 0.1 and abs(foreign[0].affect.arousal) < 0.1
    japanese = story_plan("昔々、ある村に優しいおじいさんが住んでいました。")
    assert abs(japanese[0].affect.valence) < 0.1 and abs(japanese[0].affect.arousal) < 0.1


def test_binary_and_non_utf8_files_are_clear_errors(tmp_path):
    png = tmp_path / "cover.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(StoryError, match="not UTF-8 text"):
        story_plan(png)
    nul = tmp_path / "data.txt"
    nul.write_bytes(b"hello\x00world\n")
    with pytest.raises(StoryError, match="binary file"):
        story_plan(nul)


def test_options_are_checked():
    for kw in ({"smoothing": -1}, {"words_per_minute": 0}, {"scene_seconds": (30, 10)}, {"target_words": -5},
               {"scenes": "chapters"}, {"min_scene_words": 0}, {"change_penalty": -1.0}, {"change_penalty": float("nan")}):
        with pytest.raises(StoryError):
            story_plan(STORY, **kw)


def test_a_200_page_story_finishes_in_bounded_memory_with_a_progress_bar(tmp_path):
    # 200 pages of about 300 words, written to a file and read from it.
    paragraphs = [
        "The knight rode through the dark forest while wolves howled in the distance. He was afraid, but he kept going!",
        "At dawn he reached the quiet village and rested by the warm fire. The children laughed and the baker sang.",
        "Then the dragon came! Fire rained on the roofs and people screamed and ran. The knight drew his sword.",
    ]
    path = tmp_path / "novel.txt"
    with path.open("w", encoding="utf-8") as f:
        for chapter in range(1, 41):
            f.write(f"Chapter {chapter}\n\n")
            for k in range(75):
                f.write(paragraphs[k % 3] + "\n\n")
    size = path.stat().st_size
    assert 300_000 < size < 500_000  # about 60,000 words
    stream = io.StringIO()
    tracemalloc.start()
    try:
        import sys

        old, sys.stderr = sys.stderr, stream
        try:
            plan = story_plan(path, show_progress=True, scenes="paragraph")
        finally:
            sys.stderr = old
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(plan) > 200 and plan.title == "novel"
    assert plan[0].name == "Chapter 1" and any(s.name == "Chapter 40" for s in plan)
    assert peak < 20_000_000  # far less than the text's size times the per-scene work
    bar = stream.getvalue()
    assert "reading story" in bar and "#" * 30 in bar and bar.endswith("\n")
