"""Stories, cue sheets, curves, variations and batch jobs follow the style's ``arrange: by_default`` too."""

from __future__ import annotations

import json

import mido
import pytest
from music21 import converter

import composer
from composer.arrange import ArrangedPiece
from composer.cli import main
from composer.story.scoring.piece import Piece

STORY = "# Dawn\nBirds sang in the quiet garden.\n\n# Raid\nThe alarm screamed! RUN!"


def _cues(style: str) -> dict:
    return {"style": style, "cues": [{"name": "calm", "duration": 8, "emotion": "serene"},
                                     {"name": "chase", "duration": 6, "emotion": "terrified"}]}


@pytest.mark.parametrize("style", ["film", "game", "hymn"])
def test_arranging_styles_arrange_stories_cue_sheets_and_curves(style):
    story = composer.score_story(STORY, style=style, bars=2, seed=1)
    alone = composer.score_story(STORY, style=style, bars=2, seed=1, arrange=False)
    assert isinstance(story, ArrangedPiece) and isinstance(alone, Piece)
    # the same melody, with its parts under it; a Piece's questions get the piece's answers
    assert [s.melody.pitches.tolist() for s in story.sections] == [s.melody.pitches.tolist() for s in alone.sections]
    assert [s.label for s in story] == ["Dawn", "Raid"] and len(story) == 2 and story[1].label == "Raid"
    assert story.seconds == alone.seconds and story.bars == alone.bars and story.report() == alone.report()
    assert story.n_notes > alone.n_notes
    summary = story.summary()
    assert summary["parts"][0] == "Melody" and len(summary["parts"]) == 3 and len(summary["chords"]) == 2
    assert isinstance(composer.score_cues(_cues(style), bars=2), ArrangedPiece)
    assert isinstance(composer.score_cues(_cues(style), bars=2, arrange=False), Piece)
    curve = composer.AffectCurve([(0, "sad"), (10, "triumphant")])
    assert isinstance(composer.compose_curve(curve, sections=2, bars=2, style=style), ArrangedPiece)


@pytest.mark.parametrize("style", ["default", "folk"])
def test_other_styles_keep_pieces_melodic_unless_asked(style):
    assert isinstance(composer.score_story(STORY, style=style, bars=2, seed=1), Piece)
    assert isinstance(composer.score_story(STORY, style=style, bars=2, seed=1, arrange=True), ArrangedPiece)
    assert isinstance(composer.score_cues(_cues(style), bars=2), Piece)


def test_a_cue_sheets_style_argument_decides_over_the_sheets():
    assert isinstance(composer.score_cues(_cues("default"), style="film", bars=2), ArrangedPiece)
    assert isinstance(composer.score_cues(_cues("film"), style="default", bars=2), Piece)


def test_arrange_keyword_of_pieces_must_be_a_bool_or_none():
    with pytest.raises(composer.ArgumentError, match="arrange must be True, False or None"):
        composer.score_story(STORY, bars=2, arrange="yes")
    with pytest.raises(composer.ArgumentError, match="arrange=False"):
        composer.arrange(composer.score_story(STORY, style="film", bars=2))


def test_film_variations_are_arrangements_of_distinct_takes():
    takes = composer.compose_variations(0.3, 0.2, n=3, bars=2, style="film", seed=2)
    melodies = composer.compose_variations(0.3, 0.2, n=3, bars=2, style="film", seed=2, arrange=False)
    assert all(isinstance(t, composer.Arrangement) for t in takes)
    assert all(isinstance(m, composer.Melody) for m in melodies)
    assert [t.melody.pitches.tolist() for t in takes] == [m.pitches.tolist() for m in melodies]
    assert all(isinstance(m, composer.Melody) for m in composer.compose_variations(0.3, 0.2, n=2, bars=2, seed=2))


def test_score_cli_arranges_film_unless_melody_only(tmp_path, capsys):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    assert main(["score", str(story), "--style", "film", "--bars", "2", "-o", str(tmp_path / "a.musicxml"),
                 "-o", str(tmp_path / "a.mid"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["parts"] == ["Melody", "Accompaniment", "Bass"] and out["sections"] == 2
    assert len(converter.parse(str(tmp_path / "a.musicxml")).parts) == 3
    assert len(mido.MidiFile(tmp_path / "a.mid").tracks) == 4        # the tempo track and three parts
    assert main(["score", str(story), "--style", "film", "--bars", "2", "--melody-only",
                 "-o", str(tmp_path / "m.musicxml")]) == 0
    assert len(converter.parse(str(tmp_path / "m.musicxml")).parts) == 1
    assert main(["score", str(story), "--bars", "2", "-o", str(tmp_path / "d.musicxml")]) == 0
    assert len(converter.parse(str(tmp_path / "d.musicxml")).parts) == 1       # the default style: one part
    with pytest.raises(SystemExit):
        main(["score", str(story), "--arrange", "--melody-only", "-o", str(tmp_path / "x.mid")])


def test_a_film_story_job_of_a_batch_writes_every_part(tmp_path):
    from composer.batches.jobs import Job
    from composer.batches.run import run_job

    story = tmp_path / "s.txt"
    story.write_text(STORY, encoding="utf-8")
    job = Job(id="s", kind="story", seed=1, formats=("mid",), bars=2, style="film", line=1, source=str(story))
    row = run_job(job, tmp_path)
    assert row["error"] is None, row["error"]
    assert len(mido.MidiFile(tmp_path / "s" / "s.mid").tracks) == 4
    assert row["music"]["bars"] == 4            # both scenes of the file (not its path read as a story)
