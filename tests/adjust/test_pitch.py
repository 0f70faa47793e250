"""Scale-degree mapping: diatonic notes land in the target mode, chromatic ones map consistently."""

from hypothesis import example, given
from hypothesis import strategies as st

from composer.adjust.pitch import NATURAL_PC, map_pitch, midi_of, pc_map
from composer.theory.scales import MODES, scale_pitch_classes
from composer.theory.spelling import key_spelling, spell_pitch

SEVEN = [m for m, s in MODES.items() if len(s) == 7]


def _map(midi, tonic, src, tgt, steps=0):
    s = spell_pitch(midi, tonic, src)
    letter = "CDEFGAB".index(s.letter)
    tonic_letter = key_spelling(tonic, src)[0][tonic][0]
    out = map_pitch(letter, s.alter, s.octave, tonic_pc=tonic, tonic_letter=tonic_letter, source=src, target=tgt,
                    steps=steps)
    return out, midi_of(*out)


def test_c_major_to_c_minor_spells_flats():
    names = []
    for midi in (60, 62, 64, 65, 67, 69, 71):
        (letter, alter, octave), _ = _map(midi, 0, "ionian", "aeolian")
        names.append("CDEFGAB"[letter] + {-1: "b", 0: "", 1: "#"}[alter] + str(octave))
    assert names == ["C4", "D4", "Eb4", "F4", "G4", "Ab4", "Bb4"]


def test_a_minor_to_a_major_spells_sharps_and_harmonic_minor_keeps_leading_tone():
    assert [_map(m, 9, "aeolian", "ionian")[1] % 12 for m in (60, 65, 67)] == [1, 6, 8]
    assert _map(68, 9, "harmonic_minor", "ionian")[1] == 68           # G# stays the leading tone
    (letter, alter, _), _ = _map(60, 9, "aeolian", "ionian")          # C becomes C#, not Db
    assert ("CDEFGAB"[letter], alter) == ("C", 1)
    (letter, alter, _), _ = _map(61, 9, "aeolian", "ionian")          # a raised third stays raised: C##
    assert ("CDEFGAB"[letter], alter) == ("C", 2)


@given(st.integers(0, 11), st.sampled_from(SEVEN), st.sampled_from(SEVEN), st.integers(48, 84),
       st.integers(-7, 7))
@example(3, "locrian", "lydian", 58, -1)   # D-sharp locrian's A-sharp would become G-triple-sharp
def test_diatonic_notes_land_in_target_scale_and_chromatic_map_consistently(tonic, src, tgt, midi, steps):
    (_, alter, _), out = _map(midi, tonic, src, tgt, steps)
    assert abs(alter) <= 2
    if midi % 12 in scale_pitch_classes(tonic, src):
        assert out % 12 in scale_pitch_classes(tonic, tgt)
    # a function of the input pitch: the same pitch always gives the same output
    assert _map(midi, tonic, src, tgt, steps)[1] == out
    # the mapping moves a note by the register shift plus at most two semitones
    assert abs(out - midi - round(steps * 12 / 7)) <= 3


@given(st.integers(0, 11), st.sampled_from(SEVEN), st.sampled_from(SEVEN), st.integers(-7, 7))
def test_order_of_diatonic_notes_is_kept(tonic, src, tgt, steps):
    scale = sorted(m for m in range(55, 80) if m % 12 in scale_pitch_classes(tonic, src))
    mapped = [_map(m, tonic, src, tgt, steps)[1] for m in scale]
    assert all(a < b for a, b in zip(mapped, mapped[1:]))


@given(st.integers(0, 11), st.sampled_from(SEVEN), st.integers(0, 127))
def test_same_mode_no_shift_is_identity(tonic, mode, midi):
    assert _map(midi, tonic, mode, mode)[1] == midi


def test_pc_map_names_each_degree():
    assert pc_map(tonic_pc=0, source="ionian", target="dorian") == {0: 0, 2: 2, 4: 3, 5: 5, 7: 7, 9: 9, 11: 10}
    assert NATURAL_PC[2] == 4
