"""Borrowed chords: the accompaniment's IV becomes iv toward a darker target, iv becomes IV and the
last chord takes a Picardy third toward a brighter one; the melody never changes."""

from music21 import chord, key, meter, note, stream

from composer.adjust import adjust

KEEP = ("mode", "tempo", "register", "velocity", "articulation")   # harmony alone


def _score(tonic: str, melody: list[str], chords: list[list[str]]) -> stream.Score:
    """Melody in whole notes over one block chord a bar (a second part)."""
    top, low = stream.Part(), stream.Part()
    for b, (m, c) in enumerate(zip(melody, chords)):
        mt, ml = stream.Measure(number=b + 1), stream.Measure(number=b + 1)
        if b == 0:
            for x in (mt, ml):
                x.insert(0, meter.TimeSignature("4/4"))
                x.insert(0, key.Key(tonic))
        mt.append(note.Note(m, quarterLength=4.0))
        ml.append(chord.Chord(c, quarterLength=4.0))
        top.append(mt)
        low.append(ml)
    return stream.Score([top, low])


def _names(score, part):
    return [sorted(p.name for p in n.pitches) for n in score.parts[part].recurse().notes]


def test_darker_target_borrows_the_minor_subdominant():
    s = _score("C", ["E5", "F5", "A5", "E5"], [["C4", "E4", "G4"], ["F3", "A3", "C4"], ["F3", "A3", "C4"],
                                              ["C4", "E4", "G4"]])
    out = adjust(s, (-0.7, 0.0), keep=KEEP)
    low = _names(out.score, 1)
    assert low[1] == ["A-", "C", "F"]                 # IV -> iv
    assert low[2] == ["A", "C", "F"]                  # the melody sounds A here: no false relation
    assert low[0] == low[3] == ["C", "E", "G"]
    assert _names(out.score, 0) == _names(s, 0)       # the melody is untouched
    changes = [c for c in out.report.changes if c.aspect == "harmony"]
    assert [(c.first_bar, c.before) for c in changes] == [(2, "IV")] and "minor subdominant" in changes[0].after
    assert "aspects.harmony.shortfall" in changes[0].adjust_rule


def test_brighter_target_borrows_the_major_subdominant_and_a_picardy_third():
    s = _score("a", ["C5", "D5", "A4"], [["A3", "C4", "E4"], ["D3", "F3", "A3"], ["A3", "C4", "E4"]])
    out = adjust(s, (0.7, 0.0), keep=KEEP)
    low = _names(out.score, 1)
    assert low == [["A", "C", "E"], ["A", "D", "F#"], ["A", "C#", "E"]]
    assert _names(out.score, 0) == _names(s, 0)


def test_harmony_needs_an_accompaniment_and_can_be_kept():
    s = _score("C", ["E5", "F5"], [["C4", "E4", "G4"], ["F3", "A3", "C4"]])
    assert not [c for c in adjust(s, (-0.7, 0.0), keep=KEEP + ("harmony",)).report.changes]
    melody_only = stream.Score([s.parts[0]])
    assert not [c for c in adjust(melody_only, (-0.7, 0.0), keep=KEEP).report.changes if c.aspect == "harmony"]
    full = adjust(s, (-0.7, 0.0))   # strength 1: the mode itself goes all the way, no borrowing needed
    assert not [c for c in full.report.changes if c.aspect == "harmony"]


def test_partial_strength_adds_colour_where_the_mode_stops():
    s = _score("C", ["E5", "F5", "E5"], [["C4", "E4", "G4"], ["F3", "A3", "C4"], ["C4", "E4", "G4"]])
    out = adjust(s, (-0.7, 0.0), strength=0.25, keep=("tempo", "register", "velocity", "articulation"))
    modes = [c.after for c in out.report.changes if c.aspect == "mode"]
    assert modes == ["mixolydian"]                    # one rung of the four toward the minor
    assert _names(out.score, 1)[1] == ["A-", "C", "F"]
    assert [c.first_bar for c in out.report.changes if c.aspect == "harmony"] == [2]


def test_the_melody_is_the_highest_part_whatever_its_order():
    s = _score("C", ["E5", "F5", "E5"], [["C4", "E4", "G4"], ["F3", "A3", "C4"], ["C4", "E4", "G4"]])
    flipped = stream.Score([s.parts[1], s.parts[0]])         # accompaniment written first
    out = adjust(flipped, (-0.7, 0.0), keep=KEEP)
    assert _names(out.score, 0)[1] == ["A-", "C", "F"] and _names(out.score, 1) == _names(flipped, 1)
