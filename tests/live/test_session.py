"""composer.live.Session: bars that fill the metre in the key, phrases that keep the style's hard constraints,
emotion changes at the boundaries asked for, transitions, stingers, loops, determinism, bad input, threads."""

from __future__ import annotations

import collections
import math
import threading

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from composer.affect import Affect
from composer.errors import LiveError
from composer.live import BIG_CHANGE, STINGERS, Session
from composer.search.check import cadence_pitch_classes, hard_violations
from composer.story.scoring.joins import choose_key
from composer.theory.meter import TICKS_PER_QUARTER, get_meter
from composer.theory.scales import scale_pitch_classes

axis = st.floats(min_value=-1.0, max_value=1.0, allow_nan=False).map(lambda x: round(x, 2))


def _notes(bars):
    return np.concatenate([b.pitches for b in bars]), np.concatenate([b.ticks for b in bars])


def test_bars_fill_the_metre_in_the_key_and_phrases_keep_every_hard_constraint():
    s = Session(seed=5, affect=(0.4, 0.1))
    ev = s.evaluation
    p = ev.parameters
    bar_ticks = get_meter(s.meter).bar_ticks
    bars = s.next_bars(3 * p.phrase_bars)
    scale = scale_pitch_classes(p.tonic, p.mode)
    for b in bars:
        assert int(b.ticks.sum()) == bar_ticks
        assert all(int(m) % 12 in scale for m in b.pitches if m >= 0)
        assert b.phrase_bar == b.index % p.phrase_bars
        assert b.cadence == (b.phrase_bar == p.phrase_bars - 1)
    # each phrase, composed bar by bar, keeps the hard constraints of the style as a whole phrase
    # would (cadence and final tonic included), after the notes before it
    context = np.zeros(0, dtype=np.int64)
    for i in range(0, len(bars), p.phrase_bars):
        midi, ticks = _notes(bars[i:i + p.phrase_bars])
        assert hard_violations(midi, ticks, p, ev.constraints, bars=p.phrase_bars, context_midi=context) == []
        context = np.concatenate([context, midi])


def test_cadence_bars_end_on_the_tonic_and_inner_bars_need_not():
    s = Session(seed=2, affect=(0.6, -0.2))
    bars = s.next_bars(12)
    tonics = cadence_pitch_classes(bars[0].mode)[1]
    cadences = [b for b in bars if b.cadence]
    assert len(cadences) >= 2
    for b in cadences:
        last = b.pitches[b.pitches >= 0][-1]
        assert (int(last) - b.tonic) % 12 in tonics
    inner_ends = {(int(b.pitches[b.pitches >= 0][-1]) - b.tonic) % 12 for b in bars if not b.cadence}
    assert inner_ends - set(tonics), "inner bars all ended on the tonic: the phrase structure is not bar-wise"


def test_times_in_beats_and_seconds_follow_the_tempo_and_bars_join():
    s = Session(seed=1, affect=(0.0, 0.3))
    bars = s.next_bars(6)
    quarters = get_meter(s.meter).bar_ticks / TICKS_PER_QUARTER
    for a, b in zip(bars, bars[1:]):
        assert b.beat == pytest.approx(a.beat + quarters)
        assert b.time == pytest.approx(a.end)
    for b in bars:
        if len(b.tempo_map) == 1:
            assert b.seconds == pytest.approx(quarters * 60.0 / b.tempo)
        onsets = np.concatenate(([0], np.cumsum(b.ticks)[:-1]))
        sounding = b.pitches >= 0
        melody = [n for n in b.notes if n.part == "melody"]
        assert [n.pitch for n in melody] == list(b.pitches[sounding])
        assert [n.beat for n in melody] == pytest.approx(list(b.beat + onsets[sounding] / TICKS_PER_QUARTER))
        assert all(b.time <= n.time < b.end for n in melody)


def test_messages_pair_every_note_on_with_a_later_note_off():
    s = Session(seed=3)
    bar = s.next_bar()
    msgs = bar.messages()
    ons = [(t, m.note) for t, m in msgs if m.type == "note_on"]
    offs = [(t, m.note) for t, m in msgs if m.type == "note_off"]
    assert len(ons) == len(offs) == len(bar.notes)
    assert [t for t, _ in msgs] == sorted(t for t, _ in msgs)
    for (t_on, note), n in zip(sorted(ons), sorted(bar.notes, key=lambda n: (n.time, n.pitch))):
        assert note == n.pitch and t_on == pytest.approx(n.time)


