"""Density: repeated notes merged or diatonic passing notes added, bars and bar lengths kept."""

import pytest
from music21 import meter, note, stream, tempo

from composer.adjust import adjust
from composer.adjust.rules import load_adjust_rules


def _score(names, length, bpm):
    part = stream.Part()
    part.insert(0, meter.TimeSignature("4/4"))
    part.insert(0, tempo.MetronomeMark(number=bpm))
    for n in names:
        part.append(note.Note(n, quarterLength=length))
    score = stream.Score()
    score.insert(0, part.makeMeasures())
    return score


@pytest.fixture
def density_rules(tmp_path):
    p = tmp_path / "density.yaml"
    p.write_text("aspects:\n  density: {enabled: true, max_share: 0.5}\n")
    return p


def _bars(score):
    return [(float(m.offset), sum(float(n.quarterLength) for n in m.notesAndRests))
            for m in score.parts[0].getElementsByClass(stream.Measure)]


def test_passing_notes_fill_thirds_in_the_new_mode(density_rules):
    score = _score(["C4", "E4", "G4", "E4", "C4", "E4", "G4", "C5"], 1.0, 60)   # slow arpeggios in C major
    out = adjust(score, (-0.6, 0.9), keep=("tempo", "register"), rules=density_rules)
    before = [n.pitch for n in score.recurse().notes]
    after = [n.pitch for n in out.score.recurse().notes]
    assert len(after) > len(before)
    assert _bars(out.score) == _bars(score)                        # same bars, each still 4 beats
    added = {p.nameWithOctave for p in after} - {p.nameWithOctave for p in before}
    # C aeolian: the third E becomes E-flat and the step between C and E-flat is D, between E-flat and G it is F
    assert added <= {"D4", "F4", "E-4", "A-4", "B-4"} and added & {"D4", "F4"}
    midis = [p.midi for p in after]
    assert all(abs(b - a) <= 7 for a, b in zip(midis, midis[1:]))
    assert any(c.aspect == "density" and "passing" in c.after for c in out.report.changes)


def test_repeated_notes_merged_when_calmer(density_rules):
    score = _score(["G4", "G4", "A4", "A4", "B4", "B4", "C5", "C5"] * 2, 0.5, 200)   # busy repeated eighths
    out = adjust(score, (0.5, -0.9), keep=("tempo",), rules=density_rules)
    notes_in = list(score.recurse().notes)
    notes_out = list(out.score.recurse().notes)
    assert len(notes_out) < len(notes_in)
    assert _bars(out.score) == _bars(score)
    assert {float(n.quarterLength) for n in notes_out} <= {0.5, 1.0}
    # merging only joins equal neighbours: the tune's succession of distinct pitches keeps its length
    def changes(notes):
        s = [n.pitch.midi for n in notes]
        return sum(a != b for a, b in zip(s, s[1:]))

    assert changes(notes_out) == changes(notes_in)


def test_density_off_by_default():
    assert load_adjust_rules().enabled["density"] is False


def test_model_fills_steps_and_repeats_with_scale_tones(density_rules):
    from composer.adjust.density import filler
    from composer.adjust.read import KeySpan
    from composer.models import default_model, mode_family, reference_tonic, rel_to_token

    from music21 import key

    score = _score(["E4", "E4", "F4", "F4", "G4", "G4", "A4", "A4"], 1.0, 60)   # repeats and steps, no thirds
    score.parts[0].getElementsByClass(stream.Measure)[0].insert(0, key.Key("C"))
    out = adjust(score, (0.6, 0.9), keep=("tempo", "register", "mode"), rules=density_rules)
    after = [n.pitch.midi for n in out.score.recurse().notes]
    assert len(after) > 8 and _bars(out.score) == _bars(score)
    assert all(m % 12 in {0, 2, 4, 5, 7, 9, 11} for m in after)       # C major scale tones only
    assert all(abs(b - a) <= 2 for a, b in zip(after, after[1:]))     # neighbours and anticipations: steps
    # the filler is the model's best: no candidate scores higher under the shipped model
    k = KeySpan(0, 0, 0, "ionian")
    assert filler(60, 64, 67, key=k, mode="ionian", centre=64.0)[0] == 65   # E4 -> G4: the passing F4
    x, score_x = filler(64, 60, 67, key=k, mode="ionian", centre=64.0)      # C4 -> G4: D4, E4 or F4
    model, ref = default_model(), reference_tonic(0, 64.0)
    t = lambda m: rel_to_token(m - ref)  # noqa: E731
    scores = {y: model.pitch_logp[mode_family("ionian"), t(64), t(60), t(y)]
              + model.pitch_logp[mode_family("ionian"), t(60), t(y), t(67)] for y in (62, 64, 65)}
    assert x == max(scores, key=scores.get) and score_x == scores[x]


def test_merging_keeps_every_note_on_a_beat(density_rules):
    names = ["C4", "D4", "E4", "F4", "G4", "F4", "E4", "D4"] * 2           # stepwise eighths
    score = _score(names, 0.5, 200)
    out = adjust(score, (0.5, -0.9), keep=("tempo", "mode", "register"), rules=density_rules)
    beats_in = [(float(n.getOffsetInHierarchy(score.parts[0])), n.pitch.midi)
                for n in score.recurse().notes if float(n.getOffsetInHierarchy(score.parts[0])) % 1 == 0]
    notes_out = list(out.score.recurse().notes)
    got = {(float(n.getOffsetInHierarchy(out.score.parts[0])), n.pitch.midi) for n in notes_out}
    assert len(notes_out) < len(names)
    assert set(beats_in) <= got                                       # the rhythm skeleton stays
    assert _bars(out.score) == _bars(score)
