"""Adjusting real music: notes, bars and contour kept, cues moved toward the target, read back."""

import functools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from music21 import corpus, key, stream, tempo

import composer
from composer.adjust import adjust
from composer.adjust.read import read_source
from composer.affect import AffectCurve
from composer.analysis import measure_cues, note_array, pearson
from composer.theory.scales import scale_pitch_classes


@functools.lru_cache(maxsize=None)
def _melody():
    return composer.compose(valence=0.7, arousal=0.4, bars=8, seed=1)


def _events(score):
    na = note_array(score)
    return na.notes["onset"], na.notes["pitch"].astype(int), na.notes["length"]


def _bars(score):
    return len(score.parts[0].getElementsByClass(stream.Measure))


def test_strength_zero_is_identity():
    m = _melody()
    out = adjust(m, (-0.8, -0.6), strength=0)
    before, after = _events(m.to_stream()), _events(out.score)
    for a, b in zip(before, after):
        np.testing.assert_array_equal(a, b)
    assert out.report.changes == []


def test_sad_target_minor_slower_lower_same_bars_and_contour(tmp_path):
    m = _melody()
    out = adjust(m, (-0.7, -0.4))
    assert _bars(out.score) == _bars(m.to_stream()) == 8
    o0, p0, _ = _events(m.to_stream())
    o1, p1, _ = _events(out.score)
    np.testing.assert_array_equal(o0, o1)                 # rhythm skeleton: same onsets
    assert pearson(p0.astype(float), p1.astype(float)) >= 0.9
    # every note in F aeolian (the composed melody is diatonic in F ionian)
    assert set(p1 % 12) <= scale_pitch_classes(5, "aeolian")
    assert {str(k) for k in out.score.recurse().getElementsByClass(key.Key)} == {"f minor"}
    out.write(tmp_path / "sad.mid")
    before, after = measure_cues(m.to_stream()), measure_cues(tmp_path / "sad.mid")
    assert after["tempo"] < before["tempo"]
    assert after["brightness"] < before["brightness"]
    assert after["register"] < before["register"]


def test_keep_pins_tempo_and_mode():
    m = _melody()
    out = adjust(m, (-0.7, 0.9), keep=("tempo", "mode"))
    assert abs(measure_cues(out.score)["tempo"] - measure_cues(m.to_stream())["tempo"]) < 1e-6
    assert {c.aspect for c in out.report.changes}.isdisjoint({"tempo", "mode"})
    _, p0, _ = _events(m.to_stream())
    _, p1, _ = _events(out.score)
    assert set(p1 % 12) <= scale_pitch_classes(m.parameters.tonic, m.parameters.mode)


def test_distance_grows_with_strength():
    m = _melody()
    base = measure_cues(m.to_stream())
    moved = []
    for s in (0.25, 0.5, 1.0):
        c = measure_cues(adjust(m, (-0.8, -0.8), strength=s).score)
        moved.append(abs(c["tempo"] - base["tempo"]) + abs(c["brightness"] - base["brightness"]))
    assert moved[0] < moved[1] < moved[2]


def test_chorale_parts_respelled_together_and_bars_kept():
    chorale = corpus.parse("bach/bwv66.6")               # F# minor, four parts
    out = adjust(chorale, (0.8, 0.2), keep=("register",))
    assert _bars(out.score) == _bars(chorale)
    names = {p.name for p in out.score.flatten().pitches}
    # F# major: A#, E# and D# replace A, E (the written leading tone stays E#) and D, spelled with sharps
    assert {"A#", "D#"} <= names and "A" not in names and "B-" not in names
    for part_in, part_out in zip(chorale.parts, out.score.parts):
        a = [n.pitch.midi for n in part_in.recurse().notes]
        b = [n.pitch.midi for n in part_out.recurse().notes]
        assert len(a) == len(b) and pearson(np.array(a, float), np.array(b, float)) >= 0.9


def test_input_stream_not_changed():
    s = _melody().to_stream()
    before = [p.nameWithOctave for p in s.flatten().pitches]
    adjust(s, (-1, -1))
    assert [p.nameWithOctave for p in s.flatten().pitches] == before


