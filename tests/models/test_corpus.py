"""Tests of the corpus reader: conversion of tunes, skipping bad files, the parse cache, manifests."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from composer.errors import ModelError
from composer.models import REL_LO, CorpusReading, load_corpus, read_files
from composer.models import corpus as corpus_mod
from composer.models.corpus import manifest_files, read_file
from composer.models.tokens import DURATION_TICKS

ABC = """X:1
T:Test Jig
M:6/8
L:1/8
K:G
D|GAB dBG|c2e dBG|GAB dBG|A3 A2D|
GAB dBG|c2e dBG|ABc BAG|G3 G2:|

X:2
T:Test Reel
M:4/4
L:1/8
K:Ador
EAAG A2Bd|eaa-a edBd|e2ag efge|dBGB A4|]

X:3
T:Chords
M:4/4
L:1/4
K:C
[CEG] [CEG] [DFA] [DFA]|[CEG] [CEG] [DFA] [DFA]|[CEG] [CEG] [DFA] [DFA]|
"""


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPOSER_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "tunes"
    d.mkdir()
    (d / "good.abc").write_text(ABC)
    (d / "broken.xml").write_text("this is <not> xml at all")
    (d / "notes.txt").write_text("ignored: not a music file")
    return d


def test_abc_tunes_become_token_melodies(folder):
    melodies, skipped = read_file(folder / "good.abc", use_cache=False)
    assert [m.source for m in melodies] == ["good.abc#Test Jig", "good.abc#Test Reel"]
    assert skipped == {"chords": 1}
    jig, reel = melodies
    assert (jig.tonic, jig.mode, jig.meter) == (7, "ionian", "6/8")
    assert (reel.tonic, reel.mode, reel.meter) == (9, "dorian", "4/4")
    assert jig.offset == 10  # a one-eighth anacrusis in a 12-tick bar
    # the jig's first bar, G A B, are degrees 1 2 3 of G major, in eighths
    rel = jig.pitch[1:4] + REL_LO + jig.reference
    assert list(rel % 12) == [7, 9, 11]
    assert list(DURATION_TICKS[jig.duration[:4]]) == [2, 2, 2, 2]
    # the tie a-a is merged into one quarter note
    assert len(reel) == 26
    assert DURATION_TICKS[reel.duration[-1]] == 8
    # the reference tonic is an A near the middle of the tune
    assert reel.reference % 12 == 9


def test_broken_file_is_reported_and_skipped(folder):
    with pytest.warns(UserWarning, match="broken.xml"):
        reading = read_files([folder])
    assert isinstance(reading, CorpusReading)
    assert len(reading.melodies) == 2
    assert len(reading.problems) == 1 and "broken.xml" in reading.problems[0]


def test_missing_file_names_it(tmp_path):
    with pytest.raises(ModelError, match="absent.abc"):
        read_file(tmp_path / "absent.abc")


def test_parse_cache_is_used_then_rebuilt_when_corrupt(folder, monkeypatch):
    calls = []
    real = corpus_mod._parse_file

    def counting(path):
        calls.append(path)
        return real(path)

    monkeypatch.setattr(corpus_mod, "_parse_file", counting)
    first, _ = read_file(folder / "good.abc")
    second, skipped = read_file(folder / "good.abc")
    assert len(calls) == 1
    assert skipped == {"chords": 1}
    for a, b in zip(first, second):
        assert np.array_equal(a.pitch, b.pitch) and np.array_equal(a.duration, b.duration)
        assert (a.tonic, a.mode, a.meter, a.reference, a.offset, a.source) == (
            b.tonic, b.mode, b.meter, b.reference, b.offset, b.source)
    entries = list(corpus_mod.cache_dir().glob("*.npz"))
    assert len(entries) == 1
    entries[0].write_bytes(b"garbage")
    third, _ = read_file(folder / "good.abc")
    assert len(calls) == 2 and len(third) == 2
    # a changed file is parsed again
    (folder / "good.abc").write_text(ABC.split("\nX:2")[0])
    fourth, _ = read_file(folder / "good.abc")
    assert len(calls) == 3 and len(fourth) == 1


def test_manifest_with_a_path_source(folder, tmp_path):
    manifest = tmp_path / "mine.yaml"
    manifest.write_text("name: mine\nlicence: mine\nsources:\n  - path: tunes\n    pattern: '*.abc'\n")
    melodies = load_corpus(manifest)
    assert len(melodies) == 2


def test_manifest_unknown_key_is_named(tmp_path):
    manifest = tmp_path / "bad.yaml"
    manifest.write_text("name: bad\nsauces:\n  - music21: oneills1850\n")
    with pytest.raises(ModelError, match="bad.yaml.*'sauces'"):
        load_corpus(manifest)
    manifest.write_text("name: bad\nsources:\n  - music21: oneills1850\n    limit: 3\n")
    with pytest.raises(ModelError, match="'limit'"):
        load_corpus(manifest)


def test_unknown_music21_corpus(tmp_path):
    manifest = tmp_path / "m.yaml"
    manifest.write_text("sources:\n  - music21: no_such_collection\n")
    with pytest.raises(ModelError, match="no_such_collection"):
        load_corpus(manifest)


def test_shipped_manifest_lists_public_domain_music21_corpora():
    manifest, sources = manifest_files("default")
    assert manifest["licence"] == "public domain"
    assert len(sources) == 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert all(files for files, _ in sources)


def test_unknown_manifest_name():
    with pytest.raises(ModelError, match="no_such_manifest"):
        load_corpus("no_such_manifest")


def test_a_folder_is_a_corpus_with_broken_files_reported(folder):
    manifest, sources = manifest_files(folder)
    assert manifest["name"] == "tunes" and sources == [([folder], None)]
    with pytest.warns(UserWarning, match="broken.xml"):
        melodies = load_corpus(folder)
    assert sorted(m.source for m in melodies) == ["good.abc#Test Jig", "good.abc#Test Reel"]


def test_a_binary_file_is_not_a_manifest(tmp_path):
    bad = tmp_path / "noise.yaml"
    bad.write_bytes(bytes(range(128, 256)))
    with pytest.raises(ModelError, match="not a corpus manifest"):
        manifest_files(bad)
