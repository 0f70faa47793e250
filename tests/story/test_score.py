"""The front doors (``score_story``, ``score_cues``, ``compose_curve``) on good, odd and bad input."""

from __future__ import annotations

import io
import json
import sys
import tracemalloc

import pytest

import composer
from composer.curve import AffectCurve
from composer.errors import ComposerError, CueSheetError, StoryError
from composer.story import compose_plan, story_plan
from tests.story.readback import read_midi, read_musicxml


def test_empty_text_is_a_clear_error():
    for text in ("", "   \n\n", "\n# Only a heading\n"):
        with pytest.raises(StoryError, match="has no words: there is nothing to score"):
            composer.score_story(text)
    with pytest.raises(ComposerError, match="no sections to compose"):
        compose_plan(story_plan(""))


def test_a_one_word_story_is_one_short_section(tmp_path):
    piece = composer.score_story("Fire!", seed=2)
    assert len(piece) == 1 and piece[0].label == "Scene 1"
    written = read_musicxml(piece.write(tmp_path / "fire.musicxml"))
    assert len(written) == 1 and abs(written[0].seconds - 10.0) <= 0.5 and written[0].pitches


def test_non_english_text_scores_near_neutral(tmp_path):
    piece = composer.score_story("Es war einmal ein König, der hatte drei Töchter.\n\n"
                                 "昔々、ある村に優しいおじいさんが住んでいました。", seed=1, bars=2)
    assert len(piece) >= 1
    for s in piece:
        assert abs(s.affect.valence) < 0.2 and abs(s.affect.arousal) < 0.2
    piece.write(tmp_path / "x.mid")


def test_binary_and_missing_input_are_clear_errors(tmp_path):
    png = tmp_path / "cover.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(StoryError, match="not UTF-8 text"):
        composer.score_story(png)
    with pytest.raises(StoryError, match="binary"):
        composer.score_story(b"hello\x00world")
    with pytest.raises(CueSheetError, match="binary"):
        (tmp_path / "cues.yaml").write_bytes(b"\x00\x01\x02cues")
        composer.score_cues(tmp_path / "cues.yaml")
    with pytest.raises(CueSheetError, match="cannot read cue sheet"):
        composer.score_cues(tmp_path / "missing.yaml")


def test_a_200_page_story_finishes_with_a_progress_bar_in_bounded_memory(tmp_path):
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
    assert path.stat().st_size > 300_000  # about 60,000 words, 200 pages
    err = io.StringIO()
    old, sys.stderr = sys.stderr, err
    tracemalloc.start()
    try:
        # One bar per scene keeps the test fast; the work per scene is the same as for longer scenes.
        piece = composer.score_story(path, bars=1, beam_width=8, show_progress=True, scenes="paragraph")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        sys.stderr = old
    assert len(piece) == 400 and piece[0].label == "Chapter 1" and piece[-1].label.startswith("Chapter 40")
    assert peak < 40_000_000
    bar = err.getvalue()
    assert "composing sections" in bar and "400/400" in bar and "reading story" in bar
    # The dragon's paragraphs are more aroused than the village's, and the music follows.
    arousal = [s.affect.arousal for s in piece]
    assert max(arousal) > min(arousal)


def test_cue_sheets_from_files_data_and_plans(tmp_path):
    yaml_path = tmp_path / "cues.yaml"
    yaml_path.write_text("title: Two cues\ncues:\n  - {name: calm, duration: 12, emotion: serene}\n"
                         "  - {name: chase, duration: 9.5, emotion: terrified}\n")
    json_path = tmp_path / "cues.json"
    json_path.write_text(json.dumps([{"name": "calm", "duration": 12, "emotion": "serene"},
                                     {"name": "chase", "duration": 9.5, "emotion": "terrified"}]))
    a = composer.score_cues(yaml_path, seed=4)
    b = composer.score_cues(str(json_path), seed=4)
    c = composer.score_cues(composer.story.read_cue_sheet(yaml_path), seed=4)
    assert a.title == "Two cues" and [s.label for s in a] == ["calm", "chase"]
    assert a.report()[0]["parameters"] == b.report()[0]["parameters"] == c.report()[0]["parameters"]
    written = read_musicxml(a.write(tmp_path / "a.musicxml"))
    assert [round(w.seconds * 2) / 2 for w in written] == [12.0, 9.5]


def test_malformed_cue_sheets_name_the_cue_and_the_field():
    with pytest.raises(CueSheetError, match=r"cue 'chase' \(cues\[1\]\): duration must be > 0") as e:
        composer.score_cues({"cues": [{"name": "calm", "duration": 5, "emotion": "calm"},
                                      {"name": "chase", "duration": -3, "emotion": "tense"}]})
    assert e.value.cue == "chase" and e.value.field == "duration"
    with pytest.raises(CueSheetError, match="a path, a mapping or a list of cues"):
        composer.score_cues(42)  # type: ignore[arg-type]


def test_a_cue_that_cannot_be_fitted_names_the_section():
    plan = composer.story.Plan((composer.story.Section("tiny", 0.0, 0.3, composer.Affect(0, 0)),))
    with pytest.raises(ComposerError, match=r"section 1 \('tiny'\): 0.3 s cannot be filled"):
        compose_plan(plan)


def test_compose_curve_arguments():
    curve = AffectCurve([(0, "calm"), (20, "tense")])
    with pytest.raises(ComposerError, match="not both"):
        composer.compose_curve(curve, bars=2, seconds=10)
    with pytest.raises(ComposerError, match="one moment only"):
        composer.compose_curve(AffectCurve([(0, "calm")]), sections=2)
    with pytest.raises(ComposerError, match="2 non-empty strings"):
        composer.compose_curve(curve, sections=2, bars=1, names=["x"])
    with pytest.raises(ComposerError, match="increasing"):
        composer.compose_curve(curve, sections=[0, 10, 5], bars=1)
    with pytest.raises(ComposerError, match="AffectCurve"):
        composer.compose_curve([(0, "calm")], bars=1)  # type: ignore[arg-type]
    named = composer.compose_curve(curve, sections=[0, 5, 20], seconds=30, names=["intro", "build"])
    assert [s.label for s in named] == ["intro", "build"]
    assert [round(s.seconds, 1) for s in named] == [7.5, 22.5]
    one = composer.compose_curve(AffectCurve([(0, "calm")]), sections=3, seconds=30)
    assert [round(s.seconds, 1) for s in one] == [10.0, 10.0, 10.0]


def test_a_custom_estimator_and_style_reach_the_piece(tmp_path):
    piece = composer.score_story("# One\nanything\n\n# Two\nanything else", estimator=lambda text: "furious",
                                 style="film", bars=2, smoothing=0)
    assert piece.style == "film" and all(s.melody.style == "film" for s in piece)
    assert all(s.affect == composer.as_affect("furious") for s in piece)
    assert read_midi(piece.write(tmp_path / "f.mid")).notes
