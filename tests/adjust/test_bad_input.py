"""Bad input: one clear line naming the file and the problem, and the input file never modified."""

import os

import pytest
from music21 import instrument, note, stream

import composer
from composer.adjust import adjust, load_adjust_rules
from composer.cli import main
from composer.errors import ComposerError, RuleError


@pytest.fixture(scope="module")
def good_mid(tmp_path_factory):
    path = tmp_path_factory.mktemp("in") / "in.mid"
    composer.compose(valence=0.5, arousal=0.2, bars=4, seed=2).write(path)
    return path


def _snapshot(path):
    st = os.stat(path)
    return path.read_bytes(), st.st_mtime_ns


def _drums(path):
    s = stream.Score()
    p = stream.Part()
    p.insert(0, instrument.BassDrum())
    for _ in range(8):
        p.append(note.Note("C2", quarterLength=1))
    s.insert(0, p)
    s.write("midi", fp=str(path))
    return path


def _cases(tmp_path, good):
    data = good.read_bytes()
    type2 = bytearray(data)
    type2[8:10] = (2).to_bytes(2, "big")
    empty = stream.Score()
    empty.insert(0, stream.Part([stream.Measure([note.Rest(quarterLength=4)])]))
    empty.write("midi", fp=str(tmp_path / "rests.mid"))
    files = {
        "truncated": (data[: len(data) // 2], "not a whole MIDI file: truncated"),
        "type2": (bytes(type2), "type-2 MIDI"),
        "garbage": (os.urandom(64), "not a whole MIDI file"),
        "zero": (b"", "not a whole MIDI file"),
    }
    out = []
    for name, (content, words) in files.items():
        p = tmp_path / f"{name}.mid"
        p.write_bytes(content)
        out.append((p, words))
    out.append((_drums(tmp_path / "drums.mid"), "only percussion"))
    out.append((tmp_path / "rests.mid", "no pitched notes"))
    return out


def test_bad_files_give_one_line_and_stay_untouched(tmp_path, good_mid, capsys):
    for path, words in _cases(tmp_path, good_mid):
        before = _snapshot(path)
        with pytest.raises(ComposerError, match=words):
            adjust(path, (0, 0))
        assert main(["adjust", str(path), "-v", "0", "-a", "0", "-o", str(tmp_path / "out.mid")]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and str(path) in err and "Traceback" not in err
        assert _snapshot(path) == before
        assert not (tmp_path / "out.mid").exists()


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "huge.mid"
    with open(huge, "wb") as f:   # a sparse file: 100 MB by its size, nothing on disk
        f.write(b"MThd")
        f.truncate(100_000_000)
    before = _snapshot(huge)
    with pytest.raises(ComposerError, match=r"huge.mid: music to adjust is over the limit music_file_bytes"):
        adjust(huge, (0, 0))
    assert _snapshot(huge)[1] == before[1]


def test_size_limit_checked_before_parsing(tmp_path, good_mid, monkeypatch):
    import dataclasses

    from composer.limits import LIMITS

    monkeypatch.setitem(LIMITS, "music_file_bytes", dataclasses.replace(LIMITS["music_file_bytes"], high=100))
    with pytest.raises(ComposerError, match="over the limit music_file_bytes"):
        adjust(good_mid, (0, 0))


def test_input_file_untouched_by_a_good_run_and_never_overwritten(tmp_path, good_mid):
    before = _snapshot(good_mid)
    assert main(["adjust", str(good_mid), "-v", "-0.6", "-a", "0.3", "-o", str(tmp_path / "o.mid")]) == 0
    assert main(["adjust", str(good_mid), "-v", "-0.6", "-a", "0.3", "-o", str(good_mid), "--force"]) == 1
    assert _snapshot(good_mid) == before
    assert (tmp_path / "o.mid").stat().st_size > 0


def test_bad_arguments(good_mid):
    with pytest.raises(ComposerError, match="strength must be a number in"):
        adjust(good_mid, (0, 0), strength=1.5)
    with pytest.raises(ComposerError, match="did you mean 'tempo'"):
        adjust(good_mid, (0, 0), keep=("tempi",))
    with pytest.raises(ComposerError, match="cannot adjust a '.txt' file"):
        adjust(good_mid.with_suffix(".txt") if good_mid.with_suffix(".txt").exists() else _txt(good_mid), (0, 0))


def _txt(good):
    p = good.parent / "notes.txt"
    p.write_text("hello")
    return p


def test_rule_file_errors_name_file_line_and_key(tmp_path):
    p = tmp_path / "r.yaml"
    p.write_text("aspects:\n  tempo:\n    max_ratio: 9\n  registr:\n    enabled: true\n"
                 "  mode:\n    ladder: [ionian, happy]\n")
    with pytest.raises(RuleError) as e:
        load_adjust_rules(p)
    text = str(e.value)
    assert f"{p}:3 [aspects.tempo.max_ratio]: must be a number in [1, 4]" in text
    assert "[aspects.registr]: unknown aspect 'registr'; did you mean 'register'?" in text
    assert f"{p}:7 [aspects.mode.ladder]" in text


def test_rule_file_overrides_defaults(tmp_path, good_mid):
    p = tmp_path / "octave.yaml"
    p.write_text("aspects:\n  register:\n    step: octave\n    max_semitones: 12\n  tempo:\n    enabled: false\n")
    out = adjust(good_mid, (-1, -1), rules=p)
    steps = [c.after for c in out.report.changes if c.aspect == "register"]
    assert all(s in ("-7 scale steps", "+7 scale steps") for s in steps)
    assert "tempo" not in {c.aspect for c in out.report.changes}


def test_toward_difference_moves_by_the_styles_own_change(tmp_path, good_mid):
    from composer.analysis import measure_cues
    from composer.rules import load_style

    p = tmp_path / "difference.yaml"
    p.write_text("toward: difference\n")
    assert adjust(good_mid, (0, 0), rules=p, keep=("mode",)).report.changes == []   # the centre moves nothing
    style = load_style("default")
    ratio = style.parameters(composer.Affect(0.6, 0.6)).tempo / style.parameters(composer.Affect(0, 0)).tempo
    out = adjust(good_mid, (0.6, 0.6), rules=p)
    before, after = measure_cues(good_mid)["tempo"], measure_cues(out.score)["tempo"]
    assert after / before == pytest.approx(min(ratio, 1.5), rel=0.01)
    assert all("toward: difference" in c.style_rule for c in out.report.changes if c.aspect != "mode")
    bad = tmp_path / "bad.yaml"
    bad.write_text("toward: sideways\n")
    with pytest.raises(RuleError, match=r"bad.yaml:1 \[toward\]: must be one of style, difference"):
        load_adjust_rules(bad)


def test_style_adjust_section_sets_rules_and_is_checked(tmp_path, good_mid):
    style = tmp_path / "calm.yaml"
    style.write_text("name: calm\nextends: default\nadjust:\n  aspects:\n    tempo:\n      enabled: false\n")
    out = adjust(good_mid, (-0.8, 0.9), style=style)
    assert "tempo" not in {c.aspect for c in out.report.changes}
    assert {c.aspect for c in out.report.changes} >= {"mode", "velocity"}
    bad = tmp_path / "bad_style.yaml"
    bad.write_text("name: bad\nextends: default\nadjust:\n  aspects:\n    velocity:\n      max_chnage: 3\n")
    with pytest.raises(RuleError, match=r"bad_style.yaml:6 \[adjust.aspects.velocity.max_chnage\]: unknown setting "
                                        r"'max_chnage' of velocity; did you mean 'max_change'\?"):
        adjust(good_mid, (0, 0), style=bad)


def test_aspect_toward_and_against_valence_are_checked(tmp_path):
    p = tmp_path / "r.yaml"
    p.write_text("aspects:\n  register:\n    toward: sideways\n  tempo:\n    against_valence: 2\n")
    with pytest.raises(RuleError) as e:
        load_adjust_rules(p)
    text = str(e.value)
    assert f"{p}:3 [aspects.register.toward]: must be one of style, difference, farther" in text
    assert f"{p}:5 [aspects.tempo.against_valence]: must be a number in [0, 1]" in text
    # a later file's global toward overrides the shipped per-aspect one (register: farther)
    assert load_adjust_rules().toward_of["register"] == "farther"
    q = tmp_path / "d.yaml"
    q.write_text("toward: difference\n")
    assert load_adjust_rules(q).toward_of == {}