def test_phrase_boundary_waits_for_the_phrase_and_ramps_the_bar_before():
    s = Session(seed=4, affect=(0.5, -0.5), boundary="phrase")
    phrase = s.evaluation.parameters.phrase_bars
    s.next_bar()
    s.set_affect((-0.5, 0.8), label="fight")
    bars = s.next_bars(phrase + 1)
    changed = [b for b in bars if b.label == "fight"]
    assert changed and changed[0].phrase_bar == 0
    assert changed[0].index == phrase  # the next phrase's first bar
    before = bars[changed[0].index - 2]
    assert before.cadence
    new_tempo = changed[0].tempo
    marks = [t for _, t in before.tempo_map]
    if abs(new_tempo - marks[0]) >= 0.04 * marks[0]:
        assert len(marks) > 1
        assert all((b - a) * (new_tempo - marks[0]) >= 0 for a, b in zip(marks, marks[1:]))  # one way only
        assert before.seconds != pytest.approx(get_meter(s.meter).bar_ticks / TICKS_PER_QUARTER * 60 / marks[0])


def test_bar_boundary_small_change_next_bar_big_change_closes_the_phrase_first():
    s = Session(seed=6, affect=(0.2, 0.0), boundary="bar")
    s.next_bar()
    s.set_affect((0.3, 0.1), label="small")
    b = s.next_bar()
    assert b.label == "small" and b.phrase_bar == 0
    s.next_bar()  # phrase bar 1
    s.set_affect((-0.7, 0.9), label="big")
    assert math.dist((0.3, 0.1), (-0.7, 0.9)) >= BIG_CHANGE
    closing = s.next_bar()
    assert closing.label == "small" and closing.cadence
    after = s.next_bar()
    assert after.label == "big" and after.phrase_bar == 0


@pytest.mark.parametrize("target", [(0.2, 0.45), (0.1, -0.35)])
def test_small_change_at_a_bar_line_ramps_its_tempo_in_the_new_bar(target):
    s = Session(seed=6, affect=(0.2, 0.0), boundary="bar")
    first = s.next_bar()
    old = first.tempo_map[-1][1]
    s.set_affect(target, label="small")
    assert math.dist((0.2, 0.0), target) < BIG_CHANGE
    b = s.next_bar()
    new = b.parameters.tempo
    assert b.label == "small" and abs(new - old) >= 0.04 * new
    marks = [t for _, t in b.tempo_map]
    beat = get_meter(s.meter).beat_ticks
    assert marks[0] == old and marks[-1] == new          # from the old tempo at the bar line to the new one
    assert [t for t, _ in b.tempo_map] == [k * beat for k in range(len(marks))] and len(marks) > 1
    assert all((y - x) * (new - old) > 0 for x, y in zip(marks, marks[1:]))   # one way, no jump back
    quarters = get_meter(s.meter).bar_ticks / TICKS_PER_QUARTER
    assert min(old, new) <= quarters * 60 / b.seconds <= max(old, new)
    after = s.next_bar()
    assert after.tempo_map == ((0, new),) and after.time == pytest.approx(b.end)


def test_key_change_joins_by_choose_key():
    s = Session(seed=8, affect=(0.7, 0.2))
    prev = s.next_bars(4)
    s.set_affect((-0.6, -0.4), label="sad")
    new = s.next_bar()
    last = int(prev[-1].pitches[prev[-1].pitches >= 0][-1])
    drawn = s._style.evaluate(Affect(-0.6, -0.4), seed=8).parameters
    key = choose_key((prev[-1].tonic, prev[-1].mode), last, drawn_tonic=drawn.tonic, mode=drawn.mode)
    assert (new.tonic, new.mode) == (key.tonic, key.mode)
    assert new.transition == key.reason


