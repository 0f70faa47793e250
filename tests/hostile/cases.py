"""The hostile-input cases: what each one sets up, runs and must end with.

Every case runs in its own folder ``ROOT/<case>/work`` (the current folder while it
runs), beside ``ROOT/<case>/secret/shadow.yaml``: a file the case must never quote
(it holds :data:`SECRET`). ``files`` says what the case's folder holds:

* ``"fixture:NAME"``: a copy of ``tests/hostile/fixtures/NAME``;
* ``"fifo"``: a named pipe; ``"link:TARGET"``: a symbolic link to TARGET;
* ``"gen:NAME"``: bytes made by ``GENERATORS[NAME]`` (for files that are binary,
  large or repetitive: a 37-byte MIDI bomb, 5,000 digits, deep nesting).

A CLI case runs ``composer ARGV``; an API case calls ``API[name]``. Both must end with
exit code 1, ``expect`` found in the output, no traceback, the secret quoted nowhere,
and the folder exactly as it was (no new file, no changed file).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

#: Planted in the secret file; no output may contain it.
SECRET = "SECRET-7f3a"


@dataclass(frozen=True)
class Case:
    """One hostile input.

    Attributes
    ----------
    name : str
        Also the folder name.
    expect : str
        A regular expression the output (stdout + stderr) must contain.
    argv : tuple of str
        ``composer`` arguments (a CLI case), or empty for an API case.
    files : dict
        What the work folder holds (see the module docstring).
    """

    name: str
    expect: str
    argv: tuple[str, ...] = ()
    files: dict[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------- generated files


def _varlen(n: int) -> bytes:
    out = [n & 0x7F]
    n >>= 7
    while n:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    return bytes(reversed(out))


def _midi(events: bytes) -> bytes:
    head = b"MThd" + (6).to_bytes(4, "big") + bytes([0, 0, 0, 1, 0, 96])
    events += bytes([0, 0xFF, 0x2F, 0])
    return head + b"MTrk" + len(events).to_bytes(4, "big") + events


def _tune() -> bytes:
    scale = [60, 62, 64, 65, 67, 69, 71, 72]
    events = bytes([0, 0xFF, 0x58, 4, 4, 2, 24, 8])
    for i in range(32):
        key = scale[(i * 3) % 8]
        events += bytes([0, 0x90, key, 80]) + _varlen(96) + bytes([0x80, key, 0])
    return _midi(events)


GENERATORS: dict[str, Callable[[], bytes]] = {
    # one note of 0x0FFFFFFF ticks: 37 bytes that music21 turns into gigabytes
    "midi_bomb": lambda: _midi(bytes([0, 0x90, 60, 64]) + _varlen(0x0FFFFFFF) + bytes([0x80, 60, 0])),
    "midi_truncated": lambda: _tune()[: len(_tune()) // 2],
    "midi_tune": _tune,
    "style_2mb": lambda: b"name: big\nextends: default\n" + b"# padding\n" * 200_000,
    "style_5000_digits": lambda: b"name: d\nextends: default\nparameters:\n  tempo: " + b"9" * 5000 + b"\n",
    "style_400_digits": lambda: b"name: d\nextends: default\nparameters:\n  tempo: " + b"9" * 400 + b"\n",
    "style_deep": lambda: b"name: d\nextends: default\nvariables:\n  x: " + b"[" * 5000 + b"]" * 5000 + b"\n",
    "cue_400_digits": lambda: b'{"cues": [{"name": "a", "duration": ' + b"9" * 400 + b', "emotion": "calm"}]}',
    "cue_5000_digits": lambda: b"cues:\n  - {name: a, duration: " + b"9" * 5000 + b", emotion: calm}\n",
    "cue_deep_json": lambda: b'{"cues": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "precious": lambda: b"precious",
}


# --------------------------------------------------------------------------- Python API cases


def _api_score_story_none() -> None:
    from composer.story import score_story

    score_story(None)  # type: ignore[arg-type]


def _api_curve_none() -> None:
    from composer.affect import AffectCurve

    AffectCurve(None)  # type: ignore[arg-type]


def _api_curve_segments() -> None:
    from composer.affect import AffectCurve

    AffectCurve([(0, (0, 0)), (10, (1, 1))]).segments(10**7)


def _api_evaluate_seed_none() -> None:
    from composer.rules import load_style

    load_style("default").evaluate((0, 0), seed=None)  # type: ignore[arg-type]


def _api_overwrite_string() -> None:
    import composer

    composer.compose(valence=0.2, arousal=0.1, bars=1).write("existing.mid", overwrite="no")  # type: ignore[arg-type]


def _api_huge_seed() -> None:
    import composer

    composer.compose(valence=0.2, arousal=0.1, bars=1, seed=2**63 + 5)


def _api_curve_string() -> None:
    import composer

    composer.compose(valence=0.2, arousal=0.1, bars=1).write("x.roll.png", curve="abc")  # type: ignore[arg-type]


API: dict[str, Callable[[], None]] = {
    "api_score_story_none": _api_score_story_none,
    "api_curve_none": _api_curve_none,
    "api_curve_segments": _api_curve_segments,
    "api_evaluate_seed_none": _api_evaluate_seed_none,
    "api_overwrite_string": _api_overwrite_string,
    "api_huge_seed": _api_huge_seed,
    "api_curve_string": _api_curve_string,
}


# --------------------------------------------------------------------------- the cases

_CHECK = ("rules", "check")
_SCORE = ("score",)

CASES: tuple[Case, ...] = (
    # styles
    Case("style_dev_zero", r"style file .*a device, not a regular file", _CHECK + ("s.yaml",), {"s.yaml": "link:/dev/zero"}),
    Case("style_fifo", r"FIFO", _CHECK + ("s.yaml",), {"s.yaml": "fifo"}),
    Case("style_fifo_generate", r"FIFO", ("generate", "-v", "0", "-a", "0", "-s", "s.yaml", "-o", "x.mid"), {"s.yaml": "fifo"}),
    Case("style_2mb", r"style_bytes", _CHECK + ("s.yaml",), {"s.yaml": "gen:style_2mb"}),
    Case("style_extends_outside", r"extends may name a shipped style or a \.yaml file inside", _CHECK + ("s.yaml",),
         {"s.yaml": "fixture:style_extends_outside.yaml"}),
    Case("style_extends_outside_generate", r"extends may name",
         ("generate", "-v", "0", "-a", "0", "-s", "s.yaml", "-o", "x.mid"), {"s.yaml": "fixture:style_extends_outside.yaml"}),
    Case("style_extends_absolute", r"extends may name", _CHECK + ("s.yaml",), {"s.yaml": "fixture:style_extends_absolute.yaml"}),
    Case("style_extends_not_a_style", r"not a style file", _CHECK + ("s.yaml",),
         {"s.yaml": "fixture:style_extends_not_a_style.yaml", "shadow.yaml": "fixture:secret_shadow"}),
    Case("style_python_tag", r"unsupported YAML tag", _CHECK + ("s.yaml",), {"s.yaml": "fixture:style_python_tag.yaml"}),
    Case("style_custom_tag", r"unsupported YAML tag '!mine'", _CHECK + ("s.yaml",), {"s.yaml": "fixture:style_custom_tag.yaml"}),
    Case("style_5000_digits", r"number_chars", _CHECK + ("s.yaml",), {"s.yaml": "gen:style_5000_digits"}),
    Case("style_400_digits", r"number_chars", _CHECK + ("s.yaml",), {"s.yaml": "gen:style_400_digits"}),
    Case("style_deep", r"nest", _CHECK + ("s.yaml",), {"s.yaml": "gen:style_deep"}),
    Case("style_pole", r"division by zero", _CHECK + ("s.yaml",), {"s.yaml": "fixture:style_pole.yaml"}),
    Case("rules_steps_zero", r"rules_check_steps", _CHECK + ("--steps", "0", "default")),
    Case("rules_steps_huge", r"rules_check_steps", _CHECK + ("--steps", "1000000", "default")),
    # cue sheets
    Case("cue_start_1e9", r"cue_start_seconds", _SCORE + ("c.yaml", "-o", "x.mid"), {"c.yaml": "fixture:cue_start_1e9.yaml"}),
    Case("cue_start_7200_wav", r"x\.wav: audio length .*audio_seconds", _SCORE + ("c.yaml", "-o", "x.wav"),
         {"c.yaml": "fixture:cue_start_7200.yaml"}),
    Case("cue_400_digits", r"number_chars", _SCORE + ("c.json", "-o", "x.mid"), {"c.json": "gen:cue_400_digits"}),
    Case("cue_5000_digits", r"number_chars", _SCORE + ("c.yaml", "-o", "x.mid"), {"c.yaml": "gen:cue_5000_digits"}),
    Case("cue_deep_json", r"nesting_depth", _SCORE + ("c.json", "-o", "x.mid"), {"c.json": "gen:cue_deep_json"}),
    Case("cue_duplicate_keys", r"duplicate key 'duration'", _SCORE + ("c.json", "-o", "x.mid"),
         {"c.json": "fixture:cue_duplicate_keys.json"}),
    Case("cue_dev_zero", r"a device, not a regular file", _SCORE + ("c.yaml", "-o", "x.mid"), {"c.yaml": "link:/dev/zero"}),
    Case("cue_style_secret", r"must be inside the cue sheet's folder", _SCORE + ("c.yaml", "-o", "x.mid"), {"c.yaml": "fixture:cue_style_secret.yaml"}),
    Case("cue_style_not_a_style", r"not a style file", _SCORE + ("c.yaml", "-o", "x.mid"),
         {"c.yaml": "fixture:cue_style_beside.yaml", "shadow.yaml": "fixture:secret_shadow"}),
    Case("cue_tempo_range", r"tempo_range\[0\] must be a tempo", _SCORE + ("c.yaml", "-o", "x.mid"),
         {"c.yaml": "fixture:cue_tempo_range.yaml"}),
    # stories
    Case("story_fifo", r"FIFO", _SCORE + ("story.txt", "-o", "x.mid"), {"story.txt": "fifo"}),
    Case("story_dev_zero", r"a device, not a regular file", _SCORE + ("story.txt", "-o", "x.mid"), {"story.txt": "link:/dev/zero"}),
    # corpora
    Case("corpus_midi_bomb", r"corpus_note_quarters", ("evaluate", "--corpus", "corpus", "--folds", "2", "--models", "markov"),
         {"corpus/bomb.mid": "gen:midi_bomb"}),
    Case("corpus_midi_truncated", r"truncated", ("evaluate", "--corpus", "corpus", "--folds", "2", "--models", "markov"),
         {"corpus/half.mid": "gen:midi_truncated"}),
    Case("corpus_pattern_outside", r"pattern '\.\./\.\./\*\*/\*\.mid' must be a glob inside",
         ("evaluate", "--corpus", "m.yaml", "--folds", "2", "--models", "markov"),
         {"m.yaml": "fixture:manifest_pattern_outside.yaml"}),
    Case("corpus_manifest_tag", r"unsupported YAML tag", ("evaluate", "--corpus", "m.yaml", "--folds", "2"),
         {"m.yaml": "fixture:manifest_python_tag.yaml"}),
    Case("train_out_is_folder", r"it is a folder", ("train", "--corpus", "corpus", "--models", "markov", "--out", "models"),
         {"corpus/a.mid": "gen:midi_tune", "corpus/b.mid": "gen:midi_tune", "models/keep.txt": "gen:precious"}),
    Case("train_out_dir_is_file", r"cannot be made|not a folder|exists",
         ("train", "--corpus", "corpus", "--models", "markov", "--out-dir", "models"),
         {"corpus/a.mid": "gen:midi_tune", "corpus/b.mid": "gen:midi_tune", "models": "gen:precious"}),
    # outputs
    Case("out_name_300", r"output_name_chars", ("generate", "-v", "0", "-a", "0", "-o", "n" * 300 + ".mid")),
    Case("out_symlink", r"symbolic link", ("generate", "-v", "0", "-a", "0", "--force", "-o", "link.mid"),
         {"link.mid": "link:real.mid", "real.mid": "gen:precious"}),
    Case("out_dangling_symlink", r"symbolic link", ("generate", "-v", "0", "-a", "0", "-o", "link.mid"),
         {"link.mid": "link:nowhere.mid"}),
    # a.mid is staged, then b.wav fails: a.mid (existing, --force) must be untouched
    Case("out_second_writer_fails", r"'bogus\.sf2' is not a SoundFont 2 file",
         ("generate", "-v", "0", "-a", "0", "--bars", "2", "--force", "-o", "a.mid", "-o", "b.wav", "--soundfont", "bogus.sf2"),
         {"a.mid": "gen:precious", "bogus.sf2": "fixture:bogus.sf2"}),
    Case("beam_cells", r"beam_cells", ("generate", "-v", "0", "-a", "0", "--bars", "256", "--beam-width", "4096", "-o", "x.mid")),
    Case("seed_huge", r"over the limit seed", ("generate", "-v", "0", "-a", "0", "--seed", str(2**64), "-o", "x.mid")),
    # the Python API
    Case("api_score_story_none", r"a story is text"),
    Case("api_curve_none", r"needs \(time, affect\) keyframes"),
    Case("api_curve_segments", r"curve_segments"),
    Case("api_evaluate_seed_none", r"seed must be an integer"),
    Case("api_overwrite_string", r"overwrite must be True or False", files={"existing.mid": "gen:precious"}),
    Case("api_huge_seed", r"over the limit seed"),
    Case("api_curve_string", r"curve must be a list"),
)
