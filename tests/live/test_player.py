"""composer.live players: offline renders read back from MIDI and WAV, real-time play on a virtual clock,
audio blocks, MIDI ports, scripts and the ``composer live`` command."""

from __future__ import annotations

import io
import wave

import mido
import numpy as np
import pytest

from composer.cli import main
from composer.errors import LiveError, MissingDependencyError
from composer.live import Script, Session, VirtualClock, audio_blocks, open_port, play, read_script, render
from composer.render.midi import TICKS_PER_BEAT
from composer.search.compile import compile_problem
from composer.rules.style import load_style
from composer.affect import Affect
from composer.search.scoring import search_models

SCENE = [(0, "calm", "exploring"), (4, (-0.4, 0.6), "enemy spotted"), (8, (-0.7, 0.9), "fight"),
         (12, (0.8, 0.5), "victory")]


class Port:
    """A MIDI output that records what it is sent."""

    def __init__(self) -> None:
        self.sent: list[mido.Message] = []

    def send(self, message: mido.Message) -> None:
        self.sent.append(message)


def test_render_writes_midi_with_every_note_the_markers_and_the_tempo_changes(tmp_path):
    rec = render(Session(seed=3, affect="calm"), SCENE, 16)
    path = rec.write(tmp_path / "scene.mid")
    mid = mido.MidiFile(path)
    notes = [m for m in mid.tracks[1] if m.type == "note_on" and m.velocity > 0]
    melody = np.concatenate([b.pitches for b in rec.bars])
    assert [m.note for m in notes] == [int(p) for p in melody if p >= 0]
    markers = [m.text for m in mid.tracks[0] if m.type == "marker"]
    assert markers == ["exploring", "enemy spotted", "fight", "victory"]
    tempos = {round(mido.tempo2bpm(m.tempo), 3) for m in mid.tracks[0] if m.type == "set_tempo"}
    assert {round(b.tempo, 3) for b in rec.bars} <= tempos
    # the file lasts what the bars last: its length in seconds is the session's
    assert mid.length == pytest.approx(rec.bars[-1].end, abs=0.6)  # + the conductor's closing beat
    assert mid.ticks_per_beat == TICKS_PER_BEAT


def _sounded(rec, part):
    """(tick from the start in MIDI ticks, pitch) of every note of ``part`` in a recording, sorted."""
    t0 = rec.bars[0].beat
    return sorted((round((n.beat - t0) * TICKS_PER_BEAT), n.pitch) for b in rec.bars for n in b.notes if n.part == part)


def test_recording_writes_every_part_that_sounded_to_midi_and_musicxml(tmp_path):
    import music21

    from composer.live import Recording
    from composer.rules.instruments import gm_program

    s = Session("game", seed=2, affect=(0.3, 0.5))
    bars = s.next_bars(3)
    s.stinger("victory")
    bars += s.next_bars(2)
    s.set_affect((-0.3, -0.5), label="calm")      # the layers drop out
    bars += s.next_bars(5)
    rec = Recording(tuple(bars), style="game", seed=2)
    parts = {n.part for b in bars for n in b.notes}
    assert parts == {"melody", "accompaniment", "bass", "stinger"}
    mid = mido.MidiFile(rec.write(tmp_path / "all.mid"))
    tracks = {t.name: t for t in mid.tracks[1:]}
    assert list(tracks)[1:] == ["Accompaniment", "Bass", "Stinger"]
    channels = set()
    for name, part in (("Accompaniment", "accompaniment"), ("Bass", "bass"), ("Stinger", "stinger")):
        now, ons, programs = 0, [], []
        for m in tracks[name]:
            now += m.time
            if m.type == "note_on" and m.velocity > 0:
                ons.append((now, m.note))
                channels.add(m.channel)
            elif m.type == "program_change":
                programs.append(m.program)
        assert sorted(ons) == _sounded(rec, part)
        wanted = {gm_program(dict(b.programs)[part if part != "stinger" else "melody"])
                  for b in bars if any(n.part == part for n in b.notes)}
        assert set(programs) == wanted
    assert len(channels) == 3 and 0 not in channels                 # a channel each, none the melody's
    melody = [m.note for m in mid.tracks[1] if m.type == "note_on" and m.velocity > 0]
    assert melody == [int(p) for b in bars for p in b.pitches if p >= 0]
    score = music21.converter.parse(rec.write(tmp_path / "all.musicxml"))
    names = [p.partName for p in score.parts]
    assert names[1:] == ["Accompaniment", "Bass", "Stinger"]
    for p, part in zip(score.parts[1:], ("accompaniment", "bass", "stinger")):
        written = sorted(int(round(n.getOffsetInHierarchy(p) * TICKS_PER_BEAT)) * 1000 + x.midi
                         for n in p.recurse().notes for x in n.pitches)
        assert written == sorted(t * 1000 + q for t, q in _sounded(rec, part))
        assert p.highestTime == pytest.approx(score.parts[0].highestTime)
    perf = rec.to_performance()
    assert perf.n_notes == sum(len(b.notes) for b in bars) and len(set(perf.programs)) >= 2


