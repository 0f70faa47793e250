"""scan_midi: measures MIDI files the way music21 reads them, and refuses every truncation."""

from __future__ import annotations


import music21
import pytest
from hypothesis import given
from hypothesis import strategies as st

import composer
from composer.errors import LimitError, ModelError
from composer.models.midi_scan import MidiFormatError, scan_midi
from composer.models.music_files import parse_music_file
from tests.hostile.cases import GENERATORS


@pytest.fixture(scope="module")
def melody_midi(tmp_path_factory) -> bytes:
    m = composer.compose(valence=0.3, arousal=0.2, bars=4, seed=5)
    path = m.write(tmp_path_factory.mktemp("midi") / "m.mid")
    return path.read_bytes()


def test_counts_the_notes_music21_reads(melody_midi):
    scan = scan_midi(melody_midi)
    parsed = music21.converter.parseData(melody_midi, format="midi")
    notes = list(parsed.recurse().getElementsByClass(music21.note.Note))
    assert scan.notes == len(notes) > 0
    longest_note = max(float(n.quarterLength) for n in notes)
    assert scan.longest_quarters >= longest_note - 1e-9  # notes, and the gaps between events
    assert scan.longest_quarters <= 8  # nothing in a 4-bar 4/4 melody lasts over two bars


@given(st.data())
def test_every_truncation_is_refused(melody_midi, data):
    cut = data.draw(st.integers(min_value=0, max_value=len(melody_midi) - 1))
    with pytest.raises(MidiFormatError):
        scan_midi(melody_midi[:cut])


def test_the_37_byte_bomb():
    bomb = GENERATORS["midi_bomb"]()
    assert len(bomb) == 37
    assert scan_midi(bomb).longest_quarters == 0x0FFFFFFF / 96


def test_parse_music_file_refuses_before_music21(tmp_path, monkeypatch):
    bomb = tmp_path / "bomb.mid"
    bomb.write_bytes(GENERATORS["midi_bomb"]())
    half = tmp_path / "half.mid"
    half.write_bytes(GENERATORS["midi_truncated"]())

    def never(*args, **kwargs):
        raise AssertionError("music21 must not see this file")

    monkeypatch.setattr(music21.converter, "parse", never)
    with pytest.raises(LimitError, match="corpus_note_quarters"):
        parse_music_file(bomb)
    with pytest.raises(ModelError, match="truncated"):
        parse_music_file(half)


def test_a_whole_tune_parses(tmp_path):
    tune = tmp_path / "tune.mid"
    tune.write_bytes(GENERATORS["midi_tune"]())
    parsed = parse_music_file(tune)
    assert len(list(parsed.recurse().getElementsByClass(music21.note.Note))) == 32 == scan_midi(tune.read_bytes()).notes