@settings(max_examples=6)
@given(v1=axis, a1=axis, v2=axis, a2=axis, seed=st.integers(0, 50))
def test_same_seed_and_same_changes_give_the_same_notes(v1, a1, v2, a2, seed):
    def run():
        s = Session(seed=seed, affect=(v1, a1))
        out = s.next_bars(2)
        s.set_affect((v2, a2))
        out += s.next_bars(3)
        return [(tuple(b.pitches), tuple(b.ticks), b.tempo_map, b.tonic, b.mode) for b in out]

    assert run() == run()


@pytest.mark.parametrize("bad", [(float("nan"), 0.0), (0.0, 1.5), (-2, 0), "furious-ish", None])
def test_bad_emotions_are_refused_and_the_session_keeps_playing(bad):
    s = Session(seed=1, affect=(0.1, 0.1))
    s.next_bar()
    with pytest.raises(LiveError, match="set_affect"):
        s.set_affect(bad)
    b = s.next_bar()
    assert b.affect == Affect(0.1, 0.1) and b.index == 1


def test_unknown_stinger_or_key_is_refused_with_a_suggestion():
    s = Session(seed=1)
    with pytest.raises(LiveError, match="did you mean 'victory'"):
        s.stinger("victroy")
    with pytest.raises(LiveError, match="unknown key 'H'"):
        s.stinger("victory", key="H")
    assert s.next_bar().index == 0


def test_metre_change_is_refused_unless_pinned():
    # The default style gives 4/4 at (0, 0) and 6/8 at (0.9, 0.9) for seed 0.
    loose = Session(seed=0, affect=(0.0, 0.0), pin_meter=False)
    with pytest.raises(LiveError, match="keeps one metre"):
        loose.set_affect((0.9, 0.9))
    assert loose.next_bar().affect == Affect(0.0, 0.0)
    pinned = Session(seed=0, affect=(0.0, 0.0))
    pinned.set_affect((0.9, 0.9))
    b = pinned.next_bars(2)[-1]
    assert b.meter == "4/4" and b.affect == Affect(0.9, 0.9)
    assert int(b.ticks.sum()) == get_meter("4/4").bar_ticks


def test_bad_boundary_and_bar_counts():
    with pytest.raises(LiveError, match="did you mean 'phrase'"):
        Session(boundary="phrasse")
    s = Session(seed=1)
    with pytest.raises(LiveError):
        s.next_bars(-1)
    with pytest.raises(LiveError):
        s.loop(0)


@pytest.mark.parametrize("name", sorted(STINGERS))
def test_stinger_sounds_over_the_next_bar_in_its_key(name):
    s = Session(seed=2, affect=(0.3, 0.4))
    s.next_bar()
    for _ in range(3):  # asked for again before the bar: sounds once
        s.stinger(name)
    b = s.next_bar()
    sting = [n for n in b.notes if n.part == "stinger"]
    degrees, lengths = STINGERS[name]
    assert len(sting) == len(degrees)
    scale = scale_pitch_classes(b.tonic, b.mode)
    assert all(n.pitch % 12 in scale for n in sting)
    assert (sting[0].pitch - b.tonic) % 12 == 0 if degrees[0] == 0 else True
    assert all(b.time <= n.time < b.end for n in sting)
    channels = {m.channel for _, m in b.messages() if m.type == "note_on" and m.note in {n.pitch for n in sting}
                and m.velocity == sting[0].velocity}
    assert 1 in channels
    assert not any(n.part == "stinger" for n in s.next_bar().notes)  # once only


def test_stinger_in_a_given_key():
    s = Session(seed=2, affect=(0.3, 0.4))
    s.stinger("victory", key="D")
    b = s.next_bar()
    first = [n for n in b.notes if n.part == "stinger"][0]
    assert first.pitch % 12 == 2


def test_loop_leads_back_to_its_start():
    s = Session(seed=9, affect=(0.4, 0.3))
    s.next_bars(3)
    loop = s.loop(bars=4)
    p = s.evaluation.parameters
    assert loop.bars == 4 and s.bar_index == 3  # the session did not move
    twice_midi = np.concatenate([loop.pitches, loop.pitches])
    twice_ticks = np.concatenate([loop.ticks, loop.ticks])
    # played twice in a row, the loop keeps every hard constraint, across the join too
    assert hard_violations(twice_midi, twice_ticks, p, s.evaluation.constraints, bars=8,
                           context_midi=loop.pitches) == []