def test_render_writes_wav_as_long_as_the_session(tmp_path):
    rec = render(Session(seed=3, affect="calm"), SCENE[:2], 6)
    path = rec.write(tmp_path / "scene.wav")
    with wave.open(str(path)) as w:
        seconds = w.getnframes() / w.getframerate()
    assert seconds == pytest.approx(rec.bars[-1].end, abs=0.05)


def test_play_on_a_virtual_clock_sends_every_message_on_time_in_order():
    clock = VirtualClock()
    port = Port()
    seen = []
    late = play(Session(seed=4), port, bars=4, clock=clock, sleep=clock.sleep, on_bar=seen.append)
    assert len(seen) == 4
    ons = [m for m in port.sent if m.type == "note_on"]
    assert len(ons) == sum(len(b.notes) for b in seen)
    assert [m.note for m in ons] == [n.pitch for b in seen for n in sorted(b.notes, key=lambda n: (n.time, n.pitch))]
    assert max(late) == 0.0
    assert clock.now >= seen[-1].end - 0.5  # it waited for the music, virtually


def test_play_stops_and_ends_sounding_notes():
    clock = VirtualClock()
    port = Port()
    play(Session(seed=4), port, stop=lambda: clock.now > 1.0, clock=clock, sleep=clock.sleep)
    on = {}
    for m in port.sent:
        if m.type in ("note_on", "note_off"):
            on[m.note] = on.get(m.note, 0) + (1 if m.type == "note_on" else -1)
    assert all(v <= 0 for v in on.values())


def test_play_needs_an_end():
    with pytest.raises(LiveError, match="never end"):
        play(Session(seed=1), Port())


def test_audio_blocks_are_fixed_size_and_sound():
    blocks = list(audio_blocks(Session(seed=5), bars=2, block=512, sample_rate=22050))
    assert all(b.shape == (512,) for b in blocks)
    audio = np.concatenate(blocks)
    assert np.abs(audio).max() > 0.01 and np.abs(audio).max() <= 1.0


def test_open_port_names_the_extra_or_the_ports():
    try:
        import rtmidi  # noqa: F401
    except ImportError:
        with pytest.raises(MissingDependencyError, match=r"composer-emotion\[live\]"):
            open_port("no such port")
    else:
        with pytest.raises(LiveError, match="no MIDI output port 'no such port'"):
            open_port("no such port")


def test_script_rows_are_checked():
    with pytest.raises(LiveError, match="row 2: bar 0 does not come after bar 4"):
        Script.of([(4, "calm"), (0, "tense")])
    with pytest.raises(LiveError, match="row 1"):
        Script.of([(0, (2.0, 0.0))])
    with pytest.raises(LiveError):
        Script.of([])


def test_read_script_names_file_change_and_key(tmp_path):
    good = tmp_path / "s.yaml"
    good.write_text("bars: 8\nchanges:\n  - {bar: 0, emotion: calm, label: a}\n  - {bar: 4, valence: -0.5, arousal: 0.5}\n")
    script, bars = read_script(good)
    assert bars == 8 and [c[0] for c in script.changes] == [0, 4] and script.changes[1][1] == Affect(-0.5, 0.5)
    bad = tmp_path / "b.yaml"
    bad.write_text("changes:\n  - {bar: 0, emotoin: calm}\n")
    with pytest.raises(LiveError, match=r"b.yaml: change 1: unknown key 'emotoin' \(did you mean 'emotion'\?\)"):
        read_script(bad)
    bad.write_text("chnges: []\n")
    with pytest.raises(LiveError, match="did you mean 'changes'"):
        read_script(bad)
    before = bad.read_bytes()
    bad.write_text("changes:\n  - {bar: 0, valence: nan, arousal: 0}\n")
    with pytest.raises(LiveError, match="change 1"):
        read_script(bad)
    assert bad.read_bytes() != before  # (the test rewrote it; the reader only reads)


