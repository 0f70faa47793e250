"""Key changes over time are adjusted span by span; different simultaneous keys are refused."""

import pytest
from music21 import key, meter, note, stream

from composer.adjust import adjust
from composer.adjust.read import read_source
from composer.errors import ComposerError


def _part(keys: dict[int, str], scales: dict[int, list[str]], bars: int = 8) -> stream.Part:
    """A 4/4 part: at each bar in ``keys`` a written key; each bar four quarter notes of its span's scale."""
    part = stream.Part()
    names = []
    for b in range(bars):
        m = stream.Measure(number=b + 1)
        if b == 0:
            m.insert(0, meter.TimeSignature("4/4"))
        if b in keys:
            m.insert(0, key.Key(keys[b]))
            names = scales[b]
        for j in range(4):
            m.append(note.Note(names[(4 * b + j) % len(names)], quarterLength=1.0))
        part.append(m)
    return part


G = ["G4", "A4", "B4", "C5", "D5", "E5", "F#5", "G5"]
D = ["D4", "E4", "F#4", "G4", "A4", "B4", "C#5", "D5"]


def test_a_key_change_is_adjusted_in_its_own_key():
    score = stream.Score([_part({0: "G", 4: "D"}, {0: G, 4: D})])
    source = read_source(score)
    assert [(k.first_bar, k.tonic, k.mode) for k in source.keys] == [(0, 7, "ionian"), (4, 2, "ionian")]
    out = adjust(score, (-0.6, -0.4), keep=("register",))
    measures = list(out.score.parts[0].getElementsByClass(stream.Measure))
    first = {p.name for m in measures[:4] for p in m.pitches}
    second = {p.name for m in measures[4:] for p in m.pitches}
    assert {"B-", "E-", "F"} <= first and not first & {"B", "E", "F#"}        # G minor
    assert {"F", "B-", "C"} <= second and not second & {"F#", "B", "C#"}     # D minor, not G minor's E-flat
    assert "E" in second
    written = [(k.tonic.name, k.mode) for k in out.score.recurse().getElementsByClass(key.Key)]
    assert written == [("G", "minor"), ("D", "minor")]
    assert "from bar 5 D ionian" in out.report.key


def test_simultaneous_different_keys_are_refused():
    score = stream.Score([_part({0: "G"}, {0: G}), _part({0: "F"}, {0: ["F4", "G4", "A4", "B-4"]})])
    with pytest.raises(ComposerError, match=r"several simultaneous key signatures: part 2 .* has F major where "
                                            r"part 1 .* has G major at quarter 0"):
        adjust(score, (-0.5, 0.0))
