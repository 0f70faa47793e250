"""Tests of reading melodies as absolute note events (the evaluation's view of a corpus)."""

from __future__ import annotations

import numpy as np
import pytest

from composer.errors import ModelError
from composer.models.events import EVENT_TICKS_PER_QUARTER as TICKS_PER_QUARTER
from composer.models.events import load_event_corpus, read_event_file

Q = TICKS_PER_QUARTER

ABC = """X:1
T:Pickup, rest and tie
M:3/4
L:1/8
K:G
D | G2 A2 B2 | z2 c2- c2 | B6 |]

X:2
T:Second
M:6/8
L:1/8
K:F
FGA cBA | G3 F3 |]
"""


@pytest.fixture()
def abc_file(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPOSER_CACHE_DIR", str(tmp_path / "cache"))
    f = tmp_path / "two.abc"
    f.write_text(ABC)
    return f


def test_reads_pitches_times_and_key(abc_file):
    mels, skipped = read_event_file(abc_file)
    assert len(mels) == 2 and not skipped
    a = mels[0]
    assert a.midi.tolist() == [62, 67, 69, 71, 72, 71]  # the tie merges c2-c2 into one note
    assert a.tonic == 7 and a.meter == "3/4"
    assert a.duration.tolist() == [Q // 2, Q, Q, Q, 2 * Q, 3 * Q]
    # The pickup D sits on the last eighth of its bar; G starts bar 1.
    assert a.bar_pos.tolist() == [5 * Q // 2, 0, Q, 2 * Q, Q, 0]
    assert a.rest_before.tolist() == [False, False, False, False, True, False]
    assert a.ioi.tolist() == [0, Q // 2, Q, Q, 2 * Q, 2 * Q]
    b = mels[1]
    assert b.tonic == 5 and b.meter == "6/8" and len(b) == 8


def test_second_read_comes_from_the_cache(abc_file):
    first, _ = read_event_file(abc_file)
    again, _ = read_event_file(abc_file)
    for x, y in zip(first, again):
        assert np.array_equal(x.midi, y.midi) and np.array_equal(x.bar_pos, y.bar_pos) and x.source == y.source


def test_unreadable_file_is_named(tmp_path):
    bad = tmp_path / "broken.mid"
    bad.write_bytes(b"not a midi file")
    with pytest.raises(ModelError, match="broken.mid"):
        read_event_file(bad, use_cache=False)
    with pytest.raises(ModelError, match="no such file"):
        read_event_file(tmp_path / "missing.abc")


def test_manifest_skips_a_broken_file_with_a_warning(tmp_path, abc_file):
    (tmp_path / "songs").mkdir()
    (tmp_path / "songs" / "good.abc").write_text(ABC)
    (tmp_path / "songs" / "bad.mid").write_bytes(b"garbage")
    manifest = tmp_path / "mine.yaml"
    manifest.write_text("name: mine\nsources:\n  - path: songs\n")
    problems: list[str] = []
    with pytest.warns(UserWarning, match="bad.mid"):
        mels = load_event_corpus(manifest, problems=problems)
    assert len(mels) == 2 and len(problems) == 1


def test_kinder_reads_as_in_the_literature():
    """Essen kinder: 213 melodies and 8,393 notes, the counts of Pearce (2005)."""
    mels = load_event_corpus("kinder")
    assert len(mels) == 213
    assert sum(len(m) for m in mels) == 8393