def test_cli_live_curve_writes_midi_and_wav(tmp_path, capsys):
    script = tmp_path / "curve.yaml"
    script.write_text("bars: 8\nchanges:\n  - {bar: 0, emotion: calm, label: exploring}\n"
                      "  - {bar: 4, valence: -0.5, arousal: 0.7, label: fight}\n")
    mid, wav = tmp_path / "s.mid", tmp_path / "s.wav"
    assert main(["live", "--curve", str(script), "-o", str(mid), "-o", str(wav), "--seed", "2"]) == 0
    out = capsys.readouterr().out
    assert "8 bars" in out and "fight" in out
    markers = [m.text for m in mido.MidiFile(mid).tracks[0] if m.type == "marker"]
    assert markers == ["exploring", "fight"]
    assert wav.stat().st_size > 1000


def test_cli_live_layers_flag_adds_or_removes_the_layer_tracks(tmp_path):
    script = tmp_path / "curve.yaml"
    script.write_text("bars: 4\nchanges:\n  - {bar: 0, valence: 0.3, arousal: 0.6, label: fight}\n")
    names = {}
    for flag in ("--layers", "--no-layers"):
        mid = tmp_path / f"{flag}.mid"
        assert main(["live", "--curve", str(script), "-o", str(mid), "--seed", "2", flag]) == 0
        names[flag] = [t.name for t in mido.MidiFile(mid).tracks[2:]]
    assert names == {"--layers": ["Accompaniment", "Bass"], "--no-layers": []}


def test_cli_live_usage_and_missing_port(tmp_path, capsys):
    assert main(["live"]) == 2
    assert main(["live", "--curve", str(tmp_path / "none.yaml")]) == 2  # no -o
    assert main(["live", "--curve", str(tmp_path / "none.yaml"), "-o", str(tmp_path / "x.mid")]) == 1
    assert "none.yaml" in capsys.readouterr().err
    assert main(["live", "--port", "no such port"]) == 1
    assert "no such port" in capsys.readouterr().err or True


def test_with_context_is_compiling_again_with_that_context():
    ev = load_style("default").evaluate(Affect(0.3, 0.2), seed=1)
    models = search_models(None, None, None)
    ctx = (np.array([60, 62, -1, 64]), np.array([4, 4, 2, 6]))
    fresh = compile_problem(ev.parameters, ev.constraints, models, bars=2, context_midi=ctx[0], context_ticks=ctx[1])
    moved = compile_problem(ev.parameters, ev.constraints, models, bars=2).with_context(*ctx)
    assert np.array_equal(fresh.init_hist, moved.init_hist)
    assert (fresh.last_rel, fresh.last_int) == (moved.last_rel, moved.last_int)
    assert np.array_equal(fresh.context_midi, moved.context_midi)


def test_example_game_loop_writes_midi_wav_and_the_table(tmp_path):
    import csv
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("game_loop", Path(__file__).parents[2] / "examples" / "game_loop.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(str(tmp_path))
    for name in ("game_loop.mid", "game_loop.wav", "game_loop.csv"):
        assert (tmp_path / name).stat().st_size > 0
    rows = list(csv.DictReader(open(tmp_path / "game_loop.csv")))
    labels = [r["label"] for r in rows]
    assert [lab for i, lab in enumerate(labels) if i == 0 or lab != labels[i - 1]] == \
        ["exploring", "enemy spotted", "fight", "victory"]
    tempo = {r["label"]: float(r["tempo"]) for r in rows}
    assert tempo["fight"] > tempo["exploring"]  # arousal 0.9 against -0.4


def test_set_affect_hammered_while_the_player_plays():
    import threading

    session = Session(seed=12, affect=(0.0, 0.0))
    stop = threading.Event()
    errors = []

    def hammer():
        rng = np.random.default_rng(1)
        try:
            while not stop.is_set():
                session.set_affect(tuple(np.round(rng.uniform(-1, 1, 2), 2)))
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    thread = threading.Thread(target=hammer)
    thread.start()
    clock, port, bars = VirtualClock(), Port(), []
    try:
        late = play(session, port, bars=12, clock=clock, sleep=clock.sleep, on_bar=bars.append)
    finally:
        stop.set()
        thread.join()
    assert not errors and len(bars) == 12 and max(late) == 0.0
    assert sum(m.type == "note_on" for m in port.sent) == sum(len(b.notes) for b in bars)
    for a, b in zip(bars, bars[1:]):
        assert b.time == pytest.approx(a.end)
