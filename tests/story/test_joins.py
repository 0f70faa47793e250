"""Join rules, each against a plain statement of the rule: keys, reachable first notes, tempo ramps."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import example, given, settings
from hypothesis import strategies as st

from composer.affect import Affect
from composer.rules import load_style
from composer.story.scoring.joins import STABLE_DEGREES, choose_key, reachable_register
from composer.story.scoring.ramps import RAMP_MAX_SHIFT, RAMP_MIN_CHANGE, ramp_to, steady
from composer.theory import MODES, common_tones, scale_pitch_classes
from composer.theory.keys import key_fifths
from composer.theory.meter import METERS
from composer.theory.tempo import map_seconds

DIATONIC = [m for m in MODES if len(MODES[m]) == 7]
modes = st.sampled_from(sorted(MODES))
pcs = st.integers(0, 11)


def test_the_named_cases():
    # Major to minor with the style's tonic far away: the relative minor, all seven notes shared.
    k = choose_key((0, "ionian"), 60, drawn_tonic=5, mode="aeolian")
    assert (k.tonic, k.rule, k.common) == (9, "pivot", 7)
    # The style's tonic is the previous tonic: a parallel change, joined by the common tonic.
    k = choose_key((7, "ionian"), 67, drawn_tonic=7, mode="aeolian")
    assert (k.tonic, k.rule) == (7, "parallel")
    # A closely related key the style drew (G major after C major, six shared notes) is kept.
    k = choose_key((0, "ionian"), 67, drawn_tonic=7, mode="ionian")
    assert (k.tonic, k.rule, k.common) == (7, "closely related", 6)
    # ... unless the previous last note (F) is not in it: then the key that holds it and shares most.
    k = choose_key((0, "ionian"), 65, drawn_tonic=7, mode="ionian")
    assert k.tonic == 0 and k.rule == "same key"
    # A cue's fixed tonic is kept whatever it shares; the first section takes the style's key.
    assert choose_key((0, "ionian"), 60, drawn_tonic=6, mode="locrian", fixed_tonic=True).tonic == 6
    assert choose_key(None, None, drawn_tonic=3, mode="dorian").rule == "first"


@settings(max_examples=150)
@given(p_tonic=pcs, p_mode=modes, drawn=pcs, mode=modes, degree=st.one_of(st.none(), st.integers(0, 6)),
       octave=st.integers(3, 6))
def test_the_key_rule(p_tonic, p_mode, drawn, mode, degree, octave):
    # The previous section's last note is a note of its scale (in_scale is a hard constraint).
    steps = MODES[p_mode]
    last = None if degree is None else 12 * octave + p_tonic + steps[degree % len(steps)]
    k = choose_key((p_tonic, p_mode), last, drawn_tonic=drawn, mode=mode)
    assert k.mode == mode
    best = max(common_tones(p_tonic, p_mode, t, mode) for t in range(12))
    shared = common_tones(p_tonic, p_mode, k.tonic, mode)
    assert shared == k.common
    if k.tonic == drawn and k.rule in ("same key", "parallel", "closely related"):
        # The style's key kept: same tonic or all notes but one shared, and the last note a common tone.
        size = min(len(MODES[mode]), len(MODES[p_mode]))
        assert drawn == p_tonic or shared >= size - 1
        assert last is None or last % 12 in scale_pitch_classes(drawn, mode)
    else:
        # Otherwise the most shared notes any tonic gives, ties to a stable last note, then fewest accidentals.
        assert shared == best
        ties = [t for t in range(12) if common_tones(p_tonic, p_mode, t, mode) == best]
        if last is not None:
            stable = [t for t in ties if (last - t) % 12 in STABLE_DEGREES[mode]]
            if stable:
                assert k.tonic in stable
                ties = stable
        assert abs(key_fifths(k.tonic, mode)) == min(abs(key_fifths(t, mode)) for t in ties)


@settings(max_examples=100)
@given(v=st.floats(-1, 1), a=st.floats(-1, 1), last=st.integers(30, 100), seed=st.integers(0, 5))
def test_a_moved_register_brings_a_scale_note_within_reach(v, a, last, seed):
    p = load_style("default").parameters(Affect(v, a), seed=seed)

    def reachable(q):
        scale = scale_pitch_classes(q.tonic, q.mode)
        return any(m % 12 in scale and abs(m - last) <= q.max_leap for m in range(q.low, q.high + 1))

    r = reachable_register(p, last)
    if r is None:
        assert reachable(p) or not any(reachable(replace(p, register=x)) for x in range(36, 97))
    else:
        assert not reachable(p) and reachable(replace(p, register=r))
        # the nearest such register: none whole semitones nearer reaches
        d = round(abs(r - p.register))
        for nearer in range(1, d):
            for x in (p.register - nearer, p.register + nearer):
                assert not (36 <= x <= 96 and reachable(replace(p, register=x)))


@settings(max_examples=200)
@given(tempo=st.integers(40, 200), nxt=st.integers(40, 200), bars=st.integers(1, 12),
       meter=st.sampled_from(sorted(METERS)), ramp_bars=st.integers(0, 4))
@example(tempo=40, nxt=42, bars=7, meter="3/4", ramp_bars=4)  # rounding put the first step behind T_pre
def test_a_ramp_keeps_the_length_and_moves_towards_the_next_tempo(tempo, nxt, bars, meter, ramp_bars):
    m = METERS[meter]
    marks = ramp_to(float(tempo), float(nxt), bars=bars, meter=meter, ramp_bars=ramp_bars)
    total = bars * m.bar_ticks
    assert abs(map_seconds(marks, total) - total / 4 * 60 / tempo) < 0.01
    assert marks[0][0] == 0
    if len(marks) == 1:
        assert marks == steady(tempo)
        return
    assert ramp_bars >= 1 and bars >= 2 and abs(nxt - tempo) >= RAMP_MIN_CHANGE * tempo
    pre, steps = marks[0][1], [t for _, t in marks[1:]]
    assert abs(pre - tempo) <= RAMP_MAX_SHIFT * tempo
    ticks = [t for t, _ in marks[1:]]
    assert all(b - a == m.beat_ticks for a, b in zip(ticks, ticks[1:])) and ticks[-1] == total - m.beat_ticks
    assert (total - ticks[0]) % m.bar_ticks == 0 and (total - ticks[0]) // m.bar_ticks <= ramp_bars
    up = nxt > tempo
    assert all((b >= a) if up else (b <= a) for a, b in zip([pre] + steps, steps + [float(nxt)]))
