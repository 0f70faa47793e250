"""Stories and cue sheets within their limits: scene size, line endings, cue times, odd inputs."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from composer.errors import CueSheetError, LimitError, StoryError
from composer.limits import LIMITS
from composer.story import score_story
from composer.story.scoring.cuesheet import parse_cue_sheet
from composer.story.scoring.storyplan import story_plan
from composer.story.reading.text import iter_lines, iter_scenes, words


def test_max_words_holds_for_a_paragraph_with_no_sentence_end():
    text = " ".join(f"w{i}" for i in range(5_000))
    scenes = list(iter_scenes(text, max_words=300))
    assert max(s.words for s in scenes) <= 300
    assert sum(s.words for s in scenes) == 5_000
    assert " ".join(s.text for s in scenes).split() == text.split()  # nothing lost, order kept


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"])
def test_every_line_ending_splits_lines(tmp_path, newline):
    text = newline.join(["# Dawn", "Birds sang.", "", "# Dusk", "The light went out.", ""])
    assert [s.label for s in iter_scenes(text)] == ["Dawn", "Dusk"]
    path = tmp_path / "story.txt"
    path.write_bytes(text.encode())
    assert [s.label for s in iter_scenes(iter_lines(path))] == ["Dawn", "Dusk"]


def test_story_sources_of_the_wrong_type():
    with pytest.raises(StoryError, match="a story is text"):
        score_story(None)  # type: ignore[arg-type]
    plan = story_plan(bytearray(b"Birds sang in the bright morning."))
    assert [s.words for s in plan.scenes] == [len(words("Birds sang in the bright morning."))]


def test_scenes_are_bounded():
    text = "\n\n".join(f"# Part {i}\nA word." for i in range(1_001))
    with pytest.raises(LimitError, match="scenes"):
        story_plan(text)


@pytest.mark.parametrize(("cue", "limit"), [
    ("{name: a, start: 1.0e+9, duration: 5, emotion: calm}", "cue_start_seconds"),
    ("{name: a, start: 10801, duration: 5, emotion: calm}", "cue_start_seconds"),
    ("{name: a, duration: 3601, emotion: calm}", "cue_duration_seconds"),
    ("{name: a, start: 10000, end: 10801, emotion: calm}", "cue_start_seconds"),
    ("{name: a, bars: 257, tempo: 120, emotion: calm}", "bars"),
])
def test_cue_times_are_bounded_before_anything_is_laid_out(cue, limit):
    with pytest.raises(CueSheetError, match=limit) as info:
        parse_cue_sheet(f"cues:\n  - {cue}\n", source="c.yaml")
    assert str(info.value).startswith("c.yaml:2: cue 'a' (cues[0]): ")


def test_cue_count_is_bounded():
    cues = "".join(f"  - {{name: c{i}, duration: 1, emotion: calm}}\n" for i in range(1_001))
    with pytest.raises(CueSheetError, match="limit cues"):
        parse_cue_sheet("cues:\n" + cues)


def test_the_last_allowed_start_is_accepted():
    plan = parse_cue_sheet("cues:\n  - {name: a, start: 10800, duration: 5, emotion: calm}\n")
    assert plan.sections[0].start == 10800.0


def test_tempo_range_message_names_the_field():
    with pytest.raises(CueSheetError, match=r"tempo_range\[1\] must be a tempo in \[30, 240\].*got 500"):
        parse_cue_sheet("tempo_range: [60, 500]\ncues:\n  - {name: a, duration: 5, emotion: calm}\n")


@given(start=st.floats(0, 20_000), duration=st.floats(0.5, 5_000))
def test_cue_times_within_the_limits_are_kept_and_beyond_them_refused(start, duration):
    # JSON: YAML 1.1 reads "5e-324" (no dot) as text, not a number
    sheet = json.dumps({"cues": [{"name": "a", "start": start, "duration": duration, "emotion": "calm"}]})
    if start <= LIMITS["cue_start_seconds"].high and duration <= LIMITS["cue_duration_seconds"].high:
        section = parse_cue_sheet(sheet, format="json").sections[0]
        assert (section.start, section.duration) == (start, duration)
    else:
        with pytest.raises(CueSheetError, match="over the limit cue_(start|duration)_seconds"):
            parse_cue_sheet(sheet, format="json")