def test_curve_changes_only_at_bar_lines():
    m = _melody()
    seconds = note_array(m.to_stream()).seconds
    curve = AffectCurve([(0, (0.7, 0.4)), (seconds / 2, (0.7, 0.4)), (seconds, (-0.9, -0.8))])
    out = adjust(m, curve)
    part = out.score.parts[0]
    for k in part.recurse().getElementsByClass((key.Key, tempo.MetronomeMark)):
        assert k.offset == 0 and isinstance(k.activeSite, stream.Measure)
    modes = [c for c in out.report.changes if c.aspect == "mode"]
    assert modes and modes[0].first_bar > 4                # the first half keeps its major mode
    marks = [mm.number for mm in out.score.recurse().getElementsByClass(tempo.MetronomeMark)]
    assert marks == sorted(marks, reverse=True) and len(marks) >= 2   # slows down bar by bar


@settings(max_examples=15)
@given(st.floats(-1, 1), st.floats(-1, 1), st.sampled_from([0.25, 0.5, 1.0]))
def test_invariants_over_the_square(valence, arousal, strength):
    m = _melody()
    out = adjust(m, (valence, arousal), strength=strength)
    o0, p0, l0 = _events(m.to_stream())
    o1, p1, l1 = _events(out.score)
    np.testing.assert_array_equal(o0, o1)
    np.testing.assert_array_equal(l0, l1)
    assert _bars(out.score) == 8
    mode = next((c.after for c in out.report.changes if c.aspect == "mode"), read_source(m).mode)  # F lydian
    assert set(p1 % 12) <= scale_pitch_classes(5, mode)
    steps = np.diff(p0), np.diff(p1)
    assert np.all(np.sign(steps[0]) * np.sign(steps[1]) >= 0)   # contour: no step changes direction


@functools.lru_cache(maxsize=None)
def _chorale():
    return corpus.parse("bach/bwv26.6")


@settings(max_examples=8)
@given(st.floats(-1, 1), st.floats(-1, 1))
def test_chorale_invariants_over_the_square(valence, arousal):
    chorale = _chorale()
    out = adjust(chorale, (valence, arousal))
    source = read_source(chorale)
    new_mode = next((c.after for c in out.report.changes if c.aspect == "mode"), source.mode)
    mapping: dict[str, set] = {}
    for part_in, part_out in zip(chorale.parts, out.score.parts):
        a = list(part_in.recurse().notes)
        b = list(part_out.recurse().notes)
        assert [float(n.getOffsetInHierarchy(part_in)) for n in a] == \
            [float(n.getOffsetInHierarchy(part_out)) for n in b]
        for x, y in zip(a, b):
            mapping.setdefault(x.pitch.name, set()).add(y.pitch.name)
    # every written spelling maps to one spelling: chromatic notes are mapped consistently
    assert all(len(v) == 1 for v in mapping.values())
    diatonic_in = {n for n in mapping if pitch_class_of(n) in scale_pitch_classes(source.tonic, source.mode)}
    assert diatonic_in
    assert all(pitch_class_of(next(iter(mapping[n]))) in scale_pitch_classes(source.tonic, new_mode)
               for n in diatonic_in)


def pitch_class_of(name: str) -> int:
    from music21 import pitch

    return pitch.Pitch(name).pitchClass


def _skyline_mean(score) -> float:
    return measure_cues(score)["register"]


def test_pleasant_target_never_lowers_a_high_tune():
    # the melody sits at MIDI 76, above the style's register at (0.7, -0.7) (67 + 6.3): with the
    # shipped `toward: farther` it still rises, by the style's own change from the centre
    m = _melody()
    before = _skyline_mean(m.to_stream())
    out = adjust(m, (0.7, -0.7))
    assert _skyline_mean(out.score) > before + 3
    assert any(c.aspect == "register" and "toward: farther" in c.style_rule for c in out.report.changes)
    dark = adjust(m, (-0.7, -0.7))
    assert _skyline_mean(dark.score) < before - 3


def test_tense_target_adds_no_staccato(tmp_path):
    # (-0.7, 0.7): the style asks for staccato, which raises perceived valence as well as
    # arousal; the shipped against_valence: 0 keeps the chorale's legato, and says so
    chorale = _chorale()
    out = adjust(chorale, (-0.7, 0.7))
    before, after = measure_cues(chorale), measure_cues(out.score)
    assert after["staccato"] == before["staccato"]
    assert after["tempo"] > before["tempo"] and after["velocity"] > 90     # arousal still rises
    cut = [c for c in out.report.changes if c.aspect == "articulation"]
    assert cut and cut[0].after.startswith("unchanged") and "against_valence" in cut[0].adjust_rule
    rules = tmp_path / "r.yaml"
    rules.write_text("aspects:\n  articulation: {against_valence: 1}\n")
    plain = adjust(chorale, (-0.7, 0.7), rules=rules)
    assert measure_cues(plain.score)["staccato"] > before["staccato"] + 0.2