def test_set_affect_from_a_hammering_thread_is_safe():
    s = Session(seed=11, affect=(0.0, 0.0))
    asked: set[Affect] = {Affect(0.0, 0.0)}
    stop = threading.Event()
    errors: list[BaseException] = []
    rng = np.random.default_rng(0)
    values = [Affect(round(float(v), 2), round(float(a), 2)) for v, a in rng.uniform(-1, 1, size=(64, 2))]
    asked.update(values)

    def hammer():
        i = 0
        try:
            while not stop.is_set():
                s.set_affect(values[i % len(values)])
                s.stinger("danger") if i % 97 == 0 else None
                i += 1
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=hammer) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        bars = s.next_bars(24)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not errors
    bar_ticks = get_meter(s.meter).bar_ticks
    for b in bars:
        assert b.affect in asked
        assert int(b.ticks.sum()) == bar_ticks
    assert [b.index for b in bars] == list(range(24))


def _slot_notes(b, part):
    """{slot: [pitches]} of ``part``'s notes in bar ``b``, by the harmony slot they start in."""
    from composer.harmony.harmoniser import slot_grid

    bar_ticks = get_meter(b.meter).bar_ticks
    onsets, _ = slot_grid(bar_ticks, bar_ticks, b.parameters.harmonic_rhythm)
    out: dict[int, list[int]] = {}
    for n in b.notes:
        if n.part == part:
            tick = round((n.beat - b.beat) * TICKS_PER_QUARTER)
            out.setdefault(int(np.searchsorted(onsets, tick, side="right") - 1), []).append(n.pitch)
    return out


@pytest.mark.parametrize("style", ["default", "folk"])
def test_layers_come_and_go_with_arousal_and_spell_the_bars_chords(style):
    from composer.arrange.arrangement import ensemble
    from composer.arrange.voiceleading import is_parallel, sounding
    from composer.harmony.chords import N_CHORDS, VOCABULARY, classify_pitch_classes, roman
    from composer.live import LAYER_AROUSAL
    from composer.rules.instruments import gm_program

    by_name = {roman(i): i for i in range(N_CHORDS)}
    s = Session(style, seed=3, affect=(0.4, -0.6), layers=True)
    calm = s.next_bars(4)
    assert not any(n.part != "melody" for b in calm for n in b.notes) and all(b.chords == () for b in calm)
    s.set_affect((0.4, 0.0))
    middle = s.next_bars(4)
    s.set_affect((0.4, 0.7))
    excited = s.next_bars(8)
    assert LAYER_AROUSAL["accompaniment"] <= 0.0 < LAYER_AROUSAL["bass"] <= 0.7
    for b in middle + excited:
        parts = {n.part for n in b.notes}
        assert "accompaniment" in parts and ("bass" in parts) == (b.affect.arousal >= LAYER_AROUSAL["bass"])
        acc, bass = _slot_notes(b, "accompaniment"), _slot_notes(b, "bass")
        assert sorted(acc) == list(range(len(b.chords)))
        for slot, name in enumerate(b.chords):
            pcs = {(p - b.tonic) % 12 for p in acc[slot] + bass.get(slot, [])}
            # the layers sound the chord the bar is given: only its tones, all of them but a
            # seventh chord's fifth, which chord_voicings leaves out (root, third, seventh); without
            # it vii/o7 and vii7 share their tones, so the name classify_pitch_classes reads back
            # can differ while the chord is right
            chord = VOCABULARY[by_name[name]]
            tones = {(chord.root + k) % 12 for k in chord.intervals}
            need = tones - {(chord.root + chord.intervals[2]) % 12} if chord.is_seventh else tones
            assert need <= pcs <= tones, (name, sorted(pcs))
            assert classify_pitch_classes(pcs) is not None
        if b.cadence:
            assert b.chords[-1] in ("I", "i")
        assert all(n.pitch < max(b.pitches) for n in b.notes if n.part == "bass")
        for n in b.notes:
            assert b.time <= n.time < b.end and n.time + n.seconds <= b.end + 1e-9
        # no parallel fifths or octaves between the bass and the melody
        bn = sorted((n.beat, n.pitch) for n in b.notes if n.part == "bass")
        at = np.array([round((t - b.beat) * TICKS_PER_QUARTER) for t, _ in bn], dtype=np.int64)
        mel = sounding(b.pitches, b.ticks, at)
        for k in range(1, len(bn)):
            assert not is_parallel(int(mel[k - 1]), int(mel[k]), bn[k - 1][1], bn[k][1])
        # every part on its own channel, with the pattern's General MIDI program
        channels = b.channels()
        acc_program, bass_program = ensemble[b.parameters.accompaniment]
        changes = {(m.channel, m.program) for _, m in b.messages() if m.type == "program_change"}
        assert (channels["accompaniment"], gm_program(acc_program)) in changes
        assert ("bass" not in parts) or (channels["bass"], gm_program(bass_program)) in changes
        for part in parts:
            pitches = {n.pitch for n in b.notes if n.part == part}
            assert pitches <= {m.note for _, m in b.messages() if m.type == "note_on" and m.channel == channels[part]}
    s.set_affect((0.4, -0.6))
    assert not any(n.part != "melody" for b in s.next_bars(8)[-4:] for n in b.notes)


