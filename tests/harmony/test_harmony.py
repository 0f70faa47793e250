"""Harmony: the vocabulary, the exact search, and chords that fit melodies, cadences and the style's weights."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import composer
from composer.errors import HarmonyError
from composer.harmony.chords import (N_CHORDS, VOCABULARY, chord_index, chord_pitch_classes, chromatic_kind,
                                     classify_pitch_classes, diatonic_mask, roman)
from composer.harmony.harmoniser import harmonise_arrays, slot_grid, style_weights
from composer.harmony.model import load_harmony_model
from composer.harmony.viterbi import viterbi
from composer.theory.meter import get_meter


def test_diatonic_triads_of_major_are_the_seven_scale_triads():
    triads = [roman(i) for i in np.flatnonzero(diatonic_mask("ionian")) if not VOCABULARY[i].is_seventh]
    assert triads == ["I", "ii", "iii", "IV", "V", "vi", "viio"]


def test_minor_borrows_the_harmonic_dominant_but_not_other_raised_chords():
    names = {roman(i) for i in np.flatnonzero(diatonic_mask("aeolian"))}
    assert {"i", "iv", "V", "V7", "v", "bVI", "bVII", "viio7"} <= names
    assert "bvi" not in names


def test_chromatic_families_in_major():
    assert chromatic_kind(chord_index(8, "maj"), "ionian") == "borrowed"      # bVI
    assert chromatic_kind(chord_index(5, "min"), "ionian") == "borrowed"      # iv
    assert chromatic_kind(chord_index(1, "maj"), "ionian") == "neapolitan"    # bII
    assert chromatic_kind(chord_index(11, "dim7"), "ionian") == "diminished"  # viio7
    assert chromatic_kind(chord_index(7, "maj"), "ionian") is None            # V is diatonic


def test_chord_spelling_and_classification_round_trip():
    for i in range(N_CHORDS):
        pcs = chord_pitch_classes(i)
        assert classify_pitch_classes(set(pcs), bass=pcs[0]) in (i, *[j for j in range(N_CHORDS)
                                                                   if set(chord_pitch_classes(j)) == set(pcs)])
    assert chord_pitch_classes(chord_index(7, "dom7"), tonic=0) == (7, 11, 2, 5)   # G B D F in C


@settings(max_examples=40)
@given(st.integers(1, 4), st.integers(1, 4), st.integers(0, 2**32 - 1))
def test_viterbi_finds_the_exact_optimum(s_count, c_count, seed):
    rng = np.random.default_rng(seed)
    unary = rng.normal(size=(s_count, c_count))
    trans = rng.normal(size=(c_count, c_count))
    start = rng.normal(size=c_count)
    unary[rng.random(size=unary.shape) < 0.2] = -np.inf
    best = -np.inf
    for path in itertools.product(range(c_count), repeat=s_count):
        total = start[path[0]] + sum(unary[s, c] for s, c in enumerate(path))
        total += sum(trans[a, b] for a, b in zip(path, path[1:]))
        best = max(best, total)
    path, score = viterbi(unary, trans, start)
    if np.isfinite(best):
        assert score == pytest.approx(best)
        again = start[path[0]] + unary[np.arange(s_count), path].sum() + trans[path[:-1], path[1:]].sum()
        assert again == pytest.approx(best)
    else:
        assert score == -np.inf


def test_slot_grid_covers_the_melody():
    on, length = slot_grid(32, 16, 2)
    assert on.tolist() == [0, 8, 16, 24] and length.tolist() == [8, 8, 8, 8]
    on, length = slot_grid(24, 12, 4)
    assert on.tolist() == [0, 3, 6, 9, 12, 15, 18, 21] and int(length.sum()) == 24


def test_the_shipped_model_is_learned_from_chorales():
    m = load_harmony_model()
    assert "Bach chorales" in m.source
    v, i = chord_index(7, "maj"), chord_index(0, "maj")
    # in major, V goes to I far more than to any other chord (the authentic progression)
    assert int(np.argmax(m.transition[0, v])) == i
    assert np.allclose(np.exp(m.transition).sum(axis=-1), 1.0)
    assert np.allclose(np.exp(m.emission).sum(axis=-1), 1.0)


def _strong_beat_fit(melody, harmony):
    meter = get_meter(melody.parameters.meter)
    on = melody.onsets
    hits = total = 0
    for p, o in zip(melody.pitches, on):
        if p < 0 or (o % meter.bar_ticks) not in meter.strong_ticks:
            continue
        total += 1
        hits += p % 12 in harmony.pitch_classes(harmony.chord_at(int(o)))
    return hits, total


@settings(max_examples=12)
@given(st.floats(-1, 1), st.floats(-1, 1), st.integers(0, 50))
def test_composed_melodies_get_chords_that_fit_and_end_on_the_tonic(valence, arousal, seed):
    m = composer.compose(valence=valence, arousal=arousal, bars=4, seed=seed)
    h = composer.harmonise(m)
    bar = get_meter(m.parameters.meter).bar_ticks
    assert len(h.chords) == m.total_ticks // bar * m.parameters.harmonic_rhythm
    assert VOCABULARY[int(h.chords[-1])].root == 0 and not VOCABULARY[int(h.chords[-1])].is_seventh
    hits, total = _strong_beat_fit(m, h)
    assert hits >= 0.6 * total, (hits, total, str(h))
    weights = style_weights(m.parameters.mode, m.parameters.chromaticism, m.parameters.sevenths)
    assert np.all(np.isfinite(weights[h.chords]))


def test_chromaticism_brings_borrowed_chords_and_zero_keeps_the_harmony_diatonic():
    counts = {0.0: 0, 1.0: 0}
    for seed in range(6):
        m = composer.compose(valence=-0.5, arousal=0.5, bars=8, seed=seed)
        for c in counts:
            h = composer.harmonise(m, chromaticism=c, sevenths=0.0)
            dia = diatonic_mask(m.parameters.mode)
            counts[c] += int(sum(not dia[x] for x in h.chords))
    assert counts[0.0] == 0
    assert counts[1.0] > 0


def test_emotion_sets_tension_and_harmonic_rhythm_in_the_default_style():
    style = composer.load_style("default")
    p = lambda v, a: style.evaluate(composer.Affect(v, a)).parameters  # noqa: E731
    assert p(0, 0.9).harmonic_rhythm > p(0, -0.9).harmonic_rhythm
    assert p(0, 0.8).chromaticism > p(0, -0.8).chromaticism
    assert p(-0.8, 0).chromaticism > p(0.8, 0).chromaticism


def test_half_and_authentic_cadences_follow_the_phrase_plan():
    # C major, two 2-bar phrases: the first ends on G (half cadence), the second on C after G
    g, c, e, d, b = 67, 60, 64, 62, 71
    pitches = [c, e, g, e, d, b, g, d, e, g, c, e, d, b, c, -1]
    ticks = [4] * 16
    h = harmonise_arrays(pitches, ticks, tonic=0, mode="ionian", meter="4/4", harmonic_rhythm=1, phrase_bars=2)
    assert h.names == ["I", "V", "I", "I"] or h.cadences[0][1] == "half"
    assert h.cadences[-1][1] == "authentic" or h.names[-1] == "I"
    assert h.symbols[-1] == "C"


def test_a_melody_without_notes_is_refused():
    with pytest.raises(HarmonyError, match="no notes"):
        harmonise_arrays([-1, -1], [8, 8], tonic=0, mode="ionian", meter="4/4")
    with pytest.raises(HarmonyError, match="harmonic_rhythm"):
        harmonise_arrays([60], [16], tonic=0, mode="ionian", meter="4/4", harmonic_rhythm=5)
    m = composer.compose(valence=0, arousal=0, bars=1, seed=1)
    with pytest.raises(composer.ComposerError, match="allowed"):
        composer.harmonise(m, colour=2)


def test_counting_chorales_finds_their_chords():
    from composer.harmony.train import count_chorales

    c = count_chorales(limit=4)
    assert int(c["chorales"]) >= 3
    t = c["transitions"]
    assert t.shape == (2, N_CHORDS, N_CHORDS) and t.sum() > 100
    # the tonic is among the most frequent chords of chorales, the dominant close behind
    per_chord = t.sum(axis=(0, 2))
    ranked = [roman(int(i)) for i in np.argsort(-per_chord)]
    assert {"I", "i"} & set(ranked[:3]) and {"V", "V7", "v"} & set(ranked[:8])
    # one soprano note per counted beat: n beats give n - 1 transitions in each chorale
    assert c["emissions"].sum() == t.sum() + c["chorales"]


def test_chromatic_chords_come_with_arousal_in_the_default_style():
    def share(arousal):
        out = []
        # valence across the square: harmonic_colour makes a dark tune's colour chords flat-side
        # and rare, so the sample includes a bright one
        for valence in (-0.9, 0.0, 0.5):
            for seed in range(4):
                m = composer.compose(valence=valence, arousal=arousal, bars=8, seed=seed)
                dia = diatonic_mask(m.parameters.mode)
                out += [not dia[c] for c in composer.harmonise(m).chords]
        return float(np.mean(out))
    assert share(0.9) > share(-0.9)


def test_the_first_chord_follows_a_previous_chord():
    # one sustained G fits I, V, iii...: which one comes first depends on the chord before it
    pitches, ticks = [67, 67], [16, 16]
    firsts = set()
    for prev in np.flatnonzero(diatonic_mask("ionian")):
        h = harmonise_arrays(pitches, ticks, tonic=0, mode="ionian", meter="4/4", previous=int(prev))
        firsts.add(roman(int(h.chords[0])))
        assert 7 in chord_pitch_classes(int(h.chords[0]))        # still a chord of the melody's G
    assert len(firsts) > 1


def test_a_fragment_that_goes_on_is_not_closed_by_a_cadence():
    # one bar of C major ending on E, a tone of the tonic triad, over the dominant's G and B before it
    pitches = np.array([67, 71, 74, 64], dtype=np.int64)
    ticks = np.array([4, 4, 4, 4], dtype=np.int64)
    kw = dict(tonic=0, mode="ionian", meter="4/4", harmonic_rhythm=2, phrase_bars=1)
    closed = harmonise_arrays(pitches, ticks, **kw)
    going = harmonise_arrays(pitches, ticks, **kw, ends=False)
    assert closed.names[-1] == "I" and closed.cadences and closed.cadences[-1][0] == 1
    assert going.cadences == ()          # no phrase end inside one bar, and its end is not one
    assert going.score != closed.score   # the forced tonic and the cadence bonus are gone


def test_diatonic_mask_is_the_same_each_time_and_a_callers_copy():
    from composer.harmony.chords import diatonic_mask

    a = diatonic_mask("dorian")
    a[:] = False
    b = diatonic_mask("dorian")
    assert b.any() and b[chord_index(0, "min")] and not b[chord_index(0, "maj")]
