"""Corpus manifests and folders stay inside their folder and within the corpus limits."""

from __future__ import annotations

import pytest

from composer.errors import ModelError
from composer.models.corpus import check_pattern, manifest_files, read_files
from tests.hostile.cases import GENERATORS


@pytest.mark.parametrize("pattern", ["../../**/*.mid", "/etc/*", "a/../../b.mid", "~/x.mid", "..", "", "C:/x"])
def test_patterns_that_leave_the_folder_are_refused(pattern):
    with pytest.raises(ModelError, match="must be a glob inside"):
        check_pattern(pattern, "m.yaml: sources[0]")


@pytest.mark.parametrize("pattern", ["*.abc", "reels/**/*.mid", "**/*.krn"])
def test_ordinary_patterns_pass(pattern):
    assert check_pattern(pattern, "m.yaml") == pattern


def test_manifest_pattern_is_checked_when_read(tmp_path):
    m = tmp_path / "m.yaml"
    m.write_text('name: x\nsources:\n  - {path: ., pattern: "../../**/*.mid"}\n')
    with pytest.raises(ModelError, match=r"sources\[0\]: pattern"):
        manifest_files(m)


def test_manifest_duplicate_keys_and_tags_are_refused(tmp_path):
    m = tmp_path / "m.yaml"
    m.write_text("name: x\nname: y\nsources:\n  - {path: .}\n")
    with pytest.raises(ModelError, match="duplicate key 'name'"):
        manifest_files(m)
    m.write_text("name: !!python/object/apply:os.system [echo]\nsources:\n  - {path: .}\n")
    with pytest.raises(ModelError, match="unsupported YAML"):
        manifest_files(m)


def test_links_out_of_the_folder_are_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "tune.mid").write_bytes(GENERATORS["midi_tune"]())
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "tune.mid").write_bytes(GENERATORS["midi_tune"]())
    (corpus / "escape").symlink_to(outside)
    (corpus / "link.mid").symlink_to(outside / "tune.mid")
    got = read_files([corpus], use_cache=False)
    assert len(got.melodies) == 1 and got.problems == []


def test_bomb_and_truncated_files_are_reported_and_skipped(tmp_path):
    (tmp_path / "bomb.mid").write_bytes(GENERATORS["midi_bomb"]())
    (tmp_path / "half.mid").write_bytes(GENERATORS["midi_truncated"]())
    (tmp_path / "tune.mid").write_bytes(GENERATORS["midi_tune"]())
    with pytest.warns(UserWarning):
        got = read_files([tmp_path], use_cache=False)
    assert len(got.melodies) == 1
    assert any("corpus_note_quarters" in p for p in got.problems) and any("truncated" in p for p in got.problems)