def test_the_styles_default_arrangement_decides_whether_a_session_has_layers():
    from composer.rules.style import load_style

    for style in ("default", "game", "film", "hymn"):
        assert Session(style, seed=1).layers is load_style(style).arrange.by_default
    assert Session("game", seed=1).layers and not Session("game", seed=1, layers=False).layers
    b = Session("game", seed=1, affect=(0.3, 0.5)).next_bar()
    assert {n.part for n in b.notes} >= {"melody", "accompaniment", "bass"}


def test_layers_are_deterministic_and_follow_the_previous_chord():
    def run():
        s = Session("game", seed=7, affect=(0.2, 0.4))
        out = s.next_bars(3)
        s.set_affect((-0.5, 0.8))
        out += s.next_bars(5)
        return [(b.chords, tuple((n.part, n.pitch, n.beat, n.velocity) for n in b.notes)) for b in out]

    assert run() == run()


def test_a_big_change_taken_back_closes_one_phrase_and_phrasing_goes_on():
    s = Session(seed=6, affect=(0.2, 0.0), boundary="bar")
    phrase = s.evaluation.parameters.phrase_bars
    s.next_bar()
    s.set_affect((-0.8, 0.9))
    closing = s.next_bar()
    assert closing.cadence and closing.affect == Affect(0.2, 0.0)
    s.set_affect((0.2, 0.0))  # taken back before the change started
    after = s.next_bars(phrase)
    assert all(b.affect == Affect(0.2, 0.0) for b in after)
    assert [b.phrase_bar for b in after] == list(range(phrase))
    assert [b.cadence for b in after] == [False] * (phrase - 1) + [True]


def _size(value, depth=0):
    """Elements held by ``value``, counted through nested containers (numpy arrays by their size)."""
    if isinstance(value, np.ndarray):
        return int(value.size)
    if isinstance(value, dict):
        value = list(value.items())
    if isinstance(value, (list, tuple, set, frozenset, collections.deque)) and depth < 6:
        return len(value) + sum(_size(v, depth + 1) for v in value)
    return 0


@pytest.mark.parametrize("style", ["default", "game"])
def test_a_sessions_own_state_stays_bounded_over_many_bars(style):
    from composer.live import CONTEXT_EVENTS

    s = Session(style, seed=8, affect=(0.1, 0.2))
    cycle = [(0.1, 0.2), (-0.6, 0.8), (0.7, 0.5), (-0.2, -0.6)]
    sizes = []
    for k in range(60):
        s.set_affect(cycle[k % 4], label=f"change {k}")
        s.stinger("danger")
        s.stinger("victory", key="D")
        s.next_bars(4)
        assert len(s._history) <= CONTEXT_EVENTS
        if k % 4 == 3:    # the same point of the cycle
            sizes.append({name: _size(v) for name, v in vars(s).items() if name != "_segment"})
    assert all(sz == sizes[0] for sz in sizes[1:]), [sz for sz in sizes if sz != sizes[0]][:1]
    assert s._stingers == [] and s._pending is None and s.bar_index == 240
