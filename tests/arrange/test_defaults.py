"""The film, game and hymn styles arrange unless asked for the melody alone; default and folk do not."""

from __future__ import annotations

import json

import pytest
from music21 import converter

import composer
from composer.cli import main


@pytest.mark.parametrize("style", ["film", "game", "hymn"])
def test_arranging_styles_return_an_arrangement_unless_told_not_to(style):
    a = composer.compose(valence=0.3, arousal=0.0, bars=2, style=style, seed=1)
    m = composer.compose(valence=0.3, arousal=0.0, bars=2, style=style, seed=1, arrange=False)
    assert isinstance(a, composer.Arrangement) and isinstance(m, composer.Melody)
    assert a.melody.pitches.tolist() == m.pitches.tolist()     # the same tune, with parts under it
    assert len(a.parts) == 3 and a.parts[0].name == "Melody"


@pytest.mark.parametrize("style", ["default", "folk"])
def test_other_styles_keep_the_melody_alone_unless_asked(style):
    assert isinstance(composer.compose(valence=0.3, arousal=0.0, bars=2, style=style, seed=1), composer.Melody)
    assert isinstance(composer.compose(valence=0.3, arousal=0.0, bars=2, style=style, seed=1, arrange=True),
                      composer.Arrangement)


def test_arranging_an_arrangement_again_is_one_clear_error():
    a = composer.compose(valence=0.3, arousal=0.0, bars=2, style="film", seed=1)
    with pytest.raises(composer.ArgumentError, match="arrange=False"):
        composer.arrange(a)


def test_harmonise_an_arrangement_harmonises_its_melody():
    a = composer.compose(valence=0.3, arousal=0.0, bars=2, style="film", seed=1)
    assert composer.harmonise(a).chords.tolist() == composer.harmonise(a.melody).chords.tolist()
    with pytest.raises(composer.ArgumentError, match="needs a Melody"):
        composer.harmonise(42)


def test_arrange_must_be_a_bool_or_none():
    with pytest.raises(composer.ArgumentError, match="arrange must be True, False or None"):
        composer.compose(valence=0, arousal=0, bars=1, arrange="yes")


def test_generate_with_film_writes_a_multi_part_score_and_melody_only_one_part(tmp_path, capsys):
    cue = tmp_path / "cue.musicxml"
    assert main(["generate", "-v", "0.2", "-a", "-0.3", "--bars", "2", "--style", "film", "-o", str(cue), "--json"]) == 0
    assert "chords" in json.loads(capsys.readouterr().out)
    names = [p.partName for p in converter.parse(str(cue)).parts]
    assert names[0] == "Melody" and "Bass" in names and len(names) >= 3
    alone = tmp_path / "alone.musicxml"
    assert main(["generate", "-v", "0.2", "-a", "-0.3", "--bars", "2", "--style", "film", "--melody-only",
                 "-o", str(alone)]) == 0
    assert len(converter.parse(str(alone)).parts) == 1


def test_arrange_and_melody_only_exclude_each_other(tmp_path):
    with pytest.raises(SystemExit) as e:
        main(["generate", "-v", "0", "-a", "0", "--arrange", "--melody-only", "-o", str(tmp_path / "x.mid")])
    assert e.value.code == 2
